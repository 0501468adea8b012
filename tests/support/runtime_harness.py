"""Drive one generic call, stream or download through Simli or AsyncSimli, on each async route.

Modes: ``sync``; ``async``, the facade's own pool (calls it can take over the direct route do);
``async-httpx``, the same client with a no-op event hook on its pool, which sends every call
through ``httpx.AsyncClient.send``. Answers come from tests/suites/faults' FaultServer on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from types import ModuleType
from typing import IO, Any, Literal, TypeVar
from unittest import mock

import httpx

from simli_api import AsyncSimli, Simli
from tests.support.fault_server import Behaviour, Connection, Request, head

Mode = Literal["sync", "async", "async-httpx"]
MODES: tuple[Mode, ...] = ("sync", "async", "async-httpx")
API_KEY = "fixture-api-key-5d1e9c"
KEY_HEADER = "x-fixture-key"  # the shapes description's apiKey header, lower-cased as servers see it

T = TypeVar("T")


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Behaviour:
    """Exactly these headers (plus Content-Length) and body; no Content-Type unless given."""

    def behaviour(conn: Connection, request: Request) -> bool:
        return conn.send(head(status, {**(headers or {}), "Content-Length": str(len(body))}) + body)

    return behaviour


def typed(status: int, body: bytes, content_type: str) -> Behaviour:
    return answer(status, body, {"Content-Type": content_type})


def options(url: str, **overrides: Any) -> dict[str, Any]:
    return {"api_key": API_KEY, "base_url": url, "timeout": 2.0, "max_retries": 2, **overrides}


class Run:
    """What one run did: how many times ``httpx.AsyncClient.send`` was called (async modes)."""

    httpx_sends = 0


def run(mode: Mode, url: str, action: Callable[[Any], Any], **client: Any) -> Any:
    """``action(simli)`` on a fresh client of ``mode`` (awaited if it returns an awaitable); its result."""
    if mode == "sync":
        with Simli(**options(url, **client)) as simli:
            return action(simli)

    async def scenario() -> Any:
        async with AsyncSimli(**options(url, **client)) as simli:
            if mode == "async-httpx":
                simli._http_client.event_hooks["request"].append(_no_op_hook)
            return await action(simli)

    send = httpx.AsyncClient.send
    with mock.patch.object(httpx.AsyncClient, "send", autospec=True, side_effect=send) as counted:
        result = asyncio.run(scenario())
    Run.httpx_sends = counted.call_count
    return result


def call(mode: Mode, url: str, module: ModuleType, /, client: dict[str, Any] | None = None, **arguments: Any) -> Any:
    """``simli.call(module, **arguments)``."""
    return run(mode, url, lambda simli: simli.call(module, **arguments), **(client or {}))


def collect(mode: Mode, url: str, module: ModuleType, /, **arguments: Any) -> list[bytes]:
    """Every chunk of ``simli.stream(module, **arguments)`` (sizes only are kept by callers that care)."""

    def sync_action(simli: Simli) -> list[bytes]:
        with simli.stream(module, **arguments) as chunks:
            return list(chunks)

    async def async_action(simli: AsyncSimli) -> list[bytes]:
        async with simli.stream(module, **arguments) as chunks:
            return [chunk async for chunk in chunks]

    chunks: list[bytes] = run(mode, url, sync_action if mode == "sync" else async_action)
    return chunks


def download(
    mode: Mode, url: str, module: ModuleType, /, to: str | os.PathLike[str] | IO[bytes], **arguments: Any
) -> int:
    """``simli.download(module, to=to, **arguments)``."""
    written: int = run(mode, url, lambda simli: simli.download(module, to=to, **arguments))
    return written


async def _no_op_hook(request: httpx.Request) -> None:
    """Its presence alone sends calls through httpx.AsyncClient.send."""
