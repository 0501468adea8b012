"""Each protection, removed, turns at least one row of the fault matrix red.

The row runs in a subprocess pytest with the sabotage plugin and a hard wall-clock limit: the
protection is gone only there. A row that hangs past the limit counts as red too.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

MATRIX = "tests/suites/faults/test_fault_matrix.py"
HARD_LIMIT = 120.0


def run_sabotaged(protection: str, test_id: str) -> tuple[int | None, str]:
    """(exit status or None if it hung past HARD_LIMIT, output) of one matrix test without ``protection``."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.support.fault_sabotage"]
    command.append(f"{MATRIX}::{test_id}")
    environment = {**os.environ, "SIMLI_SABOTAGE": protection}
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=HARD_LIMIT, check=False
        )
    except subprocess.TimeoutExpired as expired:
        return None, str(expired.stdout or "")
    return done.returncode, done.stdout + done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("protection", "test_id", "symptom"),
    [
        ("timeout", "test_fault_row[stall-before-headers-sync]", "SimliTimeoutError"),
        ("timeout", "test_fault_row[stall-mid-body-async]", "SimliTimeoutError"),
        ("redaction", "test_fault_row[500-sync]", "secret leaked into the exception"),
        ("redaction", "test_fault_row[422-never-retried-async]", "secret leaked into the exception"),
        ("timeout", "test_fault_row[stall-before-headers-async-httpx]", "SimliTimeoutError"),
        ("redaction", "test_fault_row[401-async-httpx]", "secret leaked into the exception"),
    ],
)
def test_row_goes_red_without_the_protection(protection: str, test_id: str, symptom: str) -> None:
    status, output = run_sabotaged(protection, test_id)
    assert status != 0, output[-2000:]
    if status is not None:
        assert status == 1, output[-2000:]  # a test failure, not a usage or collection error
        assert "1 failed" in output
        assert symptom in output


def test_the_same_rows_are_green_with_the_protection() -> None:
    """The control: without the plugin, one sabotaged row passes (so the red above is the sabotage's doing)."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{MATRIX}::test_fault_row[500-sync]"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HARD_LIMIT,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed" in done.stdout
