"""The generic call path every facade method goes through.

Each generated operation module (``simli_api_client.api.*.*``) has ``_get_kwargs(**arguments)``,
which describes the HTTP request, and ``_parse_response(client=, response=)``, which parses
the answer; its package's ``operation_facts`` say what the description declares beyond that
(see ``_facts``). The facade builds the request from the first, sends it itself (so retries happen
at the HTTP level), turns error statuses into exceptions before any parsing, then reads 2xx bodies
as the description declares them (``_responses``).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar, cast

import httpx

from ._conformance import ConformanceError
from ._constants import EXCERPT_BYTES, MAX_RESPONSE_BYTES
from ._exceptions import SimliConnectionError, SimliResponseError, SimliTimeoutError
from ._facts import BINARY, JSON, TEXT, OperationFacts, media_kind
from ._options import CallOptions, merge_headers
from ._redact import (
    URL_SECRETS,
    answer_secrets,
    excerpt,
    header_secrets,
    redact,
    redact_headers,
    secret_arguments,
    secrets_in,
)
from ._responses import Answer, malformed, read_result, status_error
from ._retry import RetryPolicy

logger = logging.getLogger("simli_api")
# What an attempt hands on: an httpx.Response, or on the aiohttp route also an Answer (a 2xx read whole).
ResponseT = TypeVar("ResponseT", bound="httpx.Response | Answer")

# A placeholder URL for rendering a multipart body once (the real URL is applied per request).
_RENDER_URL = "http://multipart.invalid/"


class Call:
    """One operation call: the prepared request, the secrets it carries, and how to read its answer."""

    __slots__ = ("__weakref__", "facts", "kwargs", "options", "require", "secrets")

    def __init__(
        self,
        facts: OperationFacts,
        arguments: dict[str, Any],
        secrets: Iterable[str],
        require: Callable[[Any], None] | None = None,
        options: CallOptions | None = None,
    ) -> None:
        self.facts = facts
        self.require = require
        self.options = options
        kwargs: dict[str, Any] = facts.module._get_kwargs(**arguments)
        if "files" in kwargs:
            kwargs = render_multipart(kwargs)
        self.kwargs = kwargs
        in_url = secret_arguments(arguments) if arguments else None
        if in_url:  # a token as a path or query parameter: keep it out of httpx's log lines from the start
            URL_SECRETS.hold(self, in_url)
        self.secrets = CallSecrets(secrets, kwargs.get("json"), in_url, facts.credential_headers)

    def add_headers(self, extra: Mapping[str, str], sent: Iterable[str]) -> None:
        """Send ``extra`` with this call over the operation's own headers and ``sent`` (the client's), by name in
        any case. They go into the request's description, so every route (and the aiohttp route's shapes) sees them.
        """
        spelled = {name.lower(): name for name in sent}
        extra = {spelled.get(name.lower(), name): value for name, value in extra.items()}
        self.kwargs = {**self.kwargs, "headers": merge_headers(self.kwargs.get("headers"), extra)}

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
        request = http_client.build_request(url=url, headers=merged, timeout=timeout, **kwargs)
        self.secrets.sent(request)
        return request

    def describe(self) -> str:
        """``POST /path/{name}`` for log lines: the path template, never argument values, query, headers or body."""
        return self.facts.describe()

    def transport_error(self, exc: httpx.RequestError) -> SimliConnectionError:
        """The facade error for a request that got no usable response (transport, decoding or redirect failure)."""
        kind = SimliTimeoutError if isinstance(exc, httpx.TimeoutException) else SimliConnectionError
        reason = redact(str(exc) or type(exc).__name__, self.secrets)
        return kind(f"{type(exc).__name__}: {reason}")

    def result(self, parse_client: Any, response: httpx.Response | Answer) -> Any:
        """The 2xx result as the description declares it; any error status raised as SimliAPIError."""
        return read_result(self.facts, parse_client, response, self.secrets, self.require)


class CallSecrets:
    """What to redact from anything a call shows: the client's secrets, secret-looking body fields, URL tokens, and
    the values of the credential headers its requests carried (``Authorization``, a key header, a secret-named one,
    however they got there: ``default_headers``, ``extra_headers``, the pool's headers, cookies or auth; see
    :func:`~._redact.header_secrets`).

    Only errors and log lines read it, so the request body and headers are searched the first time it is
    iterated, not on every successful call.
    """

    __slots__ = ("_credential_headers", "_found", "_in_url", "_known", "_payload", "_sent")

    def __init__(
        self, known: Iterable[str], payload: Any, in_url: set[str] | None, credential_headers: tuple[str, ...]
    ) -> None:
        self._known = known
        self._payload = payload
        self._in_url = in_url
        self._credential_headers = credential_headers
        self._sent: list[httpx.Headers] = []
        self._found: frozenset[str] | None = None

    def sent(self, request: httpx.Request) -> None:
        """``request`` is going (or went) out for this call: its headers, as sent, are searched too."""
        headers = request.headers
        if not self._sent or self._sent[-1] is not headers:
            self._sent.append(headers)
            self._found = None

    def __iter__(self) -> Iterator[str]:
        if self._found is None:
            found = {*self._known, *(self._in_url or ())}
            if self._payload is not None:
                found |= secrets_in(self._payload)
            for headers in self._sent:
                found |= header_secrets(headers.multi_items(), self._credential_headers)
            self._found = frozenset(found)
        return iter(self._found)


def render_multipart(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A multipart request's body rendered to bytes once, so every attempt (and every route) resends all of it.

    The generated code sets ``Content-Type: multipart/form-data; boundary=+++``; a fixed boundary can
    occur inside binary file content, so httpx picks a random one instead.
    """
    headers = {k: v for k, v in (kwargs.get("headers") or {}).items() if k.lower() != "content-type"}
    request = httpx.Request(kwargs["method"], _RENDER_URL, files=kwargs["files"], data=kwargs.get("data"))
    content = request.read()
    headers["Content-Type"] = request.headers["Content-Type"]
    rest = {k: v for k, v in kwargs.items() if k not in ("files", "data", "headers")}
    return {**rest, "content": content, "headers": headers}


