"""Every way a session ends badly ends with a typed error, quickly, and leaves no task behind."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable

import httpx
import pytest

from simli_api import AsyncSimli, Simli, SimliConnectionError, SimliError, SimliTimeoutError
from simli_api.realtime import (
    SimliRealtimeClosedError,
    SimliRealtimeError,
    SimliRealtimeProtocolError,
    SimliRealtimeRateLimitError,
    SimliRealtimeTimeoutError,
    Started,
    Stopped,
)
from simli_api.realtime._protocol import Closing, Failure, JoinInfo, parse
from tests.support.realtime_harness import client, collect, pcm, run, session_on
from tests.support.realtime_server import NO_JOIN_INFO, RATE_REFUSAL, VIDEO_METADATA, RealtimeServer, Script


def _connect_error(script: Script, timeout: float = 5.0, **connect: str) -> tuple[BaseException, float, str]:
    """The error connect() raises against ``script``, how long it took, and the session token used."""

    async def scenario() -> tuple[BaseException, float, str]:
        async with RealtimeServer(script) as server, client(server, timeout) as simli:
            token = server.issue_token()
            started = time.perf_counter()
            with pytest.raises(SimliError) as caught:
                async with simli.realtime.connect(session_token=connect.get("session_token", token)):
                    pass
            return caught.value, time.perf_counter() - started, token

    return run(scenario())


def test_an_error_before_join_info_is_raised_with_the_servers_code() -> None:
    error, _, _ = _connect_error(Script(preamble=("ERROR: INVALID_API_KEY",), close_after_preamble=1008))
    assert type(error) is SimliRealtimeError
    assert error.code == "INVALID_API_KEY"  # the description's own example message
    assert error.text == "INVALID_API_KEY"


def test_a_rate_refusal_is_the_rate_limit_error() -> None:
    error, _, _ = _connect_error(RATE_REFUSAL)
    assert isinstance(error, SimliRealtimeRateLimitError)
    assert "too many concurrent sessions" in str(error)
    assert "retry" in str(error)


def test_an_unknown_session_token_is_refused_without_echoing_it() -> None:
    error, _, _ = _connect_error(Script(), session_token="rt-not-issued-0123456789")
    assert isinstance(error, SimliRealtimeError)
    assert error.code == "INVALID_SESSION_TOKEN"
    assert "rt-not-issued" not in str(error)


def test_missing_join_info_times_out_with_the_clients_read_timeout() -> None:
    error, elapsed, _ = _connect_error(NO_JOIN_INFO, timeout=0.3)
    assert isinstance(error, SimliRealtimeTimeoutError)
    assert isinstance(error, SimliTimeoutError)
    assert "join info within 0.3 s" in str(error)
    assert elapsed < 2


def test_an_unknown_message_before_join_info_is_a_protocol_error() -> None:
    error, _, _ = _connect_error(Script(preamble=("HELLO FROM THE FUTURE",)))
    assert isinstance(error, SimliRealtimeProtocolError)
    assert "HELLO FROM THE FUTURE" in str(error)


def test_an_unknown_message_after_join_info_but_before_start_ends_the_session() -> None:
    async def scenario() -> None:
        async with session_on(Script(after_join=(VIDEO_METADATA, "HELLO", "START"))) as (_, session):
            with pytest.raises(SimliRealtimeProtocolError, match="before START: 'HELLO'"):
                await collect(session.events())

    run(scenario())


def test_a_refused_upgrade_is_a_closed_error_with_the_status() -> None:
    async def scenario() -> BaseException:
        async with RealtimeServer() as server:
            async with AsyncSimli(api_key="k", base_url=server.base_url + "/elsewhere") as simli:
                with pytest.raises(SimliRealtimeClosedError) as caught:
                    async with simli.realtime.connect(session_token="t"):
                        pass
            return caught.value

    error = run(scenario())
    assert "HTTP 404" in str(error)
    assert isinstance(error, SimliConnectionError)


def test_no_server_is_a_closed_error() -> None:
    async def scenario() -> BaseException:
        async with RealtimeServer() as server:
            base_url = server.base_url
        async with AsyncSimli(api_key="k", base_url=base_url) as simli:
            with pytest.raises(SimliRealtimeClosedError) as caught:
                async with simli.realtime.connect(session_token="t-0123456789"):
                    pass
            return caught.value

    error = run(scenario())
    assert "could not be opened" in str(error)
    assert "t-0123456789" not in str(error)


def test_an_error_mid_stream_ends_events_and_sends_with_the_error() -> None:
    script = Script(fault_after_frames=2, fault=("ERROR: BILLING_ERROR no credits left",), fault_close=1008)

    async def scenario() -> tuple[list[object], SimliRealtimeError, SimliRealtimeError]:
        async with session_on(script) as (_, session):
            await session.send_audio(pcm(6000))  # two frames
            events: list[object] = []

            async def read() -> None:
                async for event in session.events():
                    events.append(event)

            with pytest.raises(SimliRealtimeError) as from_events:
                await read()
            with pytest.raises(SimliRealtimeError) as from_send:
                await session.send_audio(pcm(10))
            return events, from_events.value, from_send.value

    events, error, again = run(scenario())
    assert Started() in events
    assert error.code == "BILLING_ERROR"
    assert error.text == "BILLING_ERROR no credits left"
    assert again is error


def test_the_server_closing_mid_stream_is_a_closed_error_never_a_hang() -> None:
    script = Script(fault_after_frames=2, fault_close=1011)

    async def scenario() -> tuple[BaseException, BaseException]:
        async with session_on(script) as (_, session):
            await session.send_audio(pcm(6000))
            with pytest.raises(SimliRealtimeClosedError) as from_events:
                await collect(session.events())
            with pytest.raises(SimliRealtimeClosedError) as from_send:  # the socket is gone: no wait, the error
                await session.send_audio(pcm(3000))
            return from_events.value, from_send.value

    from_events, from_send = run(scenario())
    assert "close code 1011" in str(from_events)
    assert from_send is from_events


def test_a_closing_reason_then_close_is_a_graceful_stop() -> None:
    script = Script(fault_after_frames=1, fault=("CLOSING REASON: max session length reached",), fault_close=1000)

    async def scenario() -> list[object]:
        async with session_on(script) as (_, session):
            await session.send_audio(pcm(100))
            return list(await collect(session.events()))

    assert run(scenario())[-1] == Stopped("max session length reached")


def test_finish_without_stop_times_out() -> None:
    async def scenario() -> float:
        async with session_on(Script(stop_on_done=False)) as (_, session):
            started = time.perf_counter()
            with pytest.raises(SimliRealtimeTimeoutError, match=r"no STOP within 0\.3 s"):
                await session.finish(timeout=0.3)
            return time.perf_counter() - started

    assert run(scenario()) < 2


async def _within(seconds: float, condition: Callable[[], bool]) -> None:
    """Wait until ``condition`` holds, polling; after ``seconds`` go on anyway (the test's assertions then fail)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("where", ["sending", "waiting for events", "connecting"])
def test_cancellation_sends_done_closes_and_leaves_no_task(where: str) -> None:
    async def scenario() -> tuple[set[asyncio.Task[object]], list[str]]:
        script = NO_JOIN_INFO if where == "connecting" else Script(stop_on_done=False)
        async with RealtimeServer(script) as server, client(server) as simli:
            before = asyncio.all_tasks()
            entered = asyncio.Event()

            async def use() -> None:
                async with simli.realtime.connect(face_id="f") as session:
                    entered.set()
                    if where == "sending":
                        await session.send_audio(pcm(16000 * 30), pace=True)
                    else:
                        await collect(session.events())

            task = asyncio.create_task(use())
            if where != "connecting":
                await asyncio.wait_for(entered.wait(), 5)
            else:  # the socket is open: the client waits for join info (a loaded machine may take a while)
                await _within(5, lambda: bool(server.record.upgrades))
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # the server records what arrived, the close last (a loaded machine may take a while)
            await _within(5, lambda: any(item.startswith("close:") for item in server.record.sequence))
            await asyncio.sleep(0.05)  # the server's side of the socket ends
            left = asyncio.all_tasks() - before - server.tasks - {task}
            return left, server.record.sequence

    left, sequence = run(scenario())
    assert left == set()
    if where == "connecting":
        assert sequence == ["close:1000"]  # no session yet: nothing to finish, the socket closed
    else:
        assert sequence[-2:] == ["text:DONE", "close:1000"]


def test_without_websockets_the_area_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import simli_api.realtime  # the package itself imports without websockets ...

    for name in [m for m in sys.modules if m == "websockets" or m.startswith("websockets.")]:
        monkeypatch.setitem(sys.modules, name, None)
    simli = AsyncSimli(api_key="k")
    with pytest.raises(ImportError, match=r"pip install 'simli-api\[realtime\]'"):
        _ = simli.realtime  # ... the area says what to install
    assert simli_api.realtime.SimliRealtimeError.__mro__[1] is SimliError


def test_sync_callers_are_not_served() -> None:
    with Simli(api_key="k") as simli:
        assert not hasattr(simli, "realtime")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("STOP", Stopped()),
        ("STOP REASON: idle", Stopped("idle")),
        ("CLOSING REASON: idle timeout", Closing("idle timeout")),
        (b"START", Started()),
        ('{"livekit_url": "wss://x", "livekit_token": "tok"}', JoinInfo("wss://x", "tok")),
    ],
)
def test_server_messages_parse(message: str | bytes, expected: object) -> None:
    assert parse(message, ()) == expected


