from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.session_token import SessionToken
from ...models.session_token_failure import SessionTokenFailure
from ...models.start_streaming_session_request import StartStreamingSessionRequest
from ...types import Response


def _get_kwargs(
    *,
    body: StartStreamingSessionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/compose/token",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | SessionToken | SessionTokenFailure | None:
    if response.status_code == 200:
        response_200 = SessionToken.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = SessionTokenFailure.from_dict(response.json())

        return response_400

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HTTPValidationError | SessionToken | SessionTokenFailure]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StartStreamingSessionRequest,
) -> Response[HTTPValidationError | SessionToken | SessionTokenFailure]:
    """Compose Session Token

     Create a temporary Simli Compose Session Token

    Args:
        body (StartStreamingSessionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SessionToken | SessionTokenFailure]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: StartStreamingSessionRequest,
) -> HTTPValidationError | SessionToken | SessionTokenFailure | None:
    """Compose Session Token

     Create a temporary Simli Compose Session Token

    Args:
        body (StartStreamingSessionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SessionToken | SessionTokenFailure
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StartStreamingSessionRequest,
) -> Response[HTTPValidationError | SessionToken | SessionTokenFailure]:
    """Compose Session Token

     Create a temporary Simli Compose Session Token

    Args:
        body (StartStreamingSessionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SessionToken | SessionTokenFailure]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: StartStreamingSessionRequest,
) -> HTTPValidationError | SessionToken | SessionTokenFailure | None:
    """Compose Session Token

     Create a temporary Simli Compose Session Token

    Args:
        body (StartStreamingSessionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SessionToken | SessionTokenFailure
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
