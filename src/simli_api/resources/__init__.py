"""Hand-written wrappers, one module per API area; each wraps generated operations."""

from .livekit import AsyncLiveKit, LiveKit

__all__ = ["AsyncLiveKit", "LiveKit"]
