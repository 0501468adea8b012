"""Client configuration: environment, base URL, timeout, headers, pools, and the generic call path."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import respx

from simli_api import AsyncSimli, LiveKitAgentsSession, Simli, SimliNotFoundError
from simli_api._client import DEFAULT_TIMEOUT
from simli_api._constants import DEFAULT_BASE_URL
from simli_api_client import Client
from simli_api_client.api.default import init_integrations_livekit_agents_post as operation
from simli_api_client.models import LiveKitInitializationRequest
from tests.support.facade_harness import BASE_URL, PATH, arguments, keyed_operation, session_json

KEYED = keyed_operation()


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
    route = router.get(KEYED.path).respond(404)
    with Simli() as simli:
        assert simli.base_url == BASE_URL
        with pytest.raises(SimliNotFoundError):
            simli.call(KEYED.module)
    assert route.calls.last.request.headers[KEYED.header] == "env-key-123"


def test_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch, router: respx.MockRouter) -> None:
    monkeypatch.setenv("SIMLI_API_KEY", "env-key")
    monkeypatch.setenv("SIMLI_BASE_URL", "http://elsewhere.test")
    route = router.get(KEYED.path).respond(404)
    with Simli(api_key="arg-key", base_url=BASE_URL) as simli, pytest.raises(SimliNotFoundError):
        simli.call(KEYED.module)
    assert route.calls.last.request.headers[KEYED.header] == "arg-key"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_key_goes_only_where_the_description_requires_it(router: respx.MockRouter, kind: str) -> None:
    """The LiveKit start is ``security: []``: with a key configured, it still gets none; a keyed GET does."""
    keyed = router.get(KEYED.path).respond(404)
    open_route = router.post(PATH).respond(200, json=session_json())

    async def run_async() -> None:
        async with AsyncSimli(api_key="the-key", base_url=BASE_URL) as simli:
            with pytest.raises(SimliNotFoundError):
                await simli.call(KEYED.module)
            await simli.livekit.start_agents_session(**arguments())

    if kind == "sync":
        with Simli(api_key="the-key", base_url=BASE_URL) as simli:
            with pytest.raises(SimliNotFoundError):
                simli.call(KEYED.module)
            simli.livekit.start_agents_session(**arguments())
            assert "the-key" not in str(simli._http_client.headers)  # never a pool-wide header
    else:
        asyncio.run(run_async())
    assert keyed.calls.last.request.headers[KEYED.header] == "the-key"
    assert KEYED.header not in open_route.calls.last.request.headers
    assert "the-key" not in str(open_route.calls.last.request.headers)


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


def test_generated_client_sends_the_key_only_where_required(router: respx.MockRouter) -> None:
    """``simli.generated`` forwards to the facade's pool and adds the key per operation, as the facade does."""
    keyed = router.get(KEYED.path).respond(404)
    open_route = router.post(PATH).respond(200, json=session_json())
    with Simli(api_key="k-123", base_url=BASE_URL) as simli:
        assert "k-123" not in repr(simli) + repr(simli.generated)
        assert "k-123" not in str(simli.generated.get_httpx_client().headers)
        KEYED.module.sync_detailed(client=simli.generated)
        operation.sync(client=simli.generated, body=LiveKitInitializationRequest(**arguments()))
    assert keyed.calls.last.request.headers[KEYED.header] == "k-123"
    assert KEYED.header not in open_route.calls.last.request.headers


def test_async_generated_client_uses_the_pool_and_the_key(router: respx.MockRouter) -> None:
    keyed = router.get(KEYED.path).respond(404)

    async def run() -> None:
        async with AsyncSimli(api_key="k-456", base_url=BASE_URL) as simli:
            await KEYED.module.asyncio_detailed(client=simli.generated)

    asyncio.run(run())
    assert keyed.calls.last.request.headers[KEYED.header] == "k-456"


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


def test_caller_owned_http_client_is_used_and_left_open() -> None:
    """Every request goes through the caller's client, the generated client's too; the key only where required."""
    received: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(200, json=session_json()) if request.method == "POST" else httpx.Response(404)

    seen: list[str] = []
    own = httpx.Client(
        transport=httpx.MockTransport(answer), event_hooks={"request": [lambda request: seen.append(str(request.url))]}
    )
    with Simli(base_url=BASE_URL, api_key="k", http_client=own) as simli:
        simli.livekit.start_agents_session(**arguments())
        with pytest.raises(SimliNotFoundError):
            simli.call(KEYED.module)
        KEYED.module.sync_detailed(client=simli.generated)
    assert not own.is_closed
    assert [url.split("?", 1)[0] for url in seen] == [BASE_URL + PATH, BASE_URL + KEYED.path, BASE_URL + KEYED.path]
    assert KEYED.header not in received[0].headers
    assert [request.headers[KEYED.header] for request in received[1:]] == ["k", "k"]
    assert "k" not in own.headers.values()
    own.close()


def test_caller_owned_async_client_gets_the_key_only_where_required() -> None:
    received: list[httpx.Request] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(200, json=session_json()) if request.method == "POST" else httpx.Response(404)

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as own:
            async with AsyncSimli(base_url=BASE_URL, api_key="k-async", http_client=own) as simli:
                await simli.livekit.start_agents_session(**arguments())
                with pytest.raises(SimliNotFoundError):
                    await simli.call(KEYED.module)
                await KEYED.module.asyncio_detailed(client=simli.generated)
            assert "k-async" not in own.headers.values()

    asyncio.run(run())
    assert KEYED.header not in received[0].headers
    assert [request.headers[KEYED.header] for request in received[1:]] == ["k-async", "k-async"]


def test_caller_owned_async_client_is_left_open(router: respx.MockRouter) -> None:
    router.post(PATH).respond(200, json=session_json())
    own = httpx.AsyncClient()

    async def run() -> None:
        async with AsyncSimli(base_url=BASE_URL, http_client=own) as simli:
            await simli.livekit.start_agents_session(**arguments())
        assert not own.is_closed
        await own.aclose()

    asyncio.run(run())
