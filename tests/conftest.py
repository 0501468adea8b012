"""Shared fixtures: a throwaway copy of the repository and a way to run pipeline scripts in it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT / "scripts"))

from common import Repo, read_lock, sha256_bytes, write_lock  # noqa: E402 - needs the path above

RunScript = Callable[..., subprocess.CompletedProcess[str]]


def pin(repo: Path, raw: bytes) -> Repo:
    """Make ``raw`` the pinned spec of a repository copy, with a matching lock (no regeneration)."""
    pinned = Repo(repo)
    pinned.spec.write_bytes(raw)
    lock = read_lock(pinned)
    lock["sha256"] = sha256_bytes(raw)
    write_lock(pinned, lock)
    return pinned


def copy_repo(destination: Path) -> Path:
    return Repo(ROOT).copy_pipeline(destination)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A fresh copy of the pipeline's inputs and outputs; tests may tamper with it freely."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture
def run_script() -> RunScript:
    """Run ``scripts/NAME`` of a repository copy with this interpreter; returns the completed process."""

    def run(repo: Path, name: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(repo / "scripts" / name), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run
