from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.session_details import SessionDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    agent_id: str,
    session_token: str,
    *,
    redirect: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["redirect"] = redirect

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/auto/start/{agent_id}/{session_token}".format(
            agent_id=quote(str(agent_id), safe=""),
            session_token=quote(str(session_token), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | SessionDetails | None:
    if response.status_code == 200:
        response_200 = SessionDetails.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HTTPValidationError | SessionDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    agent_id: str,
    session_token: str,
    *,
    client: AuthenticatedClient | Client,
    redirect: bool | Unset = False,
) -> Response[HTTPValidationError | SessionDetails]:
    """Start Auto Session from config

    Args:
        agent_id (str):
        session_token (str):
        redirect (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SessionDetails]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        session_token=session_token,
        redirect=redirect,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agent_id: str,
    session_token: str,
    *,
    client: AuthenticatedClient | Client,
    redirect: bool | Unset = False,
) -> HTTPValidationError | SessionDetails | None:
    """Start Auto Session from config

    Args:
        agent_id (str):
        session_token (str):
        redirect (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SessionDetails
    """

    return sync_detailed(
        agent_id=agent_id,
        session_token=session_token,
        client=client,
        redirect=redirect,
    ).parsed


async def asyncio_detailed(
    agent_id: str,
    session_token: str,
    *,
    client: AuthenticatedClient | Client,
    redirect: bool | Unset = False,
) -> Response[HTTPValidationError | SessionDetails]:
    """Start Auto Session from config

    Args:
        agent_id (str):
        session_token (str):
        redirect (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SessionDetails]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        session_token=session_token,
        redirect=redirect,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agent_id: str,
    session_token: str,
    *,
    client: AuthenticatedClient | Client,
    redirect: bool | Unset = False,
) -> HTTPValidationError | SessionDetails | None:
    """Start Auto Session from config

    Args:
        agent_id (str):
        session_token (str):
        redirect (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SessionDetails
    """

    return (
        await asyncio_detailed(
            agent_id=agent_id,
            session_token=session_token,
            client=client,
            redirect=redirect,
        )
    ).parsed
