"""Normalise an OpenAPI document into a copy openapi-python-client can generate from completely.

One job: apply general, documented rewrite rules to a *copy* of the pinned
description (the pinned file itself stays byte for byte as published) and say
which rules fired and where. Rules never name one path or one schema: each one
recognises a construct. A document that needs no rule comes out unchanged.

Usage: python scripts/normalise.py SPEC [--output OUT.json]
"""

from __future__ import annotations

import argparse
import builtins
import copy
import json
import keyword
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from common import (
    HTTP_METHODS,
    MISSING,
    PipelineError,
    follow_refs,
    iter_operations,
    json_type,
    locate,
    read_source,
    ref_target,
    run_cli,
    short,
    template_variables,
    validate_openapi,
    write_atomically,
)
from keywords import ANNOTATIONS, OBJECT_DATA, OBJECT_MAPS, SCHEMA_DATA, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_VALUED

if TYPE_CHECKING:
    from findings import Finding

Document = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """One rewrite: ``apply`` edits the document in place and returns one message per change.

    ``warns``: what the rule repairs is a defect of the document a maintainer should hear about
    (its firings are printed as warnings, and listed in the drift report), not just a shape the
    generator needs. A rule refuses a document it cannot repair soundly by raising :class:`Refusal`.
    """

    name: str
    summary: str
    apply: Callable[[Document], list[str]]
    warns: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Applied:
    """A rule that fired, and where; or (rule ``validator``) a validator warning on the normalised copy."""

    rule: str
    message: str
    warning: bool = False
    VALIDATOR: ClassVar[str] = "validator"

    @classmethod
    def finding(cls, finding: Finding) -> Applied:
        """A validator warning, reported alongside the rules' messages."""
        return cls(cls.VALIDATOR, str(finding), warning=True)

    @property
    def is_rule(self) -> bool:
        return self.rule != self.VALIDATOR

    def line(self) -> str:
        """How regenerate and update-spec print it."""
        return f"{'warning' if self.warning else 'normalised'}: {self}"

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


class Refusal(PipelineError):
    """A rule recognised its construct but no rewrite keeps the document's meaning: one line naming it."""


# --------------------------------------------------------------------------- walking the document

# Media types openapi-python-client 0.29.1 can decode into a response value.
DECODABLE_RESPONSE_TYPES = ("application/json", "application/octet-stream")
BINARY_MEDIA_TYPE = "application/octet-stream"


def _iter_operations(document: Document) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(METHOD, path, path item, operation) for every operation, tolerating malformed documents."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return
    for method, path, operation in iter_operations(document):
        yield method, path, paths[path], operation


def _resolve(document: Document, node: Any) -> Any:
    """``node`` with its local ``$ref`` chain followed; a dangling or looping one is returned as is."""
    target = follow_refs(document, node)
    return node if target is MISSING else target


Parts = tuple[Any, ...]


def iter_objects(document: Document) -> Iterator[tuple[Parts, dict[str, Any], bool]]:
    """(location parts, node, is_schema) for every OpenAPI or schema object, in document order.

    Knows keywords from names: a property called ``description`` is a schema, not a description;
    never enters example values, defaults, enums or ``x-`` extensions. Iterative, so deep documents
    cannot exhaust the stack.
    """
    stack: list[tuple[Parts, Any, bool]] = [((), document, False)]
    while stack:
        parts, node, is_schema = stack.pop()
        if not isinstance(node, dict):
            continue
        yield parts, node, is_schema
        children: list[tuple[Parts, Any, bool]] = []
        for key, value in node.items():
            if not isinstance(value, (dict, list)) or str(key).startswith("x-"):
                continue
            if key in (SCHEMA_DATA if is_schema else OBJECT_DATA):
                continue
            children.extend(_children(parts, str(key), value, is_schema))
        stack.extend(reversed(children))


