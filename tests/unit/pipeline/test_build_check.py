"""The drift job checks the facade's build on the regenerated client before proposing the update.

End to end, as tests/unit/pipeline/test_drift_job.py does (a local server, a temporary git repository, a fake
``gh``), but the job's repository carries the real facade (src/simli_api), the repository's pinned
description and generated client, pyproject.toml (mypy's configuration) and the tests the build
check runs (a reduced set here: tests/unit/simli_api/resources/test_resources.py, through the real code path).
One repository is built per session and copied per test. Mutations:

- breaking: ``GET /auto/agents`` removed and a new required field in the multipart body of
  ``POST /faces/trinity/preprocess``: the build fails naming exactly ``simli.agents.list`` and
  ``simli.faces.preprocess``, and every other method still calls a local server;
- additive: a new optional property and a new operation: the build passes;
- generated-name-only: an ``operationId`` given to ``GET /history/sessions``: the HTTP API is the same,
  the report names the renamed generated function (breaking) and the facade method using it.

The tamper test runs the job with its build check replaced by a no-op and shows the breaking
case's assertions fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, copy_repo
from tests.support.pipeline_harness import serve
from tests.unit.pipeline.test_drift_job import BRANCH, GIT, git, run_job

pytestmark = pytest.mark.slow
REDUCED_TESTS = ("tests/unit/simli_api/resources/test_resources.py",)
# What the job's repository needs beyond the pipeline: the facade, mypy's settings, the tests it runs.
FACADE_PARTS = (
    "src",
    "pyproject.toml",
    "CHANGELOG.md",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/support",
    "tests/unit/__init__.py",
    "tests/unit/simli_api/__init__.py",
    "tests/unit/simli_api/conftest.py",
    "tests/unit/simli_api/resources",
    "tests/suites/__init__.py",
    "tests/suites/typing/__init__.py",
    "tests/suites/typing/typed_facade_usage.py",
)
BROKEN = ["simli.agents.list", "simli.faces.preprocess"]

# Calls facade methods the breaking case leaves alone, and the removed one, against a local server.
PROBE = textwrap.dedent(
    """
    import json, sys
    from simli_api import Simli, SimliOperationUnavailable
    from tests.support.routed_server import Answer, local_server

    FACE = {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "owner_id": "o", "simli_version": 1,
            "created_at": "2025-01-01T00:00:00+00:00", "updated_at": "2025-01-01T00:00:00+00:00"}
    routes = {"GET /faces": Answer.json([FACE]), "GET /history/sessions": Answer.json({"sessions": []}),
              "*": Answer.json({})}
    report = {}
    with local_server(routes) as (url, received):
        with Simli(base_url=url, api_key="k", max_retries=0) as simli:
            report["faces"] = len(simli.faces.list())
            try:
                simli.history.sessions()
            except Exception as exc:  # the answer's shape is not the point: the request went out
                report["history"] = type(exc).__name__
            try:
                simli.agents.list()
            except SimliOperationUnavailable as exc:
                report["unavailable"] = exc.method
        report["requests"] = [f"{r.method} {r.path.split('?')[0]}" for r in received]
    print(json.dumps(report))
    """
)


def _copy_part(part: str, destination: Path) -> None:
    source, target = ROOT / part, destination / part
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    else:
        shutil.copy2(source, target)


@pytest.fixture(scope="session")
def facade_job_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's pipeline, pinned spec, generated client and facade in a git repository (built once)."""
    repo = copy_repo(tmp_path_factory.mktemp("facade-job") / "repo")
    for part in FACADE_PARTS:
        _copy_part(part, repo)
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "pinned")
    return repo


