"""The aiohttp route's read timeouts (``simli_api._deadlines``): one timer for every request in flight.

End to end against raw servers on 127.0.0.1 (the route's read timeout is its own, not aiohttp's ``sock_read``),
and the cancellation rules on their own: a deadline's cancellation becomes the read timeout, any other
cancellation stays one.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import pytest

from simli_api import AsyncSimli, SimliTimeoutError, _aiohttp
from simli_api._aiohttp import AiohttpRoute
from simli_api._deadlines import ReadDeadlines, cancel_count
from simli_api_client.api.default import get_cached_video_mp_4_static_mp_4_machine_ip_file_get as mp4
from simli_api_client.api.default import init_integrations_livekit_agents_post as livekit_start
from simli_api_client.models import LiveKitInitializationRequest
from tests.support.asyncio_servers import SESSION, Server, read_request, reply, run

ARGUMENTS: dict[str, Any] = {
    "session_token": "session-1",
    "livekit_token": "a.b.c",
    "livekit_url": "wss://example.livekit.cloud",
}
ANSWER = reply(200, json.dumps(SESSION).encode(), "Content-Type: application/json")


async def start(simli: AsyncSimli) -> Any:
    return await simli.livekit.start_agents_session(**ARGUMENTS)


def answering_after(delay: float) -> Any:
    """A keep-alive handler answering each request ``delay`` seconds after it arrived."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await read_request(reader)
            await asyncio.sleep(delay)
            writer.write(ANSWER)
            await writer.drain()

    return handler


def test_the_aiohttp_route_leaves_a_read_timer_to_aiohttp_for_uploads_only() -> None:
    timeout = _aiohttp.client_timeout(5.0, 30.0)
    assert timeout.sock_read is None
    assert (timeout.connect, timeout.sock_connect) == (35.0, 5.0)
    assert _aiohttp.client_timeout(5.0, 30.0, 20.0).sock_read == 20.0


def test_an_upload_that_takes_longer_than_the_read_timeout_to_write_is_not_a_read_timeout() -> None:
    """A body far larger than the socket buffers, which the server starts reading only after 0.8 s and then answers
    at once: the read clock (0.3 s) starts once the body is written, as aiohttp's and httpx's do, not as it starts
    to go out."""
    size = 32 * 1024 * 1024

    async def late_reader(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
        )
        await asyncio.sleep(0.8)  # the client's write waits on full buffers meanwhile
        await reader.readexactly(length)
        writer.write(ANSWER)
        await writer.drain()

    body = LiveKitInitializationRequest(session_token="s" * size, livekit_token="a.b.c", livekit_url="wss://x.y")

    async def scenario() -> str:
        async with (
            Server(late_reader) as server,
            AsyncSimli(base_url=server.url, timeout=0.3, max_retries=0) as simli,
        ):
            assert isinstance(simli._route, AiohttpRoute)
            outcome = await simli.call(livekit_start, body=body)
            return type(outcome).__name__

    assert run(scenario) == "LiveKitAgentsSession"


def test_a_silent_server_is_a_read_timeout_in_about_the_read_timeout() -> None:
    async def scenario() -> float:
        async with (
            Server(answering_after(5.0)) as server,
            AsyncSimli(base_url=server.url, timeout=0.3, max_retries=0) as simli,
        ):
            assert isinstance(simli._route, AiohttpRoute)
            started = time.monotonic()
            with pytest.raises(SimliTimeoutError, match="ReadTimeout"):
                await start(simli)
            return time.monotonic() - started

    elapsed = run(scenario)
    assert 0.25 < elapsed < 2.0, elapsed


