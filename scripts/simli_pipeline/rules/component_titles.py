"""Normalisation rule component-titles: component schema title differing from its name -> the name."""

from __future__ import annotations

from simli_pipeline.rules.base import Document, Rule


def component_titles(document: Document) -> list[str]:
    """A component schema's ``title`` is set to its component name.

    The generator names model classes after ``title``; two components titled alike (``VoiceIn``
    and ``VoiceOut`` both ``Voice``) collide, and the loser and every operation using it are
    dropped. Component names are unique, so class names follow them.
    """
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return []
    messages = []
    for name, schema in schemas.items():
        if isinstance(schema, dict) and "title" in schema and schema["title"] != name:
            messages.append(f"components.schemas.{name}: title {schema['title']!r} -> {name!r}")
            schema["title"] = name
    return messages


RULE = Rule(
    "component-titles",
    "component schema title differing from its name -> the name",
    component_titles,
    recognises="a component schema whose `title` differs from its component name",
    does="sets `title` to the component name",
    why="class names come from `title`; two components titled alike collide and one is dropped with its operations",
)