# --------------------------------------------------------------------------- drivers
# The retry decision lives in RetryPolicy; the two loops only differ in how they wait. An attempt
# sends the request once and returns the response, its body read whole under Body's bounds (a
# stream's 2xx is left open: see open_stream), or raises httpx.RequestError. The aiohttp route hands a
# 2xx on as an Answer (no httpx.Response built for it).

Attempt = Callable[[], httpx.Response]
AsyncAttempt = Callable[[], Awaitable[httpx.Response | Answer]]


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


async def _async_sleep(seconds: float) -> None:
    import asyncio  # noqa: PLC0415 - only async clients need it; keeps `import simli_api` light

    await asyncio.sleep(seconds)


def _next_delay(
    call: Call, policy: RetryPolicy, retry: int, outcome: httpx.Response | httpx.RequestError
) -> float | None:
    """The policy's decision for this attempt, logged when it is a retry (None: the outcome is final)."""
    delay = policy.delay(retry, outcome, call.facts.idempotent)
    if delay is not None:
        what = f"HTTP {outcome.status_code}" if isinstance(outcome, httpx.Response) else type(outcome).__name__
        logger.info("%s: %s, retry %d in %.2fs", call.describe(), what, retry + 1, delay)
    return delay


def send(call: Call, policy: RetryPolicy, attempt: Attempt) -> httpx.Response:
    """Run ``attempt``, retrying as ``policy`` says; a final request failure becomes SimliConnectionError."""
    retry = 0
    started = time.monotonic() if logger.isEnabledFor(logging.INFO) else None
    while True:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s: attempt %d", call.describe(), retry + 1)
        try:
            outcome: httpx.Response | httpx.RequestError = attempt()
        except httpx.RequestError as exc:
            outcome = exc
        if logger.isEnabledFor(logging.DEBUG):
            log_attempt(call, outcome)
        delay = _next_delay(call, policy, retry, outcome)
        if delay is None:
            if started is not None:
                log_outcome(call, outcome, retry, started)
            return _final(call, outcome)
        _sleep(delay)
        retry += 1


