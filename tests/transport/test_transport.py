"""simli_api._transport.AsyncTransport against real servers on 127.0.0.1.

Each test starts a raw asyncio server that answers with scripted bytes, so framing
(Content-Length, chunked, read-until-close), connection reuse and failures are exact.
"""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

import httpx
import pytest

from simli_api import AsyncSimli, Simli, SimliConnectionError
from simli_api._transport import AsyncTransport, build_client

from .servers import PATH, SESSION, Server, closed_port, keep_alive, read_request, reply, run


def test_success_and_connection_reuse() -> None:
    async def scenario() -> None:
        async with Server(keep_alive) as server, httpx.AsyncClient(transport=AsyncTransport()) as client:
            for _ in range(3):
                response = await client.post(server.url + PATH, json={"a": 1})
                assert response.status_code == 200
                assert response.json()["session_id"] == SESSION["session_id"]
                assert response.json()["received"] == len(b'{"a":1}')
                assert response.http_version == "HTTP/1.1"
            assert server.connections == 1

    run(scenario)


def test_chunked_response_body_is_reassembled() -> None:
    body = json.dumps(SESSION).encode()

    async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await read_request(reader)
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for start in range(0, len(body), 7):
                part = body[start : start + 7]
                writer.write(b"%x;ext=1\r\n%b\r\n" % (len(part), part))
                await writer.drain()
                await asyncio.sleep(0)
            writer.write(b"0\r\nX-Trailer: yes\r\n\r\n")

    async def scenario() -> None:
        async with Server(chunked) as server, httpx.AsyncClient(transport=AsyncTransport()) as client:
            first = await client.get(server.url)
            second = await client.get(server.url)
            assert first.content == body == second.content
            assert server.connections == 1

    run(scenario)


def test_streamed_response_arrives_in_parts() -> None:
    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc")
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(b"def")
        await writer.drain()
        await reader.read()

    async def scenario() -> None:
        async with Server(slow) as server, httpx.AsyncClient(transport=AsyncTransport()) as client:
            async with client.stream("GET", server.url) as response:
                parts = [part async for part in response.aiter_raw()]
            assert b"".join(parts) == b"abcdef"
            assert len(parts) == 2

    run(scenario)


def test_request_body_streamed_as_chunks() -> None:
    async def parts() -> Any:
        for part in (b"hello ", b"", b"world"):
            yield part

    async def scenario() -> None:
        async with Server(keep_alive) as server, httpx.AsyncClient(transport=AsyncTransport()) as client:
            response = await client.post(server.url, content=parts())
            assert response.json()["received"] == len(b"hello world")

    run(scenario)


def test_connection_close_is_not_reused() -> None:
    async def closing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(reply(200, b"{}", "Connection: close"))
        await writer.drain()

    async def scenario() -> None:
        transport = AsyncTransport()
        async with Server(closing) as server, httpx.AsyncClient(transport=transport) as client:
            for _ in range(3):
                assert (await client.get(server.url)).content == b"{}"
            assert server.connections == 3
            assert transport.open_connections == 0

    run(scenario)


def test_body_until_close_without_length() -> None:
    async def until_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\n\r\nall of it")
        await writer.drain()

    async def scenario() -> None:
        async with Server(until_close) as server, httpx.AsyncClient(transport=AsyncTransport()) as client:
            assert (await client.get(server.url)).content == b"all of it"
            assert (await client.get(server.url)).content == b"all of it"
            assert server.connections == 2

    run(scenario)


def test_informational_response_is_skipped_and_head_has_no_body() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n" + reply(200, b"real"))
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n")  # HEAD: length, no body
        await read_request(reader)
        writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
        await reader.read()

    async def scenario() -> None:
        async with Server(handler) as server, httpx.AsyncClient(transport=AsyncTransport()) as client:
            assert (await client.get(server.url)).content == b"real"
            head = await client.head(server.url)
            assert head.status_code == 200
            assert head.content == b""
            assert (await client.delete(server.url)).status_code == 204
            assert server.connections == 1

    run(scenario)


def test_connect_refused_is_connect_error() -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(transport=AsyncTransport()) as client:
            with pytest.raises(httpx.ConnectError):
                await client.get(f"http://127.0.0.1:{closed_port()}/")

    run(scenario)


def test_read_timeout_is_read_timeout() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await reader.read()

    async def scenario() -> None:
        transport = AsyncTransport()
        async with Server(silent) as server, httpx.AsyncClient(transport=transport) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.get(server.url, timeout=httpx.Timeout(5.0, read=0.05))
            assert transport.open_connections == 0

    run(scenario)


