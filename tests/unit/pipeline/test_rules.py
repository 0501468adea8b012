"""Each normalisation rule fires on its construct, leaves documents without it alone, and stays general."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simli_pipeline.errors import PipelineError
from simli_pipeline.gate import load_normalised
from simli_pipeline.names import class_name, generated_module, python_identifier
from simli_pipeline.normalisation import normalise, normalise_checked
from simli_pipeline.rules import RULES
from simli_pipeline.rules.allof_non_object import allof_non_object
from simli_pipeline.rules.base import Refusal
from simli_pipeline.rules.binary_responses import binary_responses
from simli_pipeline.rules.colliding_operation_names import colliding_operation_names
from simli_pipeline.rules.component_titles import component_titles
from simli_pipeline.rules.dangling_refs import dangling_refs
from simli_pipeline.rules.declare_responses import declare_responses
from simli_pipeline.rules.duplicate_enum_values import duplicate_enum_values
from simli_pipeline.rules.duplicate_operation_ids import duplicate_operation_ids
from simli_pipeline.rules.malformed_documentation import malformed_documentation
from simli_pipeline.rules.model_defaults import model_defaults
from simli_pipeline.rules.path_variables_in_path import path_variables_in_path
from simli_pipeline.rules.walk import iter_objects

Document = dict[str, Any]


def _ok(content: Document | None = None) -> Document:
    response: Document = {"description": "OK"}
    if content is not None:
        response["content"] = content
    return {"200": response}


def _doc(paths: Document, schemas: Document | None = None) -> Document:
    document: Document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    if schemas is not None:
        document["components"] = {"schemas": schemas}
    return document


CLEAN = _doc(
    {
        "/things/{thing_id}": {
            "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"responses": _ok({"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}})},
            "put": {"responses": _ok({"text/plain": {"schema": {"type": "string"}}})},
        }
    },
    {
        "Thing": {"title": "Thing", "type": "object", "properties": {"n": {"type": "integer", "default": 1}}},
        "Holder": {"type": "object", "properties": {"thing": {"$ref": "#/components/schemas/Thing"}}},
    },
)


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_rule_does_nothing_on_a_document_without_its_construct(rule: Any) -> None:
    document = copy.deepcopy(CLEAN)
    assert rule.apply(document) == []
    assert document == CLEAN


def test_rules_have_unique_names_and_summaries() -> None:
    assert len({rule.name for rule in RULES}) == len(RULES)
    assert all(rule.summary for rule in RULES)


def test_declare_responses_adds_a_default_response() -> None:
    document = _doc({"/ping": {"post": {"operationId": "ping"}, "get": {"responses": _ok()}}})
    messages = declare_responses(document)
    assert messages == ["POST /ping: no responses declared; added an undescribed default response"]
    assert list(document["paths"]["/ping"]["post"]["responses"]) == ["default"]
    assert document["paths"]["/ping"]["get"]["responses"] == _ok()


def test_path_variable_in_query_moves_to_path() -> None:
    query = {"name": "thing_id", "in": "query", "required": False, "style": "form", "schema": {"type": "integer"}}
    other = {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
    document = _doc({"/things/{thing_id}": {"get": {"parameters": [query, other], "responses": _ok()}}})
    messages = path_variables_in_path(document)
    assert messages == [
        "GET /things/{thing_id}: template variable {thing_id} was declared in: query; moved it to in: path"
    ]
    parameters = document["paths"]["/things/{thing_id}"]["get"]["parameters"]
    assert parameters[0] == {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    assert parameters[1] == other


def test_path_variable_declared_nowhere_is_added_and_path_level_query_is_copied_per_operation() -> None:
    shared = {"name": "b", "in": "query", "schema": {"type": "string"}}
    document = _doc({"/x/{a}/{b}": {"parameters": [shared], "delete": {"responses": _ok()}}})
    messages = path_variables_in_path(document)
    assert len(messages) == 2
    assert "{a} had no parameter" in messages[0]
    assert "{b} was declared in: query" in messages[1]
    item = document["paths"]["/x/{a}/{b}"]
    assert item["parameters"] == [shared]  # the path item itself is not rewritten
    assert [(p["name"], p["in"], p["required"]) for p in item["delete"]["parameters"]] == [
        ("a", "path", True),
        ("b", "path", True),
    ]


def test_path_variable_through_ref_parameter_is_inlined_not_shared() -> None:
    document = _doc({"/x/{id}": {"get": {"parameters": [{"$ref": "#/components/parameters/Id"}], "responses": _ok()}}})
    document["components"] = {"parameters": {"Id": {"name": "id", "in": "query", "schema": {"type": "string"}}}}
    assert len(path_variables_in_path(document)) == 1
    assert document["components"]["parameters"]["Id"]["in"] == "query"
    assert document["paths"]["/x/{id}"]["get"]["parameters"][0]["in"] == "path"


def test_binary_responses_collapse_into_octet_stream() -> None:
    binary = {"schema": {"type": "string", "format": "binary"}}
    document = _doc(
        {
            "/v": {"get": {"responses": _ok({"video/mp4": binary})}},
            "/s": {"get": {"responses": _ok({"video/MP2T": binary, "video/mp2t": {}})}},
            "/j": {"get": {"responses": _ok({"application/json": {}, "video/mp4": binary})}},
            "/p": {"get": {"responses": _ok({"application/problem+json; charset=utf-8": {}})}},
        }
    )
    document["components"] = {
        "responses": {"Playlist": {"description": "m3u8", "content": {"application/x-mpegURL": {}}}}
    }
    messages = binary_responses(document)
    assert messages == [
        "GET /v response 200: video/mp4 -> application/octet-stream (returned as File)",
        "GET /s response 200: video/MP2T, video/mp2t -> application/octet-stream (returned as File)",
        "components.responses response Playlist: application/x-mpegURL -> application/octet-stream (returned as File)",
    ]
    expected = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
    assert document["paths"]["/s"]["get"]["responses"]["200"]["content"] == expected
    assert set(document["paths"]["/j"]["get"]["responses"]["200"]["content"]) == {"application/json", "video/mp4"}


def test_model_defaults_removed_scalar_defaults_kept() -> None:
    document = _doc(
        {},
        {
            "Dim": {"type": "object", "properties": {"w": {"type": "integer", "default": 3}}},
            "Req": {
                "type": "object",
                "properties": {
                    "size": {
                        "allOf": [{"$ref": "#/components/schemas/Dim"}],
                        "default": {"w": 5},
                        "description": "Size.",
                    },
                    "tags": {"type": "array", "default": ["a"]},
                    "meta": {"type": "object", "default": {}},
                },
                "example": {"size": {"allOf": [], "default": {"not": "a schema"}}},
            },
        },
    )
    messages = model_defaults(document)
    assert messages == [
        "components.schemas.Req.properties.size: "
        "object default on a model-typed schema removed (kept in its description)"
    ]
    size = document["components"]["schemas"]["Req"]["properties"]["size"]
    assert "default" not in size
    assert size["description"] == 'Size.\n\nServer default: `{"w": 5}`.'
    assert document["components"]["schemas"]["Req"]["properties"]["meta"]["default"] == {}
    assert document["components"]["schemas"]["Req"]["example"]["size"]["default"] == {"not": "a schema"}


def test_model_defaults_reaches_a_property_named_default() -> None:
    """Property names are names, not keywords: a property called ``default`` is a schema the rule sees."""
    wrapped = {"allOf": [{"$ref": "#/components/schemas/Dim"}], "default": {"w": 5}}
    document = _doc({}, {"Dim": {"type": "object"}, "Req": {"type": "object", "properties": {"default": wrapped}}})
    assert model_defaults(document) == [
        "components.schemas.Req.properties.default: "
        "object default on a model-typed schema removed (kept in its description)"
    ]
    assert "default" not in document["components"]["schemas"]["Req"]["properties"]["default"]


def test_component_titles_follow_component_names() -> None:
    document = _doc({}, {"VoiceIn": {"title": "Voice"}, "VoiceOut": {"title": "Voice"}, "Same": {"title": "Same"}})
    messages = component_titles(document)
    assert messages == [
        "components.schemas.VoiceIn: title 'Voice' -> 'VoiceIn'",
        "components.schemas.VoiceOut: title 'Voice' -> 'VoiceOut'",
    ]
    assert {name: s["title"] for name, s in document["components"]["schemas"].items()} == {
        "VoiceIn": "VoiceIn",
        "VoiceOut": "VoiceOut",
        "Same": "Same",
    }


def test_rules_tolerate_malformed_shapes() -> None:
    document: Document = {"openapi": "3.1.0", "paths": {"/a/{x}": {"get": {"parameters": "nope", "responses": []}}}}
    document["components"] = {"schemas": ["not", "a", "mapping"], "responses": {"R": "text"}}
    normalised, _applied = normalise(document)
    assert normalised["components"] == document["components"]


def test_normalise_never_touches_its_input_and_reports_each_rule() -> None:
    document = _doc({"/ping/{id}": {"post": {}}})
    before = copy.deepcopy(document)
    normalised, applied = normalise(document)
    assert document == before
    assert [item.rule for item in applied] == ["declare-responses", "path-variables-in-path"]
    assert str(applied[0]).startswith("[declare-responses] POST /ping/{id}:")
    assert normalised != document


def test_load_normalised_validates_the_repaired_copy() -> None:
    raw = b"""openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things/{thing_id}:
    get:
      parameters: [{name: thing_id, in: query, schema: {type: string}}]
      responses: {'200': {description: OK}}
