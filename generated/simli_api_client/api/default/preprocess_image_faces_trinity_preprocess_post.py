from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.face_preprocess_upload import FacePreprocessUpload
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: FacePreprocessUpload,
    retry: bool | Unset = False,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["retry"] = retry

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/faces/trinity/preprocess",
        "params": params,
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any:
    return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FacePreprocessUpload,
    retry: bool | Unset = False,
) -> Response[Any]:
    """Preprocess Trinity Face Image

     Reframes a portrait to the framing Trinity expects: the head centred with equal padding above and
    below, squared to the camera, on a simplified version of the image's own background. Returns the
    reframed PNG.

    Args:
        retry (bool | Unset):  Default: False.
        body (FacePreprocessUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        body=body,
        retry=retry,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FacePreprocessUpload,
    retry: bool | Unset = False,
) -> Response[Any]:
    """Preprocess Trinity Face Image

     Reframes a portrait to the framing Trinity expects: the head centred with equal padding above and
    below, squared to the camera, on a simplified version of the image's own background. Returns the
    reframed PNG.

    Args:
        retry (bool | Unset):  Default: False.
        body (FacePreprocessUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        body=body,
        retry=retry,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)
