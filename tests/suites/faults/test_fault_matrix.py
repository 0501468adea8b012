"""The fault matrix: every network fault and every bad upstream answer, sync and async.

Each row: the right SimliError subclass, raised within timeout x (retries + 1) + backoff + slack,
the number of requests the server saw (retries bounded; for the POST, 400 / 422 / 500 and anything
after the request was sent never retried; for a GET, failures after sending and 500 retried too,
400 / 422 never), nothing left behind (threads, tasks, connections), and no canary
secret in the exception (str, repr, attributes, traceback with causes) or in any log record.
"""

from __future__ import annotations

import importlib
import json
import logging
import tracemalloc
import uuid
from dataclasses import dataclass
from types import ModuleType

import pytest

from simli_api import (
    SimliAPIError,
    SimliAuthenticationError,
    SimliConnectionError,
    SimliError,
    SimliRateLimitError,
    SimliResponseError,
    SimliServerError,
    SimliTimeoutError,
    SimliValidationError,
)
from tests.support.fault_harness import MAX_RETRIES, MODES, SECRETS, Mode, Outcome, fetch, start_session, time_bound
from tests.support.fault_server import (
    Behaviour,
    Connection,
    FaultServer,
    Request,
    close_without_answer,
    endless_chunked,
    refused_port,
    reset_mid_body,
    respond,
    respond_json,
    session_ok,
    stall_before_headers,
    stall_mid_body,
)

# Far longer than any time bound: a client without a working timeout visibly waits it out.
STALL = 20.0
ATTEMPTS = MAX_RETRIES + 1


def reflect(status: int, *, content_type: str = "application/json", headers: dict[str, str] | None = None) -> Behaviour:
    """A hostile upstream: answers ``status`` with everything the client sent (headers and body) in the body.

    Whatever secret the request carried is in the response; only redaction keeps it out of errors.
    """

    def behaviour(conn: Connection, request: Request) -> bool:
        echoed = {"headers": request.headers, "body": request.body.decode("utf-8", "replace")}
        if content_type == "application/json":
            body = json.dumps({"error": json.dumps(echoed), "code": request.headers.get("x-simli-api-key", "")})
        else:
            body = (
                f"<html><head><title>{status} Bad Gateway</title></head><body><center><h1>{status}</h1></center>"
                f"<pre>{echoed}</pre>" + "<!-- padding -->" * 40 + "<hr><center>nginx</center></body></html>"
            )
        return respond(status, body, content_type=content_type, headers=headers)(conn, request)

    return behaviour


def reflect_422() -> Behaviour:
    """422 whose detail entries quote the secrets back (as FastAPI does with ``input``)."""

    def behaviour(conn: Connection, request: Request) -> bool:
        sent = json.loads(request.body)
        detail = [
            {"loc": ["body", name, value], "msg": f"bad value {value}", "type": f"value_error.{value}"}
            for name, value in sent.items()
        ]
        return respond_json(422, {"detail": detail})(conn, request)

    return behaviour


def reflect_200_invalid_json() -> Behaviour:
    def behaviour(conn: Connection, request: Request) -> bool:
        body = b"<<not json>> " + request.body + request.headers.get("x-simli-api-key", "").encode()
        return respond(200, body)(conn, request)

    return behaviour


def reflect_200_wrong_types() -> Behaviour:
    def behaviour(conn: Connection, request: Request) -> bool:
        # "status" is an int where the spec says str; "destination" an object quoting the secrets.
        echoed = {request.headers.get("x-simli-api-key", ""): json.loads(request.body)}
        payload = {"status": 5, "session_id": str(uuid.uuid4()), "destination": echoed}
        return respond_json(200, payload)(conn, request)

    return behaviour


def ten_megabytes() -> Behaviour:
    """A 10 MB 200 that starts like the right JSON and never becomes valid."""
    return respond(200, b'{"status": "started", "session_id": "' + b"9" * (10 * 1024 * 1024) + b"x")


