"""``simli.videos``: static videos generated from an audio sample, and their downloads."""

from __future__ import annotations

import base64
import os
import re
import uuid
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypedDict

import httpx

from simli_api_client.types import UNSET, Unset

from .._files import read_content
from .._options import RequestOptions
from .._validation import require_text
from ._convert import as_id, require_binary
from ._method import Flow, ModeT, Resource, Step, call, flow, operation
from ._steps import ForeignDownload

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
    from typing_extensions import Unpack

    from simli_api_client import models
    from simli_api_client.api.default import audio_to_video_interface_static_audio_post as _from_audio
    from simli_api_client.api.default import get_cached_video_mp_4_static_mp_4_machine_ip_file_get as _mp4
    from simli_api_client.api.default import get_cached_video_static_hls_machine_ip_file_get as _hls
    from simli_api_client.models import AudioFormat, StaticVideo
else:
    from .._lazy import models, operation_module

    _from_audio = operation_module("audio_to_video_interface_static_audio_post")
    _mp4 = operation_module("get_cached_video_mp_4_static_mp_4_machine_ip_file_get")
    _hls = operation_module("get_cached_video_static_hls_machine_ip_file_get")

MP4 = "GET /static/mp4/{destination}/{file}"
HLS = "GET /static/hls/{destination}/{file}"
# A URL path (after the base URL's own path) that names a download operation: kind, destination, file.
_DOWNLOAD_PATH = re.compile(r"/static/(mp4|hls)/([^/]+)/([^/]+)")

Audio = str | os.PathLike[str] | bytes | IO[bytes]
"""An audio sample: a path, its bytes, or a binary file object (read whole, in ``audio_format``)."""


class Videos(Resource[ModeT]):
    """Generate a video of a face speaking an audio sample; download it as MP4 or HLS."""

    @operation("POST /static/audio", _from_audio)
    def from_audio(
        self,
        *,
        face_id: uuid.UUID | str,
        audio: Audio,
        audio_format: AudioFormat | str,
        sample_rate: int | None = None,
        channel_count: int | None = None,
        starting_frame: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> Step[StaticVideo]:
        """Generate a video of face ``face_id`` speaking ``audio`` (in ``audio_format``); its URLs (see :meth:`save`).

        ``audio`` is a path, bytes or a binary file object, read now.
        """
        data, _ = read_content(audio, "audio")
        body = models.AudioToVideoRequest(
            face_id=as_id(face_id, "face_id"),
            audio_base_64=base64.b64encode(data).decode("ascii"),
            audio_format=models.AudioFormat(audio_format),
            audio_sample_rate=UNSET if sample_rate is None else sample_rate,
            audio_channel_count=UNSET if channel_count is None else channel_count,
            video_starting_frame=UNSET if starting_frame is None else starting_frame,
        )
        return call(_from_audio._get_kwargs, body=body)

    @operation(MP4, _mp4)
    def download_mp4(self, destination: str, file: str, **options: Unpack[RequestOptions]) -> Step[bytes]:
        """The MP4 video ``file`` under ``destination``, as bytes (:meth:`save_mp4` streams it to a file)."""
        return call(_mp4._get_kwargs, **_location(destination, file)).checked(require_binary)

    @operation(MP4, _mp4, variant=True)
    def save_mp4(
        self, destination: str, file: str, *, to: str | os.PathLike[str], **options: Unpack[RequestOptions]
    ) -> Step[Path]:
        """Stream the MP4 video to the file ``to`` (written whole or not at all); returns its path."""
        return call(_mp4._get_kwargs, **_location(destination, file)).saved_to(to)

    @operation(HLS, _hls)
    def download_hls(self, destination: str, file: str, **options: Unpack[RequestOptions]) -> Step[bytes]:
        """An HLS playlist (``.m3u8``) or segment (``.ts``) of the video, as bytes."""
        return call(_hls._get_kwargs, **_location(destination, file)).checked(require_binary)

    @operation(HLS, _hls, variant=True)
    def save_hls(
        self, destination: str, file: str, *, to: str | os.PathLike[str], **options: Unpack[RequestOptions]
    ) -> Step[Path]:
        """Stream an HLS playlist or segment to the file ``to`` (written whole or not at all); returns its path."""
        return call(_hls._get_kwargs, **_location(destination, file)).saved_to(to)

    @flow
    def save(
        self, video: StaticVideo | str, *, to: str | os.PathLike[str], **options: Unpack[RequestOptions]
    ) -> Flow[Path]:
        """Download the MP4 of ``video`` (what :meth:`from_audio` returned, or a URL) to the file ``to``; its path.

        Written whole or not at all, like :meth:`save_mp4`. A URL on the API's host naming a download
        route (``/static/mp4/...`` or ``/static/hls/...``) goes through that operation (retries, error
        mapping); any other URL is fetched with a plain GET that carries no API key and no header of
        the client's, so no credential ever reaches a host other than the API's.
        """
        url = _video_url(video)
        route = _api_download(self._client.base_url, url)
        if route is None:
            saved: Path = yield ForeignDownload(url, to)
            return saved
        kind, destination, file = route
        save = Videos.save_mp4 if kind == "mp4" else Videos.save_hls
        saved = yield save.prepare(self, destination, file, to=to)
        return saved


def _video_url(video: StaticVideo | str) -> str:
    """The MP4 URL of a ``from_audio`` answer, or ``video`` itself (an absolute http(s) URL)."""
    if isinstance(video, models.StaticVideo):
        if isinstance(video.mp4_url, Unset) or not video.mp4_url.strip():
            raise ValueError("video has no mp4_url: from_audio's answer carried no MP4 link")
        url = video.mp4_url
    elif isinstance(video, str):
        url = video
    else:
        raise TypeError(f"video must be what videos.from_audio returned or a URL, got {type(video).__name__}")
    parsed = httpx.URL(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError("video must be an absolute http:// or https:// URL")
    return str(parsed)


def _api_download(base_url: str, url: str) -> tuple[str, str, str] | None:
    """(kind, destination, file) when ``url`` is on the API's origin and names a download route, else None."""
    base, target = httpx.URL(base_url), httpx.URL(url)
    if (target.scheme, target.host, target.port) != (base.scheme, base.host, base.port) or target.query:
        return None
    prefix = base.path.rstrip("/")
    if not target.path.startswith(prefix):
        return None
    match = _DOWNLOAD_PATH.fullmatch(target.path[len(prefix) :])
    if match is None:
        return None
    kind, destination, file = match.groups()
    return kind, destination, file


def _location(destination: str, file: str) -> _Location:
    return {"destination": require_text("destination", destination), "file": require_text("file", file)}


class _Location(TypedDict):
    """Where a generated video is: the path parameters of both downloads."""

    destination: str
    file: str
