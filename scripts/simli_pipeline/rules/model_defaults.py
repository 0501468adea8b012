"""Normalisation rule model-defaults: object default on a model-typed schema -> removed, kept in description."""

from __future__ import annotations

import json

from simli_pipeline.openapi import locate
from simli_pipeline.rules.base import Document, Rule
from simli_pipeline.rules.walk import iter_objects


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


RULE = Rule(
    "model-defaults",
    "object default on a model-typed schema -> removed, kept in description",
    model_defaults,
    recognises="an object-valued `default` on a schema that becomes a model (`$ref`, `allOf`, `anyOf`, `oneOf`)",
    does="removes the default, keeps it readable in the description",
    why=(
        "the generator cannot express a model instance as a default and drops the model and every operation "
        "using it; omitting the field lets the server apply its default"
    ),
)
