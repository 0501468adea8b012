"""An id argument takes ``str`` or ``uuid.UUID`` wherever an id goes: ids one method returns pass to another.

``faces.list()`` gives ``uuid.UUID`` ids (the description types them so); every method taking an id
accepts them, sends their text form, and says a wrong type is the wrong type (TypeError naming it).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import uuid
from typing import Any

import pytest

from simli_api import AsyncSimli, Simli
from simli_api.realtime import Realtime
from simli_api.resources import RESOURCES
from simli_api.resources._method import Method
from tests.support.facade_harness import KINDS, closed_port_url
from tests.support.routed_server import Answer, Routes, local_server

FACE = uuid.UUID("0b7e4d2c-4a6f-4a51-9d3e-2f1c8a9b7e61")
FACE_JSON = {
    "id": str(FACE),
    "owner_id": "owner-1",
    "simli_version": 1,
    "created_at": "2026-01-02T03:04:05Z",
    "updated_at": "2026-01-02T03:04:05Z",
}
ROUTES: Routes = {
    "GET /faces": Answer.json([FACE_JSON]),
    "GET /faces/trinity/generation_status": Answer.json({"status": "completed"}),
    f"DELETE /faces/trinity/{FACE}": Answer(204),
    "POST /static/audio": Answer.json({"mp4_url": "https://cdn.test/v.mp4", "hls_url": "https://cdn.test/v.m3u8"}),
    "POST /compose/token": Answer.json({"session_token": "session-token-0123456789"}),
}


def _id_parameters() -> list[tuple[str, str, Any]]:
    """(method, parameter, annotation) for every parameter named ``*_id`` of every facade method."""
    found = []
    for area, (module, name) in RESOURCES.items():
        resource = getattr(importlib.import_module(module), name)
        for attribute, member in vars(resource).items():
            function = member.stub if isinstance(member, Method) else getattr(member, "__wrapped__", member)
            if not inspect.isfunction(function):
                continue
            for parameter in inspect.signature(function).parameters.values():
                if parameter.name.endswith("_id"):
                    found.append((f"{area}.{attribute}", parameter.name, parameter.annotation))
    return found


def test_every_id_parameter_is_typed_str_or_uuid() -> None:
    parameters = _id_parameters()
    assert len(parameters) >= 14  # faces, agents, compose, videos, livekit and realtime all take ids
    untyped = [(method, name, annotation) for method, name, annotation in parameters if "UUID" not in annotation]
    assert untyped == []
    assert all("str" in annotation for _, _, annotation in parameters)
    assert ("realtime.connect", "face_id", "uuid.UUID | str | None") in parameters
    assert Realtime.connect.__doc__


def _journey(simli: Simli) -> list[Any]:
    (face,) = simli.faces.list()
    assert isinstance(face.id, uuid.UUID)
    simli.faces.delete(face.id)
    return [
        simli.faces.generation_status(face.id),
        simli.faces.wait_until_ready(face.id, poll_interval=0.01),
        simli.videos.from_audio(face_id=face.id, audio=b"RIFF-audio", audio_format="wav"),
        simli.compose.create_session_token(face_id=face.id),
    ]


async def _journey_async(simli: AsyncSimli) -> list[Any]:
    (face,) = await simli.faces.list()
    await simli.faces.delete(face.id)
    return [
        await simli.faces.generation_status(face.id),
        await simli.faces.wait_until_ready(face.id, poll_interval=0.01),
        await simli.videos.from_audio(face_id=face.id, audio=b"RIFF-audio", audio_format="wav"),
        await simli.compose.create_session_token(face_id=face.id),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_ids_from_faces_list_pass_to_every_method_taking_a_face(kind: str) -> None:
    with local_server(ROUTES) as (url, received):
        if kind == "sync":
            with Simli(api_key="key-0123456789", base_url=url) as simli:
                results = _journey(simli)
        else:

            async def scenario() -> list[Any]:
                async with AsyncSimli(api_key="key-0123456789", base_url=url) as simli:
                    return await _journey_async(simli)

            results = asyncio.run(scenario())
    assert results[0] == results[1] == {"status": "completed"}
    sent = {request.method + " " + request.path: request for request in received}
    assert sent[f"GET /faces/trinity/generation_status?face_id={FACE}"]
    assert json.loads(sent["POST /static/audio"].body)["faceId"] == str(FACE)
    assert json.loads(sent["POST /compose/token"].body)["faceId"] == str(FACE)
    assert f"DELETE /faces/trinity/{FACE}" in sent


WRONG_TYPES = [
    ("faces.generation_status", (5,), {}, "face_id"),
    ("faces.wait_until_ready", (5.0,), {}, "face_id"),
    ("faces.delete", (5,), {}, "face_id"),
    ("faces.legacy_generation_status", (b"id",), {}, "face_id"),
    ("videos.from_audio", (), {"face_id": 5, "audio": b"x", "audio_format": "wav"}, "face_id"),
    ("compose.create_session_token", (), {"face_id": ["f"]}, "face_id"),
    ("agents.get", (5,), {}, "agent_id"),
    ("agents.start", (5, "token-0123456789"), {}, "agent_id"),
    ("agents.transcript", (None,), {}, "session_id"),
]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(("method", "args", "kwargs", "name"), WRONG_TYPES, ids=[case[0] for case in WRONG_TYPES])
def test_a_wrong_type_is_a_type_error_naming_the_argument(
    method: str, args: tuple[Any, ...], kwargs: dict[str, Any], name: str
) -> None:
    area, attribute = method.split(".")
    with Simli(api_key="key-0123456789", base_url=closed_port_url()) as simli:
        bound = getattr(getattr(simli, area), attribute)
        with pytest.raises(TypeError, match=rf"^{name} must be a str or uuid\.UUID, got \w+$"):
            bound(*args, **kwargs)


@pytest.mark.parametrize("value", ["not-a-uuid", ""])
def test_a_malformed_id_string_is_still_a_value_error(value: str) -> None:
    with Simli(api_key="key-0123456789", base_url=closed_port_url()) as simli:
        with pytest.raises(ValueError, match="face_id"):
            simli.faces.delete(value)
        if not value:
            with pytest.raises(ValueError, match="face_id must not be empty"):
                simli.faces.generation_status(value)
