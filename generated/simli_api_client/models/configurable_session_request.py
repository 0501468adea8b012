from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.simli_models import SimliModels
from ..models.tts_provider import TTSProvider
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_llm_config import CustomLLMConfig
    from ..models.llm_config import LLMConfig


T = TypeVar("T", bound="ConfigurableSessionRequest")


@_attrs_define
class ConfigurableSessionRequest:
    """
    Attributes:
        face_id (str | Unset):  Default: 'tmp9i8bbq7c'.
        tts_provider (TTSProvider | Unset):  Default: TTSProvider.CARTESIA.
        tts_api_key (None | str | Unset):
        tts_model (str | Unset):  Default: 'sonic-turbo-2025-03-07'.
        voice_id (str | Unset):  Default: 'a167e0f3-df7e-4d52-a9c3-f949145efdab'.
        system_prompt (None | str | Unset):  Default: "You are Chatbot, a friendly, helpful robot. Your goal is to
            demonstrate your capabilities in a succinct way. Your output will be converted to audio so don't include special
            characters in your answers. Respond to what the user said in a creative and helpful way, but keep your responses
            brief.".
        first_message (None | str | Unset):
        max_session_length (int | Unset):  Default: 3600.
        max_idle_time (int | Unset):  Default: 300.
        language (str | Unset):  Default: 'en'.
        custom_llm_config (CustomLLMConfig | None | Unset):
        llm_config (LLMConfig | Unset):
        create_transcript (bool | Unset):  Default: False.
        model (SimliModels | Unset):  Default: SimliModels.ARTALK.
    """

    face_id: str | Unset = "tmp9i8bbq7c"
    tts_provider: TTSProvider | Unset = TTSProvider.CARTESIA
    tts_api_key: None | str | Unset = UNSET
    tts_model: str | Unset = "sonic-turbo-2025-03-07"
    voice_id: str | Unset = "a167e0f3-df7e-4d52-a9c3-f949145efdab"
    system_prompt: None | str | Unset = (
        "You are Chatbot, a friendly, helpful robot. Your goal is to demonstrate your capabilities in a succinct way. Your output will be converted to audio so don't include special characters in your answers. Respond to what the user said in a creative and helpful way, but keep your responses brief."
    )
    first_message: None | str | Unset = UNSET
    max_session_length: int | Unset = 3600
    max_idle_time: int | Unset = 300
    language: str | Unset = "en"
    custom_llm_config: CustomLLMConfig | None | Unset = UNSET
    llm_config: LLMConfig | Unset = UNSET
    create_transcript: bool | Unset = False
    model: SimliModels | Unset = SimliModels.ARTALK
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.custom_llm_config import CustomLLMConfig  # noqa: PLC0415

        face_id = self.face_id

        tts_provider: str | Unset = UNSET
        if not isinstance(self.tts_provider, Unset):
            tts_provider = self.tts_provider.value

        tts_api_key: None | str | Unset
        if isinstance(self.tts_api_key, Unset):
            tts_api_key = UNSET
        else:
            tts_api_key = self.tts_api_key

        tts_model = self.tts_model

        voice_id = self.voice_id

        system_prompt: None | str | Unset
        if isinstance(self.system_prompt, Unset):
            system_prompt = UNSET
        else:
            system_prompt = self.system_prompt

        first_message: None | str | Unset
        if isinstance(self.first_message, Unset):
            first_message = UNSET
        else:
            first_message = self.first_message

        max_session_length = self.max_session_length

        max_idle_time = self.max_idle_time

        language = self.language

        custom_llm_config: dict[str, Any] | None | Unset
        if isinstance(self.custom_llm_config, Unset):
            custom_llm_config = UNSET
        elif isinstance(self.custom_llm_config, CustomLLMConfig):
            custom_llm_config = self.custom_llm_config.to_dict()
        else:
            custom_llm_config = self.custom_llm_config

        llm_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.llm_config, Unset):
            llm_config = self.llm_config.to_dict()

        create_transcript = self.create_transcript

        model: str | Unset = UNSET
        if not isinstance(self.model, Unset):
            model = self.model.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if face_id is not UNSET:
            field_dict["faceId"] = face_id
        if tts_provider is not UNSET:
            field_dict["ttsProvider"] = tts_provider
        if tts_api_key is not UNSET:
            field_dict["ttsAPIKey"] = tts_api_key
        if tts_model is not UNSET:
            field_dict["ttsModel"] = tts_model
        if voice_id is not UNSET:
            field_dict["voiceId"] = voice_id
        if system_prompt is not UNSET:
            field_dict["systemPrompt"] = system_prompt
        if first_message is not UNSET:
            field_dict["firstMessage"] = first_message
        if max_session_length is not UNSET:
            field_dict["maxSessionLength"] = max_session_length
        if max_idle_time is not UNSET:
            field_dict["maxIdleTime"] = max_idle_time
        if language is not UNSET:
            field_dict["language"] = language
        if custom_llm_config is not UNSET:
            field_dict["customLLMConfig"] = custom_llm_config
        if llm_config is not UNSET:
            field_dict["llmConfig"] = llm_config
        if create_transcript is not UNSET:
            field_dict["createTranscript"] = create_transcript
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_llm_config import CustomLLMConfig  # noqa: PLC0415
        from ..models.llm_config import LLMConfig  # noqa: PLC0415

        d = dict(src_dict)
        face_id = d.pop("faceId", UNSET)

        _tts_provider = d.pop("ttsProvider", UNSET)
        tts_provider: TTSProvider | Unset
        if isinstance(_tts_provider, Unset):
            tts_provider = UNSET
        else:
            tts_provider = TTSProvider(_tts_provider)

        def _parse_tts_api_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tts_api_key = _parse_tts_api_key(d.pop("ttsAPIKey", UNSET))

        tts_model = d.pop("ttsModel", UNSET)

        voice_id = d.pop("voiceId", UNSET)

        def _parse_system_prompt(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        system_prompt = _parse_system_prompt(d.pop("systemPrompt", UNSET))

        def _parse_first_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_message = _parse_first_message(d.pop("firstMessage", UNSET))

        max_session_length = d.pop("maxSessionLength", UNSET)

        max_idle_time = d.pop("maxIdleTime", UNSET)

        language = d.pop("language", UNSET)

        def _parse_custom_llm_config(data: object) -> CustomLLMConfig | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                custom_llm_config_type_0 = CustomLLMConfig.from_dict(data)

                return custom_llm_config_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomLLMConfig | None | Unset, data)

        custom_llm_config = _parse_custom_llm_config(d.pop("customLLMConfig", UNSET))

        _llm_config = d.pop("llmConfig", UNSET)
        llm_config: LLMConfig | Unset
        if isinstance(_llm_config, Unset):
            llm_config = UNSET
        else:
            llm_config = LLMConfig.from_dict(_llm_config)

        create_transcript = d.pop("createTranscript", UNSET)

        _model = d.pop("model", UNSET)
        model: SimliModels | Unset
        if isinstance(_model, Unset):
            model = UNSET
        else:
            model = SimliModels(_model)

        configurable_session_request = cls(
            face_id=face_id,
            tts_provider=tts_provider,
            tts_api_key=tts_api_key,
            tts_model=tts_model,
            voice_id=voice_id,
            system_prompt=system_prompt,
            first_message=first_message,
            max_session_length=max_session_length,
            max_idle_time=max_idle_time,
            language=language,
            custom_llm_config=custom_llm_config,
            llm_config=llm_config,
            create_transcript=create_transcript,
            model=model,
        )

        configurable_session_request.additional_properties = d
        return configurable_session_request

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
