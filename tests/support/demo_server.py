"""The local stand-in for Simli where Prism cannot answer a journey (stdlib only: noxfile.py loads it by path).

Two servers on 127.0.0.1: the *API* (face creation whose status turns ``completed`` on the second
poll, audio-to-video answering a video URL on the other server, the MP4 download route) and a
*CDN* on another port that serves the video and refuses any request carrying the API key, as a
real third-party host should never see it. ``nox -s demo`` and ``nox -s build`` run examples
against it.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

# The first bytes of an MP4 (an ftyp box), then filler: what the demos download and save.
VIDEO = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 4096
FACE_ID = "demo-face-0001"
KEY_HEADER = "x-simli-api-key"


@contextmanager
def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, body: bytes, media_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, payload: Any, status: int = 200) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    def _read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def running_demo_servers() -> Iterator[str]:
    """Start the CDN and the API; yields the API's base URL (set it as SIMLI_BASE_URL)."""

    class CDN(_Handler):
        def do_GET(self) -> None:
            if self.headers.get(KEY_HEADER) is not None:
                self._json({"error": "this host must never receive the Simli API key"}, 400)
            elif self.path.startswith("/videos/"):
                self._send(200, VIDEO, "video/mp4")
            else:
                self._json({"error": "not found"}, 404)

    with _serve(CDN) as cdn:
        polls: Counter[str] = Counter()
        lock = threading.Lock()

        class API(_Handler):
            def _keyed(self) -> bool:
                if self.headers.get(KEY_HEADER):
                    return True
                self._json({"detail": "missing API key"}, 401)
                return False

            def do_POST(self) -> None:
                self._read_body()
                path = urlsplit(self.path).path
                if not self._keyed():
                    return
                if path == "/faces/trinity":
                    self._json({"face_id": FACE_ID, "status": "queued"})
                elif path == "/static/audio":
                    self._json({"mp4_url": f"{cdn}/videos/demo.mp4", "hls_url": f"{cdn}/videos/demo.m3u8"})
                else:
                    self._json({"detail": "not found"}, 404)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if re.fullmatch(r"/static/mp4/[^/]+/[^/]+", parts.path):
                    self._send(200, VIDEO, "video/mp4")
                elif parts.path == "/faces/trinity/generation_status" and self._keyed():
                    face_id = parse_qs(parts.query).get("face_id", [""])[0]
                    with lock:
                        polls[face_id] += 1
                        count = polls[face_id]
                    status = "completed" if count >= 2 else "processing"
                    self._json({"face_id": face_id, "status": status})
                elif parts.path != "/faces/trinity/generation_status":
                    self._json({"detail": "not found"}, 404)

        with _serve(API) as api:
            yield api
