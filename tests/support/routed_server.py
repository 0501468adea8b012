"""A routed HTTP server on 127.0.0.1 for answers Prism cannot give (204, JSON null, bytes, two-step flows).

Each route is ``"METHOD /path"`` (the request path without its query) → a :class:`Answer`, or ``"*"``
for any request; every request is recorded (method, path with query, headers, body), answered or not.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support.local_http import serving


@dataclass
class Answer:
    """Status, headers and body; ``chunks`` streams the body with chunked encoding instead; ``cut_after``
    announces the whole body but sends only that many bytes of it, then hangs up."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] | None = None
    cut_after: int | None = None

    @classmethod
    def json(cls, payload: Any, status: int = 200) -> Answer:
        return cls(status, json.dumps(payload).encode(), {"Content-Type": "application/json"})

    @classmethod
    def binary(cls, body: bytes, media_type: str) -> Answer:
        return cls(200, body, {"Content-Type": media_type})


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Routes = dict[str, Answer | Callable[[Received], Answer]]


@contextmanager
def local_server(routes: Routes) -> Iterator[tuple[str, list[Received]]]:
    """Serve ``routes`` on a free port; yields the base URL and the list of requests received."""
    received: list[Received] = []
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            record = Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, self._body())
            with lock:
                received.append(record)
            route = routes.get(f"{self.command} {self.path.split('?', 1)[0]}", routes.get("*"))
            answer = Answer.json({"detail": "no such route"}, 404) if route is None else route
            if callable(answer):
                answer = answer(record)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if answer.chunks is not None:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in answer.chunks:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body[: answer.cut_after])
            if answer.cut_after is not None:
                self.close_connection = True

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                return self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = b""
            while size := int(self.rfile.readline().strip(), 16):
                body += self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
            return body

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(Handler) as url:
        yield url, received
