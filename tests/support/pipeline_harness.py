"""Helpers for pipeline tests: tree fingerprints and a one-shot local HTTP server."""

from __future__ import annotations

import hashlib
import http.server
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.local_http import serving


def fingerprint(*directories: Path) -> dict[str, str]:
    """sha256 of every file under the given directories, keyed by path; equal dicts mean byte-identical trees."""
    result: dict[str, str] = {}
    for directory in directories:
        for path in sorted(directory.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                result[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


@contextmanager
def serve(body: bytes, content_type: str = "application/yaml", status: int = 200) -> Iterator[str]:
    """Serve ``body`` at every path on 127.0.0.1; yields the base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(Handler) as url:
        yield url