def _children(parts: Parts, key: str, value: Any, is_schema: bool) -> list[tuple[Parts, Any, bool]]:
    here = (*parts, key)
    if (is_schema and key in SCHEMA_VALUED) or key == "schema":
        return [(here, value, True)]
    if is_schema and key in SCHEMA_LISTS and isinstance(value, list):
        return [((*here, index), item, True) for index, item in enumerate(value)]
    if ((is_schema and key in SCHEMA_MAPS) or (key == "schemas" and not is_schema)) and isinstance(value, dict):
        return [((*here, name), item, True) for name, item in value.items()]
    if not is_schema and key in OBJECT_MAPS and isinstance(value, dict):
        return [((*here, name), item, False) for name, item in value.items()]
    if isinstance(value, list):
        return [((*here, index), item, False) for index, item in enumerate(value)]
    return [(here, value, False)]


def _resolve_all(document: Document, node: Any) -> Any:
    """Follow a chain of local ``$ref``s to a node that is not one (a dangling or looping chain gives {})."""
    target = follow_refs(document, node)
    return {} if target is MISSING else target


def _refs_below(node: Any) -> Iterator[str]:
    """Every ``$ref`` string below ``node``, skipping data values."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(v for k, v in item.items() if k not in SCHEMA_DATA and not str(k).startswith("x-"))
        elif isinstance(item, list):
            stack.extend(item)


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
        for variable in filter(None, template_variables(path)):
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
    for parts, schema, is_schema in list(iter_objects(document)):  # a property named "default" is a schema too
        default = schema.get("default")
        if not is_schema or not isinstance(default, dict):
            continue
        if not any(key in schema for key in ("$ref", "allOf", "anyOf", "oneOf")):
            continue
        where = locate(parts)
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


def dangling_refs(document: Document) -> list[str]:
    """A ``$ref`` that points at nothing, where only a response uses it, is dropped: that body becomes untyped.

    The validator's resolver (and the generator) cannot take a dangling reference anywhere. Where only
    responses use it -- an error response naming a component the document never defines -- the client
    is still complete without that type: the schema becomes ``{}`` (the body comes back as raw JSON), a
    whole response becomes an undescribed one, an example is left empty. Where a request uses it (a
    parameter, a request body, or a schema that one of them reaches) no call can be built soundly, so
    the document is refused, naming the reference and where it is. A parameter or request body under
    components that no operation uses cannot break a call: inside it, a schema becomes ``{}``; one that
    is itself a dangling ``$ref`` is left out of the copy.
    """
    request_side = _request_components(document)
    messages = []
    left_out: set[Parts] = set()
    for parts, node, is_schema in list(iter_objects(document)):
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#") or ref_target(document, ref) is not MISSING:
            continue
        if parts[:3] in left_out:
            continue
        where = locate(parts)
        context = _context(parts, request_side)
        rest = {key: value for key, value in node.items() if key != "$ref"}
        if context in ("response", UNUSED) and is_schema:
            replacement, effect = rest, "that schema is left untyped (raw JSON)"
            effect += "; no operation uses it" if context == UNUSED else ""
        elif context == "response" and _is_response(parts):
            replacement = {"description": f"Not described: $ref {ref} points at nothing"}
            effect = "that response is left undescribed"
        elif len(parts) >= 2 and parts[-2] == "examples":
            replacement, effect = {}, "that example is left empty"
        elif context == UNUSED:
            section = document["components"][parts[1]]
            del section[parts[2]]
            left_out.add(parts[:3])
            entry = locate(parts[:3])
            messages.append(f"{where}: $ref {ref} points at nothing; no operation uses {entry}, left out of the copy")
            continue
        else:
            raise Refusal(
                f"{where}: $ref {ref} points at nothing, and a request needs it to build the call; "
                "define it under components or remove the reference"
            )
        node.clear()
        node.update(replacement)
        messages.append(f"{where}: $ref {ref} points at nothing; {effect}")
    return messages


UNUSED = "unused"


def _context(parts: Parts, request_side: set[tuple[str, str]]) -> str:
    """'response' when only responses can reach this location, 'unused' for a request-side component no
    operation uses (a parameter or request body nobody refers to), else 'request'."""
    if len(parts) >= 3 and parts[0] == "paths" and parts[2] in HTTP_METHODS:
        return "response" if len(parts) >= 4 and parts[3] == "responses" else "request"
    if len(parts) >= 3 and parts[0] == "components":
        section, name = str(parts[1]), str(parts[2])
        if section in ("responses", "headers", "examples"):
            return "response"
        if section == "schemas":
            return "request" if (section, name) in request_side else "response"
        if section in ("parameters", "requestBodies"):
            return "request" if (section, name) in request_side else UNUSED
    return "request"


def _is_response(parts: Parts) -> bool:
    """A location where a Response object (not a schema) belongs."""
    in_operation = len(parts) == 5 and parts[0] == "paths" and parts[3] == "responses"
    return in_operation or (len(parts) == 3 and parts[:2] == ("components", "responses"))


def _request_components(document: Document) -> set[tuple[str, str]]:
    """(section, name) of every component a request can reach: parameters, request bodies, callbacks."""
    roots: list[Any] = []
    paths = document.get("paths")
    for _method, path, item, operation in _iter_operations(document):
        roots.extend(operation.get(key) for key in ("parameters", "requestBody", "callbacks"))
        if isinstance(paths, dict) and isinstance(paths.get(path), dict):
            roots.append(item.get("parameters"))
    found: set[tuple[str, str]] = set()
    stack = list(_refs_below(roots))
    while stack:
        ref = stack.pop()
        pieces = ref[2:].split("/") if ref.startswith("#/components/") else []
        if len(pieces) < 3:
            continue
        key = (pieces[1], pieces[2].replace("~1", "/").replace("~0", "~"))
        if key in found:
            continue
        found.add(key)
        target = ref_target(document, f"#/components/{pieces[1]}/{pieces[2]}")
        if target is not MISSING:
            stack.extend(_refs_below(target))
    return found


def allof_non_object(document: Document) -> list[str]:
    """An ``allOf`` composing a ``$ref`` to a non-object schema with annotations becomes that ``$ref`` alone.

    openapi-python-client builds a model class from an ``allOf`` of two or more branches and cannot take
    a branch that is not an object ("Cannot take allOf a non-object"): it drops the schema and every
    response using it. When the other branches only annotate (description, default, example...) the
    composition means the referenced schema itself, so it becomes a one-branch ``allOf`` (which the
    generator passes through) with the annotations kept on it. When they constrain the value, or two
    references are composed, no rewrite keeps the meaning: the document is refused, naming the schema.
    """
    messages = []
    for parts, node, is_schema in list(iter_objects(document)):
        branches = node.get("allOf")
        if not is_schema or not isinstance(branches, list) or len(branches) < 2:
            continue
        references = [b for b in branches if isinstance(b, dict) and isinstance(b.get("$ref"), str)]
        scalar = [b for b in references if not _is_object_schema(_resolve_all(document, b))]
        if not scalar:
            continue
        where, ref = locate(parts), scalar[0]["$ref"]
        target = _resolve_all(document, scalar[0])
        others = [b for b in branches if b is not scalar[0]]
        wrapper = {key: value for key, value in node.items() if key != "allOf"}
        if len(references) == 1 and all(_only_annotates(b, target) for b in [*others, wrapper]):
            node["allOf"] = [scalar[0]]
            for branch in others:
                for key, value in branch.items():
                    if key != "type":
                        node.setdefault(key, value)
            kind = target.get("type", "non-object") if isinstance(target, dict) else "non-object"
            messages.append(f"{where}: allOf of $ref {ref} (a {kind} schema) and annotations -> that $ref alone")
            continue
        raise Refusal(
            f"{where}: allOf composes $ref {ref}, which is not an object schema, with branches that constrain it; "
            "the generator cannot take that and no rewrite keeps its meaning (compose object schemas, or use the $ref)"
        )
    return messages


def _is_object_schema(schema: Any) -> bool:
    """What openapi-python-client turns into a model class (the only thing an allOf branch may be)."""
    if not isinstance(schema, dict) or not schema:
        return True  # untyped or unresolvable: not this rule's construct
    kind = schema.get("type")
    return kind == "object" or "allOf" in schema or (kind is None and "properties" in schema)


def _only_annotates(branch: Any, target: Any) -> bool:
    """Whether an allOf branch (or the wrapper) adds nothing but annotations (a ``type`` equal to the target's)."""
    if not isinstance(branch, dict) or "$ref" in branch:
        return False
    for key, value in branch.items():
        if key in ANNOTATIONS or str(key).startswith("x-") or (key == "nullable" and value is False):
            continue
        if key == "type" and isinstance(target, dict) and value == target.get("type"):
            continue
        return False
    return True


def duplicate_enum_values(document: Document) -> list[str]:
    """An ``enum`` listing one value twice keeps it once.

    The generator turns an enum into a Python Enum and stops with "Duplicate key" on a repeated value;
    the set of allowed values is the same either way, so nothing is lost.
    """
    messages = []
    for parts, node, is_schema in iter_objects(document):
        values = node.get("enum")
        if not is_schema or not isinstance(values, list):
            continue
        kept, seen, repeated = [], set(), []
        for value in values:
            key = json.dumps(value, sort_keys=True, default=str)
            if key in seen:
                repeated.append(short(value))
                continue
            seen.add(key)
            kept.append(value)
        if repeated:
            node["enum"] = kept
            messages.append(f"{locate(parts)}: enum lists {', '.join(repeated)} more than once; kept once")
    return messages


PROSE_KEYS = ("description", "summary")


def malformed_documentation(document: Document) -> list[str]:
    """Descriptions and examples the generator cannot parse are left out of its copy.

    openapi-python-client reads every description and summary as text and every ``examples`` entry of a
    parameter, header or media type as an Example object; anything else stops it ("Failed to parse
    OpenAPI document"). These are documentation for readers, never part of the client: a non-text
    description becomes its text, an example that is not an Example object is left out.
    """
    messages = []
    for parts, node, is_schema in iter_objects(document):
        where = locate(parts)
        for key in PROSE_KEYS:
            if key in node and not isinstance(node[key], str) and not (is_schema and key == "summary"):
                value = node[key]
                node[key] = "" if value is None else json.dumps(value, ensure_ascii=False, default=str)
                messages.append(f"{where}: {key} is {_json_kind(value)}, not text; used its text")
        examples = node.get("examples")
        if is_schema or "examples" not in node:
            continue
        if not isinstance(examples, dict):
            del node["examples"]
            messages.append(f"{where}: examples is {_json_kind(examples)}, not a map of Example objects; left out")
            continue
        for name in [n for n, example in examples.items() if not _is_example(example)]:
            del examples[name]
            messages.append(f"{where}: examples.{name} is not an Example object; left out")
    return messages


def _is_example(example: Any) -> bool:
    if not isinstance(example, dict):
        return False
    texts = ("summary", "description", "externalValue", "$ref")
    return all(isinstance(example[key], str) for key in texts if key in example)


_KINDS = {"null": "null", "boolean": "a boolean", "number": "a number", "string": "text", "array": "a list"}


def _json_kind(value: Any) -> str:
    """A value's JSON type as the rules' messages say it ("a number", "text", "an object")."""
    return _KINDS.get(json_type(value), "an object")


# --------------------------------------------------------------------------- operation names
# openapi-python-client writes each operation to api/<tag>/<name>.py; two operations whose names
# come out alike share one file and one silently replaces the other. These helpers reproduce how
# the generator (0.29.1, openapi_python_client.strings) turns a name into a module name;
# tests/normalise checks them against the generator's own functions.

FIELD_PREFIX = "field_"  # generator-config.yaml leaves field_prefix at the generator's default
_DELIMITERS = r"\. _-"  # as the generator spells it: backslash, dot, space, underscore, hyphen
_RESERVED = (set(dir(builtins)) | {"self", "true", "false", "datetime"}) - {"id"}


def _words(value: str) -> list[str]:
    """openapi_python_client.strings.split_words(sanitize(value))."""
    words = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in _DELIMITERS)
    if any(c.isupper() for c in words):
        words = " ".join(re.split("([A-Z]?[a-z]+)", words))
    return re.findall(rf"[^{re.escape(_DELIMITERS)}]+", words)


