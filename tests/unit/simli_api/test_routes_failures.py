"""Four transport failures of the former hand-written stack, as regression tests on every async route.

Each scenario runs through ``AsyncSimli``'s public API against a raw server of our own, on each route
the facade can take: ``httpx`` (the default without ``simli-api[aiohttp]``: httpx's own transport),
``aiohttp`` (the default with the extra) and ``own`` (a caller's ``httpx.AsyncClient``). Each has a
tamper check: the protection taken away (by a stand-in for the old defect, through public API only)
turns the scenario red.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from simli_api import AsyncSimli, SimliConnectionError, SimliTimeoutError, _client
from simli_api_client.api.default import get_cached_video_mp_4_static_mp_4_machine_ip_file_get as mp4
from tests.support.asyncio_servers import SESSION, Blackhole, ThreadServer, read_request, reply, run

from .test_routes import ROUTES, facade, start

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

MiB = 1024 * 1024
SESSION_REPLY = reply(
    200, b'{"status": "ok", "session_id": "%s"}' % SESSION["session_id"].encode(), "Content-Type: application/json"
)


# --------------------------------------------------------------------------- 1. stale keep-alive connection


async def close_when_idle(server: ThreadServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer one request, then close the connection once it has been idle for 50 ms."""
    line, _, _ = await read_request(reader)
    server.saw(line)
    writer.write(SESSION_REPLY)
    await writer.drain()
    await asyncio.sleep(0.05)


