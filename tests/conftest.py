"""Shared fixtures: a throwaway copy of the repository and a way to run pipeline scripts in it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT / "scripts"))

# What a repository copy needs for the pipeline scripts to run against it.
PIPELINE_PARTS = ("openapi", "generator-config.yaml", "generator-templates", "scripts", "generated")

RunScript = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(autouse=True)
def respx_mocks_any_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``respx.mock(...)`` intercept at httpx's transport lookup (respx's ``using="httpx"``).

    respx's default patches httpcore's pools; AsyncSimli's default transport
    (simli_api._transport) is not httpcore, so a mock at that level would never see its requests.
    Mocking where httpx picks the transport works for every transport, httpcore's included.
    """
    respx_mocks = pytest.importorskip("respx.mocks")
    monkeypatch.setattr(respx_mocks, "DEFAULT_MOCKER", "httpx")


def copy_repo(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for part in PIPELINE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


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