@pytest.fixture
def facade_job_repo(facade_job_template: Path, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(facade_job_template, repo, symlinks=True)
    remote = tmp_path / "origin.git"
    subprocess.run([GIT, "init", "--quiet", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "--quiet", "origin", "main")
    return repo


def pinned() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
    return loaded


def breaking_document() -> dict[str, Any]:
    document = pinned()
    del document["paths"]["/auto/agents"]["get"]
    if not document["paths"]["/auto/agents"]:
        del document["paths"]["/auto/agents"]
    body = document["components"]["schemas"]["Body_preprocess_image_faces_trinity_preprocess_post"]
    body["properties"]["crop_mode"] = {"type": "string", "title": "Crop Mode"}
    body.setdefault("required", []).append("crop_mode")
    return document


def additive_document() -> dict[str, Any]:
    document = pinned()
    face = document["components"]["schemas"]["FacesResponse"]
    face["properties"]["thumbnail_url"] = {"type": "string", "title": "Thumbnail Url"}
    document["paths"]["/faces/count"] = {
        "get": {
            "summary": "Count faces",
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "integer"}}}}
            },
        }
    }
    return document


def renamed_document() -> dict[str, Any]:
    document = pinned()
    document["paths"]["/history/sessions"]["get"]["operationId"] = "listSessionHistory"
    return document


def job_with(repo: Path, tmp_path: Path, document: dict[str, Any], open_pr: str = "") -> dict[str, Any]:
    """Run the job on ``document`` served locally; its outcome: process, gh calls, reports, PR body."""
    with serve(yaml.safe_dump(document, sort_keys=False).encode()) as url:
        result, calls = run_job(repo, tmp_path, f"{url}/openapi.yaml", open_pr, build_tests=REDUCED_TESTS)
    assert result.returncode == 0, result.stderr[-3000:]
    reports = tmp_path / "reports"
    build_file = reports / "build.json"
    return {
        "result": result,
        "calls": calls,
        "drift": json.loads((reports / "drift.json").read_text(encoding="utf-8")),
        "body": (reports / "drift.md").read_text(encoding="utf-8"),
        "build": json.loads(build_file.read_text(encoding="utf-8")) if build_file.is_file() else None,
    }


def pr_call(calls: list[dict[str, Any]], verb: str) -> dict[str, Any]:
    return next(call for call in calls if call["args"][:2] == ["pr", verb])


def labels_of(call: dict[str, Any], flag: str) -> list[str]:
    return [call["args"][i + 1] for i, arg in enumerate(call["args"]) if arg == flag]


def assert_failed_build_reported(outcome: dict[str, Any]) -> None:
    """What the breaking case must show: build.json, the PR section, the label, the draft."""
    build = outcome["build"]
    assert build is not None, "no build.json: the build was not checked"
    assert build["passed"] is False
    assert build["broken"] == BROKEN
    checks = {check["name"].split(" ")[0]: check for check in build["checks"]}
    assert set(checks) == {"facade-static", "mypy", "tests"}
    assert not checks["facade-static"]["passed"]
    assert not checks["mypy"]["passed"]
    body = outcome["body"]
    assert "## Build after regeneration" in body
    assert "- mypy: **failed**" in body
    assert "- `simli.agents.list` (`src/simli_api/resources/agents.py`): facade-static: generated module" in body
    assert "- `simli.faces.preprocess` (`src/simli_api/resources/faces.py`):" in body
    create = pr_call(outcome["calls"], "create")
    assert create["body"] == body
    assert labels_of(create, "--label") == ["breaking", "facade-broken"]
    assert "--draft" in create["args"]


