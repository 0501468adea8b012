"""The facade methods callers use for each operation, named in the drift report's changes."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from simli_pipeline.diff.report import Change, Report

# Run in a separate interpreter so the repository's own facade is imported (never an installed copy,
# never one already loaded here) and nothing it does on import can break the report.
FACADE_LOADER = """
import json, sys
sys.path[:0] = sys.argv[1:3]
import simli_api
operations = getattr(simli_api, "OPERATIONS", None)
if operations is None:
    sys.exit("simli_api has no OPERATIONS mapping")
print(json.dumps({str(key): str(value) for key, value in dict(operations).items()}))
"""
FACADE_TIMEOUT_SECONDS = 60
FACADE_PREFIX = "simli."


def facade_names(root: Path) -> tuple[dict[str, str], str | None]:
    """("METHOD /path" -> "simli.<area>.<method>", note) from ``simli_api.OPERATIONS`` in ``root``'s src/.

    The facade is imported from ``root/src`` with ``root/generated`` on the path. When that fails,
    or it declares no OPERATIONS, the names are empty and the note says why in one line.
    """
    source = root / "src"
    if not (source / "simli_api").is_dir():
        return {}, f"no facade names: {source / 'simli_api'} not found"
    command = [sys.executable, "-I", "-c", FACADE_LOADER, str(source), str(root / "generated")]
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=FACADE_TIMEOUT_SECONDS, check=False, cwd=root
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {}, f"no facade names: importing simli_api failed ({type(exc).__name__})"
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines() or ["no output"]
        return {}, f"no facade names: importing simli_api failed ({lines[-1][:200]})"
    try:
        loaded = json.loads(completed.stdout)
    except json.JSONDecodeError:
        return {}, "no facade names: simli_api.OPERATIONS could not be read"
    return {key: FACADE_PREFIX + value for key, value in loaded.items()}, None


def with_facade(report: Report, names: dict[str, str], note: str | None = None) -> Report:
    """``report`` with each change naming the facade methods of the operations it concerns."""

    def named(change: Change) -> Change:
        keys = (change.location, *change.used_by)
        return replace(change, facade=tuple(sorted({names[key] for key in keys if key in names})))

    return replace(
        report,
        changes=[named(change) for change in report.changes],
        documentation=[named(change) for change in report.documentation],
        notes=[*report.notes, *([note] if note else [])],
    )
