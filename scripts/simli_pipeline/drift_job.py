"""The scheduled spec-drift job: on upstream drift, pin and regenerate, then open or update one pull request.

One job: run the semantic diff (pinned spec against SOURCE, default the upstream URL, and the pinned
AsyncAPI description against ASYNCAPI when given, in the same report); if the
APIs differ (including documentation-only changes), pin SOURCE (and ASYNCAPI) with update-spec (which
regenerates the client), commit openapi/ and generated/ on BRANCH, push it, and ask `gh` to
open a pull request -- or update the open one -- with the Markdown report as its body and the
label `breaking` or `non-breaking`. The body names, for each change, the facade methods callers
use ("breaking for `simli.faces.delete`") and what update-spec warned about. No drift: nothing is
committed and no PR is touched.

Before proposing the update it checks the build (build_check.py: the facade's static match, mypy,
the facade's tests, against the regenerated tree), writes build.json beside the report and appends
a "Build after regeneration" section to the body; a failed build labels the PR `facade-broken` and
makes it a draft (an open PR is updated the same way). A failing update is still proposed: the job
fails only when it cannot produce the report, the commit or the PR. The report also goes into
CHANGELOG.md (changelog.py), committed with the update. Last, it dispatches ci.yml on BRANCH (a PR
opened with the workflow's token triggers no workflow); a failed dispatch is one warning line.

Steps run through nox (`--runner nox`, what CI does) or straight through the scripts with this
interpreter (`--runner direct`, for a prepared environment and the tests). Needs git, and gh
authenticated through GH_TOKEN.


scripts/drift_job.py is its command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from simli_pipeline.build_check import DEFAULT_TESTS, Build, build_check, markdown
from simli_pipeline.changelog import record
from simli_pipeline.errors import PipelineError
from simli_pipeline.lock import read_lock
from simli_pipeline.repository import Repo, default_repo

LABELS = {"breaking": "b60205", "non-breaking": "0e8a16", "facade-broken": "d93f0b"}
BROKEN = "facade-broken"
COMMIT_PATHS = ("openapi", "generated", "CHANGELOG.md")
CI_WORKFLOW = "ci.yml"


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


def _with_asyncapi(source: str, asyncapi: str | None) -> list[str]:
    return [source, *(["--asyncapi", asyncapi] if asyncapi else [])]


def run_diff(root: Path, runner: str, source: str, reports: Path, asyncapi: str | None = None) -> dict[str, object]:
    """The JSON drift report for the pinned spec against ``source`` (and the pinned AsyncAPI against ``asyncapi``)."""
    markdown, data = reports / "drift.md", reports / "drift.json"
    files = ["--markdown-file", str(markdown), "--json-file", str(data)]
    command = _step(runner, "drift", "spec_diff.py", *_with_asyncapi(source, asyncapi), *files)
    completed = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    sys.stdout.write(completed.stdout)
    sys.stderr.write(completed.stderr)
    if not data.is_file():  # exit 3 (or nox failing): no report means the documents could not be compared
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise PipelineError(f"the drift report could not be produced: {last}")
    report: dict[str, object] = json.loads(data.read_text(encoding="utf-8"))
    return report


def _warn(command: list[str], root: Path, what: str) -> bool:
    """Run ``command``; a failure is one warning line on stderr, never the job's failure."""
    completed = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"warning: {what} failed (exit {completed.returncode}): {last}", file=sys.stderr)
    return completed.returncode == 0


