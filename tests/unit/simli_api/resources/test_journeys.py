"""The everyday journeys' helpers: a created face's id, waiting until it is ready, audio inputs, saving a video.

Each runs sync and async against tests/support/routed_server.py; the video download uses two
servers (the API's host and another) to show the API key never reaches the other one.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import simli_api.resources._steps as steps
from simli_api import (
    AsyncSimli,
    CreatedFace,
    FaceGenerationError,
    FaceGenerationFailedError,
    FaceGenerationTimeoutError,
    Simli,
    SimliError,
    SimliNotFoundError,
    SimliResponseError,
)
from simli_api_client.models import StaticVideo
from tests.support.routed_server import Answer, Received, Routes, local_server

from .test_resources import KINDS, call

API_KEY = "key-1"  # what test_resources.call configures
STATUS = "/faces/trinity/generation_status"
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64
AUDIO = b"RIFF\x24\x00\x00\x00WAVEfmt sample"
FAST = {"poll_interval": 0.01}


def _sequence(*answers: Any) -> Callable[[Received], Answer]:
    """A route answering each request with the next of ``answers`` (the last one repeats)."""
    queue = list(answers)

    def answer(_: Received) -> Answer:
        return Answer.json(queue.pop(0) if len(queue) > 1 else queue[0])

    return answer


# --------------------------------------------------------------------------- faces.create


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("field", ["face_id", "faceId", "id"])
def test_create_gives_the_face_id_and_the_raw_answer(kind: str, field: str) -> None:
    answer = {field: "face-77", "message": "queued"}
    with local_server({"POST /faces/trinity": Answer.json(answer)}) as (url, _):
        created = call(kind, url, "faces.create", b"\x89PNG\r\n\x1a\nportrait")
    assert created == CreatedFace(face_id="face-77", raw=answer)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("answer", [{"status": "queued"}, {"face_id": ""}, None, ["face-77"]])
def test_create_without_a_face_id_is_a_malformed_answer(kind: str, answer: Any) -> None:
    with (
        local_server({"POST /faces/trinity": Answer.json(answer)}) as (url, _),
        pytest.raises(SimliResponseError, match="no face id"),
    ):
        call(kind, url, "faces.create", b"\x89PNG\r\n\x1a\nportrait")


# --------------------------------------------------------------------------- faces.wait_until_ready


@pytest.mark.parametrize("kind", KINDS)
def test_wait_polls_until_ready_and_shows_every_answer(kind: str) -> None:
    answers = [{"status": "queued"}, {"status": "processing", "progress": 40}, {"status": "Completed", "ok": 1}]
    seen: list[Any] = []
    with local_server({f"GET {STATUS}": _sequence(*answers)}) as (url, received):
        final = call(kind, url, "faces.wait_until_ready", "face-77", on_status=seen.append, **FAST)
    assert final == answers[-1]
    assert seen == answers
    assert [r.path for r in received] == [f"{STATUS}?face_id=face-77"] * 3
    assert all(r.headers["x-simli-api-key"] == API_KEY for r in received)


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_generation_raises_with_the_last_answer(kind: str) -> None:
    answers = [{"status": "processing"}, {"status": "FAILED", "reason": "no face found"}]
    with (
        local_server({f"GET {STATUS}": _sequence(*answers)}) as (url, received),
        pytest.raises(FaceGenerationFailedError, match="face-77 failed") as caught,
    ):
        call(kind, url, "faces.wait_until_ready", "face-77", **FAST)
    assert (caught.value.face_id, caught.value.answer) == ("face-77", answers[-1])
    assert len(received) == 2


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("answer", [{"status": "processing"}, {"state": "done"}, None, "ready"])
def test_a_generation_that_never_ends_times_out_with_the_last_answer(kind: str, answer: Any) -> None:
    with (
        local_server({f"GET {STATUS}": Answer.json(answer)}) as (url, received),
        pytest.raises(FaceGenerationTimeoutError, match=r"not ready after 0\.2 s") as caught,
    ):
        call(kind, url, "faces.wait_until_ready", "face-77", timeout=0.2, **FAST)
    assert caught.value.answer == answer
    assert caught.value.timeout == 0.2
    assert not isinstance(caught.value, FaceGenerationFailedError)
    assert isinstance(caught.value, FaceGenerationError)
    assert isinstance(caught.value, SimliError)
    assert len(received) >= 2


@pytest.mark.parametrize("kind", KINDS)
def test_terminal_values_are_overridable(kind: str) -> None:
    """With Simli's values other than assumed: "completed" is no longer ready, "trained" is; "broken" fails."""
    with local_server({f"GET {STATUS}": _sequence({"status": "completed"}, {"status": "trained"})}) as (url, _):
        final = call(kind, url, "faces.wait_until_ready", "f", ready={"trained"}, **FAST)
    assert final == {"status": "trained"}
    with (
        local_server({f"GET {STATUS}": Answer.json({"status": "broken"})}) as (url, _),
        pytest.raises(FaceGenerationFailedError),
    ):
        call(kind, url, "faces.wait_until_ready", "f", failed=["Broken"], **FAST)


