"""Every construct Simli's published description contains regenerates completely, with zero warnings.

Each fixture under tests/fixtures/constructs/ holds one construct. It is pinned into a copy of
the repository and regenerated through the real pipeline (`generate.build_package`, which runs
openapi-python-client with --fail-on-warning and fails on any dropped operation).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from common import PipelineError, Repo, iter_operations, parse_document, read_lock, sha256_bytes, write_lock
from generate import Generation, build_package
from tests.conftest import FIXTURES, RunScript, copy_repo

pytestmark = pytest.mark.slow
CONSTRUCTS = FIXTURES / "constructs"

# fixture -> the normalisation rules it needs (empty: the generator takes it as published)
EXPECTED_RULES: dict[str, set[str]] = {
    "no-responses.yaml": {"declare-responses"},
    "path-variable-in-query.yaml": {"path-variables-in-path"},
    "allof-object-default.yaml": {"model-defaults"},
    "binary-responses.yaml": {"binary-responses"},
    "title-differs.yaml": {"component-titles"},
    "no-operation-id.yaml": set(),
    "path-level-parameters.yaml": set(),
    "security-empty.yaml": set(),
    "no-content-204.yaml": set(),
    "multipart-upload.yaml": set(),
    "const-value.yaml": set(),
    "base64-format.yaml": set(),
    "numeric-string-enum.yaml": set(),
    "anyof-null.yaml": set(),
    "deprecated-operation.yaml": set(),
    "required-not-in-properties.yaml": set(),
    "untyped-response-schema.yaml": set(),
}


def pin(repo: Path, raw: bytes) -> Repo:
    """Make ``raw`` the pinned spec of a repository copy, with a matching lock."""
    pinned = Repo(repo)
    pinned.spec.write_bytes(raw)
    lock = read_lock(pinned)
    lock["sha256"] = sha256_bytes(raw)
    write_lock(pinned, lock)
    return pinned


def regenerate_fixture(tmp_path: Path, name: str) -> Generation:
    repo = pin(copy_repo(tmp_path / "repo"), (CONSTRUCTS / name).read_bytes())
    workdir = tmp_path / "work"
    workdir.mkdir()
    return build_package(repo, workdir)


def test_every_fixture_is_listed() -> None:
    assert sorted(p.name for p in CONSTRUCTS.glob("*.yaml")) == sorted(EXPECTED_RULES)


@pytest.mark.parametrize("name", sorted(EXPECTED_RULES))
def test_construct_regenerates_every_operation_with_zero_warnings(tmp_path: Path, name: str) -> None:
    generation = regenerate_fixture(tmp_path, name)  # raises on any generator warning or dropped operation
    document = parse_document((CONSTRUCTS / name).read_bytes(), name)
    declared = sorted((method, path) for method, path, _ in iter_operations(document))
    produced = sorted((op.method, op.path) for op in generation.operations)
    assert produced == declared
    assert {item.rule for item in generation.applied} == EXPECTED_RULES[name]


def _return_annotation(module: Path, function: str) -> str:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == function and node.returns is not None:
            return ast.unparse(node.returns)
    raise AssertionError(f"{function} not found in {module}")


@pytest.mark.parametrize("operation", ["get_clip_video", "get_clip_playlist", "get_clip_segment"])
def test_binary_responses_come_back_as_file(tmp_path: Path, operation: str) -> None:
    generation = regenerate_fixture(tmp_path, "binary-responses.yaml")
    module = generation.package / "api" / "default" / f"{operation}.py"
    assert _return_annotation(module, "sync").startswith("File")
    code = "".join(module.read_text(encoding="utf-8").split())
    assert "response_200=File(payload=BytesIO(response.content))" in code


def test_a_construct_no_rule_handles_fails_naming_it(tmp_path: Path) -> None:
    raw = b"""openapi: 3.1.0
info: {title: unsupported request media type, version: '1'}
paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          application/xml:
            schema: {type: object}
      responses: {'204': {description: done}}
"""
    repo = pin(copy_repo(tmp_path / "repo"), raw)
    (tmp_path / "work").mkdir()
    with pytest.raises(PipelineError, match=r"POST /upload.*application/xml"):
        build_package(repo, tmp_path / "work")


def test_regenerate_reports_each_rule_that_fires(repo_copy: Path, run_script: RunScript) -> None:
    pin(repo_copy, (CONSTRUCTS / "binary-responses.yaml").read_bytes())
    result = run_script(repo_copy, "generate.py")
    assert result.returncode == 0, result.stderr
    assert (
        "normalised: [binary-responses] GET /clips/{clip_id}/segment response 200: video/MP2T, video/mp2t -> "
        "application/octet-stream (returned as File)"
    ) in result.stdout
    assert "3 operation(s) generated; 1 normalisation rule(s) applied" in result.stdout
