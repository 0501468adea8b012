"""Normalisation rule duplicate-operation-ids: operationId shared by operations -> id + method + path."""

from __future__ import annotations

from typing import Any

from simli_pipeline.names import python_identifier
from simli_pipeline.rules.base import Document, Rule
from simli_pipeline.rules.walk import operations_with_items


def duplicate_operation_ids(document: Document) -> list[str]:
    """Operations sharing one ``operationId`` each get that id plus their method and path.

    The validator refuses duplicate operationIds and the generator would write both operations to one
    module. No operation is privileged by its position in the document: each new id says which
    operation it is (``create_face_post_faces_trinity``).
    """
    by_id: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for method, path, _item, operation in operations_with_items(document):
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


RULE = Rule(
    "duplicate-operation-ids",
    "operationId shared by operations -> id + method + path",
    duplicate_operation_ids,
    recognises="operations sharing one `operationId`",
    does="each gets `<id>_<method>_<path>` (`create_face_post_faces_trinity`)",
    why=(
        "the validator refuses duplicates and the generator writes both to one module; no operation is "
        "privileged by its place in the document"
    ),
)
