"""``Simli`` and ``AsyncSimli``: configuration, the HTTP pool, and the generic ``call``, ``stream`` and ``download``.

Both share :class:`_BaseSimli` (constructor, configuration, request preparation); each adds
only its pool type, its send driver and its context-manager protocol.
"""

from __future__ import annotations

import functools
import os
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from logging import INFO
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
from ._options import CallOptions, RawView, as_timeout, check_headers, merge_headers
from ._pool import LeanAsyncClient, LeanClient
from ._responses import Answer
from ._retry import RetryPolicy
from ._validation import check_max_retries, require_text
from ._version import __version__
from .resources import Lazy

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._aiohttp import AiohttpRoute
    from .realtime import Realtime
    from .resources._method import Async, RawAsync, RawSync, Sync
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
    """The one place the facade builds its own pool: httpx's client with its own transport and a lean cookie store.

    An async pool's transport is httpx's in shards (see ``_shards``), unless the environment names a proxy:
    httpx then routes by its proxy settings, which it reads only when it builds the transport itself.
    """
    lean: type[Any] = LeanClient if kind is httpx.Client else LeanAsyncClient
    if kind is httpx.AsyncClient and "transport" not in options and not urllib.request.getproxies():
        from ._shards import ShardedTransport  # noqa: PLC0415 - async pools only

        options = {**options, "transport": ShardedTransport(POOL_LIMITS, httpx.create_ssl_context())}
    client: HttpClientT = lean(**{"limits": POOL_LIMITS, **options})
    return client


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
        # Headers a with_options copy adds to every call (its pool, shared, carries its parent's).
        self._call_headers: dict[str, str] | None = None
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

    def _key_in_headers(self, names: tuple[str, ...], options: CallOptions | None = None) -> bool:
        """Whether the caller sends one of the key headers ``names`` itself (``default_headers``, their own pool's
        headers, or this call's ``extra_headers``), decided once per set of names for the client's: a client without
        ``api_key`` may carry the key that way."""
        found = self._caller_keys.get(names)
        if found is None:
            sent = {name.lower() for name in (*self._headers, *self._http_client.headers)}
            found = self._caller_keys[names] = any(name.lower() in sent for name in names)
        if found or options is None or not options.headers:
            return found
        extra = {name.lower() for name in options.headers}
        return any(name.lower() in extra for name in names)

    def _prepare(
        self,
        module: ModuleType,
        arguments: dict[str, Any],
        require: Callable[[Any], None] | None,
        options: CallOptions | None = None,
    ) -> _operations.Call:
        facts = facts_for(module)
        if facts.deprecated:
            warn_deprecated(facts)
        if facts.requires_key and self._api_key is None and not self._key_in_headers(facts.key_headers, options):
            raise SimliMissingKeyError(facts.describe())
        call = _operations.Call(facts, arguments, self._secrets, require, options)
        extra = self._call_headers
        if options is not None and options.headers:
            extra = merge_headers(extra, options.headers)
        if extra:
            call.add_headers(extra, self._request_headers(facts))
        return call

    def _build_request(self, call: _operations.Call) -> httpx.Request:
        headers = self._request_headers(call.facts)
        options = call.options  # the call's own timeout, else the client's
        timeout = self.timeout if options is None or options.timeout is None else options.timeout
        return call.build_request(self._http_client, self.base_url, headers, timeout)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy of this client with other defaults, sharing its connection pool (and key, base URL).

        ``default_headers`` are added to this client's (a name given again replaces it, in any case).
        The copy never closes the shared pool: closing it does nothing, and it stops working once the
        client that owns the pool is closed. ``simli.with_options(timeout=5).faces.list()``.
        """
        copy = object.__new__(type(self))
        copy.__dict__.update((name, value) for name, value in self.__dict__.items() if name in _SHARED_WITH_COPIES)
        if timeout is not None:
            copy.timeout = _normalise_timeout(timeout)
        if max_retries is not None:
            copy._retry_policy = RetryPolicy(max_retries=check_max_retries(max_retries))
        if default_headers:
            copy._call_headers = merge_headers(self._call_headers, check_headers(default_headers))
            copy._headers = merge_headers(self._headers, default_headers)
        copy._headers_by_keys = {(): copy._per_request}
        copy._caller_keys = {}
        copy._owns_http_client = False
        self._share_route(copy)
        return copy

    def _share_route(self, copy: Self) -> None:
        """Hand ``copy`` what else of this client's pool it must share (the async client's aiohttp route)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, max_retries={self.max_retries})"


