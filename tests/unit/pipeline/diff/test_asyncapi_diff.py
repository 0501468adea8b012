"""The AsyncAPI drift report: each kind found on a tampered copy of Simli's description, classified for a client.

The base documents are fixtures (Simli's description, tests/fixtures/asyncapi/simli-asyncapi.yaml, and a
small one of these tests' own, drift-components.yaml); each case edits a copy and expects exactly its
changes, as (kind, location, breaking).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from simli_pipeline.diff.asyncapi import diff_asyncapi
from simli_pipeline.diff.kinds import ASYNC_OPERATION, CHANNEL, KINDS, MESSAGE
from tests.conftest import FIXTURES, ROOT

SIMLI = FIXTURES / "asyncapi" / "simli-asyncapi.yaml"
COMPONENTS = FIXTURES / "asyncapi" / "drift-components.yaml"
SCRIPT = ROOT / "scripts" / "spec_diff.py"
Doc = dict[str, Any]
Edit = Callable[[Doc], None]


def _load(path: Path) -> Doc:
    loaded: Doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _rename_channel(doc: Doc, old: str, new: str) -> None:
    doc["channels"][new] = doc["channels"].pop(old)
    for operation in doc["operations"].values():
        for reference in [operation["channel"], *operation.get("messages", [])]:
            reference["$ref"] = reference["$ref"].replace(f"#/channels/{old}", f"#/channels/{new}")


def _rename_message(doc: Doc, channel: str, old: str, new: str) -> None:
    messages = doc["channels"][channel]["messages"]
    messages[new] = messages.pop(old)
    for operation in doc["operations"].values():
        for reference in operation.get("messages", []):
            if reference["$ref"] == f"#/channels/{channel}/messages/{old}":
                reference["$ref"] = f"#/channels/{channel}/messages/{new}"


def _set(path: str, value: Any) -> Edit:
    def edit(doc: Doc) -> None:
        *parents, last = path.split("/")
        node = doc
        for part in parents:
            node = node[part]
        node[last] = value

    return edit


def _add_event_value(doc: Doc) -> None:
    doc["components"]["messages"]["event"]["payload"]["schema"]["enum"].append("PAUSE")


def _require_sdp(doc: Doc) -> None:
    for name in ("rtc_offer", "rtc_answer"):
        doc["components"]["messages"][name]["payload"]["schema"]["required"] = ["sdp"]


def _add_channel(doc: Doc) -> None:
    doc["channels"]["daily"] = {"address": "/compose/webrtc/daily", "messages": {}}


def _add_operation(doc: Doc) -> None:
    doc["operations"]["recvEvent2"] = copy.deepcopy(doc["operations"]["event_livekit"])


def _add_message(doc: Doc) -> None:
    doc["channels"]["livekit"]["messages"]["metadata"] = {"payload": {"type": "object"}}
    doc["operations"]["event_livekit"]["messages"].append({"$ref": "#/channels/livekit/messages/metadata"})


def _rename_operation(doc: Doc) -> None:
    doc["operations"]["recvJoinInfo"] = doc["operations"].pop("recvLivekitInfo")


def _move_operation(doc: Doc) -> None:
    doc["operations"]["error_livekit"]["channel"] = {"$ref": "#/channels/peer_to_peer"}
    doc["operations"]["error_livekit"]["messages"] = [{"$ref": "#/channels/peer_to_peer/messages/error"}]


PEER_TO_PEER_OPERATIONS = (
    "sendOffer",
    "recvAnswer",
    "sendAudioChunk_peer_to_peer",
    "clearBuffer_peer_to_peer",
    "finalMessage_peer_to_peer",
    "event_peer_to_peer",
    "error_peer_to_peer",
)


def _remove_peer_to_peer(doc: Doc) -> None:
    """The channel goes, with the operations on it (which would otherwise point at nothing)."""
    del doc["channels"]["peer_to_peer"]
    for key in PEER_TO_PEER_OPERATIONS:
        del doc["operations"][key]


def _remove_clear_buffer(doc: Doc) -> None:
    del doc["channels"]["livekit"]["messages"]["clear_buffer"]
    del doc["operations"]["clearBuffer_livekit"]


def _rename_and_move_livekit(doc: Doc) -> None:
    _rename_channel(doc, "livekit", "lk")
    doc["channels"]["lk"]["address"] = "/x"


def _server_host(doc: Doc) -> None:
    doc["servers"]["Simli WSS"]["host"] = "ws.simli.ai"


def _avro_field(doc: Doc) -> None:
    doc["components"]["messages"]["record"]["payload"]["schema"]["fields"][0]["type"] = "int"


def _avro_to_json(doc: Doc) -> None:
    doc["components"]["messages"]["record"]["payload"] = {"schema": {"type": "string"}}


LIVEKIT = "channels.livekit.messages"
P2P = "channels.peer_to_peer.messages"
CASES: dict[str, tuple[Path, Edit, list[list[Any]]]] = {
    "address-changed": (
        SIMLI,
        _set("channels/livekit/address", "/compose/webrtc/livekit/v2"),
        [["channel-address-changed", "channels.livekit", True]],
    ),
    "key-renamed": (
        SIMLI,
        lambda doc: _rename_channel(doc, "livekit", "lk"),
        [["channel-renamed", "channels.lk", False]],
    ),
    "channel-removed": (
        SIMLI,
        _remove_peer_to_peer,
        [
            ["channel-removed", "channels.peer_to_peer", True],
            *[["async-operation-removed", f"operations.{key}", True] for key in PEER_TO_PEER_OPERATIONS],
        ],
    ),
    "channel-added": (SIMLI, _add_channel, [["channel-added", "channels.daily", False]]),
    "action-flipped": (
        SIMLI,
        _set("operations/recvAnswer/action", "send"),
        [["async-operation-action-changed", "operations.recvAnswer", True]],
    ),
    "operation-added-received": (SIMLI, _add_operation, [["async-operation-added", "operations.recvEvent2", True]]),
    "operation-renamed": (SIMLI, _rename_operation, [["async-operation-renamed", "operations.recvJoinInfo", False]]),
    "operation-moved": (
        SIMLI,
        _move_operation,
        [["async-operation-channel-changed", "operations.error_livekit", True]],
    ),
    "operation-loses-a-message": (
        SIMLI,
        _set("operations/event_livekit/messages", [{"$ref": "#/channels/livekit/messages/error"}]),
        [
            ["async-operation-messages-changed", "operations.event_livekit", True],  # event no longer received
            ["async-operation-messages-changed", "operations.event_livekit", True],  # error now received here
        ],
    ),
    "message-removed": (
        SIMLI,
        _remove_clear_buffer,
        [
            ["message-removed", f"{LIVEKIT}.clear_buffer", True],
            ["async-operation-removed", "operations.clearBuffer_livekit", True],
        ],
    ),
    "message-added-received": (
        SIMLI,
        _add_message,
        [
            ["message-added", f"{LIVEKIT}.metadata", True],
            ["async-operation-messages-changed", "operations.event_livekit", True],
        ],
    ),
    "message-renamed": (
        SIMLI,
        lambda doc: _rename_message(doc, "livekit", "livekit_join_info", "join_info"),
        [["message-renamed", f"{LIVEKIT}.join_info", False]],
    ),
    "content-type": (
        SIMLI,
        _set("components/messages/audio_chunk/contentType", "text/plain"),
        [
            ["message-content-type-changed", f"{LIVEKIT}.audio_chunk", True],
            ["message-content-type-changed", f"{P2P}.audio_chunk", True],
        ],
    ),
    "received-enum-widened": (
        SIMLI,
        _add_event_value,
        [["enum-changed", f"{LIVEKIT}.event", True], ["enum-changed", f"{P2P}.event", True]],
    ),
    "required-where-sent-and-received": (
        SIMLI,
        _require_sdp,
        [
            ["property-required", f"{P2P}.offer", True],  # the client sends the offer: breaking
            ["property-required", f"{P2P}.answer", False],  # the client receives the answer: not breaking
        ],
    ),
    "server-moved": (
        SIMLI,
        _server_host,
        [["servers-changed", "servers", True], ["servers-changed", "servers", False]],
    ),
    "component-schema": (
        COMPONENTS,
        _set("components/schemas/Join/properties/room/type", "integer"),
        [["type-changed", "components.schemas.Join.properties.room", True]],
    ),
    "operation-without-messages": (
        COMPONENTS,
        _set("channels/status/messages/tick/payload/properties/at/type", "string"),
        [["type-changed", "channels.status.messages.tick", True]],
    ),
    "opaque-payload": (
        COMPONENTS,
        _avro_field,
        [["payload-format-changed", "channels.rooms.messages.record", True]],
    ),
    "payload-format": (
        COMPONENTS,
        _avro_to_json,
        [["payload-format-changed", "channels.rooms.messages.record", True]],
    ),
}


def _changes(base_path: Path, edit: Edit) -> list[list[Any]]:
    base = _load(base_path)
    new = copy.deepcopy(base)
    edit(new)
    report = diff_asyncapi(base, new)
    assert report.inconsistencies == []
    return sorted([change.kind, change.location, change.breaking] for change in report.changes)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_tampered_copy_gives_exactly_its_changes(case: str) -> None:
    base, edit, expected = CASES[case]
    assert _changes(base, edit) == sorted(expected)


def test_every_asyncapi_kind_is_exercised() -> None:
    asyncapi_kinds = {kind.id for kind in KINDS.values() if kind.applies_to in {CHANNEL, MESSAGE, ASYNC_OPERATION}}
    found = {kind for base, edit, _ in CASES.values() for kind, _, _ in _changes(base, edit)}
    assert asyncapi_kinds <= found, asyncapi_kinds - found


def test_the_same_document_reformatted_gives_no_change() -> None:
    base = _load(SIMLI)
    reformatted = json.loads(json.dumps(base, sort_keys=True))
    report = diff_asyncapi(base, reformatted)
    assert (report.changes, report.documentation, report.exit_code) == ([], [], 0)


def test_an_address_is_on_the_wire_and_a_channel_key_is_not() -> None:
    moved = _changes(SIMLI, _set("channels/livekit/address", "/compose/webrtc/lk"))
    renamed = _changes(SIMLI, lambda doc: _rename_channel(doc, "livekit", "lk"))
    assert moved == [["channel-address-changed", "channels.livekit", True]]
    assert renamed == [["channel-renamed", "channels.lk", False]]
    both = _changes(SIMLI, _rename_and_move_livekit)
    assert ["channel-removed", "channels.livekit", True] in both


def test_a_flipped_action_is_breaking_and_worded() -> None:
    base = _load(SIMLI)
    new = copy.deepcopy(base)
    new["operations"]["sendAudioChunk_livekit"]["action"] = "receive"
    (change,) = diff_asyncapi(base, new).changes
    assert (change.kind, change.breaking, change.message) == (
        "async-operation-action-changed",
        True,
        "action send -> receive",
    )


def test_documentation_is_listed_apart() -> None:
    base = _load(SIMLI)
    new = copy.deepcopy(base)
    new["channels"]["livekit"]["summary"] = "LiveKit"
    new["components"]["messages"]["event"]["description"] = "Server events"
    report = diff_asyncapi(base, new)
    assert report.changes == []
    locations = {change.location for change in report.documentation}
    assert {"channels.livekit", f"{LIVEKIT}.event", f"{P2P}.event"} <= locations


# --------------------------------------------------------------------------- the command line


def _write(tmp_path: Path, name: str, doc: Doc) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--no-facade", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def test_spec_diff_takes_two_asyncapi_documents(tmp_path: Path) -> None:
    new = _load(SIMLI)
    new["operations"]["recvAnswer"]["action"] = "send"
    result = _run("--base", str(SIMLI), str(_write(tmp_path, "new.yaml", new)), "--format", "json")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert [c["kind"] for c in report["changes"]] == ["async-operation-action-changed"]
    assert report["pipeline"] == []  # update-spec would pin it


def test_the_report_lists_a_refusal_of_the_new_document(tmp_path: Path) -> None:
    new = _load(SIMLI)
    new["operations"]["recvAnswer"]["action"] = "listen"
    result = _run("--base", str(SIMLI), str(_write(tmp_path, "new.yaml", new)), "--format", "json")
    report = json.loads(result.stdout)
    (finding,) = report["pipeline"]
    assert finding["level"] == "refusal"
    assert "operations.recvAnswer.action: 'listen' is not one of" in finding["message"]


def test_asyncapi_joins_an_openapi_report(tmp_path: Path) -> None:
    openapi = FIXTURES / "specs" / "seed-excerpt.yaml"
    new = _load(SIMLI)
    new["channels"]["livekit"]["address"] = "/v2/livekit"
    asyncapi = str(_write(tmp_path, "new-asyncapi.yaml", new))
    result = _run(
        "--no-pipeline-check",
        "--base",
        str(openapi),
        str(openapi),
        "--asyncapi-base",
        str(SIMLI),
        "--asyncapi",
        asyncapi,
    )
    assert result.returncode == 2, result.stderr
    assert (
        "`channels.livekit` **channel-address-changed**: address /compose/webrtc/livekit -> /v2/livekit"
        in result.stdout
    )
    assert f"`{openapi} and {SIMLI}` (base)" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--base", str(FIXTURES / "specs" / "seed-excerpt.yaml"), str(SIMLI)), "compare two OpenAPI documents or two"),
        (
            ("--base", str(SIMLI), str(SIMLI), "--asyncapi", str(FIXTURES / "specs" / "seed-excerpt.yaml")),
            "--asyncapi takes",
        ),
    ],
    ids=["mixed-kinds", "openapi-as-asyncapi"],
)
def test_mismatched_documents_are_one_line_and_exit_3(args: tuple[str, ...], fragment: str) -> None:
    result = _run(*args)
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert fragment in result.stderr
