"""A minimal keep-alive HTTP/1.1 server on 127.0.0.1 for the benchmarks (run it in its own process).

It answers ``POST /integrations/livekit/agents`` with a fixed 200 JSON body (``status``,
``session_id``, ``destination``) and a Content-Length, anything else with 404, keeps
connections open, and counts the requests it answered. It parses just enough HTTP/1.1 for
the clients under test (request line, headers, Content-Length bodies; pipelining works).

    python benchmarks/server.py [--port 0] [--seconds 900]

prints ``READY <port>`` on stdout once listening and stops by itself after ``--seconds``
(a bounded lifetime, so a forgotten server never outlives the run), on SIGTERM, or when
its stdin closes (the runner that started it went away).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import signal
import sys
import uuid

PATH = b"/integrations/livekit/agents"
BODY = json.dumps(
    {
        "status": "ok",
        "session_id": str(uuid.UUID(int=0x5151_1111_2222_3333_4444_5555_6666_7777)),
        "destination": base64.b64encode(b"livekit-room-destination").decode(),
    }
).encode()
OK = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(BODY)).encode()
    + b"\r\n\r\n"
    + BODY
)
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
MAX_HEAD = 64 * 1024


class Counter:
    requests = 0


class HTTPServerProtocol(asyncio.Protocol):
    """One connection: parse as many complete requests as the buffer holds, answer each in order."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        out = []
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD and self.transport is not None:
                    self.transport.close()
                break
            head = bytes(self.buffer[:end])
            lines = head.split(b"\r\n")
            length = 0
            close = False
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                lowered = name.strip().lower()
                if lowered == b"content-length":
                    length = int(value.strip())
                elif lowered == b"connection" and value.strip().lower() == b"close":
                    close = True
            total = end + 4 + length
            if len(self.buffer) < total:
                break
            del self.buffer[:total]
            parts = lines[0].split(b" ")
            target = parts[1] if len(parts) > 1 else b""
            out.append(OK if parts[0] == b"POST" and target == PATH else NOT_FOUND)
            Counter.requests += 1
            if close:
                break
        if out and self.transport is not None:
            self.transport.write(b"".join(out))
            if close:
                self.transport.close()


async def serve(port: int, seconds: float) -> None:
    loop = asyncio.get_running_loop()
    stop = loop.create_future()

    def finish() -> None:
        if not stop.done():
            stop.set_result(None)

    loop.add_signal_handler(signal.SIGTERM, finish)
    loop.add_signal_handler(signal.SIGINT, finish)
    loop.call_later(seconds, finish)
    stdin = sys.stdin.fileno()
    loop.add_reader(stdin, lambda: None if os.read(stdin, 4096) else finish())
    server = await loop.create_server(HTTPServerProtocol, "127.0.0.1", port, backlog=1024, reuse_address=True)
    bound = server.sockets[0].getsockname()[1]
    print(f"READY {bound}", flush=True)
    async with server:
        await stop
    print(f"SERVED {Counter.requests}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--seconds", type=float, default=900.0, help="stop after this long (default 900)")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.port, args.seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
