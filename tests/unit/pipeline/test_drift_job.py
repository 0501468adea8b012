"""The scheduled job end to end: a changed spec on a local server, a temp git repo, a fake `gh`.

The job's repository pins the seed excerpt fixture (never the repository's own pinned spec) and
carries a tiny stand-in facade (src/simli_api with OPERATIONS), so the pull-request body's facade
names are checked without depending on the real facade.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SEED_EXCERPT
from tests.support.pipeline_harness import serve

pytestmark = pytest.mark.slow
BRANCH = "spec-drift/upstream"

FAKE_GH = """#!{python}
import json, os, sys
args = sys.argv[1:]
record = {{"args": args}}
if "--body-file" in args:
    record["body"] = open(args[args.index("--body-file") + 1], encoding="utf-8").read()
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
if args[:2] == ["pr", "list"]:
    print(os.environ.get("FAKE_GH_OPEN_PR", ""))
"""


GIT = shutil.which("git") or "git"
# A stand-in for src/simli_api: only what the drift report reads from the facade.
FAKE_FACADE = """
import types
OPERATIONS = types.MappingProxyType({"POST /integrations/livekit/agents": "livekit.start_agents_session"})
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run([GIT, *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def job_repo(seeded_repo: Path, tmp_path: Path) -> Path:
    """A git repository holding the pipeline (seed excerpt pinned), on branch main, with a bare `origin`."""
    repo = seeded_repo
    (repo / "src" / "simli_api").mkdir(parents=True)
    (repo / "src" / "simli_api" / "__init__.py").write_text(FAKE_FACADE, encoding="utf-8")
    remote = tmp_path / "origin.git"
    subprocess.run([GIT, "init", "--quiet", "--bare", str(remote)], check=True)
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "pinned")
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "--quiet", "origin", "main")
    return repo


def run_job(
    repo: Path, tmp_path: Path, source: str, open_pr: str = "", build_tests: tuple[str, ...] = ()
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    gh.chmod(0o755)
    log = tmp_path / "gh.log"
    log.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
        "FAKE_GH_LOG": str(log),
        "FAKE_GH_OPEN_PR": open_pr,
        "GIT_AUTHOR_NAME": "job",
        "GIT_AUTHOR_EMAIL": "job@example.test",
        "GIT_COMMITTER_NAME": "job",
        "GIT_COMMITTER_EMAIL": "job@example.test",
    }
    command = [sys.executable, str(repo / "scripts" / "drift_job.py"), source, "--runner", "direct"]
    command += ["--base-branch", "main", "--report-dir", str(tmp_path / "reports")]
    command += ["--build-tests", *build_tests] if build_tests else []
    result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600)
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return result, calls


def pinned_document() -> dict[str, Any]:
    """What the job's repository pins: the seed excerpt fixture."""
    loaded: dict[str, Any] = yaml.safe_load(SEED_EXCERPT.read_text(encoding="utf-8"))
    return loaded


def remote_branches(tmp_path: Path) -> str:
    return git(tmp_path / "origin.git", "branch", "--list")


def test_non_breaking_drift_opens_a_labelled_pr(job_repo: Path, tmp_path: Path) -> None:
    changed = (ROOT / "tests" / "fixtures" / "specs" / "simli-plus-one.yaml").read_bytes()  # adds one operation
    with serve(changed) as url:
        result, calls = run_job(job_repo, tmp_path, f"{url}/openapi.yaml")
    assert result.returncode == 0, result.stderr

    report = (tmp_path / "reports" / "drift.md").read_text(encoding="utf-8")
    assert "### Non-breaking changes" in report
    assert "GET /sessions/{session_id}" in report
    assert json.loads((tmp_path / "reports" / "drift.json").read_text(encoding="utf-8"))["summary"]["breaking"] == 0

    # update-spec ran: the spec is pinned byte for byte and the client regenerated
    assert (job_repo / "openapi" / "openapi.yaml").read_bytes() == changed
    assert list((job_repo / "generated" / "simli_api_client" / "api" / "default").glob("get_session*.py"))
    # a commit on the drift branch, pushed, carrying openapi/ and generated/
    assert BRANCH in remote_branches(tmp_path)
    files = git(tmp_path / "origin.git", "diff", "--name-only", "main", BRANCH).split()
    assert "openapi/openapi.yaml" in files
    assert "openapi/openapi.lock.json" in files
    assert any(name.startswith("generated/simli_api_client/") for name in files)

    commands = [call["args"][:2] for call in calls]
    labels = [["label", "create"]] * 3  # breaking, non-breaking, facade-broken
    assert commands == [*labels, ["pr", "list"], ["pr", "create"], ["workflow", "run"]]
    create = calls[-2]
    assert create["args"][create["args"].index("--label") + 1] == "non-breaking"
    assert create["args"][create["args"].index("--head") + 1] == BRANCH
    assert create["args"][create["args"].index("--base") + 1] == "main"
    assert create["body"] == report