def open_or_update_pr(
    root: Path, *, branch: str, base: str, title: str, body: Path, label: str, broken: bool = False
) -> None:
    """Open the PR (or update the open one): labels, body, and draft state when the build is broken."""
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
    wanted = [label, *([BROKEN] if broken else [])]
    unwanted = [name for name in LABELS if name not in wanted]
    if found:
        edit = ["gh", "pr", "edit", found[0], "--title", title, "--body-file", str(body)]
        labels = [part for name in wanted for part in ("--add-label", name)]
        labels += [part for name in unwanted for part in ("--remove-label", name)]
        _run([*edit, *labels], root, "gh pr edit")
        ready = ["gh", "pr", "ready", found[0], *(["--undo"] if broken else [])]
        _warn(ready, root, "marking the pull request as draft" if broken else "marking the pull request ready")
        print(f"updated pull request #{found[0]} ({', '.join(wanted)}{', draft' if broken else ''})")
    else:
        create = ["gh", "pr", "create", "--base", base, "--head", branch, "--title", title, "--body-file", str(body)]
        labels = [part for name in wanted for part in ("--label", name)]
        _run([*create, *labels, *(["--draft"] if broken else [])], root, "gh pr create")
        print(f"opened a pull request from {branch} ({', '.join(wanted)}{', draft' if broken else ''})")


def dispatch_ci(root: Path, branch: str) -> None:
    """Run ci.yml on ``branch``: the PR was opened with the workflow's token, which triggers no workflow."""
    if _warn(["gh", "workflow", "run", CI_WORKFLOW, "--ref", branch], root, f"dispatching {CI_WORKFLOW} on {branch}"):
        print(f"dispatched {CI_WORKFLOW} on {branch}")


def check_build(root: Path, runner: str, reports: Path, tests: Sequence[str]) -> Build:
    """The build check on the regenerated tree: build.json in ``reports``, its section appended to drift.md."""
    started = time.perf_counter()
    build = build_check(root, runner, tests)
    (reports / "build.json").write_text(build.as_json(), encoding="utf-8")
    with (reports / "drift.md").open("a", encoding="utf-8") as body:
        body.write("\n" + markdown(build))
    verdict = "passed" if build.passed else f"failed ({', '.join(build.broken) or 'no method named'})"
    print(f"build after regeneration {verdict} in {time.perf_counter() - started:.1f} s")
    return build


def job(
    *,
    source: str,
    base: str,
    branch: str,
    remote: str,
    runner: str,
    reports: Path,
    tests: Sequence[str] = DEFAULT_TESTS,
    asyncapi: str | None = None,
) -> int:
    root = default_repo().root
    report = run_diff(root, runner, source, reports, asyncapi)
    summary = report.get("summary")
    if not isinstance(summary, dict):
        raise PipelineError("the drift report has no summary; was it written by scripts/spec_diff.py?")
    if not summary["changes"] and not summary["documentation"]:
        print("no drift: the upstream description is the pinned API")
        return 0
    label = "breaking" if summary["breaking"] else "non-breaking"
    report_markdown = (reports / "drift.md").read_text(encoding="utf-8")
    _run(["git", "checkout", "-B", branch], root, "git checkout")
    update = _step(runner, "update-spec", "update_spec.py", *_with_asyncapi(source, asyncapi))
    sys.stdout.write(_run(update, root, "update-spec"))
    lock = read_lock(Repo(root))
    record(root / "CHANGELOG.md", report_markdown, str(lock.get("retrieved")), str(lock.get("sha256")))
    checked = check_build(root, runner, reports, tests)
    _run(["git", "add", "--", *COMMIT_PATHS], root, "git add")
    title = f"Simli spec drift: {summary['changes']} API change(s), {summary['breaking']} breaking"
    pinned = f"{source} and {asyncapi}" if asyncapi else source
    _run(
        ["git", "commit", "--quiet", "-m", title, "-m", f"Pinned from {pinned} by scripts/drift_job.py."],
        root,
        "git commit",
    )
    _run(["git", "push", "--force", "--quiet", remote, f"HEAD:refs/heads/{branch}"], root, "git push")
    body = reports / "drift.md"
    open_or_update_pr(root, branch=branch, base=base, title=title, body=body, label=label, broken=not checked.passed)
    dispatch_ci(root, branch)
    return 0
