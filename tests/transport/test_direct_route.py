"""The async facade's direct route (simli_api._direct) against the httpx route it stands in for.

Every comparison runs the same call twice against one capturing server on 127.0.0.1: once on a
plain ``AsyncSimli`` (the direct route: ``httpx.AsyncClient.send`` is never called) and once on
an identical client with a no-op event hook on its pool (the httpx route). The bytes on the wire,
the parsed result, the errors and httpx's log line must be the same.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import types
import zlib
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import httpx
import pytest
import respx

import simli_api._direct
from simli_api import AsyncSimli, LiveKitAgentsSession
from simli_api_client.api.default import init_integrations_livekit_agents_post as operation
from simli_api_client.models import LiveKitInitializationRequest

from .servers import PATH, SESSION, Server, read_raw_request, reply, run

LIVEKIT_URL = "wss://example.livekit.cloud"
ARGUMENTS = {"session_token": "session-1", "livekit_token": "a.b.c", "livekit_url": LIVEKIT_URL}


@dataclass
class Capture:
    """Raw request bytes (head and body) as they arrived, one entry per request."""

    requests: list[bytes] = field(default_factory=list)
    answer: Callable[[int], bytes] = lambda index: reply(
        200, json.dumps(SESSION).encode(), "Content-Type: application/json"
    )

    async def handler(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head, body = await read_raw_request(reader)
            self.requests.append(head + body)
            writer.write(self.answer(len(self.requests) - 1))
            await writer.drain()


async def _no_op_hook(request: httpx.Request) -> None:
    """Its presence alone sends calls through httpx.AsyncClient.send."""


def through_httpx(simli: AsyncSimli) -> AsyncSimli:
    simli._http_client.event_hooks["request"].append(_no_op_hook)
    return simli


@asynccontextmanager
async def counting_sends() -> AsyncIterator[mock.MagicMock]:
    """Count httpx.AsyncClient.send calls (the httpx route makes one per attempt, the direct route none)."""
    send = httpx.AsyncClient.send
    with mock.patch.object(httpx.AsyncClient, "send", autospec=True, side_effect=send) as counted:
        yield counted


Call = Callable[[AsyncSimli], Coroutine[Any, Any, Any]]


async def start(simli: AsyncSimli) -> Any:
    return await simli.livekit.start_agents_session(**ARGUMENTS)


async def both_routes(
    options: dict[str, Any], call: Call = start, answer: Capture | None = None, calls: int = 1
) -> tuple[list[bytes], list[Any]]:
    """(raw requests, results) of ``call`` (making ``calls`` requests) on the direct route, then on the httpx route."""
    capture = answer or Capture()
    results: list[Any] = []
    async with Server(capture.handler) as server:
        for route in ("direct", "httpx"):
            simli = AsyncSimli(base_url=options.get("base_url", server.url).format(url=server.url), **_rest(options))
            if route == "httpx":
                through_httpx(simli)
            async with counting_sends() as sends, simli:
                results.append(await call(simli))
            assert sends.call_count == (0 if route == "direct" else calls), route
    return capture.requests, results


def _rest(options: dict[str, Any]) -> dict[str, Any]:
    return {"max_retries": 0, **{key: value for key, value in options.items() if key != "base_url"}}


CONFIGURATIONS: dict[str, dict[str, Any]] = {
    "defaults": {"api_key": "key-1"},
    "no-api-key": {},
    "base-path": {"api_key": "key-1", "base_url": "{url}/v1/"},
    "own-headers": {"api_key": "key-1", "default_headers": {"user-agent": "mine/1", "X-Trace": "t-1", "accept": "a/b"}},
    "unicode-body": {"api_key": "key-1", "session": "sessión-✓-会话"},
}


@pytest.mark.parametrize("name", CONFIGURATIONS)
def test_direct_route_sends_exactly_what_httpx_sends(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIMLI_API_KEY", raising=False)
    options = dict(CONFIGURATIONS[name])
    session = options.pop("session", ARGUMENTS["session_token"])

    async def call(simli: AsyncSimli) -> Any:
        return await simli.livekit.start_agents_session(**{**ARGUMENTS, "session_token": session})

    (direct, via_httpx), (first, second) = run(lambda: both_routes(options, call))
    assert direct == via_httpx
    assert session.encode() in direct
    assert isinstance(first, LiveKitAgentsSession)
    assert first == second


def test_generic_call_takes_the_direct_route_too() -> None:
    async def call(simli: AsyncSimli) -> Any:
        body = LiveKitInitializationRequest(session_token="s", livekit_token="a.b.c", livekit_url=LIVEKIT_URL)
        return await simli.call(operation, body=body)

    (direct, via_httpx), (first, second) = run(lambda: both_routes({"api_key": "k"}, call))
    assert direct == via_httpx
    assert first == second


def test_the_wire_comparison_bites(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sabotage: a direct route that lower-cases header names is caught by the same comparison."""
    from simli_api._transport import encode_head

    def lowered(method: str, target: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
        return encode_head(method, target, [(name.lower(), value) for name, value in headers])

    monkeypatch.setattr(simli_api._direct, "encode_head", lowered)
    (direct, via_httpx), _ = run(lambda: both_routes({"api_key": "k"}))
    assert direct != via_httpx
    assert direct.lower() == via_httpx.lower()


def test_a_body_encoded_unlike_httpx_falls_back_to_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    """The direct route checks its JSON encoding against httpx's and steps aside when they differ."""
    spaced = types.SimpleNamespace(dumps=lambda value, **options: json.dumps(value))  # ", " and ": " separators
    monkeypatch.setattr(simli_api._direct, "json", spaced)

    async def scenario() -> int:
        capture = Capture()
        async with (
            Server(capture.handler) as server,
            counting_sends() as sends,
            AsyncSimli(base_url=server.url, max_retries=0) as simli,
        ):
            await start(simli)
            await start(simli)
        assert capture.requests[0] == capture.requests[1]
        assert b'"session_token":"session-1"' in capture.requests[0]  # httpx's compact encoding
        return int(sends.call_count)

    assert run(scenario) == 2


def test_changed_pool_headers_reach_the_next_direct_call() -> None:
    """The encoded head is cached per shape; a header added to the pool later is not lost."""

    async def call(simli: AsyncSimli) -> Any:
        await start(simli)
        simli._http_client.headers["X-Late"] = "yes"
        return await start(simli)

    requests, _ = run(lambda: both_routes({"api_key": "k"}, call, calls=2))
    assert len(requests) == 4
    assert b"X-Late" not in requests[0]
    assert b"X-Late: yes\r\n" in requests[1]
    assert requests[0:2] == requests[2:4]


def _hook(kind: str) -> Callable[[httpx.AsyncClient], None]:
    async def response_hook(response: httpx.Response) -> None:
        return None

    hooks: dict[str, Callable[[httpx.AsyncClient], None]] = {
        "request-hook": lambda client: client.event_hooks["request"].append(_no_op_hook),
        "response-hook": lambda client: client.event_hooks["response"].append(response_hook),
        "auth": lambda client: setattr(client, "auth", ("user", "password")),
        "cookie": lambda client: client.cookies.set("sid", "1"),
        "params": lambda client: setattr(client, "params", {"trace": "1"}),
        "follow-redirects": lambda client: setattr(client, "follow_redirects", True),
    }
    return hooks[kind]


@pytest.mark.parametrize("kind", ["request-hook", "response-hook", "auth", "cookie", "params", "follow-redirects"])
def test_anything_set_on_the_pool_sends_through_httpx(kind: str) -> None:
    async def scenario() -> tuple[int, bytes]:
        capture = Capture()
        async with (
            Server(capture.handler) as server,
            counting_sends() as sends,
            AsyncSimli(base_url=server.url, max_retries=0) as simli,
        ):
            _hook(kind)(simli._http_client)
            session = await start(simli)
        assert str(session.session_id) == SESSION["session_id"]
        return int(sends.call_count), capture.requests[0]

    sends, request = run(scenario)
    assert sends == 1
    if kind == "auth":
        assert b"Authorization: Basic " in request
    if kind == "cookie":
        assert b"Cookie: sid=1" in request
    if kind == "params":
        assert b"?trace=1 HTTP/1.1" in request


def test_respx_mocks_still_intercept_facade_calls() -> None:
    """respx patches the client's transport lookup; the direct route sees that and steps aside."""

    async def scenario() -> tuple[Any, int]:
        capture = Capture()
        async with Server(capture.handler) as server:
            with respx.mock(base_url=server.url, using="httpx") as router:
                router.post(PATH).respond(200, json={"status": "mocked", "session_id": SESSION["session_id"]})
                async with AsyncSimli(base_url=server.url, max_retries=0) as simli:
                    session = await start(simli)
            return session, len(capture.requests)

    session, reached_server = run(scenario)
    assert session.status == "mocked"
    assert reached_server == 0


def test_a_callers_own_client_is_never_bypassed() -> None:
    async def scenario() -> int:
        capture = Capture()
        async with (
            Server(capture.handler) as server,
            counting_sends() as sends,
            httpx.AsyncClient() as mine,
            AsyncSimli(base_url=server.url, http_client=mine) as simli,
        ):
            await start(simli)
        return int(sends.call_count)

    assert run(scenario) == 1


def test_a_closed_client_fails_the_same_on_both_routes() -> None:
    async def failure(hooked: bool) -> str:
        simli = AsyncSimli(base_url="http://127.0.0.1:9", max_retries=0)
        if hooked:
            through_httpx(simli)
        await simli.close()
        with pytest.raises(RuntimeError) as raised:
            await start(simli)
        return str(raised.value)

    assert run(lambda: failure(False)) == run(lambda: failure(True))


def _compressed(coding: str) -> Callable[[int], bytes]:
    data = json.dumps(SESSION).encode()
    packed = gzip.compress(data) if coding == "gzip" else zlib.compress(data)

    def answer(index: int) -> bytes:
        return reply(200, packed, "Content-Type: application/json", f"Content-Encoding: {coding}")

    return answer


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_compressed_answers_are_decoded(coding: str) -> None:
    _, (first, second) = run(lambda: both_routes({}, answer=Capture(answer=_compressed(coding))))
    assert str(first.session_id) == SESSION["session_id"]
    assert first == second


def test_set_cookie_is_stored_and_sent_back_as_httpx_does() -> None:
    def answer(index: int) -> bytes:
        return reply(200, json.dumps(SESSION).encode(), "Content-Type: application/json", "Set-Cookie: sid=abc; Path=/")

    async def scenario() -> list[bytes]:
        capture = Capture(answer=answer)
        async with Server(capture.handler) as server:
            for hooked in (False, True):
                simli = AsyncSimli(base_url=server.url, max_retries=0)
                if hooked:
                    through_httpx(simli)
                async with simli:
                    await start(simli)
                    await start(simli)  # with a cookie in the pool: the httpx route on both
        return capture.requests

    direct_first, direct_second, httpx_first, httpx_second = run(scenario)
    assert b"Cookie" not in direct_first
    assert b"Cookie: sid=abc\r\n" in direct_second
    assert (direct_first, direct_second) == (httpx_first, httpx_second)


def test_chunked_answers_and_keep_alive_on_the_direct_route() -> None:
    body = json.dumps(SESSION).encode()

    def chunked(index: int) -> bytes:
        parts = b"".join(b"%x\r\n%b\r\n" % (len(body[i : i + 9]), body[i : i + 9]) for i in range(0, len(body), 9))
        return (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + parts
            + (b"0\r\n\r\n")
        )

    async def scenario() -> tuple[list[str], int, int]:
        capture = Capture(answer=chunked)
        async with (
            Server(capture.handler) as server,
            counting_sends() as sends,
            AsyncSimli(base_url=server.url, max_retries=0) as simli,
        ):
            sessions = [await start(simli) for _ in range(20)]
            sessions += await asyncio.gather(*(start(simli) for _ in range(20)))
        return [str(s.session_id) for s in sessions], server.connections, int(sends.call_count)

    ids, connections, sends = run(scenario)
    assert ids == [SESSION["session_id"]] * 40
    assert sends == 0
    assert connections <= 20  # one reused connection for the sequential calls, at most 20 for the burst


def test_httpx_log_line_is_the_same_on_both_routes(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    run(lambda: both_routes({"api_key": "k"}))
    lines = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert len(lines) == 2
    assert lines[0] == lines[1]
    assert lines[0].startswith("HTTP Request: POST http://127.0.0.1:")
    assert lines[0].endswith('"HTTP/1.1 200 X"')
