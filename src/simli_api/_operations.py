"""The generic call path every facade method goes through.

Each generated operation module (``simli_api_client.api.*.*``) has ``_get_kwargs(**arguments)``,
which describes the HTTP request, and ``_build_response(client=, response=)``, which parses
the answer. The facade builds the request from the first, sends it itself (so retries happen
at the HTTP level), turns error statuses into exceptions before any parsing, then parses 2xx
bodies with the second inside a guard, and checks the result against its type hints.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from types import ModuleType
from typing import Any

import httpx

from simli_api_client.client import Client
from simli_api_client.models import Error, HTTPValidationError

from ._conformance import ConformanceError, check_model
from ._exceptions import (
    SimliAPIError,
    SimliAuthenticationError,
    SimliConnectionError,
    SimliNotFoundError,
    SimliRateLimitError,
    SimliResponseError,
    SimliServerError,
    SimliTimeoutError,
    SimliValidationError,
    ValidationIssue,
)
from ._redact import excerpt, redact, secrets_in
from ._retry import RetryPolicy, retry_after_seconds

logger = logging.getLogger("simli_api")

OPERATION_HOOKS = ("_get_kwargs", "_build_response")
# The most a JSON or text answer may carry; this API's are a few hundred bytes.
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
EXCERPT_BYTES = 4096


def check_operation_module(module: ModuleType) -> None:
    """TypeError unless ``module`` has the generated hooks the facade relies on."""
    missing = [name for name in OPERATION_HOOKS if not callable(getattr(module, name, None))]
    if missing:
        raise TypeError(
            f"{getattr(module, '__name__', module)!r} is not a generated operation module "
            f"(missing {', '.join(missing)}); the generator's output shape changed"
        )


class Call:
    """One operation call: the prepared request, the secrets it carries, and how to read its answer."""

    def __init__(
        self,
        module: ModuleType,
        arguments: dict[str, Any],
        secrets: Iterable[str],
        require: Callable[[Any], None] | None = None,
    ) -> None:
        check_operation_module(module)
        self.module = module
        self.require = require
        self.kwargs: dict[str, Any] = module._get_kwargs(**arguments)
        self.secrets = {s for s in secrets if s} | secrets_in(self.kwargs.get("json"))

    def build_request(
        self,
        http_client: httpx.Client | httpx.AsyncClient,
        base_url: str,
        headers: dict[str, str],
        timeout: httpx.Timeout,
    ) -> httpx.Request:
        """The HTTP request, with the facade's base URL, headers and timeout applied explicitly."""
        kwargs = dict(self.kwargs)
        url = base_url.rstrip("/") + "/" + str(kwargs.pop("url")).lstrip("/")
        merged = {**headers, **kwargs.pop("headers", {})}
        return http_client.build_request(url=url, headers=merged, timeout=timeout, **kwargs)

    def describe(self) -> str:
        """``POST /path`` for log lines: never the query, headers or body."""
        return f"{str(self.kwargs.get('method', '')).upper()} {str(self.kwargs.get('url', '')).split('?', 1)[0]}"

    def transport_error(self, exc: httpx.RequestError) -> SimliConnectionError:
        """The facade error for a request that got no usable response (transport, decoding or redirect failure)."""
        kind = SimliTimeoutError if isinstance(exc, httpx.TimeoutException) else SimliConnectionError
        reason = redact(str(exc) or type(exc).__name__, self.secrets)
        return kind(f"{type(exc).__name__}: {reason}")

    def result(self, generated: Client, response: httpx.Response) -> Any:
        """The parsed 2xx body, checked against its type hints; any error status raised as SimliAPIError."""
        if not response.is_success:
            raise status_error(response, self.secrets)
        try:
            parsed = self.module._build_response(client=generated, response=response).parsed
            if parsed is None:
                raise ConformanceError("no body the spec describes for this status")
            check_model(parsed)
            if self.require is not None:
                self.require(parsed)
        except Exception as exc:  # nothing from the parser may escape raw
            reason = redact(str(exc) if isinstance(exc, ConformanceError) else _short(exc), self.secrets)
            raise SimliResponseError(
                f"the response does not match the API description: {reason}",
                status_code=response.status_code,
                body=excerpt(response.content, self.secrets),
            ) from None
        return parsed


