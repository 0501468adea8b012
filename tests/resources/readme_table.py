"""The README's operation table, rendered from ``simli_api.OPERATIONS`` (checked by test_readme_table.py).

``python -m tests.resources.readme_table`` rewrites the table in README.md between its markers.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from .catalogue import ROOT, described

README = ROOT / "README.md"
BEGIN = "<!-- operations-table: generated from simli_api.OPERATIONS by `python -m tests.resources.readme_table` -->"
END = "<!-- /operations-table -->"


def _call(name: str) -> str:
    """``simli.faces.create(image, *, name)``: the method and its parameter names (not the per-call options every
    method takes)."""
    import importlib

    from simli_api.resources import RESOURCES

    area, method = name.split(".")
    module, cls = RESOURCES[area]
    declaration = vars(getattr(importlib.import_module(module), cls))[method]
    parts: list[str] = []
    for parameter in declaration.signature(options=False).parameters.values():
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and "*" not in parts:
            parts.append("*")
        prefix = "**" if parameter.kind is inspect.Parameter.VAR_KEYWORD else ""
        parts.append(prefix + parameter.name)
    return f"simli.{name}({', '.join(parts)})"


def render() -> str:
    from simli_api import OPERATIONS

    operations = described()
    lines = [
        BEGIN,
        "| method | path | facade call | deprecated |",
        "| --- | --- | --- | --- |",
    ]
    for route, name in OPERATIONS.items():
        method, path = route.split(" ", 1)
        deprecated = "yes" if operations[route].deprecated else ""
        lines.append(f"| `{method}` | `{path}` | `{_call(name)}` | {deprecated} |")
    lines.append(END)
    return "\n".join(lines)


def current(readme: Path = README) -> str:
    """The table as README.md has it now (empty if the markers are missing)."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return ""
    return text[text.index(BEGIN) : text.index(END) + len(END)]


def main() -> None:
    text = README.read_text(encoding="utf-8")
    old = current()
    if not old:
        raise SystemExit(f"README.md has no {BEGIN!r} ... {END!r} markers")
    README.write_text(text.replace(old, render()), encoding="utf-8")


if __name__ == "__main__":
    main()
