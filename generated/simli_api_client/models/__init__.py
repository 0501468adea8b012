"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .http_validation_error import HTTPValidationError
from .live_kit_agents_session import LiveKitAgentsSession
from .live_kit_initialization_request import LiveKitInitializationRequest
from .validation_error import ValidationError

__all__ = (
    "Error",
    "HTTPValidationError",
    "LiveKitAgentsSession",
    "LiveKitInitializationRequest",
    "ValidationError",
)
