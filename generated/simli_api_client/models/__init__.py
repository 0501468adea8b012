"""Contains all the data models used in inputs/outputs.

Secrets never appear in a model's repr (nor str, which falls back to it): a field whose
name matches :data:`SECRET_FIELD_NAME` (``session_token``, ``llm_api_key``, ``password``,
``credential``...) shows ``[REDACTED]`` unless it is unset or None, and so does the value of
every secret-looking key in ``additional_properties`` or in any dict a field holds. Everything
else is shown as attrs shows it. (From simli-api's generator-templates/models_init.py.jinja.)
"""

import datetime as _datetime
import re as _re
import reprlib as _reprlib
import sys as _sys
from collections.abc import Callable as _Callable
from typing import Any as _Any

import attrs as _attrs

from ..types import Unset as _Unset
from .active_sessions import ActiveSessions
from .agent_request import AgentRequest
from .agent_request_llm_provider import AgentRequestLlmProvider
from .agent_request_voice_provider import AgentRequestVoiceProvider
from .agent_response import AgentResponse
from .agent_response_llm_provider import AgentResponseLlmProvider
from .agent_response_voice_provider import AgentResponseVoiceProvider
from .agent_update import AgentUpdate
from .agent_update_llm_provider import AgentUpdateLlmProvider
from .agent_update_voice_provider import AgentUpdateVoiceProvider
from .audio_format import AudioFormat
from .audio_to_video_request import AudioToVideoRequest
from .character_version import CharacterVersion
from .configurable_session_request import ConfigurableSessionRequest
from .custom_llm_config import CustomLLMConfig
from .error import Error
from .face_preprocess_upload import FacePreprocessUpload
from .faces_request import FacesRequest
from .faces_response import FacesResponse
from .google_models import GoogleModels
from .history_record import HistoryRecord
from .http_validation_error import HTTPValidationError
from .ice_server import IceServer
from .legacy_face_upload import LegacyFaceUpload
from .live_kit_agents_session import LiveKitAgentsSession
from .live_kit_initialization_request import LiveKitInitializationRequest
from .llm_config import LLMConfig
from .llm_provider import LLMProvider
from .open_ai_models import OpenAIModels
from .session_details import SessionDetails
from .session_history import SessionHistory
from .session_token import SessionToken
from .session_token_failure import SessionTokenFailure
from .simli_models import SimliModels
from .start_streaming_session_request import StartStreamingSessionRequest
from .static_video import StaticVideo
from .token_request import TokenRequest
from .trinity_face_upload import TrinityFaceUpload
from .trinity_version import TrinityVersion
from .tts_provider import TTSProvider
from .validation_error import ValidationError

__all__ = (
    "ActiveSessions",
    "AgentRequest",
    "AgentRequestLlmProvider",
    "AgentRequestVoiceProvider",
    "AgentResponse",
    "AgentResponseLlmProvider",
    "AgentResponseVoiceProvider",
    "AgentUpdate",
    "AgentUpdateLlmProvider",
    "AgentUpdateVoiceProvider",
    "AudioFormat",
    "AudioToVideoRequest",
    "CharacterVersion",
    "ConfigurableSessionRequest",
    "CustomLLMConfig",
    "Error",
    "FacePreprocessUpload",
    "FacesRequest",
    "FacesResponse",
    "GoogleModels",
    "HistoryRecord",
    "HTTPValidationError",
    "IceServer",
    "LegacyFaceUpload",
    "LiveKitAgentsSession",
    "LiveKitInitializationRequest",
    "LLMConfig",
    "LLMProvider",
    "OpenAIModels",
    "SessionDetails",
    "SessionHistory",
    "SessionToken",
    "SessionTokenFailure",
    "SimliModels",
    "StartStreamingSessionRequest",
    "StaticVideo",
    "TokenRequest",
    "TrinityFaceUpload",
    "TrinityVersion",
    "TTSProvider",
    "ValidationError",
)

if _sys.version_info >= (3, 11):
    parse_date_time = _datetime.datetime.fromisoformat
else:

    def parse_date_time(value: str) -> _datetime.datetime:
        """An ISO 8601 date-time as Python 3.11's ``datetime.fromisoformat`` reads it, on 3.10, whose own refuses a
        UTC ``Z`` and fractions of other than 3 or 6 digits: python-dateutil's parser, offset as a datetime.timezone."""
        from dateutil.parser import isoparse

        parsed = isoparse(value)
        offset = parsed.utcoffset()
        return parsed if offset is None else parsed.replace(tzinfo=_datetime.timezone(offset))


SECRET_FIELD_NAME = _re.compile(r"token|secret|password|api[_-]?key|credential", _re.IGNORECASE)
"""A field or key name that marks a secret (searched, case-insensitive); simli_api uses it too."""


class _Redacted:
    """Stands in for a secret value: its repr is ``[REDACTED]``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "[REDACTED]"


_REDACTED = _Redacted()


def _shown(value: _Any, secret: bool) -> _Any:
    """What a repr may show of ``value``: a secret is replaced, a container has its secret keys replaced."""
    if value is None or isinstance(value, _Unset):
        return value
    if secret:
        return _REDACTED
    if isinstance(value, dict):
        return {
            key: _shown(item, isinstance(key, str) and SECRET_FIELD_NAME.search(key) is not None)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_shown(item, False) for item in value]
    return value


def _redacting_repr(model: type) -> _Callable[[_Any], str]:
    """A repr for ``model`` in attrs' format (``Name(field=value, ...)``) that hides its secrets."""
    fields = [
        (field.name, SECRET_FIELD_NAME.search(field.name) is not None) for field in _attrs.fields(model) if field.repr
    ]

    @_reprlib.recursive_repr("...")
    def __repr__(self: _Any) -> str:
        shown = ", ".join(f"{name}={_shown(getattr(self, name), secret)!r}" for name, secret in fields)
        return f"{type(self).__qualname__}({shown})"

    return __repr__


def _redact_reprs(names: tuple[str, ...]) -> None:
    """Give every attrs model among ``names`` (of this package) the redacting repr."""
    for name in names:
        model = globals()[name]
        if _attrs.has(model):
            setattr(model, "__repr__", _redacting_repr(model))


_redact_reprs(__all__)