async def send_async(
    call: Call,
    policy: RetryPolicy,
    attempt: Callable[[], Awaitable[ResponseT]],
    first: ResponseT | httpx.RequestError | None = None,
) -> ResponseT:
    """The asynchronous driver: the same decisions as :func:`send`, awaiting instead of blocking.

    ``first`` is the outcome of a first attempt the caller already made: a client makes it itself when nothing
    logs the call or keeps its httpx Response (no options, INFO off), and needs no driver when it is an Answer.
    """
    retry = 0
    started = time.monotonic() if logger.isEnabledFor(logging.INFO) else None
    while True:
        if first is not None:
            outcome: ResponseT | httpx.RequestError = first
            first = None
        else:
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("%s: attempt %d", call.describe(), retry + 1)
            try:
                outcome = await attempt()
            except httpx.RequestError as exc:
                outcome = exc
        # A 2xx read whole (no status the policy retries) that nothing logs or keeps as httpx's Response: final.
        quiet = started is None and call.options is None and not logger.isEnabledFor(logging.DEBUG)
        if quiet and isinstance(outcome, Answer):
            return outcome
        # Logged, or kept for with_raw_response, as httpx's Response.
        seen = outcome.response if isinstance(outcome, Answer) else cast("httpx.Response | httpx.RequestError", outcome)
        if logger.isEnabledFor(logging.DEBUG):
            log_attempt(call, seen)
        delay = _next_delay(call, policy, retry, seen)
        if delay is None:
            if started is not None:
                log_outcome(call, seen, retry, started)
            return cast("ResponseT", _final(call, seen))
        await _async_sleep(delay)
        retry += 1


def log_outcome(call: Call, outcome: httpx.Response | httpx.RequestError, retries: int, started: float) -> None:
    """INFO, once per call: route, final status (or failure), seconds since the first attempt, retries."""
    what = f"HTTP {outcome.status_code}" if isinstance(outcome, httpx.Response) else type(outcome).__name__
    elapsed = time.monotonic() - started
    retried = "1 retry" if retries == 1 else f"{retries} retries"
    logger.info("%s -> %s in %.3fs, %s", call.describe(), what, elapsed, retried)


def log_attempt(call: Call, outcome: httpx.Response | httpx.RequestError) -> None:
    """DEBUG, once per attempt: the request's and the response's headers (secret ones hidden), or the failure."""
    route, secrets = call.describe(), call.secrets
    if isinstance(outcome, httpx.RequestError):
        logger.debug("%s: %s: %s", route, type(outcome).__name__, redact(str(outcome), secrets))
        return
    call.secrets.sent(outcome.request)
    keys = call.facts.credential_headers
    logger.debug("%s: request headers: %s", route, redact_headers(outcome.request.headers.multi_items(), keys, secrets))
    logger.debug(
        "%s: HTTP %d, response headers: %s",
        route,
        outcome.status_code,
        redact_headers(outcome.headers.multi_items(), keys, secrets),
    )


def httpx_attempt(http_client: httpx.Client, call: Call, request: httpx.Request) -> Attempt:
    """An attempt through ``http_client.send``: the route for any httpx client."""

    def attempt() -> httpx.Response:
        return read_whole(call, http_client.send(request, stream=True), _read_timeout(request))

    return attempt


def read_whole(call: Call, response: httpx.Response, read_timeout: float | None) -> httpx.Response:
    """Read a streamed response whole, under Body's bounds, and close it."""
    body = Body(call, response.status_code, response.headers.get("content-type", ""), read_timeout)
    if "content-encoding" not in response.headers:  # the raw bytes are the body: httpx reads them, Body checks
        response.stream = Checked(response.stream, body)
        try:
            response.read()
        finally:
            response.close()  # httpx closes it after a complete read only
        return response
    try:
        for chunk in response.iter_bytes():
            body.add(chunk)
    finally:
        response.close()
    return with_content(response, body.content())


def httpx_async_attempt(http_client: httpx.AsyncClient, call: Call, request: httpx.Request) -> AsyncAttempt:
    """The asynchronous :func:`httpx_attempt`."""

    async def attempt() -> httpx.Response:
        response = await http_client.send(request, stream=True)
        return await read_streamed(call, response, _read_timeout(request))

    return attempt


async def read_streamed(call: Call, response: httpx.Response, read_timeout: float | None) -> httpx.Response:
    """Read a streamed async response whole, under Body's bounds, and close it."""
    body = Body(call, response.status_code, response.headers.get("content-type", ""), read_timeout)
    if "content-encoding" not in response.headers:
        response.stream = Checked(response.stream, body)
        try:
            await response.aread()
        finally:
            await response.aclose()
        return response
    try:
        async for chunk in response.aiter_bytes():
            body.add(chunk)
    finally:
        await response.aclose()
    return with_content(response, body.content())


