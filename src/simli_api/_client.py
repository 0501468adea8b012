"""``Simli`` and ``AsyncSimli``: configuration, the HTTP pool, and the generic ``call``.

Both share :class:`_BaseSimli` for everything but the pool type and the send/sleep driver.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from simli_api_client import AuthenticatedClient, Client

from . import _operations
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy
from ._version import __version__
from .resources.livekit import AsyncLiveKit, LiveKit

if TYPE_CHECKING:
    from typing_extensions import Self

DEFAULT_BASE_URL = "https://api.simli.ai"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
API_KEY_HEADER = "x-simli-api-key"
ENV_API_KEY = "SIMLI_API_KEY"
ENV_BASE_URL = "SIMLI_BASE_URL"


class _BaseSimli:
    """Configuration shared by the sync and async clients; holds no connection pool itself."""

    generated: Client
    """The generated client (``simli_api_client``); its operations accept it as ``client=``."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(ENV_API_KEY)
        self._api_key = key or None
        self.base_url = _normalise_base_url(base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL)
        self.timeout = _normalise_timeout(timeout)
        self.max_retries = max_retries
        self._retry_policy = RetryPolicy(max_retries=max_retries)
        self._headers = {"User-Agent": f"simli-api/{__version__}", **(default_headers or {})}
        if self._api_key is not None:
            self._headers[API_KEY_HEADER] = self._api_key
        if self._api_key is None:
            self.generated = Client(base_url=self.base_url, headers=self._headers, timeout=self.timeout)
        else:
            public = {k: v for k, v in self._headers.items() if k != API_KEY_HEADER}
            self.generated = AuthenticatedClient(
                base_url=self.base_url,
                headers=public,
                timeout=self.timeout,
                token=self._api_key,
                prefix="",
                auth_header_name=API_KEY_HEADER,
            )

    def _http_client_options(self) -> dict[str, Any]:
        """Keyword arguments for the httpx client the facade builds when the caller brings none."""
        return {"base_url": self.base_url, "headers": self._headers, "timeout": self.timeout}

    def _prepare(
        self, http_client: httpx.Client | httpx.AsyncClient, module: ModuleType, arguments: dict[str, Any]
    ) -> tuple[_operations.Call, httpx.Request]:
        call = _operations.Call(module, arguments, secrets=[self._api_key or ""])
        return call, call.build_request(http_client, self.base_url, self._headers, self.timeout)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, max_retries={self.max_retries})"


def _normalise_base_url(url: str) -> str:
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError("base_url must be an http:// or https:// URL with a host")
    return url.rstrip("/")


def _normalise_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(float(timeout))


HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)


def _make_http_client(kind: type[HttpClientT], options: dict[str, Any]) -> HttpClientT:
    """The one place the facade builds its own pool (a seam for swapping transports)."""
    return kind(**options)


class Simli(_BaseSimli):
    """Synchronous Simli client. ``with Simli() as simli:`` closes the pool on exit.

    A caller-supplied ``http_client`` is used as is and never closed here: its owner closes it.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http_client = http_client is None
        made = http_client or _make_http_client(httpx.Client, self._http_client_options())
        self._http_client = made
        self.generated.set_httpx_client(made)
        self.livekit = LiveKit(self)

    def call(self, operation: ModuleType, **arguments: Any) -> Any:
        """Call any generated operation module with the facade's headers, retries and error mapping.

        ``simli.call(init_integrations_livekit_agents_post, body=...)`` returns the parsed 2xx model.
        """
        call, request = self._prepare(self._http_client, operation, arguments)
        response = _operations.send(self._http_client, call, request, self._retry_policy)
        return call.result(self.generated, response)

    def close(self) -> None:
        """Close the connection pool, unless the caller supplied it."""
        if self._owns_http_client:
            self._http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncSimli(_BaseSimli):
    """Asynchronous Simli client. ``async with AsyncSimli() as simli:`` closes the pool on exit.

    A caller-supplied ``http_client`` is used as is and never closed here: its owner closes it.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http_client = http_client is None
        made = http_client or _make_http_client(httpx.AsyncClient, self._http_client_options())
        self._http_client = made
        self.generated.set_async_httpx_client(made)
        self.livekit = AsyncLiveKit(self)

    async def call(self, operation: ModuleType, **arguments: Any) -> Any:
        """Call any generated operation module with the facade's headers, retries and error mapping."""
        call, request = self._prepare(self._http_client, operation, arguments)
        response = await _operations.send_async(self._http_client, call, request, self._retry_policy)
        return call.result(self.generated, response)

    async def close(self) -> None:
        """Close the connection pool, unless the caller supplied it."""
        if self._owns_http_client:
            await self._http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
