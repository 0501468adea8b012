"""What each resource method puts on the wire, and the argument checks that stop a call before it."""

from __future__ import annotations

import asyncio
import base64
import datetime
import inspect
import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from simli_api import AsyncSimli, Simli
from simli_api.resources._method import Method
from simli_api.resources.faces import Faces
from tests.support.routed_server import Answer, Received, local_server

KINDS = ["sync", "async"]
FACE = uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")
PNG = b"\x89PNG\r\n\x1a\nportrait"


def call(kind: str, url: str, dotted: str, *args: Any, **kwargs: Any) -> Any:
    area, method = dotted.split(".")
    if kind == "sync":
        with Simli(base_url=url, api_key="key-1") as simli:
            return getattr(getattr(simli, area), method)(*args, **kwargs)

    async def main() -> Any:
        async with AsyncSimli(base_url=url, api_key="key-1") as simli:
            return await getattr(getattr(simli, area), method)(*args, **kwargs)

    return asyncio.run(main())


def one_request(kind: str, answer: Answer, dotted: str, *args: Any, **kwargs: Any) -> tuple[Any, Received]:
    with local_server({"*": answer}) as (url, received):
        result = call(kind, url, dotted, *args, **kwargs)
    assert len(received) == 1
    return result, received[0]


@pytest.mark.parametrize("kind", KINDS)
def test_history_takes_datetimes_and_sends_unix_seconds(kind: str) -> None:
    start = datetime.datetime(2025, 4, 27, 10, 39, 47, tzinfo=datetime.timezone.utc)
    result, sent = one_request(
        kind, Answer.json({"sessions": []}), "history.sessions", start_time=start, end_time=1745750408
    )
    assert sent.path == "/history/sessions?startTime=1745750387&endTime=1745750408"
    assert result.sessions == []


@pytest.mark.parametrize("kind", KINDS)
def test_history_without_bounds_sends_no_query(kind: str) -> None:
    _, sent = one_request(kind, Answer.json({"sessions": []}), "history.sessions")
    assert sent.path == "/history/sessions"


@pytest.mark.parametrize("kind", KINDS)
def test_from_audio_encodes_the_audio(kind: str) -> None:
    urls = {"hls_url": "https://api.simli.ai/hls/a/output.m3u8", "mp4_url": "https://api.simli.ai/mp4/a/output.mp4"}
    result, sent = one_request(
        kind, Answer.json(urls), "videos.from_audio", face_id="face-1", audio=b"\x00\x01pcm", audio_format="pcm16"
    )
    assert sent.json() == {
        "faceId": "face-1",
        "audioBase64": base64.b64encode(b"\x00\x01pcm").decode(),
        "audioFormat": "pcm16",
    }, "options left out are left to Simli's defaults"
    assert (result.hls_url, result.mp4_url) == (urls["hls_url"], urls["mp4_url"])


@pytest.mark.parametrize("kind", KINDS)
def test_session_token_options_reach_the_body(kind: str) -> None:
    result, sent = one_request(
        kind,
        Answer.json({"session_token": "tok"}),
        "compose.create_session_token",
        face_id="face-1",
        max_session_length=120,
        session_aggregator=None,
    )
    body = sent.json()
    assert (body["faceId"], body["maxSessionLength"], body["sessionAggregator"]) == ("face-1", 120, None)
    assert sent.headers["x-simli-api-key"] == "key-1"
    assert result.session_token == "tok"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("source", ["path", "bytes", "file object"])
