from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StartStreamingSessionRequest")


@_attrs_define
class StartStreamingSessionRequest:
    """
    Attributes:
        face_id (str):
        api_version (Literal['v2'] | Unset):
        session_aggregator (None | str | Unset):
        handle_silence (bool | Unset):  Default: True.
        max_session_length (int | Unset):  Default: 3600.
        max_idle_time (int | Unset):  Default: 300.
        start_frame (int | Unset):  Default: 0.
        audio_input_format (str | Unset):  Default: 'pcm16'.
    """

    face_id: str
    api_version: Literal["v2"] | Unset = UNSET
    session_aggregator: None | str | Unset = UNSET
    handle_silence: bool | Unset = True
    max_session_length: int | Unset = 3600
    max_idle_time: int | Unset = 300
    start_frame: int | Unset = 0
    audio_input_format: str | Unset = "pcm16"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        face_id = self.face_id

        api_version = self.api_version

        session_aggregator: None | str | Unset
        if isinstance(self.session_aggregator, Unset):
            session_aggregator = UNSET
        else:
            session_aggregator = self.session_aggregator

        handle_silence = self.handle_silence

        max_session_length = self.max_session_length

        max_idle_time = self.max_idle_time

        start_frame = self.start_frame

        audio_input_format = self.audio_input_format

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "faceId": face_id,
            }
        )
        if api_version is not UNSET:
            field_dict["apiVersion"] = api_version
        if session_aggregator is not UNSET:
            field_dict["sessionAggregator"] = session_aggregator
        if handle_silence is not UNSET:
            field_dict["handleSilence"] = handle_silence
        if max_session_length is not UNSET:
            field_dict["maxSessionLength"] = max_session_length
        if max_idle_time is not UNSET:
            field_dict["maxIdleTime"] = max_idle_time
        if start_frame is not UNSET:
            field_dict["startFrame"] = start_frame
        if audio_input_format is not UNSET:
            field_dict["audioInputFormat"] = audio_input_format

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        face_id = d.pop("faceId")

        api_version = cast(Literal["v2"] | Unset, d.pop("apiVersion", UNSET))
        if api_version != "v2" and not isinstance(api_version, Unset):
            raise ValueError(f"apiVersion must match const 'v2', got '{api_version}'")

        def _parse_session_aggregator(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        session_aggregator = _parse_session_aggregator(d.pop("sessionAggregator", UNSET))

        handle_silence = d.pop("handleSilence", UNSET)

        max_session_length = d.pop("maxSessionLength", UNSET)

        max_idle_time = d.pop("maxIdleTime", UNSET)

        start_frame = d.pop("startFrame", UNSET)

        audio_input_format = d.pop("audioInputFormat", UNSET)

        start_streaming_session_request = cls(
            face_id=face_id,
            api_version=api_version,
            session_aggregator=session_aggregator,
            handle_silence=handle_silence,
            max_session_length=max_session_length,
            max_idle_time=max_idle_time,
            start_frame=start_frame,
            audio_input_format=audio_input_format,
        )

        start_streaming_session_request.additional_properties = d
        return start_streaming_session_request

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
