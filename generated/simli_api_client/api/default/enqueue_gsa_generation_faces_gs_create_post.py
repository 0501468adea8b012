from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.trinity_face_upload import TrinityFaceUpload
from ...models.trinity_version import TrinityVersion
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TrinityFaceUpload,
    gs_version: TrinityVersion | Unset = TrinityVersion.GSA_1_0,
    face_name: str | Unset = "untitled_avatar",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_gs_version: str | Unset = UNSET
    if not isinstance(gs_version, Unset):
        json_gs_version = gs_version.value

    params["gsVersion"] = json_gs_version

    params["face_name"] = face_name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/faces/trinity",
        "params": params,
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = response.json()
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
) -> Response[Any | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TrinityFaceUpload,
    gs_version: TrinityVersion | Unset = TrinityVersion.GSA_1_0,
    face_name: str | Unset = "untitled_avatar",
) -> Response[Any | HTTPValidationError]:
    """Generate Trinity Face

    Args:
        gs_version (TrinityVersion | Unset):  Default: TrinityVersion.GSA_1_0.
        face_name (str | Unset):  Default: 'untitled_avatar'.
        body (TrinityFaceUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
        gs_version=gs_version,
        face_name=face_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TrinityFaceUpload,
    gs_version: TrinityVersion | Unset = TrinityVersion.GSA_1_0,
    face_name: str | Unset = "untitled_avatar",
) -> Any | HTTPValidationError | None:
    """Generate Trinity Face

    Args:
        gs_version (TrinityVersion | Unset):  Default: TrinityVersion.GSA_1_0.
        face_name (str | Unset):  Default: 'untitled_avatar'.
        body (TrinityFaceUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
        gs_version=gs_version,
        face_name=face_name,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TrinityFaceUpload,
    gs_version: TrinityVersion | Unset = TrinityVersion.GSA_1_0,
    face_name: str | Unset = "untitled_avatar",
) -> Response[Any | HTTPValidationError]:
    """Generate Trinity Face

    Args:
        gs_version (TrinityVersion | Unset):  Default: TrinityVersion.GSA_1_0.
        face_name (str | Unset):  Default: 'untitled_avatar'.
        body (TrinityFaceUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
        gs_version=gs_version,
        face_name=face_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TrinityFaceUpload,
    gs_version: TrinityVersion | Unset = TrinityVersion.GSA_1_0,
    face_name: str | Unset = "untitled_avatar",
) -> Any | HTTPValidationError | None:
    """Generate Trinity Face

    Args:
        gs_version (TrinityVersion | Unset):  Default: TrinityVersion.GSA_1_0.
        face_name (str | Unset):  Default: 'untitled_avatar'.
        body (TrinityFaceUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            gs_version=gs_version,
            face_name=face_name,
        )
    ).parsed
