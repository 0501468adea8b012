from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenRequest")


@_attrs_define
class TokenRequest:
    """
    Attributes:
        simli_api_key (str):
        expiry_stamp (int | None | Unset):  Default: -1.
        llm_api_key (None | str | Unset):  Default: ''.
        tts_api_key (None | str | Unset):  Default: ''.
        create_transcript (bool | Unset):  Default: False.
        origin_allow_list (list[str] | None | Unset):
    """

    simli_api_key: str
    expiry_stamp: int | None | Unset = -1
    llm_api_key: None | str | Unset = ""
    tts_api_key: None | str | Unset = ""
    create_transcript: bool | Unset = False
    origin_allow_list: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        simli_api_key = self.simli_api_key

        expiry_stamp: int | None | Unset
        if isinstance(self.expiry_stamp, Unset):
            expiry_stamp = UNSET
        else:
            expiry_stamp = self.expiry_stamp

        llm_api_key: None | str | Unset
        if isinstance(self.llm_api_key, Unset):
            llm_api_key = UNSET
        else:
            llm_api_key = self.llm_api_key

        tts_api_key: None | str | Unset
        if isinstance(self.tts_api_key, Unset):
            tts_api_key = UNSET
        else:
            tts_api_key = self.tts_api_key

        create_transcript = self.create_transcript

        origin_allow_list: list[str] | None | Unset
        if isinstance(self.origin_allow_list, Unset):
            origin_allow_list = UNSET
        elif isinstance(self.origin_allow_list, list):
            origin_allow_list = self.origin_allow_list

        else:
            origin_allow_list = self.origin_allow_list

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "simliAPIKey": simli_api_key,
            }
        )
        if expiry_stamp is not UNSET:
            field_dict["expiryStamp"] = expiry_stamp
        if llm_api_key is not UNSET:
            field_dict["llmAPIKey"] = llm_api_key
        if tts_api_key is not UNSET:
            field_dict["ttsAPIKey"] = tts_api_key
        if create_transcript is not UNSET:
            field_dict["createTranscript"] = create_transcript
        if origin_allow_list is not UNSET:
            field_dict["originAllowList"] = origin_allow_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        simli_api_key = d.pop("simliAPIKey")

        def _parse_expiry_stamp(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expiry_stamp = _parse_expiry_stamp(d.pop("expiryStamp", UNSET))

        def _parse_llm_api_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        llm_api_key = _parse_llm_api_key(d.pop("llmAPIKey", UNSET))

        def _parse_tts_api_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tts_api_key = _parse_tts_api_key(d.pop("ttsAPIKey", UNSET))

        create_transcript = d.pop("createTranscript", UNSET)

        def _parse_origin_allow_list(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                origin_allow_list_type_0 = cast(list[str], data)

                return origin_allow_list_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        origin_allow_list = _parse_origin_allow_list(d.pop("originAllowList", UNSET))

        token_request = cls(
            simli_api_key=simli_api_key,
            expiry_stamp=expiry_stamp,
            llm_api_key=llm_api_key,
            tts_api_key=tts_api_key,
            create_transcript=create_transcript,
            origin_allow_list=origin_allow_list,
        )

        token_request.additional_properties = d
        return token_request

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