def test_face_images_from_a_path_bytes_or_a_file(kind: str, source: str, tmp_path: Path) -> None:
    portrait = tmp_path / "portrait.png"
    portrait.write_bytes(PNG)
    image: Any = {"path": portrait, "bytes": PNG, "file object": io.BytesIO(PNG)}[source]
    _, sent = one_request(kind, Answer.json({"face_id": "f-1"}), "faces.create", image, name="me")
    assert sent.path == "/faces/trinity?gsVersion=GSA_1.0&face_name=me"
    assert sent.headers["content-type"].startswith("multipart/form-data")
    assert b'name="image"' in sent.body
    assert PNG in sent.body


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("dotted", "args", "kwargs", "error", "message"),
    [
        ("faces.delete", ("not-a-uuid",), {}, ValueError, "face_id must be a UUID"),
        ("faces.create", ("/no/such/portrait.png",), {}, OSError, "image"),
        ("faces.create", (b"",), {}, ValueError, "image"),
        ("faces.generation_status", (" ",), {}, ValueError, "face_id"),
        ("history.sessions", (), {"start_time": datetime.datetime(2025, 1, 1)}, ValueError, "timezone-aware"),
        ("history.sessions", (), {"end_time": "yesterday"}, TypeError, "end_time"),
        ("videos.from_audio", (), {"face_id": "f", "audio": b"", "audio_format": "wav"}, ValueError, "audio"),
        ("videos.from_audio", (), {"face_id": "f", "audio": b"1", "audio_format": "flac"}, ValueError, "flac"),
        ("videos.download_mp4", ("", "out.mp4"), {}, ValueError, "destination"),
        ("agents.get", ("agent\n1",), {}, ValueError, "agent_id"),
        (
            "livekit.start_agents_session",
            (),
            {"session_token": "s", "livekit_token": "x", "livekit_url": "wss://h"},
            ValueError,
            "livekit_token",
        ),
    ],
)
def test_bad_arguments_fail_before_any_request(  # noqa: PLR0917 - pytest passes the parameters
    kind: str, dotted: str, args: tuple[Any, ...], kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with local_server({"*": Answer(500)}) as (url, received), pytest.raises(error, match=message):
        call(kind, url, dotted, *args, **kwargs)
    assert received == []


def test_methods_show_their_own_signature_and_docs() -> None:
    with Simli(api_key="k") as simli:
        create = simli.faces.create
    assert str(inspect.signature(create)) == (
        "(image: 'Image', *, name: 'str | None' = None, timeout: 'float | httpx.Timeout | None' = None, "
        "extra_headers: 'Mapping[str, str] | None' = None) -> 'CreatedFace'"
    )
    awaitable = AsyncSimli(api_key="k").faces.delete
    assert str(inspect.signature(awaitable)) == (
        "(face_id: 'uuid.UUID | str', *, timeout: 'float | httpx.Timeout | None' = None, "
        "extra_headers: 'Mapping[str, str] | None' = None) -> 'Coroutine[Any, Any, None]'"
    )
    assert create.__name__ == "create"
    assert create.__qualname__ == "Faces.create"
    assert create.__doc__ == Faces.__dict__["create"].__doc__
    declaration = Faces.create
    assert isinstance(declaration, Method)
    assert declaration.route == "POST /faces/trinity"


def test_resources_load_on_first_use() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from simli_api import Simli\n"
        "print(sorted(m for m in sys.modules if m.startswith('simli_api.resources.')))\n"
        "simli = Simli(api_key='k')\n"
        "simli.faces\n"
        "print(sorted(m for m in sys.modules if m.startswith('simli_api.resources.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [
        "[]",
        "['simli_api.resources._convert', 'simli_api.resources._method', 'simli_api.resources._steps', "
        "'simli_api.resources.faces']",
    ]


def test_a_resource_is_built_once_per_client() -> None:
    with Simli(api_key="k") as simli, Simli(api_key="k") as other:
        assert simli.faces is simli.faces
        assert simli.faces is not other.faces
        assert "Faces of Simli(" in repr(simli.faces)


def test_json_bodies_match_the_generated_model() -> None:
    """The facade sends what the generated client would: the model's own to_dict()."""
    from simli_api_client.models import StartStreamingSessionRequest

    _, sent = one_request("sync", Answer.json({"session_token": "t"}), "compose.create_session_token", face_id="f")
    assert sent.json() == json.loads(json.dumps(StartStreamingSessionRequest(face_id="f").to_dict()))


def test_a_flow_is_not_a_step_and_an_unknown_area_is_refused() -> None:
    from simli_api.resources import Lazy
    from simli_api.resources.livekit import LiveKit

    with Simli(api_key="k") as simli, pytest.raises(TypeError, match="start_avatar is a flow"):
        LiveKit.start_avatar.prepare(simli.livekit, face_id="f", livekit_url="wss://h", room="r", agent_identity="a")
    with pytest.raises((TypeError, RuntimeError)) as caught:  # 3.10/3.11 wrap __set_name__ errors in RuntimeError

        class Client:
            sessions: Lazy[object] = Lazy()

    refusal = caught.value.__cause__ if isinstance(caught.value, RuntimeError) else caught.value
    assert isinstance(refusal, TypeError)
    assert "Client.sessions: not an API area" in str(refusal)
