"""One contract case per operation of the pinned description: how to call it and what must come back.

A case calls the facade method that ``simli_api.OPERATIONS`` names for its route, so the table is
exercised too. ``local`` cases are answered by tests/support/routed_server.py: what Prism cannot
produce from the description (video bytes, the PNG of the operation that declares no responses, and
the path variable the description declares ``in: query``, which Prism would demand in the query).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import attrs

from simli_api_client.models import AgentRequest, AgentUpdate, TokenRequest
from tests.support.routed_server import Answer

FACE = uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
MP4 = b"\x00\x00\x00\x18ftypmp42" + os.urandom(256 * 1024)
PLAYLIST = b"#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:2.0,\nsegment0.ts\n#EXT-X-ENDLIST\n"
LIVEKIT_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzaW1saS1hdmF0YXItYWdlbnQifQ.c2lnbmF0dXJl"
API_KEY = "contract-key-7f3a"


@dataclass(frozen=True)
class Case:
    """``call`` gets the bound facade method; ``returns`` is the shape of its result (see :func:`shape`)."""

    route: str
    call: Callable[[Any], Any]
    returns: str
    local: Answer | None = None
    equals: object = None
    """When set, the result must equal it (the bytes a local server sent)."""

    @property
    def server(self) -> str:
        return "local" if self.local is not None else "Prism"

    def matches(self, method: str, path: str) -> bool:
        """Whether a request (method, URL path) is this case's operation."""
        verb, template = self.route.split(" ", 1)
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        return method == verb and re.fullmatch(pattern, path) is not None


def shape(value: object) -> str:
    """A short description of a result: ``None``, ``bytes``, ``list[IceServer]``, a model's class name..."""
    if value is None:
        return "None"
    if isinstance(value, list):
        return f"list[{shape(value[0])}]" if value else "list[]"
    if isinstance(value, Path):
        return "Path"
    if attrs.has(type(value)):
        return type(value).__name__
    return type(value).__name__


CASES: list[Case] = [
    Case("GET /compose/ice", lambda m: m(), "list[IceServer]"),
    Case(
        "POST /compose/token",
        lambda m: m(face_id="contract-face", max_session_length=600, handle_silence=True),
        "SessionToken",
    ),
    Case(
        "POST /static/audio",
        lambda m: m(face_id="contract-face", audio=b"RIFF0000WAVE", audio_format="wav"),
        "StaticVideo",
    ),
    Case(
        "GET /static/hls/{destination}/{file}",
        lambda m: m("machine-1", "output.m3u8"),
        "bytes",
        local=Answer.binary(PLAYLIST, "application/x-mpegURL"),
        equals=PLAYLIST,
    ),
    Case(
        "GET /static/mp4/{destination}/{file}",
        lambda m: m("machine-1", "output.mp4"),
        "bytes",
        local=Answer(
            200, headers={"Content-Type": "video/mp4"}, chunks=[MP4[i : i + 65536] for i in range(0, len(MP4), 65536)]
        ),
        equals=MP4,
    ),
    # The description's answer is untyped (Prism sends nothing); faces.create reads the new face's id from it.
    Case(
        "POST /faces/trinity",
        lambda m: m(PNG, name="contract"),
        "CreatedFace",
        local=Answer.json({"face_id": "contract-face", "status": "queued"}),
    ),
    Case(
        "POST /faces/trinity/preprocess",
        lambda m: m(PNG, retry=False),
        "bytes",
        local=Answer.binary(PNG[::-1], "image/png"),
        equals=PNG[::-1],
    ),
    Case("GET /faces/trinity/generation_status", lambda m: m("contract-face"), "None"),
    Case("GET /faces", lambda m: m(), "list[FacesResponse]"),
    Case("DELETE /faces/trinity/{id}", lambda m: m(FACE), "None"),
    Case(
        "POST /integrations/livekit/agents",
        lambda m: m(
            session_token="sess-contract", livekit_token=LIVEKIT_TOKEN, livekit_url="wss://example.livekit.cloud"
        ),
        "LiveKitAgentsSession",
    ),
    Case("GET /history/sessions", lambda m: m(start_time=1745750387, end_time=1745750408), "SessionHistory"),
    Case("GET /ratelimiter/sessions", lambda m: m(), "ActiveSessions"),
    Case("POST /faces/legacy", lambda m: m(PNG), "None"),
    Case("DELETE /faces/legacy/{id}", lambda m: m(str(FACE)), "None"),
    Case("GET /faces/legacy/generation_status", lambda m: m("contract-face"), "None"),
    Case("POST /auto/agent", lambda m: m(AgentRequest(face_id=FACE, name="contract agent")), "AgentResponse"),
    Case("GET /auto/agents", lambda m: m(), "list[AgentResponse]"),
    Case("GET /auto/agent/{id}", lambda m: m(FACE), "AgentResponse"),
    Case("PUT /auto/agent/{id}", lambda m: m(FACE, AgentUpdate(name="renamed")), "None"),
    Case("DELETE /auto/agent/{id}", lambda m: m(FACE), "None"),
    Case("POST /auto/token", lambda m: m(TokenRequest(simli_api_key=API_KEY)), "None"),
    Case("POST /auto/start/configurable", lambda m: m(), "SessionDetails"),
    Case("GET /auto/start/{agent_id}/{session_token}", lambda m: m("agent-1", "sess-contract"), "SessionDetails"),
    Case(
        "GET /auto/transcript/{session_id}",
        lambda m: m("session-1"),
        "dict",
        local=Answer.json({"transcript": [{"role": "user", "text": "hello"}]}),
    ),
]

# Shapes Prism also produces, answered the way a real server may send them (no Content-Type, empty bodies).
SHAPES: list[tuple[Case, str]] = [
    (Case("DELETE /faces/trinity/{id}", lambda m: m(FACE), "None", local=Answer(204)), "204, no content"),
    (Case("PUT /auto/agent/{id}", lambda m: m(FACE, AgentUpdate()), "None", local=Answer(200)), "empty 200"),
    (
        Case("GET /faces/trinity/generation_status", lambda m: m("f"), "None", local=Answer.json(None)),
        "JSON null for an untyped schema",
    ),
    (
        Case(
            "GET /faces/trinity/generation_status",
            lambda m: m("f"),
            "dict",
            local=Answer.json({"status": "pending"}),
        ),
        "JSON object for an untyped schema",
    ),
]
