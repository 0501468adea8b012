"""Comparing two schemas as a caller sees them: $refs followed, allOf merged, a null alternative as nullable.

One job: walk two versions of a schema side by side and report what changed, as
:class:`~simli_pipeline.diff.kinds.Found` entries at a sub-path (``properties.name.items``); the
registry (diff/kinds.py) decides whom each breaks, given where the schema is used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from simli_pipeline.diff.kinds import DOCUMENTATION, Found
from simli_pipeline.diff.model import SCHEMA_PREFIX, Node, Spec

DOC_KEYS = ("summary", "description", "title", "example", "examples")
Emit = Callable[[str, Found], None]  # (sub-path, what was found there)


def _types(schema: Node) -> frozenset[str]:
    raw = schema.get("type")
    types = set(raw) if isinstance(raw, list) else ({raw} if isinstance(raw, str) else set())
    if schema.get("nullable") is True and types:
        types.add("null")
    return frozenset(str(t) for t in types)


def _enum(schema: Node) -> frozenset[str] | None:
    if "const" in schema:
        return frozenset({json.dumps(schema["const"], sort_keys=True)})
    values = schema.get("enum")
    if isinstance(values, list):
        return frozenset(json.dumps(value, sort_keys=True) for value in values)
    return None


def _default_became_const(a: Node, b: Node) -> bool:
    """``a`` has ``default: X`` and no enum; ``b`` has ``const: X`` instead (one edit, reported once)."""
    return _enum(a) is None and "const" in b and "enum" not in b and "default" in a and a["default"] == b["const"]


def _value(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str) if value is not None else "none"


# Keywords that give a schema a shape; a schema with none of them accepts any JSON.
SHAPE_KEYS = frozenset(
    {"type", "properties", "items", "enum", "const", "anyOf", "oneOf", "additionalProperties", "format", "not"}
)


def _untyped(view: Node) -> bool:
    return not any(key in view for key in SHAPE_KEYS)


def _shape(view: Node) -> str:
    """A short description of a schema's shape for messages."""
    types = "/".join(sorted(_types(view))) or ("object" if "properties" in view else "a typed schema")
    properties = view.get("properties")
    if isinstance(properties, dict) and properties:
        names = sorted(map(str, properties))
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        return f"{types} with properties {', '.join(names[:5])}{more}"
    return types


def _typing_changed(a: Node, b: Node, emit: Emit, path: str) -> bool:
    """An untyped schema (any JSON) became typed, or the reverse: one change, not one per property.

    Breaking wherever it is used: the generated client's type for the value changes as a whole
    (raw JSON becomes a model, or the reverse), and code written against the old one breaks.
    """
    if _untyped(a) == _untyped(b):
        return False
    if _untyped(a):
        emit(path, Found("schema-typed", facts={"shape": _shape(b)}))
    else:
        emit(path, Found("schema-untyped", facts={"shape": _shape(a)}))
    return True


def _component_ref(node: Any) -> tuple[str, Node] | None:
    """(component $ref, what wraps it) when ``node`` is a component schema, bare or in a one-branch allOf."""
    if not isinstance(node, dict):
        return None
    ref = node.get("$ref")
    if isinstance(ref, str):
        return (ref, {k: v for k, v in node.items() if k != "$ref"}) if ref.startswith(SCHEMA_PREFIX) else None
    branches = node.get("allOf")
    if isinstance(branches, list) and len(branches) == 1 and isinstance(branches[0], dict):
        inner = branches[0].get("$ref")
        if len(branches[0]) == 1 and isinstance(inner, str) and inner.startswith(SCHEMA_PREFIX):
            return inner, {k: v for k, v in node.items() if k != "allOf"}
    return None