async def stale_connection(route: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Two POSTs; between them the event loop is blocked while the server closes the idle connection."""
    with ThreadServer(close_when_idle) as server:
        async with facade(route, server.url, monkeypatch) as simli:
            await start(simli)
            time.sleep(0.3)  # the loop is busy: the server's FIN arrives but is not processed
            await start(simli)
        return len(server.requests)


@pytest.mark.parametrize("route", ROUTES)
def test_a_connection_closed_while_idle_is_not_reused(route: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(lambda: stale_connection(route, monkeypatch)) == 2


# --------------------------------------------------------------------------- 2. abandoned stream


async def small_files_and_sessions(
    server: ThreadServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    """A keep-alive server: GET answers a small binary body, POST the session JSON."""
    while True:
        line, _, _ = await read_request(reader)
        server.saw(line)
        if line.startswith(b"GET"):
            writer.write(reply(200, b"v" * 1000, "Content-Type: video/mp4"))
        else:
            writer.write(SESSION_REPLY)
        await writer.drain()


async def abandon(simli: AsyncSimli) -> None:
    """Enter ``simli.stream()``, take the first chunk and leave: neither the block nor the iterator is closed."""
    opened = simli.stream(mp4, destination="d", file="f.mp4")
    chunks = await opened.__aenter__()
    await chunks.__anext__()


async def abandoned_stream(route: str, monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    with ThreadServer(small_files_and_sessions) as server:
        async with facade(route, server.url, monkeypatch) as simli:
            await abandon(simli)
            gc.collect()  # the abandoned iterator is finalised while the next calls run
            for _ in range(3):
                await start(simli)
                await asyncio.sleep(0.01)
            async with simli.stream(mp4, destination="d", file="f.mp4") as chunks:
                assert b"".join([chunk async for chunk in chunks]) == b"v" * 1000
            await start(simli)
        return [line.split(b" ")[0] for line in server.requests]


@pytest.mark.parametrize("route", ROUTES)
def test_an_abandoned_stream_leaves_the_pool_sound(route: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every call succeeded, and each POST reached the server once.
    assert run(lambda: abandoned_stream(route, monkeypatch)) == [b"GET", b"POST", b"POST", b"POST", b"GET", b"POST"]


# --------------------------------------------------------------------------- 3. read backpressure

BIG = 64 * MiB
PIECE = 256 * 1024


async def big_file(server: ThreadServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A 64 MiB body written as fast as the client takes it; ``server.sent`` counts what left the server."""
    line, _, _ = await read_request(reader)
    server.saw(line)
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: %d\r\n\r\n" % BIG)
    piece = b"\0" * PIECE
    for _ in range(BIG // PIECE):
        writer.write(piece)
        await writer.drain()
        server.wrote(PIECE)


async def slow_consumer(route: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(bytes consumed, bytes the server had sent) after one chunk and a second's pause of the consumer."""
    with ThreadServer(big_file) as server:
        async with (
            facade(route, server.url, monkeypatch) as simli,
            simli.stream(mp4, destination="d", file="f.mp4") as chunks,
        ):
            consumed = len(await chunks.__anext__())
            await asyncio.sleep(1.0)  # a consumer slower than the network
            return consumed, server.sent


@pytest.mark.parametrize("route", ROUTES)
def test_a_slow_consumer_holds_the_sender_back(route: str, monkeypatch: pytest.MonkeyPatch) -> None:
    consumed, sent = run(lambda: slow_consumer(route, monkeypatch))
    assert consumed > 0
    # Only what the sockets' buffers hold (a few MiB on loopback) has left the server, not the body.
    assert sent < 24 * MiB, f"{sent / MiB:.1f} MiB sent for {consumed} bytes consumed"


# --------------------------------------------------------------------------- 4. fallback across addresses

NAME = "simli.test"


@contextmanager
def two_addresses(monkeypatch: pytest.MonkeyPatch, port: int) -> Iterator[None]:
    """``simli.test`` resolves to [127.0.0.2 (drops connections), 127.0.0.1 (the server)] for every resolver."""
    blackhole = Blackhole("127.0.0.2", port)
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if (host.decode() if isinstance(host, bytes) else host) != NAME:  # anyio passes the IDNA-encoded bytes
            return real(host, *args, **kwargs)
        return [
            (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.2", port)),
            (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    try:
        yield
    finally:
        blackhole.close()


async def sessions(server: ThreadServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while True:
        line, _, _ = await read_request(reader)
        server.saw(line)
        writer.write(SESSION_REPLY)
        await writer.drain()


async def first_address_blackholed(route: str, monkeypatch: pytest.MonkeyPatch, *, first_only: bool = False) -> float:
    """Seconds one POST takes to a name whose first address drops connections (connect timeout 2 s).

    ``first_only``: the tamper, a resolver that hands on the first address only.
    """
    with ThreadServer(sessions) as server, two_addresses(monkeypatch, server.port):
        if first_only:
            both = socket.getaddrinfo
            monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: both(*args, **kwargs)[:1])
        url = f"http://{NAME}:{server.port}"
        timeout = httpx.Timeout(10.0, connect=2.0)
        async with facade(route, url, monkeypatch, timeout=timeout) as simli:
            started = time.monotonic()
            await start(simli)
            return time.monotonic() - started


@pytest.mark.parametrize("route", ROUTES)
def test_the_next_address_is_tried_when_the_first_drops_connections(
    route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(lambda: first_address_blackholed(route, monkeypatch)) < 1.5


# --------------------------------------------------------------------------- tamper checks


class Tampered(httpx.AsyncBaseTransport):
    """httpx's transport with one of the old defects put back (``defect`` wraps each response)."""

    def __init__(self, defect: Callable[[Tampered, httpx.Response], httpx.Response]) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.defect = defect
        self.poisoned = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if self.poisoned:  # the old pool: a late close took down the connection now serving this request
            self.poisoned = False
            await response.aclose()
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        return self.defect(self, response)

    async def aclose(self) -> None:
        await self.inner.aclose()


def tamper(route: str, monkeypatch: pytest.MonkeyPatch, transport: Callable[[], httpx.AsyncBaseTransport]) -> None:
    """Put ``transport`` under the route's httpx pool (the facade's own, or the caller's)."""
    make = _client._make_http_client
    monkeypatch.setattr(
        _client, "_make_http_client", lambda kind, options: make(kind, {**options, "transport": transport()})
    )
    monkeypatch.setattr("tests.unit.simli_api.test_routes.own_client", lambda: httpx.AsyncClient(transport=transport()))


class ClosingStream(httpx.AsyncByteStream):
    """A response body whose close before its end (the garbage collector's) damages the next exchange."""

    def __init__(self, owner: Tampered, inner: httpx.AsyncByteStream) -> None:
        self.owner, self.inner, self.ended = owner, inner, False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            yield chunk
        self.ended = True

    async def aclose(self) -> None:
        await self.inner.aclose()
        self.owner.poisoned = self.owner.poisoned or not self.ended


class EagerStream(httpx.AsyncByteStream):
    """A response body read to the end in the background, whatever the consumer takes: no backpressure."""

    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.inner = inner
        self.task = asyncio.ensure_future(self.fill())

    async def fill(self) -> None:
        async for chunk in self.inner:
            self.queue.put_nowait(chunk)
        self.queue.put_nowait(None)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while (chunk := await self.queue.get()) is not None:
            yield chunk

    async def aclose(self) -> None:
        self.task.cancel()
        await self.inner.aclose()


def _restream(response: httpx.Response, stream: httpx.AsyncByteStream) -> httpx.Response:
    return httpx.Response(response.status_code, headers=response.headers, stream=stream, extensions=response.extensions)


def _as_async(stream: httpx.SyncByteStream | httpx.AsyncByteStream) -> httpx.AsyncByteStream:
    assert isinstance(stream, httpx.AsyncByteStream)
    return stream


@pytest.mark.parametrize("route", ROUTES)
def test_tamper_a_pool_that_reuses_a_closed_connection_fails_the_first_scenario(
    route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the check before reuse, the second POST hits the dead socket: httpcore's socket poll on the httpx
    routes; on the aiohttp route, the facade's turn of the loop before picking a connection (aiohttp sees the
    close only once the loop has read the FIN)."""
    import httpcore

    from simli_api import _aiohttp

    async def no_turn() -> None:
        pass

    monkeypatch.setattr(httpcore.AsyncHTTP11Connection, "has_expired", lambda self: False)
    monkeypatch.setattr(_aiohttp, "_settle", no_turn)
    with pytest.raises(SimliConnectionError, match=r"RemoteProtocolError|ReadError"):
        run(lambda: stale_connection(route, monkeypatch))


@pytest.mark.parametrize("route", ROUTES)
def test_tamper_a_stream_that_closes_the_pool_when_finalised_fails_the_second_scenario(
    route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def poison(owner: Tampered, response: httpx.Response) -> httpx.Response:
        return _restream(response, ClosingStream(owner, _as_async(response.stream)))

    tamper(route, monkeypatch, lambda: Tampered(poison))
    with pytest.raises(SimliConnectionError, match="RemoteProtocolError"):
        run(lambda: abandoned_stream(route, monkeypatch))


@pytest.mark.parametrize("route", ROUTES)
def test_tamper_an_unbounded_read_buffer_fails_the_third_scenario(route: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def eager(owner: Tampered, response: httpx.Response) -> httpx.Response:
        return _restream(response, EagerStream(_as_async(response.stream)))

    tamper(route, monkeypatch, lambda: Tampered(eager))
    consumed, sent = run(lambda: slow_consumer(route, monkeypatch))
    assert sent >= 24 * MiB > consumed


@pytest.mark.parametrize("route", ROUTES)
def test_tamper_no_fallback_across_addresses_fails_the_fourth_scenario(
    route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that tries only the first address (as the old transport did) times out connecting."""
    with pytest.raises(SimliTimeoutError, match="ConnectTimeout"):
        run(lambda: first_address_blackholed(route, monkeypatch, first_only=True))