def _short(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return "not JSON"
    if isinstance(exc, KeyError):
        return f"missing field {exc}"
    return f"{type(exc).__name__}: {exc}"


def status_error(response: httpx.Response, secrets: Iterable[str]) -> SimliAPIError:
    """The SimliAPIError subclass for a non-2xx response, with the spec's error fields when present."""
    status = response.status_code
    body = excerpt(response.content, secrets)
    if status == 422:
        return SimliValidationError(status, errors=_validation_issues(response, secrets), body=body)
    error, code = _error_fields(response, secrets)
    if status == 429:
        retry_after = retry_after_seconds(response.headers)
        return SimliRateLimitError(status, error=error, code=code, body=body, retry_after=retry_after)
    kind: type[SimliAPIError] = SimliAPIError
    if status in (401, 403):
        kind = SimliAuthenticationError
    elif status == 404:
        kind = SimliNotFoundError
    elif status >= 500:
        kind = SimliServerError
    return kind(status, error=error, code=code, body=body)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _error_fields(response: httpx.Response, secrets: Iterable[str]) -> tuple[str | None, str | None]:
    """(error, code) from a body shaped like the spec's ``Error`` schema, else (None, None)."""
    data = _json(response)
    if not isinstance(data, dict) or not isinstance(data.get("error"), str):
        return None, None
    parsed = Error.from_dict(data)
    code = parsed.code if isinstance(parsed.code, str) else None
    return redact(parsed.error, secrets), None if code is None else redact(code, secrets)


def _validation_issues(response: httpx.Response, secrets: Iterable[str]) -> list[ValidationIssue]:
    """The (loc, msg, type) entries of a body shaped like the spec's ``HTTPValidationError``."""
    data = _json(response)
    if not isinstance(data, dict) or not isinstance(data.get("detail"), list):
        return []
    issues = []
    for entry in data["detail"]:
        try:
            item = HTTPValidationError.from_dict({"detail": [entry]}).detail[0]  # type: ignore[index]
            check_model(item)
        except (ConformanceError, KeyError, TypeError, ValueError, AttributeError):
            continue
        loc = tuple(redact(part, secrets) if isinstance(part, str) else part for part in item.loc)
        issues.append(ValidationIssue(loc, redact(item.msg, secrets), redact(item.type_, secrets)))
    return issues


# --------------------------------------------------------------------------- drivers
# The retry decision lives in RetryPolicy; the two loops only differ in how they wait. An attempt
# sends the request once and returns the complete response (body read under Body's bounds) or
# raises httpx.RequestError.

Attempt = Callable[[], httpx.Response]
AsyncAttempt = Callable[[], Awaitable[httpx.Response]]


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


async def _async_sleep(seconds: float) -> None:
    import asyncio  # noqa: PLC0415 - only async clients need it; keeps `import simli_api` light

    await asyncio.sleep(seconds)


def _next_delay(
    call: Call, policy: RetryPolicy, retry: int, outcome: httpx.Response | httpx.RequestError
) -> float | None:
    """The policy's decision for this attempt, logged when it is a retry (None: the outcome is final)."""
    delay = policy.delay(retry, outcome)
    if delay is not None:
        what = f"HTTP {outcome.status_code}" if isinstance(outcome, httpx.Response) else type(outcome).__name__
        logger.info("%s: %s, retry %d in %.2fs", call.describe(), what, retry + 1, delay)
    return delay


def send(call: Call, policy: RetryPolicy, attempt: Attempt) -> httpx.Response:
    """Run ``attempt``, retrying as ``policy`` says; a final request failure becomes SimliConnectionError."""
    retry = 0
    while True:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s: attempt %d", call.describe(), retry + 1)
        try:
            outcome: httpx.Response | httpx.RequestError = attempt()
        except httpx.RequestError as exc:
            outcome = exc
        delay = _next_delay(call, policy, retry, outcome)
        if delay is None:
            return _final(call, outcome)
        _sleep(delay)
        retry += 1


async def send_async(call: Call, policy: RetryPolicy, attempt: AsyncAttempt) -> httpx.Response:
    """The asynchronous driver: the same decisions as :func:`send`, awaiting instead of blocking."""
    retry = 0
    while True:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s: attempt %d", call.describe(), retry + 1)
        try:
            outcome: httpx.Response | httpx.RequestError = await attempt()
        except httpx.RequestError as exc:
            outcome = exc
        delay = _next_delay(call, policy, retry, outcome)
        if delay is None:
            return _final(call, outcome)
        await _async_sleep(delay)
        retry += 1


def httpx_attempt(http_client: httpx.Client, call: Call, request: httpx.Request) -> Attempt:
    """An attempt through ``http_client.send``: the route for any httpx client."""

    def attempt() -> httpx.Response:
        response = http_client.send(request, stream=True)
        body = Body(call, response.status_code, response.headers.get("content-type", ""), _read_timeout(request))
        try:
            for chunk in response.iter_bytes():
                body.add(chunk)
        finally:
            response.close()
        response._content = body.content()  # what Response.read() keeps, read under our bounds
        return response

    return attempt


def httpx_async_attempt(http_client: httpx.AsyncClient, call: Call, request: httpx.Request) -> AsyncAttempt:
    """The asynchronous :func:`httpx_attempt`."""

    async def attempt() -> httpx.Response:
        response = await http_client.send(request, stream=True)
        return await read_streamed(call, response, _read_timeout(request))

    return attempt


async def read_streamed(call: Call, response: httpx.Response, read_timeout: float | None) -> httpx.Response:
    """Read a streamed async response whole, under Body's bounds, and close it."""
    body = Body(call, response.status_code, response.headers.get("content-type", ""), read_timeout)
    try:
        async for chunk in response.aiter_bytes():
            body.add(chunk)
    finally:
        await response.aclose()
    response._content = body.content()
    return response


def _read_timeout(request: httpx.Request) -> float | None:
    seconds: float | None = request.extensions.get("timeout", {}).get("read")
    return seconds


class Body:
    """Collects a response body for every route, bounding JSON and text answers.

    httpx's timeouts apply to each read, so a body that keeps trickling in would never time out,
    and nothing caps its size. A JSON or text answer (every non-binary answer of this API is a
    few hundred bytes) must arrive whole within the request's read timeout and stay under
    MAX_RESPONSE_BYTES decoded, or the attempt fails. Binary downloads keep the per-read limits.
    """

    __slots__ = ("bounded", "call", "chunks", "deadline", "size", "status")

    def __init__(self, call: Call, status: int, content_type: str, read_timeout: float | None) -> None:
        self.call = call
        self.status = status
        self.chunks: list[bytes] = []
        self.size = 0
        media = content_type.lower()
        self.bounded = not media or "json" in media or media.startswith("text/")
        self.deadline = None if read_timeout is None or not self.bounded else time.monotonic() + read_timeout

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.bounded and self.size > MAX_RESPONSE_BYTES:
            raise SimliResponseError(
                f"the response body is larger than {MAX_RESPONSE_BYTES} bytes; reading stopped",
                status_code=self.status,
                body=excerpt(b"".join(self.chunks)[:EXCERPT_BYTES], self.call.secrets),
            )
        self.chunks.append(chunk)
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise httpx.ReadTimeout("the response body did not arrive within the read timeout", request=None)

    def content(self) -> bytes:
        chunks = self.chunks
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _final(call: Call, outcome: httpx.Response | httpx.RequestError) -> httpx.Response:
    if isinstance(outcome, httpx.RequestError):
        raise call.transport_error(outcome) from outcome
    return outcome
