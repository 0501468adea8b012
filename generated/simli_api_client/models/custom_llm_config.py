from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CustomLLMConfig")


@_attrs_define
class CustomLLMConfig:
    """
    Attributes:
        model (str):
        base_url (str):
        llm_api_key (str):
    """

    model: str
    base_url: str
    llm_api_key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        base_url = self.base_url

        llm_api_key = self.llm_api_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "baseURL": base_url,
                "llmAPIKey": llm_api_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = d.pop("model")

        base_url = d.pop("baseURL")

        llm_api_key = d.pop("llmAPIKey")

        custom_llm_config = cls(
            model=model,
            base_url=base_url,
            llm_api_key=llm_api_key,
        )

        custom_llm_config.additional_properties = d
        return custom_llm_config

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
