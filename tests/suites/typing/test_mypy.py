"""mypy sees every method's parameters and result, and turns red when a model the facade binds changes.

Each case runs mypy --strict on a copy of the facade (src/simli_api and generated/simli_api_client).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.facade_copy import edit

HERE = Path(__file__).resolve().parent
USAGE = HERE / "typed_facade_usage.py"
CONFIG = """\
[mypy]
strict = True
python_version = 3.10
warn_unreachable = True
mypy_path = {sources}
cache_dir = {cache}

[mypy-simli_api_client.*]
ignore_errors = True
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the module's runs: the standard library and httpx are read once."""
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(sources: Path, cache: Path, *files: Path, flags: tuple[str, ...] = ()) -> list[str]:
    """mypy's error lines for ``files`` with ``sources`` as the only place simli_api* come from (``flags`` added)."""
    config = sources.parent / "mypy.ini"
    config.write_text(CONFIG.format(sources=sources, cache=cache), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-error-summary", *flags, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=sources.parent,
        env={k: v for k, v in os.environ.items() if k != "MYPYPATH"},
        timeout=600,
        check=False,
    )
    # 0: clean, 1: type errors found; anything else (mypy missing, a crash, a bad config) must not pass as "no errors".
    assert result.returncode in (0, 1), result.stderr or result.stdout
    assert "error: cannot" not in result.stderr.lower(), result.stderr
    return [line for line in result.stdout.splitlines() if ": error:" in line]


def test_typed_returns_hold_and_a_wrong_one_is_caught(facade_copy: Path, cache: Path) -> None:
    usage = shutil.copy(USAGE, facade_copy.parent / "typed_usage.py")
    wrong = facade_copy.parent / "wrong_usage.py"
    wrong.write_text(
        "from typing_extensions import assert_type\n"
        "from simli_api import AsyncSimli, Simli\n"
        "from simli_api_client.models import IceServer\n"
        "def f(simli: Simli) -> None:\n"
        "    assert_type(simli.faces.list(), list[IceServer])\n"
        "async def g(simli: AsyncSimli) -> None:\n"
        "    simli.faces.delete(face_id=3)\n"
        "    assert_type(simli.faces.list(), list[IceServer])\n",
        encoding="utf-8",
    )
    errors = mypy(facade_copy, cache, Path(usage), wrong)
    assert [re.sub(r"^.*?:(\d+): error: ", r"\1: ", e) for e in errors] == [
        '5: Expression is of type "list[FacesResponse]", not "list[IceServer]"  [assert-type]',
        '7: Value of type "Coroutine[Any, Any, None]" must be used  [unused-coroutine]',
        '7: Argument "face_id" has incompatible type "int"; expected "UUID | str"  [arg-type]',
        '8: Expression is of type "Coroutine[Any, Any, list[FacesResponse]]", not "list[IceServer]"  [assert-type]',
        '8: Value of type "Coroutine[Any, Any, list[FacesResponse]]" must be used  [unused-coroutine]',
    ]


def test_renaming_a_bound_model_field_turns_mypy_red(facade_copy: Path, cache: Path) -> None:
    """A tampered copy of the generated client: StartStreamingSessionRequest.face_id renamed."""
    model = facade_copy / "simli_api_client" / "models" / "start_streaming_session_request.py"
    edit(model, "    face_id: str\n", "    face_ref: str\n")
    errors = mypy(facade_copy, cache, facade_copy / "simli_api")
    assert errors, "mypy did not notice the renamed field"
    assert all("simli_api/resources/compose.py" in e for e in errors), errors
    assert any('Unexpected keyword argument "face_id" for "StartStreamingSessionRequest"' in e for e in errors), errors


def test_a_renamed_operation_parameter_and_a_vanished_operation_turn_mypy_red_in_their_area(
    facade_copy: Path, cache: Path
) -> None:
    """The declarations load lazily at runtime, yet mypy still reads each generated signature (TYPE_CHECKING)."""
    operations = facade_copy / "simli_api_client" / "api" / "default"
    edit(
        operations / "get_history_sessions.py",
        "def _get_kwargs(\n    *,\n    start_time: int | Unset = UNSET,",
        "def _get_kwargs(\n    *,\n    since: int | Unset = UNSET,",
    )
    # The facade names an operation module the generated client lacks. (Deleting the copy's module would not
    # show it: mypy also searches site-packages, where this environment's own generated client is installed.)
    faces = facade_copy / "simli_api" / "resources" / "faces.py"
    edit(faces, "import delete_faces_trinity_id as _delete\n", "import delete_faces_trinity_id_v1 as _delete\n")
    errors = mypy(facade_copy, cache, facade_copy / "simli_api")
    where = sorted({re.sub(r"^.*?(simli_api/resources/\w+\.py):.*$", r"\1", e) for e in errors})
    assert where == ["simli_api/resources/faces.py", "simli_api/resources/history.py"], errors
    assert any('Unexpected keyword argument "start_time" for "call"' in e for e in errors), errors
    assert any("delete_faces_trinity_id_v1" in e for e in errors), errors
