"""The facade against Prism serving the pinned spec: requests validate, and each documented answer maps right."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from simli_api import (
    AsyncSimli,
    LiveKitAgentsSession,
    Simli,
    SimliAPIError,
    SimliNotFoundError,
    SimliValidationError,
)
from simli_api_client.api.default import init_integrations_livekit_agents_post as operation
from simli_api_client.models import LiveKitInitializationRequest

from .conftest import Watch

LIVEKIT_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzaW1saS1hdmF0YXItYWdlbnQifQ.c2lnbmF0dXJl"
ARGUMENTS: dict[str, Any] = {
    "session_token": "sess-contract-7c1d",
    "livekit_token": LIVEKIT_TOKEN,
    "livekit_url": "wss://example.livekit.cloud",
}


def _assert_session(session: LiveKitAgentsSession) -> None:
    assert isinstance(session, LiveKitAgentsSession)
    assert isinstance(session.session_id, uuid.UUID)
    assert isinstance(session.status, str)
    assert isinstance(session.destination, str)


def test_readme_snippet(prism_url: str, monkeypatch: pytest.MonkeyPatch, watch: Watch) -> None:
    """The issue's snippet, configured only through the environment, as a user would."""
    monkeypatch.setenv("SIMLI_BASE_URL", prism_url)
    monkeypatch.delenv("SIMLI_API_KEY", raising=False)

    simli = Simli()
    session = simli.livekit.start_agents_session(
        session_token="sess-contract-7c1d", livekit_token=LIVEKIT_TOKEN, livekit_url="wss://example.livekit.cloud"
    )
    session.session_id  # noqa: B018 - the snippet's attribute access

    _assert_session(session)
    assert [r.status_code for r in watch.responses] == [200]
    simli.close()


def test_async_snippet(prism_url: str, monkeypatch: pytest.MonkeyPatch, watch: Watch) -> None:
    monkeypatch.setenv("SIMLI_BASE_URL", prism_url)

    async def main() -> LiveKitAgentsSession:
        async with AsyncSimli() as simli:
            return await simli.livekit.start_agents_session(**ARGUMENTS)

    _assert_session(asyncio.run(main()))
    assert [r.status_code for r in watch.responses] == [200]


def test_with_an_api_key_the_request_still_validates(prism_url: str, watch: Watch) -> None:
    """The agents start is `security: []`: a client holding a key validates, and does not send the key."""
    with Simli(base_url=prism_url, api_key="contract-key") as simli:
        _assert_session(simli.livekit.start_agents_session(**ARGUMENTS))
    assert "x-simli-api-key" not in watch.responses[0].request.headers


def test_400_maps_to_simli_api_error(prism_url: str, watch: Watch) -> None:
    with (
        Simli(base_url=prism_url, default_headers={"Prefer": "code=400"}) as simli,
        pytest.raises(SimliAPIError) as caught,
    ):
        simli.livekit.start_agents_session(**ARGUMENTS)
    assert type(caught.value) is SimliAPIError
    assert caught.value.status_code == 400
    assert isinstance(caught.value.error, str)
    assert isinstance(caught.value.code, str)
    assert [r.status_code for r in watch.responses] == [400], "400 is never retried"


def test_422_maps_to_validation_error(prism_url: str, watch: Watch) -> None:
    async def main() -> None:
        async with AsyncSimli(base_url=prism_url, default_headers={"Prefer": "code=422"}) as simli:
            await simli.livekit.start_agents_session(**ARGUMENTS)

    with pytest.raises(SimliValidationError) as caught:
        asyncio.run(main())
    assert caught.value.status_code == 422
    assert caught.value.errors
    for issue in caught.value.errors:
        assert isinstance(issue.loc, tuple)
        assert isinstance(issue.msg, str)
        assert isinstance(issue.type, str)
    assert [r.status_code for r in watch.responses] == [422], "422 is never retried"


def test_undocumented_status_maps_to_not_found(prism_url: str, watch: Watch) -> None:
    """Prism answers 404 when asked for a status the spec does not define."""
    with Simli(base_url=prism_url, default_headers={"Prefer": "code=404"}) as simli, pytest.raises(SimliNotFoundError):
        simli.livekit.start_agents_session(**ARGUMENTS)
    assert [r.status_code for r in watch.responses] == [404]


def test_generic_call(prism_url: str) -> None:
    with Simli(base_url=prism_url) as simli:
        result = simli.call(operation, body=LiveKitInitializationRequest(**ARGUMENTS))
    _assert_session(result)


def test_start_avatar(prism_url: str, watch: Watch) -> None:
    """Both calls validate against the description: the token call with the key, the agents start without."""
    with Simli(base_url=prism_url, api_key="contract-key") as simli:
        session = simli.livekit.start_avatar(
            face_id="contract-face",
            livekit_url="wss://example.livekit.cloud",
            room="contract-room",
            agent_identity="contract-agent",
            livekit_api_key="APIcontract",
            livekit_api_secret="contract-secret-long-enough-for-hs256-0123456789",
            max_session_length=600,
        )
    _assert_session(session)
    paths = [r.request.url.path for r in watch.responses]
    assert paths == ["/compose/token", "/integrations/livekit/agents"]
    assert [("x-simli-api-key" in r.request.headers) for r in watch.responses] == [True, False]


def test_the_violation_watch_bites(prism_url: str, watch: Watch) -> None:
    """A request that breaks the spec does carry sl-violations, so the watch would catch a facade bug."""
    with httpx.Client(base_url=prism_url, event_hooks={"response": [watch.record]}) as raw:
        raw.post("/integrations/livekit/agents", json={"session_token": "only this"})
    assert watch.violations() != []
    assert "livekit_token" in watch.violations()[0]
    watch.responses.clear()
