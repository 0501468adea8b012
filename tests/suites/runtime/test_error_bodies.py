"""Error bodies in every shape the description uses surface on SimliAPIError as ``error``, ``code`` and ``detail``.

Shapes: the ``Error`` schema ``{"error", "code"}``, a FastAPI ``{"detail": "..."}`` (here with a token
beside it, as Simli's 400 for a session token carries), FastAPI's 422 issue list; anything else is
only the redacted excerpt. Secrets, including a token the error body itself carries, never show.
"""

from __future__ import annotations

import json
from types import ModuleType

import pytest

from simli_api import (
    SimliAPIError,
    SimliError,
    SimliNotFoundError,
    SimliServerError,
    SimliValidationError,
    ValidationIssue,
)
from tests.support.fault_server import FaultServer, respond, respond_json
from tests.support.runtime_harness import API_KEY, MODES, Mode, answer, call
from tests.support.shapes_client import operation

pytestmark = pytest.mark.parametrize("mode", MODES)

BODY_TOKEN = "session-token-in-an-error-body-7f3a9b"


def create(mode: Mode, shapes_client: ModuleType, *replies: object) -> SimliError:
    thing = shapes_client.models.Thing(name="n")
    with FaultServer(list(replies)) as server, pytest.raises(SimliError) as caught:  # type: ignore[arg-type]
        call(mode, server.base_url, operation(shapes_client, "create_thing"), body=thing, client={"max_retries": 0})
    rendered = f"{caught.value} {caught.value!r} {vars(caught.value)}"
    for secret in (API_KEY, BODY_TOKEN):
        assert secret not in rendered
    return caught.value


def test_a_detail_string_with_a_token_beside_it(mode: Mode, shapes_client: ModuleType) -> None:
    error = create(mode, shapes_client, respond_json(400, {"session_token": BODY_TOKEN, "detail": "Invalid face id"}))
    assert type(error) is SimliAPIError
    assert (error.status_code, error.error, error.code, error.detail) == (400, None, None, "Invalid face id")
    assert str(error) == "HTTP 400: Invalid face id"
    assert "[REDACTED]" in error.body


def test_the_error_schema(mode: Mode, shapes_client: ModuleType) -> None:
    error = create(mode, shapes_client, respond_json(409, {"error": "name taken", "code": "THING_EXISTS"}))
    assert isinstance(error, SimliAPIError)
    assert (error.error, error.code, error.detail) == ("name taken", "THING_EXISTS", None)
    assert str(error) == "HTTP 409: name taken (code THING_EXISTS)"


def test_fastapi_validation_issues(mode: Mode, shapes_client: ModuleType) -> None:
    detail = [
        {"loc": ["body", "name"], "msg": "field required", "type": "value_error.missing"},
        {"loc": ["body", "size", 0], "msg": f"not {API_KEY}", "type": "type_error"},
        {"loc": "not-a-list", "msg": "skipped", "type": "x"},
    ]
    error = create(mode, shapes_client, respond_json(422, {"detail": detail}))
    assert isinstance(error, SimliValidationError)
    assert error.errors == [
        ValidationIssue(("body", "name"), "field required", "value_error.missing"),
        ValidationIssue(("body", "size", 0), "not [REDACTED]", "type_error"),
    ]
    assert error.detail == "body.name: field required; body.size.0: not [REDACTED]"


def test_a_server_error_with_a_detail(mode: Mode, shapes_client: ModuleType) -> None:
    error = create(mode, shapes_client, respond_json(500, {"detail": f"worker crashed with key {API_KEY}"}))
    assert isinstance(error, SimliServerError)
    assert error.detail == "worker crashed with key [REDACTED]"


@pytest.mark.parametrize(
    "reply",
    [
        respond(400, "<html>Bad Request</html>", content_type="text/html"),
        respond_json(400, ["not", "an", "object"]),
        respond_json(400, {"error": {"nested": True}, "code": None, "detail": [1, 2]}),
        answer(400),
    ],
    ids=["html", "json-list", "odd-fields", "empty"],
)
def test_other_bodies_are_only_an_excerpt(mode: Mode, shapes_client: ModuleType, reply: object) -> None:
    error = create(mode, shapes_client, reply)
    assert isinstance(error, SimliAPIError)
    assert (error.error, error.code, error.detail) == (None, None, None)


def test_a_status_declared_without_content(mode: Mode, shapes_client: ModuleType) -> None:
    with FaultServer([answer(404)]) as server, pytest.raises(SimliNotFoundError) as caught:
        call(mode, server.base_url, operation(shapes_client, "get_thing"), id="missing")
    assert str(caught.value) == "HTTP 404"
    plain = {name: value for name, value in vars(caught.value).items() if name != "response"}  # the httpx.Response
    assert json.loads(json.dumps(plain))["status_code"] == 404
    assert caught.value.response is not None
    assert caught.value.response.status_code == 404