def _unreserved(name: str) -> str:
    return f"{name}_" if name in _RESERVED or keyword.iskeyword(name) else name


def python_identifier(value: str, prefix: str) -> str:
    """openapi_python_client.strings.PythonIdentifier(value, prefix), as a plain string."""
    leading_underscore = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in _DELIMITERS)[:1] == "_"
    safe = _unreserved("_".join(_words(value)).lower())
    if not safe.isidentifier() or leading_underscore:
        safe = f"{prefix}{safe}"
    return safe


def class_name(value: str, prefix: str = FIELD_PREFIX) -> str:
    """openapi_python_client.strings.ClassName(value, prefix), as a plain string: a model or enum class name."""

    def pascal(text: str) -> str:
        return "".join(word if word.isupper() else word.capitalize() for word in _words(text))

    safe = _unreserved(pascal(value))
    if not safe.isidentifier():
        safe = _unreserved(pascal(f"{prefix}{safe}"))
    return safe


def raw_operation_name(method: str, path: str, operation: dict[str, Any]) -> str:
    """The name the generator starts from: the operationId, or one made from method and path."""
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str):
        return operation_id
    made = path.replace("{", "").replace("}", "").replace("/", "_")
    made = made[1:] if made.startswith("_") else made
    made = made[:-1] if made.endswith("_") else made
    return f"{method.lower()}_{made}"


