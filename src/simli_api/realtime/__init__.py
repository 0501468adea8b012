"""``simli.realtime``: a typed session on Simli's WebSocket API (the ``livekit`` channel of its AsyncAPI description).

Needs the ``realtime`` extra (``pip install 'simli-api[realtime]'``, which brings ``websockets``);
importing this package does not: the socket code loads with the first session.
"""

from ._area import Realtime
from .errors import (
    SimliRealtimeClosedError,
    SimliRealtimeError,
    SimliRealtimeProtocolError,
    SimliRealtimeRateLimitError,
    SimliRealtimeTimeoutError,
)
from .events import Acknowledged, Event, Silent, Speaking, Started, Stopped, Unknown, VideoMetadata

__all__ = [
    "Acknowledged",
    "Event",
    "Realtime",
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
