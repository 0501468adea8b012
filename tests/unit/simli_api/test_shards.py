"""The facade's own async pool in shards (``simli_api._shards``): every connection the pool allows is used at once,
none more, and each request is counted out when its answer closes, however it ends."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest

from simli_api import AsyncSimli, SimliAPIError, SimliConnectionError, _client
from simli_api._constants import MAX_CONNECTIONS, SHARD_CONNECTIONS
from simli_api._shards import ShardedTransport, _Counted
from tests.support.asyncio_servers import Server, closed_port, read_request, reply, run

from .test_routes import start

SESSION_BODY = b'{"status": "ok", "session_id": "51511111-2222-3333-4444-555566667777"}'
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment names no proxy (a pool is sharded only then), and the facade has no aiohttp route."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setattr(_client, "_aiohttp_route", lambda: None)


def sharded_transports(simli: AsyncSimli) -> list[ShardedTransport]:
    """The facade pool's sharded transports (httpx keeps its transport private: the test finds it by type)."""
    return [value for value in vars(simli._http_client).values() if isinstance(value, ShardedTransport)]


def sharded(simli: AsyncSimli) -> ShardedTransport:
    found = sharded_transports(simli)
    assert len(found) == 1, found
    return found[0]


class Gate:
    """A keep-alive server holding every request until released; it counts how many it held at once."""

    def __init__(self) -> None:
        self.held = 0
        self.peak = 0
        self.release = asyncio.Event()

    async def handler(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await read_request(reader)
            self.held += 1
            self.peak = max(self.peak, self.held)
            await self.release.wait()
            self.held -= 1
            writer.write(reply(200, SESSION_BODY, "Content-Type: application/json"))
            await writer.drain()

    async def wait_for(self, count: int, seconds: float) -> None:
        """Until ``count`` requests are held, or ``seconds`` passed."""
        deadline = asyncio.get_running_loop().time() + seconds
        while self.held < count and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # anything beyond ``count`` arrives too


@asynccontextmanager
async def gated() -> AsyncIterator[tuple[Gate, AsyncSimli]]:
    gate = Gate()
    async with Server(gate.handler) as server, AsyncSimli(base_url=server.url, max_retries=0) as simli:
        yield gate, simli


async def calls_at_once(count: int) -> tuple[int, list[int], int]:
    """(most requests the server held at once, requests each shard had open then, calls that succeeded)."""
    async with gated() as (gate, simli):
        calls = [asyncio.ensure_future(start(simli)) for _ in range(count)]
        await gate.wait_for(min(count, MAX_CONNECTIONS), seconds=5)
        opened = sharded(simli).open_requests()
        gate.release.set()
        results = await asyncio.gather(*calls, return_exceptions=True)
        assert sharded(simli).open_requests() == [0] * len(opened)
    return gate.peak, opened, sum(not isinstance(result, BaseException) for result in results)


def test_the_facade_owned_async_pool_is_split_in_shards_of_shard_connections() -> None:
    async def scenario() -> list[int]:
        async with AsyncSimli(base_url="http://127.0.0.1:9") as simli:
            return sharded(simli).open_requests()

    assert run(scenario) == [0] * (MAX_CONNECTIONS // SHARD_CONNECTIONS)


def test_with_a_proxy_in_the_environment_httpx_builds_the_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx reads proxies only for a transport it builds: the pool is not sharded then (proxies: test_routes)."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")

    async def scenario() -> list[ShardedTransport]:
        async with AsyncSimli(base_url="http://127.0.0.1:9") as simli:
            return sharded_transports(simli)

    assert run(scenario) == []


def test_a_hundred_calls_at_once_are_all_in_flight_at_once() -> None:
    """Every connection the pool allows is used: a shard with room takes the call, none takes more than its share."""
    peak, opened, succeeded = run(lambda: calls_at_once(MAX_CONNECTIONS))
    assert peak == MAX_CONNECTIONS
    assert opened == [SHARD_CONNECTIONS] * (MAX_CONNECTIONS // SHARD_CONNECTIONS)
    assert succeeded == MAX_CONNECTIONS


def test_calls_beyond_the_pool_wait_for_a_connection() -> None:
    peak, opened, succeeded = run(lambda: calls_at_once(MAX_CONNECTIONS + 20))
    assert peak == MAX_CONNECTIONS
    assert opened == [SHARD_CONNECTIONS] * (MAX_CONNECTIONS // SHARD_CONNECTIONS)  # the twenty wait for the pool
    assert succeeded == MAX_CONNECTIONS + 20


async def timed_get(client: httpx.AsyncClient, path: str) -> tuple[float, BaseException | None]:
    """(seconds a GET of ``path`` took, the httpx error it raised or None)."""
    started = time.monotonic()
    try:
        await client.get(path)
    except httpx.HTTPError as exc:
        return time.monotonic() - started, exc
    return time.monotonic() - started, None


async def behind_long_requests() -> tuple[float, BaseException | None]:
    """Every connection taken, the first shard's ten by 3 s requests and the rest by 0.3 s ones; one more call
    with a 1 s pool timeout: (seconds it took, what it raised)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            line, _, _ = await read_request(reader)
            await asyncio.sleep(3 if b"/long" in line else 0.3)
            writer.write(reply(200, b"{}", "Content-Type: application/json"))
            await writer.drain()

    transport = ShardedTransport(httpx.Limits(max_connections=MAX_CONNECTIONS), httpx.create_ssl_context())
    async with (
        Server(answer) as server,
        httpx.AsyncClient(transport=transport, base_url=server.url, timeout=httpx.Timeout(10, pool=1)) as client,
    ):
        taking = []
        for index in range(MAX_CONNECTIONS):  # one at a time: request i goes to shard i % 10
            taking.append(asyncio.ensure_future(client.get("/long" if index % SHARD_CONNECTIONS == 0 else "/short")))
            await asyncio.sleep(0.001)
        assert transport.open_requests() == [SHARD_CONNECTIONS] * (MAX_CONNECTIONS // SHARD_CONNECTIONS)
        took, failure = await timed_get(client, "/short")
        await asyncio.gather(*taking)
    return took, failure


def test_a_call_waits_for_the_first_free_connection_not_for_one_shard() -> None:
    """httpx's one pool gives a waiting call the first connection that frees, whichever it is: so does this one."""
    took, failure = run(behind_long_requests)
    assert failure is None
    assert took < 1


def test_tamper_without_waiting_for_a_free_connection_a_call_queues_behind_one_shard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def enter_at_once(self: ShardedTransport, request: httpx.Request) -> None:
        pass

    monkeypatch.setattr(ShardedTransport, "_connection_free", enter_at_once)
    _, failure = run(behind_long_requests)
    assert isinstance(failure, httpx.PoolTimeout)


def test_a_call_that_finds_no_free_connection_within_the_pool_timeout_raises_pool_timeout() -> None:
    async def scenario() -> tuple[float, BaseException | None, list[int]]:
        gate = Gate()
        transport = ShardedTransport(httpx.Limits(max_connections=20), httpx.create_ssl_context())
        async with (
            Server(gate.handler) as server,
            httpx.AsyncClient(transport=transport, base_url=server.url, timeout=httpx.Timeout(10, pool=0.3)) as client,
        ):
            held = [asyncio.ensure_future(client.get("/")) for _ in range(20)]
            await gate.wait_for(20, seconds=5)
            took, failure = await timed_get(client, "/")
            gate.release.set()
            await asyncio.gather(*held)
            return took, failure, transport.open_requests()

    took, failure, opened = run(scenario)
    assert isinstance(failure, httpx.PoolTimeout)
    assert 0.25 < took < 2
    assert opened == [0, 0]


def test_tamper_every_call_to_the_first_shard_leaves_ninety_connections_unused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ShardedTransport, "_pick", lambda self: 0)
    peak, _, succeeded = run(lambda: calls_at_once(MAX_CONNECTIONS))
    assert peak == SHARD_CONNECTIONS
    assert succeeded == MAX_CONNECTIONS


def test_one_call_at_a_time_reuses_one_connection() -> None:
    async def scenario() -> int:
        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while True:
                await read_request(reader)
                writer.write(reply(200, SESSION_BODY, "Content-Type: application/json"))
                await writer.drain()

        async with Server(answer) as server, AsyncSimli(base_url=server.url, max_retries=0) as simli:
            for _ in range(5):
                await start(simli)
            return server.connections

    assert run(scenario) == 1


async def every_ending() -> list[int]:
    """Open requests per shard after a call of each kind of ending: answered, refused with an error status, a
    stream left after its first chunk, a connection refused, and a call cancelled while it waits."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            line, _, body = await read_request(reader)
            if b"/faces" in line:
                writer.write(reply(500, b'{"detail": "no"}', "Content-Type: application/json"))
            elif line.startswith(b"GET"):
                writer.write(reply(200, b"v" * 200_000, "Content-Type: video/mp4"))
            elif b'"slow"' in body:
                await asyncio.sleep(30)
            else:
                writer.write(reply(200, SESSION_BODY, "Content-Type: application/json"))
            await writer.drain()

    from simli_api_client.api.default import get_cached_video_mp_4_static_mp_4_machine_ip_file_get as mp4

    async with Server(answer) as server, AsyncSimli(base_url=server.url, api_key="k", max_retries=0) as simli:
        await start(simli)
        with pytest.raises(SimliAPIError):
            await simli.faces.list()
        async with simli.stream(mp4, destination="d", file="a.mp4") as chunks:
            async for _ in chunks:
                break
        pending = asyncio.ensure_future(
            simli.livekit.start_agents_session(
                session_token="slow", livekit_token="a.b.c", livekit_url="wss://x.example"
            )
        )
        await asyncio.sleep(0.2)
        pending.cancel()
        with pytest.raises(asyncio.CancelledError):
            await pending
        counted = sharded(simli).open_requests()
    async with AsyncSimli(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0) as refused:
        with pytest.raises(SimliConnectionError):
            await start(refused)
        return counted + sharded(refused).open_requests()


def test_every_ending_closes_the_request_count() -> None:
    assert run(every_ending) == [0] * (2 * MAX_CONNECTIONS // SHARD_CONNECTIONS)


def test_tamper_a_close_that_does_not_count_out_leaves_requests_open(monkeypatch: pytest.MonkeyPatch) -> None:
    async def close_only(self: _Counted) -> None:
        await self._stream.aclose()

    monkeypatch.setattr(_Counted, "aclose", close_only)
    assert sum(run(every_ending)) > 0


def test_a_pool_without_a_connection_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="connection limit"):
        ShardedTransport(httpx.Limits(max_connections=None), httpx.create_ssl_context())


async def connections_left_open(close: Callable[[ShardedTransport], Awaitable[None]]) -> tuple[int, int]:
    """(connections the server saw, connections still open once ``close`` closed the transport) after 25 calls
    at once, spread over every shard (three each on the first five, two on the rest)."""
    state = {"seen": 0, "open": 0}

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state["seen"] += 1
        state["open"] += 1
        try:
            while True:
                await read_request(reader)
                await asyncio.sleep(0.1)
                writer.write(reply(200, b"{}", "Content-Type: application/json"))
                await writer.drain()
        finally:
            state["open"] -= 1

    transport = ShardedTransport(httpx.Limits(max_connections=MAX_CONNECTIONS), httpx.create_ssl_context())
    async with Server(answer) as server:
        client = httpx.AsyncClient(transport=transport, base_url=server.url)
        await asyncio.gather(*(client.get("/") for _ in range(25)))
        await close(transport)
        for _ in range(100):  # the server sees each close as the end of its connection
            if not state["open"]:
                break
            await asyncio.sleep(0.01)
        left = state["open"]
        await client.aclose()
    return state["seen"], left


def test_closing_the_pool_closes_every_shards_connections() -> None:
    seen, left = run(lambda: connections_left_open(ShardedTransport.aclose))
    assert (seen, left) == (25, 0)


def test_a_shard_that_fails_to_close_does_not_keep_the_others_open(monkeypatch: pytest.MonkeyPatch) -> None:
    original = httpx.AsyncHTTPTransport.aclose
    failed: list[httpx.AsyncHTTPTransport] = []

    async def first_fails(self: httpx.AsyncHTTPTransport) -> None:
        await original(self)
        if not failed:
            failed.append(self)
            raise OSError("closing failed")

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "aclose", first_fails)

    async def close(transport: ShardedTransport) -> None:
        with pytest.raises(OSError, match="closing failed"):
            await transport.aclose()

    assert run(lambda: connections_left_open(close)) == (25, 0)


def test_tamper_a_close_of_the_first_shard_only_leaves_connections_open() -> None:
    async def first_only(transport: ShardedTransport) -> None:
        await transport._shards[0].aclose()

    _, left = run(lambda: connections_left_open(first_only))
    assert left == 25 - 3
