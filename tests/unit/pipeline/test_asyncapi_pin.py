"""The AsyncAPI description: pinned with its lock, validated offline, refused in one line, checked by check-generated.

Refusals run update_spec.py in a repository copy and prove openapi/ and generated/ untouched; the real
tree's pin is checked against its lock only (whichever description is pinned).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml

from simli_pipeline import asyncapi
from simli_pipeline.checking import asyncapi_problems
from simli_pipeline.errors import PipelineError
from simli_pipeline.hashing import sha256_bytes
from simli_pipeline.repository import Repo
from tests.conftest import FIXTURES, ROOT, RunScript
from tests.support.pipeline_harness import fingerprint, serve

SIMLI = FIXTURES / "asyncapi" / "simli-asyncapi.yaml"
HTML = (FIXTURES / "specs" / "error-page.html").read_bytes()


def _pinned(repo: Path) -> dict[str, str]:
    return fingerprint(repo / "openapi", repo / "generated")


def _one_line(stderr: str, *fragments: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got: {stderr!r}"
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def _tampered(**changes: Any) -> bytes:
    document = yaml.safe_load(SIMLI.read_text(encoding="utf-8"))
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = document
        for part in parents:
            node = node[part]
        node[last] = value
    return yaml.safe_dump(document).encode()


# --------------------------------------------------------------------------- the pinned description


def test_the_pinned_description_matches_its_lock_and_validates() -> None:
    repo = Repo(ROOT)
    raw = repo.asyncapi.read_bytes()
    lock = json.loads(repo.asyncapi_lock.read_text(encoding="utf-8"))
    assert lock["sha256"] == sha256_bytes(raw)
    assert lock["size"] == len(raw)
    assert lock["source"] == asyncapi.ASYNCAPI_UPSTREAM_URL
    assert lock["validation"] == asyncapi.validation_record()
    assert asyncapi_problems(repo) == []


def test_the_vendored_schema_is_the_one_its_readme_names() -> None:
    readme = (asyncapi.SCHEMA_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert sha256_bytes(asyncapi.SCHEMA_FILE.read_bytes()) in readme


def test_validation_never_reaches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("validation tried to connect")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    asyncapi._validator.cache_clear()  # the registry is built afresh, under the block
    try:
        asyncapi.load_asyncapi(SIMLI.read_bytes(), "simli.yaml")
        with pytest.raises(PipelineError, match=r"not a valid AsyncAPI 3\.0\.0 document"):
            asyncapi.load_asyncapi(_tampered(channels__livekit__address=["/x"]), "bad.yaml")
    finally:
        asyncapi._validator.cache_clear()


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (HTML, "expected an AsyncAPI document (a mapping), got HTML"),
        (b"", "got NoneType"),
        (b"asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels: {}\n", 'version "2.6.0"'),
        (b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "(an OpenAPI document)"),
        (_tampered(operations__recvAnswer__action="listen"), "at operations.recvAnswer.action: 'listen' is not one of"),
        (_tampered(info="Simli"), "at info: 'Simli' is not of type 'object'"),
    ],
    ids=["html", "empty", "asyncapi-2", "openapi", "bad-action", "bad-info"],
)
def test_garbage_is_refused_in_one_typed_line(raw: bytes, fragment: str) -> None:
    with pytest.raises(PipelineError) as refused:
        asyncapi.load_asyncapi(raw, "asyncapi.yaml")
    message = str(refused.value)
    assert fragment in message
    assert "\n" not in message
    assert message.startswith("asyncapi.yaml: ")


# --------------------------------------------------------------------------- update-spec


@pytest.mark.slow
@pytest.mark.parametrize(
    ("served", "fragment"),
    [
        ((HTML, "text/html", 200), "got HTML"),
        ((b"gone", "text/plain", 503), "HTTP 503"),
        ((_tampered(operations__recvAnswer__action="listen"), "application/yaml", 200), "not a valid AsyncAPI"),
    ],
    ids=["html-page", "http-error", "invalid"],
)
def test_update_spec_refuses_a_bad_asyncapi_and_changes_nothing(
    repo_copy: Path, run_script: RunScript, tmp_path: Path, served: tuple[bytes, str, int], fragment: str
) -> None:
    openapi = tmp_path / "openapi.yaml"  # a valid OpenAPI source: only the AsyncAPI one is bad
    openapi.write_bytes((repo_copy / "openapi" / "openapi.yaml").read_bytes())
    before = _pinned(repo_copy)
    with serve(*served) as url:
        result = run_script(repo_copy, "update_spec.py", str(openapi), "--asyncapi", f"{url}/asyncapi.yaml")
    assert result.returncode == 1
    _one_line(result.stderr, fragment, "left unchanged")
    assert _pinned(repo_copy) == before


def test_update_spec_pins_both_or_neither(repo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the files are written (here: regeneration) puts all four back, the AsyncAPI pair included."""
    from simli_pipeline import update

    new = tmp_path / "asyncapi.yaml"
    new.write_bytes(_tampered(channels__livekit__address="/v2/livekit"))

    def failing(_repo: Repo) -> None:
        assert Repo(repo_copy).asyncapi.read_bytes() == new.read_bytes()  # written by then
        raise PipelineError("generator exploded")

    monkeypatch.setattr(update, "regenerate", failing)
    before = _pinned(repo_copy)
    with pytest.raises(PipelineError, match="generator exploded"):
        update.update_spec(Repo(repo_copy), str(repo_copy / "openapi" / "openapi.yaml"), asyncapi=str(new))
    assert _pinned(repo_copy) == before


