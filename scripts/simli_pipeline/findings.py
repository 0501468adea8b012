"""Validate an OpenAPI document and sort the validator's findings into refusals and warnings.

One job: run openapi-spec-validator over a document and split what it finds. A structural
problem that would make a wrong or incomplete client is a *refusal*; a problem confined to
examples, descriptions or keys OpenAPI does not define (which the generator ignores) is a
*warning*, printed and listed in the drift report but never a reason to refuse. Every finding
is one line naming where (operation or schema) and what (the keyword), never a schema dump.

Not a command line; validation.validate_openapi and the pipeline call :func:`validate`.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simli_pipeline import keywords
from simli_pipeline.errors import PipelineError, one_line, value_literal
from simli_pipeline.hashing import sha256_bytes, sha256_file
from simli_pipeline.keywords import NAME_MAPS
from simli_pipeline.openapi import MISSING, json_type, locate, ref_parts, ref_target

# Keys whose values are prose or sample data for readers: a problem inside them never shapes the client.
DOCUMENTATION_KEYS = frozenset({"example", "examples", "description", "summary"})
# Formats a default may miss without changing the generated client (it passes the value through as text).
# date and date-time defaults are parsed by the generator, so a bad one is a refusal (it cannot take them).
PASSTHROUGH_FORMATS = frozenset({"time", "duration", "uri", "uri-reference", "email", "hostname", "ipv4", "ipv6"})
_UNEXPECTED = re.compile(r"\((.*) (?:was|were) unexpected\)")


def classifier_digest() -> str:
    """sha256 of this module and the vocabulary it reads (keywords.py): a recorded validation holds only
    for the classifier that sorted its findings."""
    return sha256_bytes("".join(sha256_file(Path(module)) for module in (__file__, keywords.__file__)).encode())


@dataclass(frozen=True)
class Finding:
    """One validator finding: where, what, and whether it stops the pipeline."""

    where: str
    what: str
    fatal: bool

    def __str__(self) -> str:
        return f"{self.where}: {self.what}" if self.where else self.what


def validate(document: dict[str, Any], origin: str, version: str) -> list[Finding]:
    """The warnings for ``document``; raise a one-line :class:`PipelineError` naming the first refusal."""
    found = findings(document, version)
    fatal = [finding for finding in found if finding.fatal]
    if fatal:
        more = f" (and {len(fatal) - 1} more problem(s))" if len(fatal) > 1 else ""
        at = f" at {fatal[0].where}" if fatal[0].where else ""
        problem = f"{origin}: not a valid OpenAPI {version} document{at}: {fatal[0].what}{more}"
        raise PipelineError(one_line(problem))
    return _unique(found)


def findings(document: dict[str, Any], version: str) -> list[Finding]:
    """Every finding of openapi-spec-validator on ``document``, classified, in the validator's order."""
    from referencing.exceptions import Unresolvable  # noqa: PLC0415 - slow import, only to validate

    result: list[Finding] = []
    started = _READING.set(())
    try:
        for error, base, kind in _errors(document, version):
            result.extend(_classify(error, base, kind, document))
    except Unresolvable as exc:
        ref = getattr(exc, "ref", None) or str(exc)
        result.append(Finding("", f"$ref {value_literal(ref, 80)} points at nothing", fatal=True))
    except RecursionError:
        result.append(Finding("", "$ref chains loop or nest too deeply to resolve", fatal=True))
    except Exception as exc:  # the validator met a shape it cannot walk: the document is malformed there
        what = f"the validator could not read it ({type(exc).__name__}: {one_line(str(exc), 120)})"
        reading = _READING.get()
        result.append(Finding(locate(written_at(document, reading)) if reading else "", what, fatal=True))
    finally:
        _READING.reset(started)
    return result


# --------------------------------------------------------------------------- running the validator

DOCUMENT, SCHEMA, DEFAULT = "document", "schema", "default"


def _errors(document: dict[str, Any], version: str) -> Iterator[tuple[Any, tuple[Any, ...], str]]:
    """(error, location of the node it was found on, pass) for both of the validator's passes.

    The first pass checks the whole document against the OpenAPI JSON Schema (errors carry paths
    from the root). The second walks operations and schemas, checking each schema against its
    meta-schema and each ``default`` against its schema; its errors are relative to the node being
    checked, so the keyword validators are wrapped to record where that was.
    """
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator  # noqa: PLC0415 - slow import, only to validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError  # noqa: PLC0415 - slow import, only to validate

    base_cls = OpenAPIV31SpecValidator if version.startswith("3.1.") else OpenAPIV30SpecValidator
    validator = _located(base_cls)(document)
    for error in validator.schema_validator.iter_errors(document):
        yield error, (), DOCUMENT
    for error in validator.root_validator(validator.schema_path):
        # The walk's own findings are OpenAPIValidationErrors; a plain ValidationError is a default
        # value that its schema rejects.
        kind = SCHEMA if isinstance(error, OpenAPIValidationError) else DEFAULT
        yield error, tuple(getattr(error, "located_at", ())), kind


