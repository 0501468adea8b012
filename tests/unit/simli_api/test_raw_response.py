"""``with_raw_response`` (status, headers, the httpx response, ``parse()``) and the response an error carries."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from simli_api import AsyncSimli, CreatedFace, Simli, SimliAPIError, SimliNotFoundError, SimliValidationError
from tests.support.facade_harness import KINDS, Reply, scripted_server

KEY = "sk-raw-test-0123456789abcdef0123"
USAGE = Reply(200, b'{"current_usage": 3}', {"Content-Type": "application/json", "X-Request-Id": "req-1"})


def _run(kind: str, url: str, action: str, *args: Any, **kwargs: Any) -> Any:
    """``simli.with_raw_response.<action>(*args, **kwargs)`` on a client of ``kind``."""
    area, method = action.split(".")
    if kind == "sync":
        with Simli(api_key=KEY, base_url=url, max_retries=0) as simli:
            return getattr(getattr(simli.with_raw_response, area), method)(*args, **kwargs)

    async def run() -> Any:
        async with AsyncSimli(api_key=KEY, base_url=url, max_retries=0) as simli:
            return await getattr(getattr(simli.with_raw_response, area), method)(*args, **kwargs)

    return asyncio.run(run())


def _plain(kind: str, url: str, action: str) -> Any:
    """``simli.<action>()`` without with_raw_response, on a client of ``kind``."""
    area, method = action.split(".")
    if kind == "sync":
        with Simli(api_key=KEY, base_url=url, max_retries=0) as simli:
            return getattr(getattr(simli, area), method)()

    async def run() -> Any:
        async with AsyncSimli(api_key=KEY, base_url=url, max_retries=0) as simli:
            return await getattr(getattr(simli, area), method)()

    return asyncio.run(run())


@pytest.mark.parametrize("kind", KINDS)
def test_raw_response_has_status_headers_response_and_the_parsed_result(kind: str) -> None:
    with scripted_server(USAGE) as (url, _):
        raw = _run(kind, url, "usage.active_sessions")
        plain = _plain("sync", url, "usage.active_sessions")
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req-1"
    assert raw.request_id == "req-1"
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.http_response.json() == {"current_usage": 3}
    assert raw.parse() == plain
    assert raw.parse().to_dict() == {"current_usage": 3}
    assert repr(raw) == "<RawResponse [200 OK]>"


@pytest.mark.parametrize("kind", KINDS)
def test_raw_parse_is_what_the_method_returns_after_its_conversion(kind: str) -> None:
    created = Reply.json(200, {"face_id": "f-1", "extra": True})
    with scripted_server(created) as (url, _):
        raw = _run(kind, url, "faces.create", b"\x89PNG image")
    assert raw.parse() == CreatedFace(face_id="f-1", raw={"face_id": "f-1", "extra": True})


@pytest.mark.parametrize("kind", KINDS)
def test_a_flow_gives_its_last_response(kind: str) -> None:
    polls = (
        Reply(200, b'{"status": "pending"}', {"Content-Type": "application/json", "X-Request-Id": "poll-1"}),
        Reply(200, b'{"status": "ready"}', {"Content-Type": "application/json", "X-Request-Id": "poll-2"}),
    )
    with scripted_server(*polls) as (url, received):
        raw = _run(kind, url, "faces.wait_until_ready", "face", poll_interval=0.01)
    assert len(received) == 2
    assert raw.request_id == "poll-2"
    assert raw.parse() == {"status": "ready"}


@pytest.mark.parametrize("kind", KINDS)
def test_per_call_options_work_through_raw_responses(kind: str) -> None:
    with scripted_server(USAGE) as (url, received):
        raw = _run(kind, url, "usage.active_sessions", extra_headers={"X-Trace": "t"})
    assert raw.status_code == 200
    assert received[0].headers["x-trace"] == "t"


# --------------------------------------------------------------------------- errors carry the response


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("raw", [False, True], ids=["plain", "raw"])
def test_an_error_carries_its_response_and_request_id(kind: str, raw: bool) -> None:
    missing = Reply(404, f'{{"error": "no such thing {KEY}"}}'.encode(), {"X-Request-Id": "req-404"})
    with scripted_server(missing) as (url, _), pytest.raises(SimliNotFoundError) as caught:
        (_run if raw else _plain)(kind, url, "usage.active_sessions")
    error = caught.value
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == 404
    assert error.request_id == "req-404"
    for shown in (str(error), repr(error), error.body, repr(error.response)):
        assert KEY not in shown


def test_request_id_is_none_without_the_header_and_subclasses_carry_the_response() -> None:
    invalid = Reply.json(422, {"detail": [{"loc": ["body", "x"], "msg": "bad", "type": "value_error"}]})
    with scripted_server(invalid) as (url, _), pytest.raises(SimliValidationError) as caught:
        _plain("sync", url, "usage.active_sessions")
    assert caught.value.request_id is None
    assert caught.value.response is not None
    assert caught.value.response.status_code == 422
    built = SimliAPIError(500, error=None, code=None, body="")
    assert (built.response, built.request_id) == (None, None)