def test_breaking_drift_updates_the_open_pr_and_relabels_it(job_repo: Path, tmp_path: Path) -> None:
    document = pinned_document()
    del document["paths"]["/integrations/livekit/agents"]["post"]["responses"]["400"]
    with serve(yaml.safe_dump(document, sort_keys=False).encode()) as url:
        result, calls = run_job(job_repo, tmp_path, f"{url}/openapi.yaml", open_pr="7")
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "reports" / "drift.md").read_text(encoding="utf-8")
    assert "### Breaking changes" in report
    assert "response 400 removed; breaking for `simli.livekit.start_agents_session`" in report
    data = json.loads((tmp_path / "reports" / "drift.json").read_text(encoding="utf-8"))
    assert [c["facade"] for c in data["changes"]] == [["simli.livekit.start_agents_session"]]
    edit = next(call for call in calls if call["args"][:2] == ["pr", "edit"])
    assert edit["args"][:3] == ["pr", "edit", "7"]
    assert edit["args"][edit["args"].index("--add-label") + 1] == "breaking"
    assert edit["args"][edit["args"].index("--remove-label") + 1] == "non-breaking"
    assert edit["body"] == report
    assert not any(call["args"][:2] == ["pr", "create"] for call in calls)
    assert BRANCH in remote_branches(tmp_path)


def test_no_drift_no_pr(job_repo: Path, tmp_path: Path) -> None:
    before = (job_repo / "openapi" / "openapi.yaml").read_bytes()
    reformatted = json.dumps(pinned_document(), indent=4, sort_keys=True).encode()  # other bytes, same API
    with serve(reformatted, "application/json") as url:
        result, calls = run_job(job_repo, tmp_path, f"{url}/openapi.json")
    assert result.returncode == 0, result.stderr
    assert "no drift" in result.stdout
    assert calls == []
    assert BRANCH not in remote_branches(tmp_path)
    assert (job_repo / "openapi" / "openapi.yaml").read_bytes() == before
    assert git(job_repo, "status", "--porcelain", "--", "openapi", "generated") == ""


def test_unreadable_upstream_fails_with_one_line_and_no_pr(job_repo: Path, tmp_path: Path) -> None:
    with serve(b"<html>maintenance</html>", "text/html") as url:
        result, calls = run_job(job_repo, tmp_path, f"{url}/openapi.yaml")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: the drift report could not be produced")
    assert calls == []
    assert BRANCH not in remote_branches(tmp_path)


def test_help() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "drift_job.py"), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_workflow_runs_the_job_with_least_privilege() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "spec-drift.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert "schedule" in triggers
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["drift"]
    # actions: write lets the job dispatch ci.yml on its branch (its GITHUB_TOKEN pull request triggers no CI)
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "actions": "write"}
    steps = job["steps"]
    assert not any("uses" in step for step in steps)
    assert any("scripts/drift_job.py --runner nox" in step.get("run", "") for step in steps)
    assert all("${{" not in step.get("run", "") for step in steps), "expressions go through env, not into scripts"


def test_nox_runner_calls_the_documented_sessions() -> None:
    from simli_pipeline.drift_job import _step

    drift = _step("nox", "drift", "spec_diff.py", "SRC", "--json-file", "r.json")
    assert drift[1:] == ["-m", "nox", "-s", "drift", "--", "SRC", "--json-file", "r.json"]
    update = _step("nox", "update-spec", "update_spec.py", "SRC")
    assert update[1:] == ["-m", "nox", "-s", "update-spec", "--", "SRC"]
    direct = _step("direct", "update-spec", "update_spec.py", "SRC")
    assert direct[1:] == [str(ROOT / "scripts" / "update_spec.py"), "SRC"]
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert "def drift(" in noxfile
    assert 'name="update-spec"' in noxfile
