"""A client generated from tests/fixtures/specs/runtime-shapes.yaml through the real pipeline, as ``shapes_client``.

The facade's generic call path is tested on it (tests/suites/runtime, and the idempotent rows of
tests/suites/faults): every response shape, security arrangement and upload the path must handle, on a
description that is not Simli's (its key header is ``X-Fixture-Key``). The package is regenerated once
per test session (facts included; tests/suites/conftest.py's fixture) and imported from a temporary
directory under its own name, beside the installed ``simli_api_client``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from tests.conftest import FIXTURES, generated_client

SPEC = FIXTURES / "specs" / "runtime-shapes.yaml"
PACKAGE = "shapes_client"


def build_shapes_client(root: Path) -> Iterator[ModuleType]:
    """Generate, import and (afterwards) unload the shapes client, working under ``root``."""
    yield from generated_client(root, SPEC, PACKAGE)


def operation(package: ModuleType, name: str) -> ModuleType:
    """One operation module of the shapes client."""
    return importlib.import_module(f"{package.__name__}.api.default.{name}")


def site_of(package: ModuleType) -> Path:
    return Path(str(package.__file__)).parent
