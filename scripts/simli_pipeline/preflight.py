"""Refuse documents the generator would mishandle, before it runs.

One job: find what openapi-python-client cannot turn into a correct client -- names it
would turn into file or module names it cannot write (over-long operationIds, tags and
component names), component schemas whose model or enum class names collide (``Foo`` and
``foo``, ``Voice_In`` and ``VoiceIn``), and paths of one method that differ only in variable
names (the same URLs, which OpenAPI forbids) -- and say which, instead of letting the generator
die with a traceback, drop operations, or the operations take each other's facts.

scripts/preflight.py is its command line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from simli_pipeline.errors import PipelineError
from simli_pipeline.names import class_name
from simli_pipeline.openapi import ambiguous_paths, iter_operations, path_shape

# Generated file names are built from these names plus suffixes such as
# "_response_200.py"; most filesystems cap a file name at 255 bytes.
MAX_NAME_BYTES = 120


def named_things(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(location, name) for every name the generator turns into a module or class name."""
    for method, path, operation in iter_operations(document):
        operation_id = operation.get("operationId")
        if isinstance(operation_id, str):
            yield f"operationId of {method} {path}", operation_id
        for tag in operation.get("tags") or ():
            if isinstance(tag, str):
                yield f"tag of {method} {path}", tag
    components = document.get("components") or {}
    for section in ("schemas", "responses", "requestBodies", "parameters"):
        entries = components.get(section) if isinstance(components, dict) else None
        if isinstance(entries, dict):
            for name, schema in entries.items():
                yield f"components.{section}.{str(name)[:40]}", str(name)
                title = schema.get("title") if isinstance(schema, dict) else None
                if isinstance(title, str):
                    yield f"title of components.{section}.{str(name)[:40]}", title


def check(document: dict[str, Any]) -> None:
    """Raise a one-line :class:`PipelineError` naming the first thing the generator would mishandle."""
    check_names(document)
    check_class_names(document)
    check_path_shapes(document)


def check_class_names(document: dict[str, Any]) -> None:
    """Refuse two component schemas that become one class name (the generator keeps one, drops the other's users)."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    seen: dict[str, str] = {}
    for name, schema in schemas.items() if isinstance(schemas, dict) else ():
        if not _becomes_class(schema):
            continue
        title = schema.get("title")
        made = class_name(title if isinstance(title, str) and title else str(name))
        first = seen.setdefault(made, str(name))
        if first != name:
            raise PipelineError(
                f"components.schemas.{first[:60]} and components.schemas.{str(name)[:60]} both become the class "
                f"{made[:60]}: the generator would keep one and drop the operations using the other; rename one"
            )


def _becomes_class(schema: Any) -> bool:
    """Whether openapi-python-client makes a class of a component schema: a model (object) or an enum."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    kind = schema.get("type")
    return (
        isinstance(schema.get("enum"), list)
        or kind == "object"
        or "allOf" in schema
        or (kind is None and "properties" in schema)
    )


def check_path_shapes(document: dict[str, Any]) -> None:
    """Refuse two paths of one method that differ only in variable names (``/a/{id}``, ``/a/{name}``)."""
    seen: dict[tuple[str, str], str] = {}
    for method, path, _operation in iter_operations(document):
        first = seen.setdefault((method, path_shape(path)), path)
        if first != path:
            raise PipelineError(ambiguous_paths(method, first, path))


def check_names(document: dict[str, Any]) -> None:
    for location, name in named_things(document):
        size = len(name.encode("utf-8"))
        if size > MAX_NAME_BYTES:
            raise PipelineError(
                f"{location} is {size} bytes long ({name[:30]!r}…); names over {MAX_NAME_BYTES} bytes "
                "cannot become Python module names: shorten it in the spec or add an overlay"
            )