"""
    document, applied = load_normalised(raw, "inline")
    assert [item.rule for item in applied] == ["path-variables-in-path"]
    assert document["paths"]["/things/{thing_id}"]["get"]["parameters"][0]["in"] == "path"


# --------------------------------------------------------------------------- constructs from real-world descriptions


def _json(schema: Document) -> Document:
    return {"application/json": {"schema": schema}}


def _ref(name: str) -> Document:
    return {"$ref": f"#/components/schemas/{name}"}


def test_dangling_ref_in_a_response_leaves_that_body_untyped() -> None:
    responses = {
        "200": {"description": "OK", "content": _json(_ref("Thing"))},
        "404": {"description": "Missing", "content": _json({**_ref("NotDefined"), "description": "why"})},
        "410": {"$ref": "#/components/responses/Gone"},
    }
    document = _doc({"/things": {"get": {"responses": responses}}}, {"Thing": {"type": "object"}})
    messages = dangling_refs(document)
    assert messages == [
        "GET /things responses.404.content.application/json.schema: "
        "$ref #/components/schemas/NotDefined points at nothing; that schema is left untyped (raw JSON)",
        "GET /things responses.410: $ref #/components/responses/Gone points at nothing; "
        "that response is left undescribed",
    ]
    got = document["paths"]["/things"]["get"]["responses"]
    assert got["404"]["content"]["application/json"]["schema"] == {"description": "why"}
    assert got["410"] == {"description": "Not described: $ref #/components/responses/Gone points at nothing"}
    assert got["200"]["content"]["application/json"]["schema"] == _ref("Thing")


def test_dangling_ref_inside_a_schema_only_responses_use_is_dropped() -> None:
    schemas: Document = {"Page": {"type": "object", "properties": {"next": _ref("Cursor"), "n": {"type": "integer"}}}}
    document = _doc({"/pages": {"get": {"responses": {"200": {"description": "OK", "content": _json(_ref("Page"))}}}}})
    document["components"] = {"schemas": schemas}
    assert dangling_refs(document) == [
        "components.schemas.Page.properties.next: $ref #/components/schemas/Cursor points at nothing; "
        "that schema is left untyped (raw JSON)"
    ]
    assert schemas["Page"]["properties"]["next"] == {}


@pytest.mark.parametrize(
    "operation",
    [
        {"requestBody": {"content": _json(_ref("Missing"))}, "responses": _ok()},
        {"parameters": [{"name": "q", "in": "query", "schema": _ref("Missing")}], "responses": _ok()},
        {"requestBody": {"content": _json(_ref("Wrapper"))}, "responses": _ok()},
    ],
    ids=["request body", "parameter", "schema a request reaches"],
)
def test_dangling_ref_a_request_needs_is_refused_naming_it(operation: Document) -> None:
    document = _doc(
        {"/things": {"post": operation}}, {"Wrapper": {"type": "object", "properties": {"m": _ref("Missing")}}}
    )
    with pytest.raises(Refusal, match=r"\$ref #/components/schemas/Missing points at nothing, and a request needs it"):
        dangling_refs(document)


def test_dangling_ref_in_a_component_no_operation_uses_is_a_warning() -> None:
    """An unused components.parameters / requestBodies entry cannot break a call: never a refusal."""
    document = _doc({"/things": {"get": {"responses": _ok()}}})
    document["components"] = {
        "parameters": {
            "Limit": {"name": "limit", "in": "query", "schema": _ref("Missing")},
            "Gone": {"$ref": "#/components/parameters/Nowhere"},
        },
        "requestBodies": {"Old": {"$ref": "#/components/requestBodies/Nowhere"}},
    }
    assert dangling_refs(document) == [
        "components.parameters.Limit.schema: $ref #/components/schemas/Missing points at nothing; "
        "that schema is left untyped (raw JSON); no operation uses it",
        "components.parameters.Gone: $ref #/components/parameters/Nowhere points at nothing; "
        "no operation uses components.parameters.Gone, left out of the copy",
        "components.requestBodies.Old: $ref #/components/requestBodies/Nowhere points at nothing; "
        "no operation uses components.requestBodies.Old, left out of the copy",
    ]
    assert document["components"]["parameters"] == {"Limit": {"name": "limit", "in": "query", "schema": {}}}
    assert document["components"]["requestBodies"] == {}


def test_dangling_ref_in_a_component_a_request_uses_is_refused() -> None:
    parameter = {"$ref": "#/components/parameters/Limit"}
    document = _doc({"/things": {"get": {"parameters": [parameter], "responses": _ok()}}})
    document["components"] = {"parameters": {"Limit": {"name": "limit", "in": "query", "schema": _ref("Missing")}}}
    with pytest.raises(Refusal, match=r"components.parameters.Limit.schema: \$ref #/components/schemas/Missing"):
        dangling_refs(document)


def test_dangling_ref_refusal_is_one_line_naming_the_document() -> None:
    document = _doc({"/things": {"post": {"requestBody": {"content": _json(_ref("Missing"))}, "responses": _ok()}}})
    with pytest.raises(PipelineError) as caught:
        normalise_checked(document, "new.yaml")
    assert str(caught.value).startswith("new.yaml: POST /things requestBody.content.application/json.schema: $ref")
    assert "\n" not in str(caught.value)


def test_allof_of_a_non_object_ref_and_annotations_becomes_the_ref() -> None:
    kind: Document = {"allOf": [_ref("Kind"), {"description": "The kind", "default": "a", "type": "string"}]}
    schemas: Document = {
        "Kind": {"type": "string", "enum": ["a", "b"]},
        "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Thing": {
            "allOf": [_ref("Base"), {"type": "object", "properties": {"kind": kind}}],
        },
        "Fine": {"allOf": [_ref("Kind")], "description": "a one-branch allOf is left alone"},
    }
    document = _doc({}, schemas)
    messages = allof_non_object(document)
    assert messages == [
        "components.schemas.Thing.allOf[1].properties.kind: allOf of $ref #/components/schemas/Kind "
        "(a string schema) and annotations -> that $ref alone"
    ]
    assert kind == {"allOf": [_ref("Kind")], "description": "The kind", "default": "a"}
    assert schemas["Thing"]["allOf"][0] == _ref("Base")  # an allOf of object schemas is the generator's to merge
    assert schemas["Fine"] == {"allOf": [_ref("Kind")], "description": "a one-branch allOf is left alone"}


@pytest.mark.parametrize(
    "composed",
    [
        {"allOf": [_ref("Kind"), {"maxLength": 1}]},
        {"allOf": [_ref("Kind"), _ref("Other")]},
        {"allOf": [_ref("Kind"), {"type": "integer"}]},
        {"allOf": [_ref("Kind"), {"description": "d"}], "type": "object", "properties": {"x": {"type": "string"}}},
    ],
    ids=["a constraint", "two references", "another type", "a wrapper with properties"],
)
def test_allof_of_a_non_object_ref_with_constraints_is_refused_naming_the_schema(composed: Document) -> None:
    schemas = {"Kind": {"type": "string", "enum": ["a"]}, "Other": {"type": "string"}, "Composed": composed}
    with pytest.raises(
        Refusal, match=r"^components\.schemas\.Composed: allOf composes \$ref #/components/schemas/Kind"
    ):
        allof_non_object(_doc({}, schemas))


def test_duplicate_enum_values_are_listed_once_in_order() -> None:
    schemas: Document = {
        "Kind": {"type": "string", "enum": ["b", "a", "b", "a", "c"]},
        "Num": {"type": "integer", "enum": [1, 1.0, 2]},
        "Obj": {
            "type": "object",
            "properties": {"enum": {"type": "string", "enum": ["x"]}},
            "example": {"enum": [1, 1]},
        },
    }
    document = _doc({}, schemas)
    assert duplicate_enum_values(document) == [
        'components.schemas.Kind: enum lists "b", "a" more than once; kept once',
    ]
    assert schemas["Kind"]["enum"] == ["b", "a", "c"]
    assert schemas["Num"]["enum"] == [1, 1.0, 2]  # 1 and 1.0 are different JSON texts; the validator agrees
    assert schemas["Obj"]["example"] == {"enum": [1, 1]}


def test_malformed_documentation_is_left_out_of_the_generators_copy() -> None:
    media: Document = {
        "schema": {"type": "object", "description": 42, "properties": {"description": {"type": "string"}}},
        "examples": {"good": {"value": {"a": 1}}, "bad": [1, 2], "worse": {"summary": 5, "value": 1}},
    }
    parameter: Document = {
        "name": "q",
        "in": "query",
        "schema": {"type": "string"},
        "examples": ["x"],
        "description": None,
    }
    operation: Document = {
        "summary": ["a", "list"],
        "parameters": [parameter],
        "responses": {"200": {"description": "OK", "content": {"application/json": media}}},
    }
    document = _doc({"/x": {"get": operation}})
    messages = malformed_documentation(document)
    assert messages == [
        "GET /x: summary is a list, not text; used its text",
        "GET /x parameters[0]: description is null, not text; used its text",
        "GET /x parameters[0]: examples is a list, not a map of Example objects; left out",
        "GET /x responses.200.content.application/json: examples.bad is not an Example object; left out",
        "GET /x responses.200.content.application/json: examples.worse is not an Example object; left out",
        "GET /x responses.200.content.application/json.schema: description is a number, not text; used its text",
    ]
    assert operation["summary"] == '["a", "list"]'
    assert parameter["description"] == ""
    assert "examples" not in parameter
    assert list(media["examples"]) == ["good"]
    assert media["schema"]["description"] == "42"
    assert media["schema"]["properties"]["description"] == {"type": "string"}  # a property, not a description


def test_duplicate_operation_ids_each_get_method_and_path() -> None:
    post = {"operationId": "create_face", "responses": _ok()}
    document = _doc({"/faces/trinity": {"post": post}, "/faces/legacy/{id}": {"post": copy.deepcopy(post)}})
    messages = duplicate_operation_ids(document)
    assert messages == [
        "POST /faces/trinity: operationId 'create_face' also names POST /faces/legacy/{id}; "
        "now 'create_face_post_faces_trinity'",
        "POST /faces/legacy/{id}: operationId 'create_face' also names POST /faces/trinity; "
        "now 'create_face_post_faces_legacy_id'",
    ]
    ids = [item["post"]["operationId"] for item in document["paths"].values()]
    assert ids == ["create_face_post_faces_trinity", "create_face_post_faces_legacy_id"]


def test_colliding_generated_names_get_distinct_operation_ids() -> None:
    document = _doc(
        {
            "/available-sessions": {"get": {"responses": _ok()}},
            "/available_sessions": {"get": {"responses": _ok()}},
            "/faces": {"get": {"operationId": "getFaces", "responses": _ok()}},
            "/faces/": {"get": {"operationId": "get_faces", "responses": _ok()}},
            "/tagged": {"get": {"operationId": "get_faces", "tags": ["Other"], "responses": _ok()}},
        }
    )
    messages = colliding_operation_names(document)
    assert messages == [
        "GET /available-sessions: generated name get_available_sessions is shared; "
        "operationId set to 'get_available_sessions_2'",
        "GET /faces: generated name get_faces is shared; operationId set to 'get_faces_2'",
    ]
    paths = document["paths"]
    assert "operationId" not in paths["/available_sessions"]["get"]  # its name comes out unchanged: it keeps it
    assert paths["/faces/"]["get"]["operationId"] == "get_faces"
    assert paths["/tagged"]["get"]["operationId"] == "get_faces"  # another tag, another folder: no collision
    modules = {generated_module(m, p, op) for m, p, op in iter_ops(document)}
    assert len(modules) == 5


def iter_ops(document: Document) -> list[tuple[str, str, Document]]:
    from simli_pipeline.openapi import iter_operations

    return list(iter_operations(document))


def test_a_new_name_never_takes_one_already_used() -> None:
    document = _doc(
        {
            "/a-b": {"get": {"responses": _ok()}},
            "/a.b": {"get": {"responses": _ok()}},
            "/x": {"get": {"operationId": "get_a_b_2", "responses": _ok()}},
        }
    )
    colliding_operation_names(document)
    ids = sorted(item["get"].get("operationId", "-") for item in document["paths"].values())
    assert ids == ["get_a_b_2", "get_a_b_3", "get_a_b_4"]


@pytest.mark.parametrize(
    "name",
    [
        "getFaces",
        "get_faces",
        "get_available-sessions",
        "class",
        "_private",
        "9lives",
        "créer_sessión_日本",
        "A.B-c d",
        "HTTPServer",
        "id",
        "self",
        "",
        "x" * 10,
        "get_/a/{b}",
        "../../etc",
    ],
)
def test_python_identifier_matches_the_generators(name: str) -> None:
    from openapi_python_client.strings import PythonIdentifier

    assert python_identifier(name, "field_") == PythonIdentifier(name, prefix="field_")
    assert python_identifier(name, "tag") == PythonIdentifier(name, prefix="tag")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_python_identifier_matches_the_generators_on_any_text(name: str) -> None:
    from openapi_python_client.strings import PythonIdentifier

    assert python_identifier(name, "field_") == PythonIdentifier(name, prefix="field_")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30) | st.sampled_from(["Voice_In", "VoiceIn", "foo", "Foo", "HTTPError", "1st", "self", ""]))
def test_class_name_matches_the_generators_on_any_text(name: str) -> None:
    from openapi_python_client.strings import ClassName

    assert class_name(name) == ClassName(name, prefix="field_")


def test_iter_objects_knows_names_from_keywords_and_skips_data() -> None:
    schemas = {
        "Thing": {
            "type": "object",
            "properties": {"example": {"type": "string"}, "items": {"type": "array", "items": {"type": "integer"}}},
            "example": {"properties": {"not": "a schema"}},
            "x-extra": {"type": "object"},
        }
    }
    found = {parts: is_schema for parts, _node, is_schema in iter_objects(_doc({}, schemas))}
    named_example = ("components", "schemas", "Thing", "properties", "example")
    nested_items = ("components", "schemas", "Thing", "properties", "items", "items")
    assert found[named_example] is True
    assert found[nested_items] is True
    assert ("components", "schemas", "Thing", "example") not in found
    assert ("components", "schemas", "Thing", "x-extra") not in found
    assert found[("components",)] is False
