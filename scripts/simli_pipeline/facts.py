"""Write what the description says about each operation that the generated code does not carry.

One job: from the pinned description *as published* (not the normalised copy) and the list of
generated operation modules, write ``operation_facts.py`` into the generated package: per module,
its method and path, whether it is deprecated, the security it requires (top-level ``security``
inherited unless the operation sets its own; ``[]`` means none) with the schemes' definitions,
the media types each response status declares (original names, e.g. ``video/mp4``, and whether
their schema is typed), and the request body's media types. The facade reads it to decide which
requests carry the API key, which calls warn, and how each answer is read.

openapi-python-client ignores top-level security and deprecation, and the normalised copy has
rewritten binary media types and undeclared responses, so these facts come from the original.

simli_pipeline.generate calls :func:`write_facts`; scripts/operation_facts.py is the command line
(it prints the module, or writes it to a file, and never writes into the generated package).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from simli_pipeline.errors import PipelineError
from simli_pipeline.keywords import ANNOTATIONS
from simli_pipeline.openapi import MISSING, ambiguous_paths, follow_refs, iter_operations, path_shape

FACTS_MODULE = "operation_facts.py"
# String-valued fields of a security scheme that say how it is applied.
SCHEME_FIELDS = ("type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl")
UNTYPED, NULLABLE, TYPED = "untyped", "nullable", "typed"

Document = dict[str, Any]


class GeneratedOperation(Protocol):
    """What the generator step knows of one operation (``generated.Operation``)."""

    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def module(self) -> str: ...


def operation_facts(document: Document, operations: Iterable[GeneratedOperation]) -> dict[str, dict[str, Any]]:
    """Facts per generated module (keyed by its name below the package, e.g. ``api.default.get_faces``)."""
    described = {(method, path): operation for method, path, operation in iter_operations(document)}
    schemes = security_schemes(document)
    facts: dict[str, dict[str, Any]] = {}
    for generated in operations:
        method = generated.method.upper()
        path = described_path(described, method, generated.path)
        if path is None:
            raise PipelineError(f"no operation {generated.method} {generated.path} in the description for {generated}")
        operation = described[(method, path)]
        where = f"{generated.method.upper()} {path}"
        facts[generated.module.partition(".")[2]] = {
            "method": generated.method.upper(),
            "path": path,
            "deprecated": operation.get("deprecated") is True,
            "security": _security(document, operation, schemes, where),
            "responses": _responses(document, operation),
            "request_media_types": _request_media_types(document, operation),
        }
    return dict(sorted(facts.items()))


def described_path(described: Iterable[tuple[str, str]], method: str, generated_path: str) -> str | None:
    """The described path of a generated operation: its own path, else the one path of its shape.

    The generator renames path variables (``{itemId}`` -> ``{item_id}``), so a generated URL may
    match its path only by shape. Two paths of one method and shape are refused by preflight (OpenAPI
    forbids them); met here, they are refused too rather than one taking the other's facts.
    """
    if (method, generated_path) in described:
        return generated_path
    shape = path_shape(generated_path)
    candidates = [path for m, path in described if m == method and path_shape(path) == shape]
    if len(candidates) > 1:
        raise PipelineError(ambiguous_paths(method, candidates[0], candidates[1]))
    return candidates[0] if candidates else None


def security_schemes(document: Document) -> dict[str, dict[str, str]]:
    """``components.securitySchemes``, each reduced to the string fields that say how it is applied."""
    components = document.get("components")
    raw = components.get("securitySchemes") if isinstance(components, dict) else None
    schemes: dict[str, dict[str, str]] = {}
    for name, entry in raw.items() if isinstance(raw, dict) else ():
        scheme = _resolve(document, entry)
        if isinstance(scheme, dict):
            schemes[str(name)] = {k: scheme[k] for k in SCHEME_FIELDS if isinstance(scheme.get(k), str)}
    return dict(sorted(schemes.items()))


def check_security(document: Document, origin: str) -> None:
    """Refuse, in one line, an operation requiring a security scheme ``components.securitySchemes`` lacks.

    The facade decides from these requirements which requests carry the API key; a requirement naming
    an undefined scheme cannot be honoured, so the gate refuses it before anything is generated.
    """
    schemes = security_schemes(document)
    for method, path, operation in iter_operations(document):
        try:
            _security(document, operation, schemes, f"{method} {path}")
        except PipelineError as exc:
            raise PipelineError(f"{origin}: {exc}") from None


def _security(document: Document, operation: dict[str, Any], schemes: dict[str, Any], where: str) -> list[list[str]]:
    """Alternatives (any one suffices), each the sorted scheme names it needs together; [] means no security."""
    requirements = operation["security"] if "security" in operation else document.get("security", [])
    alternatives: list[list[str]] = []
    for requirement in requirements if isinstance(requirements, list) else ():
        names = sorted(str(name) for name in requirement) if isinstance(requirement, dict) else []
        unknown = [name for name in names if name not in schemes]
        if unknown:
            raise PipelineError(
                f"{where} requires security scheme {unknown[0]!r}, which components.securitySchemes does not define"
            )
        alternatives.append(names)
    return alternatives


def _responses(document: Document, operation: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Status (as written: ``200``, ``2XX``, ``default``) -> {media type: schema kind}; {} declares no content."""
    responses = operation.get("responses")
    declared: dict[str, dict[str, str]] = {}
    for status, response in responses.items() if isinstance(responses, dict) else ():
        resolved = _resolve(document, response)
        content = resolved.get("content") if isinstance(resolved, dict) else None
        declared[str(status)] = {
            str(media_type): _schema_kind(document, entry.get("schema") if isinstance(entry, dict) else None)
            for media_type, entry in (content.items() if isinstance(content, dict) else ())
        }
    return declared


