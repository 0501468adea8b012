from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.audio_format import AudioFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="AudioToVideoRequest")


@_attrs_define
class AudioToVideoRequest:
    """
    Attributes:
        face_id (str):
        audio_base_64 (str):
        audio_format (AudioFormat):
        audio_sample_rate (int | Unset):  Default: 16000.
        audio_channel_count (int | Unset):  Default: 1.
        video_starting_frame (int | Unset):  Default: 0.
    """

    face_id: str
    audio_base_64: str
    audio_format: AudioFormat
    audio_sample_rate: int | Unset = 16000
    audio_channel_count: int | Unset = 1
    video_starting_frame: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        face_id = self.face_id

        audio_base_64 = self.audio_base_64

        audio_format = self.audio_format.value

        audio_sample_rate = self.audio_sample_rate

        audio_channel_count = self.audio_channel_count

        video_starting_frame = self.video_starting_frame

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "faceId": face_id,
                "audioBase64": audio_base_64,
                "audioFormat": audio_format,
            }
        )
        if audio_sample_rate is not UNSET:
            field_dict["audioSampleRate"] = audio_sample_rate
        if audio_channel_count is not UNSET:
            field_dict["audioChannelCount"] = audio_channel_count
        if video_starting_frame is not UNSET:
            field_dict["videoStartingFrame"] = video_starting_frame

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        face_id = d.pop("faceId")

        audio_base_64 = d.pop("audioBase64")

        audio_format = AudioFormat(d.pop("audioFormat"))

        audio_sample_rate = d.pop("audioSampleRate", UNSET)

        audio_channel_count = d.pop("audioChannelCount", UNSET)

        video_starting_frame = d.pop("videoStartingFrame", UNSET)

        audio_to_video_request = cls(
            face_id=face_id,
            audio_base_64=audio_base_64,
            audio_format=audio_format,
            audio_sample_rate=audio_sample_rate,
            audio_channel_count=audio_channel_count,
            video_starting_frame=video_starting_frame,
        )

        audio_to_video_request.additional_properties = d
        return audio_to_video_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
