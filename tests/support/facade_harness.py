"""Shared test helpers: realistic arguments, a sync/async runner, and a scripted HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import http.server
import importlib
import inspect
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from simli_api import AsyncSimli, LiveKitAgentsSession, Simli
from tests.support.local_http import serving

BASE_URL = "http://simli.test"
PATH = "/integrations/livekit/agents"
KINDS = ["sync", "async"]


@dataclass(frozen=True)
class KeyedOperation:
    """A generated operation that requires the API key, with the header its scheme names."""

    module: ModuleType
    method: str
    path: str
    header: str


def keyed_operation() -> KeyedOperation:
    """A GET of the generated client whose security is an apiKey header, not deprecated, needing no arguments.

    Found in the generated facts rather than named, so the facade tests run on any description that
    has one (the pinned one, or a larger one a pipeline test regenerates from). Tests answer it with
    a 404 (SimliNotFoundError whatever its declared body is): the request is what they check.
    """
    from simli_api_client.operation_facts import OPERATIONS, SECURITY_SCHEMES

    for name, facts in OPERATIONS.items():
        if facts["method"] != "GET" or "{" in facts["path"] or not facts["security"] or facts["deprecated"]:
            continue
        schemes = [SECURITY_SCHEMES[scheme] for scheme in facts["security"][0]]
        if len(schemes) != 1 or (schemes[0]["type"], schemes[0]["in"]) != ("apiKey", "header"):
            continue
        module = importlib.import_module(f"simli_api_client.{name}")
        parameters = inspect.signature(module._get_kwargs).parameters.values()
        if all(parameter.default is not inspect.Parameter.empty for parameter in parameters):
            return KeyedOperation(module, facts["method"], facts["path"], schemes[0]["name"])
    raise AssertionError("the generated client has no argument-free GET that requires an API key")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(claims: dict[str, Any], signature: bytes = b"signature") -> str:
    """A JWT-shaped string (not signed for real): what the input check expects."""
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(claims).encode())}.{b64url(signature)}"


def arguments(**overrides: str) -> dict[str, Any]:
    """Valid start_agents_session arguments, fresh per call (typed loosely: ``**`` them into any call)."""
    values: dict[str, Any] = {
        "session_token": f"session-{uuid.uuid4().hex}",
        "livekit_token": make_jwt({"sub": "simli-avatar-agent", "n": uuid.uuid4().hex}),
        "livekit_url": "wss://example.livekit.cloud",
    }
    values.update(overrides)
    return values


def session_json(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"status": "ok", "session_id": str(uuid.uuid4()), "destination": "ZGVzdA=="}
    body.update(overrides)
    return body


def start(kind: str, args: dict[str, Any] | None = None, **client_options: Any) -> LiveKitAgentsSession:
    """Start a session through Simli (kind "sync") or AsyncSimli (kind "async") with ``client_options``."""
    args = arguments() if args is None else args
    if kind == "sync":
        with Simli(**client_options) as simli:
            return simli.livekit.start_agents_session(**args)

    async def run() -> LiveKitAgentsSession:
        async with AsyncSimli(**client_options) as simli:
            return await simli.livekit.start_agents_session(**args)

    return asyncio.run(run())


@dataclass
class Reply:
    """One scripted answer: status, headers, raw body (or a renderer), and an optional delay before answering."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    render: Callable[[bytes, dict[str, str]], bytes] | None = None
    """Builds the body from the request's body and headers (e.g. to echo input, as FastAPI's 422 does)."""

    @classmethod
    def json(cls, status: int, payload: Any, *, delay: float = 0.0) -> Reply:
        return cls(status, json.dumps(payload).encode(), {"Content-Type": "application/json"}, delay)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@contextmanager
def scripted_server(*replies: Reply) -> Iterator[tuple[str, list[Recorded]]]:
    """A real HTTP server on 127.0.0.1 answering each request with the next reply (the last repeats).

    Yields the base URL and the list of requests received.
    """
    script = list(replies)
    received: list[Recorded] = []
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                record = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                received.append(record)
                reply = script.pop(0) if len(script) > 1 else script[0]
            if reply.delay:
                time.sleep(reply.delay)
            payload = reply.body if reply.render is None else reply.render(body, record.headers)
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        do_GET = do_POST

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(Handler) as url:
        yield url, received


def closed_port_url() -> str:
    """A 127.0.0.1 URL nothing listens on (the port was just released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
