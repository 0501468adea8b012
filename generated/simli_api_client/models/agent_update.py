from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.agent_update_llm_provider import AgentUpdateLlmProvider
from ..models.agent_update_voice_provider import AgentUpdateVoiceProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentUpdate")


@_attrs_define
class AgentUpdate:
    """
    Attributes:
        face_id (UUID | Unset):
        name (str | Unset):
        first_message (str | Unset):
        prompt (str | Unset):
        voice_provider (AgentUpdateVoiceProvider | Unset):
        voice_id (UUID | Unset):
        voice_model (str | Unset):  Example: sonic-english.
        llm_model (str | Unset):  Example: gpt-4o-mini.
        llm_endpoint (str | Unset): The URL of the custom LLM to use Example:
            https://api.example.com/v1/chat/completions.
        language (str | Unset):
        emotion (UUID | Unset):
        max_idle_time (int | Unset):
        max_session_length (int | Unset):
        llm_provider (AgentUpdateLlmProvider | Unset): The provider of the LLM used by the agent
        created_at (datetime.datetime | Unset): Timestamp when the agent was created
        updated_at (datetime.datetime | Unset): Timestamp when the agent was updated
    """

    face_id: UUID | Unset = UNSET
    name: str | Unset = UNSET
    first_message: str | Unset = UNSET
    prompt: str | Unset = UNSET
    voice_provider: AgentUpdateVoiceProvider | Unset = UNSET
    voice_id: UUID | Unset = UNSET
    voice_model: str | Unset = UNSET
    llm_model: str | Unset = UNSET
    llm_endpoint: str | Unset = UNSET
    language: str | Unset = UNSET
    emotion: UUID | Unset = UNSET
    max_idle_time: int | Unset = UNSET
    max_session_length: int | Unset = UNSET
    llm_provider: AgentUpdateLlmProvider | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        face_id: str | Unset = UNSET
        if not isinstance(self.face_id, Unset):
            face_id = str(self.face_id)

        name = self.name

        first_message = self.first_message

        prompt = self.prompt

        voice_provider: str | Unset = UNSET
        if not isinstance(self.voice_provider, Unset):
            voice_provider = self.voice_provider.value

        voice_id: str | Unset = UNSET
        if not isinstance(self.voice_id, Unset):
            voice_id = str(self.voice_id)

        voice_model = self.voice_model

        llm_model = self.llm_model

        llm_endpoint = self.llm_endpoint

        language = self.language

        emotion: str | Unset = UNSET
        if not isinstance(self.emotion, Unset):
            emotion = str(self.emotion)

        max_idle_time = self.max_idle_time

        max_session_length = self.max_session_length

        llm_provider: str | Unset = UNSET
        if not isinstance(self.llm_provider, Unset):
            llm_provider = self.llm_provider.value

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if face_id is not UNSET:
            field_dict["face_id"] = face_id
        if name is not UNSET:
            field_dict["name"] = name
        if first_message is not UNSET:
            field_dict["first_message"] = first_message
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if voice_provider is not UNSET:
            field_dict["voice_provider"] = voice_provider
        if voice_id is not UNSET:
            field_dict["voice_id"] = voice_id
        if voice_model is not UNSET:
            field_dict["voice_model"] = voice_model
        if llm_model is not UNSET:
            field_dict["llm_model"] = llm_model
        if llm_endpoint is not UNSET:
            field_dict["llm_endpoint"] = llm_endpoint
        if language is not UNSET:
            field_dict["language"] = language
        if emotion is not UNSET:
            field_dict["emotion"] = emotion
        if max_idle_time is not UNSET:
            field_dict["max_idle_time"] = max_idle_time
        if max_session_length is not UNSET:
            field_dict["max_session_length"] = max_session_length
        if llm_provider is not UNSET:
            field_dict["llm_provider"] = llm_provider
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _face_id = d.pop("face_id", UNSET)
        face_id: UUID | Unset
        if isinstance(_face_id, Unset):
            face_id = UNSET
        else:
            face_id = UUID(_face_id)

        name = d.pop("name", UNSET)

        first_message = d.pop("first_message", UNSET)

        prompt = d.pop("prompt", UNSET)

        _voice_provider = d.pop("voice_provider", UNSET)
        voice_provider: AgentUpdateVoiceProvider | Unset
        if isinstance(_voice_provider, Unset):
            voice_provider = UNSET
        else:
            voice_provider = AgentUpdateVoiceProvider(_voice_provider)

        _voice_id = d.pop("voice_id", UNSET)
        voice_id: UUID | Unset
        if isinstance(_voice_id, Unset):
            voice_id = UNSET
        else:
            voice_id = UUID(_voice_id)

        voice_model = d.pop("voice_model", UNSET)

        llm_model = d.pop("llm_model", UNSET)

        llm_endpoint = d.pop("llm_endpoint", UNSET)

        language = d.pop("language", UNSET)

        _emotion = d.pop("emotion", UNSET)
        emotion: UUID | Unset
        if isinstance(_emotion, Unset):
            emotion = UNSET
        else:
            emotion = UUID(_emotion)

        max_idle_time = d.pop("max_idle_time", UNSET)

        max_session_length = d.pop("max_session_length", UNSET)

        _llm_provider = d.pop("llm_provider", UNSET)
        llm_provider: AgentUpdateLlmProvider | Unset
        if isinstance(_llm_provider, Unset):
            llm_provider = UNSET
        else:
            llm_provider = AgentUpdateLlmProvider(_llm_provider)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = __import__(__name__.partition(".")[0] + ".models").models.parse_date_time(_created_at)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = __import__(__name__.partition(".")[0] + ".models").models.parse_date_time(_updated_at)

        agent_update = cls(
            face_id=face_id,
            name=name,
            first_message=first_message,
            prompt=prompt,
            voice_provider=voice_provider,
            voice_id=voice_id,
            voice_model=voice_model,
            llm_model=llm_model,
            llm_endpoint=llm_endpoint,
            language=language,
            emotion=emotion,
            max_idle_time=max_idle_time,
            max_session_length=max_session_length,
            llm_provider=llm_provider,
            created_at=created_at,
            updated_at=updated_at,
        )

        return agent_update
