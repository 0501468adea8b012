"""Normalise an OpenAPI document into a copy openapi-python-client can generate from completely.

One job: apply general, documented rewrite rules to a *copy* of the pinned
description (the pinned file itself stays byte for byte as published) and say
which rules fired and where. Rules never name one path or one schema: each one
recognises a construct. A document that needs no rule comes out unchanged.

Usage: python scripts/normalise.py SPEC [--output OUT.json]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import (
    PipelineError,
    iter_operations,
    parse_document,
    read_source,
    run_cli,
    validate_openapi,
    write_atomically,
)

Document = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """One rewrite: ``apply`` edits the document in place and returns one message per change."""

    name: str
    summary: str
    apply: Callable[[Document], list[str]]


@dataclass(frozen=True)
class Applied:
    """A rule that fired, and where."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


# --------------------------------------------------------------------------- walking the document

# Media types openapi-python-client 0.29.1 can decode into a response value.
DECODABLE_RESPONSE_TYPES = ("application/json", "application/octet-stream")
BINARY_MEDIA_TYPE = "application/octet-stream"
# Keys whose values are data, not schema: never rewrite inside them.
LITERAL_KEYS = frozenset({"example", "examples", "default", "const", "enum", "x-examples"})
_TEMPLATE_VARIABLE = re.compile(r"\{([^{}]+)\}")


def _iter_operations(document: Document) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(METHOD, path, path item, operation) for every operation, tolerating malformed documents."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return
    for method, path, operation in iter_operations(document):
        yield method, path, paths[path], operation


