"""Non-2xx answers become the right SimliAPIError subclass, with the spec's fields and a short excerpt."""

from __future__ import annotations

import httpx
import pytest
import respx

import simli_api
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
    ValidationIssue,
)
from simli_api._constants import EXCERPT_LIMIT
from tests.support.facade_harness import BASE_URL, KINDS, PATH, start


def test_hierarchy() -> None:
    for api_error in (
        SimliValidationError,
        SimliAuthenticationError,
        SimliNotFoundError,
        SimliRateLimitError,
        SimliServerError,
    ):
        assert issubclass(api_error, SimliAPIError)
    assert issubclass(SimliTimeoutError, SimliConnectionError)
    for error in (SimliAPIError, SimliConnectionError, SimliResponseError):
        assert issubclass(error, SimliError)
        assert error.__name__ in simli_api.__all__


@pytest.mark.parametrize("kind", KINDS)
def test_400_carries_error_and_code(kind: str, router: respx.MockRouter) -> None:
    router.post(PATH).respond(400, json={"error": "Invalid session token", "code": "INVALID_TOKEN"})
    with pytest.raises(SimliAPIError) as caught:
        start(kind, base_url=BASE_URL)
    error = caught.value
    assert type(error) is SimliAPIError
    assert (error.status_code, error.error, error.code) == (400, "Invalid session token", "INVALID_TOKEN")
    assert "Invalid session token" in str(error)
    assert "INVALID_TOKEN" in str(error)


def test_400_without_code() -> None:
    with respx.mock(base_url=BASE_URL, using="httpx") as router:
        router.post(PATH).respond(400, json={"error": "Session failed"})
        with pytest.raises(SimliAPIError) as caught:
            start("sync", base_url=BASE_URL)
    assert (caught.value.error, caught.value.code) == ("Session failed", None)


@pytest.mark.parametrize("body", [b"<html>Bad Request</html>", b"", b'{"message": "nope"}', b'["error"]'])
def test_400_with_an_unexpected_body_keeps_an_excerpt(body: bytes, router: respx.MockRouter) -> None:
    router.post(PATH).respond(400, content=body)
    with pytest.raises(SimliAPIError) as caught:
        start("sync", base_url=BASE_URL)
    assert caught.value.error is None
    assert caught.value.body == body.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_422_lists_each_issue(kind: str, router: respx.MockRouter) -> None:
    detail = [
        {"loc": ["body", "livekit_url"], "msg": "Field required", "type": "missing"},
        {"loc": ["body", 0], "msg": "Input should be a valid string", "type": "string_type", "input": 1},
    ]
    router.post(PATH).respond(422, json={"detail": detail})
    with pytest.raises(SimliValidationError) as caught:
        start(kind, base_url=BASE_URL)
    assert caught.value.status_code == 422
    assert caught.value.errors == [
        ValidationIssue(("body", "livekit_url"), "Field required", "missing"),
        ValidationIssue(("body", 0), "Input should be a valid string", "string_type"),
    ]
    assert "body.livekit_url: Field required" in str(caught.value)


@pytest.mark.parametrize(
    "body", [{"detail": "not a list"}, {"detail": [{"loc": "x"}]}, {"detail": [{"loc": [{}], "msg": 1, "type": "t"}]}]
)
def test_422_with_malformed_detail_still_maps(body: object, router: respx.MockRouter) -> None:
    router.post(PATH).respond(422, json=body)
    with pytest.raises(SimliValidationError) as caught:
        start("sync", base_url=BASE_URL)
    assert caught.value.errors == []


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, SimliAuthenticationError),
        (403, SimliAuthenticationError),
        (404, SimliNotFoundError),
        (429, SimliRateLimitError),
        (500, SimliServerError),
        (502, SimliServerError),
        (503, SimliServerError),
        (504, SimliServerError),
        (409, SimliAPIError),
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_status_classes(kind: str, status: int, error: type[SimliAPIError], router: respx.MockRouter) -> None:
    router.post(PATH).respond(status, text=f"status {status} says " + "x" * 1000)
    with pytest.raises(SimliAPIError) as caught:
        start(kind, base_url=BASE_URL, max_retries=0)
    assert type(caught.value) is error
    assert caught.value.status_code == status
    assert caught.value.body.startswith(f"status {status} says xxx")
    assert len(caught.value.body) <= EXCERPT_LIMIT + 1
    assert len(str(caught.value)) < 400


@pytest.mark.parametrize("kind", KINDS)
def test_transport_errors_never_escape_raw(kind: str, router: respx.MockRouter) -> None:
    router.post(PATH).mock(side_effect=httpx.RemoteProtocolError("server disconnected"))
    with pytest.raises(SimliConnectionError) as caught:
        start(kind, base_url=BASE_URL)
    assert "RemoteProtocolError" in str(caught.value)
