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
import functools
import json
import logging
import math
import sys
import time
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING

import aiohttp
import httpx
from aiohttp.http_exceptions import ContentEncodingError
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from . import _operations
from ._constants import MAX_CONNECTIONS, MAX_REQUEST_SHAPES, PROBE_SECONDS, SENT_AT_ONCE_BYTES, SETTLED_SECONDS
from ._deadlines import ReadDeadlines, Task, request_class
from ._pool import LeanCookies, TrackedHeaders
from ._responses import Answer, as_response

RawHeaders = tuple[tuple[bytes, bytes], ...]
if TYPE_CHECKING:  # (multidict's classes take a subscript only from 5.1; aiohttp accepts older ones)
    Head = CIMultiDictProxy[str]

# A call whose kwargs hold only these reuses its shape's request (see Target).
_SHAPED = frozenset({"method", "url", "json", "headers"})
# aiohttp resends these once, on its own, when a connection drops (RFC 9112 9.3.1); the facade's retry
# policy alone decides (max_retries counts every request), so their drops are raised past that resend.
RESENT_BY_AIOHTTP = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
_httpx_logger = logging.getLogger("httpx")
# Headers aiohttp adds to a request that lacks them, and the one it adds to a request with a body.
_AUTO_HEADERS = ("Accept", "Accept-Encoding", "User-Agent")
_AUTO_BODY_HEADERS = (*_AUTO_HEADERS, "Content-Type")
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


# What aiohttp raises for a failed exchange (see as_httpx_error).
AIOHTTP_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError)


def as_httpx_error(caught: BaseException) -> httpx.RequestError:
    """aiohttp's failure as the httpx error the retry policy and the error mapping read (raise it from ``caught``)."""
    exc: BaseException = caught.__cause__ if isinstance(caught, _NotResent) and caught.__cause__ else caught
    kind = next(mapped for source, mapped in _ERRORS if isinstance(exc, source))
    if _undecodable(exc):
        kind = httpx.DecodingError
    return kind(str(exc) or type(exc).__name__)


def _undecodable(exc: BaseException | None) -> bool:
    """Whether aiohttp failed to decode the body's Content-Encoding (httpx's DecodingError)."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, ContentEncodingError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def client_timeout(connect: float | None, pool: float | None, read: float | None = None) -> aiohttp.ClientTimeout:
    """httpx's timeouts as aiohttp's: connect (pool wait included), socket connect, and socket read if ``read``.

    The route keeps the read timeout of most requests itself (:mod:`._deadlines`); aiohttp keeps it (``read``)
    for a body larger than SENT_AT_ONCE_BYTES, whose clock must start once it is written. aiohttp has no write
    timeout: a write that stalls shows as the read timeout of the answer that never comes.
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


class Polls:
    """Since when the event loop is known to have taken in what its sockets received: settle only when stalled.

    Settling costs every call two turns of the loop, though under load the loop reads its sockets all
    the time. So a call settles (:func:`_settle`) only when the loop is not known to have read its
    sockets within the last SETTLED_SECONDS, as after a stretch of blocking work. What is known: a
    settle that started at ``t`` proves it for ``t``; so does a probe, two ``call_soon`` hops scheduled
    at ``t`` (the first runs after the loop's next read of its sockets, the second after everything
    that read queued). Calls that skip settling start a probe every PROBE_SECONDS, keeping the proof fresh.
    """

    __slots__ = ("probed", "since")

    def __init__(self) -> None:
        self.since = -math.inf  # the loop has read its sockets since then
        self.probed = -math.inf  # when the last probe was started

    def stalled(self) -> float | None:
        """When the loop is not known to have read its sockets within SETTLED_SECONDS: now (settle, then pass
        it to :meth:`seen`); else None, and a probe is started (at most every PROBE_SECONDS) to keep it known."""
        now = time.monotonic()
        if now - self.since > SETTLED_SECONDS:
            return now
        if now - self.probed > PROBE_SECONDS:
            self.probed = now
            asyncio.get_running_loop().call_soon(self._hop, now)
        return None

    def _hop(self, started: float) -> None:
        asyncio.get_running_loop().call_soon(self.seen, started)

    def seen(self, moment: float) -> None:
        """The loop has read its sockets (and run what that queued) since ``moment``."""
        self.since = max(self.since, moment)