def generated_module(method: str, path: str, operation: dict[str, Any]) -> tuple[str, str]:
    """(tag folder, module name) the generator writes this operation to."""
    tags = operation.get("tags")
    first = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else "default"
    name = python_identifier(raw_operation_name(method, path, operation), FIELD_PREFIX)
    return python_identifier(first, "tag"), python_identifier(name, FIELD_PREFIX)


def duplicate_operation_ids(document: Document) -> list[str]:
    """Operations sharing one ``operationId`` each get that id plus their method and path.

    The validator refuses duplicate operationIds and the generator would write both operations to one
    module. No operation is privileged by its position in the document: each new id says which
    operation it is (``create_face_post_faces_trinity``).
    """
    by_id: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for method, path, _item, operation in _iter_operations(document):
        operation_id = operation.get("operationId")
        if isinstance(operation_id, str):
            by_id.setdefault(operation_id, []).append((method, path, operation))
    messages = []
    for operation_id, group in by_id.items():
        if len(group) < 2:
            continue
        for method, path, operation in group:
            slug = python_identifier(path.replace("{", "").replace("}", "").replace("/", "_"), "")
            renamed = f"{operation_id}_{method.lower()}" + (f"_{slug}" if slug else "")
            operation["operationId"] = renamed
            others = ", ".join(f"{m} {p}" for m, p, _ in group if (m, p) != (method, path))
            messages.append(f"{method} {path}: operationId {operation_id!r} also names {others}; now {renamed!r}")
    return messages


