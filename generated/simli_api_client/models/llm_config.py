from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.google_models import GoogleModels
from ..models.llm_provider import LLMProvider
from ..models.open_ai_models import OpenAIModels
from ..types import UNSET, Unset

T = TypeVar("T", bound="LLMConfig")


@_attrs_define
class LLMConfig:
    """
    Attributes:
        model (GoogleModels | OpenAIModels | str | Unset):  Default: OpenAIModels.GPT_4O_MINI.
        provider (LLMProvider | Unset):  Default: LLMProvider.OPENAI.
        api_key (None | str | Unset):
        base_url (None | str | Unset):
    """

    model: GoogleModels | OpenAIModels | str | Unset = OpenAIModels.GPT_4O_MINI
    provider: LLMProvider | Unset = LLMProvider.OPENAI
    api_key: None | str | Unset = UNSET
    base_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        elif isinstance(self.model, OpenAIModels):
            model = self.model.value
        elif isinstance(self.model, GoogleModels):
            model = self.model.value
        else:
            model = self.model

        provider: str | Unset = UNSET
        if not isinstance(self.provider, Unset):
            provider = self.provider.value

        api_key: None | str | Unset
        if isinstance(self.api_key, Unset):
            api_key = UNSET
        else:
            api_key = self.api_key

        base_url: None | str | Unset
        if isinstance(self.base_url, Unset):
            base_url = UNSET
        else:
            base_url = self.base_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model is not UNSET:
            field_dict["model"] = model
        if provider is not UNSET:
            field_dict["provider"] = provider
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
        if base_url is not UNSET:
            field_dict["baseURL"] = base_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_model(data: object) -> GoogleModels | OpenAIModels | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_type_0 = OpenAIModels(data)

                return model_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_type_1 = GoogleModels(data)

                return model_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GoogleModels | OpenAIModels | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        _provider = d.pop("provider", UNSET)
        provider: LLMProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = LLMProvider(_provider)

        def _parse_api_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_key = _parse_api_key(d.pop("apiKey", UNSET))

        def _parse_base_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_url = _parse_base_url(d.pop("baseURL", UNSET))

        llm_config = cls(
            model=model,
            provider=provider,
            api_key=api_key,
            base_url=base_url,
        )

        llm_config.additional_properties = d
        return llm_config

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
