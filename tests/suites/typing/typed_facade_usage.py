"""What mypy sees of every facade method, sync and async (checked by `nox -s typecheck` and test_mypy.py).

Never run: these functions only state, with ``assert_type``, the return type of each call.
"""

from __future__ import annotations

import uuid
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import httpx
from typing_extensions import assert_type

from simli_api import AsyncSimli, CreatedFace, RawResponse, Simli
from simli_api_client.models import (
    ActiveSessions,
    AgentRequest,
    AgentResponse,
    AgentUpdate,
    FacesResponse,
    IceServer,
    LiveKitAgentsSession,
    SessionDetails,
    SessionHistory,
    SessionToken,
    StaticVideo,
    TokenRequest,
)
from simli_api_client.types import Unset

FACE = uuid.UUID(int=1)
JWT = "a.b.c"


def sync_calls(simli: Simli) -> None:
    assert_type(simli.compose.create_session_token(face_id="f", max_idle_time=60), SessionToken)
    assert_type(simli.compose.ice_servers(), list[IceServer])
    assert_type(simli.faces.list(), list[FacesResponse])
    created = simli.faces.create(b"png", name="me")
    assert_type(created, CreatedFace)
    assert_type(created.face_id, str)
    assert_type(simli.faces.wait_until_ready(created.face_id, timeout=60, on_status=print), Any)
    assert_type(simli.faces.generation_status("f"), Any)
    assert_type(simli.faces.preprocess(Path("me.png"), retry=True), bytes)
    assert_type(simli.faces.delete(FACE), None)
    assert_type(simli.faces.create_legacy("me.png"), Any)
    assert_type(simli.faces.legacy_generation_status("f"), Any)
    assert_type(simli.faces.delete_legacy(str(FACE)), None)
    assert_type(simli.history.sessions(start_time=0), SessionHistory)
    assert_type(simli.usage.active_sessions(), ActiveSessions)
    video = simli.videos.from_audio(face_id="f", audio=Path("hello.wav"), audio_format="wav")
    assert_type(video, StaticVideo)
    assert_type(simli.videos.save(video, to="out.mp4"), Path)
    assert_type(simli.videos.download_mp4("d", "f.mp4"), bytes)
    assert_type(simli.videos.save_mp4("d", "f.mp4", to="out.mp4"), Path)
    assert_type(simli.videos.download_hls("d", "f.m3u8"), bytes)
    assert_type(simli.videos.save_hls("d", "f.ts", to=Path("f.ts")), Path)
    assert_type(simli.agents.create(AgentRequest(face_id=FACE, name="a")), AgentResponse)
    assert_type(simli.agents.list(), list[AgentResponse])
    assert_type(simli.agents.get(FACE), AgentResponse)
    assert_type(simli.agents.update(FACE, AgentUpdate(name="b")), None)
    assert_type(simli.agents.delete(FACE), None)
    assert_type(simli.agents.create_session_token(TokenRequest(simli_api_key="k")), Any)
    assert_type(simli.agents.start_configurable(), SessionDetails)
    assert_type(simli.agents.start("agent", "token", redirect=False), SessionDetails)
    assert_type(simli.agents.transcript("s"), Any)
    assert_type(
        simli.livekit.start_agents_session(session_token="t", livekit_token=JWT, livekit_url="wss://x"),
        LiveKitAgentsSession,
    )
    session = simli.livekit.start_avatar(
        face_id="f", livekit_url="wss://x", room="r", agent_identity="a", max_session_length=60
    )
    assert_type(
        simli.livekit.start_avatar(face_id="f", room="r", agent_identity="a", avatar_name="Ada"), LiveKitAgentsSession
    )
    assert_type(session, LiveKitAgentsSession)
    assert_type(session.session_id, uuid.UUID | Unset)