def test_join_info_without_strings_is_a_protocol_error() -> None:
    parsed = parse('{"livekit_url": 3}', ())
    assert isinstance(parsed, Failure)
    assert isinstance(parsed.error, SimliRealtimeProtocolError)


def test_join_info_repr_hides_the_token() -> None:
    assert "secret-token" not in repr(JoinInfo("wss://x", "secret-token"))


def test_timeouts_come_from_the_client() -> None:
    from simli_api.realtime._connect import Timeouts

    timeout = AsyncSimli(api_key="k", timeout=httpx.Timeout(7.0, connect=2.0)).timeout
    bounds = Timeouts(timeout.connect, timeout.read)
    assert (bounds.open, bounds.wait) == (2.0, 7.0)
    assert (Timeouts(None, None).open, Timeouts(None, None).wait) == (10.0, 30.0)  # never unbounded


def test_the_no_task_check_bites_when_the_reader_is_left_running(monkeypatch: pytest.MonkeyPatch) -> None:
    from simli_api.realtime._session import Session

    async def leave_reader(self: Session) -> None:  # tampered: close the socket, forget the reader task
        self._closed = True
        await self._ws.send("DONE")

    monkeypatch.setattr(Session, "aclose", leave_reader)

    async def scenario() -> set[asyncio.Task[object]]:
        async with RealtimeServer(Script(stop_on_done=False)) as server, client(server) as simli:
            before = asyncio.all_tasks()
            async with simli.realtime.connect(face_id="f"):
                pass
            left = asyncio.all_tasks() - before - server.tasks
            for task in left:
                task.cancel()
            return left

    assert {task.get_name() for task in run(scenario())} >= {"simli-realtime-reader"}


def test_a_token_needing_encoding_is_redacted_in_its_url_form_too(caplog: pytest.LogCaptureFixture) -> None:
    token = "tok en/+&0123456789"  # travels as session_token=tok+en%2F%2B%260123456789
    with caplog.at_level(logging.DEBUG):
        _connect_error(Script(), session_token=token)
    server_side = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("websockets.server"))
    client_side = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("simli_api"))
    assert "tok+en%2F%2B%26" in server_side  # the test server logs the request line as it arrived ...
    assert "> GET /compose/webrtc/livekit?session_token=[REDACTED]" in client_side  # ... the client's log, redacted
    assert "tok+en" not in client_side
