"""``simli.livekit``: a Simli avatar inside a LiveKit room.

``start_avatar`` is the whole start from your API key, as LiveKit's own Simli plugin does it:
a Compose session token (``POST /compose/token``, with the key), the avatar's LiveKit token
(minted here), then ``POST /integrations/livekit/agents`` (without the key).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from simli_api_client.types import Unset

from .._conformance import ConformanceError
from .._validation import check_jwt_shape, check_livekit_url, require_text
from ..livekit_tokens import mint_avatar_token
from ._method import ModeT, Plan, Request, Resource, flow, operation, request
from .compose import Compose

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
    from typing_extensions import Unpack

    from simli_api_client import models
    from simli_api_client.api.default import init_integrations_livekit_agents_post as _start
    from simli_api_client.models import LiveKitAgentsSession, SessionToken

    from .compose import SessionOptions
else:
    from .._lazy import models, operation_module

    _start = operation_module("init_integrations_livekit_agents_post")


def _require_session_id(result: Any) -> None:
    """A 2xx without a session id is useless: reject it as a malformed response."""
    if not isinstance(result, models.LiveKitAgentsSession) or isinstance(result.session_id, Unset):
        raise ConformanceError("the response has no session_id")


class LiveKit(Resource[ModeT]):
    """Start Simli avatars in LiveKit rooms."""

    @operation("POST /integrations/livekit/agents", _start)
    def start_agents_session(
        self, *, session_token: str, livekit_token: str, livekit_url: str
    ) -> Request[LiveKitAgentsSession]:
        """Start an avatar that joins the LiveKit room ``livekit_token`` grants (no API key is sent).

        ``session_token`` comes from ``simli.compose.create_session_token``; the result's
        ``session_id`` is a UUID. :meth:`start_avatar` does all three steps in one call.
        """
        body = models.LiveKitInitializationRequest(
            session_token=require_text("session_token", session_token),
            livekit_token=check_jwt_shape(livekit_token, "livekit_token"),
            livekit_url=check_livekit_url(livekit_url, "livekit_url"),
        )
        return request(_start._get_kwargs, body=body).checked(_require_session_id)

    @flow
    def start_avatar(
        self,
        *,
        face_id: str,
        livekit_url: str,
        room: str,
        agent_identity: str,
        livekit_api_key: str | None = None,
        livekit_api_secret: str | None = None,
        avatar_identity: str | None = None,
        token_ttl: datetime.timedelta | None = None,
        **options: Unpack[SessionOptions],
    ) -> Plan[LiveKitAgentsSession]:
        """Start avatar ``face_id`` in LiveKit ``room``, publishing for your agent ``agent_identity``.

        Needs the Simli API key and ``simli-api[livekit]``. The avatar's token is minted first
        (``livekit_api_key`` / ``livekit_api_secret``, default ``LIVEKIT_API_KEY`` /
        ``LIVEKIT_API_SECRET``), so bad LiveKit settings fail before any request; ``options``
        (``max_session_length``, ``max_idle_time``, ``handle_silence``, ...) go to the session token.
        """
        if self._client._api_key is None:
            raise ValueError("start_avatar needs your Simli API key: pass api_key= to the client or set SIMLI_API_KEY")
        livekit_url = check_livekit_url(livekit_url, "livekit_url")
        livekit_token = mint_avatar_token(
            room=room,
            agent_identity=agent_identity,
            api_key=livekit_api_key,
            api_secret=livekit_api_secret,
            identity=avatar_identity,
            ttl=token_ttl,
        )
        token: SessionToken = yield Compose.create_session_token.prepare(self, face_id=face_id, **options)
        session: LiveKitAgentsSession = yield LiveKit.start_agents_session.prepare(
            self, session_token=str(token.session_token), livekit_token=livekit_token, livekit_url=livekit_url
        )
        return session
