"""Normalisation rule path-variables-in-path: path-template variable not declared in: path -> path parameter."""

from __future__ import annotations

import copy
from typing import Any

from simli_pipeline.openapi import template_variables
from simli_pipeline.rules.base import Document, Rule
from simli_pipeline.rules.walk import operations_with_items, resolve_or_node


def path_variables_in_path(document: Document) -> list[str]:
    """Every ``{variable}`` of a path template is a required ``in: path`` parameter.

    A template variable declared ``in: query`` (or another location) is moved to the path, as
    the URL shape demands; one not declared at all is added as a string. Otherwise the spec
    validator refuses the document and the generator skips the endpoint.
    """
    messages = []
    for method, path, item, operation in operations_with_items(document):
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
            parameter = resolve_or_node(document, raw)
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


RULE = Rule(
    "path-variables-in-path",
    "path-template variable not declared in: path -> path parameter",
    path_variables_in_path,
    recognises="a path-template variable with no `in: path` parameter (e.g. declared `in: query`)",
    does=(
        "moves that parameter to `in: path`, `required: true` (a copy, for this operation only, when it was "
        "path-level or a `$ref`); declares an undeclared one as a string"
    ),
    why="the validator refuses the document and the generator skips the endpoint; the URL cannot be built without it",
)
