"""Every construct seen in Simli's descriptions regenerates completely, or is refused in one line naming it.

Each fixture under tests/fixtures/constructs/ holds one construct. It is pinned into a copy of
the repository and regenerated through the real pipeline (`generate.build_package`, which runs
openapi-python-client with --fail-on-warning and fails on any dropped operation), with exactly the
normalisation rules and the number of warnings listed here. Fixtures under refused/ hold constructs
no rewrite can repair soundly: they are refused with one line naming where and what.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from simli_pipeline.errors import PipelineError
from simli_pipeline.generate import Generation, build_package
from simli_pipeline.openapi import iter_operations
from simli_pipeline.parsing import parse_document
from tests.conftest import FIXTURES, RunScript, copy_repo, pin
from tests.support.pipeline_harness import fingerprint

pytestmark = pytest.mark.slow
CONSTRUCTS = FIXTURES / "constructs"
REFUSED = CONSTRUCTS / "refused"

# fixture -> the normalisation rules it needs (empty: the generator takes it as published)
EXPECTED_RULES: dict[str, set[str]] = {
    "no-responses.yaml": {"declare-responses"},
    "path-variable-in-query.yaml": {"path-variables-in-path"},
    "allof-object-default.yaml": {"model-defaults"},
    "property-named-default.yaml": {"model-defaults"},
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
    "dangling-response-ref.yaml": {"dangling-refs"},
    "dangling-unused-component.yaml": {"dangling-refs"},
    "allof-non-object.yaml": {"allof-non-object"},
    "duplicate-enum-values.yaml": {"duplicate-enum-values"},
    "malformed-documentation.yaml": {"malformed-documentation"},
    "duplicate-operation-ids.yaml": {"duplicate-operation-ids"},
    "colliding-operation-names.yaml": {"colliding-operation-names"},
    "unknown-keys.yaml": set(),
    "example-format.yaml": set(),
    "schema-examples-map.yaml": set(),
}
# fixture -> warnings printed (rules that warn, then the validator's findings); 0 when not listed
EXPECTED_WARNINGS: dict[str, int] = {
    "dangling-response-ref.yaml": 1,
    "dangling-unused-component.yaml": 2,
    "duplicate-enum-values.yaml": 1,
    "malformed-documentation.yaml": 4,
    "unknown-keys.yaml": 2,
    "example-format.yaml": 1,
    "schema-examples-map.yaml": 1,
}
# refused fixture -> fragment of its one-line refusal
EXPECTED_REFUSALS: dict[str, str] = {
    "dangling-request-ref.yaml": (
        "POST /faces requestBody.content.application/json.schema: $ref #/components/schemas/FaceRequest points at "
        "nothing, and a request needs it"
    ),
    "allof-non-object-constrained.yaml": (
        "POST /sessions requestBody.content.application/json.schema.properties.code: allOf composes $ref "
        "#/components/schemas/Code, which is not an object schema"
    ),
    "colliding-class-names.yaml": (
        "components.schemas.Voice_In and components.schemas.VoiceIn both become the class VoiceIn"
    ),
    "same-shape-paths.yaml": (
        "GET /agents/{id} and GET /agents/{name} differ only in path variable names: they are the same URLs"
    ),
}


def regenerate_fixture(tmp_path: Path, name: str, folder: Path = CONSTRUCTS) -> Generation:
    repo = pin(copy_repo(tmp_path / "repo"), (folder / name).read_bytes())
    workdir = tmp_path / "work"
    workdir.mkdir()
    return build_package(repo, workdir)


def test_every_fixture_is_listed() -> None:
    assert sorted(p.name for p in CONSTRUCTS.glob("*.yaml")) == sorted(EXPECTED_RULES)
    assert sorted(p.name for p in REFUSED.glob("*.yaml")) == sorted(EXPECTED_REFUSALS)
    assert set(EXPECTED_WARNINGS) <= set(EXPECTED_RULES)


@pytest.mark.parametrize("name", sorted(EXPECTED_RULES))
def test_construct_regenerates_every_operation_with_zero_warnings(tmp_path: Path, name: str) -> None:
    generation = regenerate_fixture(tmp_path, name)  # raises on any generator warning or dropped operation
    document = parse_document((CONSTRUCTS / name).read_bytes(), name)
    declared = sorted((method, path) for method, path, _ in iter_operations(document))
    produced = sorted((op.method, op.path) for op in generation.operations)
    assert produced == declared
    assert {item.rule for item in generation.applied if item.is_rule} == EXPECTED_RULES[name]
    warnings = [str(item) for item in generation.applied if item.warning]
    assert len(warnings) == EXPECTED_WARNINGS.get(name, 0), warnings


@pytest.mark.parametrize("name", sorted(EXPECTED_REFUSALS))
def test_refused_construct_is_one_line_naming_it_and_changes_nothing(
    tmp_path: Path, name: str, run_script: RunScript
) -> None:
    with pytest.raises(PipelineError) as caught:
        regenerate_fixture(tmp_path / "build", name, REFUSED)
    assert EXPECTED_REFUSALS[name] in str(caught.value)
    repo = copy_repo(tmp_path / "repo")
    before = fingerprint(repo / "openapi", repo / "generated")
    result = run_script(repo, "update_spec.py", str(REFUSED / name))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert EXPECTED_REFUSALS[name] in result.stderr
    assert "(openapi/ and generated/ left unchanged)" in result.stderr
    assert fingerprint(repo / "openapi", repo / "generated") == before


def test_colliding_names_keep_both_operations_under_distinct_modules(tmp_path: Path) -> None:
    generation = regenerate_fixture(tmp_path, "colliding-operation-names.yaml")
    modules = {(op.method, op.path): op.module.rsplit(".", 1)[-1] for op in generation.operations}
    assert modules == {
        ("GET", "/available_sessions"): "get_available_sessions",
        ("GET", "/available-sessions"): "get_available_sessions_2",
    }


def test_dangling_response_ref_leaves_that_response_raw_json(tmp_path: Path) -> None:
    generation = regenerate_fixture(tmp_path, "dangling-response-ref.yaml")
    module = generation.package / "api" / "default" / "get_face.py"
    annotation = _return_annotation(module, "sync")
    assert "Face" in annotation
    assert "Any" in annotation  # the 404 body: raw JSON, not a model


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
