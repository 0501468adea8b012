"""``simli.livekit``: start a Simli avatar inside a LiveKit room.

The sync and async resources share request preparation and result checks in
:class:`_LiveKitBase`; each adds only the call itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from simli_api_client.api.default import init_integrations_livekit_agents_post as _start_operation
from simli_api_client.models import LiveKitAgentsSession, LiveKitInitializationRequest
from simli_api_client.types import Unset

from .._conformance import ConformanceError
from .._validation import check_jwt_shape, check_livekit_url, require_text

if TYPE_CHECKING:
    from .._client import AsyncSimli, Simli


class _LiveKitBase:
    @staticmethod
    def _arguments(*, session_token: str, livekit_token: str, livekit_url: str) -> dict[str, Any]:
        """The operation's arguments, after every input check (so a bad value never reaches the network)."""
        body = LiveKitInitializationRequest(
            session_token=require_text("session_token", session_token),
            livekit_token=check_jwt_shape(livekit_token, "livekit_token"),
            livekit_url=check_livekit_url(livekit_url, "livekit_url"),
        )
        return {"body": body}

    @staticmethod
    def _require_session_id(result: Any) -> None:
        """A 2xx without a session id is useless: reject it as a malformed response."""
        if not isinstance(result, LiveKitAgentsSession) or isinstance(result.session_id, Unset):
            raise ConformanceError("the response has no session_id")

    @staticmethod
    def _avatar_token(**options: Any) -> str:
        from ..livekit_tokens import mint_avatar_token  # noqa: PLC0415 - keeps the extra optional

        return mint_avatar_token(**options)


class LiveKit(_LiveKitBase):
    """LiveKit operations on a :class:`~simli_api.Simli` client."""

    def __init__(self, client: Simli) -> None:
        self._client = client

    def start_agents_session(self, *, session_token: str, livekit_token: str, livekit_url: str) -> LiveKitAgentsSession:
        """Start a Simli avatar session that joins the LiveKit room ``livekit_token`` grants.

        ``POST /integrations/livekit/agents``; returns the session (``session_id`` is a UUID).
        """
        arguments = self._arguments(session_token=session_token, livekit_token=livekit_token, livekit_url=livekit_url)
        return cast(LiveKitAgentsSession, self._client._call(_start_operation, arguments, self._require_session_id))

    def start_avatar(
        self,
        *,
        session_token: str,
        livekit_url: str,
        room: str,
        agent_identity: str,
        api_key: str | None = None,
        api_secret: str | None = None,
        identity: str | None = None,
        ttl: timedelta | None = None,
    ) -> LiveKitAgentsSession:
        """Mint the avatar's LiveKit token and start the session (needs the ``simli-api[livekit]`` extra).

        The token comes from :func:`simli_api.livekit_tokens.mint_avatar_token`.
        """
        token = self._avatar_token(
            api_key=api_key, api_secret=api_secret, room=room, agent_identity=agent_identity, identity=identity, ttl=ttl
        )
        return self.start_agents_session(session_token=session_token, livekit_token=token, livekit_url=livekit_url)


class AsyncLiveKit(_LiveKitBase):
    """LiveKit operations on an :class:`~simli_api.AsyncSimli` client."""

    def __init__(self, client: AsyncSimli) -> None:
        self._client = client

    async def start_agents_session(
        self, *, session_token: str, livekit_token: str, livekit_url: str
    ) -> LiveKitAgentsSession:
        """Start a Simli avatar session that joins the LiveKit room ``livekit_token`` grants."""
        arguments = self._arguments(session_token=session_token, livekit_token=livekit_token, livekit_url=livekit_url)
        session = await self._client._call(_start_operation, arguments, self._require_session_id)
        return cast(LiveKitAgentsSession, session)

    async def start_avatar(
        self,
        *,
        session_token: str,
        livekit_url: str,
        room: str,
        agent_identity: str,
        api_key: str | None = None,
        api_secret: str | None = None,
        identity: str | None = None,
        ttl: timedelta | None = None,
    ) -> LiveKitAgentsSession:
        """Mint the avatar's LiveKit token and start the session (needs ``simli-api[livekit]``)."""
        token = self._avatar_token(
            api_key=api_key, api_secret=api_secret, room=room, agent_identity=agent_identity, identity=identity, ttl=ttl
        )
        return await self.start_agents_session(
            session_token=session_token, livekit_token=token, livekit_url=livekit_url
        )
