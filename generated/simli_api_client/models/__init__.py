"""Contains all the data models used in inputs/outputs"""

from .agent_request import AgentRequest
from .agent_request_llm_provider import AgentRequestLlmProvider
from .agent_request_voice_provider import AgentRequestVoiceProvider
from .agent_response import AgentResponse
from .agent_response_llm_provider import AgentResponseLlmProvider
from .agent_response_voice_provider import AgentResponseVoiceProvider
from .agent_update import AgentUpdate
from .agent_update_llm_provider import AgentUpdateLlmProvider
from .agent_update_voice_provider import AgentUpdateVoiceProvider
from .audio_to_video_interface_static_audio_post_response_200 import AudioToVideoInterfaceStaticAudioPostResponse200
from .audio_to_video_request import AudioToVideoRequest
from .audio_to_video_request_audioformat import AudioToVideoRequestAudioformat
from .body_enqueue_gsa_generation_faces_gs_create_post import BodyEnqueueGSAGenerationFacesGsCreatePost
from .body_generate_face_idapi_faces_legacy_create_post import BodyGenerateFaceIDAPIFacesLegacyCreatePost
from .body_preprocess_image_faces_trinity_preprocess_post import BodyPreprocessImageFacesTrinityPreprocessPost
from .character_version import CharacterVersion
from .configurable_session_request import ConfigurableSessionRequest
from .custom_llm_config import CustomLLMConfig
from .error import Error
from .faces_request import FacesRequest
from .faces_response import FacesResponse
from .get_history_sessions_response_200 import GetHistorySessionsResponse200
from .get_ice_servers_compose_ice_get_response_200_item import GetIceServersComposeIceGetResponse200Item
from .get_ratelimiter_sessions_response_200 import GetRatelimiterSessionsResponse200
from .google_models import GoogleModels
from .history_record import HistoryRecord
from .http_validation_error import HTTPValidationError
from .live_kit_agents_session import LiveKitAgentsSession
from .live_kit_initialization_request import LiveKitInitializationRequest
from .llm_config import LLMConfig
from .llm_provider import LLMProvider
from .open_ai_models import OpenAIModels
from .session_details import SessionDetails
from .simli_models import SimliModels
from .start_audio_to_video_session_compose_token_post_response_200 import (
    StartAudioToVideoSessionComposeTokenPostResponse200,
)
from .start_audio_to_video_session_compose_token_post_response_400 import (
    StartAudioToVideoSessionComposeTokenPostResponse400,
)
from .start_streaming_session_request import StartStreamingSessionRequest
from .token_request import TokenRequest
from .trinity_version import TrinityVersion
from .tts_provider import TTSProvider
from .validation_error import ValidationError

__all__ = (
    "AgentRequest",
    "AgentRequestLlmProvider",
    "AgentRequestVoiceProvider",
    "AgentResponse",
    "AgentResponseLlmProvider",
    "AgentResponseVoiceProvider",
    "AgentUpdate",
    "AgentUpdateLlmProvider",
    "AgentUpdateVoiceProvider",
    "AudioToVideoInterfaceStaticAudioPostResponse200",
    "AudioToVideoRequest",
    "AudioToVideoRequestAudioformat",
    "BodyEnqueueGSAGenerationFacesGsCreatePost",
    "BodyGenerateFaceIDAPIFacesLegacyCreatePost",
    "BodyPreprocessImageFacesTrinityPreprocessPost",
    "CharacterVersion",
    "ConfigurableSessionRequest",
    "CustomLLMConfig",
    "Error",
    "FacesRequest",
    "FacesResponse",
    "GetHistorySessionsResponse200",
    "GetIceServersComposeIceGetResponse200Item",
    "GetRatelimiterSessionsResponse200",
    "GoogleModels",
    "HistoryRecord",
    "HTTPValidationError",
    "LiveKitAgentsSession",
    "LiveKitInitializationRequest",
    "LLMConfig",
    "LLMProvider",
    "OpenAIModels",
    "SessionDetails",
    "SimliModels",
    "StartAudioToVideoSessionComposeTokenPostResponse200",
    "StartAudioToVideoSessionComposeTokenPostResponse400",
    "StartStreamingSessionRequest",
    "TokenRequest",
    "TrinityVersion",
    "TTSProvider",
    "ValidationError",
)
