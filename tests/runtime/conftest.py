"""A client generated from tests/fixtures/specs/runtime-shapes.yaml through the real pipeline, as ``shapes_client``.

The facade's generic call path is tested on it: every response shape, security arrangement and upload
the path must handle, on a description that is not Simli's (its key header is ``X-Fixture-Key``).
The package is regenerated once per test session (facts included) and imported from a temporary
directory under its own name, beside the installed ``simli_api_client``.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generate import build_package
from tests.conftest import FIXTURES, copy_repo, pin, record_sleeps

SPEC = FIXTURES / "specs" / "runtime-shapes.yaml"
PACKAGE = "shapes_client"


@pytest.fixture(scope="session")
def shapes_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("shapes")
    repo = pin(copy_repo(root / "repo"), SPEC.read_bytes())
    work = root / "work"
    work.mkdir()
    generation = build_package(repo, work)
    site = root / "site"
    site.mkdir()
    shutil.move(str(generation.package), str(site / PACKAGE))  # generated code imports itself relatively
    sys.path.insert(0, str(site))
    try:
        for part in ("models", "types"):
            importlib.import_module(f"{PACKAGE}.{part}")
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(site))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def operation(package: ModuleType, name: str) -> ModuleType:
    """One operation module of the shapes client."""
    return importlib.import_module(f"{package.__name__}.api.default.{name}")


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record retry waits instead of sleeping."""
    return record_sleeps(monkeypatch)


def site_of(package: ModuleType) -> Path:
    return Path(str(package.__file__)).parent
