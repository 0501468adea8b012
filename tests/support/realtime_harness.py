"""Running a realtime scenario against the local server, and the checks the framing and close tests share."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx

from simli_api import AsyncSimli
from simli_api._constants import REALTIME_MAX_FRAME_BYTES
from simli_api.realtime._protocol import BYTES_PER_SAMPLE
from simli_api.realtime._session import Session

from .realtime_server import RealtimeServer, Record, Script

API_KEY = "rt-test-api-key-0123456789"
SCENARIO_LIMIT = 20.0  # no scenario may hang the suite
T = TypeVar("T")


def run(scenario: Coroutine[Any, Any, T]) -> T:
    """Run ``scenario`` in a fresh event loop, bounded."""
    return asyncio.run(asyncio.wait_for(scenario, SCENARIO_LIMIT))


@asynccontextmanager
async def client(server: RealtimeServer, timeout: float = 5.0) -> AsyncIterator[AsyncSimli]:
    async with AsyncSimli(api_key=API_KEY, base_url=server.base_url, timeout=httpx.Timeout(timeout)) as simli:
        yield simli


@asynccontextmanager
async def session_on(
    script: Script | None = None, *, timeout: float = 5.0
) -> AsyncIterator[tuple[RealtimeServer, Session]]:
    """A server running ``script`` and a session connected to it (closed on exit, then the server stops)."""
    async with (
        RealtimeServer(script) as server,
        client(server, timeout) as simli,
        simli.realtime.connect(face_id="face-1") as session,
    ):
        yield server, session


async def collect(events: AsyncIterator[T]) -> list[T]:
    return [event async for event in events]


def pcm(samples: int, seed: int = 1) -> bytes:
    """``samples`` PCM16 samples of a varying (not constant) signal, so reordering or loss shows."""
    return b"".join(((i * 37 + seed) % 65536).to_bytes(2, "little") for i in range(samples))


def framing_problems(record: Record, sent: bytes) -> list[str]:
    """What is wrong with how ``sent`` reached the server: frames over the bound, split samples, loss or reordering."""
    problems = [
        f"frame {i} has {size} bytes (> {REALTIME_MAX_FRAME_BYTES})"
        for i, size in enumerate(record.frame_sizes)
        if size > REALTIME_MAX_FRAME_BYTES
    ]
    problems += [
        f"frame {i} splits a sample ({size} bytes)"
        for i, size in enumerate(record.frame_sizes)
        if size % BYTES_PER_SAMPLE
    ]
    received = b"".join(r.payload for r in record.received if isinstance(r.payload, bytes))
    if received != sent:
        problems.append(f"the server got {len(received)} bytes that differ from the {len(sent)} sent")
    return problems + record.violations


def close_problems(record: Record) -> list[str]:
    """What is wrong with how the client ended the session: DONE must come, then the client's normal close."""
    sequence = record.sequence
    if "text:DONE" not in sequence:
        return [f"no DONE before the socket closed: {sequence[-3:]}"]
    after = sequence[sequence.index("text:DONE") + 1 :]
    if after != ["close:1000"]:
        return [f"after DONE the server got {after}, not the client's normal close (1000)"]
    return record.violations
