"""update-spec validates first, pins byte for byte, regenerates, and loses nothing on failure."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, RunScript
from tests.support.pipeline_harness import fingerprint, serve

pytestmark = pytest.mark.slow
SPECS = FIXTURES / "specs"


def _pinned(repo: Path) -> dict[str, str]:
    return fingerprint(repo / "openapi", repo / "generated")


def _assert_refused(result_stderr: str, returncode: int, *fragments: str) -> None:
    assert returncode != 0
    lines = result_stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got: {result_stderr!r}"
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("fixture", "fragment"),
    [
        ("error-page.html", "got HTML"),
        ("not-openapi.yaml", "no 'openapi' version field"),
    ],
)
def test_refuses_non_openapi_and_changes_nothing(
    repo_copy: Path, run_script: RunScript, fixture: str, fragment: str
) -> None:
    before = _pinned(repo_copy)
    result = run_script(repo_copy, "update_spec.py", str(SPECS / fixture))
    _assert_refused(result.stderr, result.returncode, fragment, "left unchanged")
    assert _pinned(repo_copy) == before


def test_refuses_missing_path_and_changes_nothing(repo_copy: Path, run_script: RunScript, tmp_path: Path) -> None:
    before = _pinned(repo_copy)
    result = run_script(repo_copy, "update_spec.py", str(tmp_path / "nowhere.yaml"))
    _assert_refused(result.stderr, result.returncode, "no such file")
    assert _pinned(repo_copy) == before


def test_refuses_html_error_page_served_over_http(repo_copy: Path, run_script: RunScript) -> None:
    before = _pinned(repo_copy)
    with serve((SPECS / "error-page.html").read_bytes(), "text/html", status=200) as url:
        result = run_script(repo_copy, "update_spec.py", f"{url}/openapi.yaml")
    _assert_refused(result.stderr, result.returncode)
    assert _pinned(repo_copy) == before


def test_http_error_status_is_refused(repo_copy: Path, run_script: RunScript) -> None:
    before = _pinned(repo_copy)
    with serve(b"gone", "text/plain", status=503) as url:
        result = run_script(repo_copy, "update_spec.py", f"{url}/openapi.yaml")
    _assert_refused(result.stderr, result.returncode, "HTTP 503")
    assert _pinned(repo_copy) == before


def test_unreachable_url_fails_with_offline_hint(repo_copy: Path, run_script: RunScript) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = _pinned(repo_copy)
    result = run_script(repo_copy, "update_spec.py", f"http://127.0.0.1:{port}/openapi.yaml")
    _assert_refused(result.stderr, result.returncode, "could not fetch", "pass a local file")
    assert _pinned(repo_copy) == before


def test_generator_failure_restores_spec_and_lock(repo_copy: Path, run_script: RunScript) -> None:
    before = _pinned(repo_copy)
    result = run_script(repo_copy, "update_spec.py", str(SPECS / "generator-refuses.yaml"))
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: openapi-python-client could not take the document")
    assert "Unsupported content type application/xml" in last
    assert _pinned(repo_copy) == before


def test_valid_spec_is_pinned_byte_for_byte_and_regenerated(repo_copy: Path, run_script: RunScript) -> None:
    source = SPECS / "simli-plus-one.yaml"
    with serve(source.read_bytes()) as url:
        result = run_script(repo_copy, "update_spec.py", f"{url}/openapi.yaml")
    assert result.returncode == 0, result.stderr

    assert (repo_copy / "openapi" / "openapi.yaml").read_bytes() == source.read_bytes()
    lock = json.loads((repo_copy / "openapi" / "openapi.lock.json").read_text())
    import hashlib

    assert lock["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert lock["source"].endswith("/openapi.yaml")
    assert "generated: GET /sessions/{session_id} -> simli_api_client.api.default.get_session" in result.stdout
    assert (repo_copy / "generated" / "simli_api_client" / "models" / "session_info.py").is_file()
    # and the pinned state is self-consistent afterwards
    assert run_script(repo_copy, "check_generated.py").returncode == 0


def test_update_spec_validates_the_document_once(
    seeded_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The gate's validation before pinning is recorded in the lock, so regenerate does not repeat it."""
    from simli_pipeline import findings
    from simli_pipeline.repository import Repo
    from simli_pipeline.update import update_spec

    calls: list[str] = []
    original = findings.validate

    def counting(document: dict[str, object], origin: str, version: str) -> list[findings.Finding]:
        calls.append(origin)
        return original(document, origin, version)

    monkeypatch.setattr(findings, "validate", counting)
    result = update_spec(Repo(seeded_repo), str(FIXTURES / "constructs" / "unknown-keys.yaml"))
    assert len([item for item in result.applied if item.warning]) == 2  # the validator's warnings, reported
    assert len(calls) == 1, calls


def test_a_failure_computing_the_lock_update_changes_nothing(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock update is computed before generated/ is swapped: failing there leaves both as they were."""
    from simli_pipeline import generate
    from simli_pipeline.errors import PipelineError
    from simli_pipeline.repository import Repo
    from simli_pipeline.update import update_spec

    def missing_formatter() -> dict[str, dict[str, str]]:
        raise PipelineError("ruff is not installed in this environment")

    monkeypatch.setattr(generate, "toolchain", missing_formatter)
    before = _pinned(repo_copy)
    with pytest.raises(PipelineError, match="ruff is not installed"):
        update_spec(Repo(repo_copy), str(SPECS / "simli-plus-one.yaml"))
    assert _pinned(repo_copy) == before
