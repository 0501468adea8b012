"""The async facade's routes against raw servers on 127.0.0.1: which route a client takes, and that each gives
the same outcomes (bytes on the wire, results, errors, log lines) as httpx.

Routes: ``httpx`` (a facade-owned pool without ``simli-api[aiohttp]``: httpx's own transport; forced here by
taking the aiohttp route away), ``aiohttp`` (a facade-owned pool with the extra) and ``own`` (a caller's
``httpx.AsyncClient``, used as is).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import shutil
import ssl
import subprocess
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
import respx

from simli_api import AsyncSimli, LiveKitAgentsSession, Simli, SimliConnectionError, SimliResponseError, _client
from simli_api._aiohttp import AiohttpRoute
from simli_api_client.api.default import init_integrations_livekit_agents_post as operation
from simli_api_client.models import LiveKitInitializationRequest
from tests.support.asyncio_servers import (
    PATH,
    SESSION,
    Server,
    closed_port,
    keep_alive,
    read_raw_request,
    read_request,
    reply,
    run,
)

ROUTES = ("httpx", "aiohttp", "own")
LIVEKIT_URL = "wss://example.livekit.cloud"
ARGUMENTS: dict[str, Any] = {"session_token": "session-1", "livekit_token": "a.b.c", "livekit_url": LIVEKIT_URL}


def own_client() -> httpx.AsyncClient:
    """The caller's pool of the ``own`` route (a seam for the tamper checks)."""
    return httpx.AsyncClient()


@asynccontextmanager
async def facade(
    route: str, base_url: str, monkeypatch: pytest.MonkeyPatch, **options: Any
) -> AsyncIterator[AsyncSimli]:
    """An ``AsyncSimli`` on ``route`` (no retries unless ``options`` say so); checks the route was the one taken."""
    if route == "httpx":
        monkeypatch.setattr(_client, "_aiohttp_route", lambda: None)
    mine = own_client() if route == "own" else None
    options = {"max_retries": 0, **options}
    async with AsyncSimli(base_url=base_url, http_client=mine, **options) as simli:
        assert isinstance(simli._route, AiohttpRoute) is (route == "aiohttp")
        yield simli
    if mine is not None:
        assert not mine.is_closed  # the caller's pool is the caller's to close
        await mine.aclose()


async def start(simli: AsyncSimli) -> Any:
    return await simli.livekit.start_agents_session(**ARGUMENTS)


@asynccontextmanager
async def counting_sends() -> AsyncIterator[mock.MagicMock]:
    """Count httpx.AsyncClient.send calls (the httpx routes make one per attempt, the aiohttp route none)."""
    send = httpx.AsyncClient.send
    with mock.patch.object(httpx.AsyncClient, "send", autospec=True, side_effect=send) as counted:
        yield counted


@dataclass
class Capture:
    """Raw request bytes (head and body) as they arrived, one entry per request; ``answer`` says what to send."""

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


async def on_each_route(
    monkeypatch: pytest.MonkeyPatch, call: Callable[[AsyncSimli], Any], capture: Capture | None = None, **options: Any
) -> tuple[list[bytes], list[Any]]:
    """(raw requests, outcomes) of ``call`` on each route in turn, against one capturing server."""
    capture = capture or Capture()
    outcomes: list[Any] = []
    async with Server(capture.handler) as server:
        for route in ROUTES:
            with monkeypatch.context() as patch:
                base_url = options.get("base_url", server.url).format(url=server.url)
                rest = {key: value for key, value in options.items() if key != "base_url"}
                async with counting_sends() as sends, facade(route, base_url, patch, **rest) as simli:
                    try:
                        outcomes.append(await call(simli))
                    except SimliConnectionError as exc:
                        outcomes.append(f"{type(exc).__name__}: {str(exc).split(':')[0]}")
                assert (sends.call_count == 0) is (route == "aiohttp"), route
    return capture.requests, outcomes


def _same_requests(requests: list[bytes]) -> None:
    """httpx's bytes on the wire on both facade-owned routes; the same lines (in httpx's order for a caller's pool)."""
    assert requests[0] == requests[1], requests

    def lines(raw: bytes) -> list[bytes]:
        return sorted(raw.lower().split(b"\r\n"))

    assert lines(requests[2]) == lines(requests[0]), requests


CONFIGURATIONS: dict[str, dict[str, Any]] = {
    "defaults": {"api_key": "key-1"},
    "no-api-key": {},
    "base-path": {"api_key": "key-1", "base_url": "{url}/v1/"},
    "own-headers": {"api_key": "key-1", "default_headers": {"user-agent": "mine/1", "X-Trace": "t-1", "accept": "a/b"}},
}