def test_polls_back_off_and_never_sleep_past_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(steps.Pause, "run", lambda self, client, options=None: pauses.append(self.seconds))
    answers = [{"status": "processing"}] * 4 + [{"status": "ready"}]
    with local_server({f"GET {STATUS}": _sequence(*answers)}) as (url, _):
        call("sync", url, "faces.wait_until_ready", "f", poll_interval=1.0, timeout=3600)
    assert pauses == [1.0, 1.5, 2.25, 3.375]
    pauses.clear()
    with (
        local_server({f"GET {STATUS}": Answer.json({"status": "processing"})}) as (url, _),
        pytest.raises(FaceGenerationTimeoutError),
    ):
        call("sync", url, "faces.wait_until_ready", "f", poll_interval=5.0, timeout=0.5)
    assert pauses, "the wait ended without pausing"
    assert all(0 < p <= 0.5 for p in pauses), pauses


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"timeout": 0}, ValueError, "timeout"),
        ({"poll_interval": -1}, ValueError, "poll_interval"),
        ({"poll_interval": "1"}, TypeError, "poll_interval"),
        ({"ready": "completed"}, TypeError, "ready"),
    ],
)
def test_bad_wait_settings_fail_before_any_request(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with local_server({"*": Answer(500)}) as (url, received), pytest.raises(error, match=message):
        call("sync", url, "faces.wait_until_ready", "f", **kwargs)
    assert received == []


# --------------------------------------------------------------------------- audio inputs


@pytest.fixture
def audio_file(tmp_path: Path) -> Path:
    path = tmp_path / "hello.wav"
    path.write_bytes(AUDIO)
    return path


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("source", ["path", "str path", "bytes", "file object", "open file"])
def test_audio_from_a_path_bytes_or_a_file(kind: str, source: str, audio_file: Path) -> None:
    urls = {"mp4_url": "https://cdn.example/v.mp4", "hls_url": "https://cdn.example/v.m3u8"}
    with audio_file.open("rb") as handle, local_server({"POST /static/audio": Answer.json(urls)}) as (url, received):
        audio: Any = {
            "path": audio_file,
            "str path": str(audio_file),
            "bytes": AUDIO,
            "file object": io.BytesIO(AUDIO),
            "open file": handle,
        }[source]
        call(kind, url, "videos.from_audio", face_id="f", audio=audio, audio_format="wav")
    assert base64.b64decode(received[0].json()["audioBase64"]) == AUDIO


@pytest.mark.parametrize(
    ("audio", "error", "message"),
    [
        (12, TypeError, "audio must be a path, bytes or a binary file object, got int"),
        (["a"], TypeError, "got list"),
        (io.StringIO("text"), ValueError, "binary mode"),
        ("/no/such/audio.wav", FileNotFoundError, "audio: no such file"),
        (b"", ValueError, "audio is empty"),
    ],
)
def test_wrong_audio_says_what_is_wrong(audio: Any, error: type[Exception], message: str) -> None:
    with local_server({"*": Answer(500)}) as (url, received), pytest.raises(error, match=message):
        call("sync", url, "videos.from_audio", face_id="f", audio=audio, audio_format="wav")
    assert received == []


# --------------------------------------------------------------------------- videos.save


@pytest.fixture
def other_host() -> Iterator[tuple[str, list[Received]]]:
    """A second server: the CDN a video URL may point at (another host:port than the API's)."""
    with local_server({"GET /videos/out.mp4": Answer.binary(MP4, "video/mp4")}) as served:
        yield served


def _audio_to_saved_video(kind: str, url: str, to: Path) -> Path:
    """The journey: from_audio, then save, on a client with a key and a default header of its own."""
    options: dict[str, Any] = {"base_url": url, "api_key": API_KEY, "default_headers": {"X-Team": "default-secret"}}
    if kind == "sync":
        with Simli(**options) as simli:
            return simli.videos.save(simli.videos.from_audio(face_id="f", audio=AUDIO, audio_format="wav"), to=to)

    async def main() -> Path:
        async with AsyncSimli(**options) as simli:
            video = await simli.videos.from_audio(face_id="f", audio=AUDIO, audio_format="wav")
            return await simli.videos.save(video, to=to)

    return asyncio.run(main())


@pytest.mark.parametrize("kind", KINDS)
def test_a_video_on_another_host_is_fetched_without_any_credential(
    kind: str, other_host: tuple[str, list[Received]], tmp_path: Path
) -> None:
    cdn, cdn_received = other_host
    answer = {"mp4_url": f"{cdn}/videos/out.mp4", "hls_url": f"{cdn}/videos/out.m3u8"}
    with local_server({"POST /static/audio": Answer.json(answer)}) as (url, api_received):
        saved = _audio_to_saved_video(kind, url, tmp_path / "out.mp4")
    assert saved == tmp_path / "out.mp4"
    assert saved.read_bytes() == MP4
    assert api_received[0].headers["x-simli-api-key"] == API_KEY  # the API did get the key and the header
    assert api_received[0].headers["x-team"] == "default-secret"
    assert [r.path for r in cdn_received] == ["/videos/out.mp4"]
    _check_no_credential(cdn_received[0])


def _check_no_credential(request: Received) -> None:
    sent = json.dumps(request.headers)
    assert API_KEY not in sent
    assert "x-simli-api-key" not in request.headers
    assert "default-secret" not in sent  # the client's default_headers stay with the API too
    assert request.headers["user-agent"].startswith("simli-api/")


def test_the_credential_check_bites(
    other_host: tuple[str, list[Received]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The protection taken away (the foreign GET given the key): the same check turns red."""
    import simli_api._fetch

    monkeypatch.setitem(simli_api._fetch.HEADERS, "x-simli-api-key", API_KEY)
    cdn, cdn_received = other_host
    answer = {"mp4_url": f"{cdn}/videos/out.mp4"}
    with local_server({"POST /static/audio": Answer.json(answer)}) as (url, _):
        _audio_to_saved_video("sync", url, tmp_path / "out.mp4")
    with pytest.raises(AssertionError):
        _check_no_credential(cdn_received[0])


@pytest.mark.parametrize("kind", KINDS)
def test_a_video_on_the_api_host_goes_through_the_download_operation(kind: str, tmp_path: Path) -> None:
    routes: Routes = {"GET /static/mp4/dest-1/out.mp4": Answer.binary(MP4, "video/mp4")}
    with local_server(routes) as (url, received):
        video = StaticVideo(mp4_url=f"{url}/static/mp4/dest-1/out.mp4")
        saved = call(kind, url, "videos.save", video, to=tmp_path / "v.mp4")
    assert saved.read_bytes() == MP4
    assert [r.path for r in received] == ["/static/mp4/dest-1/out.mp4"]
    assert "x-simli-api-key" not in received[0].headers  # the download declares security: []


@pytest.mark.parametrize("kind", KINDS)
def test_an_api_host_url_that_names_no_route_is_a_plain_get(kind: str, tmp_path: Path) -> None:
    """The description's own example URL shape (``/mp4/...``, not ``/static/mp4/...``)."""
    with local_server({"GET /mp4/path-to-file/output.mp4": Answer.binary(MP4, "video/mp4")}) as (url, received):
        call(kind, url, "videos.save", f"{url}/mp4/path-to-file/output.mp4", to=tmp_path / "v.mp4")
    assert (tmp_path / "v.mp4").read_bytes() == MP4
    assert "x-simli-api-key" not in received[0].headers


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_foreign_download_leaves_no_file_and_is_typed(
    kind: str, other_host: tuple[str, list[Received]], tmp_path: Path
) -> None:
    cdn, _ = other_host
    target = tmp_path / "v.mp4"
    target.write_bytes(b"previous")
    with local_server({}) as (url, _), pytest.raises(SimliNotFoundError):
        call(kind, url, "videos.save", f"{cdn}/videos/missing.mp4", to=target)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["v.mp4"]


@pytest.mark.parametrize(
    ("video", "error", "message"),
    [
        (StaticVideo(hls_url="https://x/v.m3u8"), ValueError, "no mp4_url"),
        ("ftp://cdn.example/v.mp4", ValueError, "http"),
        ("/relative/v.mp4", ValueError, "absolute"),
        (42, TypeError, "video must be"),
    ],
)
def test_bad_videos_fail_before_any_request(video: Any, error: type[Exception], message: str, tmp_path: Path) -> None:
    with local_server({"*": Answer(500)}) as (url, received), pytest.raises(error, match=message):
        call("sync", url, "videos.save", video, to=tmp_path / "v.mp4")
    assert received == []