@dataclass(frozen=True)
class Row:
    name: str
    script: tuple[Behaviour, ...]
    expected: type[SimliError] | None  # None: the call succeeds
    requests: int | None  # requests the server must have seen (None: nothing listens)
    retry_after: float | None = None
    exact: bool = False  # the error's type must be exactly ``expected`` (not a subclass)


ROWS = [
    Row("refused", (), SimliConnectionError, None, exact=True),
    Row("accept-then-close", (close_without_answer(),), SimliConnectionError, 1, exact=True),
    Row("reset-mid-body", (reset_mid_body(),), SimliConnectionError, 1, exact=True),
    Row("stall-before-headers", (stall_before_headers(STALL),), SimliTimeoutError, 1),
    Row("stall-mid-body", (stall_mid_body(STALL),), SimliTimeoutError, 1),
    Row("500", (reflect(500),), SimliServerError, 1),
    Row("500-retry-after", (reflect(500, headers={"Retry-After": "1"}),), SimliServerError, 1),
    Row("502", (reflect(502),), SimliServerError, ATTEMPTS),
    Row("502-retry-after", (reflect(502, headers={"Retry-After": "1"}),), SimliServerError, ATTEMPTS, 1.0),
    Row("503", (reflect(503),), SimliServerError, ATTEMPTS),
    Row("503-retry-after", (reflect(503, headers={"Retry-After": "1"}),), SimliServerError, ATTEMPTS, 1.0),
    Row("429", (reflect(429),), SimliRateLimitError, ATTEMPTS),
    Row("429-retry-after", (reflect(429, headers={"Retry-After": "1"}),), SimliRateLimitError, ATTEMPTS, 1.0),
    Row("502-html-page", (reflect(502, content_type="text/html"),), SimliServerError, ATTEMPTS),
    Row("400-never-retried", (reflect(400),), SimliAPIError, 1, exact=True),
    Row("401", (reflect(401),), SimliAuthenticationError, 1),
    Row("422-never-retried", (reflect_422(),), SimliValidationError, 1),
    Row("200-invalid-json", (reflect_200_invalid_json(),), SimliResponseError, 1),
    Row("200-wrong-types", (reflect_200_wrong_types(),), SimliResponseError, 1),
    Row("200-empty", (respond(200, b""),), SimliResponseError, 1),
    Row("200-10MB", (ten_megabytes(),), SimliResponseError, 1),
    Row("503-then-200", (reflect(503), session_ok()), None, 2),
    Row("429-429-then-200", (reflect(429), reflect(429), session_ok()), None, 3),
]


# A GET may be resent after the request was sent (idempotent: twice has the effect of once): read
# timeouts, dropped connections and 500 are retried too, within the same bound; a POST's are not (above).
THING = {"name": "thing-1", "size": 3}
IDEMPOTENT_ROWS = [
    Row("refused", (), SimliConnectionError, None, exact=True),
    Row("accept-then-close", (close_without_answer(),), SimliConnectionError, ATTEMPTS, exact=True),
    Row("reset-mid-body", (reset_mid_body(),), SimliConnectionError, ATTEMPTS, exact=True),
    Row("stall-before-headers", (stall_before_headers(STALL),), SimliTimeoutError, ATTEMPTS),
    Row("stall-mid-body", (stall_mid_body(STALL),), SimliTimeoutError, ATTEMPTS),
    Row("500", (reflect(500),), SimliServerError, ATTEMPTS),
    Row("500-retry-after", (reflect(500, headers={"Retry-After": "1"}),), SimliServerError, ATTEMPTS, 1.0),
    Row("502", (reflect(502),), SimliServerError, ATTEMPTS),
    Row("503", (reflect(503),), SimliServerError, ATTEMPTS),
    Row("504", (reflect(504),), SimliServerError, ATTEMPTS),
    Row("429", (reflect(429),), SimliRateLimitError, ATTEMPTS),
    Row("400-never-retried", (reflect(400),), SimliAPIError, 1, exact=True),
    Row("401", (reflect(401),), SimliAuthenticationError, 1),
    Row("422-never-retried", (reflect(422),), SimliValidationError, 1),
    Row("200-invalid-json", (reflect_200_invalid_json(),), SimliResponseError, 1),
    Row("200-empty", (respond(200, b""),), SimliResponseError, 1),
    Row("200-10MB", (ten_megabytes(),), SimliResponseError, 1),
    Row("stall-then-200", (stall_before_headers(STALL), respond_json(200, THING)), None, 2),
    Row("reset-then-200", (reset_mid_body(), respond_json(200, THING)), None, 2),
    Row("close-then-200", (close_without_answer(), respond_json(200, THING)), None, 2),
    Row("500-500-then-200", (reflect(500), reflect(500), respond_json(200, THING)), None, 3),
]


