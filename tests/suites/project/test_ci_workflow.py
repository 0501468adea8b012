"""ci.yml keeps its promises: every pull request and push to main runs `nox` (newest Python, Node for Prism) and
`nox -s compat` (Python 3.10), with pinned first-party actions only and no token beyond reading the repository.

``nox -s lint`` checks the same file against GitHub's schema and zizmor; these are the project's own promises.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
ALLOWED_ACTIONS = ("actions/checkout", "actions/setup-python", "actions/setup-node")
PINNED = re.compile(r"^\s*-?\s*uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?:\s+#\s*(?P<version>\S+))?\s*$")


def oldest_supported_python() -> str:
    """noxfile.py's OLDEST_SUPPORTED_PYTHON (what `nox -s compat` runs on)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "OLDEST_SUPPORTED_PYTHON" for t in node.targets
        ):
            assert isinstance(node.value, ast.Constant)
            return str(node.value.value)
    raise AssertionError("noxfile.py has no OLDEST_SUPPORTED_PYTHON")


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for step in job.get("steps") or [] if isinstance(step, dict)]


def _setup(job: dict[str, Any], action: str, key: str) -> str | None:
    for step in _steps(job):
        if str(step.get("uses", "")).startswith(f"{action}@"):
            return str((step.get("with") or {}).get(key))
    return None


def _runs(job: dict[str, Any]) -> list[str]:
    return [" ".join(str(step["run"]).split()) for step in _steps(job) if "run" in step]


def _uses_problems(text: str) -> list[str]:
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        if "uses:" not in line:
            continue
        found = PINNED.match(line)
        if found is None:
            problems.append(f"line {number}: unreadable uses: {line.strip()}")
            continue
        action, ref, version = found["action"], found["ref"], found["version"]
        if action not in ALLOWED_ACTIONS:
            problems.append(f"line {number}: {action} is not one of {', '.join(ALLOWED_ACTIONS)}")
        if not re.fullmatch(r"[0-9a-f]{40}", ref):
            problems.append(f"line {number}: {action}@{ref} is not pinned to a full commit SHA")
        if not version or not re.fullmatch(r"v\d+\.\d+\.\d+", version):
            problems.append(f"line {number}: {action} has no `# vX.Y.Z` release comment")
    return problems


def _job_problems(name: str, job: dict[str, Any]) -> list[str]:
    problems = []
    if set((job.get("permissions") or {}).items()) - {("contents", "read")}:
        problems.append(f"job {name}: permissions beyond contents: read: {job['permissions']}")
    for step in _steps(job):
        uses = str(step.get("uses", ""))
        if uses.startswith("actions/checkout@") and (step.get("with") or {}).get("persist-credentials") is not False:
            problems.append(f"job {name}: checkout without persist-credentials: false")
    return problems


def ci_problems(text: str, oldest: str) -> list[str]:
    """Every promise of ci.yml that ``text`` breaks, one line each (empty: all kept)."""
    workflow = yaml.safe_load(text)
    triggers = workflow.get("on", workflow.get(True)) or {}  # YAML 1.1 reads the key `on` as True
    problems = []
    if "pull_request" not in triggers:
        problems.append("not run on pull requests")
    if "main" not in ((triggers.get("push") or {}).get("branches") or []):
        problems.append("not run on pushes to main")
    if "workflow_dispatch" not in triggers:
        problems.append("cannot be dispatched (the drift job's pull request would get no CI run)")
    if workflow.get("permissions") != {}:
        problems.append(f"top-level permissions are {workflow.get('permissions')!r}, not {{}}")
    problems += _uses_problems(text)
    jobs: dict[str, dict[str, Any]] = workflow.get("jobs") or {}
    for name, job in jobs.items():
        problems += _job_problems(name, job)
    full = [
        job
        for job in jobs.values()
        if "python -m nox" in _runs(job)
        and tuple(map(int, (_setup(job, "actions/setup-python", "python-version") or "0.0").split("."))) >= (3, 11)
        and _setup(job, "actions/setup-node", "node-version") not in (None, "None")
    ]
    if not full:
        problems.append("no job runs `python -m nox` on Python 3.11+ with Node set up (for Prism)")
    compat = [
        job
        for job in jobs.values()
        if "python -m nox -s compat" in _runs(job) and _setup(job, "actions/setup-python", "python-version") == oldest
    ]
    if not compat:
        problems.append(f"no job runs `python -m nox -s compat` on Python {oldest}")
    return problems


def test_ci_keeps_its_promises() -> None:
    assert oldest_supported_python() == "3.10"
    assert ci_problems(CI.read_text(encoding="utf-8"), oldest_supported_python()) == []


TAMPERS = {
    "no pull requests": ("  pull_request:\n", "", "not run on pull requests"),
    "no push to main": ("    branches: [main]\n", "    branches: [release]\n", "not run on pushes to main"),
    "no dispatch": ("  workflow_dispatch:\n", "", "cannot be dispatched"),
    "broad token": ("permissions: {}\n", "permissions: write-all\n", "top-level permissions are 'write-all'"),
    "tag not SHA": ("@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2", "@v6 # v6.0.2", "not pinned"),
    "no version comment": ("d46889d02405 # v6.2.0\n", "d46889d02405\n", "no `# vX.Y.Z` release comment"),
    "third-party action": ("actions/setup-node@", "someone/setup-node@", "someone/setup-node is not one of"),
    "credentials kept": ("persist-credentials: false", "persist-credentials: true", "checkout without"),
    "job token": ("contents: read # clone", "contents: write # clone", "permissions beyond contents: read"),
    "no Node": ('node-version: "22"', 'cache: ""', "no job runs `python -m nox` on Python 3.11+ with Node"),
    "nox on 3.10 only": ('python-version: "3.13"', 'python-version: "3.10"', "no job runs `python -m nox` on"),
    "compat on 3.11": ('python-version: "3.10"', 'python-version: "3.11"', "no job runs `python -m nox -s compat`"),
    "compat not run": ("run: python -m nox -s compat", "run: python -m nox -s tests", "nox -s compat` on Python"),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_a_broken_promise_is_reported(tamper: str) -> None:
    old, new, expected = TAMPERS[tamper]
    text = CI.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in ci.yml"
    problems = ci_problems(text.replace(old, new), oldest_supported_python())
    assert any(expected in problem for problem in problems), problems
