"""Hostile and broken OpenAPI documents, built from the seed excerpt fixture so each differs in one way.

They start from tests/fixtures/specs/seed-excerpt.yaml, never from the pinned openapi/openapi.yaml:
what they prove does not change when another description is pinned.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import yaml

from tests.conftest import FIXTURES, SEED_EXCERPT

Document = dict[str, Any]
SEED_BYTES = SEED_EXCERPT.read_bytes()
MARKER = "HOSTILE_MARKER_FILE"
CODE = f'"""; __import__("pathlib").Path("{MARKER}").touch(); """ \\ \\n \' {{{{ }}}} ${{x}}'


def seed() -> Document:
    loaded: Document = yaml.safe_load(SEED_BYTES)
    return copy.deepcopy(loaded)


def _operation(operation_id: str, **extra: Any) -> Document:
    response = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    operation: Document = {
        "operationId": operation_id,
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": response}}}},
    }
    operation.update(extra)
    return {"post": operation}


def _dump(document: Document) -> bytes:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode("utf-8")


def code_in_names() -> bytes:
    doc = seed()
    doc["components"]["schemas"]["Payload"] = {
        "type": "object",
        "title": CODE,
        "description": CODE,
        "properties": {CODE[:24]: {"type": "string", "description": CODE, "default": CODE}},
    }
    doc["paths"]["/evil"] = _operation(
        f"evil{CODE}",
        summary=CODE,
        description=CODE,
        tags=[CODE[:30]],
        requestBody={"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Payload"}}}},
    )
    return _dump(doc)


def path_traversal_names() -> bytes:
    doc = seed()
    doc["components"]["schemas"]["Escaped"] = {
        "type": "object",
        "title": "../../../Escaped",
        "properties": {"../../a": {"type": "string"}},
    }
    doc["paths"]["/escape"] = _operation(
        "../../../escaped_module",
        tags=["../../../../tmp"],
        requestBody={"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Escaped"}}}},
    )
    return _dump(doc)


def path_traversal_component_name() -> bytes:
    doc = seed()
    doc["components"]["schemas"]["../../Escaped"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    return _dump(doc)


def non_ascii_names() -> bytes:
    doc = seed()
    doc["paths"]["/sesiones"] = _operation("créer_sessión_日本", summary="Démarrer — 日本語")
    return _dump(doc)


def very_long_names() -> bytes:
    doc = seed()
    doc["paths"]["/long"] = _operation("x" * 300)
    return _dump(doc)


def duplicate_operation_ids() -> bytes:
    doc = seed()
    doc["paths"]["/a"] = _operation("same_name")
    doc["paths"]["/b"] = _operation("same_name")
    return _dump(doc)


def circular_schemas() -> bytes:
    doc = seed()
    schemas = doc["components"]["schemas"]
    schemas["TreeNode"] = {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/TreeNode"}}}
    schemas["Ping"] = {"type": "object", "properties": {"pong": {"$ref": "#/components/schemas/Pong"}}}
    schemas["Pong"] = {"type": "object", "properties": {"ping": {"$ref": "#/components/schemas/Ping"}}}
    for name in ("TreeNode", "Ping"):
        body = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}
        doc["paths"][f"/{name.lower()}"] = _operation(f"send_{name.lower()}", requestBody=body)
    return _dump(doc)


def ref_only_loop() -> bytes:
    doc = seed()
    doc["components"]["schemas"]["LoopA"] = {"$ref": "#/components/schemas/LoopB"}
    doc["components"]["schemas"]["LoopB"] = {"$ref": "#/components/schemas/LoopA"}
    return _dump(doc)


def alias_bomb() -> bytes:
    lines = [
        "openapi: 3.1.0",
        "info: {title: bomb, version: '1'}",
        "paths: {}",
        "x-bomb:",
        '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    previous = "a"
    for name in "bcdefghij":
        refs = ",".join([f"*{previous}"] * 9)
        lines.append(f"  {name}: &{name} [{refs}]")
        previous = name
    return ("\n".join(lines) + "\n").encode()


def recursive_alias() -> bytes:
    return b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-loop: &loop [*loop]\n"


def swagger_2() -> bytes:
    return json.dumps({"swagger": "2.0", "info": {"title": "old", "version": "1"}, "paths": {}}).encode()


def truncated_download() -> bytes:
    return SEED_BYTES[: len(SEED_BYTES) // 2]


def not_yaml() -> bytes:
    return b"openapi: 3.1.0\ninfo: {title: [unclosed\n  - : :\n"


def binary_garbage() -> bytes:
    return bytes(range(256)) * 4


def html_error_page() -> bytes:
    return (FIXTURES / "specs" / "error-page.html").read_bytes()


def external_ref() -> bytes:
    doc = seed()
    doc["components"]["schemas"]["Remote"] = {"$ref": "file:///etc/passwd"}
    return _dump(doc)


def non_string_path_key() -> bytes:
    return b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  123:\n    get:\n      responses: {}\n"


def malformed_shapes() -> bytes:
    return (
        b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x/{id}:\n    parameters: 5\n"
        b"    get:\n      parameters: [7, {name: id, in: query}]\n      responses: {'200': 3}\n"
    )


def dangling_ref_in_request() -> bytes:
    """A request body pointing at a component the document never defines: no call can be built from it."""
    doc = seed()
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NeverDefined"}}}}
    doc["paths"]["/orphans"] = _operation("send_orphan", requestBody=body)
    return _dump(doc)


def dangling_ref_in_error_response() -> bytes:
    """An error response pointing at a component the document never defines (the client stays complete)."""
    doc = seed()
    missing = {
        "description": "Gone",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}},
    }
    doc["paths"]["/integrations/livekit/agents"]["post"]["responses"]["410"] = missing
    return _dump(doc)


def deeply_nested_schema() -> bytes:
    """A schema nested thousands of levels deep: refused, never a RecursionError traceback."""
    depth = 3000
    nested = '{"type": "object", "properties": {"a": ' * depth + '{"type": "string"}' + "}}" * depth
    text = json.dumps(seed())
    assert text.count('"schemas": {') == 1
    return text.replace('"schemas": {', f'"schemas": {{"Deep": {nested}, ', 1).encode()


def yaml_spelling() -> bytes:
    """Unquoted status-code keys and an unquoted date: YAML reads them as int and date, JSON as strings."""
    text = SEED_BYTES.decode()
    assert "'200':" in text
    assert "version: 1.0.0" in text
    return (
        text.replace("'200':", "200:")
        .replace("'400':", "400:")
        .replace("version: 1.0.0", "version: 2026-11-24")
        .encode()
    )


Builder = Callable[[], bytes]

# name -> (builder, expected fragment of the one-line refusal)
REFUSED: dict[str, tuple[Builder, str]] = {
    "not YAML": (not_yaml, "not valid YAML or JSON"),
    "binary garbage": (binary_garbage, "not UTF-8 text"),
    "YAML alias bomb": (alias_bomb, "expands to more than"),
    "recursive YAML alias": (recursive_alias, "alias refers to itself"),
    "HTML error page": (html_error_page, "got HTML"),
    "truncated download": (truncated_download, "not a valid OpenAPI"),
    "Swagger 2.0": (swagger_2, "is Swagger 2.0"),
    "external $ref": (external_ref, "external $ref"),
    "very long names": (very_long_names, "cannot become Python module names"),
    "dangling $ref in a request body": (dangling_ref_in_request, "$ref #/components/schemas/NeverDefined points at"),
    "nested thousands deep": (deeply_nested_schema, "nested too deeply"),
    "$ref-only loop": (ref_only_loop, "loop or nest too deeply"),
    "path traversal in a component name": (path_traversal_component_name, "does not match"),
    "non-string path key": (non_string_path_key, "not a valid OpenAPI"),
    "malformed shapes (numbers where lists and objects belong)": (malformed_shapes, "not a valid OpenAPI"),
}

# name -> builder; these must generate safe code
GENERATED: dict[str, Builder] = {
    "code in names, titles and descriptions": code_in_names,
    "path traversal in names": path_traversal_names,
    "non-ASCII names": non_ascii_names,
    "circular $refs": circular_schemas,
    "YAML spellings: unquoted status codes and dates": yaml_spelling,
    "duplicate operationIds": duplicate_operation_ids,
    "dangling $ref in an error response": dangling_ref_in_error_response,
}