def written_at(document: Any, parts: Sequence[Any]) -> tuple[Any, ...]:
    """Where the node at logical location ``parts`` is written: a path through a ``$ref`` continues at its target.

    The validator's walk reaches a component schema through the operation using it; a finding
    there is about the component (``components.schemas.Face...``), not about one use of it.
    """
    location: list[Any] = []
    node = document
    for part in parts:
        seen: set[str] = set()
        while isinstance(node, dict) and part not in node and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            pointer = ref_parts(ref)
            if not pointer or ref in seen:
                break
            seen.add(ref)
            location = list(pointer)
            node = ref_target(document, ref)
            node = None if node is MISSING else node
        node = _child(node, part)
        location.append(part)
    return tuple(location)


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


_LOCATED: dict[type[Any], type[Any]] = {}
# Where the validator's walk is reading (the path or schema it entered last and has not finished): when it
# fails on a shape it cannot walk, the finding names that place.
_READING: contextvars.ContextVar[tuple[Any, ...]] = contextvars.ContextVar("reading", default=())


def _reading(where: tuple[Any, ...], errors: Iterator[Any]) -> Iterator[Any]:
    """``errors``, with ``where`` noted as the place being read until they are all out (kept if one raises)."""
    outer = _READING.get()
    _READING.set(where)
    yield from errors
    _READING.set(outer)


def _located(base_cls: type[Any]) -> type[Any]:
    """``base_cls`` with its schema and path-item validators noting where each error was found."""
    if base_cls in _LOCATED:
        return _LOCATED[base_cls]
    schema_cls = base_cls.keyword_validators["schema"]
    path_cls = base_cls.keyword_validators["path"]

    class LocatedSchema(schema_cls):  # type: ignore[misc, valid-type]
        def __call__(self, schema: Any, require_properties: bool = True, meta_checked: bool = False) -> Iterator[Any]:
            errors = super().__call__(schema, require_properties, meta_checked)
            for error in _reading(tuple(schema.parts), errors):
                if not hasattr(error, "located_at"):
                    error.located_at = tuple(schema.parts)
                yield error

    class LocatedPath(path_cls):  # type: ignore[misc, valid-type]
        def __call__(self, url: str, path_item: Any) -> Iterator[Any]:
            for error in _reading(("paths", url), super().__call__(url, path_item)):
                if not hasattr(error, "located_at"):
                    error.located_at = ("paths", url)
                yield error

    validators = {**base_cls.keyword_validators, "schema": LocatedSchema, "path": LocatedPath}
    located: type[Any] = type(f"Located{base_cls.__name__}", (base_cls,), {"keyword_validators": validators})
    _LOCATED[base_cls] = located
    return located


# --------------------------------------------------------------------------- classifying


def _classify(error: Any, base: tuple[Any, ...], kind: str, document: Any) -> list[Finding]:
    """The finding(s) one validator error stands for (a oneOf may stand for its benign branch's warnings)."""
    keyword = _keyword(error)
    if kind == DEFAULT:
        return [_default_finding(error, written_at(document, (*base, "default", *_path(error))), keyword)]
    parts = written_at(document, (*base, *_path(error)))
    if keyword in ("oneOf", "anyOf") and error.context:
        return _alternatives(error, parts, kind, document)
    return [_finding(error, parts, keyword)]


def _default_finding(error: Any, parts: tuple[Any, ...], keyword: str) -> Finding:
    """A ``default`` its own schema rejects: a warning only when just a pass-through format is missed."""
    where = locate(parts)
    if keyword == "format" and error.validator_value in PASSTHROUGH_FORMATS:
        what = (
            f"default {value_literal(error.instance)} is not a valid {error.validator_value} "
            "(the client sends it as given)"
        )
        return Finding(where, what, fatal=False)
    return Finding(where, f"default does not match its schema: {_what(error, keyword)}", fatal=True)


def _finding(error: Any, parts: tuple[Any, ...], keyword: str) -> Finding:
    unexpected = _unexpected_keys(error) if keyword in ("additionalProperties", "unevaluatedProperties") else []
    if unexpected and _is_object(parts):
        noun = "key" if len(unexpected) == 1 else "keys"
        what = f"unknown {noun} {_listed_keys(unexpected)}: not defined by OpenAPI here, ignored"
        return Finding(locate(parts), f"{what} (an x- prefix makes an extension)", fatal=False)
    if unexpected:  # an unexpected name in a map of names (a path, a status code): part of the client is lost
        return Finding(locate(parts), f"{keyword}: {_listed_keys(unexpected)} is not allowed here", fatal=True)
    if _in_documentation(parts):
        return Finding(locate(parts), f"{keyword}: {_what(error, keyword)} (documentation only; ignored)", False)
    return Finding(locate(parts), f"{keyword}: {_what(error, keyword)}", fatal=True)


def _listed_keys(keys: list[str]) -> str:
    return ", ".join(repr(key) for key in keys)