class Checked(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response's raw body stream, each part checked by Body as httpx reads it (``Response.read``/``aread``).

    Only for bodies without Content-Encoding, where the raw bytes are the body; httpx keeps what it read
    as the response's content, and closing this closes the connection's stream.
    """

    __slots__ = ("body", "inner")

    def __init__(self, inner: httpx.SyncByteStream | httpx.AsyncByteStream, body: Body) -> None:
        self.inner = inner
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self.inner, httpx.SyncByteStream)  # noqa: S101 - a sync client's response
        for chunk in self.inner:
            self.body.check(chunk)
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self.inner, httpx.AsyncByteStream)  # noqa: S101 - an async client's response
        async for chunk in self.inner:
            self.body.check(chunk)
            yield chunk

    def close(self) -> None:
        assert isinstance(self.inner, httpx.SyncByteStream)  # noqa: S101
        self.inner.close()

    async def aclose(self) -> None:
        assert isinstance(self.inner, httpx.AsyncByteStream)  # noqa: S101
        await self.inner.aclose()


# Headers that describe the body as sent; a body handed on decoded drops them (httpx would decode it again).
_WIRE_HEADERS = (b"content-encoding", b"content-length")


def with_content(response: httpx.Response, content: bytes) -> httpx.Response:
    """A new response like ``response`` holding ``content``, its body read (and decoded) under Body's bounds."""
    headers: httpx.Headers | list[tuple[bytes, bytes]] = response.headers
    if "content-encoding" in response.headers:
        headers = [item for item in response.headers.raw if item[0].lower() not in _WIRE_HEADERS]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=content,
        request=response.request,
        extensions=response.extensions,
        history=response.history,
    )


def _read_timeout(request: httpx.Request) -> float | None:
    seconds: float | None = request.extensions.get("timeout", {}).get("read")
    return seconds


class Body:
    """Collects a response body for every route, bounding everything but the downloads the description declares.

    httpx's timeouts apply to each read, so a body that keeps trickling in would never time out,
    and nothing caps its size. A JSON or text answer (every non-binary answer of this API is a
    few hundred bytes) must arrive whole within the request's read timeout and stay under
    MAX_RESPONSE_BYTES decoded, or the attempt fails; so must any body of a status the description
    declares without binary media types, and an unlabelled one (see :func:`bounded`). Binary
    downloads keep httpx's per-read limits.
    """

    __slots__ = ("bounded", "call", "chunks", "deadline", "head", "size", "status")

    def __init__(
        self, call: Call, status: int, content_type: str, read_timeout: float | None, started: float | None = None
    ) -> None:
        """``started``: when reading the body began (``time.monotonic()``; now unless given)."""
        self.call = call
        self.status = status
        self.chunks: list[bytes] = []
        self.head = b""
        self.size = 0
        self.bounded = bounded(call.facts, status, content_type)
        if read_timeout is None or not self.bounded:
            self.deadline = None
        else:
            self.deadline = (time.monotonic() if started is None else started) + read_timeout

    def add(self, chunk: bytes) -> None:
        """Check ``chunk`` and keep it."""
        self.check(chunk)
        self.chunks.append(chunk)

    def check(self, chunk: bytes) -> None:
        """Count ``chunk`` against the bounds: SimliResponseError past the cap, ReadTimeout past the deadline."""
        self.size += len(chunk)
        if len(self.head) < EXCERPT_BYTES:
            self.head = (self.head + chunk)[:EXCERPT_BYTES]
        if self.bounded and self.size > MAX_RESPONSE_BYTES:
            raise SimliResponseError(
                f"the response body is larger than {MAX_RESPONSE_BYTES} bytes; reading stopped",
                status_code=self.status,
                body=excerpt(self.head, answer_secrets(self.call.secrets, self.head)),
            )
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise httpx.ReadTimeout("the response body did not arrive within the read timeout", request=None)

    def content(self) -> bytes:
        chunks = self.chunks
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def within_cap(body: bytes) -> bool:
    """Whether a body read whole is within the cap whatever its kind (then Body has nothing to check)."""
    return len(body) <= MAX_RESPONSE_BYTES


