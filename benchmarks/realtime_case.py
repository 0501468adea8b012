"""The realtime case: audio a ``simli.realtime`` session pushes through the local realtime server, against raw
``websockets`` doing the same framing (frames of REALTIME_MAX_FRAME_BYTES, a reader for the server's events, DONE, then
waiting for STOP), and the time from ``connect()`` to the LiveKit join info on localhost.

The server is tests/support/realtime_server.py in a child process (sizes-only mode: it checks text messages against the
description but does not keep the audio). Each contender's time runs from its first audio frame to STOP, so
every byte has reached the server. ``rows()`` returns the rows as plain fields for run.py's ``Row``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect as ws_connect

from simli_api import AsyncSimli
from simli_api.realtime._protocol import DONE, frames, socket_url

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-api-key"
MEGABYTE = 1_000_000


class RealtimeServer:
    """tests/support/realtime_server.py in a child process; stops when its stdin closes."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.realtime_server", "--sizes-only"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if line[:1] != ["READY"]:
            self.process.kill()
            raise RuntimeError(f"realtime server did not start: {line}")
        self.base_url = line[1]

    def stop(self) -> str:
        """Stop the server; its closing report (audio bytes received, any violations)."""
        try:
            out, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return "killed"
        return " ".join(out.split())


async def _session_push(simli: AsyncSimli, audio: bytes) -> tuple[float, float]:
    """(seconds from connect() to join info, seconds from the first frame to STOP) for one session."""
    started = time.perf_counter()
    async with simli.realtime.connect(face_id="bench-face") as session:
        joined = time.perf_counter()
        reader = asyncio.create_task(_drain(session.events()))
        pushing = time.perf_counter()
        await session.send_audio(audio)
        await session.finish()
        pushed = time.perf_counter()
        await reader
    return joined - started, pushed - pushing


async def _drain(events: Any) -> None:
    async for _ in events:
        pass


async def _raw_push(http: httpx.AsyncClient, base_url: str, audio: bytes) -> tuple[float, float]:
    """The same with httpx for the token and raw websockets for the socket."""
    started = time.perf_counter()
    answer = await http.post(f"{base_url}/compose/token", json={"faceId": "bench-face"})
    token = answer.json()["session_token"]
    async with ws_connect(socket_url(base_url, token), compression=None) as ws:
        while "livekit_url" not in str(await ws.recv()):
            pass
        joined = time.perf_counter()

        async def until_stop() -> None:
            async for message in ws:
                if message == "STOP":
                    return

        reader = asyncio.create_task(until_stop())
        pushing = time.perf_counter()
        for frame in frames(memoryview(audio)):
            await ws.send(frame)
        await ws.send(DONE)
        await reader
        pushed = time.perf_counter()
    return joined - started, pushed - pushing


async def _measure(base_url: str, rounds: int, size: int) -> dict[str, dict[str, list[float]]]:
    audio = bytes(size)
    samples: dict[str, dict[str, list[float]]] = {"join": {}, "push": {}}
    headers = {"x-simli-api-key": API_KEY}
    async with AsyncSimli(api_key=API_KEY, base_url=base_url) as simli, httpx.AsyncClient(headers=headers) as http:
        contenders: dict[str, Callable[[], Awaitable[tuple[float, float]]]] = {
            "session": lambda: _session_push(simli, audio),
            "websockets": lambda: _raw_push(http, base_url, audio),
        }
        for contender in contenders.values():  # warm up
            await contender()
        for round_index in range(rounds):
            names = list(contenders) if round_index % 2 == 0 else list(contenders)[::-1]
            for name in names:
                gc.collect()
                join, push = await contenders[name]()
                samples["join"].setdefault(name, []).append(join * 1000)
                samples["push"].setdefault(name, []).append(size / push / MEGABYTE)
    return samples


def rows(rounds: int, *, quick: bool) -> list[dict[str, Any]]:
    """The realtime rows (fields of run.py's Row)."""
    size = 16 * MEGABYTE if quick else 64 * MEGABYTE
    server = RealtimeServer()
    try:
        samples = asyncio.run(_measure(server.base_url, rounds, size))
    finally:
        report = server.stop()
    push = {name: statistics.median(values) for name, values in samples["push"].items()}
    join = {name: statistics.median(values) for name, values in samples["join"].items()}
    ratio = push["session"] / push["websockets"]
    seconds_of_audio = size / 32_000
    return [
        {
            "case": "realtime audio push",
            "measure": "MB/s",
            "figures": push,
            "unit": "MB/s",
            "ratio": ratio,
            "ratio_of": "session / raw websockets throughput",
            "target": "≥ 0.80",
            "passed": ratio >= 0.8,
            "note": f"{size // MEGABYTE} MB ({seconds_of_audio:,.0f} s of audio) a round, first frame to STOP",
            "samples": samples["push"],
        },
        {
            "case": "realtime connect → join info",
            "measure": "ms",
            "figures": {"session": join["session"], "httpx + websockets": join["websockets"]},
            "unit": "ms",
            "ratio": join["session"] / join["websockets"],
            "ratio_of": "session / raw",
            "target": "(info)",
            "passed": None,
            "note": f"token POST + socket + join info on localhost; server: {report}",
            "samples": samples["join"],
        },
    ]


if __name__ == "__main__":
    print(json.dumps(rows(3, quick=True), indent=2, default=str))
