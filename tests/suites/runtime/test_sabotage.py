"""Each runtime decision, undone, turns the tests that guard it red (a subprocess pytest with the sabotage plugin)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HARD_LIMIT = 300.0


def run(test_ids: list[str], sabotage: str | None, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, *test_ids]
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


@pytest.fixture(scope="module")
def controls() -> subprocess.CompletedProcess[str]:
    """Every case's guarding test without sabotage, in one pytest run (one start-up, one shapes client)."""
    return run([test_id for _, test_id, _ in CASES], None, "-rA")  # -rA: each outcome listed by name


@pytest.mark.slow
@pytest.mark.parametrize(("sabotage", "test_id", "symptom"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_the_guarding_test_goes_red(
    sabotage: str, test_id: str, symptom: str, controls: subprocess.CompletedProcess[str]
) -> None:
    # The control: the guarding test passes without the sabotage (its setup and teardown too).
    assert f"PASSED {test_id}\n" in controls.stdout, controls.stdout[-2000:]
    assert f"ERROR {test_id}" not in controls.stdout, controls.stdout[-2000:]
    done = run([test_id], sabotage)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-1000:]
    assert "1 failed" in done.stdout
    assert symptom in done.stdout
