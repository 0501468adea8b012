"""The ``livekit`` channel of Simli's AsyncAPI description, as this client speaks it: the socket URL, the audio
framing, and what each server message means. Pure functions, no I/O.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .._constants import REALTIME_MAX_FRAME_BYTES
from .._redact import redact
from .errors import SimliRealtimeError, SimliRealtimeProtocolError, SimliRealtimeRateLimitError
from .events import Acknowledged, Event, Silent, Speaking, Started, Stopped, Unknown, VideoMetadata

# The channel's address (description: channels.livekit.address); tests check it against the pinned description.
CHANNEL_PATH = "/compose/webrtc/livekit"
TOKEN_PARAMETER = "session_token"  # noqa: S105 - a parameter name, not a secret
# audio_chunk: PCM16 (2 bytes a sample), 16 kHz, mono.
SAMPLE_RATE = 16_000
BYTES_PER_SAMPLE = 2
BYTES_PER_SECOND = SAMPLE_RATE * BYTES_PER_SAMPLE
# clear_buffer and final_message payloads (text frames).
SKIP = "SKIP"
DONE = "DONE"

_SCHEMES = {"http": "ws", "https": "wss"}
_EVENTS: dict[str, Event] = {"START": Started(), "ACK": Acknowledged(), "SPEAK": Speaking(), "SILENT": Silent()}
# A server error code: UPPER_SNAKE with at least one underscore (``INVALID_API_KEY``), not a plain word.
_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def socket_url(base_url: str, session_token: str) -> str:
    """``ws(s)://<host>/compose/webrtc/livekit?session_token=...`` for ``base_url`` (http→ws, https→wss)."""
    parts = urllib.parse.urlsplit(base_url)
    scheme = _SCHEMES.get(parts.scheme)
    if scheme is None or not parts.netloc:
        raise ValueError(f"base_url must be an http:// or https:// URL to derive the socket URL, got {parts.scheme!r}")
    query = urllib.parse.urlencode({TOKEN_PARAMETER: session_token})
    return urllib.parse.urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + CHANNEL_PATH, query, ""))


def bytes_view(chunk: object, what: str = "audio") -> memoryview:
    """``chunk`` as a flat byte view; TypeError for anything not bytes-like (``str`` included)."""
    if isinstance(chunk, str) or not isinstance(chunk, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be bytes-like PCM16 (bytes, bytearray or memoryview), got {type(chunk).__name__}")
    view = memoryview(chunk)
    if not view.c_contiguous:
        raise TypeError(f"{what} must be a contiguous buffer")
    return view.cast("B") if view.format != "B" or view.ndim != 1 else view


def pcm16(audio: object) -> memoryview:
    """``audio`` checked as PCM16: bytes-like and a whole number of 2-byte samples."""
    view = bytes_view(audio)
    if len(view) % BYTES_PER_SAMPLE:
        raise ValueError(
            f"PCM16 audio has {BYTES_PER_SAMPLE} bytes per sample, got an odd length ({len(view)} bytes); "
            "send 16 kHz mono signed 16-bit little-endian samples"
        )
    return view


def frames(audio: memoryview, size: int = REALTIME_MAX_FRAME_BYTES) -> Iterator[memoryview]:
    """``audio`` in consecutive frames of at most ``size`` bytes (a whole number of samples each)."""
    if size <= 0 or size % BYTES_PER_SAMPLE:
        raise ValueError(f"frame size must be a positive multiple of {BYTES_PER_SAMPLE}, got {size}")
    for start in range(0, len(audio), size):
        yield audio[start : start + size]


@dataclass(frozen=True)
class JoinInfo:
    """``livekit_join_info``: where the viewer joins the avatar's LiveKit room."""

    livekit_url: str
    livekit_token: str = field(repr=False)


@dataclass(frozen=True)
class Closing:
    """``CLOSING ...``: the server announces the end of the session (``STOP`` follows); ``reason`` its words."""

    reason: str


@dataclass(frozen=True)
class Failure:
    """``ERROR ...`` / ``RATE ...``, or a message that breaks the description: the session ends with ``error``."""

    error: SimliRealtimeError


@dataclass(frozen=True)
class Notice:
    """A server message that carries nothing for the caller (``ENDFRAME``, an empty line); logged only."""

    text: str


Parsed = Event | JoinInfo | Closing | Failure | Notice


def parse(message: str | bytes, secrets: Iterable[str]) -> Parsed:  # noqa: PLR0911 - a return per kind
    """What one server message means. Unknown text is :class:`Unknown` (the session decides if that is fatal)."""
    if isinstance(message, (bytes, bytearray, memoryview)):
        try:
            message = bytes(message).decode("utf-8")
        except UnicodeDecodeError:
            return Unknown(f"<{len(message)} bytes of binary data>")
    text = message.strip()
    if not text:
        return Notice("(empty message)")
    if text.startswith("{"):
        return _parse_json(text, secrets)
    word, _, rest = text.partition(" ")
    keyword = word.rstrip(":").upper()
    rest = rest.strip()
    if keyword in _EVENTS and not rest:
        return _EVENTS[keyword]
    if keyword == "STOP":  # "STOP" or "STOP REASON: ..."
        return Stopped(_reason(rest, secrets))
    if keyword == "CLOSING":
        return Closing(_reason(rest, secrets) or redact(text, secrets))
    if keyword in ("ERROR", "RATE") and rest:
        return Failure(server_error(keyword, rest, secrets))
    if keyword == "ENDFRAME":
        return Notice(redact(text, secrets))
    return Unknown(redact(text, secrets))


def server_error(keyword: str, rest: str, secrets: Iterable[str]) -> SimliRealtimeError:
    """The exception for ``ERROR <rest>`` or ``RATE <rest>``: the server's code, if it names one, and its text."""
    text = redact(rest.lstrip(":").strip(), secrets)
    first = text.split(maxsplit=1)[0].rstrip(":,.") if text else ""
    code = first if _CODE.fullmatch(first) else None
    if keyword == "RATE":
        return SimliRealtimeRateLimitError(
            f"Simli refused the session (rate limit): RATE {text}; wait and retry, or end other sessions first",
            code=code,
            text=text,
        )
    return SimliRealtimeError(f"Simli ended the session: ERROR {text}", code=code, text=text)


def _reason(rest: str, secrets: Iterable[str]) -> str | None:
    """``REASON: words`` → ``words``; ``None`` when there are none."""
    head, colon, tail = rest.partition(":")
    reason = tail.strip() if colon and head.strip().upper() == "REASON" else rest.strip()
    return redact(reason, secrets) or None


def _parse_json(text: str, secrets: Iterable[str]) -> Parsed:
    try:
        payload: Any = json.loads(text)
    except ValueError:
        return Unknown(redact(text, secrets))
    if isinstance(payload, dict) and ("livekit_url" in payload or "livekit_token" in payload):
        url, token = payload.get("livekit_url"), payload.get("livekit_token")
        if isinstance(url, str) and url and isinstance(token, str) and token:
            return JoinInfo(url, token)
        return Failure(
            SimliRealtimeProtocolError(
                "Simli sent LiveKit join info without a livekit_url and livekit_token string; "
                "the server broke its description, retry the session"
            )
        )
    metadata = payload.get("video_metadata") if isinstance(payload, dict) else None
    if isinstance(metadata, dict):
        fps, width, height = metadata.get("fps"), metadata.get("width"), metadata.get("height")
        if isinstance(fps, (int, float)) and isinstance(width, int) and isinstance(height, int):
            return VideoMetadata(float(fps), width, height)
    return Unknown(redact(text, secrets))
