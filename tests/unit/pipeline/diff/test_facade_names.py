"""The drift report names the facade method callers use for every changed operation.

The names come from ``simli_api.OPERATIONS`` of the repository's own src/ (imported in a separate
interpreter, generated/ on the path). These tests use a tiny stand-in package in a temporary
directory, never the real facade: what they prove holds whatever the facade declares.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simli_pipeline.diff.compare import diff
from simli_pipeline.diff.facade import facade_names, with_facade
from simli_pipeline.diff.model import load
from simli_pipeline.diff.report import Change, Report, to_json, to_markdown
from tests.conftest import FIXTURES, ROOT

DRIFT = FIXTURES / "drift"
BASE = DRIFT / "base.yaml"
OPERATIONS = {
    "GET /history/sessions": "history.list",
    "GET /sessions/{session_id}": "sessions.get",
    "DELETE /sessions/{session_id}": "sessions.end",
    "POST /sessions": "sessions.start",
}


def fake_repo(root: Path, init: str) -> Path:
    """A repository root whose src/simli_api/__init__.py is ``init`` (and an empty generated/)."""
    package = root / "src" / "simli_api"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(init), encoding="utf-8")
    (root / "generated").mkdir()
    return root


def declaring(operations: dict[str, str]) -> str:
    return f"import types\nOPERATIONS = types.MappingProxyType({operations!r})\n"


def test_names_come_from_the_repositorys_own_facade(tmp_path: Path) -> None:
    names, note = facade_names(fake_repo(tmp_path, declaring(OPERATIONS)))
    assert note is None
    assert names == {key: f"simli.{value}" for key, value in OPERATIONS.items()}


def test_the_facade_is_imported_with_generated_on_the_path(tmp_path: Path) -> None:
    repo = fake_repo(tmp_path, "from simli_api_client import NAMES as OPERATIONS\n")
    (repo / "generated" / "simli_api_client").mkdir()
    (repo / "generated" / "simli_api_client" / "__init__.py").write_text("NAMES = {'GET /x': 'x.get'}\n")
    assert facade_names(repo) == ({"GET /x": "simli.x.get"}, None)


@pytest.mark.parametrize(
    ("init", "fragment"),
    [
        ("VERSION = '1'\n", "simli_api has no OPERATIONS mapping"),
        ("import a_module_that_is_not_installed\n", "ModuleNotFoundError"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("import sys\nsys.exit(3)\n", "importing simli_api failed"),
        ("OPERATIONS = 42\n", "importing simli_api failed"),
    ],
    ids=["no OPERATIONS", "missing dependency", "raises on import", "exits on import", "not a mapping"],
)
def test_a_facade_that_cannot_name_gives_a_note_never_a_traceback(tmp_path: Path, init: str, fragment: str) -> None:
    names, note = facade_names(fake_repo(tmp_path, init))
    assert names == {}
    assert note is not None
    assert note.startswith("no facade names: ")
    assert fragment in note
    assert "\n" not in note


def test_no_src_folder_gives_a_note(tmp_path: Path) -> None:
    assert facade_names(tmp_path) == ({}, f"no facade names: {tmp_path / 'src' / 'simli_api'} not found")


def _named(case: str) -> Report:
    report = diff(load(str(BASE)), load(str(DRIFT / "cases" / f"{case}.yaml")))
    return with_facade(report, {key: f"simli.{value}" for key, value in OPERATIONS.items()})


def test_an_operation_change_names_its_method() -> None:
    report = _named("operation-removed")
    assert [(c.location, c.facade) for c in report.changes] == [
        ("DELETE /sessions/{session_id}", ("simli.sessions.end",))
    ]
    assert "operation removed; breaking for `simli.sessions.end`" in to_markdown(report)
    assert json.loads(to_json(report))["changes"][0]["facade"] == ["simli.sessions.end"]


def test_a_component_change_names_the_methods_of_every_operation_using_it() -> None:
    report = _named("response-property-retyped")
    (change,) = report.changes
    assert change.location.startswith("components.schemas.")
    assert change.facade == ("simli.history.list", "simli.sessions.get", "simli.sessions.start")
    markdown = to_markdown(report)
    assert "breaking for `simli.history.list`, `simli.sessions.get`, `simli.sessions.start`" in markdown


def test_a_non_breaking_change_says_affects() -> None:
    report = _named("parameter-added-optional")
    assert "; affects `simli.history.list`" in to_markdown(report)


def test_an_operation_the_facade_does_not_name_gets_no_name() -> None:
    report = _named("operation-added")  # GET /faces: new, so not bound yet
    assert [c.facade for c in report.changes] == [()]
    assert "facade" not in json.loads(to_json(report))["changes"][0]


def test_the_note_is_in_both_outputs() -> None:
    report = with_facade(Report("a", "b", [Change("GET /x", "operation-removed", "gone", True)], [], []), {}, "no X")
    assert "_Note: no X._" in to_markdown(report)
    assert json.loads(to_json(report))["notes"] == ["no X"]


def test_the_command_line_names_methods_from_its_own_repository(tmp_path: Path) -> None:
    """spec_diff.py in a repository copy reads that copy's facade: what nox -s drift and the drift job run."""
    repo = fake_repo(tmp_path / "repo", declaring(OPERATIONS))
    shutil.copytree(ROOT / "scripts", repo / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    command = [sys.executable, str(repo / "scripts" / "spec_diff.py"), "--base", str(BASE)]
    command += [str(DRIFT / "cases" / "operation-removed.yaml"), "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 2, result.stderr
    data = json.loads(result.stdout)
    assert data["changes"][0]["facade"] == ["simli.sessions.end"]
    assert data["notes"] == []
    shutil.rmtree(repo / "src")
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "facade" not in json.loads(result.stdout)["changes"][0]
    assert json.loads(result.stdout)["notes"][0].startswith("no facade names:")
