"""One open realtime session: the socket, a reader task that turns server messages into events, and the sends.

The reader task is the only task a session owns; :meth:`Session.aclose` (context exit, cancellation
included) sends ``DONE`` if the socket is still open, closes the socket and waits for the reader to end.
Nothing is queued on the way out: each send awaits the socket (websockets waits for its write buffer
to drain), so a slow server slows the sender down instead of filling memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from typing import TYPE_CHECKING

from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

from .._constants import REALTIME_PACE_LEAD
from .._redact import REDACTED
from . import _protocol
from ._protocol import Closing, Failure, JoinInfo, Notice
from .errors import SimliRealtimeClosedError, SimliRealtimeError, SimliRealtimeProtocolError, SimliRealtimeTimeoutError
from .events import Event, Started, Stopped, Unknown

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

logger = logging.getLogger("simli_api.realtime")

Audio = bytes | bytearray | memoryview | AsyncIterable[bytes | bytearray | memoryview]


class Session:
    """A live avatar session on Simli's ``livekit`` channel (made by ``simli.realtime.connect``).

    ``livekit_url`` / ``livekit_token`` are the join info for the viewer (a browser or the ``livekit``
    package); the token never appears in the repr or in logs.
    """

    def __init__(
        self,
        connection: ClientConnection,
        join: JoinInfo,
        *,
        early: Iterable[Event],
        closing_reason: str | None,
        secrets: Iterable[str],
        wait_timeout: float,
        close_timeout: float,
    ) -> None:
        self._ws = connection
        self.livekit_url = join.livekit_url
        self._livekit_token = join.livekit_token
        self._secrets = (*secrets, join.livekit_token)
        self._wait_timeout = wait_timeout
        self._close_timeout = close_timeout
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue()
        self._started = False
        self._stopped: Stopped | None = None
        self._error: SimliRealtimeError | None = None
        self._closing_reason = closing_reason
        self._done_sent = False
        self._closed = False
        for event in early:
            self._deliver(event)
        self._reader = asyncio.get_running_loop().create_task(self._read(), name="simli-realtime-reader")

    @property
    def livekit_token(self) -> str:
        """The viewer's LiveKit access token (a secret: hand it to the viewer only)."""
        return self._livekit_token

    @property
    def started(self) -> bool:
        """True once the server sent ``START``."""
        return self._started

    def __repr__(self) -> str:
        state = "closed" if self._closed else "stopped" if self._stopped else "failed" if self._error else "open"
        return f"<Session livekit_url={self.livekit_url!r} livekit_token={REDACTED} {state}>"

    # ------------------------------------------------------------------ sending

    async def send_audio(self, audio: Audio, *, pace: bool = False) -> None:
        """Send PCM16 16 kHz mono audio: bytes-like, or an async iterable of bytes-like chunks (a TTS stream).

        Long buffers go in frames of at most ``REALTIME_MAX_FRAME_BYTES``; with ``pace=True`` the frames leave at
        real-time rate (at most ``REALTIME_PACE_LEAD`` s ahead). Odd lengths are refused before anything is sent
        (for a stream: a chunk may end mid-sample, the whole stream may not).
        """
        pacer = _Pacer() if pace else None
        if isinstance(audio, (bytes, bytearray, memoryview, str)):
            await self._send_frames(_protocol.pcm16(audio), pacer)
            return
        if not isinstance(audio, AsyncIterable):
            raise TypeError(f"audio must be bytes-like PCM16 or an async iterable of it, got {type(audio).__name__}")
        carry = b""
        async for chunk in audio:
            view = _protocol.bytes_view(chunk, "an audio chunk")
            if carry:
                view = memoryview(carry + view.tobytes())
            whole = len(view) - len(view) % _protocol.BYTES_PER_SAMPLE
            carry = view[whole:].tobytes()
            await self._send_frames(view[:whole], pacer)
        if carry:
            raise ValueError(
                "the audio stream ended mid-sample (an odd number of bytes in all); PCM16 needs 2 a sample"
            )

    async def clear(self) -> None:
        """``SKIP``: the avatar stops speaking now and drops the audio it has not spoken yet."""
        self._check_open()
        await self._send(_protocol.SKIP)

    async def finish(self, timeout: float | None = None) -> Stopped:
        """``DONE``, then wait for ``STOP`` (after the avatar spoke what was sent), at most ``timeout`` seconds
        (default: the client's read timeout). Returns the :class:`Stopped` event; events stay readable."""
        if self._closed:
            raise RuntimeError("the session is closed")
        if self._error is None and self._stopped is None and not self._done_sent:
            self._done_sent = True
            await self._send(_protocol.DONE)
        limit = self._wait_timeout if timeout is None else timeout
        done, _ = await asyncio.wait({self._reader}, timeout=limit)
        if not done:
            raise SimliRealtimeTimeoutError(f"Simli sent no STOP within {limit:g} s of DONE; the session is left open")
        if self._error is not None:
            raise self._error
        return self._stopped or Stopped(self._closing_reason)

    def _check_open(self) -> None:
        if self._error is not None:
            raise self._error
        if self._stopped is not None:
            raise SimliRealtimeClosedError(
                f"the session has stopped ({self._stopped.reason or 'STOP'}): open a new one"
            )
        if self._done_sent:
            raise RuntimeError("finish() was called on this session: nothing more can be sent")
        if self._closed:
            raise RuntimeError("the session is closed")

    async def _send_frames(self, audio: memoryview, pacer: _Pacer | None) -> None:
        self._check_open()
        for frame in _protocol.frames(audio):
            if pacer is not None:
                await pacer.wait()
                pacer.sent += len(frame)
            await self._send(frame)

    async def _send(self, message: str | memoryview) -> None:
        try:
            await self._ws.send(message)
        except ConnectionClosed:
            # The reader has (or soon has) the server's reason: an ERROR, a CLOSING or the close code.
            await asyncio.wait({self._reader}, timeout=self._close_timeout)
            if self._error is not None:
                raise self._error from None
            why = self._stopped.reason if self._stopped else self._closing_reason
            raise SimliRealtimeClosedError(f"the socket closed while sending ({why or self._close_text()})") from None

    # ------------------------------------------------------------------ receiving

    async def events(self) -> AsyncIterator[Event]:
        """The session's events in order, until ``STOP`` (or the error that ended the session, raised).

        Meant for one reader at a time. Events wait for it in memory (a few small objects a second: one ``ACK``
        per audio frame at most), so a caller that never reads them loses nothing but a little memory.
        """
        while True:
            event = await self._queue.get()
            if event is None:
                self._queue.put_nowait(None)  # later iterations end too
                if self._error is not None:
                    raise self._error
                return
            yield event

    async def _read(self) -> None:
        try:
            async for message in self._ws:
                if self._handle(_protocol.parse(message, self._secrets)):
                    return
            self._ended_by_close()
        except ConnectionClosed:
            self._ended_by_close()
        finally:
            self._queue.put_nowait(None)

    def _handle(self, parsed: _protocol.Parsed) -> bool:
        """Deliver one parsed message; True when the session is over."""
        if isinstance(parsed, Failure):
            self._error = parsed.error
            logger.warning("Simli realtime session failed: %s", parsed.error)
            return True
        if isinstance(parsed, Closing):
            self._closing_reason = parsed.reason
            logger.info("Simli realtime session closing: %s", parsed.reason)
            return False
        if isinstance(parsed, (Notice, JoinInfo)):
            logger.debug(
                "Simli realtime: ignored %s", "join info sent again" if isinstance(parsed, JoinInfo) else parsed
            )
            return False
        if isinstance(parsed, Unknown) and not self._started:
            self._error = SimliRealtimeProtocolError(
                f"Simli sent a message this client does not know before START: {parsed.raw[:200]!r}"
            )
            return True
        if isinstance(parsed, Unknown):
            logger.warning("Simli realtime: unknown message kept as Unknown: %s", parsed.raw[:200])
        if isinstance(parsed, Stopped) and parsed.reason is None and self._closing_reason:
            parsed = Stopped(self._closing_reason)
        self._deliver(parsed)
        return isinstance(parsed, Stopped)

    def _deliver(self, event: Event) -> None:
        if isinstance(event, Started):
            self._started = True
        elif isinstance(event, Stopped):
            self._stopped = event
        self._queue.put_nowait(event)

    def _ended_by_close(self) -> None:
        """The socket closed before STOP: a graceful end if the server announced it, else an error."""
        if self._closed or self._stopped is not None or self._error is not None:
            return
        if self._closing_reason is not None:
            self._deliver(Stopped(self._closing_reason))
            return
        self._error = SimliRealtimeClosedError(
            f"Simli closed the socket before STOP ({self._close_text()}); start a new session"
        )

    def _close_text(self) -> str:
        code, reason = self._ws.close_code, self._ws.close_reason
        return f"close code {code}" + (f": {reason}" if reason else "") if code is not None else "connection lost"

    # ------------------------------------------------------------------ closing

    async def aclose(self) -> None:
        """Send ``DONE`` if the socket is still open and it was not sent, close the socket, end the reader task."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self._done_sent and self._ws.state is State.OPEN:
                self._done_sent = True
                try:
                    await asyncio.wait_for(self._ws.send(_protocol.DONE), self._close_timeout)
                except (ConnectionClosed, asyncio.TimeoutError):
                    logger.debug("Simli realtime: DONE not sent, the socket is closing")
            await self._ws.close()
        finally:
            self._reader.cancel()
            await asyncio.wait({self._reader})


class _Pacer:
    """Holds frames back so the audio leaves at real-time rate, at most ``REALTIME_PACE_LEAD`` seconds ahead."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._start = self._loop.time()
        self.sent = 0

    async def wait(self) -> None:
        ahead = self.sent / _protocol.BYTES_PER_SECOND - (self._loop.time() - self._start)
        if ahead > REALTIME_PACE_LEAD:
            await asyncio.sleep(ahead - REALTIME_PACE_LEAD)
