"""The documentation's generated tables, each rendered from the one place it describes.

In CONTRIBUTING.md: the normalisation rules (from RULES) and the drift report's change kinds (KINDS).
In README.md: the environment variables and the defaults of ``src/simli_api/_constants.py``, read
with ``ast`` (names, values as written, docstrings, section comments), so the package is not imported.
One job: render each table between its marker comments in its document, find the one the document
has now, and replace it. scripts/doc_tables.py rewrites them; tests/suites/project/test_doc_tables.py fails
when one is stale.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simli_pipeline.diff.kinds import KINDS, classification
from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import default_repo
from simli_pipeline.rules import RULES

REGENERATE = "python scripts/doc_tables.py"
README = "README.md"
CONTRIBUTING = "CONTRIBUTING.md"
CONSTANTS = Path("src") / "simli_api" / "_constants.py"
# A constant naming an environment variable: ENV_API_KEY, LIVEKIT_ENV_URL (the file's convention).
ENV_NAME = re.compile(r"(?:^|_)ENV_")
SECTION = re.compile(r"^# -+ (.+)$")


@dataclass(frozen=True)
class Table:
    """A generated table: its name, the document it lives in, what it comes from, and how it is rendered."""

    name: str
    document: str
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


@dataclass(frozen=True)
class Constant:
    """One assignment of _constants.py: its name, its value as written, its docstring and its section."""

    name: str
    value: str
    doc: str
    section: str


def constants(source: str) -> list[Constant]:
    """Every documented constant of ``source`` (the text of _constants.py), in order."""
    lines = source.splitlines()
    tree = ast.parse(source)
    found: list[Constant] = []
    body = tree.body
    for index, node in enumerate(body):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        following = body[index + 1] if index + 1 < len(body) else None
        doc = ""
        if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
            doc = str(following.value.value)
        if not doc:
            raise PipelineError(f"{CONSTANTS}: {node.targets[0].id} has no docstring line saying what it is")
        headers = (SECTION.match(line) for line in reversed(lines[: node.lineno - 1]))
        section = next((header[1] for header in headers if header), "")
        value = ast.get_source_segment(source, node.value) or ""
        found.append(Constant(node.targets[0].id, value, " ".join(doc.replace("``", "`").split()), section))
    return found


def _read_constants() -> list[Constant]:
    return constants((default_repo().root / CONSTANTS).read_text(encoding="utf-8"))


def _environment_rows() -> list[str]:
    rows = ["| variable | what |", "| --- | --- |"]
    for constant in _read_constants():
        if ENV_NAME.search(constant.name):
            rows.append(f"| `{constant.value.strip(chr(34))}` | {_cell(constant.doc)} |")
    return rows


def _defaults_rows() -> list[str]:
    """Every other constant, its section named on its first row (the section comment without its aside)."""
    rows = ["| for | constant | value | what |", "| --- | --- | --- | --- |"]
    shown = ""
    for constant in _read_constants():
        if ENV_NAME.search(constant.name):
            continue
        section = re.sub(r"\s*\(.*\)$", "", constant.section)
        label = section if section != shown else ""
        shown = section
        rows.append(f"| {label} | `{constant.name}` | `{_cell(constant.value)}` | {_cell(constant.doc)} |")
    return rows


TABLES = (
    Table("environment-table", README, "src/simli_api/_constants.py", _environment_rows),
    Table("defaults-table", README, "src/simli_api/_constants.py", _defaults_rows),
    Table("rules-table", CONTRIBUTING, "simli_pipeline.rules.RULES", _rules_rows),
    Table("change-kinds-table", CONTRIBUTING, "simli_pipeline.diff.kinds.KINDS", _kinds_rows),
)
DOCUMENTS = tuple(dict.fromkeys(table.document for table in TABLES))


def stale(document: str, text: str) -> list[str]:
    """The names of the tables of ``document`` whose rendering differs from what ``text`` (its content) holds."""
    return [table.name for table in TABLES if table.document == document and table.current(text) != table.render()]


def refreshed(document: str, text: str) -> str:
    """``text`` with every table of ``document`` rendered afresh; a table whose markers are missing is an error."""
    for table in TABLES:
        if table.document != document:
            continue
        old = table.current(text)
        if not old:
            raise PipelineError(
                f"{document} has no {table.begin!r} ... {table.end!r} markers; add them where it belongs"
            )
        text = text.replace(old, table.render())
    return text
