"""``simli.videos``: static videos generated from an audio sample, and their downloads."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from simli_api_client.types import UNSET

from .._validation import require_text
from ._convert import require_binary
from ._method import ModeT, Request, Resource, operation, request

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
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


class Videos(Resource[ModeT]):
    """Generate a video of a face speaking an audio sample; download it as MP4 or HLS."""

    @operation("POST /static/audio", _from_audio)
    def from_audio(
        self,
        *,
        face_id: str,
        audio: bytes,
        audio_format: AudioFormat | str,
        sample_rate: int | None = None,
        channel_count: int | None = None,
        starting_frame: int | None = None,
    ) -> Request[StaticVideo]:
        """Generate a video of face ``face_id`` speaking ``audio`` (raw bytes in ``audio_format``); its URLs."""
        if not isinstance(audio, bytes) or not audio:
            raise ValueError("audio must be the audio sample's bytes, not empty")
        body = models.AudioToVideoRequest(
            face_id=require_text("face_id", face_id),
            audio_base_64=base64.b64encode(audio).decode("ascii"),
            audio_format=models.AudioFormat(audio_format),
            audio_sample_rate=UNSET if sample_rate is None else sample_rate,
            audio_channel_count=UNSET if channel_count is None else channel_count,
            video_starting_frame=UNSET if starting_frame is None else starting_frame,
        )
        return request(_from_audio._get_kwargs, body=body)

    @operation(MP4, _mp4)
    def download_mp4(self, destination: str, file: str) -> Request[bytes]:
        """The MP4 video ``file`` under ``destination``, as bytes (:meth:`save_mp4` streams it to a file)."""
        return request(_mp4._get_kwargs, **_location(destination, file)).checked(require_binary)

    @operation(MP4, _mp4, variant=True)
    def save_mp4(self, destination: str, file: str, *, to: str | os.PathLike[str]) -> Request[Path]:
        """Stream the MP4 video to the file ``to`` (written whole or not at all); returns its path."""
        return request(_mp4._get_kwargs, **_location(destination, file)).saved_to(to)

    @operation(HLS, _hls)
    def download_hls(self, destination: str, file: str) -> Request[bytes]:
        """An HLS playlist (``.m3u8``) or segment (``.ts``) of the video, as bytes."""
        return request(_hls._get_kwargs, **_location(destination, file)).checked(require_binary)

    @operation(HLS, _hls, variant=True)
    def save_hls(self, destination: str, file: str, *, to: str | os.PathLike[str]) -> Request[Path]:
        """Stream an HLS playlist or segment to the file ``to`` (written whole or not at all); returns its path."""
        return request(_hls._get_kwargs, **_location(destination, file)).saved_to(to)


def _location(destination: str, file: str) -> _Location:
    return {"destination": require_text("destination", destination), "file": require_text("file", file)}


class _Location(TypedDict):
    """Where a generated video is: the path parameters of both downloads."""

    destination: str
    file: str
