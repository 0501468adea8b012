"""Helpers on a parsed OpenAPI document: local ``$ref`` resolution, path templates, operations, locations.

One job: read a document's structure the same way everywhere (the rules, the classifier, the
facts, the diff): follow local ``$ref`` chains, list operations, name a location for a message,
check the version field and self-containment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from simli_pipeline.errors import PipelineError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def json_type(value: Any) -> str:
    """The JSON type of a parsed value: null, boolean, number, string, array or object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def locate(parts: Iterable[Any]) -> str:
    """A document location for messages: ``GET /faces responses.200...`` inside an operation,
    ``components.schemas.Face.properties.id`` elsewhere."""
    items = list(parts)
    head = ""
    if len(items) >= 2 and items[0] == "paths":
        if len(items) >= 3 and isinstance(items[2], str) and items[2] in HTTP_METHODS:
            head, items = f"{items[2].upper()} {items[1]}", items[3:]
        else:
            head, items = f"path {items[1]}", items[2:]
    rest = ""
    for item in items:
        rest += f"[{item}]" if isinstance(item, int) else (f".{item}" if rest else str(item))
    if head and rest:
        return f"{head} {rest}"
    return head or rest or "the document root"


def check_version_and_refs(document: dict[str, Any], origin: str) -> str:
    """The cheap half of validation: an OpenAPI 3.0/3.1 version field and no external ``$ref``."""
    version = document.get("openapi")
    if version is None:
        if "swagger" in document:
            raise PipelineError(f"{origin}: is Swagger {document['swagger']}; only OpenAPI 3.0 and 3.1 are accepted")
        raise PipelineError(f"{origin}: no 'openapi' version field; not an OpenAPI document")
    if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
        raise PipelineError(f"{origin}: OpenAPI version {version!r} is not supported; expected 3.0.x or 3.1.x")
    external = sorted(set(_external_refs(document)))
    if external:
        raise PipelineError(
            f"{origin}: external $ref {external[0]!r} is not supported; the description must be self-contained"
        )
    return version


def _external_refs(node: Any) -> Iterator[str]:
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class _Missing:
    """What a dangling or looping ``$ref`` resolves to (None and {} are values a document may hold)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def ref_parts(ref: str) -> list[str] | None:
    """The pieces of a local ``$ref``'s JSON pointer (``#/a/b~1c`` -> ``["a", "b/c"]``); None when not local."""
    if ref in ("#", "#/"):
        return []
    if not ref.startswith("#/"):
        return None
    return [piece.replace("~1", "/").replace("~0", "~") for piece in ref[2:].split("/")]


def ref_target(document: Any, ref: str) -> Any:
    """The node a local ``$ref`` points at, or :data:`MISSING` when it dangles or is not local."""
    parts = ref_parts(ref)
    if parts is None:
        return MISSING
    node = document
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


def follow_refs(document: Any, node: Any) -> Any:
    """``node`` with its chain of local ``$ref``s followed, however long; :data:`MISSING` when it dangles or loops."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            return MISSING
        seen.add(ref)
        node = ref_target(document, ref)
        if node is MISSING:
            return MISSING
    return node


_TEMPLATE_VARIABLE = re.compile(r"\{([^{}]*)\}")


def template_variables(path: str) -> list[str]:
    """The ``{variable}`` names of a path template, in order (``/a/{id}/b/{x}`` -> ``["id", "x"]``)."""
    return _TEMPLATE_VARIABLE.findall(path)


def path_shape(path: str) -> str:
    """A path template with its variable names erased (``/a/{id}`` -> ``/a/{}``): what a server routes on.

    Two paths of one shape are the same URLs; the generator also renames variables (``{itemId}``
    becomes ``{item_id}`` in generated code), so a generated URL is matched to its path by shape.
    """
    return _TEMPLATE_VARIABLE.sub("{}", path)


def ambiguous_paths(method: str, first: str, second: str) -> str:
    """The one-line refusal for two paths of one method that differ only in variable names."""
    return (
        f"{method} {first} and {method} {second} differ only in path variable names: they are the same URLs, "
        "which OpenAPI forbids (no server or client can tell them apart); keep one of them"
    )


def iter_operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) for every operation in the document, in document order."""
    paths = document.get("paths") or {}
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield method.upper(), str(path), operation
