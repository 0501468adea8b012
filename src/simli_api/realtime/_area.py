"""``simli.realtime`` (``AsyncSimli`` only): stream audio to a live avatar over Simli's WebSocket API."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from .._validation import require_text
from .errors import EXTRA_HINT

if TYPE_CHECKING:
    import uuid
    from collections.abc import AsyncIterator

    from typing_extensions import Unpack

    from .._client import AsyncSimli
    from ..resources.compose import SessionOptions
    from ._session import Session


class Realtime:
    """Realtime avatar sessions: ``async with simli.realtime.connect(face_id=...) as session: ...``."""

    def __init__(self, client: AsyncSimli) -> None:
        if not getattr(client, "_is_async", False):
            raise TypeError("simli.realtime is served on AsyncSimli only: use `async with AsyncSimli() as simli:`")
        try:
            import websockets.asyncio.client  # noqa: F401, PLC0415 - the extra is checked where the area is first used
        except ImportError as exc:
            raise ImportError(EXTRA_HINT) from exc
        self._client = client

    def __repr__(self) -> str:
        return f"<Realtime of {self._client!r}>"

    @asynccontextmanager
    async def connect(
        self,
        *,
        face_id: uuid.UUID | str | None = None,
        session_token: str | None = None,
        **options: Unpack[SessionOptions],
    ) -> AsyncIterator[Session]:
        """Open a session and close it on exit (``DONE``, then the socket closes; cancellation included).

        With ``face_id`` (and any ``SessionOptions``) a session token is made first with
        ``simli.compose.create_session_token`` (your API key goes there, never on the socket); or pass a
        ``session_token`` you made. Waits for the LiveKit join info (``session.livekit_url`` / ``livekit_token``).
        """
        from ._connect import Timeouts, open_session  # noqa: PLC0415 - websockets loads with the first session

        if (face_id is None) == (session_token is None):
            raise ValueError("connect() takes face_id= (a session token is made for you) or session_token=, not both")
        if face_id is not None:
            token = await self._client.compose.create_session_token(face_id=face_id, **options)
            session_token = str(token.session_token)
        elif options:
            raise ValueError(f"session options ({', '.join(options)}) go with face_id=, not with a session_token")
        timeout = self._client.timeout
        session = await open_session(
            self._client.base_url,
            require_text("session_token", session_token),
            self._client._secrets,
            Timeouts(timeout.connect, timeout.read),
        )
        try:
            yield session
        finally:
            await session.aclose()