# httpx 0.28's JSON encoding, built once (json.dumps with options builds an encoder per call).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_json(payload: object) -> bytes:
    """A JSON body as httpx 0.28 encodes it (checked against httpx's own on each shape's first call)."""
    return _JSON.encode(payload).encode("utf-8")


class Target:
    """Where and how one request goes through aiohttp: method, URL, head, proxy, timeouts, resend policy.

    A JSON call reuses its shape's target (see :meth:`AiohttpRoute._shape`): ``build_request`` parses the
    URL and merges the headers on every call (about half the route's own cost), and the head of every
    call of a shape is the same but for Content-Length. Any other call has a target of its own.
    """

    __slots__ = (
        "_length_at",
        "_sized",
        "head",
        "method",
        "middlewares",
        "proxy",
        "read_timeout",
        "request",
        "skip_auto",
        "timeout",
        "upload_timeout",
        "url",
    )

    def __init__(self, built: httpx.Request, route: AiohttpRoute, *, shared: bool) -> None:
        self.method = built.method
        self.url = URL(str(built.url), encoded=True)
        self.head = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in built.headers.raw]
        # What aiohttp would add to a head without it (httpx sends what the pool says; None: nothing to skip).
        sent = {name.lower() for name, _ in self.head}
        auto = _AUTO_BODY_HEADERS if built.content else _AUTO_HEADERS
        self.skip_auto = tuple(name for name in auto if name.lower() not in sent) or None
        lengths = [i for i, (name, _) in enumerate(self.head) if name.lower() == "content-length"]
        self._length_at = lengths[0] if lengths else -1
        self._sized: tuple[int, Head] | None = None  # the last head built, and its body's length
        # The request answers refer to; a shared one carries method, URL and headers, no one call's body.
        self.request = (
            httpx.Request(built.method, built.url, headers=built.headers, extensions=built.extensions)
            if shared
            else built
        )
        self.proxy = route.proxy(built.url)
        self.middlewares = _NO_RESEND if built.method in RESENT_BY_AIOHTTP else None
        timeouts = built.extensions.get("timeout", {})
        self.read_timeout: float | None = timeouts.get("read")
        self.timeout = route.timeout(timeouts.get("connect"), timeouts.get("pool"))
        # For a body larger than SENT_AT_ONCE_BYTES: aiohttp's own read clock, started once the body is written.
        self.upload_timeout = route.timeout(timeouts.get("connect"), timeouts.get("pool"), self.read_timeout)

    def headers(self, length: int) -> Head:
        """The head of a call whose body is ``length`` bytes long (the last one's again for the same length).

        A read-only multidict: aiohttp takes it as it is (a list it would first copy into one) and never
        changes it, so calls of the same length share it.
        """
        sized = self._sized
        if sized is not None and sized[0] == length:
            return sized[1]
        headers = list(self.head)
        headers[self._length_at] = (headers[self._length_at][0], str(length))
        head = CIMultiDictProxy(CIMultiDict(headers))
        self._sized = (length, head)
        return head


def _response(
    status: int, raw_headers: RawHeaders, content: bytes, request: httpx.Request, reason: str
) -> httpx.Response:
    """The ``httpx.Response`` the httpx route hands on for an answer read whole (its body already decoded)."""
    return httpx.Response(
        status,
        headers=[item for item in raw_headers if item[0].lower() not in _DECODED],
        content=content,
        request=request,
        extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason.encode("latin-1", "replace")},
    )


