"""A lean asyncio HTTP/1.1 keep-alive transport for ``httpx.AsyncClient`` (the facade's async default).

Why it exists: httpx's own async pool (httpcore) loses most of its throughput with many requests
in flight, and an aiohttp-based transport pays for two client stacks. This one is an
``asyncio.Protocol`` per connection, a pool of idle connections per origin, and a small HTTP/1.1
response parser; ``httpx.AsyncClient`` stays the interface (requests, responses, errors, hooks).
The facade's direct route (``_direct``) also sends already-encoded requests through
:meth:`AsyncTransport.exchange`, sharing the same pool, parser, timeouts and errors.

What it does: http and https (TLS verified with httpx's default context), Content-Length,
chunked and read-until-close bodies (responses streamed as they arrive), ``Connection: close``,
informational (1xx) responses skipped, keep-alive reuse with an expiry, at most
``max_connections`` open connections (waiting up to the pool timeout for one), every timeout of
``request.extensions["timeout"]`` (connect, read, write, pool), and the matching ``httpx``
exceptions: ``ConnectError``, ``ConnectTimeout``, ``ReadTimeout``, ``WriteTimeout``,
``PoolTimeout``, ``ReadError``, ``WriteError``, ``RemoteProtocolError``, ``LocalProtocolError``,
``UnsupportedProtocol``. What it does not: HTTP/2, proxies (the facade keeps httpx's own transport
when proxy variables are set), CONNECT or protocol upgrades.
"""

from __future__ import annotations

import asyncio
import collections
import ssl
import time
import urllib.request
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import httpx

DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=5.0)
MAX_HEAD_BYTES = 64 * 1024
MAX_LINE_BYTES = 8 * 1024
_CRLF = b"\r\n"
_HEAD_END = b"\r\n\r\n"
_NO_BODY_STATUSES = frozenset({204, 304})
_DEFAULT_PORTS = {b"http": 80, b"https": 443}

# Body framing of the response being read.
_LENGTH, _CHUNKED, _UNTIL_CLOSE, _NONE = range(4)
# Chunked-decoder states.
_SIZE, _DATA, _DATA_END, _TRAILER = range(4)

