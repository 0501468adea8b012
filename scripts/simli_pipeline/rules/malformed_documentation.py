"""Normalisation rule malformed-documentation: non-text description, malformed examples -> text, left out."""

from __future__ import annotations

import json
from typing import Any

from simli_pipeline.openapi import json_type, locate
from simli_pipeline.rules.base import Document, Rule
from simli_pipeline.rules.walk import iter_objects

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


RULE = Rule(
    "malformed-documentation",
    "non-text description, malformed examples -> text, left out",
    malformed_documentation,
    warns=True,
    recognises=(
        "a non-text `description` or `summary`; `examples` of a parameter, header or media type that are not "
        "Example objects"
    ),
    does="uses the value's text; leaves those examples out of the copy",
    why=(
        "the generator parses documentation strictly and refuses the whole document over it; none of it is "
        "part of the client"
    ),
)
