"""The async facade's aiohttp route: its own calls sent through an ``aiohttp.ClientSession`` (``simli-api[aiohttp]``).

Why: with many calls in flight, httpx's async pool (httpcore) costs most of a call's time; aiohttp's
C parser and pool do the same exchange for a fraction (see CONTRIBUTING.md, Performance). So when
aiohttp is installed and the facade owns its pool, each call's request is still built by
``httpx.AsyncClient.build_request`` (same URL, headers, cookies and body as on the httpx route), sent
by aiohttp, and handed back as an ``httpx.Response`` with its errors mapped to httpx's, so retries, error
mapping and the generated parsers see what the httpx route gives them. Streams and downloads, the
methods aiohttp would resend by itself, and any pool with hooks, auth or redirect following set keep
the httpx route.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import urllib.request
from collections.abc import Callable, Iterator

import aiohttp
import httpx
from aiohttp.http_exceptions import ContentEncodingError
from yarl import URL

from . import _operations
from ._constants import MAX_CONNECTIONS, MAX_REQUEST_SHAPES

# A call whose kwargs hold only these reuses its shape's request (see Shape).
_SHAPED = frozenset({"method", "url", "json", "headers"})
# aiohttp resends these once, on its own, when a connection drops (RFC 9112 9.3.1); the facade's retry
# policy alone decides (max_retries counts every request), so their drops are raised past that resend.
RESENT_BY_AIOHTTP = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
_httpx_logger = logging.getLogger("httpx")
# Response headers not handed on: the body is handed on decoded, so it must not be decoded again.
_DECODED = frozenset({b"content-encoding", b"content-length"})
# aiohttp errors and the httpx errors the httpx route raises for the same failure (first match wins).
_ERRORS: tuple[tuple[type[BaseException], type[httpx.RequestError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
    (aiohttp.ClientOSError, httpx.ReadError),
    (aiohttp.ClientError, httpx.TransportError),
    (asyncio.TimeoutError, httpx.ReadTimeout),
)


class _NotResent(aiohttp.ClientError):
    """A dropped connection raised past aiohttp's own resend (its cause is aiohttp's error)."""


async def _no_resend(request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType) -> aiohttp.ClientResponse:
    """Client middleware: a dropped connection is not resent by aiohttp (see RESENT_BY_AIOHTTP)."""
    try:
        return await handler(request)
    except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as exc:
        raise _NotResent(str(exc)) from exc


_NO_RESEND = (_no_resend,)


@contextlib.contextmanager
def httpx_errors() -> Iterator[None]:
    """Raise aiohttp's failures as the httpx errors the retry policy and the error mapping read."""
    try:
        yield
    except (aiohttp.ClientError, asyncio.TimeoutError) as caught:
        exc: BaseException = caught.__cause__ if isinstance(caught, _NotResent) and caught.__cause__ else caught
        kind = next(mapped for source, mapped in _ERRORS if isinstance(exc, source))
        if _undecodable(exc):
            kind = httpx.DecodingError
        raise kind(str(exc) or type(exc).__name__) from caught


def _undecodable(exc: BaseException | None) -> bool:
    """Whether aiohttp failed to decode the body's Content-Encoding (httpx's DecodingError)."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, ContentEncodingError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def client_timeout(connect: float | None, read: float | None, pool: float | None) -> aiohttp.ClientTimeout:
    """httpx's four timeouts as aiohttp's: connect (pool wait included), socket connect, socket read.

    aiohttp has no write timeout of its own; the facade's bodies are a few kilobytes written at once,
    so a write that stalls shows as the read timeout of the answer that never comes.
    """
    pool_and_connect = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=None, connect=pool_and_connect, sock_connect=connect, sock_read=read)


async def _settle() -> None:
    """Let the event loop take in what arrived while it was busy before a pooled connection is picked.

    aiohttp knows a keep-alive connection is closed once the loop has read the server's FIN; after a
    stretch of blocking work that has not happened yet, and a POST would go out on the dead socket
    (httpcore polls the socket instead). Two turns: one reads the FIN and closes the transport, the
    next resumes this call.
    """
    await asyncio.sleep(0)
    await asyncio.sleep(0)


def encode_json(payload: object) -> bytes:
    """A JSON body as httpx 0.28 encodes it (checked against httpx's own on each shape's first call)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


class Shape:
    """What the JSON calls of one method, URL and header set share: httpx's request for the first of them.

    ``build_request`` parses the URL and merges the headers on every call (about half the route's
    own cost); the head is the same for every call of a shape but for Content-Length.
    """

    __slots__ = ("_headers", "_length_at", "request", "url")

    def __init__(self, built: httpx.Request) -> None:
        self.url = URL(str(built.url), encoded=True)
        self._headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in built.headers.raw]
        self._length_at = next(i for i, (name, _) in enumerate(self._headers) if name.lower() == "content-length")
        # The request responses refer to: method, URL and headers, without any one call's body.
        self.request = httpx.Request(built.method, built.url, headers=built.headers, extensions=built.extensions)

    def headers(self, length: int) -> list[tuple[str, str]]:
        headers = list(self._headers)
        headers[self._length_at] = (headers[self._length_at][0], str(length))
        return headers


