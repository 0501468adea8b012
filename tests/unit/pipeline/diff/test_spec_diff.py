"""The semantic diff: fixture pairs give exactly their expected changes, formatting gives none."""

from __future__ import annotations

import copy
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simli_pipeline.diff.compare import diff
from simli_pipeline.diff.model import load
from simli_pipeline.diff.report import to_json, to_markdown
from simli_pipeline.errors import PipelineError
from tests.conftest import FIXTURES, ROOT
from tests.support.pipeline_harness import serve

DRIFT = FIXTURES / "drift"
BASE = DRIFT / "base.yaml"
EXPECTED: dict[str, Any] = json.loads((DRIFT / "expected.json").read_text(encoding="utf-8"))
SCRIPT = ROOT / "scripts" / "spec_diff.py"


def run_diff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False, timeout=120
    )


def test_every_case_file_has_an_expectation() -> None:
    assert sorted(p.stem for p in (DRIFT / "cases").glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_pair_yields_exactly_its_expected_changes(case: str) -> None:
    expected = EXPECTED[case]
    base = DRIFT / expected.get("base", "base.yaml")
    new = DRIFT / "cases" / f"{case}.yaml"
    result = run_diff("--base", str(base), str(new), "--format", "json", "--no-facade", "--no-pipeline-check")
    assert result.returncode == expected["exit"], result.stderr
    report = json.loads(result.stdout)
    got = sorted([c["kind"], c["location"], c["breaking"]] for c in report["changes"])
    assert got == sorted(expected["changes"])
    docs = sorted([c["kind"], c["location"]] for c in report["documentation"])
    assert docs == sorted(expected["documentation"])
    assert report["inconsistencies"] == []
    assert report["summary"]["exit_code"] == expected["exit"]


PRECISION = DRIFT / "base-precision.yaml"


def _precision_case(case: str) -> Any:
    return diff(load(str(PRECISION)), load(str(DRIFT / "cases" / f"{case}.yaml")))


def test_default_becoming_const_is_one_readable_change() -> None:
    (change,) = _precision_case("default-became-const").changes
    assert change.message == (
        'request body application/json properties.model: default "fasttalk" became const: '
        "only that value is accepted now"
    )


def test_an_untyped_response_becoming_typed_is_one_breaking_change_saying_why() -> None:
    (change,) = _precision_case("untyped-response-typed").changes
    assert change.kind == "schema-typed"
    assert change.breaking
    assert "untyped (any JSON) -> object with properties progress, status" in change.message
    assert "instead of raw JSON" in change.message


def test_a_typed_response_becoming_untyped_is_one_breaking_change() -> None:
    report = diff(load(str(DRIFT / "cases" / "untyped-response-typed.yaml")), load(str(PRECISION)))
    assert [(c.kind, c.location, c.breaking) for c in report.changes] == [
        ("schema-untyped", "GET /faces/{face_id}/status", True)
    ]


def test_a_wrapped_component_is_reported_at_the_schema_with_every_user() -> None:
    (change,) = _precision_case("wrapped-component-changed").changes
    assert change.location == "components.schemas.Quality"
    assert change.used_by == ("GET /faces",)
    assert change.message == 'enum values removed "medium"'


def test_what_wraps_a_component_is_still_compared() -> None:
    base = load(str(PRECISION))
    new = copy.deepcopy(base)
    wrapper = new["paths"]["/faces"]["get"]["parameters"][0]["schema"]
    wrapper["default"] = "high"
    report = diff(base, new)
    assert [(c.kind, c.location) for c in report.changes] == [("default-changed", "GET /faces")]
    assert report.changes[0].message == 'parameter quality (query): default none -> "high"'


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("https://api.simli.ai/", "https://api.simli.ai", True),
        ("https://api.simli.ai", "HTTPS://API.Simli.AI/", True),
        ("https://api.simli.ai:443/v1/", "https://api.simli.ai/v1", True),
        ("http://api.simli.ai:80", "http://api.simli.ai", True),
        ("https://api.simli.ai", "http://api.simli.ai", False),
        ("https://api.simli.ai", "https://api.simli.ai:8443", False),
        ("https://api.simli.ai/v1", "https://api.simli.ai/v2", False),
        ("https://api.simli.ai/V1", "https://api.simli.ai/v1", False),
        ("https://{region}.simli.ai", "https://{Region}.simli.ai", False),
    ],
)
def test_servers_equal_after_normalisation_are_the_same_server(old: str, new: str, same: bool) -> None:
    base = load(str(PRECISION))
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    a["servers"], b["servers"] = [{"url": old}], [{"url": new}]
    changes = diff(a, b).changes
    assert (changes == []) is same, changes


