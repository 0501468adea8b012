"""Streaming a large download to an iterator or a file, without holding it in memory; failures leave no file."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import re
import time
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest

from simli_api import (
    AsyncSimli,
    Simli,
    SimliConnectionError,
    SimliNotFoundError,
    SimliResponseError,
    SimliTimeoutError,
)
from tests.support.fault_server import Behaviour, Connection, FaultServer, Request, head, reset_mid_body
from tests.support.runtime_harness import MODES, Mode, answer, call, collect, download, options, typed
from tests.support.shapes_client import operation

pytestmark = pytest.mark.parametrize("mode", MODES)

BLOCK = bytes(range(256)) * 4096  # 1 MiB
TOTAL = 24 * len(BLOCK)  # three times the JSON cap
MEMORY_BOUND = 8 * 1024 * 1024


def video_stream(total: int = TOTAL, *, content_type: str = "video/mp4", stall_after: int | None = None) -> Behaviour:
    """A ``total``-byte video sent block by block (never built whole); optionally stalling after some bytes."""

    def behaviour(conn: Connection, request: Request) -> bool:
        if not conn.send(head(200, {"Content-Type": content_type, "Content-Length": str(total)})):
            return False
        sent = 0
        while sent < total:
            if stall_after is not None and sent >= stall_after:
                conn.wait(20.0)
                return False
            piece = BLOCK[: min(len(BLOCK), total - sent)]
            if not conn.send(piece):
                return False
            sent += len(piece)
        return True

    return behaviour


def reset_mid_video(sent: int = 300_000) -> Behaviour:
    """A video's head and its first ``sent`` bytes, then a TCP reset."""

    def behaviour(conn: Connection, request: Request) -> bool:
        conn.send(head(200, {"Content-Type": "video/mp4", "Content-Length": str(TOTAL)}) + BLOCK[:sent])
        time.sleep(0.05)  # let the partial body reach the client before the RST
        conn.reset()
        return False

    return behaviour


def expected_digest(total: int = TOTAL) -> str:
    digest = hashlib.sha256()
    for start in range(0, total, len(BLOCK)):
        digest.update(BLOCK[: min(len(BLOCK), total - start)])
    return digest.hexdigest()


def stream_digest(mode: Mode, url: str, module: ModuleType, **arguments: str) -> tuple[int, int, str, int]:
    """(bytes, chunks, sha256, peak traced memory growth) of one streamed body, consumed chunk by chunk."""
    digest = hashlib.sha256()
    size = count = 0
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    try:
        if mode == "sync":
            with Simli(**options(url)) as simli, simli.stream(module, **arguments) as chunks:
                for chunk in chunks:
                    digest.update(chunk)
                    size, count = size + len(chunk), count + 1
        else:

            async def run() -> None:
                nonlocal size, count
                async with AsyncSimli(**options(url)) as simli, simli.stream(module, **arguments) as chunks:
                    async for chunk in chunks:
                        digest.update(chunk)
                        size, count = size + len(chunk), count + 1

            asyncio.run(run())
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    return size, count, digest.hexdigest(), peak


def test_a_large_video_streams_in_chunks_without_being_held(mode: Mode, shapes_client: ModuleType) -> None:
    with FaultServer([video_stream()]) as server:
        size, count, digest, peak = stream_digest(
            mode, server.base_url, operation(shapes_client, "get_video"), name="v"
        )
    assert (size, digest) == (TOTAL, expected_digest())
    assert count > 1
    assert peak < MEMORY_BOUND, f"memory grew by {peak / 1e6:.0f} MB while streaming {TOTAL / 1e6:.0f} MB"


def test_download_to_a_path_writes_the_whole_file(mode: Mode, shapes_client: ModuleType, tmp_path: Path) -> None:
    target = tmp_path / "clip.mp4"
    with FaultServer([video_stream()]) as server:
        written = download(mode, server.base_url, operation(shapes_client, "get_video"), to=target, name="v")
    assert written == TOTAL == target.stat().st_size
    assert hashlib.sha256(target.read_bytes()).hexdigest() == expected_digest()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4"]


