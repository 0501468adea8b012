"""A plain GET of a URL that is not the API's (a video on a CDN): never any credential, errors mapped as usual.

The request goes through a short-lived pool of its own, not the client's: the client's pool may
carry ``default_headers`` (or a caller's auth and hooks) meant for the API only. Only a
``User-Agent`` is sent. Redirects are followed (there is no credential to leak).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx

from ._exceptions import SimliConnectionError, SimliTimeoutError
from ._responses import status_error
from ._version import __version__

if TYPE_CHECKING:
    from ._options import CallOptions

HEADERS = {"User-Agent": f"simli-api/{__version__}"}


@contextlib.contextmanager
def plain_get(url: str, timeout: httpx.Timeout, seen: CallOptions | None = None) -> Iterator[Iterator[bytes]]:
    """``with plain_get(url, timeout) as chunks:`` the 2xx body of ``url``, chunk by chunk (its response kept
    in ``seen``, for with_raw_response)."""
    try:
        with (
            httpx.Client(headers=HEADERS, timeout=timeout, follow_redirects=True) as pool,
            pool.stream("GET", url) as response,
        ):
            if not response.is_success:
                response.read()
                raise status_error(response, ())
            if seen is not None:
                seen.response = response
            yield response.iter_bytes()
    except httpx.TimeoutException as exc:
        raise SimliTimeoutError(f"no answer from {_host(url)} in time ({type(exc).__name__})") from None
    except httpx.HTTPError as exc:
        raise SimliConnectionError(f"downloading from {_host(url)} failed ({type(exc).__name__})") from None


@contextlib.asynccontextmanager
async def plain_get_async(
    url: str, timeout: httpx.Timeout, seen: CallOptions | None = None
) -> AsyncIterator[AsyncIterator[bytes]]:
    """The asynchronous :func:`plain_get`."""
    try:
        async with (
            httpx.AsyncClient(headers=HEADERS, timeout=timeout, follow_redirects=True) as pool,
            pool.stream("GET", url) as response,
        ):
            if not response.is_success:
                await response.aread()
                raise status_error(response, ())
            if seen is not None:
                seen.response = response
            yield response.aiter_bytes()
    except httpx.TimeoutException as exc:
        raise SimliTimeoutError(f"no answer from {_host(url)} in time ({type(exc).__name__})") from None
    except httpx.HTTPError as exc:
        raise SimliConnectionError(f"downloading from {_host(url)} failed ({type(exc).__name__})") from None


def _host(url: str) -> str:
    """The host only: a signed URL's query may hold a credential of its own, so it stays out of messages."""
    return httpx.URL(url).host or "the server"
