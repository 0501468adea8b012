"""Clients generated from tests/fixtures/specs/template-constructs.yaml through the real pipeline.

``template_client`` uses our templates as they are; ``stock_template_client`` is the tamper proof:
the same description generated after deleting our ``str_enum.py.jinja``, ``models_init.py.jinja`` and
``property_templates/datetime_property.py.jinja`` from a repository copy, so the generator falls back to its
own (StrEnum, reprs that show everything, ``datetime.fromisoformat``).
Each is built once per session and imported from a temporary directory under its own name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import FIXTURES, generated_client

SPEC = FIXTURES / "specs" / "template-constructs.yaml"
OUR_TEMPLATES = ("str_enum.py.jinja", "models_init.py.jinja", "property_templates/datetime_property.py.jinja")


@pytest.fixture(scope="session")
def template_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated_client(tmp_path_factory.mktemp("templates"), SPEC, "template_client")


@pytest.fixture(scope="session")
def stock_template_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("stock-templates")
    yield from generated_client(root, SPEC, "stock_template_client", without_templates=OUR_TEMPLATES)


def package_dir(package: ModuleType) -> Path:
    return Path(str(package.__file__)).parent
