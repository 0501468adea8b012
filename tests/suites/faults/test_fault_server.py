"""Self-test of the fault server: each behaviour does what the matrix relies on, and stops by itself."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from tests.support.fault_server import (
    MAX_STALL,
    FaultServer,
    close_without_answer,
    endless_chunked,
    refused_port,
    reset_mid_body,
    respond,
    stall_before_headers,
    stall_mid_body,
)

REQUEST = b"POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}"


def raw_exchange(server: FaultServer, read_for: float = 5.0) -> bytes:
    """Send one request on a raw socket and read until the server closes (or ``read_for`` passes)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=read_for) as sock:
        sock.sendall(REQUEST)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def test_script_runs_in_order_and_the_last_behaviour_repeats() -> None:
    with FaultServer([respond(503, "first"), respond(200, "then")]) as server, httpx.Client() as client:
        answers = [client.post(f"{server.base_url}/x") for _ in range(3)]
    assert [(a.status_code, a.text) for a in answers] == [(503, "first"), (200, "then"), (200, "then")]
    assert server.requests == 3
    assert server.accepted == 1  # keep-alive: one connection served all three
    assert [request.path for request in server.seen] == ["/x", "/x", "/x"]


def test_refused_port_has_nothing_listening() -> None:
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", refused_port()), timeout=2).close()


def test_close_without_answer_sends_nothing() -> None:
    with FaultServer([close_without_answer()]) as server:
        assert raw_exchange(server) == b""
    assert server.requests == 1


def test_reset_mid_body_resets_after_a_partial_body() -> None:
    server = FaultServer([reset_mid_body(declared=10_000, sent=100)])
    with server, socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(REQUEST)
        time.sleep(0.3)  # the headers, 100 of 10,000 body bytes, then the RST have all arrived
        with pytest.raises(ConnectionResetError):  # noqa: PT012 - the reset surfaces on some recv
            while sock.recv(65536):
                pass
    assert server.requests == 1


def test_stall_mid_body_sends_headers_then_stops_at_the_limit() -> None:
    with FaultServer([stall_mid_body(0.3)]) as server:
        received = raw_exchange(server)
    assert received.startswith(b"HTTP/1.1 200 OK")
    assert received.endswith(b'{"status": ')  # the rest of the promised 1000 bytes never came


def test_stop_cuts_a_stall_short_and_joins_everything() -> None:
    server = FaultServer([stall_before_headers(MAX_STALL)]).start()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=MAX_STALL)
    try:
        sock.sendall(REQUEST)
        deadline = time.monotonic() + 5
        while server.requests == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        server.stop()  # raises if any of its threads is still alive
        assert time.monotonic() - started < MAX_STALL / 2
        assert sock.recv(1) == b""  # the server's side is closed
    finally:
        sock.close()


def test_open_connections_follow_the_client() -> None:
    with FaultServer([stall_before_headers(MAX_STALL)]) as server:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(REQUEST)
        deadline = time.monotonic() + 5
        while server.open_connections == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.open_connections == 1
        sock.close()  # the client gives up while the server is still stalling
        assert server.wait_closed(within=5) == 0


def test_endless_chunked_never_terminates_and_gives_up_by_itself() -> None:
    with FaultServer([endless_chunked(chunk=1024, interval=0.01, limit=0.5)]) as server:
        received = raw_exchange(server, read_for=10)
    assert received.startswith(b"HTTP/1.1 200 OK")
    assert b"Transfer-Encoding: chunked" in received
    assert len(received) > 10 * 1024  # it kept sending...
    assert not received.endswith(b"0\r\n\r\n")  # ...and never sent the last chunk
