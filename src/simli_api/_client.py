"""``Simli`` and ``AsyncSimli``: configuration, the HTTP pool, and the generic ``call``, ``stream`` and ``download``.

Both share :class:`_BaseSimli` (constructor, configuration, request preparation); each adds
only its pool type, its send driver and its context-manager protocol.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from types import ModuleType, TracebackType
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from simli_api_client import Client

from . import _operations
from ._constants import (
    CONNECT_TIMEOUT_SECONDS,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    ENV_API_KEY,
    ENV_BASE_URL,
    MAX_CONNECTIONS,
    TIMEOUT_SECONDS,
)
from ._deprecation import warn_deprecated
from ._exceptions import SimliMissingKeyError
from ._facts import OperationFacts, facts_for
from ._logs import configure_from_env
from ._retry import RetryPolicy
from ._validation import check_max_retries, check_timeout, require_text
from ._version import __version__
from .resources import Lazy

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._aiohttp import AiohttpRoute
    from .realtime import Realtime
    from .resources._method import Async, Sync
    from .resources.agents import Agents
    from .resources.compose import Compose
    from .resources.faces import Faces
    from .resources.history import History
    from .resources.livekit import LiveKit
    from .resources.usage import Usage
    from .resources.videos import Videos

DEFAULT_TIMEOUT = httpx.Timeout(TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)

HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)


# The facade's own pool: as many connections as the aiohttp route allows (httpx keeps 20 idle by default).
POOL_LIMITS = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)


def _make_http_client(kind: type[HttpClientT], options: dict[str, Any]) -> HttpClientT:
    """The one place the facade builds its own pool: httpx's client with its own transport and a lean cookie store."""
    lean: type[Any] = _LeanClient if kind is httpx.Client else _LeanAsyncClient
    client: HttpClientT = lean(**{"limits": POOL_LIMITS, **options})
    return client


class _LeanCookies(httpx.Cookies):
    """httpx's cookie store, minus the cookie-jar pass over responses that set no cookie.

    httpx hands every response to ``http.cookiejar`` (building urllib request and response adapters
    each time, about a tenth of a sync call); the jar only reads ``Set-Cookie``/``Set-Cookie2``, so
    skipping responses without them changes nothing but the cost.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


class _LeanCookieStore:
    """The public ``cookies`` property of httpx's clients (every cookie read and write in httpx goes through it),
    holding a :class:`_LeanCookies`."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._lean_cookies = _LeanCookies(options.get("cookies"))

    @property
    def cookies(self) -> httpx.Cookies:
        return self._lean_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:  # what httpx takes: Cookies, CookieJar, a dict or pairs
        self._lean_cookies = _LeanCookies(cookies)


class _LeanClient(_LeanCookieStore, httpx.Client):
    """``httpx.Client`` with the lean cookie store."""


class _LeanAsyncClient(_LeanCookieStore, httpx.AsyncClient):
    """``httpx.AsyncClient`` with the lean cookie store."""


def _aiohttp_route() -> AiohttpRoute | None:
    """The aiohttp route for a facade-owned async pool, or None without the ``simli-api[aiohttp]`` extra."""
    try:
        from ._aiohttp import AiohttpRoute  # noqa: PLC0415 - async clients only; aiohttp is optional
    except ImportError:
        return None
    return AiohttpRoute()


