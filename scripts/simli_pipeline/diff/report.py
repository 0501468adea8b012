"""The drift report: its changes, and how it is written as JSON and as Markdown (a pull-request body)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

EXIT_SAME, EXIT_CHANGED, EXIT_BREAKING, EXIT_UNREADABLE = 0, 1, 2, 3


@dataclass(frozen=True, order=True)
class Change:
    """One difference a caller can observe (or, with kind "documentation", only read)."""

    location: str
    kind: str
    message: str
    breaking: bool
    used_by: tuple[str, ...] = ()
    facade: tuple[str, ...] = ()  # the facade methods callers use for the operations concerned

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "location": self.location,
            "breaking": self.breaking,
            "message": self.message,
        }
        if self.used_by:
            data["used_by"] = list(self.used_by)
        if self.facade:
            data["facade"] = list(self.facade)
        return data


@dataclass(frozen=True)
class Report:
    base: str
    new: str
    changes: list[Change]
    documentation: list[Change]
    inconsistencies: list[tuple[str, str, str]]  # (document, location, message)
    pipeline: list[tuple[str, str]] = field(default_factory=list)  # (warning|refusal, message) for NEW
    notes: list[str] = field(default_factory=list)  # what the report could not include, and why

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]

    @property
    def exit_code(self) -> int:
        if self.breaking:
            return EXIT_BREAKING
        return EXIT_CHANGED if self.changes else EXIT_SAME


def combined(first: Report, second: Report) -> Report:
    """One report of two comparisons (the OpenAPI and the AsyncAPI descriptions): both documents named."""
    return Report(
        base=f"{first.base} and {second.base}",
        new=f"{first.new} and {second.new}",
        changes=[*first.changes, *second.changes],
        documentation=[*first.documentation, *second.documentation],
        inconsistencies=[*first.inconsistencies, *second.inconsistencies],
        pipeline=[*first.pipeline, *second.pipeline],
        notes=[*first.notes, *second.notes],
    )


# --------------------------------------------------------------------------- output


def to_json(report: Report) -> str:
    data = {
        "base": report.base,
        "new": report.new,
        "summary": {
            "changes": len(report.changes),
            "breaking": len(report.breaking),
            "documentation": len(report.documentation),
            "inconsistencies": len(report.inconsistencies),
            "exit_code": report.exit_code,
        },
        "changes": [c.as_json() for c in report.changes],
        "documentation": [c.as_json() for c in report.documentation],
        "inconsistencies": [{"document": d, "location": loc, "message": msg} for d, loc, msg in report.inconsistencies],
        "pipeline": [{"level": level, "message": message} for level, message in report.pipeline],
        "notes": list(report.notes),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return text.replace("<", "&lt;")  # no raw HTML from a document into a PR body


def _bullet(change: Change) -> str:
    used = f" (used by: {', '.join(change.used_by)})" if change.used_by else ""
    facade = ""
    if change.facade:
        verdict = "breaking for" if change.breaking else "affects"
        facade = f"; {verdict} " + ", ".join(f"`{_md(name)}`" for name in change.facade)
    return f"- `{_md(change.location)}` **{change.kind}**: {_md(change.message)}{_md(used)}{facade}"


def to_markdown(report: Report) -> str:
    breaking, other = report.breaking, [c for c in report.changes if not c.breaking]
    verdict = (
        f"**{len(breaking)} breaking change(s)**" if breaking else ("no breaking change" if other else "no API change")
    )
    lines = [
        "## Simli API spec drift",
        "",
        f"Comparing `{_md(report.base)}` (base) with `{_md(report.new)}` (new): {len(report.changes)} API change(s), "
        f"{verdict}.",
    ]
    sections = [
        ("Breaking changes", [_bullet(c) for c in breaking]),
        ("Non-breaking changes", [_bullet(c) for c in other]),
        ("Documentation changes", [_bullet(c) for c in report.documentation]),
        (
            "Inconsistencies (not changes)",
            [f"- {d}: `{_md(loc)}`: {_md(msg)}" for d, loc, msg in report.inconsistencies],
        ),
        ("Pipeline findings on the new document", [f"- {level}: {_md(msg)}" for level, msg in report.pipeline]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"### {title}", "", *items]
    if report.notes:
        lines += ["", *[f"_Note: {_md(note)}._" for note in report.notes]]
    return "\n".join(lines) + "\n"
