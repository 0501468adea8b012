"""The registry of change kinds the drift report knows: what each is, where it applies, whom it breaks, its words.

One job: the comparison (diff/compare.py, diff/schemas.py) says *what* it found, as a :class:`Found`
(a kind, one of its forms, and the facts that fill its message); this registry decides whether that
breaks a caller and renders the message. A kind breaks a caller that **sends** (the value travels in
a request: parameters, request bodies, schemas they use) or one that **receives** (responses and
the schemas they use), or both, or neither; where a schema is used decides which applies. In an
AsyncAPI description (the WebSocket API, diff/asyncapi.py) a client sends the messages of its
``send`` operations and receives those of its ``receive`` operations.

Adding a kind is one entry in :data:`KINDS`. CONTRIBUTING.md's table of kinds is generated from it
(scripts/doc_tables.py); tests/suites/project/test_doc_tables.py checks it is current.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from simli_pipeline.diff.model import REQUEST, RESPONSE

Contexts = frozenset[str]
SENT: Contexts = frozenset({REQUEST})
RECEIVED: Contexts = frozenset({RESPONSE})
EVERYWHERE: Contexts = frozenset({REQUEST, RESPONSE})

# Whom a change breaks: (a caller that sends the value, a caller that receives it).
Breaks = tuple[bool, bool]
ALWAYS: Breaks = (True, True)
SENDS: Breaks = (True, False)
RECEIVES: Breaks = (False, True)
NEVER: Breaks = (False, False)
Facts = Mapping[str, Any]

# Where a kind applies (CONTRIBUTING.md's "applies to" column).
OPERATION, PARAMETER, REQUEST_BODY, RESPONSE_STATUS = "operation", "parameter", "request body", "response"
MEDIA_TYPE, SCHEMA, SECURITY, SERVERS, ANYWHERE = "media type", "schema", "security", "servers", "anywhere"
GENERATED_NAME = "generated client"
CHANNEL, MESSAGE, ASYNC_OPERATION = "AsyncAPI channel", "AsyncAPI message", "AsyncAPI operation"


@dataclass(frozen=True)
class Form:
    """One way a kind is phrased, and whom it breaks: a constant, or a function of the change's facts.

    ``template`` is a :meth:`str.format` template over the facts, after ``derive`` (if any) adds the
    ones worded from others; ``when`` says in words what a computed classification depends on (CONTRIBUTING.md).
    """

    template: str
    breaks: Breaks | Callable[[Facts], Breaks]
    when: str = ""
    derive: Callable[[Facts], Facts] | None = None

    def classify(self, facts: Facts) -> Breaks:
        return self.breaks(facts) if callable(self.breaks) else self.breaks

    def render(self, facts: Facts) -> str:
        return self.template.format(**(self.derive(facts) if self.derive else facts))


@dataclass(frozen=True)
class Kind:
    """A change kind: its id (as reported), where it applies, what it means, and its forms."""

    id: str
    applies_to: str
    about: str
    forms: Mapping[str, Form] = field(default_factory=dict)


@dataclass(frozen=True)
class Found:
    """What the comparison found: a kind, one of its forms ("" for a kind with one), and the facts it names."""

    kind: str
    form: str = ""
    facts: Facts = field(default_factory=dict)


def one(template: str, breaks: Breaks | Callable[[Facts], Breaks], when: str = "") -> dict[str, Form]:
    """The forms of a kind phrased one way."""
    return {"": Form(template, breaks, when)}


def _required_sender(facts: Facts) -> Breaks:
    return (facts["state"] == "required", False)


def _enum_values(facts: Facts) -> Facts:
    removed, added = facts["removed"], facts["added"]
    parts = [f"removed {', '.join(removed)}"] if removed else []
    parts += [f"added {', '.join(added)}"] if added else []
    return {**facts, "changes": "; ".join(parts)}


def _security_requirements(facts: Facts) -> Breaks:
    # Not breaking if every way a caller authenticated still works, or anonymous access is now allowed.
    return NEVER if facts["kept"] or facts["anonymous"] else ALWAYS


UNTYPED_TO_TYPED = (
    "untyped (any JSON) -> {shape}: the generated client now returns or takes a typed value"
    " (a model for objects) instead of raw JSON, so code reading it as a dict or list breaks"
)
TYPED_TO_UNTYPED = (
    "{shape} -> untyped (any JSON): the generated client now returns or takes raw JSON"
    " instead of a typed value, so code using its attributes breaks"
)

KINDS: dict[str, Kind] = {
    kind.id: kind
    for kind in (
        Kind("operation-removed", OPERATION, "an operation is gone", one("operation removed", ALWAYS)),
        Kind("operation-added", OPERATION, "a new operation", one("operation added", NEVER)),
        Kind(
            "deprecated",
            OPERATION,
            "an operation's deprecation changed",
            {"now": Form("now deprecated", NEVER), "no-longer": Form("no longer deprecated", NEVER)},
        ),
        Kind(
            "parameter-renamed",
            PARAMETER,
            "a parameter removed and one added in its place with the same schema",
            one("parameter {old} ({location}) renamed to {new}", SENDS),
        ),
        Kind(
            "parameter-removed", PARAMETER, "a parameter is gone", one("parameter {name} ({location}) removed", SENDS)
        ),
        Kind(
            "parameter-added",
            PARAMETER,
            "a new parameter",
            one("parameter {name} ({location}) added ({state})", _required_sender, "where sent, when required"),
        ),
        Kind(
            "parameter-required",
            PARAMETER,
            "a parameter's required-ness changed",
            {"now": Form("{label} now required", SENDS), "no-longer": Form("{label} no longer required", NEVER)},
        ),
        Kind(
            "request-body-added",
            REQUEST_BODY,
            "an operation now takes a request body",
            one("request body added ({state})", _required_sender, "where sent, when required"),
        ),
        Kind("request-body-removed", REQUEST_BODY, "the request body is gone", one("request body removed", SENDS)),
        Kind(
            "request-body-required",
            REQUEST_BODY,
            "the request body's required-ness changed",
            {
                "now": Form("request body now required", SENDS),
                "no-longer": Form("request body no longer required", NEVER),
            },
        ),
        Kind("response-removed", RESPONSE_STATUS, "a status code is gone", one("response {code} removed", RECEIVES)),
        Kind("response-added", RESPONSE_STATUS, "a new status code", one("response {code} added", NEVER)),
        Kind(
            "media-type-removed",
            MEDIA_TYPE,
            "a request or response media type is gone",
            one("{label}: media type {media} removed", ALWAYS),
        ),
        Kind(
            "media-type-added",
            MEDIA_TYPE,
            "a new request or response media type",
            one("{label}: media type {media} added", NEVER),
        ),
        Kind(
            "security-changed",
            SECURITY,
            "security requirements or a security scheme changed",
            {
                "requirements": Form(
                    "security {old} -> {new}",
                    _security_requirements,
                    "unless every old way to authenticate still works or anonymous access is now allowed",
                ),
                "scheme-removed": Form("security scheme removed", ALWAYS),
                "scheme-added": Form("security scheme added", NEVER),
                "scheme-changed": Form("security scheme definition changed", ALWAYS),
            },
        ),
        Kind(
            "servers-changed",
            SERVERS,
            "a server URL (compared as the server it names) changed",
            {"removed": Form("server {url} removed", ALWAYS), "added": Form("server {url} added", NEVER)},
        ),
        Kind(
            "schema-typed",
            SCHEMA,
            "an untyped schema (any JSON) became typed: the generated type changes as a whole",
            one(UNTYPED_TO_TYPED, ALWAYS),
        ),
        Kind(
            "schema-untyped",
            SCHEMA,
            "a typed schema became untyped (any JSON): the generated type changes as a whole",
            one(TYPED_TO_UNTYPED, ALWAYS),
        ),
        Kind(
            "type-changed",
            SCHEMA,
            "a schema's type, format or alternatives changed",
            {
                "type": Form("type {old} -> {new}", ALWAYS),
                "format": Form("format {old} -> {new}", ALWAYS),
                "alternatives": Form("{combinator} variants changed ({old} -> {new})", ALWAYS),
            },
        ),
        Kind("default-changed", SCHEMA, "a schema's default changed", one("default {old} -> {new}", NEVER)),
        Kind(
            "enum-changed",
            SCHEMA,
            "the values a schema accepts changed (the generated client refuses enum values it does not know)",
            {
                "default-became-const": Form("default {value} became const: only that value is accepted now", SENDS),
                "now-const": Form("now const {value}: only that value is accepted", SENDS),
                "introduced": Form("enum introduced: only {values} accepted", SENDS),
                "const-relaxed": Form("const {value} relaxed to a default: other values are accepted now", RECEIVES),
                "dropped": Form("enum dropped: any value of its type is accepted now", RECEIVES),
                "values": Form(
                    "enum values {changes}",
                    lambda facts: (bool(facts["removed"]), bool(facts["added"])),
                    "where sent when values are removed, where received when values are added",
                    derive=_enum_values,
                ),
            },
        ),
        Kind("property-removed", SCHEMA, "an object property is gone", one("property removed", ALWAYS)),
        Kind(
            "property-added",
            SCHEMA,
            "a new object property",
            one("property added ({state})", _required_sender, "where sent, when required"),
        ),
        Kind(
            "property-required",
            SCHEMA,
            "a property's required-ness changed",
            {"now": Form("property now required", SENDS), "no-longer": Form("property no longer required", RECEIVES)},
        ),
        # The generated client's names (diff/generated.py): breaking for code importing simli_api_client.
        Kind(
            "generated-name-renamed",
            GENERATED_NAME,
            "a generated operation module, model or enum class is renamed while the HTTP API is unchanged"
            " (an operationId added or changed, a component renamed with its $refs)",
            one("generated {what} {old} renamed {new}", ALWAYS),
        ),
        Kind(
            "generated-name-removed",
            GENERATED_NAME,
            "a generated model or enum class is gone (no class of the same shape replaces it)",
            one("generated {what} {old} removed", ALWAYS),
        ),
        # Simli's AsyncAPI description (diff/asyncapi.py): what is on the wire is a channel's address and the
        # messages' content types and payloads; the keys naming channels, messages and operations are not.
        Kind("channel-removed", CHANNEL, "a channel (a WebSocket address) is gone", one("channel removed", ALWAYS)),
        Kind("channel-added", CHANNEL, "a new channel", one("channel added at {address}", NEVER)),
        Kind(
            "channel-address-changed",
            CHANNEL,
            "a channel's address (the URL path a client connects to) changed",
            one("address {old} -> {new}", ALWAYS),
        ),
        Kind(
            "channel-renamed",
            CHANNEL,
            "a channel's key changed, its address did not (the key is not on the wire)",
            one("channel {old} renamed {new} (same address {address})", NEVER),
        ),
        Kind(
            "message-removed",
            MESSAGE,
            "a message of a channel is gone (a client can no longer send it, or waits for it in vain)",
            one("message removed", ALWAYS),
        ),
        Kind(
            "message-added",
            MESSAGE,
            "a new message on a channel (a client that refuses messages it does not know breaks on it)",
            one("message added", RECEIVES),
        ),
        Kind(
            "message-renamed",
            MESSAGE,
            "a message's key changed, its content type and payload did not (the key is not on the wire)",
            one("message {old} renamed {new}", NEVER),
        ),
        Kind(
            "message-content-type-changed",
            MESSAGE,
            "a message's content type changed (e.g. a text frame became a binary one)",
            one("content type {old} -> {new}", ALWAYS),
        ),
        Kind(
            "payload-format-changed",
            MESSAGE,
            "a payload's schema format changed, or a payload not in JSON Schema changed (not compared further)",
            {
                "format": Form("payload schema format {old} -> {new}", ALWAYS),
                "opaque": Form("payload in {format} changed", ALWAYS),
            },
        ),
        Kind(
            "async-operation-removed",
            ASYNC_OPERATION,
            "an operation (what a client sends or receives on a channel) is gone",
            one("operation ({action}) removed", ALWAYS),
        ),
        Kind(
            "async-operation-added",
            ASYNC_OPERATION,
            "a new operation",
            one("operation ({action}) added", RECEIVES),
        ),
        Kind(
            "async-operation-renamed",
            ASYNC_OPERATION,
            "an operation's key changed, its action, channel and messages did not",
            one("operation {old} renamed {new}", NEVER),
        ),
        Kind(
            "async-operation-action-changed",
            ASYNC_OPERATION,
            "an operation's action flipped: what a client sent it now receives, or the reverse",
            one("action {old} -> {new}", ALWAYS),
        ),
        Kind(
            "async-operation-channel-changed",
            ASYNC_OPERATION,
            "an operation moved to another channel (not the same channel renamed or moved)",
            one("channel {old} -> {new}", ALWAYS),
        ),
        Kind(
            "async-operation-messages-changed",
            ASYNC_OPERATION,
            "the messages an operation sends or receives changed",
            {
                "removed": Form("message {message} removed from the operation ({action})", ALWAYS),
                "added": Form("message {message} added to the operation ({action})", RECEIVES),
            },
        ),
        Kind(
            "documentation",
            ANYWHERE,
            "a description, summary, title or example changed (listed apart, never breaking)",
            one("{what} changed", NEVER),
        ),
    )
}
DOCUMENTATION = "documentation"


def form(found: Found) -> Form:
    """The registered form of ``found``; an unregistered kind or form is a bug in the comparison."""
    return KINDS[found.kind].forms[found.form]


def breaking(found: Found, contexts: Contexts) -> bool:
    """Whether ``found`` breaks a caller, given where the changed thing travels (sent, received, or both)."""
    sends, receives = form(found).classify(found.facts)
    return (REQUEST in contexts and sends) or (RESPONSE in contexts and receives)


def message(found: Found) -> str:
    """The change's message, from its form's template and its facts."""
    return form(found).render(found.facts)


def classification(entry: Form) -> str:
    """Whom a form breaks, in words (CONTRIBUTING.md's "breaking" column)."""
    if callable(entry.breaks):
        return f"breaking {entry.when}"
    return {
        ALWAYS: "breaking",
        SENDS: "breaking where sent",
        RECEIVES: "breaking where received",
        NEVER: "not breaking",
    }[entry.breaks]
