"""Client configuration: environment, base URL, timeout, headers, pools, and the generic call path."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import respx

from simli_api import AsyncSimli, LiveKitAgentsSession, Simli
from simli_api._client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT
from simli_api_client import AuthenticatedClient, Client
from simli_api_client.api.default import init_integrations_livekit_agents_post as operation
from simli_api_client.models import LiveKitInitializationRequest

from .helpers import BASE_URL, PATH, arguments, session_json


def test_defaults_without_environment() -> None:
    simli = Simli()
    assert simli.base_url == DEFAULT_BASE_URL == "https://api.simli.ai"
    assert simli.timeout == DEFAULT_TIMEOUT
    assert simli.max_retries == 2
    assert type(simli.generated) is Client
    simli.close()


def test_environment_supplies_key_and_base_url(monkeypatch: pytest.MonkeyPatch, router: respx.MockRouter) -> None:
    monkeypatch.setenv("SIMLI_API_KEY", "env-key-123")
    monkeypatch.setenv("SIMLI_BASE_URL", BASE_URL + "/")
    route = router.post(PATH).respond(200, json=session_json())
    with Simli() as simli:
        assert simli.base_url == BASE_URL
        simli.livekit.start_agents_session(**arguments())
    assert route.calls.last.request.headers["x-simli-api-key"] == "env-key-123"


def test_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch, router: respx.MockRouter) -> None:
    monkeypatch.setenv("SIMLI_API_KEY", "env-key")
    monkeypatch.setenv("SIMLI_BASE_URL", "http://elsewhere.test")
    route = router.post(PATH).respond(200, json=session_json())
    with Simli(api_key="arg-key", base_url=BASE_URL) as simli:
        simli.livekit.start_agents_session(**arguments())
    assert route.calls.last.request.headers["x-simli-api-key"] == "arg-key"


def test_no_key_sends_no_key_header(router: respx.MockRouter) -> None:
    route = router.post(PATH).respond(200, json=session_json())
    with Simli(base_url=BASE_URL) as simli:
        simli.livekit.start_agents_session(**arguments())
    request = route.calls.last.request
    assert "x-simli-api-key" not in request.headers
    assert request.headers["user-agent"].startswith("simli-api/")
    assert request.headers["content-type"] == "application/json"


def test_request_body_and_default_headers(router: respx.MockRouter) -> None:
    route = router.post(PATH).respond(200, json=session_json())
    args = arguments()
    with Simli(base_url=BASE_URL, default_headers={"Prefer": "code=200", "X-Trace": "t1"}) as simli:
        simli.livekit.start_agents_session(**args)
    request = route.calls.last.request
    assert json.loads(request.content) == args
    assert (request.headers["prefer"], request.headers["x-trace"]) == ("code=200", "t1")


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [(None, DEFAULT_TIMEOUT), (3, httpx.Timeout(3.0)), (2.5, httpx.Timeout(2.5)), (httpx.Timeout(1, read=9), None)],
)
def test_timeout_normalisation(timeout: float | httpx.Timeout | None, expected: httpx.Timeout | None) -> None:
    with Simli(timeout=timeout) as simli:
        assert simli.timeout == (timeout if expected is None else expected)


def test_timeout_is_applied_per_request(router: respx.MockRouter) -> None:
    route = router.post(PATH).respond(200, json=session_json())
    with Simli(base_url=BASE_URL, timeout=httpx.Timeout(4.0, connect=1.5)) as simli:
        simli.livekit.start_agents_session(**arguments())
    assert route.calls.last.request.extensions["timeout"] == {"connect": 1.5, "read": 4.0, "write": 4.0, "pool": 4.0}


@pytest.mark.parametrize("url", ["ftp://api.simli.ai", "api.simli.ai", "https://"])
def test_bad_base_url(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        Simli(base_url=url)


def test_authenticated_generated_client_with_key() -> None:
    with Simli(api_key="k-123") as simli:
        assert isinstance(simli.generated, AuthenticatedClient)
        assert simli.generated.auth_header_name == "x-simli-api-key"
        assert simli.generated.get_httpx_client().headers["x-simli-api-key"] == "k-123"
        assert "k-123" not in repr(simli) + repr(simli.generated)


def test_generated_operations_work_on_the_exposed_client(router: respx.MockRouter) -> None:
    router.post(PATH).respond(200, json=session_json(status="direct"))
    with Simli(api_key="k", base_url=BASE_URL) as simli:
        body = LiveKitInitializationRequest(**arguments())
        parsed = operation.sync(client=simli.generated, body=body)
    assert isinstance(parsed, LiveKitAgentsSession)
    assert parsed.status == "direct"


def test_generic_call_sync_and_async(router: respx.MockRouter) -> None:
    route = router.post(PATH).mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json=session_json(status="generic"))] * 2
    )
    body = LiveKitInitializationRequest(**arguments())
    with Simli(base_url=BASE_URL) as simli:
        assert simli.call(operation, body=body).status == "generic"

    async def run() -> LiveKitAgentsSession:
        async with AsyncSimli(base_url=BASE_URL) as simli:
            result: LiveKitAgentsSession = await simli.call(operation, body=body)
            return result

    assert asyncio.run(run()).status == "generic"
    assert route.call_count == 4


def test_own_pool_is_closed_on_exit() -> None:
    with Simli() as simli:
        pool = simli._http_client
    assert pool.is_closed

    async def run() -> httpx.AsyncClient:
        async with AsyncSimli() as simli:
            return simli._http_client

    assert asyncio.run(run()).is_closed


def test_caller_owned_http_client_is_used_and_left_open(router: respx.MockRouter) -> None:
    route = router.post(PATH).respond(200, json=session_json())
    seen: list[str] = []
    own = httpx.Client(event_hooks={"request": [lambda request: seen.append(str(request.url))]})
    with Simli(base_url=BASE_URL, api_key="k", http_client=own) as simli:
        simli.livekit.start_agents_session(**arguments())
    assert not own.is_closed
    assert seen == [BASE_URL + PATH]
    assert route.calls.last.request.headers["x-simli-api-key"] == "k"
    own.close()


def test_caller_owned_async_client_is_left_open(router: respx.MockRouter) -> None:
    router.post(PATH).respond(200, json=session_json())
    own = httpx.AsyncClient()

    async def run() -> None:
        async with AsyncSimli(base_url=BASE_URL, http_client=own) as simli:
            await simli.livekit.start_agents_session(**arguments())
        assert not own.is_closed
        await own.aclose()

    asyncio.run(run())