Origin = tuple[bytes, bytes, int]


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 connection: writes one request at a time and parses its response."""

    def __init__(self, origin: Origin) -> None:
        self.origin = origin
        self.loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.closed = False
        self.lost: asyncio.Future[None] = self.loop.create_future()
        self.idle_since = 0.0
        self.reusable = False
        self._error: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._write_paused = False
        self._drain_waiter: asyncio.Future[None] | None = None
        self._reset_response(head_request=False)

    # -- response state

    def _reset_response(self, *, head_request: bool) -> None:
        self.head_request = head_request
        self.status = 0
        self.reason = b""
        self.http_version = b"HTTP/1.1"
        self.headers: list[tuple[bytes, bytes]] = []
        self.head_done = False
        self.body_done = False
        self.chunks: list[bytes] = []
        self.framing = _NONE
        self.remaining = 0
        self.chunk_state = _SIZE
        self.keep_alive = True

    # -- asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)  # noqa: S101 - stream sockets only
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        try:
            self._parse()
        except httpx.RemoteProtocolError as exc:
            self._fail(exc)
            self.close()
            return
        self._wake()

    def eof_received(self) -> bool | None:
        return None  # let the transport close; connection_lost finishes the response

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.lost.done():
            self.lost.set_result(None)
        if self._drain_waiter is not None and not self._drain_waiter.done():
            self._drain_waiter.set_exception(httpx.WriteError(str(exc) if exc else "connection closed while writing"))
        if self.head_done and not self.body_done and self.framing == _UNTIL_CLOSE and exc is None:
            self.body_done = True
        elif self._error is None and not self.body_done:
            if exc is not None:
                self._error = httpx.ReadError(str(exc) or type(exc).__name__)
            elif not self.head_done:
                self._error = httpx.RemoteProtocolError("Server disconnected without sending a response.")
            else:
                self._error = httpx.RemoteProtocolError("peer closed connection without sending complete message body")
        self._wake()

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        if self._drain_waiter is not None and not self._drain_waiter.done():
            self._drain_waiter.set_result(None)

    # -- helpers

    def _fail(self, exc: BaseException) -> None:
        if self._error is None:
            self._error = exc

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def close(self) -> None:
        self.reusable = False
        if self.transport is not None and not self.closed:
            self.transport.close()
        self.closed = True

    async def _wait(self, timeout: float | None, error: type[httpx.TimeoutException]) -> None:
        """Wait for the parser to make progress (or the connection to end), at most ``timeout`` seconds."""
        waiter = self.loop.create_future()
        self._waiter = waiter
        timer = None
        if timeout is not None:
            timer = self.loop.call_later(timeout, _expire, waiter, error)
        try:
            await waiter
        finally:
            self._waiter = None
            if timer is not None:
                timer.cancel()

    async def drain(self, timeout: float | None) -> None:
        if not self._write_paused:
            return
        waiter = self.loop.create_future()
        self._drain_waiter = waiter
        timer = None if timeout is None else self.loop.call_later(timeout, _expire, waiter, httpx.WriteTimeout)
        try:
            await waiter
        finally:
            self._drain_waiter = None
            if timer is not None:
                timer.cancel()

    def write(self, data: bytes) -> None:
        if self.closed or self.transport is None or self.transport.is_closing():
            raise httpx.WriteError("connection closed while writing")
        self.transport.write(data)

    # -- request / response

    async def send_request(self, request: httpx.Request, timeouts: dict[str, float | None]) -> None:
        head = _request_head(request)
        head_request = request.method == "HEAD"
        try:
            body = request.content
        except httpx.RequestNotRead:
            self._reset_response(head_request=head_request)
            self.reusable = False
            self.write(head)
            await self.drain(timeouts.get("write"))
            chunked = request.headers.get("transfer-encoding", "").lower() == "chunked"
            async for part in request.stream:  # type: ignore[union-attr]
                if part:
                    self.write(b"%x\r\n%b\r\n" % (len(part), part) if chunked else part)
                    await self.drain(timeouts.get("write"))
            if chunked:
                self.write(b"0\r\n\r\n")
            await self.drain(timeouts.get("write"))
        else:
            await self.send_bytes(head, body, timeouts.get("write"), head_request=head_request)

    async def send_bytes(self, head: bytes, body: bytes, write_timeout: float | None, *, head_request: bool) -> None:
        """Write one request whose head and body are already encoded."""
        self._reset_response(head_request=head_request)
        self.reusable = False
        if len(body) < 65536:
            self.write(head + body)
        else:
            self.write(head)
            self.write(body)
        await self.drain(write_timeout)

    async def receive_head(self, timeout: float | None) -> None:
        while not self.head_done:
            if self._error is not None:
                raise self._error
            await self._wait(timeout, httpx.ReadTimeout)
        if self.body_done and self._error is None and not self.closed:
            self.reusable = self.keep_alive

    async def next_part(self, timeout: float | None) -> bytes | None:
        """The body bytes that arrived since the last call (waiting for some), or None once the body is complete."""
        while True:
            chunks = self.chunks
            if chunks:
                self.chunks = []
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)
            if self.body_done:
                self.reusable = self.keep_alive and not self.closed and not self.buffer
                return None
            if self._error is not None:
                raise self._error
            await self._wait(timeout, httpx.ReadTimeout)

    async def body(self, timeout: float | None) -> AsyncIterator[bytes]:
        while (part := await self.next_part(timeout)) is not None:
            yield part

    async def read_body(self, timeout: float | None, sink: Callable[[bytes], None]) -> None:
        """Hand the body to ``sink`` part by part as it arrives, until it is complete."""
        while (part := await self.next_part(timeout)) is not None:
            sink(part)

    # -- parser

    def _parse(self) -> None:
        while not self.head_done:
            if not self._parse_head():
                return
        if not self.body_done:
            self._parse_body()
        if self.body_done and self.buffer:
            # Bytes after a complete response on a connection we did not ask anything else of.
            self.keep_alive = False

    def _parse_head(self) -> bool:
        end = self.buffer.find(_HEAD_END)
        if end < 0:
            if len(self.buffer) > MAX_HEAD_BYTES:
                raise httpx.RemoteProtocolError("response head too large")
            return False
        lines = bytes(self.buffer[:end]).split(_CRLF)
        del self.buffer[: end + 4]
        version, _, rest = lines[0].partition(b" ")
        code, _, reason = rest.partition(b" ")
        if version not in (b"HTTP/1.1", b"HTTP/1.0") or len(code) != 3 or not code.isdigit():
            raise httpx.RemoteProtocolError("malformed response status line")
        status = int(code)
        headers, length, chunked, connection = _scan_headers(lines[1:])
        if 100 <= status < 200:
            return True  # an informational response: the real one follows
        self.status, self.reason, self.http_version, self.headers = status, reason, version, headers
        if version == b"HTTP/1.0":
            self.keep_alive = b"keep-alive" in connection
        else:
            self.keep_alive = b"close" not in connection
        if self.head_request or status in _NO_BODY_STATUSES:
            self.framing = _NONE
            self.body_done = True
        elif chunked:
            self.framing = _CHUNKED
        elif length is not None:
            self.framing = _LENGTH
            self.remaining = length
            self.body_done = length == 0
        else:
            self.framing = _UNTIL_CLOSE
            self.keep_alive = False
        self.head_done = True
        return True

    def _parse_body(self) -> None:
        buffer = self.buffer
        if self.framing == _LENGTH:
            if len(buffer) <= self.remaining:
                taken = bytes(buffer)
                buffer.clear()
            else:
                taken = bytes(buffer[: self.remaining])
                del buffer[: self.remaining]
            if taken:
                self.chunks.append(taken)
                self.remaining -= len(taken)
            self.body_done = self.remaining == 0
        elif self.framing == _UNTIL_CLOSE:
            if buffer:
                self.chunks.append(bytes(buffer))
                buffer.clear()
        elif self.framing == _CHUNKED:
            self._parse_chunked()

    def _parse_chunked(self) -> None:  # noqa: PLR0912 - one branch per decoder state
        buffer = self.buffer
        while not self.body_done:
            if self.chunk_state == _SIZE:
                end = buffer.find(_CRLF)
                if end < 0:
                    if len(buffer) > MAX_LINE_BYTES:
                        raise httpx.RemoteProtocolError("chunk size line too long")
                    return
                size_text = bytes(buffer[:end]).split(b";", 1)[0].strip()
                del buffer[: end + 2]
                try:
                    self.remaining = int(size_text, 16)
                except ValueError:
                    raise httpx.RemoteProtocolError("malformed chunk size") from None
                if self.remaining < 0:
                    raise httpx.RemoteProtocolError("malformed chunk size")
                self.chunk_state = _TRAILER if self.remaining == 0 else _DATA
            elif self.chunk_state == _DATA:
                if not buffer:
                    return
                taken = bytes(buffer[: self.remaining])
                del buffer[: len(taken)]
                self.chunks.append(taken)
                self.remaining -= len(taken)
                if self.remaining == 0:
                    self.chunk_state = _DATA_END
            elif self.chunk_state == _DATA_END:
                if len(buffer) < 2:
                    return
                if buffer[:2] != _CRLF:
                    raise httpx.RemoteProtocolError("malformed chunked body")
                del buffer[:2]
                self.chunk_state = _SIZE
            else:  # trailer lines, up to an empty one
                end = buffer.find(_CRLF)
                if end < 0:
                    if len(buffer) > MAX_HEAD_BYTES:
                        raise httpx.RemoteProtocolError("chunked trailer too large")
                    return
                del buffer[: end + 2]
                if end == 0:
                    self.body_done = True


def _scan_headers(lines: list[bytes]) -> tuple[list[tuple[bytes, bytes]], int | None, bool, bytes]:
    """(headers, Content-Length, chunked?, Connection value) of a response head's header lines."""
    headers = []
    length: int | None = None
    chunked = False
    connection = b""
    for line in lines:
        name, sep, value = line.partition(b":")
        if not sep or not name or name != name.strip():
            raise httpx.RemoteProtocolError("malformed response header")
        value = value.strip()
        headers.append((name, value))
        lowered = name.lower()
        if lowered == b"content-length":
            if not value.isdigit() or (length is not None and int(value) != length):
                raise httpx.RemoteProtocolError("malformed Content-Length")
            length = int(value)
        elif lowered == b"transfer-encoding":
            chunked = value.lower().endswith(b"chunked")
        elif lowered == b"connection":
            connection = value.lower()
    return headers, length, chunked, connection


