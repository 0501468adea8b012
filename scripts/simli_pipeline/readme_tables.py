"""The README's generated tables: the normalisation rules (from RULES) and the drift report's change kinds (KINDS).

One job: render each table between its marker comments, find the one README.md has now, and
replace it. scripts/readme_tables.py rewrites README.md; tests/pipeline/test_readme_tables.py fails
when a table there is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simli_pipeline.diff.kinds import KINDS, classification
from simli_pipeline.errors import PipelineError
from simli_pipeline.rules import RULES

REGENERATE = "python scripts/readme_tables.py"


@dataclass(frozen=True)
class Table:
    """A README table generated from a registry: its name, what it comes from, and how it is rendered."""

    name: str
    source: str
    render_rows: Callable[[], list[str]]

    @property
    def begin(self) -> str:
        return f"<!-- {self.name}: generated from {self.source} by `{REGENERATE}` -->"

    @property
    def end(self) -> str:
        return f"<!-- /{self.name} -->"

    def render(self) -> str:
        return "\n".join([self.begin, *self.render_rows(), self.end])

    def current(self, text: str) -> str:
        """The table as ``text`` has it now, markers included (empty when the markers are missing)."""
        if self.begin not in text or self.end not in text:
            return ""
        return text[text.index(self.begin) : text.index(self.end) + len(self.end)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _rules_rows() -> list[str]:
    rows = ["| rule | recognises | does | why |", "| --- | --- | --- | --- |"]
    for rule in RULES:
        name = f"`{rule.name}`" + (" (*warns*)" if rule.warns else "")
        rows.append(f"| {name} | {rule.recognises} | {rule.does} | {rule.why} |")
    return rows


def _kinds_rows() -> list[str]:
    """One row per form of each kind; a kind's id, where it applies and what it means on its first row only."""
    rows = ["| kind | applies to | means | message | classification |", "| --- | --- | --- | --- | --- |"]
    for kind in KINDS.values():
        first = [f"`{kind.id}`", kind.applies_to, _cell(kind.about)]
        for index, form in enumerate(kind.forms.values()):
            cells = [*(first if index == 0 else ["", "", ""]), f"`{_cell(form.template)}`", classification(form)]
            rows.append("| " + " | ".join(cells) + " |")
    return rows


TABLES = (
    Table("rules-table", "simli_pipeline.rules.RULES", _rules_rows),
    Table("change-kinds-table", "simli_pipeline.diff.kinds.KINDS", _kinds_rows),
)


def stale(text: str) -> list[str]:
    """The names of the tables whose rendering differs from what ``text`` (a README) holds."""
    return [table.name for table in TABLES if table.current(text) != table.render()]


def refreshed(text: str) -> str:
    """``text`` with every table rendered afresh; a table whose markers are missing is a PipelineError."""
    for table in TABLES:
        old = table.current(text)
        if not old:
            raise PipelineError(
                f"README.md has no {table.begin!r} ... {table.end!r} markers; add them where it belongs"
            )
        text = text.replace(old, table.render())
    return text
