"""Mint the LiveKit token a Simli avatar joins the room with (extra: ``pip install 'simli-api[livekit]'``).

The avatar joins as an *agent* participant that publishes audio and video on behalf of
your own agent participant: LiveKit links the two through the ``lk.publish_on_behalf``
attribute. Signing uses the real ``livekit-api`` package, imported only when needed.
"""

from __future__ import annotations

import os
from datetime import timedelta
from types import ModuleType
from typing import TypedDict

from ._constants import (
    LIVEKIT_API_TOKEN_TTL_SECONDS,
    LIVEKIT_AVATAR_IDENTITY,
    LIVEKIT_AVATAR_NAME,
    LIVEKIT_ENV_API_KEY,
    LIVEKIT_ENV_API_SECRET,
    LIVEKIT_ENV_URL,
    LIVEKIT_TOKEN_TTL_SECONDS,
)
from ._validation import require_text

# This module is public: its default names stay, defined from simli_api._constants (where the values live).
DEFAULT_TTL = timedelta(seconds=LIVEKIT_TOKEN_TTL_SECONDS)
LIVEKIT_API_DEFAULT_TTL = timedelta(seconds=LIVEKIT_API_TOKEN_TTL_SECONDS)
DEFAULT_AVATAR_IDENTITY = LIVEKIT_AVATAR_IDENTITY
DEFAULT_AVATAR_NAME = LIVEKIT_AVATAR_NAME
ENV_API_KEY = LIVEKIT_ENV_API_KEY
ENV_API_SECRET = LIVEKIT_ENV_API_SECRET
ENV_URL = LIVEKIT_ENV_URL
PUBLISH_ON_BEHALF_ATTRIBUTE = "lk.publish_on_behalf"
INSTALL_HINT = "the LiveKit helpers need livekit-api: pip install 'simli-api[livekit]'"


class _AvatarTokenTarget(TypedDict):
    room: str
    agent_identity: str


class AvatarTokenOptions(_AvatarTokenTarget, total=False):
    """The keyword arguments of :func:`mint_avatar_token`, for wrappers that forward them."""

    api_key: str | None
    api_secret: str | None
    identity: str | None
    name: str | None
    ttl: timedelta | None


def _livekit_api() -> ModuleType:
    try:
        from livekit import api  # noqa: PLC0415 - optional extra, imported on first use
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    return api


def mint_avatar_token(
    *,
    room: str,
    agent_identity: str,
    api_key: str | None = None,
    api_secret: str | None = None,
    identity: str | None = None,
    name: str | None = None,
    ttl: timedelta | None = None,
) -> str:
    """A signed JWT letting the avatar (identity ``identity``, kind agent) join exactly ``room``.

    ``name`` is the participant's display name (none by default).

    ``agent_identity`` is the identity of your local agent participant, on whose behalf the
    avatar publishes. ``api_key`` / ``api_secret`` default to ``LIVEKIT_API_KEY`` /
    ``LIVEKIT_API_SECRET``. The token expires after ``ttl`` (default 10 minutes).
    """
    require_text("room", room)
    require_text("agent_identity", agent_identity)
    identity = require_text("identity", LIVEKIT_AVATAR_IDENTITY if identity is None else identity)
    name = None if name is None else require_text("name", name)
    ttl = DEFAULT_TTL if ttl is None else ttl
    if ttl <= timedelta(0):
        raise ValueError("ttl must be positive")
    api_key = _credential("api_key", api_key, LIVEKIT_ENV_API_KEY)
    api_secret = _credential("api_secret", api_secret, LIVEKIT_ENV_API_SECRET)
    api = _livekit_api()
    token = api.AccessToken(api_key, api_secret).with_identity(identity)
    if name is not None:
        token = token.with_name(name)
    jwt = (
        token.with_kind("agent")
        .with_grants(api.VideoGrants(room_join=True, room=room))
        .with_attributes({PUBLISH_ON_BEHALF_ATTRIBUTE: agent_identity})
        .with_ttl(ttl)
        .to_jwt()
    )
    return str(jwt)


def _credential(name: str, value: str | None, variable: str) -> str:
    """The keyword's value, else the environment's; ValueError naming both when neither is set."""
    if value is None:
        value = os.environ.get(variable, "")
        if not value.strip():
            raise ValueError(f"the LiveKit {name.replace('_', ' ')} is missing: set {variable} or pass it as a keyword")
    return require_text(name, value)
