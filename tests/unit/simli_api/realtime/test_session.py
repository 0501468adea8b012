"""A healthy session end to end against the local server: each event, both ways to connect, the socket's URL
and credentials, framing, pacing and the close sequence (with tamper tests showing those checks bite)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from simli_api._constants import REALTIME_MAX_FRAME_BYTES, REALTIME_PACE_LEAD
from simli_api.realtime import (
    Acknowledged,
    Event,
    Silent,
    Speaking,
    Started,
    Stopped,
    Unknown,
    VideoMetadata,
    _protocol,
)
from simli_api.realtime._protocol import BYTES_PER_SECOND, CHANNEL_PATH, socket_url
from simli_api.realtime._session import Session
from tests.support.asyncapi_description import LIVEKIT_ADDRESS, livekit_channel, load
from tests.support.realtime_harness import (
    API_KEY,
    client,
    close_problems,
    collect,
    framing_problems,
    pcm,
    run,
    session_on,
)
from tests.support.realtime_server import CLOSING_REASON, VIDEO_METADATA, RealtimeServer, Script


def test_a_session_yields_each_event_in_order_and_stops_with_the_servers_reason() -> None:
    async def scenario() -> tuple[list[Event], Stopped, list[str]]:
        async with session_on() as (server, session):
            await session.send_audio(pcm(4000))  # 8000 bytes: two frames
            await session.clear()
            stopped = await session.finish()
            events = await collect(session.events())
        return events, stopped, server.record.texts

    events, stopped, texts = run(scenario())
    reason = CLOSING_REASON.split(":", 1)[1].strip()
    assert events == [
        VideoMetadata(30.0, 512, 512),
        Started(),
        Speaking(),
        Acknowledged(),
        Acknowledged(),
        Silent(),
        Stopped(reason),
    ]
    assert stopped == Stopped(reason)
    assert texts == ["SKIP", "DONE"]


def test_an_unknown_message_after_start_is_kept_as_unknown_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> list[Event]:
        async with session_on(Script(after_join=(VIDEO_METADATA, "START", "NEW_EVENT 42"))) as (_, session):
            await session.finish()
            return await collect(session.events())

    with caplog.at_level(logging.WARNING, "simli_api.realtime"):
        events = run(scenario())
    assert Unknown("NEW_EVENT 42") in events
    assert events[-1] == Stopped("client sent DONE")
    assert any("NEW_EVENT 42" in record.getMessage() for record in caplog.records)


def test_connect_with_a_session_token_made_beforehand() -> None:
    async def scenario() -> tuple[str, int]:
        async with RealtimeServer() as server, client(server) as simli:
            token = server.issue_token()
            async with simli.realtime.connect(session_token=token) as session:
                url = session.livekit_url
            return url, len(server.record.token_requests)

    url, token_requests = run(scenario())
    assert url.startswith("wss://")
    assert token_requests == 0  # no compose call when the token is given


def test_the_socket_carries_the_session_token_and_never_the_api_key() -> None:
    async def scenario() -> RealtimeServer:
        async with RealtimeServer() as server, client(server) as simli:
            async with simli.realtime.connect(face_id="face-1", max_idle_time=60):
                pass
            return server

    server = run(scenario())
    [token_request] = server.record.token_requests
    assert token_request["x-simli-api-key"] == API_KEY  # the key goes to POST /compose/token ...
    [(path, headers)] = server.record.upgrades
    [token] = server.tokens
    assert path == f"{LIVEKIT_ADDRESS}?session_token={token}"  # ... the socket gets the session token only
    assert API_KEY not in path
    assert API_KEY not in " ".join(headers.values())
    assert "x-simli-api-key" not in headers


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://api.simli.ai", "wss://api.simli.ai/compose/webrtc/livekit?session_token=t%2Bk"),
        ("http://127.0.0.1:8080/", "ws://127.0.0.1:8080/compose/webrtc/livekit?session_token=t%2Bk"),
        ("https://proxy.example/simli", "wss://proxy.example/simli/compose/webrtc/livekit?session_token=t%2Bk"),
    ],
)
def test_the_socket_url_follows_the_base_url(base_url: str, expected: str) -> None:
    assert socket_url(base_url, "t+k") == expected


def test_the_channel_path_and_control_messages_are_the_descriptions() -> None:
    document = load()
    assert CHANNEL_PATH == document["channels"]["livekit"]["address"] == LIVEKIT_ADDRESS
    channel = livekit_channel()
    assert {m.name for m in channel.sends} == {"audio_chunk", "clear_buffer", "final_message"}
    assert channel.problem(_protocol.SKIP) is None
    assert channel.problem(_protocol.DONE) is None
    assert channel.problem(b"\x00\x01") is None
    assert channel.problem("skip") is not None  # the server's check bites on a text the description does not list


# --------------------------------------------------------------------------- framing


async def _send_and_record(audio: object) -> RealtimeServer:
    """Send ``audio`` (bytes or an async iterable) on a fresh session; the server, with what it got."""
    async with session_on(Script(ack=False)) as (server, session):
        await session.send_audio(audio)  # type: ignore[arg-type]
        await session.finish()
    return server


LONG = pcm(40_003)  # 80,006 bytes: 13 full frames and a partial one


def test_a_long_buffer_goes_in_bounded_frames_of_whole_samples() -> None:
    server = run(_send_and_record(LONG))
    assert framing_problems(server.record, LONG) == []
    assert len(server.record.frame_sizes) == -(-len(LONG) // REALTIME_MAX_FRAME_BYTES)


def test_a_stream_of_odd_sized_chunks_arrives_whole_and_in_order() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(LONG), 7777):  # odd sizes: samples split across chunks
            yield LONG[start : start + 7777]

    server = run(_send_and_record(chunks()))
    assert framing_problems(server.record, LONG) == []


def test_framing_check_fails_when_frames_are_unbounded(monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(audio: memoryview, size: int = REALTIME_MAX_FRAME_BYTES) -> Iterator[memoryview]:
        yield audio  # tampered: the whole buffer in one frame

    monkeypatch.setattr(_protocol, "frames", whole)
    server = run(_send_and_record(LONG))
    assert framing_problems(server.record, LONG) == [f"frame 0 has {len(LONG)} bytes (> {REALTIME_MAX_FRAME_BYTES})"]


def test_framing_check_fails_when_odd_lengths_get_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_protocol, "pcm16", _protocol.bytes_view)  # tampered: no even-length check
    odd = pcm(100) + b"\x01"
    server = run(_send_and_record(odd))
    problems = framing_problems(server.record, odd)
    assert "frame 0 splits a sample (201 bytes)" in problems
    assert any("PCM16 frames hold whole samples" in problem for problem in problems)  # the server's own check


@pytest.mark.parametrize(
    ("audio", "error", "message"),
    [
        (b"\x00\x01\x02", ValueError, "odd length"),
        ("text", TypeError, "bytes-like"),
        ([1, 2], TypeError, "bytes-like PCM16 or an async iterable"),
    ],
)
def test_bad_audio_is_refused_before_anything_is_sent(audio: object, error: type[Exception], message: str) -> None:
    async def scenario() -> RealtimeServer:
        async with session_on() as (server, session):
            with pytest.raises(error, match=message):
                await session.send_audio(audio)  # type: ignore[arg-type]
            await session.finish()
        return server

    assert run(scenario()).record.frame_sizes == []


def test_a_stream_ending_mid_sample_is_refused() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"\x00\x01\x02"

    async def scenario() -> None:
        async with session_on() as (_, session):
            with pytest.raises(ValueError, match="mid-sample"):
                await session.send_audio(chunks())

    run(scenario())


def test_paced_audio_leaves_at_real_time_rate() -> None:
    audio = pcm(BYTES_PER_SECOND // 2 * 3 // 2)  # 0.75 s of audio

    async def scenario() -> tuple[float, float]:
        async with session_on(Script(ack=False)) as (_, session):
            started = time.perf_counter()
            await session.send_audio(audio)
            unpaced = time.perf_counter() - started
            started = time.perf_counter()
            await session.send_audio(audio, pace=True)
            return unpaced, time.perf_counter() - started

    unpaced, paced = run(scenario())
    seconds = len(audio) / BYTES_PER_SECOND
    assert paced >= seconds - REALTIME_PACE_LEAD - REALTIME_MAX_FRAME_BYTES / BYTES_PER_SECOND - 0.05
    assert unpaced < paced / 2


def test_send_audio_waits_while_a_slow_server_is_not_reading() -> None:
    async def scenario() -> bool:
        async with session_on(Script(read_delay=0.2, ack=False)) as (_, session):
            sending = asyncio.create_task(session.send_audio(bytes(64 * 1024 * 1024)))
            await asyncio.sleep(0.6)
            waiting = not sending.done()
            sending.cancel()
            await asyncio.gather(sending, return_exceptions=True)
            return waiting

    assert run(scenario())  # 64 MiB cannot have gone through a server reading 64 KiB every 0.2 s


# --------------------------------------------------------------------------- close sequence


def _closing_scenario() -> RealtimeServer:
    async def scenario() -> RealtimeServer:
        async with session_on(Script(stop_on_done=False)) as (server, session):
            await session.send_audio(pcm(1000))
        await asyncio.sleep(0)  # the server task records the close frame
        return server

    return run(scenario())


def test_leaving_the_block_sends_done_then_closes_the_socket() -> None:
    assert close_problems(_closing_scenario().record) == []


def test_close_check_fails_when_done_is_not_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_done(self: Session) -> None:  # tampered: close without DONE
        self._closed = True
        await self._ws.close()
        self._reader.cancel()
        await asyncio.wait({self._reader})

    monkeypatch.setattr(Session, "aclose", no_done)
    assert close_problems(_closing_scenario().record) == ["no DONE before the socket closed: ['binary', 'close:1000']"]


def test_close_check_fails_when_the_socket_is_left_open(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_close(self: Session) -> None:  # tampered: DONE, then the socket dropped without a close frame
        await self._ws.send(_protocol.DONE)
        self._reader.cancel()
        await asyncio.wait({self._reader})

    monkeypatch.setattr(Session, "aclose", no_close)
    record = _closing_scenario().record
    assert close_problems(record) == [
        f"after DONE the server got {record.sequence[-1:][1:]}, not the client's normal close (1000)"
    ]


def test_a_session_token_and_livekit_token_never_reach_reprs_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> tuple[str, str, str]:
        async with session_on() as (server, session):
            shown = repr(session)
            await session.finish()
            [token] = server.tokens
            return shown, token, session.livekit_token

    with caplog.at_level(logging.DEBUG):
        shown, token, livekit_token = run(scenario())
    assert livekit_token not in shown
    assert "[REDACTED]" in shown
    client_side = [r for r in caplog.records if not r.name.startswith("websockets.server")]  # not the test server's
    logged = "\n".join(record.getMessage() for record in client_side)
    assert "session_token=[REDACTED]" in logged  # websockets' request line, through the client's logger
    assert "< TEXT JSON [" in logged  # join info logged by size only
    for secret in (token, livekit_token, livekit_token[-12:], API_KEY):
        assert secret not in logged
