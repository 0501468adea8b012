"""Retry policy: which outcomes are retried and how long to wait. Pure: no I/O, no sleeping.

Retried: failures to connect (the request never reached the server) and 429 / 502 / 503 / 504
(rejections by a limiter or gateway). Never retried: 400, 422 or any other status, and
failures after the request was sent (read timeouts, dropped connections), because the
request starts a session and resending could start a second one.
"""

from __future__ import annotations

import datetime
import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Transport failures that prove the request was never sent.
RETRY_ERRORS: tuple[type[httpx.TransportError], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

DEFAULT_MAX_RETRIES = 2


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter; honours ``Retry-After`` up to ``max_retry_after``.

    The n-th retry (n = 0, 1, ...) waits between half and all of ``min(max_delay, base_delay * 2**n)``,
    unless the response says ``Retry-After``, which wins (capped at ``max_retry_after``).
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0
    jitter: Callable[[], float] = field(default=random.random, repr=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (0-based) when the server gave no hint."""
        ceiling = min(self.max_delay, self.base_delay * 2.0**retry)
        return ceiling / 2 + float(self.jitter()) * ceiling / 2

    def delay(self, retry: int, outcome: httpx.Response | httpx.RequestError) -> float | None:
        """Seconds to wait before retrying after ``outcome``, or None if it is final.

        ``retry`` counts the retries already made; a 2xx or any non-retried status is final.
        """
        if retry >= self.max_retries:
            return None
        if isinstance(outcome, httpx.Response):
            if outcome.status_code not in RETRY_STATUSES:
                return None
            hinted = retry_after_seconds(outcome.headers)
            if hinted is not None:
                return min(hinted, self.max_retry_after)
        elif not isinstance(outcome, RETRY_ERRORS):
            return None
        return self.backoff(retry)


def retry_after_seconds(headers: Mapping[str, str], now: Callable[[], float] = time.time) -> float | None:
    """The ``Retry-After`` header in seconds (delta-seconds or HTTP-date), or None if absent or unreadable."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        seconds = when.timestamp() - now()
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)