def test_update_spec_pins_the_asyncapi_byte_for_byte_with_its_provenance(repo_copy: Path, tmp_path: Path) -> None:
    import datetime as dt

    from simli_pipeline.update import asyncapi_files, pin_files

    repo = Repo(repo_copy)
    new = tmp_path / "asyncapi.yaml"
    new.write_bytes(_tampered(channels__livekit__address="/v2/livekit"))
    origin = dict(asyncapi.ASYNCAPI_ORIGIN_PARTS)
    pin_files(asyncapi_files(repo, str(new), dt.date(2026, 12, 4), origin))
    assert repo.asyncapi.read_bytes() == new.read_bytes()
    lock = json.loads(repo.asyncapi_lock.read_text(encoding="utf-8"))
    assert lock == {
        "source": asyncapi.ASYNCAPI_UPSTREAM_URL,  # a local copy stands for the published file
        "sha256": sha256_bytes(new.read_bytes()),
        "size": len(new.read_bytes()),
        "retrieved": "2026-12-04",
        "origin": origin,
        "note": "pinned from a local copy of the published description",
        "validation": asyncapi.validation_record(),
    }
    assert asyncapi_problems(repo) == []


@pytest.mark.slow
def test_update_spec_origin_flags_come_together(repo_copy: Path, run_script: RunScript) -> None:
    result = run_script(
        repo_copy, "update_spec.py", str(SIMLI), "--asyncapi", str(SIMLI), "--asyncapi-origin-commit", "x"
    )
    assert result.returncode == 2
    assert "give all of --asyncapi-origin-repository" in result.stderr


# --------------------------------------------------------------------------- check-generated


@pytest.mark.slow
def test_check_generated_fails_on_a_tampered_asyncapi(repo_copy: Path, run_script: RunScript) -> None:
    pinned = Repo(repo_copy).asyncapi
    pinned.write_bytes(pinned.read_bytes() + b"\n")
    result = run_script(repo_copy, "check_generated.py")
    assert result.returncode == 1
    assert "the pinned AsyncAPI description was edited without `nox -s update-spec`" in result.stderr


def test_check_generated_fails_on_an_invalid_asyncapi_even_with_a_matching_lock(repo_copy: Path) -> None:
    repo = Repo(repo_copy)
    raw = _tampered(operations__recvAnswer__action="listen")
    repo.asyncapi.write_bytes(raw)
    lock = json.loads(repo.asyncapi_lock.read_text(encoding="utf-8"))
    repo.asyncapi_lock.write_text(json.dumps({**lock, "sha256": sha256_bytes(raw)}), encoding="utf-8")
    (problem,) = asyncapi_problems(repo)
    assert "not a valid AsyncAPI 3.0.0 document at operations.recvAnswer.action" in problem


def test_check_generated_fails_when_the_schema_changed_since_the_pin(repo_copy: Path) -> None:
    repo = Repo(repo_copy)
    lock = json.loads(repo.asyncapi_lock.read_text(encoding="utf-8"))
    lock["validation"]["schema_sha256"] = "0" * 64
    repo.asyncapi_lock.write_text(json.dumps(lock), encoding="utf-8")
    (problem,) = asyncapi_problems(repo)
    assert "does not record the vendored AsyncAPI schema" in problem


def test_check_generated_fails_when_the_asyncapi_is_not_pinned(repo_copy: Path) -> None:
    repo = Repo(repo_copy)
    repo.asyncapi.unlink()
    (problem,) = asyncapi_problems(repo)
    assert "the AsyncAPI description is not pinned" in problem


@pytest.mark.slow
def test_update_spec_pins_both_from_the_command_line(repo_copy: Path, run_script: RunScript, tmp_path: Path) -> None:
    openapi = tmp_path / "openapi.yaml"
    openapi.write_bytes((repo_copy / "openapi" / "openapi.yaml").read_bytes())
    new = tmp_path / "asyncapi.yaml"
    new.write_bytes(_tampered(channels__livekit__address="/v2/livekit"))
    origin = [f"--asyncapi-origin-{part}={value}" for part, value in asyncapi.ASYNCAPI_ORIGIN_PARTS.items()]
    result = run_script(repo_copy, "update_spec.py", str(openapi), "--asyncapi", str(new), *origin)
    assert result.returncode == 0, result.stderr
    assert f"pinned {new} as openapi/asyncapi.yaml" in result.stdout
    repo = Repo(repo_copy)
    assert repo.asyncapi.read_bytes() == new.read_bytes()
    assert json.loads(repo.asyncapi_lock.read_text(encoding="utf-8"))["origin"] == asyncapi.ASYNCAPI_ORIGIN_PARTS
    assert run_script(repo_copy, "check_generated.py").returncode == 0