@pytest.mark.parametrize("name", CONFIGURATIONS)
def test_every_route_sends_what_httpx_sends(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIMLI_API_KEY", raising=False)
    requests, outcomes = run(lambda: on_each_route(monkeypatch, start, **CONFIGURATIONS[name]))
    _same_requests(requests)
    assert b"POST /" in requests[0]
    assert all(isinstance(outcome, LiveKitAgentsSession) for outcome in outcomes)
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_the_generic_call_takes_the_same_routes(monkeypatch: pytest.MonkeyPatch) -> None:
    async def call(simli: AsyncSimli) -> Any:
        body = LiveKitInitializationRequest(session_token="s", livekit_token="a.b.c", livekit_url=LIVEKIT_URL)
        return await simli.call(operation, body=body)

    requests, outcomes = run(lambda: on_each_route(monkeypatch, call, api_key="k"))
    _same_requests(requests)
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_credentials_in_the_base_url_are_sent_on_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    capture = Capture()

    async def scenario() -> None:
        async with Server(capture.handler) as server:
            with_credentials = server.url.replace("http://", "http://user:pa%20ss@")
            for route in ROUTES:
                with monkeypatch.context() as patch:
                    async with facade(route, with_credentials, patch) as simli:
                        await start(simli)

    run(scenario)
    assert len(capture.requests) == 3
    for raw in capture.requests:
        assert b"\r\nAuthorization: Basic dXNlcjpwYSBzcw==\r\n" in raw.replace(b"authorization", b"Authorization")


def _compressed(coding: str) -> Callable[[int], bytes]:
    data = json.dumps(SESSION).encode()
    body = gzip.compress(data) if coding == "gzip" else zlib.compress(data)
    return lambda index: reply(200, body, "Content-Type: application/json", f"Content-Encoding: {coding}")


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_compressed_answers_are_decoded_once(coding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _, outcomes = run(lambda: on_each_route(monkeypatch, start, Capture(answer=_compressed(coding))))
    assert all(str(outcome.session_id) == SESSION["session_id"] for outcome in outcomes)


def test_a_small_gzip_body_inflating_past_the_cap_stops_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """64 MiB of JSON-ish zeros in 64 KiB of gzip: every route stops reading at the 8 MiB cap (decoded)."""
    bomb = gzip.compress(b"[" + b"0," * (32 * 1024 * 1024) + b"0]", compresslevel=9)
    answer = Capture(answer=lambda index: reply(200, bomb, "Content-Type: application/json", "Content-Encoding: gzip"))

    async def call(simli: AsyncSimli) -> str:
        with pytest.raises(SimliResponseError, match="larger than 8388608 bytes") as caught:
            await start(simli)
        return str(caught.value).split(";")[0]

    _, outcomes = run(lambda: on_each_route(monkeypatch, call, answer))
    assert len(set(outcomes)) == 1


def test_set_cookie_is_stored_and_sent_back_on_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    def answer(index: int) -> bytes:
        return reply(200, json.dumps(SESSION).encode(), "Content-Type: application/json", "Set-Cookie: sid=abc; Path=/")

    async def twice(simli: AsyncSimli) -> Any:
        await start(simli)
        return await start(simli)

    requests, _ = run(lambda: on_each_route(monkeypatch, twice, Capture(answer=answer)))
    assert [b"Cookie: sid=abc" in raw or b"cookie: sid=abc" in raw for raw in requests] == [False, True] * 3


def test_errors_are_the_same_on_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    """A connection dropped before any answer: the same facade error everywhere, and a POST is not resent."""

    def dropped(index: int) -> bytes:
        raise ConnectionResetError

    requests, outcomes = run(lambda: on_each_route(monkeypatch, start, Capture(answer=dropped), max_retries=2))
    assert len(requests) == 3
    assert outcomes == ["SimliConnectionError: RemoteProtocolError"] * 3


@pytest.mark.parametrize(
    ("what", "answer"),
    [
        ("LF-only head", b"HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: %d\n\n%b"),
        (
            "obs-fold header",
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Folded: a\r\n b\r\nContent-Length: %d\r\n\r\n%b",
        ),
        (
            "64 KiB head",
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + b"".join(b"X-Filler-%d: %b\r\n" % (n, b"f" * 4000) for n in range(16))
            + b"Content-Length: %d\r\n\r\n%b",
        ),
    ],
)
def test_unusual_but_valid_heads_are_read_on_every_route(
    what: str, answer: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = json.dumps(SESSION).encode()
    _, outcomes = run(
        lambda: on_each_route(monkeypatch, start, Capture(answer=lambda index: answer % (len(body), body)))
    )
    assert [str(outcome.session_id) for outcome in outcomes] == [SESSION["session_id"]] * 3, what


# --------------------------------------------------------------------------- which route


class Hooked:
    """What a caller may set on the facade's own pool, each of which keeps the httpx route."""

    @staticmethod
    def hook(client: httpx.AsyncClient) -> None:
        async def no_op(request: httpx.Request) -> None:
            pass

        client.event_hooks["request"].append(no_op)

    @staticmethod
    def auth(client: httpx.AsyncClient) -> None:
        client.auth = ("user", "secret")

    @staticmethod
    def redirects(client: httpx.AsyncClient) -> None:
        client.follow_redirects = True


@pytest.mark.parametrize("kind", ["hook", "auth", "redirects"])
def test_anything_only_httpx_send_applies_keeps_the_httpx_route(kind: str) -> None:
    async def scenario() -> int:
        capture = Capture()
        async with Server(capture.handler) as server, AsyncSimli(base_url=server.url, max_retries=0) as simli:
            getattr(Hooked, kind)(simli._http_client)
            async with counting_sends() as sends:
                await start(simli)
            return int(sends.call_count)

    assert run(scenario) == 1


def test_respx_mocks_still_intercept_facade_calls() -> None:
    """respx patches httpx's send path; while a router is active the aiohttp route steps aside."""

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


def test_a_closed_client_fails_the_same_on_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    async def failure(route: str) -> str:
        with monkeypatch.context() as patch:
            if route == "httpx":
                patch.setattr(_client, "_aiohttp_route", lambda: None)
            simli = AsyncSimli(base_url="http://127.0.0.1:9", max_retries=0)
            await simli.close()
            with pytest.raises(RuntimeError) as caught:
                await start(simli)
            return str(caught.value)

    async def scenario() -> set[str]:
        return {await failure(route) for route in ("httpx", "aiohttp")}

    assert len(run(scenario)) == 1


def test_the_httpx_log_line_is_the_same_on_every_route(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    run(lambda: on_each_route(monkeypatch, start, api_key="k"))
    lines = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert len(lines) == 3
    assert len(set(lines)) == 1
    assert lines[0].startswith("HTTP Request: POST http://127.0.0.1:")
    assert lines[0].endswith('"HTTP/1.1 200 X"')


def test_the_aiohttp_route_keeps_connections_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> tuple[int, int]:
        async with Server(keep_alive) as server, facade("aiohttp", server.url, monkeypatch) as simli:
            for _ in range(20):
                await start(simli)
            await asyncio.gather(*(start(simli) for _ in range(20)))
            return server.connections, 40

    connections, _ = run(scenario)
    assert connections <= 20  # one reused connection for the sequential calls, at most 20 for the burst


def test_proxy_environment_is_honoured_on_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTP_PROXY names a proxy (our server): every route sends the absolute URL to it."""

    async def scenario() -> list[bytes]:
        capture = Capture()
        async with Server(capture.handler) as proxy:
            monkeypatch.setenv("HTTP_PROXY", proxy.url)
            monkeypatch.delenv("NO_PROXY", raising=False)
            monkeypatch.delenv("no_proxy", raising=False)
            for route in ROUTES:
                with monkeypatch.context() as patch:
                    async with facade(route, "http://api.simli.test", patch) as simli:
                        await start(simli)
        return [raw.split(b"\r\n")[0] for raw in capture.requests]

    lines = run(scenario)
    # A caller's own client reads the environment itself (httpx's trust_env default), like the facade's pools.
    assert lines == [b"POST http://api.simli.test/integrations/livekit/agents HTTP/1.1"] * 3


def test_sync_and_async_facades_raise_the_same_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with Simli(base_url=url, max_retries=0) as simli, pytest.raises(SimliConnectionError) as sync_error:
        simli.livekit.start_agents_session(**ARGUMENTS)

    async def scenario() -> list[BaseException]:
        errors: list[BaseException] = []
        for route in ROUTES:
            with monkeypatch.context() as patch:
                async with facade(route, url, patch) as simli:
                    with pytest.raises(SimliConnectionError) as async_error:
                        await start(simli)
                    errors.append(async_error.value)
        return errors

    for error in run(scenario):
        assert type(error) is type(sync_error.value)
        assert str(error).split(":")[0] == str(sync_error.value).split(":")[0] == "ConnectError"


def test_a_read_timeout_is_the_same_on_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(5)

    async def scenario() -> list[str]:
        outcomes = []
        async with Server(silent) as server:
            for route in ROUTES:
                with monkeypatch.context() as patch:
                    async with facade(route, server.url, patch, timeout=0.3) as simli:
                        with pytest.raises(SimliConnectionError) as caught:
                            await start(simli)
                        outcomes.append(f"{type(caught.value).__name__} {str(caught.value).split(':')[0]}")
        return outcomes

    assert run(scenario) == ["SimliTimeoutError ReadTimeout"] * 3


def _private_ca(folder: Path) -> tuple[Path, ssl.SSLContext]:
    """(CA certificate file, server TLS context with a certificate for 127.0.0.1 the CA signed), made by openssl."""
    binary = shutil.which("openssl")
    if binary is None:
        pytest.skip("openssl is needed to make a private CA")

    def openssl(*args: str) -> None:
        subprocess.run([binary, *args], cwd=folder, check=True, capture_output=True)

    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=simli-api test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"
    )
    (folder / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nauthorityKeyIdentifier=keyid,issuer\n"
        "extendedKeyUsage=serverAuth\n"
    )
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "server.pem", folder / "server.key")
    return folder / "ca.pem", context


def test_tls_with_a_private_ca_from_ssl_cert_file_on_every_route(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """SSL_CERT_FILE names the CA: every route verifies the server against it; without it, every route refuses."""
    ca_file, server_context = _private_ca(tmp_path)

    async def scenario(trusted: bool) -> list[str]:
        outcomes = []
        server = await asyncio.start_server(Capture().handler, "127.0.0.1", 0, ssl=server_context)
        url = f"https://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        async with server:
            for route in ROUTES:
                with monkeypatch.context() as patch:
                    if trusted:
                        patch.setenv("SSL_CERT_FILE", str(ca_file))
                    else:
                        patch.delenv("SSL_CERT_FILE", raising=False)
                    async with facade(route, url, patch) as simli:
                        try:
                            outcomes.append(str((await start(simli)).session_id))
                        except SimliConnectionError as exc:
                            outcomes.append(str(exc).split(":")[0])
        return outcomes

    assert run(lambda: scenario(trusted=True)) == [SESSION["session_id"]] * 3
    assert run(lambda: scenario(trusted=False)) == ["ConnectError"] * 3


def test_a_changed_pool_header_reaches_the_next_call_on_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    """The aiohttp route reuses a request's shape per header set: a header changed on the pool makes a new one."""

    async def twice(simli: AsyncSimli) -> Any:
        await start(simli)
        simli._http_client.headers["X-Changed"] = "yes"
        return await start(simli)

    requests, _ = run(lambda: on_each_route(monkeypatch, twice))
    assert [b"X-Changed: yes" in raw for raw in requests] == [False, True, False, True, False, True]


POOL_CHANGES: dict[str, tuple[Callable[[httpx.AsyncClient], Any], bytes]] = {
    "header updated": (lambda pool: pool.headers.update({"X-Changed": "yes"}), b"X-Changed: yes"),
    "header removed": (lambda pool: pool.headers.pop("Accept"), b"Accept: */*"),
    "cookie set": (lambda pool: pool.cookies.set("sid", "abc"), b"Cookie: sid=abc"),
}


@pytest.mark.parametrize("change", POOL_CHANGES)
def test_every_change_to_the_pool_reaches_the_next_call_on_every_route(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The aiohttp route's reused shapes follow the pool's headers and cookies however they change."""
    apply, line = POOL_CHANGES[change]

    async def twice(simli: AsyncSimli) -> Any:
        await start(simli)
        apply(simli._http_client)
        return await start(simli)

    requests, _ = run(lambda: on_each_route(monkeypatch, twice))
    shown = [line.lower() in raw.lower() for raw in requests]
    assert shown == ([True, False] if change == "header removed" else [False, True]) * 3, change


def test_a_json_encoding_unlike_httpx_falls_back_to_httpx_building_each_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A JSON encoding unlike httpx's sends the route back to httpx's build_request: the wire stays httpx's."""
    from simli_api import _aiohttp

    monkeypatch.setattr(_aiohttp, "encode_json", lambda payload: json.dumps(payload).encode())  # spaces: unlike httpx
    requests, outcomes = run(lambda: on_each_route(monkeypatch, start, api_key="k"))
    _same_requests(requests)
    assert b'{"session_token":"session-1",' in requests[1]
    assert outcomes[0] == outcomes[1]


def test_a_changed_client_timeout_reaches_the_next_call_on_every_route(monkeypatch: pytest.MonkeyPatch) -> None:
    async def slow_second(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for delay in (0.0, 2.0):
            await read_request(reader)
            await asyncio.sleep(delay)
            writer.write(reply(200, json.dumps(SESSION).encode(), "Content-Type: application/json"))
            await writer.drain()

    async def scenario() -> list[str]:
        outcomes = []
        async with Server(slow_second) as server:
            for route in ROUTES:
                with monkeypatch.context() as patch:
                    async with facade(route, server.url, patch, timeout=5.0) as simli:
                        await start(simli)
                        simli.timeout = httpx.Timeout(0.3)
                        with pytest.raises(SimliConnectionError) as caught:
                            await start(simli)
                        outcomes.append(str(caught.value).split(":")[0])
        return outcomes

    assert run(scenario) == ["ReadTimeout"] * 3
