"""Per-operation facts: what the description says about an operation, read once per module.

The pipeline writes ``operation_facts.py`` into every generated package (``scripts/operation_facts.py``):
method, path, deprecation, required security and the schemes' definitions, and the media types each
response status declares, as published. :func:`facts_for` turns one module's entry into its
:class:`OperationFacts` the first time the module is called and keeps them, so a call looks nothing up twice.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, NamedTuple

OPERATION_HOOKS = ("_get_kwargs", "_parse_response")
FACTS_MODULE = "operation_facts"
# RFC 9110 idempotent methods: resending one has the effect of sending it once.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})

JSON, TEXT, BINARY = "json", "text", "binary"
UNTYPED, NULLABLE, TYPED = "untyped", "nullable", "typed"
_LOOSENESS = (UNTYPED, NULLABLE, TYPED)


@functools.lru_cache(maxsize=256)
def media_kind(media_type: str) -> str | None:
    """``json``, ``text`` or ``binary`` for a media type (parameters and case ignored); None for none (``""``)."""
    base = media_type.split(";", 1)[0].strip().lower()
    if not base:
        return None
    subtype = base.partition("/")[2]
    if subtype == "json" or subtype.endswith("+json"):
        return JSON
    if base.startswith("text/") or subtype == "xml" or subtype.endswith("+xml"):
        return TEXT
    return BINARY


def base_media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


@dataclass(frozen=True)
class Declared:
    """One response status as the description declares it (derived answers computed once)."""

    media: dict[str, tuple[str, str]]
    """Lower-cased media type -> (json | text | binary, untyped | nullable | typed)."""
    no_content: bool = field(init=False)
    binary_only: bool = field(init=False)
    loosest_json: str | None = field(init=False, repr=False)
    """The loosest JSON schema, else the loosest text one: how a body not labelled text is read."""
    loosest_text: str | None = field(init=False, repr=False)
    """The loosest text schema: how a text body is read."""
    _loosest: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        loosest: dict[str, str] = {}
        for kind, schema in self.media.values():
            rank = _LOOSENESS.index(schema) if schema in _LOOSENESS else len(_LOOSENESS) - 1
            if kind not in loosest or rank < _LOOSENESS.index(loosest[kind]):
                loosest[kind] = _LOOSENESS[rank]
        object.__setattr__(self, "no_content", not self.media)
        object.__setattr__(self, "binary_only", bool(self.media) and set(loosest) == {BINARY})
        object.__setattr__(self, "_loosest", loosest)
        object.__setattr__(self, "loosest_json", loosest.get(JSON) or loosest.get(TEXT))
        object.__setattr__(self, "loosest_text", loosest.get(TEXT))

    def schema_kind(self, kind: str) -> str | None:
        """The loosest schema among declared media types of ``kind`` (None if none is declared)."""
        return self._loosest.get(kind)

    def describe(self) -> str:
        return ", ".join(self.media) or "no content"

    def not_a_download(self, content_type: str) -> str | None:
        """Why a 2xx body labelled ``content_type`` breaks a binary-only declaration (None when it does not).

        Where only binary media types are declared, a JSON or text body that none of them names is
        not the download (an error page is not a video).
        """
        if not self.binary_only or media_kind(content_type) not in (JSON, TEXT):
            return None
        media = base_media_type(content_type)
        if media in self.media:
            return None
        return f"a {media} body where the description declares only {self.describe()}"


@dataclass(frozen=True)
class OperationFacts:
    """Everything the call path needs to know about one operation, computed once."""

    module: ModuleType
    method: str
    path: str
    deprecated: bool
    key_headers: tuple[str, ...]
    """Header names that carry the API key for this operation (apiKey-in-header schemes it may use)."""
    responses: dict[str, Declared]
    requires_key: bool = False
    """True when every security alternative needs the key: the call cannot succeed without it."""
    credential_headers: tuple[str, ...] = ()
    """``key_headers`` and the header names of every other apiKey-in-header scheme the description defines: a
    header sent with every call (``default_headers``, the pool's) may carry a key to an operation that asks for none."""
    idempotent: bool = field(init=False)
    _by_status: dict[int, Declared | None] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "idempotent", self.method in IDEMPOTENT_METHODS)
        object.__setattr__(
            self, "credential_headers", tuple(dict.fromkeys((*self.key_headers, *self.credential_headers)))
        )

    def declared(self, status: int) -> Declared | None:
        """What the description declares for ``status`` (exact, then ``2XX``-style range, then ``default``)."""
        try:
            return self._by_status[status]
        except KeyError:
            pass
        responses = self.responses
        text = str(status)
        found = responses.get(text)
        if found is None:
            found = responses.get(f"{text[0]}XX") or responses.get(f"{text[0]}xx") or responses.get("default")
        if 100 <= status <= 999:  # a status code, of which there are few (remembered)
            self._by_status[status] = found
        return found

    def describe(self) -> str:
        return f"{self.method} {self.path}"


