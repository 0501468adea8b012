"""README.md's operation table is the one OPERATIONS produces (regenerate: python -m tests.resources.readme_table)."""

from __future__ import annotations

from pathlib import Path

from .readme_table import BEGIN, END, README, current, render


def test_readme_table_matches_operations() -> None:
    assert current() == render(), "README's operation table is stale: run `python -m tests.resources.readme_table`"


def test_the_table_check_bites(tmp_path: Path) -> None:
    """A README whose table lost a row no longer matches."""
    table = render()
    lines = table.splitlines()
    assert lines[0] == BEGIN
    assert lines[-1] == END
    assert len(lines) == 3 + 25 + 1
    stale = tmp_path / "README.md"
    stale.write_text(README.read_text(encoding="utf-8").replace(lines[5] + "\n", ""), encoding="utf-8")
    assert current(stale) != render()