async def async_calls(simli: AsyncSimli) -> None:
    assert_type(await simli.compose.create_session_token(face_id="f", handle_silence=False), SessionToken)
    assert_type(await simli.compose.ice_servers(), list[IceServer])
    assert_type(await simli.faces.list(), list[FacesResponse])
    created = await simli.faces.create(b"png")
    assert_type(created, CreatedFace)
    assert_type(await simli.faces.wait_until_ready(created.face_id, ready={"done"}), Any)
    assert_type(await simli.faces.generation_status("f"), Any)
    assert_type(await simli.faces.preprocess(b"png"), bytes)
    assert_type(await simli.faces.delete(FACE), None)
    assert_type(await simli.faces.create_legacy(b"png"), Any)
    assert_type(await simli.faces.legacy_generation_status("f"), Any)
    assert_type(await simli.faces.delete_legacy(FACE), None)
    assert_type(await simli.history.sessions(), SessionHistory)
    assert_type(await simli.usage.active_sessions(), ActiveSessions)
    video = await simli.videos.from_audio(face_id="f", audio=b"\0", audio_format="mp3")
    assert_type(video, StaticVideo)
    assert_type(await simli.videos.save(video.mp4_url if isinstance(video.mp4_url, str) else video, to="o.mp4"), Path)
    assert_type(await simli.videos.download_mp4("d", "f.mp4"), bytes)
    assert_type(await simli.videos.save_mp4("d", "f.mp4", to="out.mp4"), Path)
    assert_type(await simli.videos.download_hls("d", "f.m3u8"), bytes)
    assert_type(await simli.videos.save_hls("d", "f.ts", to="f.ts"), Path)
    assert_type(await simli.agents.create(AgentRequest(face_id=FACE, name="a")), AgentResponse)
    assert_type(await simli.agents.list(), list[AgentResponse])
    assert_type(await simli.agents.get(FACE), AgentResponse)
    assert_type(await simli.agents.update(FACE, AgentUpdate()), None)
    assert_type(await simli.agents.delete(FACE), None)
    assert_type(await simli.agents.create_session_token(TokenRequest(simli_api_key="k")), Any)
    assert_type(await simli.agents.start_configurable(), SessionDetails)
    assert_type(await simli.agents.start("agent", "token"), SessionDetails)
    assert_type(await simli.agents.transcript("s"), Any)
    started = simli.livekit.start_agents_session(session_token="t", livekit_token=JWT, livekit_url="wss://x")
    assert_type(await started, LiveKitAgentsSession)
    avatar = await simli.livekit.start_avatar(face_id="f", livekit_url="wss://x", room="r", agent_identity="a")
    assert_type(avatar, LiveKitAgentsSession)


def sync_conventions(simli: Simli) -> None:
    assert_type(simli.faces.list(timeout=5, extra_headers={"X-Trace": "1"}), list[FacesResponse])
    assert_type(simli.faces.wait_until_ready("f", timeout=600, extra_headers={"X-Trace": "1"}), Any)
    assert_type(simli.compose.create_session_token(face_id="f", max_idle_time=60, timeout=2.0), SessionToken)
    raw = simli.with_raw_response.faces.list(timeout=httpx.Timeout(3.0))
    assert_type(raw, RawResponse[list[FacesResponse]])
    assert_type(raw.parse(), list[FacesResponse])
    assert_type(raw.http_response, httpx.Response)
    assert_type(raw.status_code, int)
    assert_type(raw.request_id, str | None)
    assert_type(simli.with_options(timeout=5, max_retries=0, default_headers={"X-Team": "a"}), Simli)
    assert_type(
        simli.with_raw_response.livekit.start_avatar(face_id="f", room="r", agent_identity="a"),
        RawResponse[LiveKitAgentsSession],
    )


async def async_conventions(simli: AsyncSimli) -> None:
    pending: Coroutine[Any, Any, list[FacesResponse]] = simli.faces.list()  # a coroutine, not any awaitable
    assert_type(await pending, list[FacesResponse])
    assert_type(await simli.faces.list(extra_headers={"X-Trace": "1"}), list[FacesResponse])
    assert_type(await simli.with_raw_response.faces.list(), RawResponse[list[FacesResponse]])
    assert_type(await simli.with_raw_response.videos.save("https://x/v.mp4", to="v.mp4"), RawResponse[Path])
    assert_type(await simli.with_options(max_retries=0).usage.active_sessions(timeout=1), ActiveSessions)
