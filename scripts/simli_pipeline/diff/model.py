"""An OpenAPI document seen as an API: operations, resolved $refs, schema usage, inconsistencies.

One job: turn a parsed document into the indexed view the diff (diff/compare.py) compares. Every
lookup is memoised and every index is built in one pass, so the cost grows linearly with
the document: operations are keyed by "METHOD /path", $refs are resolved once each, and
each component schema knows which operations use it (directly or through other schemas).

Not a command line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from simli_pipeline.errors import PipelineError
from simli_pipeline.openapi import HTTP_METHODS, MISSING, ref_target, template_variables
from simli_pipeline.parsing import parse_document
from simli_pipeline.sources import read_source

Node = dict[str, Any]
SCHEMA_PREFIX = "#/components/schemas/"
REQUEST, RESPONSE = "request", "response"
# Keys whose values are data rather than API structure.
LITERAL_KEYS = frozenset({"example", "examples", "default", "const", "enum", "x-examples"})


class DocumentError(PipelineError):
    """A document that could not be read or is not OpenAPI (the diff's exit status 3)."""


def load(source: str) -> Node:
    """Read ``source`` (path or URL) and check it is an OpenAPI 3.0/3.1 document.

    Deliberately lighter than validation.load_openapi: a full validation would refuse documents
    with dangling $refs or undeclared path variables, which the diff must report, not reject.
    """
    return check(read(source), source)


def read(source: str) -> Node:
    """Read and parse ``source`` (path or URL), OpenAPI or AsyncAPI alike; a failure is a DocumentError."""
    try:
        return parse_document(read_source(source), source, "API")
    except PipelineError as exc:
        # the sources' offline hint names update-spec; point at the command actually running.
        raise DocumentError(str(exc).replace("nox -s update-spec -- PATH", "nox -s drift -- PATH")) from None


def check(document: Node, source: str) -> Node:
    """``document`` if it is an OpenAPI 3.0/3.1 document the diff can walk; else a DocumentError."""
    version = document.get("openapi")
    if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
        found = f"version {version!r}" if version is not None else "no 'openapi' version field"
        raise DocumentError(f"{source}: not an OpenAPI 3.0/3.1 document ({found})")
    if not isinstance(document.get("paths", {}), dict):
        raise DocumentError(f"{source}: 'paths' is not a mapping; not an OpenAPI document")
    components = document.get("components") or {}  # an empty `components:` reads as null
    if not isinstance(components, dict):
        raise DocumentError(f"{source}: 'components' is not a mapping; not an OpenAPI document")
    for section, entries in components.items():
        if entries is not None and not isinstance(entries, dict) and not str(section).startswith("x-"):
            raise DocumentError(f"{source}: components.{str(section)[:60]} is not a mapping; not an OpenAPI document")
    return document


def iter_nodes(node: Any, pointer: str = "") -> Iterator[tuple[str, Node]]:
    """Every mapping below ``node`` with a dotted location, skipping literal data; iterative."""
    stack: list[tuple[str, Any]] = [(pointer, node)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, dict):
            yield where, item
            for key, value in reversed(list(item.items())):
                if key not in LITERAL_KEYS and isinstance(value, (dict, list)):
                    stack.append((f"{where}.{key}" if where else str(key), value))
        elif isinstance(item, list):
            for index in reversed(range(len(item))):
                stack.append((f"{where}[{index}]", item[index]))


def iter_mappings(node: Any) -> Iterator[Node]:
    """Every mapping below ``node``, unlocated: the fast walk for collecting $refs."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(v for k, v in item.items() if k not in LITERAL_KEYS and isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))


@dataclass
class Operation:
    """One operation with path-level and operation-level parameters merged."""

    key: str  # "GET /history/sessions"
    path: str
    node: Node
    parameters: dict[tuple[str, str], Node]  # (in, name) -> resolved parameter


@dataclass
class Spec:
    """A document plus its indexes. Build with :meth:`of`."""

    document: Node
    operations: dict[str, Operation] = field(default_factory=dict)
    _resolved: dict[str, Any] = field(default_factory=dict)
    _users: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    _reverse: tuple[dict[str, set[str]], dict[str, dict[str, set[str]]]] | None = None

    @classmethod
    def of(cls, document: Node) -> Spec:
        spec = cls(document)
        for path, item in (document.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            shared = spec._parameters(item.get("parameters"))
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    key = f"{method.upper()} {path}"
                    own = spec._parameters(operation.get("parameters"))
                    spec.operations[key] = Operation(key, str(path), operation, {**shared, **own})
        return spec

    # ----------------------------------------------------------------- $ref resolution

    def target(self, ref: str) -> Any:
        """The node a local $ref points at, or None when it dangles (memoised)."""
        if ref in self._resolved:
            return self._resolved[ref]
        node = ref_target(self.document, ref)
        node = None if node is MISSING else node
        self._resolved[ref] = node
        return node

    def resolve(self, node: Any) -> Any:
        """Follow $ref chains (with cycle protection); a dangling ref resolves to an empty mapping."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                return {}
            seen.add(ref)
            target = self.target(ref)
            node = target if isinstance(target, dict) else {}
        return node

    def _parameters(self, raw: Any) -> dict[tuple[str, str], Node]:
        result: dict[tuple[str, str], Node] = {}
        for item in raw if isinstance(raw, list) else []:
            parameter = self.resolve(item)
            if isinstance(parameter, dict) and isinstance(parameter.get("name"), str):
                where = str(parameter.get("in", "query"))
                name = parameter["name"].lower() if where == "header" else parameter["name"]
                result[(where, name)] = parameter
        return result

    # ----------------------------------------------------------------- schema usage

    @property
    def schemas(self) -> Node:
        components = self.document.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        return schemas if isinstance(schemas, dict) else {}

    def _refs_in(self, node: Any) -> frozenset[str]:
        names = set()
        for item in iter_mappings(node):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
                names.add(ref[len(SCHEMA_PREFIX) :].replace("~1", "/").replace("~0", "~"))
        return frozenset(names)

    def _reverse_index(self) -> tuple[dict[str, set[str]], dict[str, dict[str, set[str]]]]:
        """(component -> components referring to it, component -> operation -> contexts referring to it directly)."""
        if self._reverse is None:
            parents: dict[str, set[str]] = {}
            for name, schema in self.schemas.items():
                for child in self._refs_in(schema):
                    parents.setdefault(child, set()).add(str(name))
            direct: dict[str, dict[str, set[str]]] = {}
            for key, operation in self.operations.items():
                node = operation.node
                responses = node.get("responses")
                response_nodes = [self.resolve(r) for r in responses.values()] if isinstance(responses, dict) else []
                request_nodes = [list(operation.parameters.values()), self.resolve(node.get("requestBody"))]
                for context, roots in ((REQUEST, request_nodes), (RESPONSE, response_nodes)):
                    for name in self._refs_in(roots):
                        direct.setdefault(name, {}).setdefault(key, set()).add(context)
            self._reverse = (parents, direct)
        return self._reverse

    def users(self, name: str) -> dict[str, set[str]]:
        """operation key -> {"request", "response"} for every operation using component schema ``name``.

        Computed on demand (only changed components are asked about) by walking the reverse
        reference graph once, so a long chain of schemas costs its length, not its square.
        """
        if name not in self._users:
            parents, direct = self._reverse_index()
            found, stack = {name}, [name]
            result: dict[str, set[str]] = {}
            while stack:
                current = stack.pop()
                for operation, contexts in direct.get(current, {}).items():
                    result.setdefault(operation, set()).update(contexts)
                for parent in parents.get(current, ()):
                    if parent not in found:
                        found.add(parent)
                        stack.append(parent)
            self._users[name] = result
        return self._users[name]

    # ----------------------------------------------------------------- inconsistencies

    def inconsistencies(self) -> list[tuple[str, str]]:
        """(location, message) for every internal contradiction in the document, sorted."""
        found: list[tuple[str, str]] = []
        for where, node in self._located_nodes():
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#") and self.target(ref) is None:
                found.append((where or "#", f"$ref {ref} points at nothing"))
            required, properties = node.get("required"), node.get("properties")
            composed = any(key in node for key in ("allOf", "anyOf", "oneOf", "$ref"))
            if isinstance(required, list) and not composed and (properties is None or isinstance(properties, dict)):
                missing = [name for name in required if not isinstance(properties, dict) or name not in properties]
                if missing:
                    found.append((where, f"required {', '.join(map(str, missing))} not among its properties"))
        for key, operation in self.operations.items():
            variables = set(template_variables(operation.path))
            declared = {name for where, name in operation.parameters if where == "path"}
            for name in sorted(variables - declared):
                found.append((key, f"path template variable {{{name}}} has no in: path parameter"))
            for name in sorted(declared - variables):
                found.append((key, f"path parameter {name} does not appear in the path template"))
        return sorted(found)

    def _located_nodes(self) -> Iterator[tuple[str, Node]]:
        """Every mapping of the document, located by operation ("POST /rooms.requestBody...") where possible."""
        for key, value in self.document.items():
            if key != "paths":
                yield from iter_nodes(value, str(key))
        paths = self.document.get("paths") or {}
        for path, item in paths.items():
            if isinstance(item, dict):
                rest = {k: v for k, v in item.items() if not (k in HTTP_METHODS and isinstance(v, dict))}
                yield from iter_nodes(rest, f"paths.{path}")
        for key, operation in self.operations.items():
            yield from iter_nodes(operation.node, key)
