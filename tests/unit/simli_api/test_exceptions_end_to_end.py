"""Each error class, end to end over real sockets: a scripted HTTP server on 127.0.0.1, no mocks.

(Prism, in tests/suites/contract, covers the statuses the spec documents: 200, 400, 422.)
"""

from __future__ import annotations

import json

import pytest

from simli_api import (
    SimliAPIError,
    SimliAuthenticationError,
    SimliConnectionError,
    SimliError,
    SimliNotFoundError,
    SimliRateLimitError,
    SimliResponseError,
    SimliServerError,
    SimliTimeoutError,
    SimliValidationError,
)
from tests.support.facade_harness import KINDS, PATH, Reply, closed_port_url, scripted_server, session_json, start

CASES: dict[str, tuple[list[Reply], type[SimliError], int]] = {
    "400": ([Reply.json(400, {"error": "Session failed", "code": "E_SESSION"})], SimliAPIError, 1),
    "422": ([Reply.json(422, {"detail": [{"loc": ["body"], "msg": "bad", "type": "t"}]})], SimliValidationError, 1),
    "401": ([Reply(401, b"Unauthorized")], SimliAuthenticationError, 1),
    "403": ([Reply(403, b"Forbidden")], SimliAuthenticationError, 1),
    "404": ([Reply(404, b"<html>Not Found</html>")], SimliNotFoundError, 1),
    "429": ([Reply(429, b"slow down", {"Retry-After": "0"})], SimliRateLimitError, 3),
    "500": ([Reply(500, b"Internal Server Error")], SimliServerError, 1),
    "502": ([Reply(502, b"Bad Gateway")], SimliServerError, 3),
    "not json": ([Reply(200, b"<html>ok</html>", {"Content-Type": "text/html"})], SimliResponseError, 1),
    "bad uuid": ([Reply.json(200, session_json(session_id="1234"))], SimliResponseError, 1),
    "timeout": ([Reply.json(200, session_json(), delay=0.5)], SimliTimeoutError, 1),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", list(CASES))
def test_error_classes_over_real_http(kind: str, case: str) -> None:
    replies, error, attempts = CASES[case]
    with scripted_server(*replies) as (url, received), pytest.raises(SimliError) as caught:
        start(kind, base_url=url, timeout=0.2)
    assert type(caught.value) is error
    assert len(received) == attempts
    assert {r.path for r in received} == {PATH}


@pytest.mark.parametrize("kind", KINDS)
def test_connection_refused(kind: str) -> None:
    with pytest.raises(SimliConnectionError) as caught:
        start(kind, base_url=closed_port_url())
    assert type(caught.value) is SimliConnectionError


@pytest.mark.parametrize("kind", KINDS)
def test_undecodable_body_is_a_connection_error(kind: str) -> None:
    """A body that claims gzip but is not: httpx cannot decode it, and no raw httpx error escapes."""
    broken = Reply(200, b"this is not gzip", {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    with scripted_server(broken) as (url, received), pytest.raises(SimliConnectionError, match="DecodingError"):
        start(kind, base_url=url)
    assert len(received) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_success_after_a_503(kind: str) -> None:
    body = session_json()
    with scripted_server(Reply(503, b"busy"), Reply.json(200, body)) as (url, received):
        session = start(kind, base_url=url, api_key="e2e-key")
    assert str(session.session_id) == body["session_id"]
    assert len(received) == 2
    assert received[0].body == received[1].body
    assert json.loads(received[1].body).keys() == {"session_token", "livekit_token", "livekit_url"}
    assert "x-simli-api-key" not in received[1].headers  # the LiveKit start is `security: []`