def _alternatives(error: Any, parts: tuple[Any, ...], kind: str, document: Any) -> list[Finding]:
    """A oneOf/anyOf failure: benign when one alternative fails only on benign findings; else its closest miss."""
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:  # sub-errors' paths are relative to this error's instance
        branch = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(branch, []).append(sub)
    closest: list[Finding] = []
    for subs in branches.values():
        classified = [finding for sub in subs for finding in _classify(sub, parts, kind, document)]
        if classified and not any(finding.fatal for finding in classified):
            return classified
        fatal = [finding for finding in classified if finding.fatal]
        if fatal and (not closest or _depth(fatal[0]) > _depth(closest[0])):
            closest = fatal
    if closest:
        return closest[:1]
    return [Finding(locate(parts), f"{_keyword(error)}: matches none of its alternatives", fatal=True)]


def _depth(finding: Finding) -> int:
    return finding.where.count(".") + finding.where.count("[")


def _keyword(error: Any) -> str:
    """The JSON Schema keyword that failed, or the kind of check for the validator's own findings."""
    validator = getattr(error, "validator", None)
    if isinstance(validator, str):
        return validator
    name = type(error).__name__.removesuffix("Error")  # DuplicateOperationID, UnresolvableParameter...
    return "openapi" if name == "OpenAPIValidation" else name


def _path(error: Any) -> tuple[Any, ...]:
    return tuple(getattr(error, "relative_path", ()) or ())


def _is_object(parts: Sequence[Any]) -> bool:
    """Whether a location holds an OpenAPI object (keys are keywords), not a map of names (paths, properties...).

    An unknown key in an object is a keyword OpenAPI does not define; an unexpected name in a map
    (a path not starting with /, a status code that is not one) would drop part of the client.
    """
    return not parts or parts[-1] not in NAME_MAPS or (len(parts) >= 2 and parts[-2] in NAME_MAPS)


def _in_documentation(parts: Sequence[Any]) -> bool:
    """Whether a location lies in an example, examples, description or summary (as keywords, not names)."""
    previous: Any = None
    for part in parts:
        if isinstance(part, str) and part in DOCUMENTATION_KEYS and previous not in NAME_MAPS:
            return True
        previous = part
    return False


def _unexpected_keys(error: Any) -> list[str]:
    """The keys an additionalProperties/unevaluatedProperties error is about."""
    instance, schema = getattr(error, "instance", None), getattr(error, "schema", None)
    if error.validator == "additionalProperties" and isinstance(instance, dict) and isinstance(schema, dict):
        known = schema.get("properties") or {}
        patterns = list((schema.get("patternProperties") or {}).keys())
        return [str(k) for k in instance if k not in known and not any(re.search(p, str(k)) for p in patterns)]
    match = _UNEXPECTED.search(str(getattr(error, "message", "")))
    if match is None:
        return []
    return [key.strip().strip("'\"") for key in match.group(1).split(",") if key.strip()]


def _what(error: Any, keyword: str) -> str:
    """What went wrong, in a few words, with any value shortened (never the schema it was checked against)."""
    describe = _DESCRIBE.get(keyword)
    if describe is not None:
        return describe(getattr(error, "instance", None), getattr(error, "validator_value", None), error)
    if keyword in ("minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum", "minProperties"):
        return f"{value_literal(error.instance)} violates {keyword} {error.validator_value}"
    # Anything else: the validator's own message, minus any mapping it quotes.
    return one_line(re.sub(r"\{.*\}", "{…}", str(getattr(error, "message", error))), 200)


Describe = Callable[[Any, Any, Any], str]  # (instance, validator value, error) -> text
_DESCRIBE: dict[str, Describe] = {
    "type": lambda instance, value, _: f"expected {_listed(value)}, got {_json_type(instance)}",
    "required": lambda _i, _v, error: one_line(str(error.message), 160),
    "enum": lambda instance, value, _: f"{value_literal(instance)} is not one of {value_literal(value, 80)}",
    "const": lambda instance, value, _: f"{value_literal(instance)} is not {value_literal(value)}",
    "format": lambda instance, value, _: f"{value_literal(instance)} is not a valid {value}",
    "uniqueItems": lambda _i, _v, _e: "lists the same value twice",
    "pattern": lambda instance, value, _: f"{value_literal(instance, 60)} does not match {value_literal(value, 60)}",
    "propertyNames": lambda _i, _v, error: f"{one_line(str(error.message), 100)} (a name that is not allowed)",
    "not": lambda instance, _v, _e: f"{value_literal(instance)} has a shape that is not allowed here",
}


def _listed(value: Any) -> str:
    return " or ".join(map(str, value)) if isinstance(value, list) else str(value)


def _json_type(value: Any) -> str:
    """A value's JSON type for a message, a string with its (short) text."""
    return f"string {value_literal(value, 30)}" if isinstance(value, str) else json_type(value)


def _unique(found: list[Finding]) -> list[Finding]:
    seen: set[str] = set()
    result = []
    for finding in found:
        if str(finding) not in seen:
            seen.add(str(finding))
            result.append(finding)
    return result
