"""The drift report as a CHANGELOG.md entry under ``## [Unreleased]`` / ``### Spec updates``.

One job: CHANGELOG.md's header documents the format -- ``#### YYYY-MM-DD: openapi/openapi.yaml sha256
<first 12 hex>``, then the drift report's Markdown without its title, its ``###`` headings demoted to
``#####``. An entry for the same pin (same sha256) is replaced, never duplicated; the sections are
created when missing.
"""

from __future__ import annotations

import re
from pathlib import Path

UNRELEASED = "## [Unreleased]"
SPEC_UPDATES = "### Spec updates"
REPORT_TITLE = "## Simli API spec drift"
NEW_FILE = "# Changelog\n"


def entry(report_markdown: str, day: str, sha256: str) -> str:
    """The entry for one pin: its heading and the report, title dropped and headings demoted."""
    lines = report_markdown.strip().splitlines()
    if lines and lines[0].strip() == REPORT_TITLE:
        lines = lines[1:]
    body = "\n".join(f"##{line}" if line.startswith("### ") else line for line in lines).strip()
    return f"#### {day}: openapi/openapi.yaml sha256 {sha256[:12]}\n\n{body}\n"


def _section_end(lines: list[str], start: int, level: int) -> int:
    """The index of the first heading at ``level`` or above after ``start`` (or the end)."""
    for index in range(start + 1, len(lines)):
        match = re.match(r"^(#+) ", lines[index])
        if match and len(match.group(1)) <= level:
            return index
    return len(lines)


def add_entry(text: str, new_entry: str, sha256: str) -> str:
    """``text`` (CHANGELOG.md) with ``new_entry`` first under Unreleased / Spec updates, replacing the same pin's."""
    lines = (text or NEW_FILE).rstrip("\n").splitlines()
    if UNRELEASED not in lines:
        first_version = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
        lines[first_version:first_version] = ([""] if lines[first_version - 1].strip() else []) + [UNRELEASED, ""]
    start = lines.index(UNRELEASED)
    end = _section_end(lines, start, 2)
    updates = next((i for i in range(start, end) if lines[i] == SPEC_UPDATES), None)
    if updates is None:
        blank = [""] if lines[end - 1].strip() else []
        lines[end:end] = [*blank, SPEC_UPDATES, ""]
        updates = end + len(blank)
    stop = _section_end(lines, updates, 3)
    heading = re.compile(rf"^#### .*sha256 {re.escape(sha256[:12])}\s*$")
    index = updates + 1
    while index < stop:  # drop the same pin's earlier entry
        if heading.match(lines[index]):
            entry_end = _section_end(lines, index, 4)
            del lines[index:entry_end]
            stop -= entry_end - index
        else:
            index += 1
    insert = updates + 1
    while insert < len(lines) and not lines[insert].strip():
        insert += 1
    lines[updates + 1 : insert] = ["", *new_entry.rstrip("\n").splitlines(), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def record(changelog: Path, report_markdown: str, day: str, sha256: str) -> None:
    text = changelog.read_text(encoding="utf-8") if changelog.is_file() else ""
    changelog.write_text(add_entry(text, entry(report_markdown, day, sha256), sha256), encoding="utf-8")
