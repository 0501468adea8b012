"""Whether the hand-written facade still builds on a regenerated client, and which of its methods do not.

One job: after update-spec, run three checks against the repository's regenerated tree and name
the facade methods each finds broken (``simli.<area>.<method>``), with the first error for each:

- ``facade-static``: simli_pipeline/facade_match.py (generated names and keywords the facade uses);
- ``mypy``: mypy (strict, the repository's configuration) on src/simli_api and the typed usage
  examples the tests keep (tests/suites/typing/typed_facade_usage.py); an error line in
  src/simli_api/resources/<area>.py names the method declared around it;
- ``tests``: pytest on TESTS (the facade's own tests and the resource tests that call every method
  against a local server); a SimliOperationUnavailable in its output names the method that raised it.

The result is written as build.json; :func:`markdown` is the pull request's "Build after
regeneration" section. Steps run through nox (``runner="nox"``: sessions typecheck and tests) or
with this interpreter (``runner="direct"``).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from simli_pipeline.facade_match import check_facade
from simli_pipeline.repository import Repo

# What the build check runs by default: the facade's tests and the resource tests calling every
# method on a local server (the tests that pin the description's operation list are left out: an
# additive update must pass). CONTRIBUTING.md "Spec drift" says the same.
DEFAULT_TESTS = (
    "tests/unit/simli_api/test_exceptions_end_to_end.py",
    "tests/unit/simli_api/resources/test_resources.py",
    "tests/unit/simli_api/resources/test_journeys.py",
)
MYPY_TARGETS = ("src/simli_api", "tests/suites/typing/typed_facade_usage.py")
SUMMARY_LINES = 8
CHECK_TIMEOUT_SECONDS = 900
# relative (direct) or absolute (through nox) paths alike
MYPY_ERROR = re.compile(r"(?:^|/)(src/simli_api/resources/(\w+)\.py):(\d+):(?:\d+:)? error: (.+)$")
UNAVAILABLE = re.compile(r"(simli\.\w+\.\w+) \([A-Z]+ [^,]*, generated module [\w.]+\) is unavailable: ([^\n]+)")


@dataclass
class Check:
    name: str
    passed: bool
    summary: str
    broken: dict[str, str] = field(default_factory=dict)  # simli.<area>.<method> -> first error
    seconds: float = 0.0


@dataclass
class Build:
    checks: list[Check]
    sources: dict[str, str]  # simli.<area>.<method> -> the file declaring it

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def broken(self) -> dict[str, str]:
        """Every broken facade method and the first error found for it, in check order."""
        found: dict[str, str] = {}
        for check in self.checks:
            for method, error in check.broken.items():
                found.setdefault(method, f"{check.name}: {error}")
        return dict(sorted(found.items()))

    def as_json(self) -> str:
        data = {
            "passed": self.passed,
            "broken": list(self.broken),
            "checks": [
                {"name": c.name, "passed": c.passed, "summary": c.summary, "seconds": round(c.seconds, 1)}
                for c in self.checks
            ],
        }
        return json.dumps(data, indent=2) + "\n"


def _methods_by_line(path: Path, area: str) -> list[tuple[int, int, str]]:
    """(first line, last line, simli.<area>.<method>) for each public method of each class in ``path``."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return []
    spans = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                    first = min([item.lineno, *(d.lineno for d in item.decorator_list)])
                    spans.append((first, item.end_lineno or item.lineno, f"simli.{area}.{item.name}"))
    return spans


def _run(command: list[str], root: Path) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "src"), str(root / "generated")])}
    try:
        completed = subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, timeout=CHECK_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 1, f"could not run {' '.join(command[:4])}: {type(exc).__name__}"
    return completed.returncode, completed.stdout + completed.stderr


def _first_lines(text: str, keep: re.Pattern[str] | None = None) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    chosen = [line for line in lines if keep.search(line)] if keep else []
    return "\n".join((chosen or lines[-SUMMARY_LINES:])[:SUMMARY_LINES])


