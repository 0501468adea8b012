"""start_avatar end to end against a local server that checks both calls, sync and async.

The server plays Simli: POST /compose/token (must carry the API key) then
POST /integrations/livekit/agents (must not); the avatar's LiveKit token is verified with
livekit-api's own TokenVerifier.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta
from typing import Any

import jwt
import pytest
from livekit.api import TokenVerifier

from simli_api import (
    AsyncSimli,
    LiveKitAgentsSession,
    MissingSessionIdWarning,
    Simli,
    SimliAPIError,
    SimliError,
    SimliMissingKeyError,
    SimliResponseError,
)
from simli_api_client.types import Unset
from tests.support.routed_server import Answer, Received, Routes, local_server

API_KEY = "simli-key-4f1e"
SESSION_TOKEN = "sess-token-9a8b7c6d5e"
LK_KEY = "APIavatar"
LK_SECRET = "avatar-secret-long-enough-for-hs256-0123456789"
TOKEN_PATH = "/compose/token"
AGENTS_PATH = "/integrations/livekit/agents"
KINDS = ["sync", "async"]


def _session() -> dict[str, Any]:
    return {"status": "ok", "session_id": str(uuid.uuid4()), "destination": "ZGVzdA=="}


def _routes(token: Answer | None = None, agents: Answer | None = None) -> Routes:
    return {
        f"POST {TOKEN_PATH}": token or Answer.json({"session_token": SESSION_TOKEN}),
        f"POST {AGENTS_PATH}": agents or Answer.json(_session()),
    }


def start_avatar(kind: str, url: str, api_key: str | None = API_KEY, **overrides: Any) -> LiveKitAgentsSession:
    arguments: dict[str, Any] = {
        "face_id": "face-5c3d",
        "livekit_url": "wss://lk.example",
        "room": "room-9",
        "agent_identity": "agent-9",
        "livekit_api_key": LK_KEY,
        "livekit_api_secret": LK_SECRET,
        **overrides,
    }
    if kind == "sync":
        with Simli(base_url=url, api_key=api_key) as simli:
            return simli.livekit.start_avatar(**arguments)

    async def run() -> LiveKitAgentsSession:
        async with AsyncSimli(base_url=url, api_key=api_key) as simli:
            return await simli.livekit.start_avatar(**arguments)

    return asyncio.run(run())


def _check_token_call(call: Received) -> dict[str, Any]:
    assert (call.method, call.path) == ("POST", TOKEN_PATH)
    assert call.headers["x-simli-api-key"] == API_KEY
    body: dict[str, Any] = call.json()
    assert body["faceId"] == "face-5c3d"
    return body


@pytest.mark.parametrize("kind", KINDS)
def test_two_calls_key_on_the_first_only_and_a_valid_avatar_token(kind: str) -> None:
    with local_server(_routes()) as (url, received):
        session = start_avatar(kind, url, max_session_length=600, handle_silence=False, max_idle_time=30)
    assert [r.path for r in received] == [TOKEN_PATH, AGENTS_PATH]
    body = _check_token_call(received[0])
    assert (body["maxSessionLength"], body["handleSilence"], body["maxIdleTime"]) == (600, False, 30)

    agents = received[1]
    assert "x-simli-api-key" not in agents.headers, "the agents start must not receive the API key"
    sent = agents.json()
    assert sent.keys() == {"session_token", "livekit_token", "livekit_url"}
    assert (sent["session_token"], sent["livekit_url"]) == (SESSION_TOKEN, "wss://lk.example")
    claims = TokenVerifier(LK_KEY, LK_SECRET).verify(sent["livekit_token"])
    assert claims.kind == "agent"
    assert claims.identity == "simli-avatar-agent"
    assert claims.attributes == {"lk.publish_on_behalf": "agent-9"}
    assert claims.video is not None
    assert (claims.video.room, claims.video.room_join) == ("room-9", True)
    assert not claims.video.room_admin
    assert not claims.video.room_create

    assert isinstance(session, LiveKitAgentsSession)
    assert isinstance(session.session_id, uuid.UUID)


@pytest.mark.parametrize("kind", KINDS)
def test_livekit_credentials_from_the_environment(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEKIT_API_KEY", LK_KEY)
    monkeypatch.setenv("LIVEKIT_API_SECRET", LK_SECRET)
    with local_server(_routes()) as (url, received):
        start_avatar(kind, url, livekit_api_key=None, livekit_api_secret=None, avatar_identity="avatar-2")
    claims = TokenVerifier(LK_KEY, LK_SECRET).verify(received[1].json()["livekit_token"])
    assert claims.identity == "avatar-2"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("token_answer", "error"),
    [
        (Answer.json({"detail": "face not found", "session_token": "FAIL TOKEN"}, 400), SimliAPIError),
        (Answer.json({"error": "invalid key"}, 401), SimliAPIError),
        (Answer.json({"session_token": ""}), SimliResponseError),
        (Answer.json({}), SimliResponseError),
    ],
)
def test_a_failed_token_call_raises_before_livekit(kind: str, token_answer: Answer, error: type[SimliError]) -> None:
    with local_server(_routes(token=token_answer)) as (url, received), pytest.raises(error):
        start_avatar(kind, url)
    assert [r.path for r in received] == [TOKEN_PATH]


@pytest.mark.parametrize("kind", KINDS)
def test_the_session_token_never_appears_in_errors_or_logs(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    """The agents call fails with a body echoing the token: the error and every log line are redacted."""
    echo = Answer.json({"error": f"session {SESSION_TOKEN} rejected", "code": SESSION_TOKEN}, 400)
    caplog.set_level(logging.DEBUG)
    with local_server(_routes(agents=echo)) as (url, received), pytest.raises(SimliAPIError) as caught:
        start_avatar(kind, url)
    assert len(received) == 2
    shown = f"{caught.value} {caught.value!r} {caught.value.error} {caught.value.code} {caught.value.body}"
    assert "REDACTED" in shown
    assert SESSION_TOKEN not in shown
    assert SESSION_TOKEN not in caplog.text
    assert API_KEY not in caplog.text + shown


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("overrides", "api_key", "error", "message"),
    [
        ({}, None, SimliMissingKeyError, "SIMLI_API_KEY"),
        ({"livekit_api_secret": None}, API_KEY, ValueError, "LIVEKIT_API_SECRET"),
        ({"room": " "}, API_KEY, ValueError, "room"),
        ({"livekit_url": "ftp://lk.example"}, API_KEY, ValueError, "livekit_url"),
        ({"face_id": ""}, API_KEY, ValueError, "face_id"),
    ],
)
def test_bad_settings_fail_before_any_request(
    kind: str, overrides: dict[str, Any], api_key: str | None, error: type[Exception], message: str
) -> None:
    with local_server(_routes()) as (url, received), pytest.raises(error, match=message):
        start_avatar(kind, url, api_key=api_key, **overrides)
    assert received == []


# --------------------------------------------------------------------------- parity with LiveKit's Simli plugin
# livekit-plugins-simli 1.8.9 mints the avatar's token with livekit-api: identity and name both
# "simli-avatar-agent", kind agent, a room_join grant for the room, lk.publish_on_behalf = the
# agent's identity, and no with_ttl (so livekit-api's default, 6 hours). start_avatar's defaults
# must give the same token. (The session options differ on purpose: the plugin sends its own
# maxSessionLength 600 / maxIdleTime 30, start_avatar leaves the description's defaults to Simli.)


def _plugin_avatar_token(room: str, agent_identity: str) -> str:
    """The avatar token as livekit-plugins-simli 1.8.9 mints it (its recipe, with the real livekit-api)."""
    from livekit import api

    return (
        api.AccessToken(LK_KEY, LK_SECRET)
        .with_kind("agent")
        .with_identity("simli-avatar-agent")
        .with_name("simli-avatar-agent")
        .with_grants(api.VideoGrants(room_join=True, room=room))
        .with_attributes({"lk.publish_on_behalf": agent_identity})
        .to_jwt()
    )


def _claims(token: str) -> dict[str, Any]:
    """Every claim but the times, plus the token's lifetime."""
    raw: dict[str, Any] = jwt.decode(token, LK_SECRET, algorithms=["HS256"])
    lifetime = raw.pop("exp") - raw.pop("nbf")
    raw.pop("iat", None)
    raw.pop("jti", None)
    return {**raw, "lifetime": lifetime}