def bounded(facts: OperationFacts, status: int, content_type: str) -> bool:
    """Whether a body is held to the JSON bounds: unless it is binary and binary is what may come for ``status``."""
    if "json" in content_type:  # the common answer, decided without parsing the media type
        return True
    kind = media_kind(content_type)
    if kind in (JSON, TEXT):
        return True
    declared = facts.declared(status)
    if declared is None:  # the description says nothing: a labelled binary body is a download
        return kind is None
    return declared.schema_kind(BINARY) is None


def _final(call: Call, outcome: httpx.Response | httpx.RequestError) -> httpx.Response:
    if isinstance(outcome, httpx.RequestError):
        raise call.transport_error(outcome) from outcome
    call.secrets.sent(outcome.request)  # as it went out (an auth flow may have sent another)
    if call.options is not None:  # kept for with_raw_response
        call.options.response = outcome
    return outcome


# --------------------------------------------------------------------------- streaming
# A stream retries like a call until a 2xx head arrives (error bodies are read whole under Body's
# bounds and mapped as usual); the 2xx body is then handed out chunk by chunk, each read under
# httpx's read timeout, never held whole. A JSON or text 2xx where the description declares only
# binary media types is read (bounded) and raised as SimliResponseError before the first chunk.


def open_stream(call: Call, policy: RetryPolicy, http_client: httpx.Client, request: httpx.Request) -> httpx.Response:
    """Send with retries (:func:`send`); return the 2xx response with its body unread (the caller closes it)."""
    read_timeout = _read_timeout(request)

    def attempt() -> httpx.Response:
        opened = http_client.send(request, stream=True)
        return opened if opened.is_success else read_whole(call, opened, read_timeout)

    response = send(call, policy, attempt)
    problem = _check_download(call, response)
    if problem is not None:
        try:
            response = read_whole(call, response, read_timeout)
        except httpx.RequestError as exc:
            raise call.transport_error(exc) from exc
        raise malformed(response, ConformanceError(problem), call.secrets)
    return response


async def open_stream_async(
    call: Call, policy: RetryPolicy, http_client: httpx.AsyncClient, request: httpx.Request
) -> httpx.Response:
    """The asynchronous :func:`open_stream` (:func:`send_async`)."""
    read_timeout = _read_timeout(request)

    async def attempt() -> httpx.Response:
        opened = await http_client.send(request, stream=True)
        return opened if opened.is_success else await read_streamed(call, opened, read_timeout)

    response = await send_async(call, policy, attempt)
    problem = _check_download(call, response)
    if problem is not None:
        try:
            response = await read_streamed(call, response, read_timeout)
        except httpx.RequestError as exc:
            raise call.transport_error(exc) from exc
        raise malformed(response, ConformanceError(problem), call.secrets)
    return response


def _check_download(call: Call, response: httpx.Response) -> str | None:
    """Check a stream's final answer: an error status (its body read whole) raised as SimliAPIError;
    for a 2xx, why it is not the declared download (its body is read before that is raised), or None."""
    if not response.is_success:
        raise status_error(response, call.secrets)
    declared = call.facts.declared(response.status_code)
    return None if declared is None else declared.not_a_download(response.headers.get("content-type", ""))


@contextlib.contextmanager
def stream(
    call: Call, policy: RetryPolicy, http_client: httpx.Client, request: httpx.Request
) -> Iterator[Iterator[bytes]]:
    """The 2xx body of ``call`` as an iterator of chunks, for the length of the ``with`` block."""
    response = open_stream(call, policy, http_client, request)
    try:
        yield _chunks(call, response)
    finally:
        response.close()


def _chunks(call: Call, response: httpx.Response) -> Iterator[bytes]:
    try:
        for chunk in response.iter_bytes():
            if chunk:
                yield chunk
    except httpx.RequestError as exc:
        raise call.transport_error(exc) from exc


@contextlib.asynccontextmanager
async def stream_async(
    call: Call, policy: RetryPolicy, http_client: httpx.AsyncClient, request: httpx.Request
) -> AsyncIterator[AsyncIterator[bytes]]:
    """The asynchronous :func:`stream`."""
    response = await open_stream_async(call, policy, http_client, request)
    try:
        yield _async_chunks(call, response)
    finally:
        await response.aclose()


async def _async_chunks(call: Call, response: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes():
            if chunk:
                yield chunk
    except httpx.RequestError as exc:
        raise call.transport_error(exc) from exc