def static_check(root: Path) -> Check:
    verdict = check_facade(root, Repo(root).package)
    broken = {m.method: m.reason for m in verdict.mismatches}
    return Check("facade-static", verdict.matches, "\n".join(verdict.lines()), broken)


def mypy_check(root: Path, runner: str) -> Check:
    targets = [t for t in MYPY_TARGETS if (root / t).exists()]
    if not targets:
        return Check("mypy", True, "skipped: no src/simli_api")
    if runner == "nox":
        command = [sys.executable, "-m", "nox", "-s", "typecheck"]
    else:
        command = [sys.executable, "-m", "mypy", *targets]
    status, output = _run(command, root)
    broken: dict[str, str] = {}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for line in output.splitlines():
        match = MYPY_ERROR.search(line.strip())
        if not match:
            continue
        source, area, number, error = match.group(1), match.group(2), int(match.group(3)), match.group(4)
        if source not in spans:
            spans[source] = _methods_by_line(root / source, area)
        for first, last, method in spans[source]:
            if first <= number <= last:
                broken.setdefault(method, f"{source}:{number}: {error}")
    summary = "no issues" if status == 0 else _first_lines(output, re.compile(r": error: |^error:|Found \d+ error"))
    return Check("mypy", status == 0, summary, broken)


def tests_check(root: Path, runner: str, tests: Sequence[str]) -> Check:
    targets = [t for t in tests if (root / t.split("::")[0]).exists()]
    if not targets:
        return Check("tests", True, f"skipped: none of {', '.join(tests)} in this repository")
    if runner == "nox":
        command = [sys.executable, "-m", "nox", "-s", "tests", "--", *targets]
    else:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=short", *targets]
    status, output = _run(command, root)
    broken: dict[str, str] = {}
    for match in UNAVAILABLE.finditer(output):
        broken.setdefault(match.group(1), f"SimliOperationUnavailable: {match.group(2).strip()}")
    lines = output.strip().splitlines()
    last = lines[-1] if lines else "no output"
    summary = last if status == 0 else _first_lines(output, re.compile(r"^(FAILED|ERROR) |^E  ")) + f"\n{last}"
    return Check(f"tests ({' '.join(targets)})", status == 0, summary, broken)


def build_check(root: Path, runner: str, tests: Sequence[str] = DEFAULT_TESTS) -> Build:
    """Run every check on ``root`` (regenerated), timing each."""
    runs: list[Callable[[], Check]] = [
        lambda: static_check(root),
        lambda: mypy_check(root, runner),
        lambda: tests_check(root, runner, tests),
    ]
    checks = []
    for run in runs:
        started = time.perf_counter()
        check = run()
        check.seconds = time.perf_counter() - started
        checks.append(check)
    sources = {m.method: m.source for m in check_facade(root, Repo(root).package).mismatches}
    for check in checks:
        for method in check.broken:
            area = method.split(".")[1]
            sources.setdefault(method, f"src/simli_api/resources/{area}.py")
    return Build(checks, sources)


def _md(text: str) -> str:
    return text.replace("<", "&lt;").replace("`", "'")


def markdown(build: Build) -> str:
    """The pull request's "Build after regeneration" section."""
    total = sum(check.seconds for check in build.checks)
    verdict = "passed" if build.passed else "**failed**"
    lines = [
        "## Build after regeneration",
        "",
        f"The facade's build on the regenerated client {verdict} ({total:.0f} s).",
    ]
    lines += ["", *[f"- {c.name}: {'passed' if c.passed else '**failed**'}" for c in build.checks]]
    broken = build.broken
    if broken:
        files = sorted({build.sources[method] for method in broken})
        lines += ["", f"Broken facade methods ({len(broken)}); edit {', '.join(f'`{f}`' for f in files)}:", ""]
        lines += [f"- `{m}` (`{build.sources[m]}`): {_md(error)}" for m, error in broken.items()]
    failed = [c for c in build.checks if not c.passed]
    for check in failed:
        lines += ["", f"<details><summary>{_md(check.name)}: first lines</summary>", "", "```", check.summary, "```"]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
