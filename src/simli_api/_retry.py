"""Retry policy: which outcomes are retried and how long to wait. Pure: no I/O, no sleeping.

The README's retry table, as code. Every method is retried after a failure to connect (the request
never left this machine), a 429 or a 503 (a limiter or an unavailable service refused it unprocessed),
and a 502 or a 504 (a gateway failed to reach the service). A POST may rarely have reached Simli
behind a 502 / 504, so retrying one can start a duplicate session: ``max_retries=0`` where that is
worse than a failure. Idempotent methods (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) are also retried
after a read or write timeout, a dropped connection and a 500, because sending one twice has the
effect of sending it once; a POST is not (Simli may have acted on it). 400, 422 and any other status
are final for every method: the answer would not change.

Idempotency is decided by the method alone, not by what an operation does: the deprecated
``GET /auto/start/{agent_id}/{session_token}`` starts a session, yet is retried like any GET. That is
a known limit of the rule (the description gives a GET an effect), deliberately not special-cased.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from ._constants import DEFAULT_MAX_RETRIES, RETRY_AFTER_CAP, RETRY_BASE_DELAY, RETRY_MAX_DELAY

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Transport failures that prove the request was never sent.
RETRY_ERRORS: tuple[type[httpx.TransportError], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Idempotent requests may be resent after these too: the server may have acted, but once is as good as twice.
IDEMPOTENT_RETRY_STATUSES = RETRY_STATUSES | {500}
IDEMPOTENT_RETRY_ERRORS: tuple[type[httpx.TransportError], ...] = (
    *RETRY_ERRORS,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter; honours ``Retry-After`` up to ``max_retry_after``.

    The n-th retry (n = 0, 1, ...) waits between half and all of ``min(max_delay, base_delay * 2**n)``,
    unless the response says ``Retry-After``, which wins (capped at ``max_retry_after``).
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    base_delay: float = RETRY_BASE_DELAY
    max_delay: float = RETRY_MAX_DELAY
    max_retry_after: float = RETRY_AFTER_CAP
    jitter: Callable[[], float] = field(default=random.random, repr=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (0-based) when the server gave no hint."""
        ceiling = min(self.max_delay, self.base_delay * 2.0**retry)
        return ceiling / 2 + float(self.jitter()) * ceiling / 2

    def delay(self, retry: int, outcome: httpx.Response | httpx.RequestError, idempotent: bool = False) -> float | None:
        """Seconds to wait before retrying after ``outcome``, or None if it is final.

        ``retry`` counts the retries already made; a 2xx or any non-retried status is final.
        ``idempotent`` widens what is retried (see the module docstring).
        """
        if retry >= self.max_retries:
            return None
        if isinstance(outcome, httpx.Response):
            if outcome.status_code not in (IDEMPOTENT_RETRY_STATUSES if idempotent else RETRY_STATUSES):
                return None
            hinted = retry_after_seconds(outcome.headers)
            if hinted is not None:
                return min(hinted, self.max_retry_after)
        elif not isinstance(outcome, IDEMPOTENT_RETRY_ERRORS if idempotent else RETRY_ERRORS):
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
        import email.utils  # noqa: PLC0415 - HTTP-date Retry-After is rare; keeps import light

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
