"""Shared fixtures: throwaway copies of the repository and a way to run pipeline scripts in them.

Pipeline tests never depend on which description is pinned in openapi/: a test that needs a
pinned description's contents uses ``seeded_repo``, a copy whose pinned spec is the seed excerpt
(a fixture), regenerated. ``repo_copy`` is the repository as it is, for tests about the real tree.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_EXCERPT = FIXTURES / "specs" / "seed-excerpt.yaml"
sys.path.insert(0, str(ROOT / "scripts"))

from simli_pipeline.hashing import sha256_bytes  # noqa: E402 - needs the path above
from simli_pipeline.lock import read_lock, write_lock  # noqa: E402 - needs the path above
from simli_pipeline.repository import Repo  # noqa: E402 - needs the path above

RunScript = Callable[..., subprocess.CompletedProcess[str]]


def pin(repo: Path, raw: bytes) -> Repo:
    """Make ``raw`` the pinned spec of a repository copy, with a matching lock (no regeneration)."""
    pinned = Repo(repo)
    pinned.spec.write_bytes(raw)
    lock = read_lock(pinned)
    lock["sha256"] = sha256_bytes(raw)
    write_lock(pinned, lock)
    return pinned


def pin_and_regenerate(repo: Path, raw: bytes) -> Repo:
    """:func:`pin`, then regenerate generated/ from it, so the copy is consistent (check-generated green)."""
    from simli_pipeline.generate import regenerate

    pinned = pin(repo, raw)
    regenerate(pinned)
    return pinned


def copy_repo(destination: Path) -> Path:
    return Repo(ROOT).copy_pipeline(destination)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A fresh copy of the pipeline's inputs and outputs as they are; tests may tamper with it freely."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository copy with the seed excerpt pinned and generated/ regenerated from it; built once."""
    repo = copy_repo(tmp_path_factory.mktemp("seeded") / "repo")
    pin_and_regenerate(repo, SEED_EXCERPT.read_bytes())
    return repo


@pytest.fixture
def seeded_repo(seeded_template: Path, tmp_path: Path) -> Path:
    """A fresh repository copy whose pinned spec is the seed excerpt fixture (one operation), regenerated."""
    destination = tmp_path / "repo"
    shutil.copytree(seeded_template, destination, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


@pytest.fixture
def facade_copy(tmp_path: Path) -> Path:
    """A copy of src/simli_api and generated/simli_api_client under tmp_path/src, to tamper with freely."""
    from tests.support.facade_copy import copy_facade

    return copy_facade(tmp_path)


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


def record_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make the facade's retry waits instant; the list records each requested delay, in order."""
    from simli_api import _operations

    recorded: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(_operations, "_sleep", recorded.append)
    monkeypatch.setattr(_operations, "_async_sleep", fake_async_sleep)
    return recorded


def generated_client(
    root: Path, spec: Path, package: str, *, without_templates: tuple[str, ...] = ()
) -> Iterator[ModuleType]:
    """Generate ``spec``'s client through the real pipeline into ``root`` and import it as ``package``.

    ``without_templates`` names our generator templates to delete from the copy first (so the
    generator falls back to its own). The package lives in a temporary directory beside the installed
    ``simli_api_client`` (generated code imports itself relatively) and is unloaded afterwards.
    """
    from simli_pipeline.generate import (
        build_package,  # the generator's toolchain (Python 3.11+), only where a test needs it
    )

    repo = pin(copy_repo(root / "repo"), spec.read_bytes())
    for name in without_templates:
        (repo.templates / name).unlink()
    work = root / "work"
    work.mkdir()
    generation = build_package(repo, work)
    site = root / "site"
    site.mkdir()
    shutil.move(str(generation.package), str(site / package))
    sys.path.insert(0, str(site))
    try:
        for part in ("models", "types"):
            importlib.import_module(f"{package}.{part}")
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(site))
        for name in [name for name in sys.modules if name == package or name.startswith(package + ".")]:
            del sys.modules[name]
