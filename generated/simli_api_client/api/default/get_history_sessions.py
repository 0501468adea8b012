from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.session_history import SessionHistory
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["startTime"] = start_time

    params["endTime"] = end_time

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/history/sessions",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | SessionHistory | None:
    if response.status_code == 200:
        response_200 = SessionHistory.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SessionHistory]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> Response[Error | SessionHistory]:
    """Retrieve session history

     Returns a list of session history records for the authenticated user

    Args:
        start_time (int | Unset):  Example: 1745750387.
        end_time (int | Unset):  Example: 1745750408.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SessionHistory]
    """

    kwargs = _get_kwargs(
        start_time=start_time,
        end_time=end_time,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> Error | SessionHistory | None:
    """Retrieve session history

     Returns a list of session history records for the authenticated user

    Args:
        start_time (int | Unset):  Example: 1745750387.
        end_time (int | Unset):  Example: 1745750408.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SessionHistory
    """

    return sync_detailed(
        client=client,
        start_time=start_time,
        end_time=end_time,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> Response[Error | SessionHistory]:
    """Retrieve session history

     Returns a list of session history records for the authenticated user

    Args:
        start_time (int | Unset):  Example: 1745750387.
        end_time (int | Unset):  Example: 1745750408.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SessionHistory]
    """

    kwargs = _get_kwargs(
        start_time=start_time,
        end_time=end_time,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> Error | SessionHistory | None:
    """Retrieve session history

     Returns a list of session history records for the authenticated user

    Args:
        start_time (int | Unset):  Example: 1745750387.
        end_time (int | Unset):  Example: 1745750408.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SessionHistory
    """

    return (
        await asyncio_detailed(
            client=client,
            start_time=start_time,
            end_time=end_time,
        )
    ).parsed
