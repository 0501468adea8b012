"""``simli.realtime``: a typed session on Simli's WebSocket API (the ``livekit`` channel of its AsyncAPI description).

Needs the ``realtime`` extra (``pip install 'simli-api[realtime]'``, which brings ``websockets``);
importing this package does not: the socket code loads with the first session.
"""

from typing import TYPE_CHECKING, Any

from ._area import Realtime
from .errors import (
    SimliRealtimeClosedError,
    SimliRealtimeError,
    SimliRealtimeProtocolError,
    SimliRealtimeRateLimitError,
    SimliRealtimeTimeoutError,
)
from .events import Acknowledged, Event, Silent, Speaking, Started, Stopped, Unknown, VideoMetadata

if TYPE_CHECKING:
    from ._session import Session


def __getattr__(name: str) -> Any:
    """``Session`` loads websockets: it is imported on first use, like the socket code."""
    if name == "Session":
        from ._session import Session  # noqa: PLC0415 - needs the extra

        return Session
    raise AttributeError(f"module 'simli_api.realtime' has no attribute {name!r}")


__all__ = [
    "Acknowledged",
    "Event",
    "Realtime",
    "Session",
    "Silent",
    "SimliRealtimeClosedError",
    "SimliRealtimeError",
    "SimliRealtimeProtocolError",
    "SimliRealtimeRateLimitError",
    "SimliRealtimeTimeoutError",
    "Speaking",
    "Started",
    "Stopped",
    "Unknown",
    "VideoMetadata",
]
