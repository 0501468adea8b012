"""`nox -s bench` is not part of `nox`: its in-process drift case runs here, against the library it times."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def runner() -> Iterator[ModuleType]:
    """benchmarks/run.py, loaded by path (it imports its sibling ``cases`` by name, as when run); unloaded after."""
    path, modules = list(sys.path), set(sys.modules)
    spec = importlib.util.spec_from_file_location("bench_run", BENCHMARKS / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    yield module
    sys.path[:] = path
    for name in ("bench_run", "cases"):
        if name not in modules:
            sys.modules.pop(name, None)


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
    figures = row["figures"]
    assert row["ratio"] == pytest.approx(figures["8000 ops"] / figures["2000 ops"])
    assert row["ratio"] > 1.0  # 8,000 operations take longer than 2,000
    assert row["target"] == "≤ 4.50"
    assert row["passed"] is (row["ratio"] <= 4.5)


def test_the_drift_case_needs_two_sizes(runner: ModuleType) -> None:
    with pytest.raises(ValueError, match="two sizes"):
        runner.bench_drift(1, (40,))
