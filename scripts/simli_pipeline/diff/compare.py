"""Compare two OpenAPI documents as APIs: every change a caller can observe, classified by the registry.

One job: walk two indexed documents (diff/model.py) -- operations, parameters, request and
response bodies, status codes, media types, security, servers, and each component schema once,
with the operations that use it -- and record what changed as change kinds (diff/kinds.py), which
render each message and decide whether it breaks a caller. Formatting, key order, quoting,
$ref-versus-inline, a one-branch allOf around a component and equivalent server URLs give no change.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from simli_pipeline.diff import kinds
from simli_pipeline.diff.generated import compare_generated
from simli_pipeline.diff.kinds import DOCUMENTATION, EVERYWHERE, RECEIVED, SENT, Contexts, Found
from simli_pipeline.diff.model import Node, Spec
from simli_pipeline.diff.report import Change, Report
from simli_pipeline.diff.schemas import Emit, SchemaComparer


class ChangeRecorder:
    """What every comparison shares: the changes found so far, each rendered and classified by the registry."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(
        self, location: str, found: Found, contexts: Contexts, used_by: tuple[str, ...] = (), label: str = ""
    ) -> None:
        """Record ``found`` at ``location``: the registry renders its message (after ``label``) and classifies it."""
        text = kinds.message(found)
        self.changes.append(Change(location, found.kind, f"{label}{text}", kinds.breaking(found, contexts), used_by))


