"""A copy of the facade's sources to tamper with (tests/conftest.py's ``facade_copy``), an edit, and a run of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .operations_catalogue import ROOT

RunCopy = Callable[..., subprocess.CompletedProcess[str]]


def copy_facade(destination: Path) -> Path:
    """Copy src/simli_api and generated/simli_api_client into ``destination``/src (importable via PYTHONPATH)."""
    import simli_api
    import simli_api_client

    for package in (simli_api, simli_api_client):
        source = Path(package.__file__).parent  # type: ignore[arg-type]
        shutil.copytree(source, destination / "src" / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    return destination / "src"


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_with(sources: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with ``sources`` first on the import path (and the repository for ``tests``)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(sources), str(ROOT)])}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
