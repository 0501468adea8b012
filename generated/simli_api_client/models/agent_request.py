from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.agent_request_llm_provider import AgentRequestLlmProvider
from ..models.agent_request_voice_provider import AgentRequestVoiceProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentRequest")


@_attrs_define
class AgentRequest:
    """
    Attributes:
        face_id (UUID):
        name (str):  Default: 'Untitled Agent'.
        first_message (str | Unset):
        prompt (str | Unset):
        voice_provider (AgentRequestVoiceProvider | Unset):
        voice_id (UUID | Unset):
        voice_model (str | Unset):  Example: sonic-english.
        owner_id (str | Unset): Unique identifier for the owner of the agent
        language (str | Unset):
        emotion (UUID | Unset):
        llm_model (str | Unset):  Example: gpt-4o-mini.
        llm_endpoint (str | Unset): The URL of the custom LLM to use Example:
            https://api.example.com/v1/chat/completions.
        max_idle_time (int | Unset):  Default: 300.
        max_session_length (int | Unset):  Default: 3600.
        llm_provider (AgentRequestLlmProvider | Unset): The provider of the LLM used by the agent
        created_at (datetime.datetime | Unset): Timestamp when the agent was created
        updated_at (datetime.datetime | Unset): Timestamp when the agent was updated
    """

    face_id: UUID
    name: str = "Untitled Agent"
    first_message: str | Unset = UNSET
    prompt: str | Unset = UNSET
    voice_provider: AgentRequestVoiceProvider | Unset = UNSET
    voice_id: UUID | Unset = UNSET
    voice_model: str | Unset = UNSET
    owner_id: str | Unset = UNSET
    language: str | Unset = UNSET
    emotion: UUID | Unset = UNSET
    llm_model: str | Unset = UNSET
    llm_endpoint: str | Unset = UNSET
    max_idle_time: int | Unset = 300
    max_session_length: int | Unset = 3600
    llm_provider: AgentRequestLlmProvider | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        owner_id = self.owner_id

        language = self.language

        emotion: str | Unset = UNSET
        if not isinstance(self.emotion, Unset):
            emotion = str(self.emotion)

        llm_model = self.llm_model

        llm_endpoint = self.llm_endpoint

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

        field_dict.update(
            {
                "face_id": face_id,
                "name": name,
            }
        )
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
        if owner_id is not UNSET:
            field_dict["owner_id"] = owner_id
        if language is not UNSET:
            field_dict["language"] = language
        if emotion is not UNSET:
            field_dict["emotion"] = emotion
        if llm_model is not UNSET:
            field_dict["llm_model"] = llm_model
        if llm_endpoint is not UNSET:
            field_dict["llm_endpoint"] = llm_endpoint
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
        face_id = UUID(d.pop("face_id"))

        name = d.pop("name")

        first_message = d.pop("first_message", UNSET)

        prompt = d.pop("prompt", UNSET)

        _voice_provider = d.pop("voice_provider", UNSET)
        voice_provider: AgentRequestVoiceProvider | Unset
        if isinstance(_voice_provider, Unset):
            voice_provider = UNSET
        else:
            voice_provider = AgentRequestVoiceProvider(_voice_provider)

        _voice_id = d.pop("voice_id", UNSET)
        voice_id: UUID | Unset
        if isinstance(_voice_id, Unset):
            voice_id = UNSET
        else:
            voice_id = UUID(_voice_id)

        voice_model = d.pop("voice_model", UNSET)

        owner_id = d.pop("owner_id", UNSET)

        language = d.pop("language", UNSET)

        _emotion = d.pop("emotion", UNSET)
        emotion: UUID | Unset
        if isinstance(_emotion, Unset):
            emotion = UNSET
        else:
            emotion = UUID(_emotion)

        llm_model = d.pop("llm_model", UNSET)

        llm_endpoint = d.pop("llm_endpoint", UNSET)

        max_idle_time = d.pop("max_idle_time", UNSET)

        max_session_length = d.pop("max_session_length", UNSET)

        _llm_provider = d.pop("llm_provider", UNSET)
        llm_provider: AgentRequestLlmProvider | Unset
        if isinstance(_llm_provider, Unset):
            llm_provider = UNSET
        else:
            llm_provider = AgentRequestLlmProvider(_llm_provider)

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

        agent_request = cls(
            face_id=face_id,
            name=name,
            first_message=first_message,
            prompt=prompt,
            voice_provider=voice_provider,
            voice_id=voice_id,
            voice_model=voice_model,
            owner_id=owner_id,
            language=language,
            emotion=emotion,
            llm_model=llm_model,
            llm_endpoint=llm_endpoint,
            max_idle_time=max_idle_time,
            max_session_length=max_session_length,
            llm_provider=llm_provider,
            created_at=created_at,
            updated_at=updated_at,
        )

        return agent_request
