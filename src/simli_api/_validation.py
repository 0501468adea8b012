"""Input checks that run before any network: a bad argument fails fast with a ValueError naming it.

Messages name the field and the rule, never the value (the values are secrets).
"""

from __future__ import annotations

import functools
import math
import re
import urllib.parse

from ._constants import MAX_TEXT_LENGTH

LIVEKIT_URL_SCHEMES = ("ws", "wss", "http", "https")
# C0 controls and DEL: never part of a token, key or URL, and header or log injection if let through.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Three non-empty base64url segments (unpadded, as JWTs are), separated by dots.
_JWT_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def require_text(name: str, value: object) -> str:
    """``value`` if it is a string with something other than whitespace in it; else ValueError naming ``name``."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {type(value).__name__}")
    if not value or value.isspace():
        raise ValueError(f"{name} must not be empty or whitespace")
    if len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"{name} is {len(value)} characters long; at most {MAX_TEXT_LENGTH} are accepted")
    # Within ASCII the characters str.isprintable refuses are exactly _CONTROL's (and it reads no faster than
    # a C loop): tokens, keys and URLs are ASCII and a few hundred characters long, checked on every call.
    if not value.isprintable() if value.isascii() else _CONTROL.search(value):
        raise ValueError(f"{name} must not contain control characters (newline, carriage return, NUL, ...)")
    return value


def check_timeout(value: object) -> float:
    """A timeout in seconds: a finite number greater than zero."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"timeout must be a number of seconds or an httpx.Timeout, got {type(value).__name__}")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError("timeout must be a finite number of seconds greater than 0")
    return seconds


def check_max_retries(value: object) -> int:
    """A retry count: a whole number, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_retries must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError("max_retries must be 0 or more")
    return value


def check_livekit_url(value: object, name: str = "livekit_url") -> str:
    """A LiveKit server URL: ws://, wss://, http:// or https:// with a host."""
    if isinstance(value, str):
        return _checked_livekit_url(value, name)
    return require_text(name, value)  # raises: not a string


@functools.lru_cache(maxsize=64)
def _checked_livekit_url(value: str, name: str) -> str:
    """The checks, remembered (a refusal is not): an application sends the same LiveKit URL with every start."""
    url = require_text(name, value)
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        raise ValueError(f"{name} is not a valid URL") from None
    if parts.scheme.lower() not in LIVEKIT_URL_SCHEMES:
        raise ValueError(f"{name} must start with ws://, wss://, http:// or https://")
    if not host:
        raise ValueError(f"{name} must name a host (e.g. wss://my-project.livekit.cloud)")
    return url


def check_jwt_shape(value: object, name: str = "livekit_token") -> str:
    """A string shaped like a JWT: three base64url parts joined by dots (the signature is not checked)."""
    if isinstance(value, str) and len(value) <= MAX_TEXT_LENGTH and _JWT_SHAPE.fullmatch(value):
        return value  # the shape admits no whitespace or control character: require_text would pass it
    token = require_text(name, value)
    if not _JWT_SHAPE.fullmatch(token):
        raise ValueError(f"{name} must be a JWT (three base64url parts separated by dots)")
    return token
