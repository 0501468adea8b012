"""Per-call ``timeout=`` / ``extra_headers=`` on every method, and ``with_options`` copies sharing the pool.

Against a real server on 127.0.0.1, so the async client goes through its aiohttp route (which reuses
request shapes: a call's headers must not leak into the next call of the same shape).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
from typing import Any

import httpx
import pytest
import respx

from simli_api import AsyncSimli, Simli, SimliMissingKeyError, SimliServerError, SimliTimeoutError
from simli_api.resources import RESOURCES
from simli_api.resources._method import Method
from tests.support.facade_harness import BASE_URL, KINDS, Recorded, Reply, keyed_operation, scripted_server

KEY = "sk-options-test-0123456789abcdef"
KEY_HEADER = keyed_operation().header  # the description's apiKey header (usage.active_sessions requires it)
USAGE = Reply.json(200, {"current_usage": 1})


def _usage(kind: str, url: str, calls: list[dict[str, Any]], **client: Any) -> list[Any]:
    """``usage.active_sessions(**options)`` once per entry of ``calls``, on one client of ``kind``."""
    if kind == "sync":
        with Simli(api_key=KEY, base_url=url, **client) as simli:
            return [simli.usage.active_sessions(**options) for options in calls]

    async def run() -> list[Any]:
        async with AsyncSimli(api_key=KEY, base_url=url, **client) as simli:
            return [await simli.usage.active_sessions(**options) for options in calls]

    return asyncio.run(run())


def _methods() -> list[tuple[str, Method[Any, Any]]]:
    found = []
    for area, (module, name) in RESOURCES.items():
        for attribute, member in vars(getattr(importlib.import_module(module), name)).items():
            if isinstance(member, Method):
                found.append((f"{area}.{attribute}", member))
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_extra_headers_go_with_their_call_only(kind: str) -> None:
    with scripted_server(USAGE) as (url, received):
        _usage(kind, url, [{"extra_headers": {"X-Trace": "one", "user-agent": "mine/1"}}, {}])
    first, second = received
    assert first.headers["x-trace"] == "one"
    assert first.headers["user-agent"] == "mine/1"  # replaces the client's, whatever the case
    assert "x-trace" not in second.headers
    assert second.headers["user-agent"].startswith("simli-api/")


@pytest.mark.parametrize("kind", KINDS)
def test_extra_headers_replace_the_key_header_in_any_case(kind: str) -> None:
    with scripted_server(USAGE) as (url, received):
        _usage(kind, url, [{"extra_headers": {KEY_HEADER.upper(): "other-key-0123456789abcdef"}}, {}])
    [replaced, plain] = received
    assert replaced.headers[KEY_HEADER] == "other-key-0123456789abcdef"
    assert plain.headers[KEY_HEADER] == KEY


def test_an_extra_header_is_sent_once_whatever_its_case(router: respx.MockRouter) -> None:
    route = router.get(f"{BASE_URL}/ratelimiter/sessions").respond(200, json={"current_usage": 1})
    with Simli(api_key=KEY, base_url=BASE_URL, default_headers={"X-Team": "a"}) as simli:
        simli.usage.active_sessions(extra_headers={KEY_HEADER.upper(): "other", "x-team": "b", "User-Agent": "me"})
    headers = route.calls.last.request.headers
    assert headers.get_list(KEY_HEADER) == ["other"]
    assert headers.get_list("x-team") == ["b"]
    assert headers.get_list("user-agent") == ["me"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_per_call_timeout_overrides_the_clients(kind: str) -> None:
    slow = Reply.json(200, {"current_usage": 1}, delay=0.4)
    with scripted_server(slow) as (url, _):
        assert len(_usage(kind, url, [{}], max_retries=0)) == 1
        with pytest.raises(SimliTimeoutError):
            _usage(kind, url, [{"timeout": 0.1}], max_retries=0)


def test_every_method_takes_the_options_and_shows_them() -> None:
    for name, method in _methods():
        shown = method.signature().parameters
        assert shown["extra_headers"].default is None, name
        own = inspect.signature(method.stub).parameters.get("timeout")
        # a stub's own timeout (wait_until_ready's: the whole wait) stays its own; any other method takes the option
        assert shown["timeout"] == own if own is not None else shown["timeout"].default is None, name


def test_a_flow_sends_the_call_headers_with_each_request_and_keeps_its_own_timeout() -> None:
    with (
        scripted_server(Reply.json(200, {"status": "pending"}), Reply.json(200, {"status": "ready"})) as (
            url,
            received,
        ),
        Simli(api_key=KEY, base_url=url) as simli,
    ):
        answer = simli.faces.wait_until_ready("face", timeout=30, poll_interval=0.01, extra_headers={"X-T": "1"})
    assert answer == {"status": "ready"}
    assert [request.headers.get("x-t") for request in received] == ["1", "1"]


def test_bad_options_are_refused_before_sending() -> None:
    with Simli(api_key=KEY, base_url="http://127.0.0.1:9") as simli:
        with pytest.raises(TypeError, match="headers"):
            simli.usage.active_sessions(extra_headers={"X-T": 1})  # type: ignore[dict-item]
        with pytest.raises(ValueError, match="timeout"):
            simli.usage.active_sessions(timeout=-1)


# --------------------------------------------------------------------------- with_options


def _headers(received: list[Recorded], name: str) -> list[str | None]:
    return [request.headers.get(name) for request in received]


@pytest.mark.parametrize("kind", KINDS)
def test_with_options_copies_defaults_and_leaves_the_client_as_it_was(kind: str) -> None:
    failing = Reply.json(503, {"error": "busy"})
    with scripted_server(failing) as (url, received):

        async def calls(simli: AsyncSimli) -> None:
            copy = simli.with_options(max_retries=0, default_headers={"X-Team": "a"})
            with pytest.raises(SimliServerError):
                await copy.usage.active_sessions()
            with pytest.raises(SimliServerError):
                await simli.usage.active_sessions()

        if kind == "sync":
            with Simli(api_key=KEY, base_url=url, max_retries=1) as simli:
                copy = simli.with_options(max_retries=0, default_headers={"X-Team": "a"})
                with pytest.raises(SimliServerError):
                    copy.usage.active_sessions()
                with pytest.raises(SimliServerError):
                    simli.usage.active_sessions()
        else:

            async def run() -> None:
                async with AsyncSimli(api_key=KEY, base_url=url, max_retries=1) as simli:
                    await calls(simli)

            asyncio.run(run())
    # the copy: one attempt with its header; the client: two attempts (max_retries=1) without it
    assert _headers(received, "x-team") == ["a", None, None]
    assert all(request.headers[KEY_HEADER] == KEY for request in received)


def test_with_options_timeout_and_repr() -> None:
    with Simli(api_key=KEY, base_url="http://127.0.0.1:9") as simli:
        copy = simli.with_options(timeout=2.5, max_retries=4)
        assert copy.timeout == httpx.Timeout(2.5)
        assert copy.max_retries == 4
        assert simli.max_retries == 2
        assert KEY not in repr(copy)


def test_copies_share_the_pool_and_only_the_owner_closes_it() -> None:
    with scripted_server(USAGE) as (url, received):
        simli = Simli(api_key=KEY, base_url=url)
        copy = simli.with_options(timeout=5)
        assert copy._http_client is simli._http_client  # one pool
        copy.close()  # not its pool: nothing closes
        simli.usage.active_sessions()
        copy.usage.active_sessions()
        simli.close()
        with pytest.raises(RuntimeError, match="closed"):
            copy.usage.active_sessions()
    assert len(received) == 2


def test_async_copies_share_the_aiohttp_route_and_only_the_owner_closes_it() -> None:
    async def run(url: str) -> None:
        simli = AsyncSimli(api_key=KEY, base_url=url)
        copy = simli.with_options(default_headers={"X-Team": "b"}).with_options(timeout=5)
        assert copy._route is simli._route  # the same aiohttp session: one pool
        await copy.close()
        await simli.usage.active_sessions()
        await copy.usage.active_sessions()
        await simli.close()
        with pytest.raises(RuntimeError, match="closed"):
            await copy.usage.active_sessions()

    with scripted_server(USAGE) as (url, received):
        asyncio.run(run(url))
    assert _headers(received, "x-team") == [None, "b"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_key_sent_in_extra_or_copied_default_headers_satisfies_the_missing_key_check(kind: str) -> None:
    with scripted_server(USAGE) as (url, received):
        if kind == "sync":
            with Simli(base_url=url) as simli:
                with pytest.raises(SimliMissingKeyError):
                    simli.usage.active_sessions()
                simli.usage.active_sessions(extra_headers={KEY_HEADER.upper(): "per-call-key"})
                simli.with_options(default_headers={KEY_HEADER: "copy-key"}).usage.active_sessions()
        else:

            async def run() -> None:
                async with AsyncSimli(base_url=url) as simli:
                    with pytest.raises(SimliMissingKeyError):
                        await simli.usage.active_sessions()
                    await simli.usage.active_sessions(extra_headers={KEY_HEADER.upper(): "per-call-key"})
                    await simli.with_options(default_headers={KEY_HEADER: "copy-key"}).usage.active_sessions()

            asyncio.run(run())
    assert _headers(received, KEY_HEADER) == ["per-call-key", "copy-key"]
