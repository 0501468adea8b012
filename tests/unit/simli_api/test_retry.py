"""The retry policy alone: which outcomes retry, backoff growth and jitter, Retry-After parsing and caps."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from simli_api._retry import RetryPolicy, retry_after_seconds

REQUEST = httpx.Request("POST", "http://simli.test/x")


def response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=REQUEST)


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_gateway_and_limiter_statuses_retry(status: int) -> None:
    assert RetryPolicy(jitter=lambda: 0.0).delay(0, response(status)) is not None


@pytest.mark.parametrize("status", [200, 201, 400, 401, 403, 404, 409, 422, 500, 501])
def test_other_statuses_are_final(status: int) -> None:
    assert RetryPolicy().delay(0, response(status)) is None


@pytest.mark.parametrize(
    "error", [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("busy")]
)
def test_failures_before_sending_retry(error: httpx.TransportError) -> None:
    assert RetryPolicy(jitter=lambda: 0.0).delay(0, error) is not None


@pytest.mark.parametrize(
    "error",
    [httpx.ReadTimeout("slow"), httpx.WriteTimeout("slow"), httpx.RemoteProtocolError("dropped"), httpx.ReadError("x")],
)
def test_failures_after_sending_are_final(error: httpx.TransportError) -> None:
    """The POST may have started a session: resending could start a second one."""
    assert RetryPolicy().delay(0, error) is None


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_idempotent_requests_also_retry_500(status: int) -> None:
    assert RetryPolicy(jitter=lambda: 0.0).delay(0, response(status), idempotent=True) is not None


@pytest.mark.parametrize("status", [200, 204, 400, 401, 404, 409, 422, 501])
def test_idempotent_requests_keep_other_statuses_final(status: int) -> None:
    assert RetryPolicy().delay(0, response(status), idempotent=True) is None


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.WriteTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
        httpx.ReadError("reset"),
        httpx.WriteError("broken pipe"),
    ],
)
def test_idempotent_requests_retry_after_sending(error: httpx.TransportError) -> None:
    """A GET / PUT / DELETE resent after the server may have acted has the effect of sending it once."""
    assert RetryPolicy(jitter=lambda: 0.0).delay(0, error, idempotent=True) is not None


@pytest.mark.parametrize("error", [httpx.DecodingError("bad gzip"), httpx.TooManyRedirects("loop")])
def test_failures_that_a_resend_would_repeat_stay_final(error: httpx.RequestError) -> None:
    assert RetryPolicy().delay(0, error, idempotent=True) is None


def test_idempotent_retries_are_bounded_with_the_same_backoff() -> None:
    policy = RetryPolicy(max_retries=2, base_delay=0.5, jitter=lambda: 1.0)
    decisions = [policy.delay(retry, httpx.ReadTimeout("slow"), idempotent=True) for retry in range(4)]
    assert decisions == [0.5, 1.0, None, None]


def test_retries_are_bounded() -> None:
    policy = RetryPolicy(max_retries=3, jitter=lambda: 0.0)
    decisions = [policy.delay(retry, response(503)) for retry in range(5)]
    assert [d is not None for d in decisions] == [True, True, True, False, False]
    assert RetryPolicy(max_retries=0).delay(0, response(503)) is None


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)


def test_backoff_doubles_up_to_the_cap_and_jitter_spans_half_to_full() -> None:
    low = RetryPolicy(base_delay=0.5, max_delay=3.0, jitter=lambda: 0.0)
    high = RetryPolicy(base_delay=0.5, max_delay=3.0, jitter=lambda: 1.0)
    assert [high.backoff(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert [low.backoff(n) for n in range(5)] == [0.25, 0.5, 1.0, 1.5, 1.5]


def test_jitter_varies_the_delay() -> None:
    values = iter([0.1, 0.9])
    policy = RetryPolicy(base_delay=1.0, jitter=lambda: next(values))
    assert policy.backoff(0) != policy.backoff(0)


def test_retry_after_seconds_wins_over_backoff_and_is_capped() -> None:
    policy = RetryPolicy(max_retry_after=10.0, jitter=lambda: 0.0)
    assert policy.delay(0, response(429, **{"Retry-After": "7"})) == 7.0
    assert policy.delay(0, response(503, **{"Retry-After": "3600"})) == 10.0


def test_retry_after_is_ignored_on_final_statuses() -> None:
    assert RetryPolicy().delay(0, response(400, **{"Retry-After": "1"})) is None


def test_retry_after_http_date() -> None:
    now = 1_800_000_000.0
    header = email.utils.formatdate(now + 42, usegmt=True)
    assert retry_after_seconds({"retry-after": header}, now=lambda: now) == pytest.approx(42.0)


@pytest.mark.parametrize("value", ["soon", "", "NaN", "Mon, 99 Foo 2026"])
def test_unreadable_retry_after_falls_back_to_backoff(value: str) -> None:
    assert retry_after_seconds({"retry-after": value}) is None
    policy = RetryPolicy(base_delay=2.0, jitter=lambda: 1.0)
    assert policy.delay(0, response(503, **{"Retry-After": value})) == 2.0


def test_past_or_negative_retry_after_means_now() -> None:
    assert retry_after_seconds({"retry-after": "-5"}) == 0.0
    assert retry_after_seconds({"retry-after": "Thu, 01 Jan 1970 00:00:00 GMT"}) == 0.0