def _iter_schemas(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping below ``node`` (iteratively, document order) that is not inside a literal value."""
    stack: list[tuple[str, Any]] = [(pointer, node)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, dict):
            yield where, item
            children = [
                (f"{where}.{key}" if where else str(key), value)
                for key, value in item.items()
                if key not in LITERAL_KEYS
            ]
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend(reversed([(f"{where}[{index}]", value) for index, value in enumerate(item)]))


def _resolve(document: Document, node: Any) -> Any:
    """Follow one local ``$ref`` (``#/a/b``); anything else is returned as is."""
    if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/")):
        return node
    target: Any = document
    for escaped in node["$ref"][2:].split("/"):
        part = escaped.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            return node
        target = target[part]
    return target


# --------------------------------------------------------------------------- the rules


def declare_responses(document: Document) -> list[str]:
    """An operation without ``responses`` gets an undescribed ``default`` response.

    OpenAPI 3.1 makes ``responses`` optional; openapi-python-client 0.29.1 refuses the whole
    document without it. ``default`` with no content claims nothing the description did not say.
    """
    messages = []
    for method, path, _item, operation in _iter_operations(document):
        if "responses" not in operation or not operation["responses"]:
            operation["responses"] = {"default": {"description": "Response not described by the API description"}}
            messages.append(f"{method} {path}: no responses declared; added an undescribed default response")
    return messages


def path_variables_in_path(document: Document) -> list[str]:
    """Every ``{variable}`` of a path template is a required ``in: path`` parameter.

    A template variable declared ``in: query`` (or another location) is moved to the path, as
    the URL shape demands; one not declared at all is added as a string. Otherwise the spec
    validator refuses the document and the generator skips the endpoint.
    """
    messages = []
    for method, path, item, operation in _iter_operations(document):
        for variable in _TEMPLATE_VARIABLE.findall(path):
            messages.extend(_place_in_path(document, f"{method} {path}", item, operation, variable))
    return messages


def _place_in_path(
    document: Document, label: str, item: dict[str, Any], operation: dict[str, Any], variable: str
) -> list[str]:
    found: tuple[list[Any], int, dict[str, Any]] | None = None
    for owner in (operation, item):  # operation-level parameters override path-level ones
        parameters = owner.get("parameters")
        if not isinstance(parameters, list):
            continue
        for index, raw in enumerate(parameters):
            parameter = _resolve(document, raw)
            if isinstance(parameter, dict) and parameter.get("name") == variable:
                if parameter.get("in") == "path":
                    return []
                found = found or (parameters, index, parameter)
    if found is None:
        declared = {"name": variable, "in": "path", "required": True, "schema": {"type": "string"}}
        operation.setdefault("parameters", [])
        if isinstance(operation["parameters"], list):
            operation["parameters"].append(declared)
        return [f"{label}: template variable {{{variable}}} had no parameter; declared it as a path string"]
    parameters, index, parameter = found
    moved = {**copy.deepcopy(parameter), "in": "path", "required": True}
    for key in ("allowEmptyValue", "allowReserved", "style", "explode"):
        moved.pop(key, None)
    if parameters is item.get("parameters"):  # path-level: move it for this operation only
        operation.setdefault("parameters", [])
        if isinstance(operation["parameters"], list):
            operation["parameters"].append(moved)
    else:
        parameters[index] = moved
    where = parameter.get("in")
    return [f"{label}: template variable {{{variable}}} was declared in: {where}; moved it to in: path"]


def binary_responses(document: Document) -> list[str]:
    """A response whose media types the generator cannot decode becomes ``application/octet-stream``.

    openapi-python-client 0.29.1 decodes JSON, ``+json`` and ``text/*`` only, and silently omits
    any other response (video/mp4, application/x-mpegURL, video/MP2T, ...). As raw bytes they
    come back as ``File``; several such media types on one response collapse into one.
    """
    messages = []
    for where, responses in _iter_responses(document):
        for status, response in responses.items():
            if not isinstance(response, dict) or "$ref" in response:
                continue  # a $ref'd response is rewritten where it is defined, in components.responses
            content = response.get("content")
            if not isinstance(content, dict) or not content or any(_decodable(str(m)) for m in content):
                continue
            original = ", ".join(str(media_type) for media_type in content)
            response["content"] = {BINARY_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}
            messages.append(f"{where} response {status}: {original} -> {BINARY_MEDIA_TYPE} (returned as File)")
    return messages


def _decodable(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return base in DECODABLE_RESPONSE_TYPES or base.startswith("text/") or base.endswith("+json")


def _iter_responses(document: Document) -> Iterator[tuple[str, dict[str, Any]]]:
    for method, path, _item, operation in _iter_operations(document):
        responses = operation.get("responses")
        if isinstance(responses, dict):
            yield f"{method} {path}", responses
    components = document.get("components")
    shared = components.get("responses") if isinstance(components, dict) else None
    if isinstance(shared, dict):
        yield "components.responses", shared


def model_defaults(document: Document) -> list[str]:
    """An object-valued ``default`` on a schema that becomes a model class is removed.

    openapi-python-client 0.29.1 cannot express a model instance as a default; faced with
    ``allOf: [{$ref: <object>}]`` plus ``default: {...}`` it drops the model and every operation
    using it. The client omits the field instead and the server applies its own default, which
    is kept readable in the field's description.
    """
    messages = []
    for where, schema in _iter_schemas(document, ""):
        default = schema.get("default")
        if not isinstance(default, dict) or not any(key in schema for key in ("$ref", "allOf", "anyOf", "oneOf")):
            continue
        del schema["default"]
        note = f"Server default: `{json.dumps(default, sort_keys=True)}`."
        description = schema.get("description")
        schema["description"] = f"{description}\n\n{note}" if isinstance(description, str) and description else note
        messages.append(f"{where}: object default on a model-typed schema removed (kept in its description)")
    return messages


def component_titles(document: Document) -> list[str]:
    """A component schema's ``title`` is set to its component name.

    The generator names model classes after ``title``; two components titled alike (``VoiceIn``
    and ``VoiceOut`` both ``Voice``) collide, and the loser and every operation using it are
    dropped. Component names are unique, so class names follow them.
    """
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return []
    messages = []
    for name, schema in schemas.items():
        if isinstance(schema, dict) and "title" in schema and schema["title"] != name:
            messages.append(f"components.schemas.{name}: title {schema['title']!r} -> {name!r}")
            schema["title"] = name
    return messages


# The rules, applied in this order. Each has a unit test and is listed in README.md.
RULES: tuple[Rule, ...] = (
    Rule("declare-responses", "operation without responses -> undescribed default response", declare_responses),
    Rule(
        "path-variables-in-path",
        "path-template variable not declared in: path -> path parameter",
        path_variables_in_path,
    ),
    Rule(
        "binary-responses", "response media types the generator cannot decode -> octet-stream (File)", binary_responses
    ),
    Rule("model-defaults", "object default on a model-typed schema -> removed, kept in description", model_defaults),
    Rule("component-titles", "component schema title differing from its name -> the name", component_titles),
)


def load_normalised(raw: bytes, origin: str) -> tuple[Document, list[Applied]]:
    """Parse ``raw``, normalise a copy, and validate that copy: the gate generation passes through.

    Validation runs after normalisation because the published description contains constructs
    (a path variable declared in the query) that the validator refuses and a rule repairs.
    """
    normalised, applied = normalise_checked(parse_document(raw, origin), origin)
    validate_openapi(normalised, origin)
    return normalised, applied


class RuleError(PipelineError):
    """A rule met a shape it cannot read: the document is malformed in a way validation will name."""


def normalise(document: Document, rules: tuple[Rule, ...] = RULES) -> tuple[Document, list[Applied]]:
    """A normalised deep copy of ``document`` and the list of rewrites applied to it."""
    result = copy.deepcopy(document)
    applied: list[Applied] = []
    for rule in rules:
        try:
            messages = rule.apply(result)
        except Exception as exc:  # rules run before validation, so they may meet any shape
            raise RuleError(
                f"normalisation rule {rule.name} could not read the document ({type(exc).__name__}: {exc})"
            ) from None
        applied.extend(Applied(rule.name, message) for message in messages)
    return result, applied


def normalise_checked(document: Document, origin: str) -> tuple[Document, list[Applied]]:
    """:func:`normalise`; when a rule trips over a malformed document, the validator says what is wrong with it."""
    try:
        return normalise(document)
    except RuleError:
        validate_openapi(document, origin)  # the precise complaint, when the document is invalid
        raise


def dump(document: Document) -> bytes:
    """The normalised document as stable JSON (the generator reads JSON or YAML)."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="normalise.py",
        description="Apply the pipeline's normalisation rules to a copy of an OpenAPI document.",
    )
    parser.add_argument("spec", help="path or URL of the OpenAPI document")
    parser.add_argument("--output", "-o", type=Path, help="write the normalised document here (JSON)")
    args = parser.parse_args(argv)
    normalised, applied = load_normalised(read_source(args.spec), args.spec)
    for item in applied:
        print(f"normalised: {item}")
    if not applied:
        print("normalised: no rule applied")
    if args.output is not None:
        write_atomically(args.output, dump(normalised))
    return 0


if __name__ == "__main__":
    run_cli(main)
