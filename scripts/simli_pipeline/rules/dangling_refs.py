"""Normalisation rule dangling-refs: a $ref pointing at nothing, used only by responses (or nothing) -> untyped."""

from __future__ import annotations

from typing import Any

from simli_pipeline.openapi import HTTP_METHODS, MISSING, locate, ref_target
from simli_pipeline.rules.base import Document, Parts, Refusal, Rule
from simli_pipeline.rules.walk import iter_objects, operations_with_items, refs_below


def dangling_refs(document: Document) -> list[str]:
    """A ``$ref`` that points at nothing, where only a response uses it, is dropped: that body becomes untyped.

    The validator's resolver (and the generator) cannot take a dangling reference anywhere. Where only
    responses use it -- an error response naming a component the document never defines -- the client
    is still complete without that type: the schema becomes ``{}`` (the body comes back as raw JSON), a
    whole response becomes an undescribed one, an example is left empty. Where a request uses it (a
    parameter, a request body, or a schema that one of them reaches) no call can be built soundly, so
    the document is refused, naming the reference and where it is. A parameter or request body under
    components that no operation uses cannot break a call: inside it, a schema becomes ``{}``; one that
    is itself a dangling ``$ref`` is left out of the copy.
    """
    request_side = _request_components(document)
    messages = []
    left_out: set[Parts] = set()
    for parts, node, is_schema in list(iter_objects(document)):
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#") or ref_target(document, ref) is not MISSING:
            continue
        if parts[:3] in left_out:
            continue
        where = locate(parts)
        context = _context(parts, request_side)
        rest = {key: value for key, value in node.items() if key != "$ref"}
        if context in ("response", UNUSED) and is_schema:
            replacement, effect = rest, "that schema is left untyped (raw JSON)"
            effect += "; no operation uses it" if context == UNUSED else ""
        elif context == "response" and _is_response(parts):
            replacement = {"description": f"Not described: $ref {ref} points at nothing"}
            effect = "that response is left undescribed"
        elif len(parts) >= 2 and parts[-2] == "examples":
            replacement, effect = {}, "that example is left empty"
        elif context == UNUSED:
            section = document["components"][parts[1]]
            del section[parts[2]]
            left_out.add(parts[:3])
            entry = locate(parts[:3])
            messages.append(f"{where}: $ref {ref} points at nothing; no operation uses {entry}, left out of the copy")
            continue
        else:
            raise Refusal(
                f"{where}: $ref {ref} points at nothing, and a request needs it to build the call; "
                "define it under components or remove the reference"
            )
        node.clear()
        node.update(replacement)
        messages.append(f"{where}: $ref {ref} points at nothing; {effect}")
    return messages


UNUSED = "unused"


def _context(parts: Parts, request_side: set[tuple[str, str]]) -> str:
    """'response' when only responses can reach this location, 'unused' for a request-side component no
    operation uses (a parameter or request body nobody refers to), else 'request'."""
    if len(parts) >= 3 and parts[0] == "paths" and parts[2] in HTTP_METHODS:
        return "response" if len(parts) >= 4 and parts[3] == "responses" else "request"
    if len(parts) >= 3 and parts[0] == "components":
        section, name = str(parts[1]), str(parts[2])
        if section in ("responses", "headers", "examples"):
            return "response"
        if section == "schemas":
            return "request" if (section, name) in request_side else "response"
        if section in ("parameters", "requestBodies"):
            return "request" if (section, name) in request_side else UNUSED
    return "request"


def _is_response(parts: Parts) -> bool:
    """A location where a Response object (not a schema) belongs."""
    in_operation = len(parts) == 5 and parts[0] == "paths" and parts[3] == "responses"
    return in_operation or (len(parts) == 3 and parts[:2] == ("components", "responses"))


def _request_components(document: Document) -> set[tuple[str, str]]:
    """(section, name) of every component a request can reach: parameters, request bodies, callbacks."""
    roots: list[Any] = []
    paths = document.get("paths")
    for _method, path, item, operation in operations_with_items(document):
        roots.extend(operation.get(key) for key in ("parameters", "requestBody", "callbacks"))
        if isinstance(paths, dict) and isinstance(paths.get(path), dict):
            roots.append(item.get("parameters"))
    found: set[tuple[str, str]] = set()
    stack = list(refs_below(roots))
    while stack:
        ref = stack.pop()
        pieces = ref[2:].split("/") if ref.startswith("#/components/") else []
        if len(pieces) < 3:
            continue
        key = (pieces[1], pieces[2].replace("~1", "/").replace("~0", "~"))
        if key in found:
            continue
        found.add(key)
        target = ref_target(document, f"#/components/{pieces[1]}/{pieces[2]}")
        if target is not MISSING:
            stack.extend(refs_below(target))
    return found


RULE = Rule(
    "dangling-refs",
    "$ref pointing at nothing, used only by responses or by nothing -> untyped (else refused)",
    dangling_refs,
    warns=True,
    recognises="a `$ref` pointing at nothing",
    does=(
        "where only responses use it (an error response naming a component never defined): the schema becomes "
        "`{}`, a whole response an undescribed one; inside a parameter or request body under `components` "
        "that no operation uses: the same, or that component left out; where a request uses it (a parameter, "
        "a request body, a schema one of them reaches): **refused**, naming the reference and where"
    ),
    why=(
        "the validator's resolver and the generator cannot take it; a response without its type still gives a "
        "complete client (that body comes back as raw JSON), a request without its type cannot be built"
    ),
)
