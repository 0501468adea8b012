"""A client generated from tests/fixtures/specs/runtime-shapes.yaml through the real pipeline, as ``shapes_client``.

The facade's generic call path is tested on it: every response shape, security arrangement and upload
the path must handle, on a description that is not Simli's (its key header is ``X-Fixture-Key``).
The package is regenerated once per test session (facts included) and imported from a temporary
directory under its own name, beside the installed ``simli_api_client``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import FIXTURES, generated_client, record_sleeps

SPEC = FIXTURES / "specs" / "runtime-shapes.yaml"
PACKAGE = "shapes_client"


@pytest.fixture(scope="session")
def shapes_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated_client(tmp_path_factory.mktemp("shapes"), SPEC, PACKAGE)


def operation(package: ModuleType, name: str) -> ModuleType:
    """One operation module of the shapes client."""
    return importlib.import_module(f"{package.__name__}.api.default.{name}")


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record retry waits instead of sleeping."""
    return record_sleeps(monkeypatch)


def site_of(package: ModuleType) -> Path:
    return Path(str(package.__file__)).parent
