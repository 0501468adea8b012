"""Compare two OpenAPI documents as APIs and classify every change as breaking or not.

One job: read BASE and NEW (paths or URLs; BASE defaults to the pinned openapi/openapi.yaml,
NEW to Simli's upstream URL), report what changed for a caller -- operations, parameters,
request and response bodies, status codes, media types, security, servers -- with
documentation-only changes in a separate section and each document's inconsistencies listed
apart. Formatting, key order, quoting, $ref-versus-inline, a one-branch allOf around a component
and equivalent server URLs give no change. A change inside a component schema is reported once,
at the schema, with the operations that use it. Each change names the facade methods callers use
(``simli_api.OPERATIONS`` of this repository's src/), and the report lists what update-spec would
warn about, or refuse, in NEW.

Exit status: 0 no API change, 1 changes but none breaking, 2 at least one breaking change,
3 a document could not be read or is not OpenAPI, or the report could not be written (one line
on stderr, never a traceback).

Usage: python scripts/spec_diff.py [--base OLD] [NEW] [--format markdown|json]
                                   [--markdown-file PATH] [--json-file PATH]
                                   [--no-facade] [--no-pipeline-check]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common import UPSTREAM_URL, PipelineError, default_repo, run_cli, write_atomically
from spec_model import REQUEST, RESPONSE, SCHEMA_PREFIX, Node, Spec, load

if TYPE_CHECKING:
    from normalise import Applied

EXIT_SAME, EXIT_CHANGED, EXIT_BREAKING, EXIT_UNREADABLE = 0, 1, 2, 3
DOC_KEYS = ("summary", "description", "title", "example", "examples")
Contexts = frozenset[str]


@dataclass(frozen=True, order=True)
class Change:
    """One difference a caller can observe (or, with kind "documentation", only read)."""

    location: str
    kind: str
    message: str
    breaking: bool
    used_by: tuple[str, ...] = ()
    facade: tuple[str, ...] = ()  # the facade methods callers use for the operations concerned

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "location": self.location,
            "breaking": self.breaking,
            "message": self.message,
        }
        if self.used_by:
            data["used_by"] = list(self.used_by)
        if self.facade:
            data["facade"] = list(self.facade)
        return data


@dataclass(frozen=True)
class Report:
    base: str
    new: str
    changes: list[Change]
    documentation: list[Change]
    inconsistencies: list[tuple[str, str, str]]  # (document, location, message)
    pipeline: list[tuple[str, str]] = field(default_factory=list)  # (warning|refusal, message) for NEW
    notes: list[str] = field(default_factory=list)  # what the report could not include, and why

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]

    @property
    def exit_code(self) -> int:
        if self.breaking:
            return EXIT_BREAKING
        return EXIT_CHANGED if self.changes else EXIT_SAME


# Whether a schema change breaks callers depends on where the schema is used: (if sent, if received).
Breaks = tuple[bool, bool]
ALWAYS, NEVER = (True, True), (False, False)
Emit = Callable[[str, str, str, Breaks], None]  # (sub-path, kind, message, breaks)


def _breaks(contexts: Contexts, breaks: Breaks) -> bool:
    return (REQUEST in contexts and breaks[0]) or (RESPONSE in contexts and breaks[1])


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
        message = f"untyped (any JSON) -> {_shape(b)}: the generated client now returns or takes a typed value"
        message += " (a model for objects) instead of raw JSON, so code reading it as a dict or list breaks"
    else:
        message = f"{_shape(a)} -> untyped (any JSON): the generated client now returns or takes raw JSON"
        message += " instead of a typed value, so code using its attributes breaks"
    emit(path, "schema-typed" if _untyped(a) else "schema-untyped", message, ALWAYS)
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
                emit(path, "documentation", f"{key} changed", NEVER)
        if _typing_changed(a, b, emit, path):
            return
        if _types(a) != _types(b):
            old_t, new_t = "/".join(sorted(_types(a))) or "any", "/".join(sorted(_types(b))) or "any"
            emit(path, "type-changed", f"type {old_t} -> {new_t}", ALWAYS)
        if a.get("format") != b.get("format"):
            emit(path, "type-changed", f"format {a.get('format')} -> {b.get('format')}", ALWAYS)
        pinned = _default_became_const(a, b) or _default_became_const(b, a)
        self._compare_enums(a, b, emit, path)
        if a.get("default") != b.get("default") and not pinned:
            emit(path, "default-changed", f"default {_value(a.get('default'))} -> {_value(b.get('default'))}", NEVER)
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
                count = (
                    f"{len(old_b) if isinstance(old_b, list) else 0} -> {len(new_b) if isinstance(new_b, list) else 0}"
                )
                emit(path, "type-changed", f"{combinator} variants changed ({count})", ALWAYS)

    def _compare_enums(self, a: Node, b: Node, emit: Emit, path: str) -> None:
        old_e, new_e = _enum(a), _enum(b)
        if old_e == new_e:
            return
        # Narrowing breaks callers that send; widening breaks callers that receive (the
        # generated client refuses enum values it does not know).
        if old_e is None and new_e is not None:
            if _default_became_const(a, b):
                message = f"default {_value(b['const'])} became const: only that value is accepted now"
            elif "const" in b:
                message = f"now const {_value(b['const'])}: only that value is accepted"
            else:
                message = f"enum introduced: only {', '.join(sorted(new_e))} accepted"
            emit(path, "enum-changed", message, (True, False))
            return
        if old_e is not None and new_e is None:
            if _default_became_const(b, a):
                message = f"const {_value(a['const'])} relaxed to a default: other values are accepted now"
            else:
                message = "enum dropped: any value of its type is accepted now"
            emit(path, "enum-changed", message, (False, True))
            return
        removed, added = sorted((old_e or set()) - (new_e or set())), sorted((new_e or set()) - (old_e or set()))
        parts = [f"removed {', '.join(removed)}"] if removed else []
        parts += [f"added {', '.join(added)}"] if added else []
        emit(path, "enum-changed", f"enum values {'; '.join(parts)}", (bool(removed), bool(added)))

    def _compare_properties(self, a: Node, b: Node, emit: Emit, path: str, active: set[tuple[int, int]]) -> None:
        old_p, new_p = a.get("properties"), b.get("properties")
        old_p = old_p if isinstance(old_p, dict) else {}
        new_p = new_p if isinstance(new_p, dict) else {}
        old_r = {r for r in a.get("required") or [] if isinstance(r, str)}
        new_r = {r for r in b.get("required") or [] if isinstance(r, str)}
        prefix = f"{path}.properties." if path else "properties."
        for name in sorted(old_p.keys() - new_p.keys()):
            emit(prefix + name, "property-removed", "property removed", ALWAYS)
        for name in sorted(new_p.keys() - old_p.keys()):
            required = name in new_r
            state = "required" if required else "optional"
            emit(prefix + name, "property-added", f"property added ({state})", (required, False))
        for name in sorted(old_p.keys() & new_p.keys()):
            if (name in old_r) != (name in new_r):
                now = name in new_r
                message = "property now required" if now else "property no longer required"
                emit(prefix + name, "property-required", message, (now, not now))
            self._compare(old_p[name], new_p[name], emit, prefix + name, active)


class Differ:
    """Builds the list of changes between two indexed documents."""

    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self.schemas = SchemaComparer(old, new)
        self.changes: list[Change] = []

    def add(self, location: str, kind: str, message: str, breaking: bool, used_by: tuple[str, ...] = ()) -> None:
        self.changes.append(Change(location, kind, message, breaking and kind != "documentation", used_by))

    def run(self) -> list[Change]:
        self._operations()
        self._components()
        self._security()
        self._servers()
        return sorted(set(self.changes))

    # ----------------------------------------------------------------- operations

    def _operations(self) -> None:
        old_ops, new_ops = self.old.operations, self.new.operations
        for key in sorted(old_ops.keys() - new_ops.keys()):
            self.add(key, "operation-removed", "operation removed", True)
        for key in sorted(new_ops.keys() - old_ops.keys()):
            self.add(key, "operation-added", "operation added", False)
        for key in sorted(old_ops.keys() & new_ops.keys()):
            self._operation(key, old_ops[key].node, new_ops[key].node)
            self._parameters(key, old_ops[key].parameters, new_ops[key].parameters)

    def _emitter(self, location: str, label: str, contexts: Contexts) -> Emit:
        def emit(path: str, kind: str, message: str, breaks: Breaks) -> None:
            text = f"{label} {path}: {message}" if path else f"{label}: {message}"
            self.add(location, kind, text, _breaks(contexts, breaks))

        return emit

    def _operation(self, key: str, a: Node, b: Node) -> None:
        for name in ("summary", "description"):
            if a.get(name) != b.get(name):
                self.add(key, "documentation", f"{name} changed", False)
        if bool(a.get("deprecated")) != bool(b.get("deprecated")):
            self.add(key, "deprecated", "now deprecated" if b.get("deprecated") else "no longer deprecated", False)
        if "security" in a or "security" in b:
            self._security_change(key, self._effective_security(self.old, a), self._effective_security(self.new, b))
        self._request_body(key, a.get("requestBody"), b.get("requestBody"))
        self._responses(key, a.get("responses"), b.get("responses"))

    def _parameters(self, key: str, old: dict[tuple[str, str], Node], new: dict[tuple[str, str], Node]) -> None:
        removed = sorted(old.keys() - new.keys())
        added = sorted(new.keys() - old.keys())
        for gone in list(removed):  # a removal and an addition in the same place with the same schema: a rename
            match = next((n for n in added if n[0] == gone[0] and self._same_parameter(old[gone], new[n])), None)
            if match is not None:
                removed.remove(gone)
                added.remove(match)
                self.add(key, "parameter-renamed", f"parameter {gone[1]} ({gone[0]}) renamed to {match[1]}", True)
        for where, name in removed:
            self.add(key, "parameter-removed", f"parameter {name} ({where}) removed", True)
        for where, name in added:
            required = bool(new[(where, name)].get("required"))
            state = "required" if required else "optional"
            self.add(key, "parameter-added", f"parameter {name} ({where}) added ({state})", required)
        for where, name in sorted(old.keys() & new.keys()):
            a, b = old[(where, name)], new[(where, name)]
            label = f"parameter {name} ({where})"
            if bool(a.get("required")) != bool(b.get("required")):
                now = bool(b.get("required"))
                self.add(key, "parameter-required", f"{label} {'now required' if now else 'no longer required'}", now)
            if a.get("description") != b.get("description"):
                self.add(key, "documentation", f"{label}: description changed", False)
            self.schemas.compare(a.get("schema"), b.get("schema"), self._emitter(key, label, frozenset({REQUEST})))

    def _same_parameter(self, a: Node, b: Node) -> bool:
        kinds: list[str] = []

        def record(_path: str, kind: str, _message: str, _breaks: Breaks) -> None:
            kinds.append(kind)

        self.schemas.compare(a.get("schema"), b.get("schema"), record)
        return bool(a.get("required")) == bool(b.get("required")) and all(k == "documentation" for k in kinds)

    def _request_body(self, key: str, raw_a: Any, raw_b: Any) -> None:
        a, b = self.old.resolve(raw_a), self.new.resolve(raw_b)
        if not isinstance(a, dict) or not a:
            if isinstance(b, dict) and b:
                required = bool(b.get("required"))
                self.add(
                    key,
                    "request-body-added",
                    f"request body added ({'required' if required else 'optional'})",
                    required,
                )
            return
        if not isinstance(b, dict) or not b:
            self.add(key, "request-body-removed", "request body removed", True)
            return
        if bool(a.get("required")) != bool(b.get("required")):
            now = bool(b.get("required"))
            self.add(
                key, "request-body-required", f"request body {'now required' if now else 'no longer required'}", now
            )
        self._content(key, "request body", a.get("content"), b.get("content"), frozenset({REQUEST}))

    def _responses(self, key: str, a: Any, b: Any) -> None:
        a = a if isinstance(a, dict) else {}
        b = b if isinstance(b, dict) else {}
        old_codes, new_codes = {str(k): v for k, v in a.items()}, {str(k): v for k, v in b.items()}
        for code in sorted(old_codes.keys() - new_codes.keys()):
            self.add(key, "response-removed", f"response {code} removed", True)
        for code in sorted(new_codes.keys() - old_codes.keys()):
            self.add(key, "response-added", f"response {code} added", False)
        for code in sorted(old_codes.keys() & new_codes.keys()):
            x, y = self.old.resolve(old_codes[code]), self.new.resolve(new_codes[code])
            if not isinstance(x, dict) or not isinstance(y, dict):
                continue
            if x.get("description") != y.get("description"):
                self.add(key, "documentation", f"response {code}: description changed", False)
            self._content(key, f"response {code}", x.get("content"), y.get("content"), frozenset({RESPONSE}))

    def _content(self, key: str, label: str, a: Any, b: Any, contexts: Contexts) -> None:
        # Media types match case-insensitively (RFC 6838) but are shown as written.
        old_media = {str(k).lower(): (str(k), v) for k, v in a.items()} if isinstance(a, dict) else {}
        new_media = {str(k).lower(): (str(k), v) for k, v in b.items()} if isinstance(b, dict) else {}
        for media in sorted(old_media.keys() - new_media.keys()):
            self.add(key, "media-type-removed", f"{label}: media type {old_media[media][0]} removed", True)
        for media in sorted(new_media.keys() - old_media.keys()):
            self.add(key, "media-type-added", f"{label}: media type {new_media[media][0]} added", False)
        for media in sorted(old_media.keys() & new_media.keys()):
            (shown, x), (_, y) = old_media[media], new_media[media]
            if isinstance(x, dict) and isinstance(y, dict):
                for name in ("example", "examples"):
                    if x.get(name) != y.get(name):
                        self.add(key, "documentation", f"{label} {shown}: {name} changed", False)
                emit = self._emitter(key, f"{label} {shown}", contexts)
                self.schemas.compare(x.get("schema"), y.get("schema"), emit)

    # ----------------------------------------------------------------- component schemas

    def _components(self) -> None:
        for name in sorted(self.old.schemas.keys() & self.new.schemas.keys()):
            found: list[tuple[str, str, str, Breaks]] = []

            def record(path: str, kind: str, message: str, breaks: Breaks, found: list[Any] = found) -> None:
                found.append((path, kind, message, breaks))

            self.schemas.compare(self.old.schemas[name], self.new.schemas[name], record)
            if not found:
                continue
            users: dict[str, set[str]] = {}
            for spec in (self.old, self.new):
                for operation, contexts in spec.users(str(name)).items():
                    users.setdefault(operation, set()).update(contexts)
            if not users:
                continue  # not reachable from any operation: no caller can observe it
            every = frozenset(c for cs in users.values() for c in cs)
            base = f"components.schemas.{name}"
            for path, kind, message, breaks in found:
                location = f"{base}.{path}" if path else base
                self.add(location, kind, message, _breaks(every, breaks), tuple(sorted(users)))

    # ----------------------------------------------------------------- security and servers

    @staticmethod
    def _requirements(raw: Any) -> frozenset[frozenset[str]]:
        if not isinstance(raw, list) or not raw:  # no requirement (absent or []): anonymous access
            return frozenset({frozenset()})
        return frozenset(frozenset(str(k) for k in item) for item in raw if isinstance(item, dict))

    def _effective_security(self, spec: Spec, operation: Node) -> frozenset[frozenset[str]]:
        return self._requirements(operation["security"] if "security" in operation else spec.document.get("security"))

    def _security_change(self, location: str, old: frozenset[frozenset[str]], new: frozenset[frozenset[str]]) -> None:
        if old == new:
            return

        def show(reqs: frozenset[frozenset[str]]) -> str:
            return " or ".join(sorted(" + ".join(sorted(r)) or "none" for r in reqs)) or "unspecified"

        # Not breaking if every way a caller authenticated still works, or anonymous access is now allowed.
        breaking = not (old <= new or frozenset() in new)
        self.add(location, "security-changed", f"security {show(old)} -> {show(new)}", breaking)

    def _security(self) -> None:
        doc_a, doc_b = self.old.document, self.new.document
        self._security_change(
            "security", self._requirements(doc_a.get("security")), self._requirements(doc_b.get("security"))
        )
        schemes_a = (doc_a.get("components") or {}).get("securitySchemes") or {}
        schemes_b = (doc_b.get("components") or {}).get("securitySchemes") or {}
        for name in sorted(set(schemes_a) | set(schemes_b)):
            location = f"components.securitySchemes.{name}"
            a, b = self.old.resolve(schemes_a.get(name)), self.new.resolve(schemes_b.get(name))
            if name not in schemes_b:
                self.add(location, "security-changed", "security scheme removed", True)
            elif name not in schemes_a:
                self.add(location, "security-changed", "security scheme added", False)
            elif _without_docs(a) != _without_docs(b):
                self.add(location, "security-changed", "security scheme definition changed", True)

    def _servers(self) -> None:
        def urls(document: Node) -> dict[str, str]:  # normalised URL -> URL as written
            servers = document.get("servers")
            found = [str(s.get("url")) for s in servers if isinstance(s, dict)] if isinstance(servers, list) else []
            return {server_key(url): url for url in found}

        old, new = urls(self.old.document), urls(self.new.document)
        for key in sorted(old.keys() - new.keys()):
            self.add("servers", "servers-changed", f"server {old[key]} removed", True)
        for key in sorted(new.keys() - old.keys()):
            self.add("servers", "servers-changed", f"server {new[key]} added", False)


def server_key(url: str) -> str:
    """A server URL as the server it names: scheme and host lower-cased, default port and trailing / dropped."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    return urlunsplit((scheme, _netloc_key(parts, scheme), parts.path.rstrip("/"), parts.query, ""))


DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _netloc_key(parts: Any, scheme: str) -> str:
    netloc: str = parts.netloc
    if "{" in netloc:  # a server variable's name is case-sensitive: a templated host stays as written
        return netloc
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: nothing to normalise
        return netloc
    host = (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host  # an IPv6 literal
    userinfo = netloc.rpartition("@")[0]
    shown_port = f":{port}" if port is not None and port != DEFAULT_PORTS.get(scheme) else ""
    return (f"{userinfo}@" if userinfo else "") + host + shown_port


def _without_docs(node: Any) -> Any:
    return {k: v for k, v in node.items() if k != "description"} if isinstance(node, dict) else node


def diff(base: Node, new: Node, base_name: str = "base", new_name: str = "new") -> Report:
    """The semantic difference between two parsed documents."""
    with _collector_paused():
        old_spec, new_spec = Spec.of(base), Spec.of(new)
        everything = Differ(old_spec, new_spec).run()
        inconsistencies = [("base", loc, msg) for loc, msg in old_spec.inconsistencies()]
        inconsistencies += [("new", loc, msg) for loc, msg in new_spec.inconsistencies()]
    return Report(
        base=base_name,
        new=new_name,
        changes=[c for c in everything if c.kind != "documentation"],
        documentation=[c for c in everything if c.kind == "documentation"],
        inconsistencies=inconsistencies,
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one diff.

    The diff allocates many small, acyclic objects while both documents stay alive; each full
    collection would rescan the documents, a cost that grows with their size and made an
    8,000-operation diff more than 4x a 2,000-operation one. Reference counting still frees
    everything as usual; the collector resumes (if it was on) when the diff ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --------------------------------------------------------------------------- facade names and pipeline findings

# Run in a separate interpreter so the repository's own facade is imported (never an installed copy,
# never one already loaded here) and nothing it does on import can break the report.
FACADE_LOADER = """
import json, sys
sys.path[:0] = sys.argv[1:3]
import simli_api
operations = getattr(simli_api, "OPERATIONS", None)
if operations is None:
    sys.exit("simli_api has no OPERATIONS mapping")
print(json.dumps({str(key): str(value) for key, value in dict(operations).items()}))
"""
FACADE_TIMEOUT_SECONDS = 60
FACADE_PREFIX = "simli."


def facade_names(root: Path) -> tuple[dict[str, str], str | None]:
    """("METHOD /path" -> "simli.<area>.<method>", note) from ``simli_api.OPERATIONS`` in ``root``'s src/.

    The facade is imported from ``root/src`` with ``root/generated`` on the path. When that fails,
    or it declares no OPERATIONS, the names are empty and the note says why in one line.
    """
    import subprocess

    source = root / "src"
    if not (source / "simli_api").is_dir():
        return {}, f"no facade names: {source / 'simli_api'} not found"
    command = [sys.executable, "-I", "-c", FACADE_LOADER, str(source), str(root / "generated")]
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=FACADE_TIMEOUT_SECONDS, check=False, cwd=root
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {}, f"no facade names: importing simli_api failed ({type(exc).__name__})"
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines() or ["no output"]
        return {}, f"no facade names: importing simli_api failed ({lines[-1][:200]})"
    try:
        loaded = json.loads(completed.stdout)
    except json.JSONDecodeError:
        return {}, "no facade names: simli_api.OPERATIONS could not be read"
    return {key: FACADE_PREFIX + value for key, value in loaded.items()}, None


def with_facade(report: Report, names: dict[str, str], note: str | None = None) -> Report:
    """``report`` with each change naming the facade methods of the operations it concerns."""

    def named(change: Change) -> Change:
        keys = (change.location, *change.used_by)
        return replace(change, facade=tuple(sorted({names[key] for key in keys if key in names})))

    return replace(
        report,
        changes=[named(change) for change in report.changes],
        documentation=[named(change) for change in report.documentation],
        notes=[*report.notes, *([note] if note else [])],
    )


def pipeline_findings(document: Node, origin: str) -> list[tuple[str, str]]:
    """What update-spec would say about ``document``: its warnings, or the refusal that stops it.

    ("warning" | "refusal", message) in the order the pipeline's gate (scripts/gate.py) meets them:
    normalisation rules first, then the validator's findings on the normalised copy. Never raises.
    """
    from gate import gate

    seen: list[Applied] = []
    found: list[tuple[str, str]] = []
    try:
        gate(document, origin, seen=seen)
    except PipelineError as exc:
        found.append(("refusal", str(exc)))
    except Exception as exc:  # never let a check of the new document stop the report itself
        found.append(("refusal", f"{origin}: could not be checked ({type(exc).__name__})"))
    return [("warning", str(item)) for item in seen if item.warning] + found


# --------------------------------------------------------------------------- output


def to_json(report: Report) -> str:
    data = {
        "base": report.base,
        "new": report.new,
        "summary": {
            "changes": len(report.changes),
            "breaking": len(report.breaking),
            "documentation": len(report.documentation),
            "inconsistencies": len(report.inconsistencies),
            "exit_code": report.exit_code,
        },
        "changes": [c.as_json() for c in report.changes],
        "documentation": [c.as_json() for c in report.documentation],
        "inconsistencies": [{"document": d, "location": loc, "message": msg} for d, loc, msg in report.inconsistencies],
        "pipeline": [{"level": level, "message": message} for level, message in report.pipeline],
        "notes": list(report.notes),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return text.replace("<", "&lt;")  # no raw HTML from a document into a PR body


def _bullet(change: Change) -> str:
    used = f" (used by: {', '.join(change.used_by)})" if change.used_by else ""
    facade = ""
    if change.facade:
        verdict = "breaking for" if change.breaking else "affects"
        facade = f"; {verdict} " + ", ".join(f"`{_md(name)}`" for name in change.facade)
    return f"- `{_md(change.location)}` **{change.kind}**: {_md(change.message)}{_md(used)}{facade}"


def to_markdown(report: Report) -> str:
    breaking, other = report.breaking, [c for c in report.changes if not c.breaking]
    verdict = (
        f"**{len(breaking)} breaking change(s)**" if breaking else ("no breaking change" if other else "no API change")
    )
    lines = [
        "## Simli API spec drift",
        "",
        f"Comparing `{_md(report.base)}` (base) with `{_md(report.new)}` (new): {len(report.changes)} API change(s), "
        f"{verdict}.",
    ]
    sections = [
        ("Breaking changes", [_bullet(c) for c in breaking]),
        ("Non-breaking changes", [_bullet(c) for c in other]),
        ("Documentation changes", [_bullet(c) for c in report.documentation]),
        (
            "Inconsistencies (not changes)",
            [f"- {d}: `{_md(loc)}`: {_md(msg)}" for d, loc, msg in report.inconsistencies],
        ),
        ("Pipeline findings on the new document", [f"- {level}: {_md(msg)}" for level, msg in report.pipeline]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"### {title}", "", *items]
    if report.notes:
        lines += ["", *[f"_Note: {_md(note)}._" for note in report.notes]]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="spec_diff.py",
        description="Semantic diff of two OpenAPI documents, classified breaking or not. "
        "Exit 0 no API change, 1 changes none breaking, 2 breaking, 3 unreadable or not OpenAPI.",
    )
    pinned = default_repo().spec
    parser.add_argument("--base", default=str(pinned), help="old document, path or URL (default: the pinned spec)")
    parser.add_argument(
        "new", nargs="?", default=UPSTREAM_URL, help=f"new document, path or URL (default: {UPSTREAM_URL})"
    )
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="report format on stdout")
    parser.add_argument("--markdown-file", type=Path, help="also write the Markdown report here")
    parser.add_argument("--json-file", type=Path, help="also write the JSON report here")
    parser.add_argument(
        "--no-facade", action="store_true", help="do not name facade methods (simli_api.OPERATIONS of this repository)"
    )
    parser.add_argument(
        "--no-pipeline-check", action="store_true", help="do not list what update-spec would say about NEW"
    )
    args = parser.parse_args(argv)
    base, new = load(args.base), load(args.new)  # a DocumentError is one line and exit 3 (run_cli)
    report = diff(base, new, args.base, args.new)
    if not args.no_pipeline_check:
        report = replace(report, pipeline=pipeline_findings(new, args.new))
    if not args.no_facade:
        report = with_facade(report, *facade_names(default_repo().root))
    rendered = {"markdown": to_markdown(report), "json": to_json(report)}
    sys.stdout.write(rendered[args.format])
    for path, text in ((args.markdown_file, rendered["markdown"]), (args.json_file, rendered["json"])):
        if path is not None:
            try:
                write_atomically(path, text.encode("utf-8"))
            except OSError as exc:
                raise PipelineError(f"{path}: cannot write the report there ({exc.strerror or exc})") from None
    return report.exit_code


if __name__ == "__main__":
    run_cli(main, failure_status=EXIT_UNREADABLE)