def _avatar_token(received: list[Received]) -> dict[str, Any]:
    return _claims(received[1].json()["livekit_token"])


@pytest.mark.parametrize("kind", KINDS)
def test_defaults_give_the_plugins_avatar_token(kind: str) -> None:
    with local_server(_routes()) as (url, received):
        start_avatar(kind, url)
    plugin = _claims(_plugin_avatar_token("room-9", "agent-9"))
    assert plugin["lifetime"] == timedelta(hours=6).total_seconds()
    assert _avatar_token(received) == plugin


@pytest.mark.parametrize(
    ("overrides", "lifetime"),
    [
        ({"max_session_length": 600}, timedelta(hours=6)),
        ({"max_session_length": 8 * 3600}, timedelta(hours=8, minutes=5)),
        ({"max_session_length": 8 * 3600, "token_ttl": timedelta(minutes=2)}, timedelta(minutes=2)),
    ],
)
def test_the_avatar_token_outlives_the_session(overrides: dict[str, Any], lifetime: timedelta) -> None:
    with local_server(_routes()) as (url, received):
        start_avatar("sync", url, **overrides)
    assert _avatar_token(received)["lifetime"] == lifetime.total_seconds()
    assert _check_token_call(received[0])["maxSessionLength"] == overrides["max_session_length"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_avatar_name_and_identity_of_your_own(kind: str) -> None:
    with local_server(_routes()) as (url, received):
        start_avatar(kind, url, avatar_name="Ada", avatar_identity="ada-avatar")
    claims = TokenVerifier(LK_KEY, LK_SECRET).verify(received[1].json()["livekit_token"])
    assert (claims.name, claims.identity) == ("Ada", "ada-avatar")


@pytest.mark.parametrize("kind", KINDS)
def test_livekit_url_from_the_environment(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEKIT_URL", "wss://from-env.livekit.example")
    with local_server(_routes()) as (url, received):
        start_avatar(kind, url, livekit_url=None)
    assert received[1].json()["livekit_url"] == "wss://from-env.livekit.example"
    with local_server(_routes()) as (url, received):
        start_avatar(kind, url)  # an explicit livekit_url wins over the environment
    assert received[1].json()["livekit_url"] == "wss://lk.example"


@pytest.mark.parametrize("kind", KINDS)
def test_no_livekit_url_anywhere_fails_before_any_request(kind: str) -> None:
    with local_server(_routes()) as (url, received), pytest.raises(ValueError, match="LIVEKIT_URL"):
        start_avatar(kind, url, livekit_url=None)
    assert received == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("answer", [{}, {"status": "started"}, {"status": "started", "destination": "ZA=="}])
def test_a_2xx_without_session_id_is_returned_once_not_raised(kind: str, answer: dict[str, Any]) -> None:
    """The description requires no field: raising would invite a retry and a second avatar."""
    with (
        local_server(_routes(agents=Answer.json(answer))) as (url, received),
        pytest.warns(MissingSessionIdWarning, match="session_id"),
    ):
        session = start_avatar(kind, url)
    assert [r.path for r in received] == [TOKEN_PATH, AGENTS_PATH]
    assert isinstance(session, LiveKitAgentsSession)
    assert isinstance(session.session_id, Unset)
    assert session.to_dict() == answer