class SchemaComparer:
    """Structural comparison of two schemas, resolving $refs, merging allOf, protecting against cycles."""

    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self._views: dict[tuple[int, int], Node] = {}

    def view(self, spec: Spec, node: Any) -> Node:
        """The schema as the caller sees it: refs followed, allOf merged, anyOf-with-null as nullable."""
        key = (id(spec), id(node))
        cached = self._views.get(key)
        if cached is not None:
            return cached
        self._views[key] = {}  # cycle guard while this view is being built
        result = self._build_view(spec, node)
        self._views[key] = result
        return result

    def _build_view(self, spec: Spec, node: Any) -> Node:
        if not isinstance(node, dict):
            return {}
        if "$ref" in node:
            target = self.view(spec, spec.resolve({"$ref": node["$ref"]}))
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        if isinstance(node.get("allOf"), list):
            merged: Node = {}
            properties: Node = {}
            required: list[Any] = []
            for part in [self.view(spec, branch) for branch in node["allOf"]] + [node]:
                properties.update(part.get("properties") or {})
                required.extend(r for r in part.get("required") or [] if r not in required)
                own = part is node  # the schema's own keywords win over its branches'
                for key, value in part.items():
                    if key not in ("allOf", "properties", "required") and (own or key not in merged):
                        merged[key] = value
            if properties:
                merged["properties"] = properties
            if required:
                merged["required"] = required
            node = merged
        for combinator in ("anyOf", "oneOf"):
            branches = node.get(combinator)
            if isinstance(branches, list):
                real = [b for b in branches if _types(self.view(spec, b)) != {"null"}]
                if len(real) == 1 and len(branches) == 2:
                    inner = self.view(spec, real[0])
                    rest = {k: v for k, v in node.items() if k != combinator}
                    node = {**inner, **rest, "type": sorted(_types(inner) | {"null"})}
        result: Node = node
        return result

    def compare(self, old: Any, new: Any, emit: Emit, path: str = "") -> None:
        self._compare(old, new, emit, path, set())

    def _compare(self, old: Any, new: Any, emit: Emit, path: str, active: set[tuple[int, int]]) -> None:
        old_ref, new_ref = _component_ref(old), _component_ref(new)
        if old_ref is not None and new_ref is not None and old_ref[0] == new_ref[0]:
            # The component is compared once, at components.schemas.<name>, with its users; here
            # only what wraps it (a one-branch allOf's description, default, nullable...).
            if old_ref[1] != new_ref[1]:
                self._compare_views(old_ref[1], new_ref[1], emit, path, active)
            return
        a, b = self.view(self.old, old), self.view(self.new, new)
        pair = (id(a), id(b))
        if pair in active:
            return
        active.add(pair)
        try:
            self._compare_views(a, b, emit, path, active)
        finally:
            active.discard(pair)

    def _compare_views(self, a: Node, b: Node, emit: Emit, path: str, active: set[tuple[int, int]]) -> None:
        for key in DOC_KEYS:
            if a.get(key) != b.get(key):
                emit(path, Found(DOCUMENTATION, facts={"what": key}))
        if _typing_changed(a, b, emit, path):
            return
        if _types(a) != _types(b):
            old_t, new_t = "/".join(sorted(_types(a))) or "any", "/".join(sorted(_types(b))) or "any"
            emit(path, Found("type-changed", "type", {"old": old_t, "new": new_t}))
        if a.get("format") != b.get("format"):
            emit(path, Found("type-changed", "format", {"old": a.get("format"), "new": b.get("format")}))
        pinned = _default_became_const(a, b) or _default_became_const(b, a)
        self._compare_enums(a, b, emit, path)
        if a.get("default") != b.get("default") and not pinned:
            changed = {"old": _value(a.get("default")), "new": _value(b.get("default"))}
            emit(path, Found("default-changed", facts=changed))
        self._compare_properties(a, b, emit, path, active)
        for key in ("items", "additionalProperties"):
            if isinstance(a.get(key), dict) and isinstance(b.get(key), dict):
                self._compare(a[key], b[key], emit, f"{path}.{key}" if path else key, active)
        for combinator in ("anyOf", "oneOf"):
            old_b, new_b = a.get(combinator), b.get(combinator)
            if isinstance(old_b, list) and isinstance(new_b, list) and len(old_b) == len(new_b):
                for index, (x, y) in enumerate(zip(old_b, new_b, strict=True)):
                    sub = f"{path}.{combinator}[{index}]" if path else f"{combinator}[{index}]"
                    self._compare(x, y, emit, sub, active)
            elif old_b != new_b and (isinstance(old_b, list) or isinstance(new_b, list)):
                counts = {"old": len(old_b) if isinstance(old_b, list) else 0}
                counts["new"] = len(new_b) if isinstance(new_b, list) else 0
                emit(path, Found("type-changed", "alternatives", {"combinator": combinator, **counts}))

    def _compare_enums(self, a: Node, b: Node, emit: Emit, path: str) -> None:
        old_e, new_e = _enum(a), _enum(b)
        if old_e == new_e:
            return
        # Narrowing breaks callers that send; widening those that receive (diff/kinds.py classifies).
        if old_e is None and new_e is not None:
            if _default_became_const(a, b):
                emit(path, Found("enum-changed", "default-became-const", {"value": _value(b["const"])}))
            elif "const" in b:
                emit(path, Found("enum-changed", "now-const", {"value": _value(b["const"])}))
            else:
                emit(path, Found("enum-changed", "introduced", {"values": ", ".join(sorted(new_e))}))
            return
        if old_e is not None and new_e is None:
            if _default_became_const(b, a):
                emit(path, Found("enum-changed", "const-relaxed", {"value": _value(a["const"])}))
            else:
                emit(path, Found("enum-changed", "dropped"))
            return
        removed, added = sorted((old_e or set()) - (new_e or set())), sorted((new_e or set()) - (old_e or set()))
        emit(path, Found("enum-changed", "values", {"removed": removed, "added": added}))

    def _compare_properties(self, a: Node, b: Node, emit: Emit, path: str, active: set[tuple[int, int]]) -> None:
        old_p, new_p = a.get("properties"), b.get("properties")
        old_p = old_p if isinstance(old_p, dict) else {}
        new_p = new_p if isinstance(new_p, dict) else {}
        old_r = {r for r in a.get("required") or [] if isinstance(r, str)}
        new_r = {r for r in b.get("required") or [] if isinstance(r, str)}
        prefix = f"{path}.properties." if path else "properties."
        for name in sorted(old_p.keys() - new_p.keys()):
            emit(prefix + name, Found("property-removed"))
        for name in sorted(new_p.keys() - old_p.keys()):
            state = "required" if name in new_r else "optional"
            emit(prefix + name, Found("property-added", facts={"state": state}))
        for name in sorted(old_p.keys() & new_p.keys()):
            if (name in old_r) != (name in new_r):
                emit(prefix + name, Found("property-required", "now" if name in new_r else "no-longer"))
            self._compare(old_p[name], new_p[name], emit, prefix + name, active)
