"""The contract cases notice a regression of the generic call path.

A copy of the facade whose 204 is an error again turns exactly the 204 cases red.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.facade_copy import edit
from tests.support.operations_catalogue import ROOT

NO_CONTENT = """    if declared.no_content:
        return None
"""
AS_ERROR = """    if declared.no_content:
        raise ConformanceError("no body the spec describes for this status")
"""
# The operations answering 204 (Prism, from the description) and the local 204 case, plus a control.
SELECTION = "DELETE or 204 or ratelimiter"
NO_CONTENT_CASES = {
    f"test_operation_against_prism[{route}-{kind}]"
    for route in ("DELETE /faces/trinity/{id}", "DELETE /faces/legacy/{id}", "DELETE /auto/agent/{id}")
    for kind in ("sync", "async")
} | {f"test_response_shapes_from_a_real_server[204, no content-{kind}]" for kind in ("sync", "async")}


def run_contract(sources: Path) -> subprocess.CompletedProcess[str]:
    """The contract cases in SELECTION, run with ``sources`` first on the import path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(sources), str(ROOT)])}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rA",
            "tests/suites/contract/test_every_operation.py",
            "-k",
            SELECTION,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )


def outcomes(result: subprocess.CompletedProcess[str], status: str) -> set[str]:
    return {
        m.group(1)
        for m in re.finditer(
            rf"^{status} tests/suites/contract/test_every_operation.py::(\S.*?)(?: - .*)?$", result.stdout, re.M
        )
    }


@pytest.mark.slow
def test_204_as_an_error_turns_the_contract_red(facade_copy: Path) -> None:
    edit(facade_copy / "simli_api" / "_responses.py", NO_CONTENT, AS_ERROR)
    result = run_contract(facade_copy)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert outcomes(result, "FAILED") == NO_CONTENT_CASES
    assert outcomes(result, "PASSED") == {
        "test_operation_against_prism[GET /ratelimiter/sessions-sync]",
        "test_operation_against_prism[GET /ratelimiter/sessions-async]",
    }, "the tampered copy still answers everything else"
