"""Compare two AsyncAPI 3.0 documents (Simli's WebSocket API) as a client sees them, classified by the registry.

One job: index each document -- channels by key with their address and messages, operations with their
action, channel and messages -- and record what changed as change kinds (diff/kinds.py), in the same
:class:`~simli_pipeline.diff.report.Report` the OpenAPI diff writes. What is on the wire decides: a channel's
address, a message's content type and payload; the keys naming channels, messages and operations are not,
so a key renamed with everything else equal is reported, not breaking. Payload schemas go through the
OpenAPI diff's schema comparison (diff/schemas.py); a component schema is compared once, with the messages
using it.

Which way a message travels comes from the operations: Simli's description is written from the client's
side (its ``send`` operations carry the audio, ``SKIP`` and ``DONE`` a client sends; its ``receive`` ones the
events and join info a client receives; tests/unit/simli_api/realtime reads it the same way), so ``send`` is a value the
client sends and ``receive`` one it receives (:data:`CLIENT_DIRECTION`). A message no operation names is
taken as travelling both ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simli_pipeline.asyncapi import is_json_schema, payload_schema, validate
from simli_pipeline.diff.compare import ChangeRecorder, collector_paused, server_key
from simli_pipeline.diff.kinds import DOCUMENTATION, EVERYWHERE, RECEIVED, SENT, Contexts, Found
from simli_pipeline.diff.model import SCHEMA_PREFIX, DocumentError, Node, Spec, iter_mappings
from simli_pipeline.diff.report import Change, Report
from simli_pipeline.diff.schemas import SchemaComparer
from simli_pipeline.errors import PipelineError

CLIENT_DIRECTION: dict[str, Contexts] = {"send": SENT, "receive": RECEIVED}
DOC_KEYS = ("summary", "description", "title")
CHANNELS_PREFIX = "#/channels/"


def check(document: Node, source: str) -> Node:
    """``document`` if it is an AsyncAPI 3.0 document the diff can walk; else a DocumentError (exit 3)."""
    version = document.get("asyncapi")
    if not isinstance(version, str) or not version.startswith("3."):
        raise DocumentError(f"{source}: not an AsyncAPI 3.0 document (version {version!r})")
    for section in ("channels", "operations", "servers", "components"):
        if not isinstance(document.get(section) or {}, dict):
            raise DocumentError(f"{source}: '{section}' is not a mapping; not an AsyncAPI document")
    return document


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@dataclass
class Channel:
    """A channel by its key: its address (what a client connects to) and its messages."""

    key: str
    address: Any
    node: Node
    messages: dict[str, Node]  # message key -> message, $refs followed


@dataclass
class Operation:
    """An operation by its key: its action, the key of its channel and the keys of its messages there."""

    key: str
    action: str
    channel: str | None  # the channel's key
    messages: frozenset[str]  # message keys in that channel
    node: Node


@dataclass
class AsyncSpec:
    """An AsyncAPI document indexed for the diff: channels, operations, and which way each message travels."""

    spec: Spec  # $ref resolution and component schemas, shared with the schema comparison
    channels: dict[str, Channel] = field(default_factory=dict)
    operations: dict[str, Operation] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Node) -> AsyncSpec:
        indexed = cls(Spec.of(document))
        for key, raw in (document.get("channels") or {}).items():
            node = indexed.resolve(raw)
            messages = node.get("messages")
            messages = messages if isinstance(messages, dict) else {}
            resolved = {str(name): indexed.resolve(message) for name, message in messages.items()}
            indexed.channels[str(key)] = Channel(str(key), node.get("address"), node, resolved)
        for key, raw in (document.get("operations") or {}).items():
            node = indexed.resolve(raw)
            channel = indexed._channel_key(node.get("channel"))
            named = node.get("messages")
            if isinstance(named, list):
                keys = frozenset(k for ref in named if (k := indexed._message_key(ref, channel)) is not None)
            else:  # no list: every message of the channel
                keys = frozenset(indexed.channels[channel].messages) if channel in indexed.channels else frozenset()
            indexed.operations[str(key)] = Operation(str(key), str(node.get("action")), channel, keys, node)
        return indexed

    def resolve(self, node: Any) -> Node:
        """``node`` with its $ref chain followed; keys beside a $ref (a description) win over the target's."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
            seen.add(node["$ref"])
            target = self.spec.target(node["$ref"])
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **siblings} if isinstance(target, dict) else siblings
        return node if isinstance(node, dict) else {}

    def _channel_key(self, reference: Any) -> str | None:
        ref = reference.get("$ref") if isinstance(reference, dict) else None
        if isinstance(ref, str) and ref.startswith(CHANNELS_PREFIX) and "/" not in ref[len(CHANNELS_PREFIX) :]:
            return _unescape(ref[len(CHANNELS_PREFIX) :])
        return None

    def _message_key(self, reference: Any, channel: str | None) -> str | None:
        """The key, in ``channel``, of a message an operation names by ``#/channels/<channel>/messages/<key>``."""
        ref = reference.get("$ref") if isinstance(reference, dict) else None
        if channel is None or not isinstance(ref, str):
            return None
        parts = [_unescape(part) for part in ref.removeprefix("#/").split("/")]
        if len(parts) == 4 and parts[0] == "channels" and parts[2] == "messages":
            return parts[3]
        return None

    def directions(self, channel: str, message: str) -> set[str]:
        """Which way ``message`` of ``channel`` travels for a client (sent, received), per the operations."""
        found: set[str] = set()
        for operation in self.operations.values():
            if operation.channel == channel and message in operation.messages:
                found |= CLIENT_DIRECTION.get(operation.action, EVERYWHERE)
        return found

    def address(self, channel: str | None) -> Any:
        return self.channels[channel].address if channel in self.channels else None


def _content_type(document: Node, message: Node) -> str:
    return str(message.get("contentType") or document.get("defaultContentType") or "application/json")


class AsyncDiffer(ChangeRecorder):
    """Builds the list of changes between two indexed AsyncAPI documents."""

    def __init__(self, old: AsyncSpec, new: AsyncSpec) -> None:
        super().__init__()
        self.old, self.new = old, new
        self.schemas = SchemaComparer(old.spec, new.spec)
        self.schema_users: dict[str, tuple[set[str], set[str]]] = {}  # component -> (message locations, contexts)
        self.renamed: dict[str, dict[str, str]] = {}  # new channel key -> {old message key: new message key}
        self.channel_pairs: dict[str, str] = {}  # old channel key -> the new channel key it is (same key, or renamed)

    def run(self) -> list[Change]:
        self._channels()
        self._operations()
        self._components()
        self._servers()
        return sorted(set(self.changes))

    def _docs(self, location: str, a: Node, b: Node, contexts: Contexts = EVERYWHERE) -> None:
        for name in DOC_KEYS:
            if a.get(name) != b.get(name):
                self.add(location, Found(DOCUMENTATION, facts={"what": name}), contexts)

    # ----------------------------------------------------------------- channels and their messages

    def _channels(self) -> None:
        old, new = self.old.channels, self.new.channels
        removed, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
        pairs = [(key, key) for key in sorted(old.keys() & new.keys())]
        for gone in list(removed):  # a key gone and one come at the same address: the key was renamed
            same = next(
                (key for key in added if old[gone].address is not None and new[key].address == old[gone].address), None
            )
            if same is not None:
                removed.remove(gone)
                added.remove(same)
                facts = {"old": gone, "new": same, "address": old[gone].address}
                self.add(f"channels.{same}", Found("channel-renamed", facts=facts), EVERYWHERE)
                pairs.append((gone, same))
        for key in removed:
            self.add(f"channels.{key}", Found("channel-removed"), EVERYWHERE)
        for key in added:
            self.add(f"channels.{key}", Found("channel-added", facts={"address": new[key].address}), EVERYWHERE)
        self.channel_pairs = dict(pairs)
        for a, b in pairs:
            location = f"channels.{b}"
            if old[a].address != new[b].address:
                facts = {"old": old[a].address, "new": new[b].address}
                self.add(location, Found("channel-address-changed", facts=facts), EVERYWHERE)
            self._docs(location, old[a].node, new[b].node)
            self._messages(old[a], new[b])

    def _contexts(
        self, old_channel: str | None, new_channel: str | None, message_old: str | None, message_new: str | None
    ) -> Contexts:
        found: set[str] = set()
        if old_channel is not None and message_old is not None:
            found |= self.old.directions(old_channel, message_old)
        if new_channel is not None and message_new is not None:
            found |= self.new.directions(new_channel, message_new)
        return frozenset(found) or EVERYWHERE

    def _messages(self, a: Channel, b: Channel) -> None:
        base = f"channels.{b.key}.messages"
        removed, added = sorted(a.messages.keys() - b.messages.keys()), sorted(b.messages.keys() - a.messages.keys())
        pairs = [(key, key) for key in sorted(a.messages.keys() & b.messages.keys())]
        for gone in list(removed):
            same = next((key for key in added if self._same_message(a.messages[gone], b.messages[key])), None)
            if same is not None:
                removed.remove(gone)
                added.remove(same)
                contexts = self._contexts(a.key, b.key, gone, same)
                self.add(f"{base}.{same}", Found("message-renamed", facts={"old": gone, "new": same}), contexts)
                self.renamed.setdefault(b.key, {})[gone] = same
                pairs.append((gone, same))
        for key in removed:
            self.add(f"{base}.{key}", Found("message-removed"), self._contexts(a.key, None, key, None))
        for key in added:
            self.add(f"{base}.{key}", Found("message-added"), self._contexts(None, b.key, None, key))
        for x, y in pairs:
            self._message(f"{base}.{y}", a.messages[x], b.messages[y], self._contexts(a.key, b.key, x, y))

    def _message_changes(self, a: Node, b: Node) -> list[tuple[str, Found]]:
        """(label, what) for each difference between two messages as a client sees them, documentation included."""
        found: list[tuple[str, Found]] = [
            ("", Found(DOCUMENTATION, facts={"what": k})) for k in DOC_KEYS if a.get(k) != b.get(k)
        ]
        old_type, new_type = _content_type(self.old.spec.document, a), _content_type(self.new.spec.document, b)
        if old_type.lower() != new_type.lower():
            found.append(("", Found("message-content-type-changed", facts={"old": old_type, "new": new_type})))
        (old_format, old_schema), (new_format, new_schema) = payload_schema(a), payload_schema(b)
        if old_format != new_format:
            found.append(("", Found("payload-format-changed", "format", {"old": old_format, "new": new_format})))
        elif not is_json_schema(new_format):
            if old_schema != new_schema:
                found.append(("", Found("payload-format-changed", "opaque", {"format": new_format})))
        else:

            def payload(path: str, what: Found) -> None:
                found.append((f"payload {path}: " if path else "payload: ", what))

            self.schemas.compare(old_schema, new_schema, payload)
        return found

    def _same_message(self, a: Node, b: Node) -> bool:
        return all(what.kind == DOCUMENTATION for _label, what in self._message_changes(a, b))

    def _message(self, location: str, a: Node, b: Node, contexts: Contexts) -> None:
        self._note_users(location, payload_schema(a)[1], self.old.spec, contexts)
        self._note_users(location, payload_schema(b)[1], self.new.spec, contexts)
        for label, what in self._message_changes(a, b):
            self.add(location, what, contexts, label=label)

    # ----------------------------------------------------------------- component schemas used by payloads

    def _note_users(self, location: str, schema: Any, spec: Spec, contexts: Contexts) -> None:
        """Record that the message at ``location`` uses each component schema ``schema`` reaches."""
        stack, seen = [schema], set()
        while stack:
            for node in iter_mappings(stack.pop()):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
                    name = _unescape(ref[len(SCHEMA_PREFIX) :])
                    if name not in seen:
                        seen.add(name)
                        users, where = self.schema_users.setdefault(name, (set(), set()))
                        users.add(location)
                        where.update(contexts)
                        stack.append(spec.schemas.get(name))

    def _components(self) -> None:
        old, new = self.old.spec.schemas, self.new.spec.schemas
        for name in sorted(old.keys() & new.keys() & self.schema_users.keys()):
            users, contexts = self.schema_users[name]
            found: list[tuple[str, Found]] = []

            def record(path: str, what: Found, found: list[tuple[str, Found]] = found) -> None:
                found.append((path, what))

            self.schemas.compare(old[name], new[name], record)
            base = f"components.schemas.{name}"
            for path, what in found:
                self.add(f"{base}.{path}" if path else base, what, frozenset(contexts), tuple(sorted(users)))

    # ----------------------------------------------------------------- operations

    def _same_channel(self, a: Operation, b: Operation) -> bool:
        """Whether two operations are on the same channel: the same one, or one renamed or moved as a whole."""
        return a.channel is not None and self.channel_pairs.get(a.channel) == b.channel

    def _same_operation(self, a: Operation, b: Operation) -> bool:
        renamed = self.renamed.get(b.channel or "", {})
        kept = frozenset(renamed.get(name, name) for name in a.messages)
        return a.action == b.action and self._same_channel(a, b) and kept == b.messages

    def _operations(self) -> None:
        old, new = self.old.operations, self.new.operations
        removed, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
        for gone in list(removed):
            same = next((key for key in added if self._same_operation(old[gone], new[key])), None)
            if same is not None:
                removed.remove(gone)
                added.remove(same)
                contexts = CLIENT_DIRECTION.get(new[same].action, EVERYWHERE)
                self.add(
                    f"operations.{same}", Found("async-operation-renamed", facts={"old": gone, "new": same}), contexts
                )
        for key in removed:
            action = old[key].action
            self.add(
                f"operations.{key}",
                Found("async-operation-removed", facts={"action": action}),
                CLIENT_DIRECTION.get(action, EVERYWHERE),
            )
        for key in added:
            action = new[key].action
            self.add(
                f"operations.{key}",
                Found("async-operation-added", facts={"action": action}),
                CLIENT_DIRECTION.get(action, EVERYWHERE),
            )
        for key in sorted(old.keys() & new.keys()):
            self._operation(key, old[key], new[key])

    def _operation(self, key: str, a: Operation, b: Operation) -> None:
        location = f"operations.{key}"
        contexts = CLIENT_DIRECTION.get(a.action, EVERYWHERE) | CLIENT_DIRECTION.get(b.action, EVERYWHERE)
        self._docs(location, a.node, b.node, contexts)
        if a.action != b.action:
            self.add(
                location, Found("async-operation-action-changed", facts={"old": a.action, "new": b.action}), contexts
            )
        if not self._same_channel(a, b):
            facts = {"old": self._shown(self.old, a.channel), "new": self._shown(self.new, b.channel)}
            self.add(location, Found("async-operation-channel-changed", facts=facts), contexts)
            return  # another channel: its messages are another channel's
        renamed = self.renamed.get(b.channel or "", {})
        kept = {renamed.get(name, name) for name in a.messages}
        for name in sorted(kept - b.messages):
            facts = {"message": name, "action": a.action}
            self.add(
                location,
                Found("async-operation-messages-changed", "removed", facts),
                CLIENT_DIRECTION.get(a.action, EVERYWHERE),
            )
        for name in sorted(b.messages - kept):
            facts = {"message": name, "action": b.action}
            self.add(
                location,
                Found("async-operation-messages-changed", "added", facts),
                CLIENT_DIRECTION.get(b.action, EVERYWHERE),
            )

    @staticmethod
    def _shown(spec: AsyncSpec, channel: str | None) -> str:
        return f"{channel} ({spec.address(channel)})" if channel in spec.channels else str(channel)

    # ----------------------------------------------------------------- servers

    def _servers(self) -> None:
        def urls(document: Node) -> dict[str, str]:  # normalised URL -> URL as written
            found: dict[str, str] = {}
            for server in (document.get("servers") or {}).values():
                if isinstance(server, dict) and isinstance(server.get("host"), str):
                    url = f"{server.get('protocol', '')}://{server['host']}{server.get('pathname') or ''}"
                    found[server_key(url)] = url
            return found

        old, new = urls(self.old.spec.document), urls(self.new.spec.document)
        for key in sorted(old.keys() - new.keys()):
            self.add("servers", Found("servers-changed", "removed", {"url": old[key]}), EVERYWHERE)
        for key in sorted(new.keys() - old.keys()):
            self.add("servers", Found("servers-changed", "added", {"url": new[key]}), EVERYWHERE)


def diff_asyncapi(base: Node, new: Node, base_name: str = "base", new_name: str = "new") -> Report:
    """The semantic difference between two parsed AsyncAPI documents, as the OpenAPI diff's report."""
    with collector_paused():
        old_spec, new_spec = AsyncSpec.of(base), AsyncSpec.of(new)
        everything = AsyncDiffer(old_spec, new_spec).run()
        inconsistencies = [("base", loc, msg) for loc, msg in old_spec.spec.inconsistencies()]
        inconsistencies += [("new", loc, msg) for loc, msg in new_spec.spec.inconsistencies()]
    return Report(
        base=base_name,
        new=new_name,
        changes=[c for c in everything if c.kind != DOCUMENTATION],
        documentation=[c for c in everything if c.kind == DOCUMENTATION],
        inconsistencies=inconsistencies,
    )


def asyncapi_findings(document: Node, origin: str) -> list[tuple[str, str]]:
    """What update-spec would say about a new AsyncAPI document: nothing, or the refusal that stops it."""
    try:
        validate(document, origin)
    except PipelineError as exc:
        return [("refusal", str(exc))]
    return []
