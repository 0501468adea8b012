from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LiveKitInitializationRequest")


@_attrs_define
class LiveKitInitializationRequest:
    """
    Attributes:
        session_token (str):
        livekit_token (str):
        livekit_url (str):
    """

    session_token: str
    livekit_token: str
    livekit_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_token = self.session_token

        livekit_token = self.livekit_token

        livekit_url = self.livekit_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session_token": session_token,
                "livekit_token": livekit_token,
                "livekit_url": livekit_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_token = d.pop("session_token")

        livekit_token = d.pop("livekit_token")

        livekit_url = d.pop("livekit_url")

        live_kit_initialization_request = cls(
            session_token=session_token,
            livekit_token=livekit_token,
            livekit_url=livekit_url,
        )

        live_kit_initialization_request.additional_properties = d
        return live_kit_initialization_request

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
