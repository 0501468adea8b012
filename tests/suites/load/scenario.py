"""The load scenario, run in a fresh interpreter by test_load.py: ``python -m tests.suites.load.scenario``.

1,000 session starts through AsyncSimli, 100 in flight, against a counting keep-alive asyncio server
in the same loop; prints one JSON line with what the test asserts on. A fresh process keeps the
memory measurement about this client only, not about whatever earlier tests left in the interpreter.
"""

from __future__ import annotations

import asyncio
import gc
import json
import tracemalloc
import uuid
from pathlib import Path

from simli_api import AsyncSimli
from tests.support.asyncio_servers import read_raw_request

CALLS = 1000
IN_FLIGHT = 100
WARM_UP = 200
LIVEKIT_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2FkIn0.c2lnbmF0dXJl"
OVERALL_LIMIT = 180.0


class CountingServer:
    """A fast asyncio HTTP/1.1 keep-alive server: one fresh session id per request, all recorded."""

    def __init__(self) -> None:
        self.requests = 0
        self.given: dict[str, str] = {}  # session_id -> the session_token it was given to (until checked)
        self.answered: dict[str, int] = {}  # per run prefix: how many requests the server answered
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=256)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    _, body = await read_raw_request(reader)
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                token = str(json.loads(body)["session_token"])
                session_id = str(uuid.uuid4())
                self.requests += 1
                run = token.rsplit("-", 1)[0]
                self.answered[run] = self.answered.get(run, 0) + 1
                self.given[session_id] = token
                payload = b'{"status": "started", "session_id": "' + session_id.encode() + b'"}'
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + str(len(payload)).encode()
                    + b"\r\n\r\n"
                    + payload
                )
                await writer.drain()
        finally:
            writer.close()


async def run_calls(simli: AsyncSimli, server: CountingServer, prefix: str, count: int) -> tuple[int, int]:
    """``count`` starts by IN_FLIGHT workers (so exactly IN_FLIGHT calls are in flight until the tail).

    Returns (errors, answers that were not the caller's). Each answer is checked against the
    server's record and the record is then dropped, so the server's state stays flat too.
    """
    indexes = iter(range(count))
    errors = 0
    mismatched = 0

    async def worker() -> None:
        nonlocal errors, mismatched
        for index in indexes:
            token = f"{prefix}-{index}"
            try:
                session = await simli.livekit.start_agents_session(
                    session_token=token, livekit_token=LIVEKIT_TOKEN, livekit_url="wss://example.livekit.cloud"
                )
            except Exception:
                errors += 1
                continue
            if server.given.pop(str(session.session_id), None) != token:
                mismatched += 1

    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
    return errors, mismatched


def traced_outside_this_file(snapshot: tracemalloc.Snapshot) -> int:
    """Bytes allocated by everything but this module (the server's own records grow by design)."""
    mine = tracemalloc.Filter(False, str(Path(__file__)))
    return sum(stat.size for stat in snapshot.filter_traces([mine]).statistics("filename"))


async def scenario() -> dict[str, object]:
    server = CountingServer()
    await server.start()
    try:
        async with AsyncSimli(api_key="load-key", base_url=f"http://127.0.0.1:{server.port}", timeout=30.0) as simli:
            warm_errors, warm_mismatched = await run_calls(simli, server, "warm", WARM_UP)
            gc.collect()
            before = traced_outside_this_file(tracemalloc.take_snapshot())
            errors, mismatched = await run_calls(simli, server, "load", CALLS)
            gc.collect()
            after = traced_outside_this_file(tracemalloc.take_snapshot())
    finally:
        await server.stop()
    return {
        "warm_errors": warm_errors,
        "warm_mismatched": warm_mismatched,
        "errors": errors,
        "mismatched": mismatched,
        "answered": server.answered,
        "unclaimed": len(server.given),
        "before": before,
        "after": after,
    }


def main() -> None:
    tracemalloc.start()
    try:
        result = asyncio.run(asyncio.wait_for(scenario(), OVERALL_LIMIT))
    finally:
        tracemalloc.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
