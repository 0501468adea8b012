"""The scheduled spec-drift job: on upstream drift, pin and regenerate, then open or update one pull request.

One job: run the semantic diff (pinned spec against SOURCE, default the upstream URL); if the
APIs differ (including documentation-only changes), pin SOURCE with update-spec (which
regenerates the client), commit openapi/ and generated/ on BRANCH, push it, and ask `gh` to
open a pull request -- or update the open one -- with the Markdown report as its body and the
label `breaking` or `non-breaking`. The body names, for each change, the facade methods callers
use ("breaking for `simli.faces.delete`") and what update-spec warned about. No drift: nothing is
committed and no PR is touched.

Steps run through nox (`--runner nox`, what CI does) or straight through the scripts with this
interpreter (`--runner direct`, for a prepared environment and the tests). Needs git, and gh
authenticated through GH_TOKEN.


scripts/drift_job.py is its command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import default_repo

LABELS = {"breaking": "b60205", "non-breaking": "0e8a16"}
COMMIT_PATHS = ("openapi", "generated")


def _run(command: list[str], cwd: Path, what: str) -> str:
    """Run ``command``; its output is passed through; failure is one PipelineError line."""
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if completed.stderr:
        sys.stderr.write(completed.stderr)
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise PipelineError(f"{what} failed (exit {completed.returncode}): {last}")
    return completed.stdout


def _step(runner: str, session: str, script: str, *args: str) -> list[str]:
    if runner == "nox":
        return [sys.executable, "-m", "nox", "-s", session, "--", *args]
    return [sys.executable, str(default_repo().root / "scripts" / script), *args]


def run_diff(root: Path, runner: str, source: str, reports: Path) -> dict[str, object]:
    """The JSON drift report for the pinned spec against ``source``."""
    markdown, data = reports / "drift.md", reports / "drift.json"
    command = _step(runner, "drift", "spec_diff.py", source, "--markdown-file", str(markdown), "--json-file", str(data))
    completed = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    sys.stdout.write(completed.stdout)
    sys.stderr.write(completed.stderr)
    if not data.is_file():  # exit 3 (or nox failing): no report means the documents could not be compared
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise PipelineError(f"the drift report could not be produced: {last}")
    report: dict[str, object] = json.loads(data.read_text(encoding="utf-8"))
    return report


def open_or_update_pr(root: Path, *, branch: str, base: str, title: str, body: Path, label: str) -> None:
    for name, color in LABELS.items():
        _run(["gh", "label", "create", name, "--color", color, "--force"], root, f"gh label create {name}")
    found = _run(
        [
            "gh",
            "pr",
            "list",
            "--head",
            branch,
            "--base",
            base,
            "--state",
            "open",
            "--json",
            "number",
            "--jq",
            ".[].number",
        ],
        root,
        "gh pr list",
    ).split()
    if found:
        other = next(name for name in LABELS if name != label)
        edit = ["gh", "pr", "edit", found[0], "--title", title, "--body-file", str(body)]
        _run([*edit, "--add-label", label, "--remove-label", other], root, "gh pr edit")
        print(f"updated pull request #{found[0]} ({label})")
    else:
        create = ["gh", "pr", "create", "--base", base, "--head", branch, "--title", title, "--body-file", str(body)]
        _run([*create, "--label", label], root, "gh pr create")
        print(f"opened a pull request from {branch} ({label})")


def job(*, source: str, base: str, branch: str, remote: str, runner: str, reports: Path) -> int:
    root = default_repo().root
    report = run_diff(root, runner, source, reports)
    summary = report.get("summary")
    if not isinstance(summary, dict):
        raise PipelineError("the drift report has no summary; was it written by scripts/spec_diff.py?")
    if not summary["changes"] and not summary["documentation"]:
        print("no drift: the upstream description is the pinned API")
        return 0
    label = "breaking" if summary["breaking"] else "non-breaking"
    _run(["git", "checkout", "-B", branch], root, "git checkout")
    _run(_step(runner, "update-spec", "update_spec.py", source), root, "update-spec")
    _run(["git", "add", "--", *COMMIT_PATHS], root, "git add")
    title = f"Simli spec drift: {summary['changes']} API change(s), {summary['breaking']} breaking"
    _run(
        ["git", "commit", "--quiet", "-m", title, "-m", f"Pinned from {source} by scripts/drift_job.py."],
        root,
        "git commit",
    )
    _run(["git", "push", "--force", "--quiet", remote, f"HEAD:refs/heads/{branch}"], root, "git push")
    open_or_update_pr(root, branch=branch, base=base, title=title, body=reports / "drift.md", label=label)
    return 0
