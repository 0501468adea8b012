"""Each normalisation rule fires on its construct, leaves documents without it alone, and stays general."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from normalise import (
    RULES,
    binary_responses,
    component_titles,
    declare_responses,
    load_normalised,
    model_defaults,
    normalise,
    path_variables_in_path,
)

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
    document, applied, warnings = load_normalised(raw, "inline")
    assert [item.rule for item in applied] == ["path-variables-in-path"]
    assert warnings == []
    assert document["paths"]["/things/{thing_id}"]["get"]["parameters"][0]["in"] == "path"