class AiohttpRoute:
    """One ``aiohttp.ClientSession`` (opened in the running loop on first use) and the attempts sent through it."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple[float | None, float | None, float | None], aiohttp.ClientTimeout] = {}
        self._proxies: dict[tuple[str, str], str | None] = {}
        self._environment = urllib.request.getproxies()  # read once, as httpx reads it when its pool is built
        self._shapes: dict[tuple[object, ...], Shape] = {}
        self._json_like_httpx = True

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS, ssl=httpx.create_ssl_context())
        return aiohttp.ClientSession(
            connector=connector,
            trust_env=False,  # proxies: see _proxy (aiohttp would look them and ~/.netrc up in a thread per request)
            cookie_jar=aiohttp.DummyCookieJar(),  # the httpx pool keeps the cookies (see attempt)
            auto_decompress=True,
        )

    def attempt(
        self,
        http_client: httpx.AsyncClient,
        call: _operations.Call,
        build: Callable[[], httpx.Request],
        facade_timeout: httpx.Timeout,
    ) -> _operations.AsyncAttempt:
        """An attempt that sends ``call``'s request through aiohttp, read under Body's bounds.

        ``build`` is the httpx route's ``build_request`` for the call (with ``facade_timeout``): a
        JSON call reuses its shape's request (see :class:`Shape`), any other call is
        built by it each time.
        """
        if self._session is None:
            self._session = self._open()
        session = self._session
        shape = self._shape(http_client, call, build, facade_timeout)
        if shape is None:
            request = build()
            headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in request.headers.raw]
            content = request.content or None
            url = URL(str(request.url), encoded=True)
        else:
            request, url = shape.request, shape.url
            content = encode_json(call.kwargs["json"])
            headers = shape.headers(len(content))
        proxy = self._proxy(request.url)
        middlewares = _NO_RESEND if request.method in RESENT_BY_AIOHTTP else None
        timeouts = request.extensions.get("timeout", {})
        read_timeout = timeouts.get("read")
        key = (timeouts.get("connect"), read_timeout, timeouts.get("pool"))
        timeout = self._timeouts.get(key)
        if timeout is None:
            timeout = self._timeouts[key] = client_timeout(*key)

        async def attempt() -> httpx.Response:
            await _settle()
            with httpx_errors():
                async with session.request(
                    request.method,
                    url,
                    headers=headers,
                    data=content,
                    allow_redirects=False,
                    timeout=timeout,
                    middlewares=middlewares,
                    proxy=proxy,
                ) as answer:
                    body = _operations.Body(call, answer.status, answer.headers.get("Content-Type", ""), read_timeout)
                    async for chunk in answer.content.iter_any():  # decoded as it arrives: the cap sees decoded bytes
                        body.add(chunk)
                    raw_headers = [item for item in answer.raw_headers if item[0].lower() not in _DECODED]
                    reason = answer.reason or ""
            response = httpx.Response(
                answer.status,
                headers=raw_headers,
                content=body.content(),
                request=request,
                extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason.encode("latin-1", "replace")},
            )
            if "set-cookie" in response.headers:
                http_client.cookies.extract_cookies(response)
            if _httpx_logger.isEnabledFor(logging.INFO):  # the line httpx logs for every request it sends
                _httpx_logger.info(
                    'HTTP Request: %s %s "%s %d %s"',
                    request.method,
                    request.url,
                    response.http_version,
                    response.status_code,
                    response.reason_phrase,
                )
            return response

        return attempt

    def _shape(
        self,
        http_client: httpx.AsyncClient,
        call: _operations.Call,
        build: Callable[[], httpx.Request],
        facade_timeout: httpx.Timeout,
    ) -> Shape | None:
        """The reusable shape of a JSON call's request, or None where each request must be built whole.

        Built whole: anything but method, URL, JSON body and headers (params, content, multipart), a pool
        with cookies or params (they go into each request), and every call once the JSON encoding was seen
        to differ from httpx's.
        """
        kwargs = call.kwargs
        if not self._json_like_httpx or "json" not in kwargs or not kwargs.keys() <= _SHAPED:
            return None
        if http_client.cookies or http_client.params:
            return None
        pool_headers = tuple(http_client.headers.raw)  # a changed pool header makes a new shape
        seconds = tuple(facade_timeout.as_dict().values())  # so does a changed timeout of the client
        key = (
            kwargs["method"],
            kwargs["url"],
            str(kwargs.get("headers")),
            call.facts.key_headers,
            pool_headers,
            seconds,
        )
        shape = self._shapes.get(key)
        if shape is None:
            built = build()
            if built.content != encode_json(kwargs["json"]):
                self._json_like_httpx = False
                return None
            if len(self._shapes) >= MAX_REQUEST_SHAPES:
                self._shapes.clear()
            shape = self._shapes[key] = Shape(built)
        return shape

    def _proxy(self, url: httpx.URL) -> str | None:
        """The proxy the environment names for ``url`` (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY), per origin."""
        key = (url.scheme, url.host)
        if key not in self._proxies:
            environment = self._environment
            bypass = "no" in environment and urllib.request.proxy_bypass(url.host)
            self._proxies[key] = None if bypass else environment.get(url.scheme) or environment.get("all")
        return self._proxies[key]

    @staticmethod
    def takes(http_client: httpx.AsyncClient) -> bool:
        """Whether ``request`` on a facade-owned pool can go through aiohttp with the httpx route's outcome.

        Not when something is set on the pool that only ``httpx.AsyncClient.send`` applies (request and
        response hooks, auth, redirect following; a respx mock patches it).
        """
        hooks = http_client.event_hooks
        return not (
            hooks["request"]
            or hooks["response"]
            or http_client.auth is not None
            or http_client.follow_redirects
            or http_client.is_closed
            or _respx_active()
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _respx_active() -> bool:
    """True while a respx router mocks httpx (respx's public registry), so its routes see the facade's calls."""
    mocks = sys.modules.get("respx.mocks")
    return mocks is not None and any(mocker.routers for mocker in mocks.Mocker.registry.values())
