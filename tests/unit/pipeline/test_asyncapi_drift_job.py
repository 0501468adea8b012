"""The scheduled job carries the AsyncAPI description: into the drift report and into the update it proposes.

Unit-level (the end-to-end job is tests/unit/pipeline/test_drift_job.py): the commands the job runs are recorded
instead of run.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from simli_pipeline import drift_job
from simli_pipeline.asyncapi import ASYNCAPI_UPSTREAM_URL
from simli_pipeline.sources import UPSTREAM_URL
from tests.conftest import ROOT


def _command_line() -> ModuleType:
    """scripts/drift_job.py, loaded under a name of its own (its library twin is simli_pipeline.drift_job)."""
    spec = importlib.util.spec_from_file_location("drift_job_command", ROOT / "scripts" / "drift_job.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("argv", "source", "asyncapi"),
    [
        ([], UPSTREAM_URL, ASYNCAPI_UPSTREAM_URL),  # the scheduled run: both published descriptions
        (["new.yaml"], "new.yaml", None),  # a named source: only what is named
        (["new.yaml", "--asyncapi", "new-asyncapi.yaml"], "new.yaml", "new-asyncapi.yaml"),
    ],
    ids=["scheduled", "openapi-only", "both-named"],
)
def test_the_job_compares_the_asyncapi_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str], source: str, asyncapi: str | None
) -> None:
    seen: dict[str, Any] = {}

    def job(**kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    command_line = _command_line()
    monkeypatch.setattr(command_line, "job", job)
    assert command_line.main([*argv, "--report-dir", str(tmp_path)]) == 0
    assert (seen["source"], seen["asyncapi"]) == (source, asyncapi)


def test_the_diff_and_the_update_both_take_the_asyncapi(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    commands: list[list[str]] = []

    def run(command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        if "--json-file" in command:
            report = {"summary": {"changes": 1, "breaking": 1, "documentation": 0}}
            Path(command[command.index("--json-file") + 1]).write_text(json.dumps(report), encoding="utf-8")
            Path(command[command.index("--markdown-file") + 1]).write_text("## drift\n", encoding="utf-8")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(drift_job, "read_lock", lambda _repo: {"retrieved": "2026-12-04", "sha256": "0" * 64})
    monkeypatch.setattr(drift_job, "record", lambda *_args: None)
    monkeypatch.setattr(drift_job, "check_build", lambda *_args: type("Build", (), {"passed": True})())
    monkeypatch.setattr(drift_job, "open_or_update_pr", lambda *_args, **_kwargs: None)
    monkeypatch.setattr(drift_job, "dispatch_ci", lambda *_args: None)
    code = drift_job.job(
        source="new.yaml",
        asyncapi="new-asyncapi.yaml",
        base="main",
        branch="spec-drift/upstream",
        remote="origin",
        runner="direct",
        reports=tmp_path,
    )
    assert code == 0
    diff, update = (next(c for c in commands if c[1].endswith(script)) for script in ("spec_diff.py", "update_spec.py"))
    assert diff[2:5] == ["new.yaml", "--asyncapi", "new-asyncapi.yaml"]
    assert update[2:] == ["new.yaml", "--asyncapi", "new-asyncapi.yaml"]
    commit = next(c for c in commands if c[:2] == ["git", "commit"])
    assert "Pinned from new.yaml and new-asyncapi.yaml" in commit[-1]
