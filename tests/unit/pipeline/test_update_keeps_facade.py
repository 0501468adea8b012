"""After an update that adds operations, the regenerated client still serves the facade, old and new calls alike.

The update is the repository's own pinned description plus a few new operations (a fixture), so
the facade's own tests, which may assume the pinned operations exist, still find them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, RunScript, copy_repo

pytestmark = pytest.mark.slow
# The facade's own unit tests (what the regenerated client must still serve), without those beside them that add
# time and say nothing about a regenerated client: the async routes, the input checks, the resources and realtime.
NOT_ABOUT_THE_CLIENT = (
    "resources",
    "realtime",
    "test_routes.py",
    "test_routes_failures.py",
    "test_validation_bad_input.py",
    "test_validation_properties.py",
    "test_files.py",
    "test_facts.py",
)
FACADE_TESTS = [
    "tests/unit/simli_api",
    "tests/unit/simli_api_client/test_operation_hooks.py",
    *(f"--ignore=tests/unit/simli_api/{part}" for part in NOT_ABOUT_THE_CLIENT),
]
EXTRA = FIXTURES / "specs" / "extra-operations.yaml"

# Uses the regenerated tree's new GET operation through the facade's generic call, against a local server.
NEW_OPERATION_SCRIPT = textwrap.dedent(
    """
    import sys, uuid
    from simli_api import Simli
    from simli_api_client.api.default import get_fixture_session
    from simli_api_client.models import FixtureSessionInfo

    with Simli(base_url=sys.argv[1], api_key="pipeline-key", max_retries=0) as simli:
        info = simli.call(get_fixture_session, session_id=uuid.UUID("6f1c2b9e-0c1d-4c55-9a43-2f7d3f7c9b10"))
    assert isinstance(info, FixtureSessionInfo), type(info)
    print("status", info.status.value if hasattr(info.status, "value") else info.status)
    """
)


def with_extra_operations(pinned: bytes) -> bytes:
    """The pinned description with the fixture's operations and schemas added (none may clash)."""
    from simli_pipeline.parsing import parse_document

    document = parse_document(pinned, "pinned")
    extra = parse_document(EXTRA.read_bytes(), EXTRA.name)
    assert not extra["paths"].keys() & document["paths"].keys()
    document["paths"].update(extra["paths"])
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    assert not extra["components"]["schemas"].keys() & schemas.keys()
    schemas.update(extra["components"]["schemas"])
    return json.dumps(document, indent=1).encode()


def test_facade_suite_passes_on_a_client_regenerated_with_more_operations(
    tmp_path: Path, run_script: RunScript
) -> None:
    repo = copy_repo(tmp_path / "repo")
    for part in ("src", "tests"):
        shutil.copytree(ROOT / part, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", repo / "pyproject.toml")
    source = tmp_path / "next-release.json"
    source.write_bytes(with_extra_operations((repo / "openapi" / "openapi.yaml").read_bytes()))

    updated = run_script(repo, "update_spec.py", str(source))
    assert updated.returncode == 0, updated.stderr
    for operation in (
        "GET /fixture-sessions ",
        "DELETE /fixture-sessions/{session_id} ",
        "GET /fixture-sessions/{session_id}/recording ",
    ):
        assert f"generated: {operation}" in updated.stdout
    assert (repo / "generated" / "simli_api_client" / "models" / "fixture_session_info.py").is_file()

    # The copy's own facade and generated client come first on the path, ahead of any installed copy.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(repo), str(repo / "src"), str(repo / "generated")])}
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *FACADE_TESTS],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
    assert " passed" in suite.stdout.strip().splitlines()[-1]

    from tests.support.pipeline_harness import serve

    body = b'{"session_id": "6f1c2b9e-0c1d-4c55-9a43-2f7d3f7c9b10", "status": "running", "quality": "1.5"}'
    with serve(body, "application/json") as url:
        called = subprocess.run(
            [sys.executable, "-c", NEW_OPERATION_SCRIPT, url],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert called.returncode == 0, called.stderr
    assert called.stdout.strip() == "status running"