def _request_media_types(document: Document, operation: dict[str, Any]) -> list[str]:
    body = _resolve(document, operation.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    return [str(media_type) for media_type in content] if isinstance(content, dict) else []


def _schema_kind(document: Document, schema: Any) -> str:
    """``untyped`` (no constraint: any JSON value, null included), ``nullable`` (typed, admits null) or ``typed``."""
    resolved = _resolve(document, schema)
    if resolved is None or resolved is True or (isinstance(resolved, dict) and _only_annotations(resolved)):
        return UNTYPED
    return NULLABLE if _admits_null(document, resolved, depth=0) else TYPED


def _only_annotations(schema: dict[str, Any]) -> bool:
    return all(key in ANNOTATIONS or str(key).startswith("x-") for key in schema)


def _admits_null(document: Document, schema: Any, depth: int) -> bool:
    """True if the schema, read at its top level (through $ref, anyOf, oneOf), accepts JSON null."""
    schema = _resolve(document, schema)
    if depth > 32 or not isinstance(schema, dict):
        return schema is True
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind) or schema.get("nullable") is True:
        return True
    if "const" in schema and schema["const"] is None:
        return True
    if isinstance(schema.get("enum"), list) and None in schema["enum"]:
        return True
    branches = [*(schema.get("anyOf") or []), *(schema.get("oneOf") or [])]
    return any(_admits_null(document, branch, depth + 1) for branch in branches)


def _resolve(document: Document, node: Any) -> Any:
    """``node`` with its chain of local ``$ref``s followed, however long; a dangling or looping one gives None."""
    target = follow_refs(document, node)
    return None if target is MISSING else target


# --------------------------------------------------------------------------- writing the module

HEADER = '''"""What Simli's API description says about each operation beyond the generated code.

Written by scripts/operation_facts.py from openapi/openapi.yaml as published (never edit:
`nox -s regenerate` rewrites it). OPERATIONS is keyed by module name below this package.
"security": alternatives, each the scheme names needed together ([] = no security).
"responses": status -> {media type: "untyped" | "nullable" | "typed"} ({} = no content).
"""

from typing import Any

'''


def render(schemes: dict[str, dict[str, str]], facts: dict[str, dict[str, Any]]) -> str:
    """The facts module's source: deterministic, plain literals."""
    return (
        HEADER
        + f"SECURITY_SCHEMES: dict[str, dict[str, str]] = {_literal(schemes, 0)}\n\n"
        + f"OPERATIONS: dict[str, dict[str, Any]] = {_literal(facts, 0)}\n"
    )


def _literal(value: Any, indent: int) -> str:
    """A Python literal for JSON-like data, one item per line (stable diffs)."""
    if isinstance(value, dict):
        return _dict_literal(value, indent)
    if isinstance(value, list):
        return _list_literal(value, indent)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a Python literal; double quotes
    if value is not None and not isinstance(value, bool):
        raise PipelineError(f"operation facts: cannot write a {type(value).__name__}")
    return repr(value)


def _dict_literal(value: dict[Any, Any], indent: int) -> str:
    if not value:
        return "{}"
    inner = "    " * (indent + 1)
    items = "".join(f"{inner}{_literal(str(k), 0)}: {_literal(v, indent + 1)},\n" for k, v in value.items())
    return "{\n" + items + "    " * indent + "}"


def _list_literal(value: list[Any], indent: int) -> str:
    if all(isinstance(item, (str, list)) for item in value):  # short: strings, lists of strings
        return "[" + ", ".join(_literal(item, indent) for item in value) + "]"
    inner = "    " * (indent + 1)
    return "[\n" + "".join(f"{inner}{_literal(item, indent + 1)},\n" for item in value) + "    " * indent + "]"


def write_facts(package: Path, document: Document, operations: Iterable[GeneratedOperation]) -> Path:
    """Write ``operation_facts.py`` into ``package`` (a generated package, before it is installed)."""
    target = package / FACTS_MODULE
    target.write_text(render(security_schemes(document), operation_facts(document, operations)), encoding="utf-8")
    return target
