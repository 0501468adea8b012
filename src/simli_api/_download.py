"""Writing a streamed body to a path (atomically) or to a binary file object.

A path target is written to a hidden sibling ``.NAME.<random>.part`` created before the request
(so an unwritable directory fails before anything is sent) and renamed over the path only once
the whole body arrived; any failure removes the part file, so there is never a partial file at the
path. A file object target is written as chunks arrive (what it holds after a failure is the
caller's to discard).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from pathlib import Path
from typing import IO


def to_target(stream: AbstractContextManager[Iterator[bytes]], to: str | os.PathLike[str] | IO[bytes]) -> int:
    """Write every chunk of ``stream`` to ``to``; the number of bytes written."""
    if not isinstance(to, (str, os.PathLike)):
        _check_writable(to)
        with stream as chunks:
            return _write_all(chunks, to)
    with _part_file(to) as handle, stream as chunks:
        return _write_all(chunks, handle)


async def to_target_async(
    stream: AbstractAsyncContextManager[AsyncIterator[bytes]], to: str | os.PathLike[str] | IO[bytes]
) -> int:
    """The asynchronous :func:`to_target` (file writes are plain blocking writes, chunk by chunk)."""
    if not isinstance(to, (str, os.PathLike)):
        _check_writable(to)
        async with stream as chunks:
            return await _write_all_async(chunks, to)
    with _part_file(to) as handle:
        async with stream as chunks:
            return await _write_all_async(chunks, handle)


def _write_all(chunks: Iterator[bytes], target: IO[bytes]) -> int:
    written = 0
    for chunk in chunks:
        written += _write(target, chunk)
    return written


async def _write_all_async(chunks: AsyncIterator[bytes], target: IO[bytes]) -> int:
    written = 0
    async for chunk in chunks:
        written += _write(target, chunk)
    return written


def _write(target: IO[bytes], chunk: bytes) -> int:
    """Write ``chunk``; the bytes written (a file object whose ``write`` returns nothing counts it whole)."""
    return target.write(chunk) or len(chunk)


def _check_writable(target: object) -> None:
    if not callable(getattr(target, "write", None)):
        raise TypeError(f"to must be a path or a binary file object open for writing, got {type(target).__name__}")


@contextlib.contextmanager
def _part_file(to: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A new part file beside ``to``, renamed to ``to`` if the block succeeds and removed if it does not."""
    target = Path(to)
    if not str(to).strip() or target.is_dir():
        raise IsADirectoryError(21, "to: names a directory, not a file", str(target))
    part = target.with_name(f".{target.name}.{os.urandom(4).hex()}.part")
    try:
        handle = open(part, "xb")  # noqa: SIM115 - closed below, before the rename or the removal
    except OSError as exc:
        raise type(exc)(exc.errno, f"to: cannot create a file there ({exc.strerror})", str(target)) from None
    try:
        with handle:
            yield handle
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise
