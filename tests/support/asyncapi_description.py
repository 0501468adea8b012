"""Simli's AsyncAPI description (a test fixture, byte for byte) and the checks the local server applies with it.

``ASYNCAPI`` is the one place tests, the demo and the bench read the description from (it can later point at
openapi/asyncapi.yaml). A client message is valid when it matches one of the messages the description's
``send`` operations on the channel list: binary frames those of content type application/octet-stream,
text frames the others (``defaultContentType`` text/plain), each validated against its payload schema.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

ASYNCAPI = Path(__file__).resolve().parents[1] / "fixtures" / "asyncapi" / "simli-asyncapi.yaml"
LIVEKIT_ADDRESS = "/compose/webrtc/livekit"
BINARY = "application/octet-stream"


@dataclass(frozen=True)
class Message:
    """One message of a channel: its key, content type and payload validator."""

    name: str
    content_type: str
    validator: Draft202012Validator


@dataclass(frozen=True)
class Channel:
    """A channel by its address, with the messages the client sends and receives on it."""

    address: str
    sends: tuple[Message, ...]
    receives: tuple[Message, ...]

    def problem(self, payload: str | bytes) -> str | None:
        """None if ``payload`` (a text or binary frame) is a message the client may send here; else why not."""
        binary = isinstance(payload, bytes)
        candidates = [m for m in self.sends if (m.content_type == BINARY) == binary]
        if not candidates:
            return f"no {'binary' if binary else 'text'} message is described as sent on {self.address}"
        instance = payload.decode("latin-1") if isinstance(payload, bytes) else payload
        if any(message.validator.is_valid(instance) for message in candidates):
            return None
        names = ", ".join(m.name for m in candidates)
        return f"{instance[:40]!r} matches none of the described messages ({names})"


def load(path: Path = ASYNCAPI) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def resolve(document: dict[str, Any], node: Any) -> Any:
    """``node`` with ``$ref`` chains followed (local JSON pointers only)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def channel(document: dict[str, Any], address: str = LIVEKIT_ADDRESS) -> Channel:
    """The channel at ``address`` with its send and receive messages, as the operations declare them."""
    keys = [key for key, value in document["channels"].items() if value.get("address") == address]
    if len(keys) != 1:
        raise LookupError(f"the description has {len(keys)} channels at {address}")
    default_type = document.get("defaultContentType", "application/json")
    by_action: dict[str, list[Message]] = {"send": [], "receive": []}
    for operation in document["operations"].values():
        if resolve(document, operation["channel"]) != resolve(document, {"$ref": f"#/channels/{keys[0]}"}):
            continue
        for reference in operation["messages"]:
            message = resolve(document, reference)
            payload = message.get("payload", {})
            schema = payload["schema"] if isinstance(payload, dict) and "schema" in payload else payload
            name = str(reference["$ref"]).rsplit("/", 1)[-1]
            content_type = message.get("contentType", default_type)
            by_action[operation["action"]].append(Message(name, content_type, Draft202012Validator(schema)))
    return Channel(address, tuple(by_action["send"]), tuple(by_action["receive"]))


@functools.lru_cache(maxsize=1)
def livekit_channel() -> Channel:
    """The ``livekit`` channel of the fixture description (parsed once)."""
    return channel(load())
