"""simli_api: a thin, typed facade over the generated Simli client (``simli_api_client``).

from simli_api import Simli
session = Simli().livekit.start_agents_session(session_token=..., livekit_token=..., livekit_url=...)
"""

from simli_api_client.models import LiveKitAgentsSession

from ._client import AsyncSimli, Simli
from ._exceptions import (
    SimliAPIError,
    SimliAuthenticationError,
    SimliConnectionError,
    SimliError,
    SimliNotFoundError,
    SimliRateLimitError,
    SimliResponseError,
    SimliServerError,
    SimliTimeoutError,
    SimliValidationError,
    ValidationIssue,
)
from ._version import __version__

__all__ = [
    "AsyncSimli",
    "LiveKitAgentsSession",
    "Simli",
    "SimliAPIError",
    "SimliAuthenticationError",
    "SimliConnectionError",
    "SimliError",
    "SimliNotFoundError",
    "SimliRateLimitError",
    "SimliResponseError",
    "SimliServerError",
    "SimliTimeoutError",
    "SimliValidationError",
    "ValidationIssue",
    "__version__",
]