_OPERATION_FACTS: dict[ModuleType, OperationFacts] = {}


def check_operation_module(module: ModuleType) -> None:
    """TypeError unless ``module`` has the generated hooks the facade relies on."""
    missing = [name for name in OPERATION_HOOKS if not callable(getattr(module, name, None))]
    if missing:
        raise TypeError(
            f"{getattr(module, '__name__', module)!r} is not a generated operation module "
            f"(missing {', '.join(missing)}); the generator's output shape changed"
        )


def facts_for(module: ModuleType) -> OperationFacts:
    """The operation's facts (read on first use): TypeError if it is not a generated operation with facts."""
    facts = _OPERATION_FACTS.get(module)
    if facts is None:
        check_operation_module(module)
        facts = _OPERATION_FACTS[module] = _read_operation_facts(module)
    return facts


def _read_operation_facts(module: ModuleType) -> OperationFacts:
    name = module.__name__
    package, separator, below = name.rpartition(".api.")
    facts = package_facts(package) if separator else PackageFacts({}, {})
    entry = facts.operations.get("api." + below)
    if entry is None:
        raise TypeError(
            f"{name!r} has no entry in its package's {FACTS_MODULE} (the pipeline writes it on every "
            "regeneration: run `nox -s regenerate`); the facade calls only generated operations it knows"
        )
    return OperationFacts(
        module=module,
        method=str(entry["method"]).upper(),
        path=str(entry["path"]),
        deprecated=bool(entry["deprecated"]),
        key_headers=key_headers(entry["security"], facts.schemes),
        requires_key=requires_key(entry["security"], facts.schemes),
        credential_headers=key_headers([list(facts.schemes)], facts.schemes),
        responses={str(status): _declared(media) for status, media in entry["responses"].items()},
    )


class PackageFacts(NamedTuple):
    """A generated package's ``operation_facts``, as the pipeline wrote them."""

    operations: dict[str, dict[str, Any]]
    """``"api.<tag>.<module>"`` -> method, path, deprecated, security, responses (and request media types)."""
    schemes: dict[str, dict[str, str]]
    """Security scheme name -> its definition (type, in, name...)."""


def package_facts(package: str) -> PackageFacts:
    """The ``operation_facts`` of generated package ``package`` (empty tables if it has none)."""
    try:
        module = importlib.import_module(f"{package}.{FACTS_MODULE}")
    except ImportError:
        return PackageFacts({}, {})
    return PackageFacts(getattr(module, "OPERATIONS", {}), getattr(module, "SECURITY_SCHEMES", {}))


def key_headers(security: list[list[str]], schemes: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """Header names of the apiKey-in-header schemes any alternative of ``security`` names, in order, once each.

    ``[]`` (no security) gives none: the key is not sent. An alternative that needs nothing
    (``{}``, optional auth) does not stop the key going where another alternative uses it.
    """
    names: list[str] = []
    for alternative in security:
        for scheme_name in alternative:
            scheme = schemes.get(scheme_name, {})
            header = scheme.get("name")
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header" and header and header not in names:
                names.append(header)
    return tuple(names)


def requires_key(security: list[list[str]], schemes: dict[str, dict[str, str]]) -> bool:
    """Whether every alternative of ``security`` names an apiKey-in-header scheme (the key the facade sends).

    ``[]`` (no security) and an alternative that needs nothing (``{}``) or something else (a bearer
    token the caller may send in ``default_headers``) do not: the call may succeed without the key.
    """
    return bool(security) and all(key_headers([alternative], schemes) for alternative in security)


def _declared(media: dict[str, str]) -> Declared:
    # A declared media type is never empty; were it, it would say nothing: binary, like any unknown type.
    return Declared({str(name).lower(): (media_kind(str(name)) or BINARY, str(kind)) for name, kind in media.items()})