def test_read_timeout_between_body_parts() -> None:
    async def stalls(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        await writer.drain()
        await reader.read()

    async def scenario() -> None:
        async with Server(stalls) as server, httpx.AsyncClient(transport=AsyncTransport()) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.get(server.url, timeout=httpx.Timeout(5.0, read=0.05))

    run(scenario)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part", id="mid-body"),
        pytest.param(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", id="mid-chunk"),
        pytest.param(b"", id="no-response"),
        pytest.param(b"HTTP/1.1 200 OK\r\nContent-Le", id="mid-head"),
        pytest.param(b"SPDY/9 200 OK\r\n\r\n", id="not-http"),
        pytest.param(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", id="bad-length"),
        pytest.param(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", id="bad-chunk-size"),
    ],
)
def test_broken_answers_are_remote_protocol_errors(answer: bytes) -> None:
    async def breaks(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(answer)
        await writer.drain()

    async def scenario() -> None:
        transport = AsyncTransport()
        async with Server(breaks) as server, httpx.AsyncClient(transport=transport) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get(server.url)
            assert transport.open_connections == 0

    run(scenario)


def test_reset_connection_is_read_error() -> None:
    async def resets(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        writer.transport.abort()

    async def scenario() -> None:
        async with Server(resets) as server, httpx.AsyncClient(transport=AsyncTransport()) as client:
            with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
                await client.get(server.url)

    run(scenario)


def test_pool_limit_waits_then_times_out() -> None:
    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await read_request(reader)
            await asyncio.sleep(0.2)
            writer.write(reply(200, b"ok"))
            await writer.drain()

    async def scenario() -> None:
        transport = AsyncTransport(limits=httpx.Limits(max_connections=1))
        async with Server(slow) as server, httpx.AsyncClient(transport=transport) as client:
            first = asyncio.ensure_future(client.get(server.url))
            await asyncio.sleep(0.05)
            with pytest.raises(httpx.PoolTimeout):
                await client.get(server.url, timeout=httpx.Timeout(5.0, pool=0.01))
            assert (await first).content == b"ok"
            both = await asyncio.gather(client.get(server.url), client.get(server.url))
            assert [r.content for r in both] == [b"ok", b"ok"]
            assert server.connections == 1

    run(scenario)


def test_unsupported_scheme_and_header_injection_are_refused() -> None:
    async def scenario() -> None:
        transport = AsyncTransport()
        with pytest.raises(httpx.UnsupportedProtocol):
            await transport.handle_async_request(httpx.Request("GET", "ftp://127.0.0.1/"))
        request = httpx.Request("GET", f"http://127.0.0.1:{closed_port()}/", headers={"X-A": "b\r\nX-Evil: 1"})
        transport._connect = _refuse  # type: ignore[method-assign,assignment]
        with pytest.raises(httpx.LocalProtocolError):
            await transport.handle_async_request(request)
        await transport.aclose()

    async def _refuse(*args: object) -> Any:
        from simli_api._transport import _Connection

        return _Connection((b"http", b"127.0.0.1", 1))

    run(scenario)


def test_aclose_leaves_no_open_connections_or_tasks() -> None:
    async def scenario() -> None:
        transport = AsyncTransport()
        async with Server(keep_alive) as server:
            client = httpx.AsyncClient(transport=transport)
            await asyncio.gather(*(client.post(server.url, json={}) for _ in range(20)))
            assert transport.open_connections > 1
            await client.aclose()
            assert transport.open_connections == 0
            # The transport runs no task of its own; the server's per-connection handlers end
            # because every socket was closed (each sees end of stream).
            others = asyncio.all_tasks() - {asyncio.current_task()}
            assert all("on_connection" in repr(task.get_coro()) for task in others)
            await asyncio.wait(others, timeout=10)
            assert all(task.done() for task in others)
            with pytest.raises(RuntimeError):
                await transport.handle_async_request(httpx.Request("GET", server.url))

    run(scenario)


def test_cancelled_request_discards_its_connection() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async def scenario() -> None:
        transport = AsyncTransport()
        async with Server(silent) as server, httpx.AsyncClient(transport=transport) as client:
            task = asyncio.ensure_future(client.get(server.url))
            await asyncio.sleep(0.05)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert transport.open_connections == 0

    run(scenario)


# --------------------------------------------------------------------------- the facade's choice


def test_async_facade_uses_the_transport_by_default_and_a_callers_client_as_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)

    async def scenario() -> None:
        async with Server(keep_alive) as server:
            async with AsyncSimli(base_url=server.url, max_retries=0) as simli:
                assert isinstance(simli._http_client, httpx.AsyncClient)
                assert isinstance(simli._http_client._transport, AsyncTransport)
                session = await simli.livekit.start_agents_session(
                    session_token="s", livekit_token="a.b.c", livekit_url="wss://example.livekit.cloud"
                )
                assert str(session.session_id) == SESSION["session_id"]
            mine = httpx.AsyncClient()
            async with AsyncSimli(base_url=server.url, http_client=mine) as simli:
                assert simli._http_client is mine
                assert not isinstance(mine._transport, AsyncTransport)
            assert not mine.is_closed
            await mine.aclose()

    run(scenario)


def test_proxy_environment_keeps_httpx_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    client = build_client(httpx.AsyncClient, {})
    assert not isinstance(client._transport, AsyncTransport)
    sync_client = build_client(httpx.Client, {})
    assert isinstance(sync_client, httpx.Client)
    sync_client.close()


def test_cookies_are_still_stored_and_sent() -> None:
    async def cookies(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(reply(200, b"{}", "Set-Cookie: sid=abc; Path=/"))
        _, headers, _ = await read_request(reader)
        writer.write(reply(200, headers.get(b"cookie", b"none")))
        await reader.read()

    async def scenario() -> None:
        async with Server(cookies) as server:
            client = build_client(httpx.AsyncClient, {})
            await client.get(server.url + "/")
            assert client.cookies.get("sid") == "abc"
            assert (await client.get(server.url + "/")).content == b"sid=abc"
            await client.aclose()

    run(scenario)


def test_sync_and_async_facades_raise_the_same_errors() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    arguments = {"session_token": "s", "livekit_token": "a.b.c", "livekit_url": "wss://example.livekit.cloud"}
    with Simli(base_url=url, max_retries=0) as simli, pytest.raises(SimliConnectionError) as sync_error:
        simli.livekit.start_agents_session(**arguments)

    async def scenario() -> BaseException:
        async with AsyncSimli(base_url=url, max_retries=0) as simli:
            with pytest.raises(SimliConnectionError) as async_error:
                await simli.livekit.start_agents_session(**arguments)
            return async_error.value

    async_error = run(scenario)
    assert type(async_error) is type(sync_error.value)
    assert str(async_error).split(":")[0] == str(sync_error.value).split(":")[0] == "ConnectError"
