"""Input checks that run before any network: a bad argument fails fast with a ValueError naming it.

Messages name the field and the rule, never the value (the values are secrets).
"""

from __future__ import annotations

import re
import urllib.parse

LIVEKIT_URL_SCHEMES = ("ws", "wss", "http", "https")
# Three non-empty base64url segments (unpadded, as JWTs are), separated by dots.
_JWT_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def require_text(name: str, value: object) -> str:
    """``value`` if it is a string with something other than whitespace in it; else ValueError naming ``name``."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty or whitespace")
    return value


def check_livekit_url(value: object, name: str = "livekit_url") -> str:
    """A LiveKit server URL: ws://, wss://, http:// or https:// with a host."""
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
    token = require_text(name, value)
    if not _JWT_SHAPE.fullmatch(token):
        raise ValueError(f"{name} must be a JWT (three base64url parts separated by dots)")
    return token