def test_the_clock_starts_when_the_connection_is_ready_not_while_waiting_for_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One connection, three calls at once, each answered 0.2 s after it arrives, read timeout 0.3 s: the last
    waits about 0.4 s for the connection, which the read timeout does not count (httpx counts it as pool wait)."""
    monkeypatch.setattr(_aiohttp, "MAX_CONNECTIONS", 1)

    async def scenario() -> list[str]:
        async with (
            Server(answering_after(0.2)) as server,
            AsyncSimli(base_url=server.url, timeout=0.3, max_retries=0) as simli,
        ):
            assert isinstance(simli._route, AiohttpRoute)
            outcomes = await asyncio.gather(*(start(simli) for _ in range(3)), return_exceptions=True)
        return [type(outcome).__name__ for outcome in outcomes]

    assert run(scenario) == ["LiveKitAgentsSession"] * 3


def test_each_read_of_a_long_body_gets_the_whole_read_timeout() -> None:
    """A binary answer in four parts 0.2 s apart (0.6 s in all) with a read timeout of 0.3 s: each read is in
    time, as with aiohttp's and httpx's per-read timeouts."""
    parts = [b"\x00" * 1000] * 4

    async def dribble(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 4000\r\n\r\n")
        for part in parts:
            writer.write(part)
            await writer.drain()
            await asyncio.sleep(0.2)

    async def scenario() -> int:
        async with Server(dribble) as server, AsyncSimli(base_url=server.url, timeout=0.3, max_retries=0) as simli:
            assert isinstance(simli._route, AiohttpRoute)
            body = await simli.call(mp4, destination="d-1", file="f.mp4")
            return len(body)

    assert run(scenario) == 4000


def test_an_outside_cancellation_stays_a_cancellation() -> None:
    async def scenario() -> str:
        async with (
            Server(answering_after(5.0)) as server,
            AsyncSimli(base_url=server.url, timeout=10.0, max_retries=0) as simli,
        ):
            task = asyncio.ensure_future(start(simli))
            await asyncio.sleep(0.3)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                return "cancelled"
            return "finished"

    assert run(scenario) == "cancelled"


# --------------------------------------------------------------------------- the rules on their own


def test_a_deadline_cancels_its_task_and_is_taken_back() -> None:
    async def scenario() -> tuple[bool, int]:
        deadlines = ReadDeadlines(asyncio.get_running_loop())

        async def reading() -> tuple[bool, int]:
            task = deadlines.watch(0.05)
            assert task is not None
            deadlines.sent()
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                return deadlines.expired(task), cancel_count(task)
            finally:
                deadlines.forget(task)
            return False, -1

        return await asyncio.create_task(reading())

    assert run(scenario) == (True, 0)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="Python 3.10 counts no cancellations (see _deadlines)")
def test_a_cancellation_before_the_deadline_passed_goes_on() -> None:
    """Someone cancels the task, and before it runs the deadline passes too: the cancellation is not the timeout."""

    async def scenario() -> tuple[bool, int]:
        deadlines = ReadDeadlines(asyncio.get_running_loop())
        seen: list[tuple[bool, int]] = []

        async def reading() -> None:
            task = deadlines.watch(0.0)  # due at once: the timer runs in the loop's next turn
            assert task is not None
            deadlines.sent()
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                seen.append((deadlines.expired(task), cancel_count(task)))
                raise
            finally:
                deadlines.forget(task)

        task = asyncio.create_task(reading())
        await asyncio.sleep(0)  # the task is waiting, its deadline armed
        await asyncio.sleep(0)  # this turn runs before the timer's: cancel first, then the deadline passes
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return seen[0]

    assert run(scenario) == (False, 1)


def test_a_request_that_ends_in_time_leaves_nothing_behind() -> None:
    async def scenario() -> tuple[int, bool]:
        deadlines = ReadDeadlines(asyncio.get_running_loop())
        task = deadlines.watch(0.05)
        assert task is not None
        deadlines.sent()
        deadlines.forget(task)
        await asyncio.sleep(0.1)  # the timer fires: nothing is due, nothing is cancelled
        return cancel_count(task), task.cancelled()

    assert run(scenario) == (0, False)


def test_no_read_timeout_watches_nothing() -> None:
    async def scenario() -> Any:
        deadlines = ReadDeadlines(asyncio.get_running_loop())
        task = deadlines.watch(None)
        deadlines.sent()
        return task

    assert run(scenario) is None


def test_a_close_while_a_call_settles_fails_that_call_as_a_closed_session_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """The call holds the session it started with: the route closed during its settle turns makes aiohttp refuse
    it (RuntimeError, as httpx refuses a closed client), not a missing attribute of the route."""
    monkeypatch.setattr(_aiohttp.Polls, "stalled", lambda self: time.monotonic())  # every call settles

    async def scenario() -> BaseException | None:
        gate = asyncio.Event()

        async def held_settle() -> None:  # the settle turns, held open until the route is closed
            await gate.wait()

        async with Server(answering_after(0)) as server:
            simli = AsyncSimli(base_url=server.url, max_retries=0)
            route = simli._route
            assert isinstance(route, AiohttpRoute)
            await start(simli)  # the session is open
            monkeypatch.setattr(_aiohttp, "_settle", held_settle)
            call = asyncio.ensure_future(start(simli))
            await asyncio.sleep(0.05)  # the call waits in its settle
            await route.aclose()
            gate.set()
            outcome = (await asyncio.gather(call, return_exceptions=True))[0]
            await simli.close()
            return outcome if isinstance(outcome, BaseException) else None

    failure = run(scenario)
    assert isinstance(failure, RuntimeError), repr(failure)
    assert "closed" in str(failure).lower()