def run_row(row: Row, mode: Mode) -> tuple[Outcome, FaultServer | None]:
    if not row.script:
        return start_session(mode, None, base_url=f"http://127.0.0.1:{refused_port()}"), None
    with FaultServer(row.script) as server:
        outcome = start_session(mode, server)
    return outcome, server


def assert_no_secret(outcome: Outcome, caplog: pytest.LogCaptureFixture) -> None:
    rendered = outcome.rendered_error()
    logged = "\n".join(f"{record.getMessage()} {record.args!r} {record.exc_text or ''}" for record in caplog.records)
    for secret in SECRETS:
        assert secret not in rendered, f"secret leaked into the exception: {rendered[:500]}"
        assert secret not in logged, "secret leaked into a log record"


def assert_nothing_left(outcome: Outcome) -> None:
    assert outcome.leaked_threads == []
    assert outcome.leaked_tasks == []
    assert outcome.open_connections == 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_fault_row(row: Row, mode: Mode, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    outcome, server = run_row(row, mode)

    if row.expected is None:
        assert outcome.error is None, outcome.rendered_error()
        assert outcome.result is not None
    else:
        assert outcome.result is None
        assert isinstance(outcome.error, row.expected), outcome.rendered_error()
        if row.exact:
            assert type(outcome.error) is row.expected
    bound = time_bound(retry_after=row.retry_after)
    assert outcome.elapsed < bound, f"{outcome.elapsed:.1f}s > bound {bound:.1f}s"
    if row.retry_after is not None and row.expected is not None:
        # Retry-After is honoured, not just tolerated: each retry waited the hinted time.
        assert outcome.elapsed >= MAX_RETRIES * row.retry_after
    if server is not None:
        assert server.requests == row.requests
    assert_route(outcome, mode)
    assert_nothing_left(outcome)
    assert_no_secret(outcome, caplog)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("row", IDEMPOTENT_ROWS, ids=[row.name for row in IDEMPOTENT_ROWS])
def test_idempotent_fault_row(
    row: Row, mode: Mode, caplog: pytest.LogCaptureFixture, shapes_client: ModuleType
) -> None:
    """The same checks for a GET (the shapes client's get_thing), whose retries also cover failures after sending."""
    caplog.set_level(logging.DEBUG)
    get_thing = importlib.import_module(f"{shapes_client.__name__}.api.default.get_thing")
    if not row.script:
        outcome, server = fetch(mode, None, get_thing, {"id": "t"}, base_url=f"http://127.0.0.1:{refused_port()}"), None
    else:
        with FaultServer(row.script) as server:
            outcome = fetch(mode, server, get_thing, {"id": "t"})

    if row.expected is None:
        assert outcome.error is None, outcome.rendered_error()
        assert outcome.result == shapes_client.models.Thing(**THING)
    else:
        assert isinstance(outcome.error, row.expected), outcome.rendered_error()
        if row.exact:
            assert type(outcome.error) is row.expected
    bound = time_bound(retry_after=row.retry_after)
    assert outcome.elapsed < bound, f"{outcome.elapsed:.1f}s > bound {bound:.1f}s"
    if row.retry_after is not None and row.expected is not None:
        assert outcome.elapsed >= MAX_RETRIES * row.retry_after
    if server is not None:
        assert server.requests == row.requests
        assert {request.method for request in server.seen} == {"GET"}
    assert_route(outcome, mode)
    assert_nothing_left(outcome)
    assert_no_secret(outcome, caplog)


def assert_route(outcome: Outcome, mode: Mode) -> None:
    """Each async mode really took its route: the direct one never calls httpx.AsyncClient.send."""
    if mode == "async":
        assert outcome.httpx_sends == 0
    elif mode == "async-httpx":
        assert outcome.httpx_sends >= 1


@pytest.mark.parametrize("mode", MODES)
def test_rate_limit_error_carries_retry_after(mode: Mode) -> None:
    with FaultServer([reflect(429, headers={"Retry-After": "1"})]) as server:
        outcome = start_session(mode, server, max_retries=0)
    assert isinstance(outcome.error, SimliRateLimitError)
    assert outcome.error.retry_after == 1.0
    assert server.requests == 1


@pytest.mark.parametrize("mode", MODES)
def test_html_502_is_summarised_not_dumped(mode: Mode) -> None:
    with FaultServer([reflect(502, content_type="text/html")]) as server:
        outcome = start_session(mode, server, max_retries=0)
    assert isinstance(outcome.error, SimliServerError)
    assert outcome.error.status_code == 502
    assert outcome.error.error is None  # not the spec's Error shape: no invented fields
    assert len(outcome.error.body) <= 201  # a short excerpt, not the page
    assert len(str(outcome.error)) < 400


@pytest.mark.parametrize("mode", MODES)
def test_validation_error_lists_issues_redacted(mode: Mode) -> None:
    with FaultServer([reflect_422()]) as server:
        outcome = start_session(mode, server)
    assert isinstance(outcome.error, SimliValidationError)
    assert {issue.loc[1] for issue in outcome.error.errors} == {"session_token", "livekit_token", "livekit_url"}
    assert "[REDACTED]" in str(outcome.error)
    assert server.requests == 1


@pytest.mark.parametrize("mode", MODES)
def test_recovered_session_is_the_servers(mode: Mode) -> None:
    session_id = str(uuid.uuid4())
    with FaultServer([reflect(502), session_ok(session_id)]) as server:
        outcome = start_session(mode, server)
    assert outcome.result is not None
    assert str(outcome.result.session_id) == session_id
    assert server.requests == 2


# The never-ending chunked body: ~6.4 MB/s for as long as the client keeps reading (the server gives
# up after ENDLESS_LIMIT). A response to "start a session" is < 1 KB; anything that keeps reading
# for more than the time bound has no cap. 16 MB of growth is far above any legitimate answer and
# far below what the stream delivers before ENDLESS_LIMIT (~130 MB).
ENDLESS_LIMIT = 20.0
ENDLESS_MEMORY_BOUND = 16 * 1024 * 1024


@pytest.mark.parametrize("mode", MODES)
def test_endless_chunked_body_is_cut_off(mode: Mode, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        with FaultServer([endless_chunked(chunk=64 * 1024, interval=0.01, limit=ENDLESS_LIMIT)]) as server:
            outcome = start_session(mode, server)
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    bound = time_bound()
    assert isinstance(outcome.error, SimliError), outcome.rendered_error()
    assert outcome.elapsed < bound, f"{outcome.elapsed:.1f}s > bound {bound:.1f}s"
    assert peak < ENDLESS_MEMORY_BOUND, f"memory grew by {peak / 1e6:.0f} MB"
    assert server.requests == 1
    assert_route(outcome, mode)
    assert_nothing_left(outcome)
    assert_no_secret(outcome, caplog)


def test_reflect_really_echoes_the_secrets() -> None:
    """The redaction rows mean something only if the hostile server really sends the secrets back."""
    with FaultServer([reflect(500)]) as server:
        import httpx

        response = httpx.post(
            f"{server.base_url}/x", headers={"x-simli-api-key": SECRETS[0]}, json={"session_token": SECRETS[1]}
        )
    assert SECRETS[0] in response.text
    assert SECRETS[1] in response.text
