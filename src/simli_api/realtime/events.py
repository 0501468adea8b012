"""The typed events of a realtime session (``async for event in session.events()``).

The server's text messages, as Simli's AsyncAPI description lists them (``START``, ``ACK``,
``SPEAK``, ``SILENT``, ``STOP``), plus what the server sends in practice: ``video_metadata`` JSON
and a ``CLOSING REASON: ...`` line before ``STOP`` (its reason ends up in :class:`Stopped`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Started:
    """``START``: the avatar is live in the LiveKit room."""


@dataclass(frozen=True)
class Acknowledged:
    """``ACK``: the server acknowledged what the client sent."""


@dataclass(frozen=True)
class Speaking:
    """``SPEAK``: the avatar started speaking the audio sent."""


@dataclass(frozen=True)
class Silent:
    """``SILENT``: the avatar has no more audio to speak (or ``SKIP`` dropped it)."""


@dataclass(frozen=True)
class Stopped:
    """``STOP``: the session ended; ``reason`` is the server's ``CLOSING REASON`` if it gave one."""

    reason: str | None = None


@dataclass(frozen=True)
class VideoMetadata:
    """``{"video_metadata": {...}}``: the avatar's video format (frames per second, size in pixels)."""

    fps: float
    width: int
    height: int


@dataclass(frozen=True)
class Unknown:
    """A message this client does not know, received after ``START`` (kept, and logged, not fatal)."""

    raw: str


Event = Started | Acknowledged | Speaking | Silent | Stopped | VideoMetadata | Unknown
"""Any event :meth:`Session.events` yields."""
