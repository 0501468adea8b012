"""The aiohttp route's lean parts: an Answer reads as the httpx.Response it stands for, and settling happens
when the event loop may not have read its sockets (not on every call)."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest

from simli_api import _aiohttp
from simli_api._constants import SETTLED_SECONDS
from simli_api._responses import Answer, as_response
from tests.support.asyncio_servers import Server, keep_alive, run

from .test_routes import facade, start

BODIES = [
    b'{"a": 1}',
    b"[1, 2]",
    '{"é": "ü"}'.encode(),
    '{"a": "\ud800"}'.encode("utf-8", "surrogatepass"),  # a lone surrogate, as json.loads takes it
    '{"a": 1}'.encode("utf-16-le"),  # "{" then NUL: json.loads detects UTF-16
    b'\xef\xbb\xbf{"a": 1}',  # a UTF-8 BOM
    b"{",
    b"",
    b"\xff{}",
    b'{"a": 1} \t\r\n',  # JSON whitespace after the document
    b'{"a": 1} x',  # anything else after it
    b"[1]{}",
    b'{"a": 1}\x0b',  # a vertical tab is not JSON whitespace
    b'{"a": }',
]


def _outcome(read: Any) -> tuple[str, Any]:
    try:
        return "value", read()
    except Exception as exc:  # the failure as the caller sees it is what is compared
        return "error", f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("body", BODIES)
def test_an_answer_decodes_json_as_httpx_does(body: bytes) -> None:
    answer = Answer(200, {"Content-Type": "application/json"}, body, lambda: httpx.Response(200, content=body))
    assert _outcome(answer.json) == _outcome(lambda: json.loads(body)) == _outcome(answer.response.json)


def test_an_answer_builds_its_httpx_response_once() -> None:
    built: list[httpx.Response] = []

    def build() -> httpx.Response:
        built.append(httpx.Response(201, content=b"hi", headers={"Content-Type": "text/plain"}))
        return built[-1]

    answer = Answer(201, {"Content-Type": "text/plain"}, b"hi", build)
    assert built == []  # nothing built for a 2xx nobody asks about
    assert answer.is_success
    assert answer.text == "hi"
    assert as_response(answer) is answer.response is built[0]
    assert len(built) == 1


def test_the_aiohttp_route_settles_after_a_stall_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first call settles; calls that follow while the loop keeps reading its sockets do not (probes keep
    that known); a call after blocking work settles again, as does each of a burst that starts then."""
    settled: list[float] = []
    real = _aiohttp._settle

    async def counted() -> None:
        settled.append(time.monotonic())
        await real()

    monkeypatch.setattr(_aiohttp, "_settle", counted)
    # A wider window than the default, so a loaded machine (tests run two to a core) pausing this process for a
    # few tens of milliseconds between calls is not taken for the blocking work this test does on purpose.
    window = max(SETTLED_SECONDS, 0.5)
    monkeypatch.setattr(_aiohttp, "SETTLED_SECONDS", window)

    async def scenario() -> list[int]:
        counts = []
        async with Server(keep_alive) as server, facade("aiohttp", server.url, monkeypatch) as simli:
            await start(simli)
            counts.append(len(settled))
            for _ in range(30):
                await start(simli)
            counts.append(len(settled))
            time.sleep(window * 2)  # blocking work: the loop reads nothing meanwhile
            await asyncio.gather(*(start(simli) for _ in range(3)))
            counts.append(len(settled))
        return counts

    assert run(scenario) == [1, 1, 4]