class _BaseSimli(Generic[HttpClientT]):
    """Configuration and request preparation shared by the sync and async clients.

    Keywords: ``api_key`` (default ``SIMLI_API_KEY``), ``base_url`` (default ``SIMLI_BASE_URL``,
    then ``https://api.simli.ai``), ``timeout`` (seconds or ``httpx.Timeout``), ``max_retries``,
    ``default_headers`` (sent on every request) and ``http_client`` (your own pool: used as is
    and never closed by the facade; base URL, headers and timeout are applied per request).

    The API key goes only to operations whose security requirements include an apiKey scheme,
    in the header that scheme names (both from the description's facts); it is never a pool-wide
    header.
    """

    _http_client_kind: type[HttpClientT]

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: HttpClientT | None = None,
    ) -> None:
        configure_from_env()  # SIMLI_LOG, once per process
        # Explicit arguments are checked strictly; empty environment variables count as unset.
        key = require_text("api_key", api_key) if api_key is not None else _from_env(ENV_API_KEY)
        self._api_key = key
        url = require_text("base_url", base_url) if base_url is not None else _from_env(ENV_BASE_URL)
        self.base_url = _normalise_base_url(url or DEFAULT_BASE_URL)
        self.timeout = _normalise_timeout(timeout)
        self._retry_policy = RetryPolicy(max_retries=check_max_retries(max_retries))
        self._headers = _with_user_agent(default_headers or {})
        self._secrets = frozenset({key} if key else ())
        self._owns_http_client = http_client is None
        # Headers passed with each request, per set of key header names, built once each. A pool the
        # facade builds carries User-Agent and default_headers itself (httpx would only merge them again);
        # a caller's pool gets them with every request.
        self._per_request: dict[str, str] = {} if self._owns_http_client else self._headers
        self._headers_by_keys: dict[tuple[str, ...], dict[str, str]] = {(): self._per_request}
        self._caller_keys: dict[tuple[str, ...], bool] = {}
        # What generated parsers are handed as ``client=`` (they read only raise_on_unexpected_status).
        self._parse_client = Client(base_url=self.base_url)
        options = {"base_url": self.base_url, "headers": self._headers, "timeout": self.timeout}
        self._http_client: HttpClientT = http_client or _make_http_client(self._http_client_kind, options)

    @property
    def max_retries(self) -> int:
        """How many times a failed attempt is retried at most (the retry policy's)."""
        return self._retry_policy.max_retries

    @functools.cached_property
    def generated(self) -> Client:
        """The generated client (``simli_api_client``) on this client's pool; its operations accept it as ``client=``.

        It sends the API key only to operations whose security requires it, like the facade does,
        but has none of the facade's retries, checks or error mapping.
        """
        from ._generated import generated_client  # noqa: PLC0415 - built on first use only

        return generated_client(self._http_client, self.base_url, self._headers, self.timeout, self._api_key)

    def _request_headers(self, facts: OperationFacts) -> dict[str, str]:
        """The headers to pass with the operation's requests: the key where its ``facts`` require it (and the
        client's own headers when the pool is the caller's)."""
        headers = self._headers_by_keys.get(facts.key_headers)
        if headers is None:
            headers = dict(self._per_request)
            if self._api_key is not None:
                headers.update(dict.fromkeys(facts.key_headers, self._api_key))
            self._headers_by_keys[facts.key_headers] = headers
        return headers

    def _key_in_headers(self, names: tuple[str, ...]) -> bool:
        """Whether the caller sends one of the key headers ``names`` itself (``default_headers`` or their own pool's
        headers), decided once per set of names: a client without ``api_key`` may carry the key that way."""
        found = self._caller_keys.get(names)
        if found is None:
            sent = {name.lower() for name in (*self._headers, *self._http_client.headers)}
            found = self._caller_keys[names] = any(name.lower() in sent for name in names)
        return found

    def _prepare(
        self, module: ModuleType, arguments: dict[str, Any], require: Callable[[Any], None] | None
    ) -> _operations.Call:
        facts = facts_for(module)
        if facts.deprecated:
            warn_deprecated(facts)
        if facts.requires_key and self._api_key is None and not self._key_in_headers(facts.key_headers):
            raise SimliMissingKeyError(facts.describe())
        return _operations.Call(facts, arguments, self._secrets, require)

    def _build_request(self, call: _operations.Call) -> httpx.Request:
        headers = self._request_headers(call.facts)
        return call.build_request(self._http_client, self.base_url, headers, self.timeout)

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
    return httpx.Timeout(check_timeout(timeout))


def _with_user_agent(headers: Mapping[str, str]) -> dict[str, str]:
    """``headers`` after the facade's User-Agent, which one of them named in any case replaces (sent once)."""
    own = {} if any(name.lower() == "user-agent" for name in headers) else {"User-Agent": f"simli-api/{__version__}"}
    return {**own, **headers}


def _from_env(name: str) -> str | None:
    """An environment setting, checked like the keyword it stands for; empty means unset."""
    value = os.environ.get(name, "")
    return require_text(name, value) if value.strip() else None