def _claim(entry: tuple[str, str, dict[str, Any]], module: str) -> tuple[bool, bool, str, str]:
    """Sort key: who keeps a shared module name (its own name unchanged first, an explicit operationId next)."""
    method, path, operation = entry
    changed = raw_operation_name(method, path, operation) != module
    return (changed, "operationId" not in operation, path, method)


def colliding_operation_names(document: Document) -> list[str]:
    """Operations whose generated module names collide get distinct operationIds.

    ``/available_sessions`` and ``/available-sessions`` (no operationId) both become
    ``get_available_sessions.py``; ``getFaces`` and ``get_faces`` both ``get_faces.py``; the generator
    writes one over the other and an operation vanishes. The operation whose name the generator keeps
    unchanged (an explicit operationId first) keeps it; each other one gets ``<name>_2``, ``_3``... in
    order of method and path, so removing the others never renames it.
    """
    groups: dict[tuple[str, str], list[tuple[str, str, dict[str, Any]]]] = {}
    for method, path, _item, operation in _iter_operations(document):
        groups.setdefault(generated_module(method, path, operation), []).append((method, path, operation))
    taken = set(groups)
    messages = []
    for (tag, module), group in groups.items():
        if len(group) < 2:
            continue
        claims = sorted((_claim(entry, module), index) for index, entry in enumerate(group))
        keeper = group[claims[0][1]] if not claims[0][0][0] else None  # its own name comes out unchanged
        number = 2
        for method, path, operation in sorted((e for e in group if e is not keeper), key=lambda e: (e[1], e[0])):
            while (tag, f"{module}_{number}") in taken:
                number += 1
            renamed = f"{module}_{number}"
            taken.add((tag, renamed))
            operation["operationId"] = renamed
            messages.append(f"{method} {path}: generated name {module} is shared; operationId set to {renamed!r}")
    return messages


