"""Contains all the data models used in inputs/outputs"""

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
