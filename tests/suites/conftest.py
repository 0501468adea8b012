"""Fixtures shared by the slow suites: the shapes client (tests/support/shapes_client.py), built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.support.shapes_client import build_shapes_client


@pytest.fixture(scope="session")
def shapes_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from build_shapes_client(tmp_path_factory.mktemp("shapes"))