class Differ(ChangeRecorder):
    """Builds the list of changes between two indexed OpenAPI documents."""

    def __init__(self, old: Spec, new: Spec) -> None:
        super().__init__()
        self.old, self.new = old, new
        self.schemas = SchemaComparer(old, new)

    def run(self) -> list[Change]:
        self._operations()
        self._components()
        self._security()
        self._servers()
        compare_generated(self.old, self.new, self.add)
        return sorted(set(self.changes))

    # ----------------------------------------------------------------- operations

    def _operations(self) -> None:
        old_ops, new_ops = self.old.operations, self.new.operations
        for key in sorted(old_ops.keys() - new_ops.keys()):
            self.add(key, Found("operation-removed"), EVERYWHERE)
        for key in sorted(new_ops.keys() - old_ops.keys()):
            self.add(key, Found("operation-added"), EVERYWHERE)
        for key in sorted(old_ops.keys() & new_ops.keys()):
            self._operation(key, old_ops[key].node, new_ops[key].node)
            self._parameters(key, old_ops[key].parameters, new_ops[key].parameters)

    def _emitter(self, location: str, label: str, contexts: Contexts) -> Emit:
        def emit(path: str, found: Found) -> None:
            self.add(location, found, contexts, label=f"{label} {path}: " if path else f"{label}: ")

        return emit

    def _operation(self, key: str, a: Node, b: Node) -> None:
        for name in ("summary", "description"):
            if a.get(name) != b.get(name):
                self.add(key, Found(DOCUMENTATION, facts={"what": name}), EVERYWHERE)
        if bool(a.get("deprecated")) != bool(b.get("deprecated")):
            self.add(key, Found("deprecated", "now" if b.get("deprecated") else "no-longer"), EVERYWHERE)
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
                renamed = {"old": gone[1], "location": gone[0], "new": match[1]}
                self.add(key, Found("parameter-renamed", facts=renamed), SENT)
        for where, name in removed:
            self.add(key, Found("parameter-removed", facts={"name": name, "location": where}), SENT)
        for where, name in added:
            state = "required" if new[(where, name)].get("required") else "optional"
            self.add(key, Found("parameter-added", facts={"name": name, "location": where, "state": state}), SENT)
        for where, name in sorted(old.keys() & new.keys()):
            a, b = old[(where, name)], new[(where, name)]
            label = f"parameter {name} ({where})"
            if bool(a.get("required")) != bool(b.get("required")):
                required = Found("parameter-required", "now" if b.get("required") else "no-longer", {"label": label})
                self.add(key, required, SENT)
            if a.get("description") != b.get("description"):
                self.add(key, Found(DOCUMENTATION, facts={"what": f"{label}: description"}), SENT)
            self.schemas.compare(a.get("schema"), b.get("schema"), self._emitter(key, label, SENT))

    def _same_parameter(self, a: Node, b: Node) -> bool:
        found_kinds: list[str] = []

        def record(_path: str, found: Found) -> None:
            found_kinds.append(found.kind)

        self.schemas.compare(a.get("schema"), b.get("schema"), record)
        return bool(a.get("required")) == bool(b.get("required")) and all(k == DOCUMENTATION for k in found_kinds)

    def _request_body(self, key: str, raw_a: Any, raw_b: Any) -> None:
        a, b = self.old.resolve(raw_a), self.new.resolve(raw_b)
        if not isinstance(a, dict) or not a:
            if isinstance(b, dict) and b:
                state = "required" if b.get("required") else "optional"
                self.add(key, Found("request-body-added", facts={"state": state}), SENT)
            return
        if not isinstance(b, dict) or not b:
            self.add(key, Found("request-body-removed"), SENT)
            return
        if bool(a.get("required")) != bool(b.get("required")):
            self.add(key, Found("request-body-required", "now" if b.get("required") else "no-longer"), SENT)
        self._content(key, "request body", a.get("content"), b.get("content"), SENT)

    def _responses(self, key: str, a: Any, b: Any) -> None:
        a = a if isinstance(a, dict) else {}
        b = b if isinstance(b, dict) else {}
        old_codes, new_codes = {str(k): v for k, v in a.items()}, {str(k): v for k, v in b.items()}
        for code in sorted(old_codes.keys() - new_codes.keys()):
            self.add(key, Found("response-removed", facts={"code": code}), RECEIVED)
        for code in sorted(new_codes.keys() - old_codes.keys()):
            self.add(key, Found("response-added", facts={"code": code}), RECEIVED)
        for code in sorted(old_codes.keys() & new_codes.keys()):
            x, y = self.old.resolve(old_codes[code]), self.new.resolve(new_codes[code])
            if not isinstance(x, dict) or not isinstance(y, dict):
                continue
            if x.get("description") != y.get("description"):
                self.add(key, Found(DOCUMENTATION, facts={"what": f"response {code}: description"}), RECEIVED)
            self._content(key, f"response {code}", x.get("content"), y.get("content"), RECEIVED)

    def _content(self, key: str, label: str, a: Any, b: Any, contexts: Contexts) -> None:
        # Media types match case-insensitively (RFC 6838) but are shown as written.
        old_media = {str(k).lower(): (str(k), v) for k, v in a.items()} if isinstance(a, dict) else {}
        new_media = {str(k).lower(): (str(k), v) for k, v in b.items()} if isinstance(b, dict) else {}
        for media in sorted(old_media.keys() - new_media.keys()):
            self.add(key, Found("media-type-removed", facts={"label": label, "media": old_media[media][0]}), contexts)
        for media in sorted(new_media.keys() - old_media.keys()):
            self.add(key, Found("media-type-added", facts={"label": label, "media": new_media[media][0]}), contexts)
        for media in sorted(old_media.keys() & new_media.keys()):
            (shown, x), (_, y) = old_media[media], new_media[media]
            if isinstance(x, dict) and isinstance(y, dict):
                for name in ("example", "examples"):
                    if x.get(name) != y.get(name):
                        self.add(key, Found(DOCUMENTATION, facts={"what": f"{label} {shown}: {name}"}), contexts)
                emit = self._emitter(key, f"{label} {shown}", contexts)
                self.schemas.compare(x.get("schema"), y.get("schema"), emit)

    # ----------------------------------------------------------------- component schemas

    def _components(self) -> None:
        for name in sorted(self.old.schemas.keys() & self.new.schemas.keys()):
            found: list[tuple[str, Found]] = []

            def record(path: str, what: Found, found: list[tuple[str, Found]] = found) -> None:
                found.append((path, what))

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
            for path, what in found:
                location = f"{base}.{path}" if path else base
                self.add(location, what, every, tuple(sorted(users)))

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

        # Whether every way a caller authenticated still works, or anonymous access is now allowed.
        facts = {"old": show(old), "new": show(new), "kept": old <= new, "anonymous": frozenset() in new}
        self.add(location, Found("security-changed", "requirements", facts), EVERYWHERE)

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
                self.add(location, Found("security-changed", "scheme-removed"), EVERYWHERE)
            elif name not in schemes_a:
                self.add(location, Found("security-changed", "scheme-added"), EVERYWHERE)
            elif _without_docs(a) != _without_docs(b):
                self.add(location, Found("security-changed", "scheme-changed"), EVERYWHERE)

    def _servers(self) -> None:
        def urls(document: Node) -> dict[str, str]:  # normalised URL -> URL as written
            servers = document.get("servers")
            found = [str(s.get("url")) for s in servers if isinstance(s, dict)] if isinstance(servers, list) else []
            return {server_key(url): url for url in found}

        old, new = urls(self.old.document), urls(self.new.document)
        for key in sorted(old.keys() - new.keys()):
            self.add("servers", Found("servers-changed", "removed", {"url": old[key]}), EVERYWHERE)
        for key in sorted(new.keys() - old.keys()):
            self.add("servers", Found("servers-changed", "added", {"url": new[key]}), EVERYWHERE)


def server_key(url: str) -> str:
    """A server URL as the server it names: scheme and host lower-cased, default port and trailing / dropped."""
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
    with collector_paused():
        old_spec, new_spec = Spec.of(base), Spec.of(new)
        everything = Differ(old_spec, new_spec).run()
        inconsistencies = [("base", loc, msg) for loc, msg in old_spec.inconsistencies()]
        inconsistencies += [("new", loc, msg) for loc, msg in new_spec.inconsistencies()]
    return Report(
        base=base_name,
        new=new_name,
        changes=[c for c in everything if c.kind != DOCUMENTATION],
        documentation=[c for c in everything if c.kind == DOCUMENTATION],
        inconsistencies=inconsistencies,
    )


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
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