class Simli(_BaseSimli[httpx.Client]):
    """Synchronous Simli client. ``with Simli() as simli:`` closes the pool on exit."""

    _http_client_kind = httpx.Client
    _is_async = False

    # The API areas (simli_api.resources), each loaded on first access.
    agents: Lazy[Agents[Sync]] = Lazy()
    compose: Lazy[Compose[Sync]] = Lazy()
    faces: Lazy[Faces[Sync]] = Lazy()
    history: Lazy[History[Sync]] = Lazy()
    livekit: Lazy[LiveKit[Sync]] = Lazy()
    usage: Lazy[Usage[Sync]] = Lazy()
    videos: Lazy[Videos[Sync]] = Lazy()

    def call(self, operation: ModuleType, **arguments: Any) -> Any:
        """Call any generated operation module with the facade's headers, retries and error mapping.

        ``simli.call(init_integrations_livekit_agents_post, body=...)`` returns the parsed 2xx result:
        the generated model, None where the description declares no content, bytes for a binary
        download, or the decoded JSON where nothing typed is declared.
        """
        return self._call(operation, arguments)

    def stream(self, operation: ModuleType, **arguments: Any) -> AbstractContextManager[Iterator[bytes]]:
        """``with simli.stream(module, **arguments) as chunks:`` the 2xx body, chunk by chunk, never held whole."""
        return self._stream(operation, arguments)

    def download(self, operation: ModuleType, *, to: str | os.PathLike[str] | IO[bytes], **arguments: Any) -> int:
        """Stream the 2xx body into ``to`` (a path, written atomically, or a binary file object); the bytes written.

        A download that fails leaves no file at the path (an existing one is left as it was).
        """
        from ._download import to_target  # noqa: PLC0415 - downloads only

        return to_target(self._stream(operation, arguments), to)

    def _call(
        self, operation: ModuleType, arguments: dict[str, Any], require: Callable[[Any], None] | None = None
    ) -> Any:
        call = self._prepare(operation, arguments, require)
        attempt = _operations.httpx_attempt(self._http_client, call, self._build_request(call))
        response = _operations.send(call, self._retry_policy, attempt)
        return call.result(self._parse_client, response)

    def _stream(self, operation: ModuleType, arguments: dict[str, Any]) -> AbstractContextManager[Iterator[bytes]]:
        call = self._prepare(operation, arguments, None)
        return _operations.stream(call, self._retry_policy, self._http_client, self._build_request(call))

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


class AsyncSimli(_BaseSimli[httpx.AsyncClient]):
    """Asynchronous Simli client. ``async with AsyncSimli() as simli:`` closes the pool on exit."""

    _http_client_kind = httpx.AsyncClient
    _is_async = True

    # The same areas; their methods return awaitables.
    agents: Lazy[Agents[Async]] = Lazy()
    compose: Lazy[Compose[Async]] = Lazy()
    faces: Lazy[Faces[Async]] = Lazy()
    history: Lazy[History[Async]] = Lazy()
    livekit: Lazy[LiveKit[Async]] = Lazy()
    realtime: Lazy[Realtime] = Lazy()  # AsyncSimli only: the WebSocket API (simli-api[realtime])
    usage: Lazy[Usage[Async]] = Lazy()
    videos: Lazy[Videos[Async]] = Lazy()

    async def call(self, operation: ModuleType, **arguments: Any) -> Any:
        """Call any generated operation module with the facade's headers, retries and error mapping."""
        return await self._call(operation, arguments)

    def stream(self, operation: ModuleType, **arguments: Any) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        """``async with simli.stream(module, **arguments) as chunks:`` the 2xx body, chunk by chunk."""
        return self._stream(operation, arguments)

    async def download(self, operation: ModuleType, *, to: str | os.PathLike[str] | IO[bytes], **arguments: Any) -> int:
        """Stream the 2xx body into ``to`` (a path, written atomically, or a binary file object); the bytes written."""
        from ._download import to_target_async  # noqa: PLC0415 - downloads only

        return await to_target_async(self._stream(operation, arguments), to)

    async def _call(
        self, operation: ModuleType, arguments: dict[str, Any], require: Callable[[Any], None] | None = None
    ) -> Any:
        call = self._prepare(operation, arguments, require)
        route = self._route
        if route is not None and route.takes(self._http_client):
            build = functools.partial(self._build_request, call)
            attempt = route.attempt(self._http_client, call, build, self.timeout)
        else:
            attempt = _operations.httpx_async_attempt(self._http_client, call, self._build_request(call))
        response = await _operations.send_async(call, self._retry_policy, attempt)
        return call.result(self._parse_client, response)

    def _stream(
        self, operation: ModuleType, arguments: dict[str, Any]
    ) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        call = self._prepare(operation, arguments, None)
        return _operations.stream_async(call, self._retry_policy, self._http_client, self._build_request(call))

    @functools.cached_property
    def _route(self) -> AiohttpRoute | None:
        """The aiohttp route for the facade's own pool when the extra is installed (see ``_aiohttp``); else None."""
        return _aiohttp_route() if self._owns_http_client else None

    async def close(self) -> None:
        """Close the connection pool, unless the caller supplied it."""
        if self._owns_http_client:
            await self._http_client.aclose()
            route = self.__dict__.get("_route")  # set only once a call was made
            if route is not None:
                await route.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
