"""`nox -s bench` is not part of `nox`: its in-process drift case runs here, against the library it times."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    """benchmarks/run.py, loaded by path (it imports its sibling ``cases`` by name, as when run)."""
    spec = importlib.util.spec_from_file_location("bench_run", BENCHMARKS / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def test_the_drift_case_times_a_diff_that_finds_the_synthetic_changes(runner: ModuleType) -> None:
    pair = runner.cases.synthetic_pairs((40,))[0]
    report = runner._spec_diff()(pair.old, pair.new)
    assert report.changes, "the changed copy differs from its document: the timed diff must see it"
    assert runner._spec_diff()(pair.old, pair.old).changes == []


def test_bench_only_drift_runs_and_writes_its_row(runner: ModuleType, tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    assert runner.main(["--only", "drift", "--rounds", "1", "--json", str(results)]) == 0
    (row,) = json.loads(results.read_text(encoding="utf-8"))["rows"]
    assert row["case"] == "drift"
    assert set(row["figures"]) == {"500 ops", "2000 ops", "8000 ops"}
    assert row["ratio"] > 1.0  # 8,000 operations take longer than 2,000
    assert row["passed"] is not None