def test_download_to_a_file_object(mode: Mode, shapes_client: ModuleType) -> None:
    sink = io.BytesIO()
    with FaultServer([typed(200, BLOCK, "video/mp4")]) as server:
        assert download(mode, server.base_url, operation(shapes_client, "get_video"), to=sink, name="v") == len(BLOCK)
    assert sink.getvalue() == BLOCK


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (reset_mid_video(), SimliConnectionError),
        (reset_mid_body(), SimliConnectionError),  # a JSON answer to a download, cut: a connection error still
        (video_stream(stall_after=2 * len(BLOCK)), SimliTimeoutError),
        (answer(404), SimliNotFoundError),
        (typed(200, b'{"error": "gone"}', "application/json"), SimliResponseError),
    ],
    ids=["reset-mid-video", "reset-mid-json", "stall-mid-body", "404", "json-not-video"],
)
def test_a_failed_download_leaves_no_file(
    mode: Mode, shapes_client: ModuleType, tmp_path: Path, reply: Behaviour, error: type[Exception]
) -> None:
    fresh, existing = tmp_path / "new.mp4", tmp_path / "old.mp4"
    existing.write_bytes(b"the previous download")
    module = operation(shapes_client, "get_video")
    for target in (fresh, existing):
        with FaultServer([reply]) as server, pytest.raises(error):
            download(mode, server.base_url, module, to=target, name="v")
    assert not fresh.exists()
    assert existing.read_bytes() == b"the previous download"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.mp4"]  # no part file either


def test_each_chunk_is_bounded_by_the_read_timeout_not_the_whole_body(mode: Mode, shapes_client: ModuleType) -> None:
    """A slow but steady download takes longer than the read timeout in total, and still completes."""

    def slow(conn: Connection, request: Request) -> bool:
        piece = BLOCK[:65536]
        conn.send(head(200, {"Content-Type": "video/mp4", "Content-Length": str(len(piece) * 12)}))
        return all(conn.wait(0.25) and conn.send(piece) for _ in range(12))

    started = time.monotonic()
    with FaultServer([slow]) as server:
        chunks = collect(mode, server.base_url, operation(shapes_client, "get_video"), name="v")
    assert sum(map(len, chunks)) == 65536 * 12
    assert time.monotonic() - started > 2.0  # longer than the whole-call read timeout of the options (2 s)


def test_a_stream_retries_before_its_body_starts(mode: Mode, shapes_client: ModuleType) -> None:
    with FaultServer([answer(503), typed(200, BLOCK, "video/mp4")]) as server:
        chunks = collect(mode, server.base_url, operation(shapes_client, "get_video"), name="v")
    assert b"".join(chunks) == BLOCK
    assert server.requests == 2


def test_a_stream_logs_its_attempts_as_a_call_does(
    mode: Mode, shapes_client: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    """Streams and calls share one retry loop: the same log lines (attempts, retries) for the same answers."""
    caplog.set_level(logging.DEBUG, logger="simli_api")
    module = operation(shapes_client, "get_video")
    logged: list[list[str]] = []
    for action in (call, collect):
        caplog.clear()
        with FaultServer([answer(503, headers={"Retry-After": "0"}), typed(200, BLOCK, "video/mp4")]) as server:
            action(mode, server.base_url, module, name="v")
        lines = [record.getMessage() for record in caplog.records if record.name == "simli_api"]
        assert len([line for line in lines if "headers: " in line]) == 4  # each attempt's request and response
        logged.append([re.sub(r" in \d+\.\d{3}s,", " in Xs,", line) for line in lines if "headers: " not in line])
    route = "GET /videos/{name}"
    assert logged[0] == [
        f"{route}: attempt 1",
        f"{route}: HTTP 503, retry 1 in 0.00s",
        f"{route}: attempt 2",
        f"{route} -> HTTP 200 in Xs, 1 retry",
    ]
    assert logged[1] == logged[0]


def test_a_download_target_that_cannot_be_written_fails_before_any_request(
    mode: Mode, shapes_client: ModuleType, tmp_path: Path
) -> None:
    module = operation(shapes_client, "get_video")
    with FaultServer([typed(200, BLOCK, "video/mp4")]) as server:
        with pytest.raises(IsADirectoryError, match="to: names a directory"):
            download(mode, server.base_url, module, to=tmp_path, name="v")
        with pytest.raises(FileNotFoundError, match="to: cannot create a file there"):
            download(mode, server.base_url, module, to=tmp_path / "missing" / "x.mp4", name="v")
        with pytest.raises(TypeError, match="to must be a path or a binary file object"):
            download(mode, server.base_url, module, to=42, name="v")  # type: ignore[arg-type]
    assert server.requests == 0
