"""The generated documentation tables are the ones their sources produce (python scripts/doc_tables.py).

CONTRIBUTING.md's rules and change-kinds tables come from their registries, README.md's environment and
defaults tables from src/simli_api/_constants.py. Each check is shown to bite: a stale copy of a document,
and a source with one entry more, less or different than the document shows, are all reported.
"""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys

import pytest

from simli_pipeline import doc_tables
from simli_pipeline.diff.kinds import KINDS, NEVER, Form, Kind
from simli_pipeline.doc_tables import CONSTANTS, CONTRIBUTING, README, TABLES, constants, refreshed, stale
from simli_pipeline.errors import PipelineError
from simli_pipeline.rules import RULES
from tests.conftest import ROOT

ENVIRONMENT_TABLE, DEFAULTS_TABLE, RULES_TABLE, KINDS_TABLE = (table.name for table in TABLES)


def _text(document: str) -> str:
    return (ROOT / document).read_text(encoding="utf-8")


@pytest.mark.parametrize("document", [README, CONTRIBUTING])
def test_the_generated_tables_are_current(document: str) -> None:
    assert stale(document, _text(document)) == [], "stale: run `python scripts/doc_tables.py`"


def test_the_tables_show_every_rule_and_every_kind() -> None:
    text = _text(CONTRIBUTING)
    rules, kinds = (table.current(text) for table in TABLES if table.document == CONTRIBUTING)
    assert all(f"| `{rule.name}`" in rules for rule in RULES)
    assert all(f"| `{kind}` |" in kinds for kind in KINDS)


def test_an_edited_rules_row_is_stale() -> None:
    text = _text(CONTRIBUTING)
    edited = text.replace("| `component-titles` | a component schema", "| `component-titles` | any schema", 1)
    assert edited != text
    assert stale(CONTRIBUTING, edited) == [RULES_TABLE]
    assert stale(CONTRIBUTING, refreshed(CONTRIBUTING, edited)) == []


def test_a_dropped_kinds_row_is_stale() -> None:
    text = _text(CONTRIBUTING)
    row = next(line for line in text.splitlines() if line.startswith("| `servers-changed` |"))
    assert stale(CONTRIBUTING, text.replace(row + "\n", "", 1)) == [KINDS_TABLE]


def test_missing_markers_are_reported_not_guessed() -> None:
    kinds = next(table for table in TABLES if table.name == KINDS_TABLE)
    text = _text(CONTRIBUTING).replace(kinds.end, "")
    assert stale(CONTRIBUTING, text) == [KINDS_TABLE]
    with pytest.raises(PipelineError, match=r"CONTRIBUTING.md has no .*change-kinds-table"):
        refreshed(CONTRIBUTING, text)


def test_each_table_is_looked_for_in_its_own_document() -> None:
    """The maintainers' tables are not in the README any more, nor the configuration in CONTRIBUTING.md."""
    readme, contributing = _text(README), _text(CONTRIBUTING)
    for table in TABLES:
        inside, outside = (readme, contributing) if table.document == README else (contributing, readme)
        assert table.begin in inside
        assert f"<!-- {table.name}" not in outside


def test_a_new_kind_makes_the_table_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a kind is one registry entry; CONTRIBUTING.md's table then no longer matches."""
    added = Kind("channel-closed", "AsyncAPI channel", "a channel is closed", {"": Form("channel closed", NEVER)})
    monkeypatch.setattr(doc_tables, "KINDS", {**KINDS, added.id: added})
    assert stale(CONTRIBUTING, _text(CONTRIBUTING)) == [KINDS_TABLE]


def test_a_changed_rule_makes_the_table_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = dataclasses.replace(RULES[0], warns=not RULES[0].warns)
    monkeypatch.setattr(doc_tables, "RULES", (changed, *RULES[1:]))
    assert stale(CONTRIBUTING, _text(CONTRIBUTING)) == [RULES_TABLE]


def _with_constants(monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    monkeypatch.setattr(doc_tables, "_read_constants", lambda: constants(source))


def test_the_configuration_tables_show_every_constant() -> None:
    """Every constant of _constants.py is a row: an ENV_ one in the environment table, any other with its value."""
    source = (ROOT / CONSTANTS).read_text(encoding="utf-8")
    readme = _text(README)
    environment, defaults = (table.current(readme) for table in TABLES if table.document == README)
    found = constants(source)
    assert len(found) >= 30
    for constant in found:
        if "ENV_" in constant.name:
            assert f"| `{constant.value.strip(chr(34))}` |" in environment
        else:
            assert f"| `{constant.name}` | `{constant.value}` |" in defaults
    assert "| `SIMLI_API_KEY` |" in environment
    assert "| `LIVEKIT_URL` |" in environment
    assert "| `TIMEOUT_SECONDS` | `30.0` |" in defaults


def test_a_changed_default_makes_the_readme_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    source = (ROOT / CONSTANTS).read_text(encoding="utf-8")
    changed = source.replace("TIMEOUT_SECONDS = 30.0", "TIMEOUT_SECONDS = 60.0", 1)
    assert changed != source
    _with_constants(monkeypatch, changed)
    assert stale(README, _text(README)) == [DEFAULTS_TABLE]
    assert "| `TIMEOUT_SECONDS` | `60.0` |" in refreshed(README, _text(README))


def test_a_new_environment_variable_makes_the_readme_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    source = (ROOT / CONSTANTS).read_text(encoding="utf-8")
    added = source + '\nENV_EXAMPLE = "SIMLI_EXAMPLE"\n"""Environment variable read for an example."""\n'
    _with_constants(monkeypatch, added)
    assert stale(README, _text(README)) == [ENVIRONMENT_TABLE]
    assert "| `SIMLI_EXAMPLE` | Environment variable read for an example. |" in refreshed(README, _text(README))


def test_an_undocumented_constant_is_refused() -> None:
    with pytest.raises(PipelineError, match="UNDOCUMENTED has no docstring"):
        constants("UNDOCUMENTED = 1\n")


def test_the_command_checks_every_document() -> None:
    command = [sys.executable, str(ROOT / "scripts" / "doc_tables.py"), "--check"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "README.md, CONTRIBUTING.md: every generated table is current" in result.stdout


def _found_in_comparison() -> set[tuple[str, str]]:
    """(kind, form) of every ``Found(...)`` the comparison code writes, read from its source."""
    found: set[tuple[str, str]] = set()
    constants = {"DOCUMENTATION": "documentation"}
    for name in ("compare.py", "schemas.py", "generated.py", "asyncapi.py"):
        tree = ast.parse((ROOT / "scripts" / "simli_pipeline" / "diff" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Found":
                kind = node.args[0]
                value = str(kind.value) if isinstance(kind, ast.Constant) else constants[ast.unparse(kind)]
                forms = [""]
                if len(node.args) > 1:
                    form = node.args[1]
                    if isinstance(form, ast.IfExp):  # "now" if ... else "no-longer"
                        forms = [ast.literal_eval(form.body), ast.literal_eval(form.orelse)]
                    else:
                        forms = [ast.literal_eval(form)]
                found.update((value, each) for each in forms)
    return found


def test_every_change_the_comparison_emits_is_registered_and_every_form_is_used() -> None:
    emitted = _found_in_comparison()
    registered = {(kind.id, form) for kind in KINDS.values() for form in kind.forms}
    assert emitted == registered
    assert len(KINDS) >= 25