def test_reformatted_copy_with_inline_schemas_diffs_to_exit_0() -> None:
    result = run_diff("--base", str(BASE), str(DRIFT / "reformatted.json"), "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["changes"] == []
    assert report["documentation"] == []


def test_reformatted_copy_still_sees_a_real_change() -> None:
    # the inline copy of SessionRequest is compared structurally, not skipped
    document = json.loads((DRIFT / "reformatted.json").read_text(encoding="utf-8"))
    body = document["paths"]["/sessions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    body["required"].append("mode")
    report = diff(load(str(BASE)), document)
    assert [(c.kind, c.location, c.breaking) for c in report.changes] == [("property-required", "POST /sessions", True)]
    assert "properties.mode" in report.changes[0].message


def test_component_change_is_reported_once_with_its_users() -> None:
    report = diff(load(str(BASE)), load(str(DRIFT / "cases" / "response-property-retyped.yaml")))
    assert len(report.changes) == 1
    assert report.changes[0].used_by == ("GET /history/sessions", "GET /sessions/{session_id}", "POST /sessions")
    markdown = to_markdown(report)
    assert "used by: GET /history/sessions, GET /sessions/{session_id}, POST /sessions" in markdown


def test_markdown_sections_and_json_shape() -> None:
    report = diff(load(str(BASE)), load(str(DRIFT / "cases" / "media-type-replaced.yaml")), "old.yaml", "new.yaml")
    assert report.pipeline == []
    assert report.notes == []
    markdown = to_markdown(report)
    assert "### Breaking changes" in markdown
    assert "### Non-breaking changes" in markdown
    assert markdown.index("media type video/mp4 removed") < markdown.index("### Non-breaking changes")
    assert "**1 breaking change(s)**" in markdown
    data = json.loads(to_json(report))
    assert set(data) == {"base", "new", "summary", "changes", "documentation", "inconsistencies", "pipeline", "notes"}
    assert {tuple(sorted(c)) for c in data["changes"]} == {("breaking", "kind", "location", "message")}


def test_documentation_changes_are_separate_and_exit_0() -> None:
    result = run_diff("--base", str(BASE), str(DRIFT / "cases" / "documentation-only.yaml"))
    assert result.returncode == 0
    assert "### Documentation changes" in result.stdout
    assert "### Breaking changes" not in result.stdout
    assert "### Non-breaking changes" not in result.stdout


def test_inconsistencies_are_flagged_separately_from_changes() -> None:
    fixture = str(DRIFT / "inconsistent.yaml")
    report = diff(load(fixture), load(fixture))
    assert report.changes == []
    assert report.exit_code == 0
    new = sorted((loc, msg) for doc, loc, msg in report.inconsistencies if doc == "new")
    assert new == [
        ("GET /things/{thing_id}", "path template variable {thing_id} has no in: path parameter"),
        ("POST /rooms", "path parameter room_id does not appear in the path template"),
        ("POST /rooms.requestBody.content.application/json.schema", "required region not among its properties"),
        (
            "POST /rooms.responses.201.content.application/json.schema",
            "$ref #/components/schemas/Room points at nothing",
        ),
        ("components.schemas.Thing", "required label not among its properties"),
    ]
    assert len(report.inconsistencies) == 2 * len(new)


def test_ordering_is_deterministic_whatever_the_key_order() -> None:
    base, new = load(str(BASE)), load(str(DRIFT / "cases" / "servers-changed.yaml"))
    shuffled = copy.deepcopy(new)
    shuffled["paths"] = dict(reversed(list(shuffled["paths"].items())))
    assert to_json(diff(base, new)) == to_json(diff(base, shuffled))


def test_cyclic_schemas_terminate() -> None:
    def document(extra: dict[str, Any]) -> dict[str, Any]:
        node = {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}, **extra}}
        response = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}}
        return {
            "openapi": "3.1.0",
            "paths": {"/tree": {"get": {"responses": {"200": {"description": "t", **response}}}}},
            "components": {"schemas": {"Node": node}},
        }

    report = diff(document({}), document({"name": {"type": "string"}}))
    assert [(c.kind, c.location) for c in report.changes] == [
        ("property-added", "components.schemas.Node.properties.name")
    ]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"<html>oops</html>", "got HTML"),
        (b"swagger: '2.0'\ninfo: {}\n", "not an OpenAPI 3.0/3.1 document"),
        (b"openapi: 3.1.0\npaths: [1, 2]\n", "'paths' is not a mapping"),
        (b"openapi: 3.1.0\npaths: {\n", "not valid YAML or JSON"),
    ],
)
def test_unreadable_or_not_openapi_exits_3_with_one_line(tmp_path: Path, content: bytes, fragment: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    result = run_diff("--base", str(BASE), str(bad))
    assert result.returncode == 3
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert fragment in result.stderr


def test_missing_base_and_unreachable_new_exit_3(tmp_path: Path) -> None:
    assert run_diff("--base", str(tmp_path / "nowhere.yaml"), str(BASE)).returncode == 3
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_diff("--base", str(BASE), f"http://127.0.0.1:{port}/openapi.yaml")
    assert result.returncode == 3
    assert "could not fetch" in result.stderr
    assert "nox -s drift -- PATH" in result.stderr


def test_urls_are_accepted_and_files_written(tmp_path: Path) -> None:
    with serve((DRIFT / "cases" / "operation-removed.yaml").read_bytes()) as url:
        result = run_diff(
            "--base",
            str(BASE),
            f"{url}/openapi.yaml",
            "--markdown-file",
            str(tmp_path / "r.md"),
            "--json-file",
            str(tmp_path / "r.json"),
        )
    assert result.returncode == 2
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == result.stdout
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["breaking"] == 1


def test_default_base_is_the_pinned_spec() -> None:
    result = run_diff(str(ROOT / "openapi" / "openapi.yaml"))
    assert result.returncode == 0
    assert "openapi/openapi.yaml` (base)" in result.stdout


def _synthetic(operations: int) -> dict[str, Any]:
    """A document shaped like a large real API: per-operation schemas plus shared ones."""

    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    def json_body(schema: dict[str, Any]) -> dict[str, Any]:
        return {"content": {"application/json": {"schema": schema}}}

    schemas: dict[str, Any] = {
        "Error": {"type": "object", "properties": {"detail": {"type": "string"}}},
        "Meta": {"type": "object", "properties": {"v": {"type": "string"}}},
    }
    paths: dict[str, Any] = {}
    for i in range(operations):
        schemas[f"Req{i}"] = {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "string"}, "meta": ref("Meta"), "e": {"type": "string", "enum": ["x", "y"]}},
        }
        schemas[f"Res{i}"] = {"type": "object", "properties": {"items": {"type": "array", "items": ref(f"Req{i}")}}}
        paths[f"/r{i}/{{id}}"] = {
            "post": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "schema": {"type": "integer"}},
                ],
                "requestBody": json_body(ref(f"Req{i}")),
                "responses": {
                    "200": {"description": "ok", **json_body(ref(f"Res{i}"))},
                    "400": {"description": "bad", **json_body(ref("Error"))},
                },
            }
        }
    return {"openapi": "3.1.0", "paths": paths, "components": {"schemas": schemas}}


