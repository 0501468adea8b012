"""A tiny misbehaving HTTP/1.1 server for fault tests: raw sockets on 127.0.0.1, one thread per connection.

Each *request* takes the next behaviour from a script (the last one repeats), so sequences such as
"503, then 200" are possible. The server counts the requests it read and the connections it accepted,
and knows how many connections are still open. Every wait is bounded and cut short by :meth:`stop`,
which closes every socket and joins every thread it started.

    with FaultServer([respond(503), respond(200, SESSION_BODY)]) as server:
        ... f"http://127.0.0.1:{server.port}" ...
        assert server.requests == 2
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType

# Upper bound on any single server-side wait: a stall never outlives this even if stop() is forgotten.
MAX_STALL = 30.0
HEADER_LIMIT = 64 * 1024
BODY_LIMIT = 4 * 1024 * 1024


@dataclass(frozen=True)
class Request:
    """What the server read: enough to prove what reached the network."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Connection:
    """One accepted socket, with helpers the behaviours use."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock = sock
        self.stopping = stopping
        self.buffer = b""

    def read_request(self) -> Request | None:
        """The next request on this connection, or None if the peer closed (or sent garbage)."""
        while b"\r\n\r\n" not in self.buffer:
            if len(self.buffer) > HEADER_LIMIT or not self._fill():
                return None
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = [*lines[0].split(" ", 2), "", ""][:3]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = min(int(headers.get("content-length", "0") or 0), BODY_LIMIT)
        while len(self.buffer) < length:
            if not self._fill():
                return None
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return Request(method, path, headers, body)

    def _fill(self) -> bool:
        try:
            chunk = self.sock.recv(65536)
        except OSError:
            return False
        self.buffer += chunk
        return bool(chunk)

    def send(self, data: bytes) -> bool:
        """Send ``data``; False if the peer is gone (a client that gave up is not a server error)."""
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds`` (capped at MAX_STALL); False if the server is stopping or the peer left.

        Watching the peer keeps the open-connection count honest: a client that gave up and closed
        its socket is not reported as a connection left behind just because the server was stalling.
        """
        deadline = time.monotonic() + min(seconds, MAX_STALL)
        while (remaining := deadline - time.monotonic()) > 0:
            if self.stopping.is_set() or self.peer_closed(min(remaining, 0.02)):
                return False
        return not self.stopping.is_set()

    def peer_closed(self, within: float) -> bool:
        """True if the peer closed (or reset) its end, waiting at most ``within`` seconds to find out."""
        try:
            readable, _, _ = select.select([self.sock], [], [], within)
            return bool(readable) and not self.sock.recv(1, socket.MSG_PEEK)
        except OSError:
            return True

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0) instead of an orderly close."""
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with contextlib.suppress(OSError):
            self.sock.close()


# A behaviour answers one request; it returns True to keep the connection open for the next request.
Behaviour = Callable[[Connection, Request], bool]

REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def head(status: int, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(
    status: int,
    body: bytes | str = b"",
    *,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Behaviour:
    """A complete, well-formed answer; the connection stays open (keep-alive)."""
    payload = body.encode() if isinstance(body, str) else body

    def behaviour(conn: Connection, request: Request) -> bool:
        extra = {"Content-Type": content_type, "Content-Length": str(len(payload)), **(headers or {})}
        return conn.send(head(status, extra) + payload)

    return behaviour


def respond_json(status: int, payload: object, headers: dict[str, str] | None = None) -> Behaviour:
    return respond(status, json.dumps(payload), headers=headers)


def session_ok(session_id: str | None = None) -> Behaviour:
    """200 with a valid LiveKitAgentsSession body."""
    return respond_json(200, {"status": "started", "session_id": session_id or str(uuid.uuid4())})


def close_without_answer() -> Behaviour:
    """Read the request, then close the connection without a byte of response."""

    def behaviour(conn: Connection, request: Request) -> bool:
        return False

    return behaviour


def reset_mid_body(declared: int = 10_000, sent: int = 100) -> Behaviour:
    """Headers promising ``declared`` bytes, ``sent`` of them, then a TCP reset."""

    def behaviour(conn: Connection, request: Request) -> bool:
        conn.send(head(200, {"Content-Type": "application/json", "Content-Length": str(declared)}))
        conn.send(b"{" + b" " * (sent - 1))
        time.sleep(0.05)  # let the partial body reach the client before the RST
        conn.reset()
        return False

    return behaviour


def stall_before_headers(seconds: float) -> Behaviour:
    """Read the request, say nothing for ``seconds`` (bounded, cut short by stop()), then close."""

    def behaviour(conn: Connection, request: Request) -> bool:
        conn.wait(seconds)
        return False

    return behaviour


def stall_mid_body(seconds: float, declared: int = 1000) -> Behaviour:
    """Headers and part of the body, then silence for ``seconds``, then close."""

    def behaviour(conn: Connection, request: Request) -> bool:
        conn.send(head(200, {"Content-Type": "application/json", "Content-Length": str(declared)}) + b'{"status": ')
        conn.wait(seconds)
        return False

    return behaviour


def endless_chunked(chunk: int = 16 * 1024, interval: float = 0.01, limit: float = MAX_STALL) -> Behaviour:
    """A 200 with a chunked body that never ends: a chunk every ``interval`` seconds for up to ``limit`` seconds.

    The body is JSON-looking (an ever-growing string) so nothing about it is invalid until the end
    that never comes. The server gives up after ``limit`` seconds, when the client stops reading,
    or on stop(); it then closes the connection without the terminating chunk.
    """
    piece = b"a" * chunk
    framed = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"

    def behaviour(conn: Connection, request: Request) -> bool:
        opening = b'{"status": "'
        ok = conn.send(
            head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
            + f"{len(opening):x}\r\n".encode()
            + opening
            + b"\r\n"
        )
        deadline = time.monotonic() + limit
        while ok and time.monotonic() < deadline and conn.wait(interval):
            ok = conn.send(framed)
        return False

    return behaviour


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[Request] = field(default_factory=list)
    accepted: int = 0
    open: int = 0


class FaultServer:
    """Serve ``script`` (one behaviour per request, the last repeating) on 127.0.0.1, in background threads."""

    def __init__(self, script: Sequence[Behaviour]) -> None:
        if not script:
            raise ValueError("a script needs at least one behaviour")
        self._script = list(script)
        self._state = _State()
        self._stopping = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept_loop, name=f"fault-server-{self.port}", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- counters --------------------------------------------------------------------------------
    @property
    def requests(self) -> int:
        """Requests fully read so far (each consumed one behaviour)."""
        with self._state.lock:
            return len(self._state.requests)

    @property
    def seen(self) -> list[Request]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def accepted(self) -> int:
        with self._state.lock:
            return self._state.accepted

    @property
    def open_connections(self) -> int:
        with self._state.lock:
            return self._state.open

    def wait_closed(self, within: float = 2.0) -> int:
        """Wait (at most ``within`` seconds) until the client has closed every connection; the count left."""
        deadline = time.monotonic() + within
        while self.open_connections and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.open_connections

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FaultServer:
        self._acceptor.start()
        return self

    def stop(self) -> None:
        """Cut every stall short, close every socket, join every thread."""
        self._stopping.set()
        self._acceptor.join(timeout=5)
        with self._state.lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()
        alive = [t.name for t in [self._acceptor, *self._threads] if t.is_alive()]
        if alive:
            raise RuntimeError(f"fault server threads did not stop: {alive}")

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(None)
            with self._state.lock:
                self._state.accepted += 1
                self._state.open += 1
                self._sockets.add(sock)
            thread = threading.Thread(target=self._serve, args=(sock,), name=f"fault-conn-{self.port}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _next_behaviour(self, request: Request) -> Behaviour:
        with self._state.lock:
            index = len(self._state.requests)
            self._state.requests.append(request)
        return self._script[min(index, len(self._script) - 1)]

    def _serve(self, sock: socket.socket) -> None:
        conn = Connection(sock, self._stopping)
        try:
            keep_open = True
            while keep_open and not self._stopping.is_set():
                request = conn.read_request()
                if request is None:
                    break
                keep_open = self._next_behaviour(request)(conn, request)
        finally:
            with contextlib.suppress(OSError):
                sock.close()
            with self._state.lock:
                self._state.open -= 1
                self._sockets.discard(sock)


def refused_port() -> int:
    """A port on 127.0.0.1 with nothing listening: bind a socket, note its port, close it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port