def _expire(waiter: asyncio.Future[None], error: type[httpx.TimeoutException]) -> None:
    if not waiter.done():
        waiter.set_exception(error("timed out"))


def _request_head(request: httpx.Request) -> bytes:
    return encode_head(request.method, request.url.raw_path, request.headers.raw)


def encode_head(method: str, target: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """An HTTP/1.1 request head; LocalProtocolError for a header that would split the message."""
    lines = [b"%b %b HTTP/1.1" % (method.encode("ascii"), target or b"/")]
    for name, value in headers:
        if b"\n" in value or b"\r" in value or b"\n" in name or b"\r" in name or b":" in name:
            raise httpx.LocalProtocolError("illegal header name or value")
        lines.append(b"%b: %b" % (name, value))
    lines.append(b"\r\n")
    return _CRLF.join(lines)


def origin_of(url: httpx.URL) -> Origin:
    """(scheme, host, port) of an http(s) URL; UnsupportedProtocol for anything else."""
    scheme = url.raw_scheme
    if scheme not in _DEFAULT_PORTS:
        raise httpx.UnsupportedProtocol(f"Request URL has an unsupported protocol '{url.scheme}://'.")
    if not url.raw_host:
        raise httpx.UnsupportedProtocol("Request URL is missing a host.")
    return (scheme, url.raw_host, url.port or _DEFAULT_PORTS[scheme])


class _ResponseStream(httpx.AsyncByteStream):
    """The body of one response, as it arrives; closing it hands the connection back to the pool."""

    def __init__(self, transport: AsyncTransport, connection: _Connection, read_timeout: float | None) -> None:
        self._transport = transport
        self._connection = connection
        self._read_timeout = read_timeout
        self._released = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._connection.body(self._read_timeout):
                yield part
        except BaseException:
            self._connection.close()
            await self.aclose()
            raise

    async def aclose(self) -> None:
        self.release()

    def release(self) -> None:
        if not self._released:
            self._released = True
            self._transport.release(self._connection)


class AsyncTransport(httpx.AsyncBaseTransport):
    """``httpx.AsyncBaseTransport`` over asyncio protocols: HTTP/1.1, keep-alive, bounded pool.

    ``verify`` takes what httpx takes (True, False, or an ``ssl.SSLContext``).
    """

    def __init__(
        self,
        *,
        limits: httpx.Limits = DEFAULT_LIMITS,
        verify: bool | ssl.SSLContext = True,
    ) -> None:
        self._max_connections = limits.max_connections or 1_000_000
        self._max_idle = limits.max_keepalive_connections if limits.max_keepalive_connections is not None else 1_000_000
        self._expiry = limits.keepalive_expiry
        self._verify = verify
        self._ssl_context: ssl.SSLContext | None = None
        self._idle: dict[Origin, collections.deque[_Connection]] = {}
        self._idle_count = 0
        self._open: set[_Connection] = set()
        self._opening = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._closed = False

    # -- pool

    def _ssl(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            if isinstance(self._verify, ssl.SSLContext):
                self._ssl_context = self._verify
            else:
                self._ssl_context = httpx.create_ssl_context(verify=self._verify)
        return self._ssl_context

    def _take_idle(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            self._idle_count -= 1
            if (
                connection.closed
                or connection.buffer
                or (self._expiry is not None and now - connection.idle_since > self._expiry)
            ):
                self._discard(connection)
                continue
            return connection
        return None

    def _discard(self, connection: _Connection) -> None:
        connection.close()
        self._open.discard(connection)

    def _close_one_idle(self) -> bool:
        for idle in self._idle.values():
            if idle:
                self._discard(idle.popleft())
                self._idle_count -= 1
                return True
        return False

    def _wake_one(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    def _release(self, connection: _Connection) -> None:
        if connection.reusable and not connection.closed and not self._closed and self._idle_count < self._max_idle:
            connection.reusable = False
            connection.idle_since = time.monotonic()
            self._idle.setdefault(connection.origin, collections.deque()).append(connection)
            self._idle_count += 1
        else:
            self._discard(connection)
        self._wake_one()

    async def _acquire(self, origin: Origin, timeouts: dict[str, float | None]) -> _Connection:
        deadline = None
        while True:
            if self._closed:
                raise RuntimeError("the transport is closed")
            connection = self._take_idle(origin)
            if connection is not None:
                return connection
            if len(self._open) + self._opening < self._max_connections or self._close_one_idle():
                return await self._connect(origin, timeouts.get("connect"))
            pool_timeout = timeouts.get("pool")
            if deadline is None and pool_timeout is not None:
                deadline = time.monotonic() + pool_timeout
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                await asyncio.wait_for(waiter, remaining)
            except asyncio.TimeoutError:
                raise httpx.PoolTimeout("timed out waiting for a free connection") from None
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._wake_one()  # we were handed a slot we will not use: pass it on
                raise

    async def _connect(self, origin: Origin, timeout: float | None) -> _Connection:
        scheme, host, port = origin
        loop = asyncio.get_running_loop()
        connection = _Connection(origin)
        hostname = host.decode("ascii")
        tls = self._ssl() if scheme == b"https" else None
        self._opening += 1
        try:
            await asyncio.wait_for(
                loop.create_connection(
                    lambda: connection, hostname, port, ssl=tls, server_hostname=hostname if tls else None
                ),
                timeout,
            )
        except asyncio.TimeoutError:
            raise httpx.ConnectTimeout(f"timed out connecting to {hostname}:{port}") from None
        except (OSError, ssl.SSLError) as exc:
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        finally:
            self._opening -= 1
            self._wake_one()
        self._open.add(connection)
        return connection

    # -- httpx.AsyncBaseTransport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts: dict[str, float | None] = request.extensions.get("timeout", {})
        connection = await self._acquire(origin_of(request.url), timeouts)
        try:
            await connection.send_request(request, timeouts)
            await connection.receive_head(timeouts.get("read"))
        except BaseException:
            self.discard(connection)
            raise
        return self.response(connection, timeouts.get("read"))

    async def exchange(
        self, origin: Origin, head: bytes, body: bytes, timeouts: dict[str, float | None]
    ) -> _Connection:
        """Send an already encoded request; return its connection once the response head is read.

        The caller then reads the body (``connection.read_body`` or :meth:`response`) and hands the
        connection back with :meth:`release`, or :meth:`discard` if reading failed.
        """
        connection = await self._acquire(origin, timeouts)
        try:
            await connection.send_bytes(head, body, timeouts.get("write"), head_request=head.startswith(b"HEAD "))
            await connection.receive_head(timeouts.get("read"))
        except BaseException:
            self.discard(connection)
            raise
        return connection

    def response(self, connection: _Connection, read_timeout: float | None) -> httpx.Response:
        """An ``httpx.Response`` that streams the body of ``connection``'s current response."""
        stream = _ResponseStream(self, connection, read_timeout)
        if connection.body_done and not connection.chunks:
            stream.release()  # nothing to read: the connection is free already
        return httpx.Response(
            connection.status,
            headers=connection.headers,
            stream=stream,
            extensions={"http_version": connection.http_version, "reason_phrase": connection.reason},
        )

    def release(self, connection: _Connection) -> None:
        """Take back a connection whose response was read whole (kept if reusable, else closed)."""
        self._release(connection)

    def discard(self, connection: _Connection) -> None:
        """Close a connection whose exchange failed, and let a waiting request open a new one."""
        self._discard(connection)
        self._wake_one()

    async def aclose(self) -> None:
        """Close every connection, idle or in use, and wait (briefly) until each socket is closed."""
        self._closed = True
        connections = list(self._open)
        self._open.clear()
        self._idle.clear()
        self._idle_count = 0
        for connection in connections:
            connection.close()
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
        pending = [c.lost for c in connections if not c.lost.done()]
        if pending:
            await asyncio.wait(pending, timeout=1.0)

    @property
    def open_connections(self) -> int:
        """How many connections are open right now (idle or in use); for tests and diagnostics."""
        return len(self._open)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(open={len(self._open)}, idle={self._idle_count})"


class _Cookies(httpx.Cookies):
    """httpx's cookie store, minus the cost of a cookie-jar pass over responses that set no cookie.

    httpx hands every response to ``http.cookiejar`` (building urllib request/response adapters
    each time); the jar only ever reads ``Set-Cookie``/``Set-Cookie2``, so skipping responses
    without them changes nothing but the cost.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


def _proxies_configured() -> bool:
    """True if the environment names an HTTP(S) proxy (then httpx's own transport, which honours it, is kept)."""
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


ClientT = TypeVar("ClientT", httpx.Client, httpx.AsyncClient)


def build_client(kind: type[ClientT], options: dict[str, Any]) -> ClientT:
    """The facade's own pool: ``kind(**options)`` with the lean transport (async) and lean cookie store.

    Async clients get :class:`AsyncTransport` unless a proxy is configured in the environment;
    sync clients keep httpx's transport (it is as fast as the socket allows one call at a time).
    """
    if kind is httpx.AsyncClient and "transport" not in options and not _proxies_configured():
        options = {**options, "transport": AsyncTransport()}
    client = kind(**options)
    client._cookies = _Cookies(client.cookies)  # httpx reads its store from this attribute
    return client
