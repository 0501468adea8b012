"""Parsing YAML or JSON bytes into an OpenAPI or AsyncAPI mapping, refusing anything hostile or malformed."""

from __future__ import annotations

import datetime
import json
from typing import Any

import yaml

from simli_pipeline.errors import PipelineError

# Upper bound on the number of nodes a document expands to once YAML aliases are
# followed; stops "billion laughs" documents from exhausting memory downstream.
MAX_EXPANDED_NODES = 2_000_000


def parse_document(raw: bytes, origin: str, kind: str = "OpenAPI") -> dict[str, Any]:
    """Parse YAML or JSON bytes into a mapping, refusing anything hostile or malformed (``kind`` names it)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{origin}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if "\0" in text:
        raise PipelineError(f"{origin}: contains NUL bytes; not a YAML or JSON document")
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise PipelineError(f"{origin}: not valid YAML or JSON ({exc.problem}{where})") from None
    except yaml.YAMLError as exc:
        raise PipelineError(f"{origin}: not valid YAML or JSON ({type(exc).__name__})") from None
    except RecursionError:
        raise PipelineError(f"{origin}: nested too deeply to be an {kind} description") from None
    if not isinstance(data, dict):
        got = "HTML" if text.lstrip()[:1] == "<" else type(data).__name__
        raise PipelineError(f"{origin}: expected an {kind} document (a mapping), got {got}")
    _check_expanded_size(data, origin, kind)
    _as_json_data(data, origin)
    return data


def _as_json_data(data: Any, origin: str) -> None:
    """Make a YAML-loaded document JSON data, in place: OpenAPI is JSON, YAML is only its spelling.

    YAML reads unquoted keys such as ``200:`` as numbers and unquoted dates as dates; JSON has
    only string keys and no dates, and the validator and generator expect JSON. Such keys and
    values become the strings JSON would have; two keys that become the same string are refused.
    """
    stack: list[tuple[Any, str]] = [(data, "the document")]
    seen: set[int] = set()
    while stack:
        node, where = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        slots: list[tuple[Any, Any]]
        if isinstance(node, dict):
            _string_keys(node, where, origin)
            slots = list(node.items())
        elif isinstance(node, list):
            slots = list(enumerate(node))
        else:
            continue
        for slot, value in slots:
            if isinstance(value, (datetime.date, datetime.datetime)):
                node[slot] = value.isoformat()
            else:
                stack.append((value, str(slot)[:60] if isinstance(node, dict) else where))


def _string_keys(mapping: dict[Any, Any], where: str, origin: str) -> None:
    if all(isinstance(key, str) for key in mapping):
        return
    items = list(mapping.items())
    mapping.clear()
    for key, value in items:
        if isinstance(key, str):
            name = key
        elif key is None or isinstance(key, (bool, int, float)):
            name = json.dumps(key)
        elif isinstance(key, (datetime.date, datetime.datetime)):
            name = key.isoformat()
        else:
            raise PipelineError(f"{origin}: a {type(key).__name__} key in {where} cannot be a JSON object key")
        if name in mapping:
            raise PipelineError(f"{origin}: key {name!r} appears twice in {where} once read as JSON")
        mapping[name] = value


def _check_expanded_size(data: Any, origin: str, kind: str) -> None:
    """Refuse alias cycles and documents whose aliases expand past MAX_EXPANDED_NODES."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise PipelineError(f"{origin}: a YAML alias refers to itself; {kind} documents must be finite trees")
        active.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise PipelineError(
                    f"{origin}: expands to more than {MAX_EXPANDED_NODES} nodes through YAML aliases; refusing it"
                )
        active.discard(key)
        sizes[key] = total
        return total

    try:
        size(data)
    except RecursionError:
        raise PipelineError(f"{origin}: nested too deeply to be an {kind} description") from None
