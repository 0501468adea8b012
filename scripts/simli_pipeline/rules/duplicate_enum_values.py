"""Normalisation rule duplicate-enum-values: enum listing a value twice -> listed once."""

from __future__ import annotations

import json

from simli_pipeline.errors import value_literal
from simli_pipeline.openapi import locate
from simli_pipeline.rules.base import Document, Rule
from simli_pipeline.rules.walk import iter_objects


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
                repeated.append(value_literal(value))
                continue
            seen.add(key)
            kept.append(value)
        if repeated:
            node["enum"] = kept
            messages.append(f"{locate(parts)}: enum lists {', '.join(repeated)} more than once; kept once")
    return messages


RULE = Rule(
    "duplicate-enum-values",
    "enum listing a value twice -> listed once",
    duplicate_enum_values,
    warns=True,
    recognises="an `enum` listing a value twice",
    does="lists it once, order kept",
    why='the generator stops with "Duplicate key"; the set of values is the same',
)