def test_scales_roughly_linearly() -> None:
    def seconds(operations: int) -> float:
        base = _synthetic(operations)
        new = copy.deepcopy(base)
        new["components"]["schemas"]["Error"]["properties"]["code"] = {"type": "integer"}
        for i in range(0, operations, 10):
            new["components"]["schemas"][f"Req{i}"]["properties"]["e"]["enum"] = ["x"]
            new["paths"][f"/r{i}/{{id}}"]["post"]["parameters"][1]["required"] = True
        start = time.perf_counter()
        report = diff(base, new)
        to_markdown(report)
        elapsed = time.perf_counter() - start
        assert len(report.changes) == 1 + 2 * (operations // 10)
        return elapsed

    small, large = min(seconds(100) for _ in range(3)), seconds(800)
    assert large < max(small, 0.01) * 8 * 3, (small, large)


def test_help_names_the_exit_statuses() -> None:
    result = run_diff("--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout
    assert "3 unreadable or not OpenAPI" in " ".join(result.stdout.split())


def _shuffled(node: Any, rng: Any) -> Any:
    if isinstance(node, dict):
        items = list(node.items())
        rng.shuffle(items)
        return {key: _shuffled(value, rng) for key, value in items}
    if isinstance(node, list):
        return [_shuffled(item, rng) for item in node]
    return node


@settings(max_examples=25, deadline=None)
@given(rng=st.randoms(use_true_random=False), as_json=st.booleans())
def test_key_order_and_serialisation_never_make_a_change(tmp_path_factory: Any, rng: Any, as_json: bool) -> None:
    import yaml

    document = _shuffled(load(str(BASE)), rng)
    target = tmp_path_factory.mktemp("shuffled") / ("doc.json" if as_json else "doc.yaml")
    text = (
        json.dumps(document, indent=rng.choice([None, 1, 4])) if as_json else yaml.safe_dump(document, sort_keys=False)
    )
    target.write_text(text, encoding="utf-8")
    report = diff(load(str(BASE)), load(str(target)))
    assert report.changes == []
    assert report.documentation == []


CONSTRUCTS = FIXTURES / "constructs"


def test_the_report_lists_what_update_spec_would_warn_about() -> None:
    new = CONSTRUCTS / "unknown-keys.yaml"
    result = run_diff("--base", str(new), str(new), "--format", "json", "--no-facade")
    assert result.returncode == 0, result.stderr
    pipeline = json.loads(result.stdout)["pipeline"]
    assert [item["level"] for item in pipeline] == ["warning", "warning"]
    assert pipeline[0]["message"].startswith("[validator] GET /usage responses.200: unknown key 'example'")
    markdown = run_diff("--base", str(new), str(new), "--no-facade").stdout
    assert "### Pipeline findings on the new document" in markdown
    assert "- warning: [validator] components.schemas.Usage: unknown key 'examples'" in markdown


def test_the_report_says_when_update_spec_would_refuse_the_new_document() -> None:
    new = CONSTRUCTS / "refused" / "dangling-request-ref.yaml"
    result = run_diff("--base", str(new), str(new), "--format", "json", "--no-facade")
    assert result.returncode == 0, result.stderr  # the diff itself is fine: the same document twice
    (finding,) = json.loads(result.stdout)["pipeline"]
    assert finding["level"] == "refusal"
    assert "$ref #/components/schemas/FaceRequest points at nothing, and a request needs it" in finding["message"]


@pytest.mark.parametrize(
    "document",
    [
        {"openapi": "3.1.0", "paths": {"/x/{id}": {"parameters": 5, "get": {"parameters": [7], "responses": [3]}}}},
        {"openapi": "3.1.0", "paths": {}, "components": {"schemas": ["not", "a", "map"]}},
        {"openapi": "3.1.0"},
        {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"x": {"$ref": "#/n"}}}}},
    ],
)
def test_pipeline_findings_never_raise(document: dict[str, Any]) -> None:
    from simli_pipeline.diff.pipeline import pipeline_findings

    found = pipeline_findings(document, "new.yaml")
    assert found
    assert all(level in ("warning", "refusal") for level, _message in found)
    assert all("\n" not in message for _level, message in found)


def _one_operation(operation: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"204": {"description": "done"}}, **operation}}},
        "components": {"securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "x-key"}}},
    }


@pytest.mark.parametrize(
    ("operation", "fragment"),
    [
        ({"operationId": "x" * 300}, "operationId of GET /a is 300 bytes long"),
        ({"security": [{"Nope": []}]}, "GET /a requires security scheme 'Nope'"),
    ],
)
def test_pipeline_findings_refuse_what_update_spec_refuses(operation: dict[str, Any], fragment: str) -> None:
    """The report's pipeline check is update-spec's gate: preflight and the scheme check included."""
    from simli_pipeline.diff.pipeline import pipeline_findings
    from simli_pipeline.gate import gate

    document = _one_operation(operation)
    with pytest.raises(PipelineError, match=re.escape(fragment)):
        gate(document, "new.yaml")
    found = pipeline_findings(document, "new.yaml")
    assert [level for level, _message in found] == ["refusal"]
    assert fragment in found[0][1]
