"""A local Simli realtime server on 127.0.0.1: ``POST /compose/token`` and the ``livekit`` channel on one port.

It follows Simli's AsyncAPI description (tests/fixtures/asyncapi) and what Simli's own SDK (simli-ai 2.1.0)
shows the server sends: LiveKit join info, ``{"video_metadata": ...}``, ``START``, ``SPEAK`` on the first
audio after silence, ``ACK`` per audio frame, ``SILENT`` on ``SKIP``, and on ``DONE`` ``SILENT``,
``CLOSING REASON: ...``, ``STOP`` and a normal close. Every message the client sends is checked against
the description's payload schemas (``violations``); a :class:`Script` scripts faults.

The WebSocket side is websockets' Sans-I/O ``ServerProtocol`` on asyncio streams: one port serves both the
token POST (which websockets' own server cannot: it refuses request bodies) and the socket, as Simli's does.

    python -m tests.support.realtime_server       # prints "READY <base url>", serves until stdin closes
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sys
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field

from websockets.frames import Frame, Opcode
from websockets.http11 import Request
from websockets.protocol import State
from websockets.server import ServerProtocol

from .asyncapi_description import Channel, livekit_channel

TOKEN_PATH = "/compose/token"
API_KEY_HEADER = "x-simli-api-key"
LIVEKIT_URL = "wss://avatar-room.livekit.invalid"
VIDEO_METADATA = json.dumps({"video_metadata": {"fps": 30, "width": 512, "height": 512}})
CLOSING_REASON = "CLOSING REASON: client sent DONE"


@dataclass(frozen=True)
class Script:
    """What the server does on a socket; the defaults are a healthy session."""

    preamble: tuple[str, ...] = ()  # sent first (an ERROR, a RATE refusal, something unknown)
    close_after_preamble: int | None = None  # then close with this code instead of going on
    join_info: bool = True  # False: never send join info (the client must time out)
    after_join: tuple[str, ...] = (VIDEO_METADATA, "START")
    ack: bool = True  # ACK each audio frame
    fault_after_frames: int | None = None  # after this many audio frames:
    fault: tuple[str, ...] = ()  # send these,
    fault_close: int | None = None  # then close with this code (1011: the server failed)
    read_delay: float = 0.0  # seconds slept before each read from the socket (a slow reader)
    stop_on_done: bool = True  # False: DONE is recorded, never answered


NO_JOIN_INFO = Script(join_info=False)
RATE_REFUSAL = Script(preamble=("RATE LIMIT EXCEEDED: too many concurrent sessions",), close_after_preamble=1008)
INVALID_TOKEN = "ERROR: INVALID_SESSION_TOKEN the session token is unknown or expired"


@dataclass
class Received:
    """One message from the client: ``text`` or ``binary``, and its payload."""

    kind: str
    payload: str | bytes


@dataclass
class Record:
    """Everything the server saw, for the tests to assert on."""

    token_requests: list[dict[str, str]] = field(default_factory=list)  # headers of each POST /compose/token
    upgrades: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (path, headers) of each socket
    received: list[Received] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    client_close_codes: list[int | None] = field(default_factory=list)
    frame_sizes: list[int] = field(default_factory=list)  # every audio frame's size, in order
    sequence: list[str] = field(default_factory=list)  # "binary", "text:SKIP", "close:1000", in arrival order

    @property
    def texts(self) -> list[str]:
        return [r.payload for r in self.received if isinstance(r.payload, str)]

    @property
    def audio_bytes(self) -> int:
        return sum(self.frame_sizes)


class RealtimeServer:
    """``async with RealtimeServer(script) as server:`` serves on ``server.base_url`` until exit."""

    def __init__(self, script: Script | None = None, *, record_payloads: bool = True) -> None:
        self.script = script or Script()
        self.record = Record()
        self.tokens: set[str] = set()
        self.base_url = ""
        self.record_payloads = record_payloads
        self._channel: Channel = livekit_channel()
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> RealtimeServer:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.wait(self._handlers)
        await self._server.wait_closed()

    @property
    def tasks(self) -> set[asyncio.Task[None]]:
        """The server's own connection handlers (running in the caller's event loop)."""
        return set(self._handlers)

    def issue_token(self) -> str:
        token = f"rt-session-{len(self.tokens):04d}-{secrets.token_hex(8)}"
        self.tokens.add(token)
        return token

    # ------------------------------------------------------------------ HTTP

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                method = head.split(b" ", 1)[0]
                if method == b"POST":
                    await self._token(head, reader, writer)
                    continue
                await self._socket(head, reader, writer)
                return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:  # the server is stopping (it cancelled this handler itself)
            return
        finally:
            self._handlers.discard(task)
            writer.close()
            with suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _token(self, head: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        lines = head.decode("latin-1").split("\r\n")
        target = lines[0].split(" ")[1]
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.record.token_requests.append(headers)
        status: int
        answer: object
        try:
            face_id = json.loads(body).get("faceId")  # the description's name for the field
        except ValueError:
            face_id = None
        if urllib.parse.urlsplit(target).path != TOKEN_PATH:
            status, answer = 404, {"detail": "Not Found"}
        elif not headers.get(API_KEY_HEADER):
            status, answer = 401, {"detail": "INVALID_API_KEY"}
        elif not isinstance(face_id, str) or not face_id:
            status, answer = 422, {"detail": [{"loc": ["body", "faceId"], "msg": "required", "type": "missing"}]}
        else:
            status, answer = 200, {"session_token": self.issue_token()}
        data = json.dumps(answer).encode()
        writer.write(
            f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {len(data)}\r\n\r\n".encode()
            + data
        )
        await writer.drain()

    # ------------------------------------------------------------------ WebSocket

    async def _socket(self, head: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        protocol = ServerProtocol()
        protocol.receive_data(head)
        request = next((e for e in protocol.events_received() if isinstance(e, Request)), None)
        if request is None:
            return
        self.record.upgrades.append((request.path, {k.lower(): v for k, v in request.headers.raw_items()}))
        url = urllib.parse.urlsplit(request.path)
        if url.path != self._channel.address:
            protocol.send_response(protocol.reject(404, "no such channel\n"))
            await _flush(protocol, writer)
            return
        protocol.send_response(protocol.accept(request))
        if protocol.handshake_exc is not None:
            await _flush(protocol, writer)
            return
        token = urllib.parse.parse_qs(url.query).get("session_token", [""])[0]
        script = self.script if token in self.tokens else Script(preamble=(INVALID_TOKEN,), close_after_preamble=1008)
        await _Socket(self, protocol, reader, writer, script).run()

    def check(self, payload: str | bytes) -> None:
        problem = self._channel.problem(payload)
        if problem is not None:
            self.record.violations.append(problem)
        if isinstance(payload, bytes) and len(payload) % 2:
            self.record.violations.append(f"audio frame of {len(payload)} bytes: PCM16 frames hold whole samples")


class _Socket:
    """One accepted socket, driven by its script."""

    def __init__(
        self,
        server: RealtimeServer,
        protocol: ServerProtocol,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        script: Script,
    ) -> None:
        self.server, self.protocol, self.reader, self.writer, self.script = server, protocol, reader, writer, script
        self.frames = 0
        self.speaking = False

    def send(self, *texts: str) -> None:
        for text in texts:
            if self.protocol.state is State.OPEN:
                self.protocol.send_text(text.encode())

    def close(self, code: int, reason: str = "") -> None:
        if self.protocol.state is State.OPEN:
            self.protocol.send_close(code, reason)

    async def run(self) -> None:
        script = self.script
        self.send(*script.preamble)
        if script.close_after_preamble is not None:
            self.close(script.close_after_preamble, "refused")
        elif script.join_info:
            self.send(json.dumps({"livekit_url": LIVEKIT_URL, "livekit_token": _livekit_token()}), *script.after_join)
        await _flush(self.protocol, self.writer)
        while self.protocol.state is not State.CLOSED:
            if script.read_delay:
                await asyncio.sleep(script.read_delay)
            try:
                data = await asyncio.wait_for(self.reader.read(65536), 30)
            except (asyncio.TimeoutError, ConnectionError):
                return
            if data:
                self.protocol.receive_data(data)
            else:
                self.protocol.receive_eof()
            for frame in self.protocol.events_received():
                if isinstance(frame, Frame):
                    self.on_frame(frame.opcode, bytes(frame.data), frame.fin)
            await _flush(self.protocol, self.writer)
            if not data:
                return

    def on_frame(self, opcode: Opcode, data: bytes, fin: bool) -> None:
        record = self.server.record
        if not fin or opcode is Opcode.CONT:
            record.violations.append("a fragmented message (the description's messages are whole frames)")
            return
        if opcode is Opcode.CLOSE:
            code = self.protocol.close_rcvd.code if self.protocol.close_rcvd else None
            record.client_close_codes.append(code)
            record.sequence.append(f"close:{code}")
            return
        if opcode is Opcode.TEXT:
            self.on_text(data.decode("utf-8", errors="replace"))
        elif opcode is Opcode.BINARY:
            self.on_audio(data)

    def on_text(self, text: str) -> None:
        self.server.check(text)
        self.server.record.sequence.append(f"text:{text}")
        self.server.record.received.append(Received("text", text))
        if text == "SKIP":
            if self.speaking:
                self.send("SILENT")
            self.speaking = False
        elif text == "DONE" and self.script.stop_on_done:
            if self.speaking:
                self.send("SILENT")
            self.send(CLOSING_REASON, "STOP")
            self.close(1000)

    def on_audio(self, data: bytes) -> None:
        server = self.server
        server.record.frame_sizes.append(len(data))
        server.record.sequence.append("binary")
        if server.record_payloads:  # off for the bench: sizes only, so the server's own cost stays small
            server.check(data)
            server.record.received.append(Received("binary", data))
        self.frames += 1
        if not self.speaking:
            self.speaking = True
            self.send("SPEAK")
        if self.script.ack:
            self.send("ACK")
        if self.frames == self.script.fault_after_frames:
            self.send(*self.script.fault)
            if self.script.fault_close is not None:
                self.close(self.script.fault_close, "server failed")


async def _flush(protocol: ServerProtocol, writer: asyncio.StreamWriter) -> None:
    for data in protocol.data_to_send():
        if data:
            writer.write(data)
        elif writer.can_write_eof():
            writer.write_eof()
    await writer.drain()


def _livekit_token() -> str:
    """A JWT-shaped placeholder (LiveKit tokens are JWTs); never a real credential."""
    return "eyJhbGciOiJIUzI1NiJ9.eyJ2aWRlbyI6eyJyb29tIjoiZGVtbyJ9fQ." + secrets.token_urlsafe(16)


@asynccontextmanager
async def serving(script: Script | None = None, **options: bool) -> AsyncIterator[RealtimeServer]:
    """``async with serving() as server:`` a RealtimeServer for the length of the block."""
    async with RealtimeServer(script, **options) as server:
        yield server


async def _main() -> None:
    """Serve until stdin closes (the demo and the bench run it in a child process)."""
    record_payloads = "--sizes-only" not in sys.argv
    async with RealtimeServer(record_payloads=record_payloads) as server:
        print(f"READY {server.base_url}", flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)
        if server.record.violations:
            print(f"VIOLATIONS {len(server.record.violations)}: {server.record.violations[:3]}", flush=True)
        print(f"RECEIVED {server.record.audio_bytes} audio bytes", flush=True)


if __name__ == "__main__":
    asyncio.run(_main())