# What a with_options copy takes over from its client as it is; it builds its own retry policy, headers and caches.
_SHARED_WITH_COPIES = frozenset(
    {
        "_api_key",
        "base_url",
        "timeout",
        "_retry_policy",
        "_headers",
        "_secrets",
        "_per_request",
        "_call_headers",
        "_parse_client",
        "_http_client",
    }
)


def _normalise_base_url(url: str) -> str:
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError("base_url must be an http:// or https:// URL with a host")
    return url.rstrip("/")


def _normalise_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    return as_timeout(timeout)


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
        self,
        operation: ModuleType,
        arguments: dict[str, Any],
        require: Callable[[Any], None] | None = None,
        options: CallOptions | None = None,
    ) -> Any:
        call = self._prepare(operation, arguments, require, options)
        attempt = _operations.httpx_attempt(self._http_client, call, self._build_request(call))
        response = _operations.send(call, self._retry_policy, attempt)
        return call.result(self._parse_client, response)

    def _stream(
        self, operation: ModuleType, arguments: dict[str, Any], options: CallOptions | None = None
    ) -> AbstractContextManager[Iterator[bytes]]:
        call = self._prepare(operation, arguments, None, options)
        return _operations.stream(call, self._retry_policy, self._http_client, self._build_request(call))

    @functools.cached_property
    def with_raw_response(self) -> SimliWithRawResponse:
        """The same areas, each method returning a :class:`RawResponse` (status, headers, ``parse()``)."""
        return SimliWithRawResponse(self)

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
        self,
        operation: ModuleType,
        arguments: dict[str, Any],
        require: Callable[[Any], None] | None = None,
        options: CallOptions | None = None,
    ) -> Any:
        call = self._prepare(operation, arguments, require, options)
        route = self._route
        first: httpx.Response | Answer | httpx.RequestError | None = None
        if route is not None and route.takes(self._http_client):
            timeout = self.timeout if options is None or options.timeout is None else options.timeout
            attempt = route.attempt(self._http_client, call, self._build_request, timeout)
            if options is None and not _operations.logger.isEnabledFor(INFO):  # the common call: see send_async
                try:
                    first = await attempt()
                except httpx.RequestError as exc:
                    first = exc
                if first.__class__ is Answer:
                    return call.result(self._parse_client, first)
        else:
            attempt = _operations.httpx_async_attempt(self._http_client, call, self._build_request(call))
        response = await _operations.send_async(call, self._retry_policy, attempt, first)
        return call.result(self._parse_client, response)

    def _stream(
        self, operation: ModuleType, arguments: dict[str, Any], options: CallOptions | None = None
    ) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        call = self._prepare(operation, arguments, None, options)
        return _operations.stream_async(call, self._retry_policy, self._http_client, self._build_request(call))

    @functools.cached_property
    def with_raw_response(self) -> AsyncSimliWithRawResponse:
        """The same areas, each method's coroutine returning a :class:`RawResponse` (status, headers, ``parse()``)."""
        return AsyncSimliWithRawResponse(self)

    def _share_route(self, copy: Self) -> None:
        copy.__dict__["_route"] = self._route  # built now if it was not: both must send through the same one

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


class SimliWithRawResponse(RawView):
    """``simli.with_raw_response``: the areas of a :class:`Simli`, each method returning a ``RawResponse``."""

    agents: Lazy[Agents[RawSync]] = Lazy()
    compose: Lazy[Compose[RawSync]] = Lazy()
    faces: Lazy[Faces[RawSync]] = Lazy()
    history: Lazy[History[RawSync]] = Lazy()
    livekit: Lazy[LiveKit[RawSync]] = Lazy()
    usage: Lazy[Usage[RawSync]] = Lazy()
    videos: Lazy[Videos[RawSync]] = Lazy()


class AsyncSimliWithRawResponse(RawView):
    """``simli.with_raw_response``: the areas of an :class:`AsyncSimli`, each method's coroutine returning a
    ``RawResponse``."""

    agents: Lazy[Agents[RawAsync]] = Lazy()
    compose: Lazy[Compose[RawAsync]] = Lazy()
    faces: Lazy[Faces[RawAsync]] = Lazy()
    history: Lazy[History[RawAsync]] = Lazy()
    livekit: Lazy[LiveKit[RawAsync]] = Lazy()
    usage: Lazy[Usage[RawAsync]] = Lazy()
    videos: Lazy[Videos[RawAsync]] = Lazy()
