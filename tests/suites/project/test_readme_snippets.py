"""The README's code is what it claims: every Python block compiles, its imports from the package resolve,
and its first screen gives the two commands that work on a fresh machine (the second is what CI runs)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from typing import Any

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
REGENERATE = "python3 -m pip install nox && python3 -m nox -s regenerate"
TEST_SUITE = "python3 -m pip install nox && python3 -m nox"
FIRST_SCREEN = 30  # lines
PACKAGES = ("simli_api", "simli_api_client")


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)


def problems(text: str) -> list[str]:
    """What is wrong with the README's Python blocks: a syntax error, or a name its imports cannot find."""
    found: list[str] = []
    for number, block in enumerate(python_blocks(text), start=1):
        try:  # the async journeys await at top level, as in a notebook or an `async def` body
            tree = compile(block, f"README block {number}", "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        except SyntaxError as exc:
            found.append(f"block {number}: {exc}")
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
                module = importlib.import_module(str(node.module))
                found += [
                    f"block {number}: {node.module} has no {alias.name}"
                    for alias in node.names
                    if not _importable(module, alias.name)
                ]
    return found


def _importable(module: Any, name: str) -> bool:
    """Whether ``from module import name`` works: an attribute, or a submodule (imported or not yet)."""
    if hasattr(module, name):
        return True
    try:
        return importlib.util.find_spec(f"{module.__name__}.{name}") is not None
    except ModuleNotFoundError:  # ``module`` is not a package
        return False


def test_every_python_block_compiles_and_imports_what_exists() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(python_blocks(text)) >= 6
    assert problems(text) == []


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("from simli_api import Simli, SimliError", "from simli_api import Simli, SimliErorr", "has no SimliErorr"),
        ("with Simli() as simli:", "with Simli() as simli", "block"),
    ],
)
def test_the_check_bites(old: str, new: str, complaint: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert old in text
    assert any(complaint in problem for problem in problems(text.replace(old, new, 1)))


def test_the_first_screen_gives_the_two_commands() -> None:
    first_screen = "\n".join(README.read_text(encoding="utf-8").splitlines()[:FIRST_SCREEN])
    assert f"```sh\n{REGENERATE}\n```" in first_screen
    assert f"```sh\n{TEST_SUITE}\n```" in first_screen
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith(TEST_SUITE)
