"""The facade's own async httpx pool in shards: httpx's transport per SHARD_CONNECTIONS connections, least busy first.

Why: for every request it places and every answer it closes, httpcore's pool walks all the connections it
holds (expiry, and a poll of each idle socket), so its cost per request grows with its size. At 100 calls in
flight on 100 connections that walk is most of what a request costs (``nox -s bench``, fallback row). Ten
transports of ten connections walk a tenth as far each time.

Each shard is ``httpx.AsyncHTTPTransport``: connections, keep-alive, the stale-connection check, TLS and every
timeout stay httpcore's. This module only picks a shard and counts the requests each has open, from the request
until its answer is closed. A request enters a shard only while the pool has a connection free (a semaphore of
the pool's size, waited on within the pool timeout), so the shard with the fewest open requests has one free:
a call never queues behind one shard's long requests while another shard's connections are idle.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Callable

import httpx

from ._constants import SHARD_CONNECTIONS


class _Counted(httpx.AsyncByteStream):
    """An answer's body as the shard gave it; closing it tells the shard the request is over (``done`` counts once)."""

    def __init__(self, stream: httpx.AsyncByteStream, done: Callable[[], None]) -> None:
        self._stream = stream
        self._done = done

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            self._done()


class ShardedTransport(httpx.AsyncBaseTransport):
    """``limits.max_connections`` connections as httpx transports of at most SHARD_CONNECTIONS each."""

    def __init__(self, limits: httpx.Limits, context: ssl.SSLContext) -> None:
        total = limits.max_connections
        if total is None:
            raise ValueError("a sharded pool needs a connection limit (httpx.Limits(max_connections=...))")
        count = -(-total // SHARD_CONNECTIONS)  # the shards' connections add up to at least the pool's
        size = -(-total // count)
        idle = size if limits.max_keepalive_connections is None else -(-limits.max_keepalive_connections // count)
        each = httpx.Limits(
            max_connections=size, max_keepalive_connections=min(idle, size), keepalive_expiry=limits.keepalive_expiry
        )
        self._shards = [httpx.AsyncHTTPTransport(verify=context, limits=each) for _ in range(count)]
        self._open = [0] * count  # requests each shard has open (sent, answer not closed yet)
        self._free = asyncio.Semaphore(total)  # connections no request holds, over all shards

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._connection_free(request)
        opened = self._open
        index = self._pick()
        opened[index] += 1
        settled = False

        def done() -> None:  # once, however many closes and failures report the end
            nonlocal settled
            if not settled:
                settled = True
                opened[index] -= 1
                self._free.release()

        try:
            response = await self._shards[index].handle_async_request(request)
        except BaseException:
            done()
            raise
        stream = response.stream
        if not isinstance(stream, httpx.AsyncByteStream):  # httpx's transport always answers with one
            await response.aclose()
            done()
            raise TypeError(f"httpx's transport answered with a {type(stream).__name__} stream")
        response.stream = _Counted(stream, done)
        return response

    async def _connection_free(self, request: httpx.Request) -> None:
        """Take a free connection of the pool, waiting at most the request's pool timeout (httpx.PoolTimeout)."""
        free = self._free
        if not free.locked():
            await free.acquire()  # returns at once
            return
        seconds = request.extensions.get("timeout", {}).get("pool")
        try:
            await asyncio.wait_for(free.acquire(), seconds)
        except asyncio.TimeoutError:
            raise httpx.PoolTimeout(f"no connection of the pool came free within {seconds}s", request=request) from None

    def _pick(self) -> int:
        """The shard with the fewest open requests; ties go to the first (calls one at a time reuse one connection)."""
        opened = self._open
        return opened.index(min(opened))

    def open_requests(self) -> list[int]:
        """How many requests each shard has open (a copy), for tests and debugging."""
        return list(self._open)

    async def aclose(self) -> None:
        """Close every shard, even when closing one fails (the first failure is raised after)."""
        failure: BaseException | None = None
        for shard in self._shards:
            try:
                await shard.aclose()
            except Exception as exc:  # raised below, once every shard was closed
                failure = failure or exc
        if failure is not None:
            raise failure