def test_breaking_update_fails_the_build_names_the_two_methods_and_still_proposes_it(
    facade_job_repo: Path, tmp_path: Path
) -> None:
    outcome = job_with(facade_job_repo, tmp_path, breaking_document())
    assert_failed_build_reported(outcome)
    print(outcome["body"])  # shown with -s: the PR body the job wrote
    assert outcome["calls"][-1]["args"] == ["workflow", "run", "ci.yml", "--ref", BRANCH]
    update = outcome["result"].stdout
    assert "facade: 2 of 30 methods no longer match the regenerated client" in update
    assert "simli.agents.list: generated module simli_api_client.api.default.get_auto_agents is gone" in update
    assert "simli.faces.preprocess: simli_api_client.models.FacePreprocessUpload now requires crop_mode" in update

    # the update is committed with its CHANGELOG entry and pushed, failing build and all
    files = git(tmp_path / "origin.git", "diff", "--name-only", "main", BRANCH).split()
    assert "CHANGELOG.md" in files
    changelog = git(tmp_path / "origin.git", "show", f"{BRANCH}:CHANGELOG.md")
    sha = json.loads((facade_job_repo / "openapi" / "openapi.lock.json").read_text(encoding="utf-8"))["sha256"]
    entry = changelog.split(f"openapi/openapi.yaml sha256 {sha[:12]}\n", 1)[1].split("\n#### ", 1)[0]
    assert "##### Breaking changes" in entry
    assert "## Build after regeneration" not in entry

    # every other method still calls a local server; the removed one says so, sending nothing
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(facade_job_repo / p) for p in ("", "src", "generated"))}
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=facade_job_repo, env=env, capture_output=True, text=True, check=False
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    report = json.loads(probe.stdout)
    assert report == {
        "faces": 1,
        "unavailable": "agents.list",
        "requests": ["GET /faces", "GET /history/sessions"],
    }


def test_additive_update_builds_and_opens_a_ready_pr(facade_job_repo: Path, tmp_path: Path) -> None:
    outcome = job_with(facade_job_repo, tmp_path, additive_document(), open_pr="12")
    assert outcome["build"] == {**outcome["build"], "passed": True, "broken": []}
    assert all(check["passed"] for check in outcome["build"]["checks"])
    assert "facade: matches the regenerated client (30 methods checked)" in outcome["result"].stdout
    edit = pr_call(outcome["calls"], "edit")
    assert labels_of(edit, "--add-label") == ["non-breaking"]
    assert set(labels_of(edit, "--remove-label")) == {"breaking", "facade-broken"}
    assert ["pr", "ready", "12"] in [call["args"] for call in outcome["calls"]]
    assert "The facade's build on the regenerated client passed" in outcome["body"]


def test_generated_name_only_change_is_breaking_and_named(facade_job_repo: Path, tmp_path: Path) -> None:
    outcome = job_with(facade_job_repo, tmp_path, renamed_document(), open_pr="9")
    changes = outcome["drift"]["changes"]
    assert changes == [
        {
            "kind": "generated-name-renamed",
            "location": "GET /history/sessions",
            "breaking": True,
            "message": "generated function simli_api_client.api.default.get_history_sessions renamed "
            "list_session_history",
            "facade": ["simli.history.sessions"],
        }
    ]
    assert (
        "- `GET /history/sessions` **generated-name-renamed**: generated function "
        "simli_api_client.api.default.get_history_sessions renamed list_session_history; "
        "breaking for `simli.history.sessions`"
    ) in outcome["body"]
    assert outcome["build"]["broken"] == ["simli.history.sessions"]
    edit = pr_call(outcome["calls"], "edit")
    assert labels_of(edit, "--add-label") == ["breaking", "facade-broken"]
    assert ["pr", "ready", "9", "--undo"] in [call["args"] for call in outcome["calls"]]


def test_a_job_without_the_build_check_is_caught(facade_job_repo: Path, tmp_path: Path) -> None:
    """Tamper: the job's build check replaced by one that checks nothing; the breaking case's checks go red."""
    job = facade_job_repo / "scripts" / "simli_pipeline" / "drift_job.py"
    source = job.read_text(encoding="utf-8")
    call = "checked = check_build(root, runner, reports, tests)"
    assert source.count(call) == 1
    job.write_text(source.replace(call, "checked = Build([], {})"), encoding="utf-8")
    outcome = job_with(facade_job_repo, tmp_path, breaking_document())
    with pytest.raises(AssertionError):
        assert_failed_build_reported(outcome)
