"""The validator's findings split into refusals and warnings, each one line naming where and what."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from simli_pipeline import findings
from simli_pipeline.errors import PipelineError
from simli_pipeline.findings import Finding, validate

Document = dict[str, Any]


def _doc(version: str = "3.1.0", **schemas: Any) -> Document:
    operation = {
        "operationId": "get_thing",
        "parameters": [{"name": "at", "in": "query", "schema": {"type": "string"}}],
        "responses": {
            "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
            }
        },
    }
    thing = {"type": "object", "properties": {"name": {"type": "string"}}}
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": operation}},
        "components": {"schemas": {"Thing": thing, **schemas}},
    }


def _warnings(document: Document) -> list[str]:
    return [str(finding) for finding in validate(document, "doc.yaml", document["openapi"])]


def _refusal(document: Document) -> str:
    with pytest.raises(PipelineError) as caught:
        validate(document, "doc.yaml", document["openapi"])
    message = str(caught.value)
    assert "\n" not in message
    assert "{'" not in message, "a refusal names the keyword and location, never dumps a schema"
    return message


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_valid_document_has_no_findings(version: str) -> None:
    assert _warnings(_doc(version)) == []


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_key_openapi_does_not_define_is_a_warning(version: str) -> None:
    document = _doc(version)
    document["paths"]["/things"]["get"]["parameters"][0]["exampel"] = "x"
    document["paths"]["/things"]["get"]["responses"]["200"]["example"] = {"name": "n"}  # misplaced, no x-
    assert _warnings(document) == [
        "GET /things parameters[0]: unknown key 'exampel': not defined by OpenAPI here, ignored "
        "(an x- prefix makes an extension)",
        "GET /things responses.200: unknown key 'example': not defined by OpenAPI here, ignored "
        "(an x- prefix makes an extension)",
    ]


def test_a_misplaced_example_on_a_30_schema_is_a_warning_naming_the_schema() -> None:
    document = _doc("3.0.3")
    document["components"]["schemas"]["Thing"]["examples"] = [{"name": "n"}]  # 3.0 schemas have only `example`
    assert _warnings(document) == [
        "components.schemas.Thing: unknown key 'examples': not defined by OpenAPI here, ignored "
        "(an x- prefix makes an extension)"
    ]


def test_examples_the_31_validator_rejects_are_warnings() -> None:
    document = _doc("3.1.0")
    document["components"]["schemas"]["Thing"]["examples"] = {"first": {"name": "n"}}  # must be a list in 3.1
    media = document["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]
    media["examples"] = {"one": [1, 2]}  # must be Example objects
    found = validate(document, "doc.yaml", "3.1.0")
    assert found, "the validator does find these"
    assert all(not finding.fatal for finding in found)
    assert any("examples" in finding.where and "documentation only" in finding.what for finding in found)


def test_an_example_not_matching_its_format_is_not_a_refusal() -> None:
    document = _doc("3.1.0")
    document["components"]["schemas"]["Thing"]["properties"]["at"] = {
        "type": "string",
        "format": "time",
        "example": "12:00:00.123456",
    }
    assert _warnings(document) == []


def test_a_default_missing_a_pass_through_format_is_a_warning() -> None:
    document = _doc("3.1.0")
    prop = {"type": "string", "format": "time", "default": "12:00:00.123456"}
    document["components"]["schemas"]["Thing"]["properties"]["at"] = prop
    assert _warnings(document) == [
        'components.schemas.Thing.properties.at.default: default "12:00:00.123456" is not a valid time '
        "(the client sends it as given)"
    ]


def test_a_default_the_generator_would_parse_wrongly_is_refused_naming_it() -> None:
    document = _doc("3.1.0")
    document["paths"]["/things"]["get"]["parameters"][0]["schema"] = {
        "type": "string",
        "format": "date-time",
        "default": "yesterday",
    }
    assert _refusal(document) == (
        "doc.yaml: not a valid OpenAPI 3.1.0 document at GET /things parameters[0].schema.default: "
        'default does not match its schema: "yesterday" is not a valid date-time'
    )


def test_a_structural_problem_is_refused_with_keyword_and_location() -> None:
    document = _doc("3.1.0")
    document["paths"]["/things"]["get"]["parameters"][0]["in"] = "body"
    message = _refusal(document)
    assert message.startswith("doc.yaml: not a valid OpenAPI 3.1.0 document at GET /things parameters[0]")
    assert "enum" in message or "const" in message


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_wrong_type_inside_a_schema_is_refused_naming_the_schema(version: str) -> None:
    document = _doc(version)
    document["components"]["schemas"]["Thing"]["properties"]["name"]["type"] = "strnig"
    message = _refusal(document)
    assert "components.schemas.Thing" in message
    assert "strnig" in message


def test_an_unexpected_name_in_a_map_of_names_is_refused() -> None:
    document = _doc("3.1.0")
    document["paths"]["things"] = document["paths"].pop("/things")  # a path must start with /
    message = _refusal(document)
    assert "at paths:" in message
    assert "'things' is not allowed here" in message


def test_duplicate_enum_values_are_refused_when_no_rule_removed_them() -> None:
    document = _doc("3.0.3", Kind={"type": "string", "enum": ["a", "a"]})
    assert "uniqueItems: lists the same value twice" in _refusal(document)


def test_a_dangling_ref_is_a_refusal_not_a_traceback() -> None:
    document = _doc("3.1.0")
    document["components"]["schemas"]["Thing"]["properties"]["other"] = {"$ref": "#/components/schemas/Nowhere"}
    assert "points at nothing" in _refusal(document)


def test_a_validator_crash_becomes_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(document: Document, version: str) -> Iterator[Any]:
        yield from ()
        raise KeyError("parameters")

    monkeypatch.setattr(findings, "_errors", broken)
    assert _refusal(_doc()) == (
        "doc.yaml: not a valid OpenAPI 3.1.0 document: the validator could not read it (KeyError: 'parameters')"
    )


def test_a_validator_crash_names_where_it_was_reading() -> None:
    """A shape the validator cannot walk (a path template never closed) is refused naming that path."""
    document = _doc("3.1.0")
    document["paths"]["/c/{id"] = {"get": {"responses": {"200": {"description": "OK"}}}}
    assert _refusal(document).startswith(
        "doc.yaml: not a valid OpenAPI 3.1.0 document at path /c/{id: the validator could not read it (ValueError: "
    )


def test_many_problems_are_counted_not_listed() -> None:
    document = _doc("3.1.0")
    for name in ("a", "b", "c"):
        document["components"]["schemas"][name] = {"type": "nope"}
    message = _refusal(document)
    assert message.endswith("(and 2 more problem(s))")


def test_findings_never_change_the_document() -> None:
    document = _doc("3.0.3")
    document["components"]["schemas"]["Thing"]["examples"] = [1]
    before = copy.deepcopy(document)
    validate(document, "doc.yaml", "3.0.3")
    assert document == before


def test_a_finding_without_location_reads_as_one_sentence() -> None:
    assert str(Finding("", "$ref chains loop", fatal=True)) == "$ref chains loop"
    assert str(Finding("components.schemas.A", "type: expected string", fatal=True)) == (
        "components.schemas.A: type: expected string"
    )
