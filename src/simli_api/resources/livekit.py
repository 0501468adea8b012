"""``simli.livekit``: a Simli avatar inside a LiveKit room.

``start_avatar`` is the whole start from your API key, as LiveKit's own Simli plugin does it:
a Compose session token (``POST /compose/token``, with the key), the avatar's LiveKit token
(minted here), then ``POST /integrations/livekit/agents`` (without the key).
"""

from __future__ import annotations

import datetime
import os
import uuid
import warnings
from typing import TYPE_CHECKING, Any

from simli_api_client.types import Unset

from .._constants import (
    DEFAULT_MAX_SESSION_LENGTH,
    LIVEKIT_API_TOKEN_TTL_SECONDS,
    LIVEKIT_AVATAR_NAME,
    LIVEKIT_ENV_URL,
    LIVEKIT_TOKEN_MARGIN_SECONDS,
)
from .._exceptions import MissingSessionIdWarning
from .._options import RequestOptions
from .._validation import check_jwt_shape, check_livekit_url, require_text
from ..livekit_tokens import mint_avatar_token
from ._method import Flow, ModeT, Resource, Step, call, flow, operation
from .compose import Compose

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
    from typing_extensions import Unpack

    from simli_api_client import models
    from simli_api_client.api.default import init_integrations_livekit_agents_post as _start
    from simli_api_client.models import LiveKitAgentsSession, SessionToken

    from .compose import SessionCallOptions
else:
    from .._lazy import models, operation_module

    _start = operation_module("init_integrations_livekit_agents_post")


def _warn_without_session_id(result: Any) -> None:
    """The description requires no field of the 2xx: an answer without ``session_id`` is kept, with a warning.

    Raising would invite a retry, and a second avatar, after Simli may already have started the first.
    """
    if isinstance(getattr(result, "session_id", None), Unset):
        warnings.warn(
            "Simli started the LiveKit session but its answer has no session_id; do not retry, "
            "the avatar may already be in the room",
            MissingSessionIdWarning,
            stacklevel=2,
        )


def _default_token_ttl(max_session_length: object) -> datetime.timedelta:
    """Long enough for the whole session: livekit-api's 6 h, or the session's length and a margin if longer."""
    length = max_session_length if isinstance(max_session_length, int) else DEFAULT_MAX_SESSION_LENGTH
    return datetime.timedelta(seconds=max(LIVEKIT_API_TOKEN_TTL_SECONDS, length + LIVEKIT_TOKEN_MARGIN_SECONDS))


def _livekit_url(value: str | None) -> str:
    if value is None:
        value = os.environ.get(LIVEKIT_ENV_URL, "")
        if not value.strip():
            raise ValueError(f"the LiveKit server URL is missing: set {LIVEKIT_ENV_URL} or pass livekit_url=")
    return check_livekit_url(value, "livekit_url")


class LiveKit(Resource[ModeT]):
    """Start Simli avatars in LiveKit rooms."""

    @operation("POST /integrations/livekit/agents", _start)
    def start_agents_session(
        self, *, session_token: str, livekit_token: str, livekit_url: str, **options: Unpack[RequestOptions]
    ) -> Step[LiveKitAgentsSession]:
        """Start an avatar that joins the LiveKit room ``livekit_token`` grants (no API key is sent).

        ``session_token`` comes from ``simli.compose.create_session_token``; the result's
        ``session_id`` is a UUID. A 2xx without one is returned as it is, with a
        MissingSessionIdWarning (the description requires no field, and the avatar may be running).
        :meth:`start_avatar` does all three steps in one call.
        """
        body = models.LiveKitInitializationRequest(
            session_token=require_text("session_token", session_token),
            livekit_token=check_jwt_shape(livekit_token, "livekit_token"),
            livekit_url=check_livekit_url(livekit_url, "livekit_url"),
        )
        return call(_start._get_kwargs, body=body).checked(_warn_without_session_id)

    @flow
    def start_avatar(
        self,
        *,
        face_id: uuid.UUID | str,
        room: str,
        agent_identity: str,
        livekit_url: str | None = None,
        livekit_api_key: str | None = None,
        livekit_api_secret: str | None = None,
        avatar_identity: str | None = None,
        avatar_name: str | None = None,
        token_ttl: datetime.timedelta | None = None,
        **options: Unpack[SessionCallOptions],
    ) -> Flow[LiveKitAgentsSession]:
        """Start avatar ``face_id`` in LiveKit ``room``, publishing for your agent ``agent_identity``.

        Needs the Simli API key (SimliMissingKeyError without one, before any request) and
        ``simli-api[livekit]``. The avatar's token is minted first
        (``livekit_api_key`` / ``livekit_api_secret``, default ``LIVEKIT_API_KEY`` /
        ``LIVEKIT_API_SECRET``), so bad LiveKit settings fail before any request; ``options``
        (``max_session_length``, ``max_idle_time``, ``handle_silence``, ...) go to the session token.
        ``livekit_url`` defaults to ``LIVEKIT_URL``. The avatar joins as ``avatar_identity`` named
        ``avatar_name`` (both ``simli-avatar-agent`` by default, as in LiveKit's Simli plugin); its
        token lives ``token_ttl``, by default 6 hours (livekit-api's default) or the session's
        ``max_session_length`` and 5 minutes, whichever is longer.
        """
        livekit_url = _livekit_url(livekit_url)
        livekit_token = mint_avatar_token(
            room=room,
            agent_identity=agent_identity,
            api_key=livekit_api_key,
            api_secret=livekit_api_secret,
            identity=avatar_identity,
            name=LIVEKIT_AVATAR_NAME if avatar_name is None else avatar_name,
            ttl=_default_token_ttl(options.get("max_session_length")) if token_ttl is None else token_ttl,
        )
        token: SessionToken = yield Compose.create_session_token.prepare(self, face_id=face_id, **options)
        session: LiveKitAgentsSession = yield LiveKit.start_agents_session.prepare(
            self, session_token=str(token.session_token), livekit_token=livekit_token, livekit_url=livekit_url
        )
        return session
