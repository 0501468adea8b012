"""Retries through the facade: attempt counts, waits, Retry-After, and what is never retried."""

from __future__ import annotations

import httpx
import pytest
import respx

from simli_api import (
    SimliAPIError,
    SimliConnectionError,
    SimliRateLimitError,
    SimliServerError,
    SimliTimeoutError,
    SimliValidationError,
)
from tests.support.facade_harness import BASE_URL, KINDS, PATH, session_json, start


def _mock(router: respx.MockRouter, *outcomes: httpx.Response | Exception) -> respx.Route:
    return router.post(PATH).mock(side_effect=list(outcomes))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retryable_status_then_success(router: respx.MockRouter, kind: str, status: int, sleeps: list[float]) -> None:
    route = _mock(router, httpx.Response(status), httpx.Response(200, json=session_json()))
    session = start(kind, base_url=BASE_URL)
    assert route.call_count == 2
    assert len(sleeps) == 1
    assert str(session.session_id) == route.calls.last.response.json()["session_id"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("max_retries", "attempts"), [(0, 1), (1, 2), (2, 3), (4, 5)])
def test_attempts_are_max_retries_plus_one(
    router: respx.MockRouter, kind: str, max_retries: int, attempts: int, sleeps: list[float]
) -> None:
    route = _mock(router, *[httpx.Response(503, text="busy")] * (attempts + 3))
    with pytest.raises(SimliServerError) as caught:
        start(kind, base_url=BASE_URL, max_retries=max_retries)
    assert route.call_count == attempts
    assert len(sleeps) == attempts - 1
    assert caught.value.status_code == 503


@pytest.mark.parametrize("kind", KINDS)
def test_default_is_two_retries_with_growing_backoff(router: respx.MockRouter, kind: str, sleeps: list[float]) -> None:
    route = _mock(router, *[httpx.Response(502)] * 3)
    with pytest.raises(SimliServerError):
        start(kind, base_url=BASE_URL)
    assert route.call_count == 3
    first, second = sleeps
    assert 0.25 <= first <= 0.5
    assert 0.5 <= second <= 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_retry_after_is_honoured_and_reported(router: respx.MockRouter, kind: str, sleeps: list[float]) -> None:
    route = _mock(
        router,
        httpx.Response(429, headers={"Retry-After": "3"}),
        httpx.Response(429, headers={"Retry-After": "9999"}),
        httpx.Response(429, headers={"Retry-After": "4"}, json={"error": "slow down", "code": "rate_limited"}),
    )
    with pytest.raises(SimliRateLimitError) as caught:
        start(kind, base_url=BASE_URL)
    assert sleeps == [3.0, 30.0]
    assert caught.value.retry_after == 4.0
    assert (caught.value.error, caught.value.code) == ("slow down", "rate_limited")
    assert route.call_count == 3


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("status", "error"), [(400, SimliAPIError), (422, SimliValidationError), (500, SimliServerError)]
)
def test_never_retried_statuses(
    router: respx.MockRouter, kind: str, status: int, error: type[Exception], sleeps: list[float]
) -> None:
    route = _mock(router, httpx.Response(status, json={"error": "no"}), httpx.Response(200, json=session_json()))
    with pytest.raises(error):
        start(kind, base_url=BASE_URL)
    assert route.call_count == 1
    assert sleeps == []


@pytest.mark.parametrize("kind", KINDS)
def test_connect_errors_retry_then_surface(router: respx.MockRouter, kind: str, sleeps: list[float]) -> None:
    route = _mock(router, *[httpx.ConnectError("connection refused")] * 3)
    with pytest.raises(SimliConnectionError) as caught:
        start(kind, base_url=BASE_URL)
    assert route.call_count == 3
    assert len(sleeps) == 2
    assert not isinstance(caught.value, SimliTimeoutError)


@pytest.mark.parametrize("kind", KINDS)
def test_connect_error_then_success(router: respx.MockRouter, kind: str) -> None:
    route = _mock(router, httpx.ConnectError("refused"), httpx.Response(200, json=session_json()))
    start(kind, base_url=BASE_URL)
    assert route.call_count == 2


@pytest.mark.parametrize("kind", KINDS)
def test_read_timeout_is_not_retried(router: respx.MockRouter, kind: str, sleeps: list[float]) -> None:
    route = _mock(router, httpx.ReadTimeout("read timed out"), httpx.Response(200, json=session_json()))
    with pytest.raises(SimliTimeoutError):
        start(kind, base_url=BASE_URL)
    assert route.call_count == 1
    assert sleeps == []


@pytest.mark.parametrize("kind", KINDS)
def test_connect_timeout_is_retried_and_maps_to_timeout(router: respx.MockRouter, kind: str) -> None:
    route = _mock(router, *[httpx.ConnectTimeout("connect timed out")] * 3)
    with pytest.raises(SimliTimeoutError):
        start(kind, base_url=BASE_URL)
    assert route.call_count == 3


def test_a_retry_resends_the_same_request(
    router: respx.MockRouter,
) -> None:
    route = _mock(router, httpx.Response(503), httpx.Response(200, json=session_json()))
    start("sync", base_url=BASE_URL, api_key="key-for-retry-test")
    first, second = (call.request for call in route.calls)
    assert first.content == second.content
    assert first.headers == second.headers
