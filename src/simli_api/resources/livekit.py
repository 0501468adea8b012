"""``simli.livekit``: start a Simli avatar inside a LiveKit room.

The sync and async resources share request preparation and result checks in
:class:`_LiveKitBase`; each adds only the call itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from simli_api_client.api.default import init_integrations_livekit_agents_post as _start_operation
from simli_api_client.models import LiveKitAgentsSession, LiveKitInitializationRequest
from simli_api_client.types import Unset

from .._conformance import ConformanceError
from .._validation import check_jwt_shape, check_livekit_url, require_text
from ..livekit_tokens import AvatarTokenOptions, mint_avatar_token

if TYPE_CHECKING:
    from typing_extensions import Unpack

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
    def _avatar_arguments(session_token: str, livekit_url: str, token: AvatarTokenOptions) -> dict[str, str]:
        """start_agents_session's arguments, with a freshly minted avatar token."""
        return {"session_token": session_token, "livekit_token": mint_avatar_token(**token), "livekit_url": livekit_url}


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
        self, *, session_token: str, livekit_url: str, **token: Unpack[AvatarTokenOptions]
    ) -> LiveKitAgentsSession:
        """Mint the avatar's LiveKit token and start the session (needs the ``simli-api[livekit]`` extra).

        ``token`` keywords go to :func:`simli_api.livekit_tokens.mint_avatar_token`: ``room`` and
        ``agent_identity`` (required), ``api_key``, ``api_secret``, ``identity``, ``ttl``.
        """
        return self.start_agents_session(**self._avatar_arguments(session_token, livekit_url, token))


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
        self, *, session_token: str, livekit_url: str, **token: Unpack[AvatarTokenOptions]
    ) -> LiveKitAgentsSession:
        """Mint the avatar's LiveKit token and start the session (needs ``simli-api[livekit]``)."""
        return await self.start_agents_session(**self._avatar_arguments(session_token, livekit_url, token))
