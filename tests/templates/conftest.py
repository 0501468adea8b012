"""Clients generated from tests/fixtures/specs/template-constructs.yaml through the real pipeline.

``template_client`` uses our templates as they are; ``stock_template_client`` is the tamper proof:
the same description generated after deleting our ``str_enum.py.jinja`` and ``models_init.py.jinja``
from a repository copy, so the generator falls back to its own (StrEnum, reprs that show everything).
Each is built once per session and imported from a temporary directory under its own name.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import FIXTURES, copy_repo, pin

SPEC = FIXTURES / "specs" / "template-constructs.yaml"
OUR_TEMPLATES = ("str_enum.py.jinja", "models_init.py.jinja")


def generated_client(root: Path, package: str, *, without: tuple[str, ...] = ()) -> Iterator[ModuleType]:
    """Generate SPEC's client into ``root`` (minus our templates named in ``without``) and import it as ``package``."""
    from generate import build_package  # the generator's toolchain (Python 3.11+), only where a test needs it

    repo = pin(copy_repo(root / "repo"), SPEC.read_bytes())
    for name in without:
        (repo.templates / name).unlink()
    work = root / "work"
    work.mkdir()
    generation = build_package(repo, work)
    site = root / "site"
    site.mkdir()
    shutil.move(str(generation.package), str(site / package))  # generated code imports itself relatively
    sys.path.insert(0, str(site))
    try:
        importlib.import_module(f"{package}.models")
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(site))
        for name in [name for name in sys.modules if name == package or name.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="session")
def template_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated_client(tmp_path_factory.mktemp("templates"), "template_client")


@pytest.fixture(scope="session")
def stock_template_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("stock-templates")
    yield from generated_client(root, "stock_template_client", without=OUR_TEMPLATES)


def package_dir(package: ModuleType) -> Path:
    return Path(str(package.__file__)).parent
