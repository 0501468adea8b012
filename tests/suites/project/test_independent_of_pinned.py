"""The pipeline tests hold whatever description is pinned: they pass in a copy that pins the seed excerpt.

The copy holds the pipeline (spec, lock, config, templates, scripts, generated/, noxfile.py and the
drift workflow) and the tests with their fixtures; `update_spec.py` pins
tests/fixtures/specs/seed-excerpt.yaml there and regenerates, then pytest runs the pipeline tests in it.

Directories run: tests/unit/pipeline and tests/suites/hostile -- the tests that work on copies of the
repository as it is (check-generated, regenerate, update-spec, the drift job and its diff, the hostile-spec
matrix) and so could lean on the pinned description. Not run: the normalisation and facts tests of
tests/unit/pipeline (IN_MEMORY: in-memory documents, or a copy with their own fixture pinned first),
tests/suites/corpus (the same), tests/suites/constructs (each pins its own fixture before anything), and
tests/unit/pipeline/test_update_keeps_facade.py, which runs the facade's own tests: those may assume the
pinned operations exist, as tests/unit/pipeline/test_facade_match.py and tests/unit/pipeline/test_build_check.py
do (the facade checked against the client generated from the pinned description). Running those would add
minutes and tell nothing new. This module (in tests/suites/project) is not run there either (it would start
over inside the copy).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_EXCERPT, RunScript, copy_repo

pytestmark = pytest.mark.slow
RUN = ["tests/unit/pipeline", "tests/suites/hostile"]
# In-memory documents, or a copy with their own fixture pinned first: nothing there can lean on the pin.
IN_MEMORY = [
    "tests/unit/pipeline/test_findings.py",
    "tests/unit/pipeline/test_gate.py",
    "tests/unit/pipeline/test_preflight.py",
    "tests/unit/pipeline/test_rules.py",
    "tests/unit/pipeline/test_operation_facts.py",
    "tests/unit/pipeline/test_operation_facts_regenerated.py",
]
SKIP = [
    *IN_MEMORY,
    "tests/unit/pipeline/test_update_keeps_facade.py",
    "tests/unit/pipeline/test_facade_match.py",  # the facade against the client of the pinned description
    "tests/unit/pipeline/test_build_check.py",  # the facade's build on updates of the pinned description
]

# A test that does depend on the pinned description: it must go red in the seeded copy.
LEANS_ON_THE_PIN = """
from tests.conftest import ROOT

def test_assumes_the_real_description() -> None:
    assert "/compose/token" in (ROOT / "openapi" / "openapi.yaml").read_text()
"""


def seeded_copy(destination: Path, run_script: RunScript) -> Path:
    """The pipeline, the tests and their fixtures, with the seed excerpt pinned and regenerated."""
    repo = copy_repo(destination)
    for folder in ("tests", ".github"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "noxfile.py"):  # pytest's settings; the drift job's sessions
        shutil.copy2(ROOT / name, repo / name)
    pinned = run_script(repo, "update_spec.py", str(repo / "tests" / "fixtures" / "specs" / SEED_EXCERPT.name))
    assert pinned.returncode == 0, pinned.stderr
    assert "1 operation(s) generated" in pinned.stdout
    assert (repo / "openapi" / "openapi.yaml").read_bytes() == SEED_EXCERPT.read_bytes()
    return repo


def pytest_in(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_pipeline_tests_pass_with_the_seed_excerpt_pinned(tmp_path: Path, run_script: RunScript) -> None:
    repo = seeded_copy(tmp_path / "repo", run_script)

    (repo / "tests" / "unit" / "pipeline" / "test_leans_on_the_pin.py").write_text(LEANS_ON_THE_PIN, encoding="utf-8")
    bites = pytest_in(repo, "tests/unit/pipeline/test_leans_on_the_pin.py")
    assert bites.returncode == 1, "a test that leans on the pinned description must fail in the seeded copy"
    (repo / "tests" / "unit" / "pipeline" / "test_leans_on_the_pin.py").unlink()

    result = pytest_in(repo, *RUN, *(f"--ignore={path}" for path in SKIP))
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in summary
    assert "failed" not in summary
    assert "error" not in summary
