"""Never run: mypy (the typecheck session) checks, with ``assert_type``, what the realtime API's calls return."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from typing_extensions import assert_type

import simli_api
from simli_api import AsyncSimli
from simli_api.realtime import Event, Realtime, Session, Stopped


async def usage(simli: AsyncSimli, pcm16: bytes) -> None:
    assert_type(simli.realtime, Realtime)
    connecting = simli.realtime.connect(face_id="f", max_idle_time=60)
    assert isinstance(connecting, AbstractAsyncContextManager)
    async with simli.realtime.connect(session_token="t") as session:
        assert_type(session, Session)
        assert_type(session.livekit_url, str)
        assert_type(session.livekit_token, str)
        assert_type(await session.send_audio(pcm16, pace=True), None)
        assert_type(await session.finish(), Stopped)
        async for event in session.events():
            assert_type(event, Event)
            if isinstance(event, Stopped):
                assert_type(event.reason, str | None)
    assert issubclass(simli_api.SimliRealtimeRateLimitError, simli_api.SimliRealtimeError)