async def _read_bounded(
    call: _operations.Call,
    answer: aiohttp.ClientResponse,
    first: bytes,
    started: float,
    read_timeout: float | None,
    *,
    deadlines: ReadDeadlines,
    task: Task | None,
) -> bytes:
    """The rest of a body that did not come whole in its first read (or too large), read under Body's bounds
    (and each read within the read timeout)."""
    body = _operations.Body(call, answer.status, answer.headers.get("Content-Type", ""), read_timeout, started)
    chunk = first
    while chunk:
        body.add(chunk)
        if task is not None:
            deadlines.arm(task)
        chunk = await answer.content.readany()
    return body.content()


class AiohttpRoute:
    """One ``aiohttp.ClientSession`` (opened in the running loop on first use) and the attempts sent through it."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple[float | None, float | None, float | None], aiohttp.ClientTimeout] = {}
        self._proxies: dict[tuple[str, str], str | None] = {}
        self._environment = urllib.request.getproxies()  # read once, as httpx reads it when its pool is built
        self._shapes: dict[tuple[object, ...], tuple[tuple[object, ...], Target]] = {}
        self._json_like_httpx = True
        self._polls = Polls()
        self._deadlines: ReadDeadlines | None = None

    def _open(self) -> tuple[aiohttp.ClientSession, ReadDeadlines]:
        connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS, ssl=httpx.create_ssl_context())
        deadlines = ReadDeadlines(asyncio.get_running_loop())
        return aiohttp.ClientSession(
            connector=connector,
            request_class=request_class(deadlines),
            trust_env=False,  # proxies: see proxy (aiohttp would look them and ~/.netrc up in a thread per request)
            cookie_jar=aiohttp.DummyCookieJar(),  # the httpx pool keeps the cookies (see attempt)
            auto_decompress=True,
        ), deadlines

    def attempt(
        self,
        http_client: httpx.AsyncClient,
        call: _operations.Call,
        build: Callable[[_operations.Call], httpx.Request],
        facade_timeout: httpx.Timeout,
    ) -> _operations.AsyncAttempt:
        """An attempt that sends ``call``'s request through aiohttp, read under Body's bounds.

        ``build`` is the httpx route's ``build_request`` (with ``facade_timeout``): a JSON call reuses its
        shape's target (see :class:`Target`), any other call's request is built by it each time.
        """
        target = self._shape(http_client, call, build, facade_timeout)
        headers: Head | list[tuple[str, str]]
        if target is None:
            built = build(call)
            target = Target(built, self, shared=False)
            content = built.content or None
            headers = target.head
        else:
            content = encode_json(call.kwargs["json"])
            headers = target.headers(len(content))
            call.secrets.sent(target.request)  # the shape's headers are this call's
        return functools.partial(self._send, http_client, call, target, headers, content)

    async def _send(
        self,
        http_client: httpx.AsyncClient,
        call: _operations.Call,
        target: Target,
        headers: Head | list[tuple[str, str]],
        content: bytes | None,
    ) -> httpx.Response | Answer:
        """One attempt: the answer read whole (decoded as it arrives: the cap sees decoded bytes).

        A body that comes whole in its first read (every answer of a few hundred bytes) is taken as it
        is; anything longer is read on under Body's bounds.
        """
        session, deadlines = self._session, self._deadlines
        if session is None or deadlines is None:
            session, deadlines = self._session, self._deadlines = self._open()
        stalled = self._polls.stalled()
        if stalled is not None:  # the session is held: an aclose() during the settle closes it (aiohttp refuses)
            await _settle()
            self._polls.seen(stalled)
        if content is None or len(content) <= SENT_AT_ONCE_BYTES:  # sent at once: the clock starts as it goes out
            task, timeout = deadlines.watch(target.read_timeout), target.timeout
        else:  # an upload: aiohttp's clock, which starts once the body is written
            task, timeout = None, target.upload_timeout
        try:
            async with session.request(
                target.method,
                target.url,
                headers=headers,
                data=content,
                allow_redirects=False,
                skip_auto_headers=target.skip_auto,
                timeout=timeout,
                middlewares=target.middlewares,
                proxy=target.proxy,
            ) as answer:
                started = time.monotonic()
                stream = answer.content
                if task is not None and not stream.is_eof():  # a body still coming: the next read's clock
                    deadlines.arm(task)
                data = await stream.readany()
                if not (stream.is_eof() and _operations.within_cap(data)):
                    data = await _read_bounded(
                        call, answer, data, started, target.read_timeout, deadlines=deadlines, task=task
                    )
                deadlines.forget(task)  # read whole: nothing after this (closing the answer) is a read timeout
                task = None
                status = answer.status
                received = answer.headers
                reason = answer.reason or ""
                raw_headers = answer.raw_headers
        except AIOHTTP_ERRORS as caught:
            raise as_httpx_error(caught) from caught
        except asyncio.CancelledError:
            if task is None or not deadlines.expired(task):
                raise
            raise httpx.ReadTimeout(f"no data arrived within the read timeout ({target.read_timeout}s)") from None
        finally:
            deadlines.forget(task)
        request = target.request
        build = functools.partial(_response, status, raw_headers, data, request, reason)
        outcome = Answer(status, received, data, build) if 200 <= status < 300 else build()
        if _httpx_logger.isEnabledFor(logging.INFO):  # the line httpx logs for every request it sends
            phrase = as_response(outcome).reason_phrase
            _httpx_logger.info('HTTP Request: %s %s "HTTP/1.1 %d %s"', request.method, request.url, status, phrase)
        if "Set-Cookie" in received:
            http_client.cookies.extract_cookies(as_response(outcome))
        return outcome

    def timeout(self, connect: float | None, pool: float | None, read: float | None = None) -> aiohttp.ClientTimeout:
        """aiohttp's timeouts for httpx's (see :func:`client_timeout`), one object per combination."""
        key = (connect, pool, read)
        timeout = self._timeouts.get(key)
        if timeout is None:
            timeout = self._timeouts[key] = client_timeout(*key)
        return timeout

    def _shape(
        self,
        http_client: httpx.AsyncClient,
        call: _operations.Call,
        build: Callable[[_operations.Call], httpx.Request],
        facade_timeout: httpx.Timeout,
    ) -> Target | None:
        """The reusable target of a JSON call's shape, or None where each request must be built whole.

        Built whole: anything but method, URL, JSON body and headers (params, content, multipart), a pool
        with cookies or params (they go into each request), and every call once the JSON encoding was seen
        to differ from httpx's.
        """
        kwargs = call.kwargs
        if not self._json_like_httpx or "json" not in kwargs or not kwargs.keys() <= _SHAPED:
            return None
        cookies = http_client.cookies
        if (cookies.may_hold if isinstance(cookies, LeanCookies) else cookies) or http_client.params:
            return None
        # One target per method, URL and key headers, kept while the rest of what build_request reads stays
        # the same: the call's own headers, the pool's headers (the facade's pool counts their changes) and
        # the timeout (compared, not hashed).
        headers = http_client.headers
        version = headers.version if isinstance(headers, TrackedHeaders) else headers.raw
        stamp = (kwargs.get("headers"), headers, version, facade_timeout)
        key = (kwargs["method"], kwargs["url"], call.facts.key_headers)
        kept = self._shapes.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        built = build(call)
        if built.content != encode_json(kwargs["json"]):
            self._json_like_httpx = False
            return None
        if len(self._shapes) >= MAX_REQUEST_SHAPES:
            self._shapes.clear()
        target = Target(built, self, shared=True)
        self._shapes[key] = (stamp, target)
        return target

    def proxy(self, url: httpx.URL) -> str | None:
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
        if self._deadlines is not None:
            self._deadlines.close()
            self._deadlines = None


def _respx_active() -> bool:
    """True while a respx router mocks httpx (respx's public registry), so its routes see the facade's calls."""
    mocks = sys.modules.get("respx.mocks")
    return mocks is not None and any(mocker.routers for mocker in mocks.Mocker.registry.values())
