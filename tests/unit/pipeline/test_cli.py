"""Every pipeline script has --help and fails with one line, never a traceback, even on its own bugs."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from simli_pipeline.cli import run_cli
from simli_pipeline.errors import PipelineError
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


def test_every_script_runs_through_run_cli() -> None:
    """Each entry point is ``run_cli(main...)``: the one-line guard above covers every script's own entry point."""
    for script in SCRIPTS:
        tree = ast.parse((ROOT / "scripts" / script).read_text(encoding="utf-8"))
        (guard,) = [node for node in tree.body if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)]
        (statement,) = guard.body
        assert isinstance(statement, ast.Expr), script
        assert isinstance(statement.value, ast.Call), script
        assert ast.unparse(statement.value.func) == "run_cli", script
        assert ast.unparse(statement.value.args[0]) == "main", script


def test_spec_diff_fails_with_its_own_status(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """spec_diff.py's exit 1 means "changes, none breaking": its failures, bugs included, are one line and exit 3."""
    from simli_pipeline.diff.report import EXIT_UNREADABLE

    tree = ast.parse((ROOT / "scripts" / "spec_diff.py").read_text(encoding="utf-8"))
    assert "run_cli(main, failure_status=EXIT_UNREADABLE)" in ast.unparse(tree.body[-1])

    def buggy(_argv: list[str]) -> int:
        raise KeyError("a bug")

    monkeypatch.setattr(sys, "argv", ["spec_diff.py"])
    for failure in (buggy, _raises(PipelineError("bad input")), _raises(OSError(13, "Permission denied", "r.md"))):
        with pytest.raises(SystemExit) as exited:
            run_cli(failure, failure_status=EXIT_UNREADABLE)
        assert exited.value.code == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith("error: ")


def _raises(exc: Exception) -> Callable[[list[str]], int]:
    def main(_argv: list[str]) -> int:
        raise exc

    return main


DOCUMENT = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


@pytest.mark.parametrize(
    ("new", "extra", "fragment"),
    [
        (DOCUMENT + "components: [1]\n", (), "'components' is not a mapping"),
        (DOCUMENT + "components: {securitySchemes: [Key]}\n", (), "components.securitySchemes is not a mapping"),
        (DOCUMENT, ("--markdown-file", "{tmp}/no/such/folder/report.md"), "cannot write the report there"),
    ],
    ids=["components-a-list", "security-schemes-a-list", "unwritable-markdown-file"],
)
def test_spec_diff_bad_input_is_one_line_and_exit_3(
    tmp_path: Path, new: str, extra: tuple[str, ...], fragment: str
) -> None:
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    (tmp_path / "base.yaml").write_text(DOCUMENT, encoding="utf-8")
    command = [sys.executable, str(ROOT / "scripts" / "spec_diff.py"), "--no-facade", "--no-pipeline-check"]
    command += ["--base", str(tmp_path / "base.yaml"), str(tmp_path / "new.yaml")]
    command += [arg.format(tmp=tmp_path) for arg in extra]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert fragment in result.stderr
    assert "please report it" not in result.stderr
