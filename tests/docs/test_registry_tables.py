"""The README's rules and change-kinds tables are the ones their registries produce (python scripts/readme_tables.py).

Each check is shown to bite: a stale copy of the README text, and a registry with one entry more or
less than the README shows, are both reported.
"""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys

import pytest

from simli_pipeline import readme_tables
from simli_pipeline.diff.kinds import KINDS, NEVER, Form, Kind
from simli_pipeline.errors import PipelineError
from simli_pipeline.readme_tables import TABLES, refreshed, stale
from simli_pipeline.rules import RULES
from tests.conftest import ROOT

README = ROOT / "README.md"
RULES_TABLE, KINDS_TABLE = (table.name for table in TABLES)


def test_the_readme_tables_are_current() -> None:
    assert stale(README.read_text(encoding="utf-8")) == [], "stale: run `python scripts/readme_tables.py`"


def test_the_tables_show_every_rule_and_every_kind() -> None:
    text = README.read_text(encoding="utf-8")
    rules, kinds = (table.current(text) for table in TABLES)
    assert all(f"| `{rule.name}`" in rules for rule in RULES)
    assert all(f"| `{kind}` |" in kinds for kind in KINDS)


def test_an_edited_rules_row_is_stale() -> None:
    text = README.read_text(encoding="utf-8")
    edited = text.replace("| `component-titles` | a component schema", "| `component-titles` | any schema", 1)
    assert edited != text
    assert stale(edited) == [RULES_TABLE]
    assert stale(refreshed(edited)) == []


def test_a_dropped_kinds_row_is_stale() -> None:
    text = README.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `servers-changed` |"))
    assert stale(text.replace(row + "\n", "", 1)) == [KINDS_TABLE]


def test_missing_markers_are_reported_not_guessed() -> None:
    text = README.read_text(encoding="utf-8").replace(TABLES[1].end, "")
    assert stale(text) == [KINDS_TABLE]
    with pytest.raises(PipelineError, match=r"has no .*change-kinds-table"):
        refreshed(text)


def test_a_new_kind_makes_the_readme_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a kind is one registry entry; the README's table then no longer matches."""
    added = Kind("channel-closed", "AsyncAPI channel", "a channel is closed", {"": Form("channel closed", NEVER)})
    monkeypatch.setattr(readme_tables, "KINDS", {**KINDS, added.id: added})
    assert stale(README.read_text(encoding="utf-8")) == [KINDS_TABLE]


def test_a_changed_rule_makes_the_readme_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = dataclasses.replace(RULES[0], warns=not RULES[0].warns)
    monkeypatch.setattr(readme_tables, "RULES", (changed, *RULES[1:]))
    assert stale(README.read_text(encoding="utf-8")) == [RULES_TABLE]


def test_the_command_checks_the_readme() -> None:
    command = [sys.executable, str(ROOT / "scripts" / "readme_tables.py"), "--check"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "every generated table is current" in result.stdout


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
