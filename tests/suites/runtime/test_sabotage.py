"""Each runtime decision, undone, turns the tests that guard it red (a subprocess pytest with the sabotage plugin)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HARD_LIMIT = 300.0


def run(test_id: str, sabotage: str | None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_id]
    environment = dict(os.environ)
    if sabotage is not None:
        command[3:3] = ["-p", "tests.support.runtime_sabotage"]
        environment["SIMLI_RUNTIME_SABOTAGE"] = sabotage
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=HARD_LIMIT, check=False
    )


CASES = [
    ("no-content-is-an-error", "tests/suites/runtime/test_shapes.py::test_204_is_none[async]", "SimliResponseError"),
    (
        "no-content-is-an-error",
        "tests/suites/runtime/test_pinned.py::test_the_shapes_that_failed_before[DELETE answering 204-sync]",
        "SimliResponseError",
    ),
    (
        "key-everywhere",
        "tests/suites/runtime/test_shapes.py::test_key_header_comes_from_the_description[sync]",
        "assert",
    ),
    (
        "key-everywhere",
        "tests/suites/runtime/test_pinned.py::test_security_empty_operations_never_receive_the_key[livekit-async]",
        "assert 'x-simli-api-key' not in",
    ),
    (
        "post-rules-for-every-method",
        "tests/suites/faults/test_fault_matrix.py::test_idempotent_fault_row[stall-then-200-async-httpx]",
        "SimliTimeoutError",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("sabotage", "test_id", "symptom"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_the_guarding_test_goes_red(sabotage: str, test_id: str, symptom: str) -> None:
    control = run(test_id, None)
    assert control.returncode == 0, control.stdout[-2000:]
    assert "1 passed" in control.stdout
    done = run(test_id, sabotage)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-1000:]
    assert "1 failed" in done.stdout
    assert symptom in done.stdout
