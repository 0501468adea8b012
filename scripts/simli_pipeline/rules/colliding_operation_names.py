"""Normalisation rule colliding-operation-names: colliding generated module names -> distinct operationIds."""

from __future__ import annotations

from typing import Any

from simli_pipeline.names import generated_module, raw_operation_name
from simli_pipeline.rules.base import Document, Rule
from simli_pipeline.rules.walk import operations_with_items


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
    for method, path, _item, operation in operations_with_items(document):
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


RULE = Rule(
    "colliding-operation-names",
    "operations whose generated module names collide -> distinct operationIds",
    colliding_operation_names,
    recognises=(
        "operations whose generated module names collide in one tag folder (`/available_sessions` and "
        "`/available-sessions` without operationId; `getFaces` and `get_faces`)"
    ),
    does="the one whose name comes out unchanged keeps it; each other gets `<name>_2`, `_3`...",
    why=(
        "the generator writes one module over the other and an operation vanishes; names are computed as the "
        "generator does (`tests/unit/pipeline` checks against its own functions)"
    ),
)
