"""Every pipeline script has --help and fails with one line, never a traceback, even on its own bugs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from common import run_cli
from tests.conftest import ROOT

SCRIPTS = sorted(
    path.name for path in (ROOT / "scripts").glob("*.py") if "if __name__ ==" in path.read_text(encoding="utf-8")
)


def test_the_pipeline_commands_are_found() -> None:
    commands = {"check_generated.py", "drift_job.py", "generate.py", "normalise.py", "preflight.py", "spec_diff.py"}
    assert commands | {"update_spec.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_names_the_one_job(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: ")
    docstring = (ROOT / "scripts" / script).read_text(encoding="utf-8").split('"""')[1]
    assert "One job:" in docstring


def test_an_unexpected_exception_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy(_argv: list[str]) -> int:
        raise KeyError("a bug\\nover two lines")

    monkeypatch.setattr(sys, "argv", ["generate.py"])
    with pytest.raises(SystemExit) as exited:
        run_cli(buggy)
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: internal error in generate.py (KeyError: ")
    assert err.rstrip().endswith("please report it")