# The rules, applied in this order. Each has a unit test and is listed in README.md.
RULES: tuple[Rule, ...] = (
    Rule(
        "dangling-refs",
        "$ref pointing at nothing, used only by responses or by nothing -> untyped (else refused)",
        dangling_refs,
        warns=True,
    ),
    Rule("declare-responses", "operation without responses -> undescribed default response", declare_responses),
    Rule(
        "path-variables-in-path",
        "path-template variable not declared in: path -> path parameter",
        path_variables_in_path,
    ),
    Rule(
        "binary-responses", "response media types the generator cannot decode -> octet-stream (File)", binary_responses
    ),
    Rule(
        "allof-non-object",
        "allOf of a non-object $ref and annotations -> that $ref alone (else refused)",
        allof_non_object,
    ),
    Rule("model-defaults", "object default on a model-typed schema -> removed, kept in description", model_defaults),
    Rule("component-titles", "component schema title differing from its name -> the name", component_titles),
    Rule("duplicate-enum-values", "enum listing a value twice -> listed once", duplicate_enum_values, warns=True),
    Rule(
        "malformed-documentation",
        "non-text description, malformed examples -> text, left out",
        malformed_documentation,
        warns=True,
    ),
    Rule("duplicate-operation-ids", "operationId shared by operations -> id + method + path", duplicate_operation_ids),
    Rule(
        "colliding-operation-names",
        "operations whose generated module names collide -> distinct operationIds",
        colliding_operation_names,
    ),
)


class RuleError(PipelineError):
    """A rule met a shape it cannot read: the document is malformed in a way validation will name."""


def normalise(document: Document, rules: tuple[Rule, ...] = RULES) -> tuple[Document, list[Applied]]:
    """A normalised deep copy of ``document`` and the list of rewrites applied to it."""
    result = copy.deepcopy(document)
    applied: list[Applied] = []
    for rule in rules:
        try:
            messages = rule.apply(result)
        except PipelineError:
            raise  # a Refusal: the rule recognised its construct and says why it cannot repair it
        except Exception as exc:  # rules run before validation, so they may meet any shape
            raise RuleError(
                f"normalisation rule {rule.name} could not read the document ({type(exc).__name__}: {exc})"
            ) from None
        applied.extend(Applied(rule.name, message, rule.warns) for message in messages)
    return result, applied


def normalise_checked(document: Document, origin: str) -> tuple[Document, list[Applied]]:
    """:func:`normalise`; when a rule trips over a malformed document, the validator says what is wrong with it."""
    try:
        return normalise(document)
    except RuleError:
        validate_openapi(document, origin)  # the precise complaint, when the document is invalid
        raise
    except Refusal as exc:
        raise Refusal(f"{origin}: {exc}") from None


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
    from gate import load_normalised  # the gate runs this module's rules, then the other checks

    normalised, applied = load_normalised(read_source(args.spec), args.spec)
    for item in applied:
        print(item.line())
    if not applied:
        print("normalised: no rule applied")
    if args.output is not None:
        write_atomically(args.output, dump(normalised))
    return 0


if __name__ == "__main__":
    run_cli(main)
