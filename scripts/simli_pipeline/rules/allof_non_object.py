"""Normalisation rule allof-non-object: allOf of a non-object $ref and annotations -> that $ref alone (else refused)."""

from __future__ import annotations

from typing import Any

from simli_pipeline.keywords import ANNOTATIONS
from simli_pipeline.openapi import locate
from simli_pipeline.rules.base import Document, Refusal, Rule
from simli_pipeline.rules.walk import iter_objects, resolve_or_empty


def allof_non_object(document: Document) -> list[str]:
    """An ``allOf`` composing a ``$ref`` to a non-object schema with annotations becomes that ``$ref`` alone.

    openapi-python-client builds a model class from an ``allOf`` of two or more branches and cannot take
    a branch that is not an object ("Cannot take allOf a non-object"): it drops the schema and every
    response using it. When the other branches only annotate (description, default, example...) the
    composition means the referenced schema itself, so it becomes a one-branch ``allOf`` (which the
    generator passes through) with the annotations kept on it. When they constrain the value, or two
    references are composed, no rewrite keeps the meaning: the document is refused, naming the schema.
    """
    messages = []
    for parts, node, is_schema in list(iter_objects(document)):
        branches = node.get("allOf")
        if not is_schema or not isinstance(branches, list) or len(branches) < 2:
            continue
        references = [b for b in branches if isinstance(b, dict) and isinstance(b.get("$ref"), str)]
        scalar = [b for b in references if not _is_object_schema(resolve_or_empty(document, b))]
        if not scalar:
            continue
        where, ref = locate(parts), scalar[0]["$ref"]
        target = resolve_or_empty(document, scalar[0])
        others = [b for b in branches if b is not scalar[0]]
        wrapper = {key: value for key, value in node.items() if key != "allOf"}
        if len(references) == 1 and all(_only_annotates(b, target) for b in [*others, wrapper]):
            node["allOf"] = [scalar[0]]
            for branch in others:
                for key, value in branch.items():
                    if key != "type":
                        node.setdefault(key, value)
            kind = target.get("type", "non-object") if isinstance(target, dict) else "non-object"
            messages.append(f"{where}: allOf of $ref {ref} (a {kind} schema) and annotations -> that $ref alone")
            continue
        raise Refusal(
            f"{where}: allOf composes $ref {ref}, which is not an object schema, with branches that constrain it; "
            "the generator cannot take that and no rewrite keeps its meaning (compose object schemas, or use the $ref)"
        )
    return messages


def _is_object_schema(schema: Any) -> bool:
    """What openapi-python-client turns into a model class (the only thing an allOf branch may be)."""
    if not isinstance(schema, dict) or not schema:
        return True  # untyped or unresolvable: not this rule's construct
    kind = schema.get("type")
    return kind == "object" or "allOf" in schema or (kind is None and "properties" in schema)


def _only_annotates(branch: Any, target: Any) -> bool:
    """Whether an allOf branch (or the wrapper) adds nothing but annotations (a ``type`` equal to the target's)."""
    if not isinstance(branch, dict) or "$ref" in branch:
        return False
    for key, value in branch.items():
        if key in ANNOTATIONS or str(key).startswith("x-") or (key == "nullable" and value is False):
            continue
        if key == "type" and isinstance(target, dict) and value == target.get("type"):
            continue
        return False
    return True


RULE = Rule(
    "allof-non-object",
    "allOf of a non-object $ref and annotations -> that $ref alone (else refused)",
    allof_non_object,
    recognises=(
        "an `allOf` of two or more branches composing a `$ref` to a schema that is not an object (an enum, a string...)"
    ),
    does=(
        "when the other branches only annotate (`description`, `default`, `example`, a `type` equal to the "
        "target's): that `$ref` as a one-branch `allOf`, annotations kept; otherwise **refused**, naming the "
        "schema"
    ),
    why=(
        "the generator makes a model class of a multi-branch `allOf` and cannot take a non-object branch: it "
        "drops the schema and every response using it"
    ),
)
