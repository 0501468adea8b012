"""Running openapi-python-client: start it on a normalised copy, wait, and turn any complaint into one line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import Repo

GENERATOR_TIMEOUT_SECONDS = 600


def start_generator(repo: Repo, spec: Path, project: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(spec),
        "--meta",
        "uv",
        "--config",
        str(repo.config),
        "--custom-template-path",
        str(repo.templates),
        "--output-path",
        str(project),
        "--fail-on-warning",
    ]
    env = dict(os.environ)
    # The generator's post-hooks call `ruff` by name: use the pinned one installed beside this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"})
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_generator(generator: subprocess.Popen[str], verbose: bool = False) -> None:
    """Wait for the generator; any error or warning of its own is one line naming the first problem.

    Its full output (tens of lines) goes to stderr before that line only with ``verbose`` (--verbose).
    """
    try:
        stdout, stderr = generator.communicate(timeout=GENERATOR_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        generator.kill()
        generator.communicate()
        raise PipelineError(f"openapi-python-client did not finish within {GENERATOR_TIMEOUT_SECONDS}s") from None
    output = (stdout + stderr).strip()
    if generator.returncode != 0 or _has_warnings(output):
        if verbose:
            for line in output.splitlines():
                print(f"  | {line}", file=sys.stderr)
        first = _first_problem(output)
        raise PipelineError(
            f"openapi-python-client could not take the document ({first}); "
            "no endpoint may be dropped, so generated/ is unchanged"
        )


def _has_warnings(output: str) -> bool:
    return "Warning(s) encountered" in output or "Error(s) encountered" in output


# The generator's messages sometimes show an object instead of its value: "<...UntrustedString object at 0x7f...>".
_OBJECT_REPR = re.compile(r"\s*<[\w.]+ object at 0x[0-9a-fA-F]+>")


def _first_problem(output: str) -> str:
    """The generator's first problem on one line, naming the operation or construct (no object reprs)."""
    lines = [" ".join(_OBJECT_REPR.sub("", line).split()) for line in output.splitlines()]
    lines = [line for line in lines if line]
    crashes = [line for line in lines if re.match(r"^[A-Za-z_.]*(Error|Exception): ", line)]
    if crashes:  # the generator died with a traceback: its last exception line says why
        return f"generator crashed: {crashes[-1]}"[:300]
    for index, line in enumerate(lines):
        if line.startswith(("WARNING parsing", "ERROR parsing", "Unable to", "Could not", "Failed")):
            detail = lines[index + 1] if index + 1 < len(lines) else ""
            return f"{line} {detail}".strip()[:300]
    informative = [line for line in lines if not line.startswith("Generating ")]
    return (informative[0] if informative else "no output")[:300]
