"""Walking a document for the rules: operations with their path items, every OpenAPI or schema object, $refs.

Every walk tolerates malformed documents (the rules run before validation) and is iterative, so
deep documents cannot exhaust the stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from simli_pipeline.keywords import OBJECT_DATA, OBJECT_MAPS, SCHEMA_DATA, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_VALUED
from simli_pipeline.openapi import MISSING, follow_refs, iter_operations
from simli_pipeline.rules.base import Document, Parts


def operations_with_items(document: Document) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(METHOD, path, path item, operation) for every operation, tolerating malformed documents."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return
    for method, path, operation in iter_operations(document):
        yield method, path, paths[path], operation


def resolve_or_node(document: Document, node: Any) -> Any:
    """``node`` with its local ``$ref`` chain followed; a dangling or looping one is returned as is."""
    target = follow_refs(document, node)
    return node if target is MISSING else target


def resolve_or_empty(document: Document, node: Any) -> Any:
    """Follow a chain of local ``$ref``s to a node that is not one (a dangling or looping chain gives {})."""
    target = follow_refs(document, node)
    return {} if target is MISSING else target


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


def refs_below(node: Any) -> Iterator[str]:
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
