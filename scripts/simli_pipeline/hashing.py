"""sha256 of bytes, files and trees: what the lock records and compares."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def iter_files(directory: Path) -> Iterator[Path]:
    """Every regular file below ``directory``, sorted, skipping bytecode caches."""
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


def tree_digest(directory: Path) -> dict[str, str]:
    """Map of POSIX relative path to sha256 for every file below ``directory``."""
    if not directory.is_dir():
        return {}
    return {p.relative_to(directory).as_posix(): sha256_file(p) for p in iter_files(directory)}
