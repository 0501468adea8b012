from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StaticVideo")


@_attrs_define
class StaticVideo:
    """
    Attributes:
        hls_url (str | Unset):  Example: https://api.simli.ai/hls/path-to-file/output.m3u8.
        mp4_url (str | Unset):  Example: https://api.simli.ai/mp4/path-to-file/output.mp4.
    """

    hls_url: str | Unset = UNSET
    mp4_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hls_url = self.hls_url

        mp4_url = self.mp4_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if hls_url is not UNSET:
            field_dict["hls_url"] = hls_url
        if mp4_url is not UNSET:
            field_dict["mp4_url"] = mp4_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hls_url = d.pop("hls_url", UNSET)

        mp4_url = d.pop("mp4_url", UNSET)

        static_video = cls(
            hls_url=hls_url,
            mp4_url=mp4_url,
        )

        static_video.additional_properties = d
        return static_video

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
