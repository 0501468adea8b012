"""A 2xx whose body breaks the spec's promise becomes SimliResponseError, never a bare parser error."""

from __future__ import annotations

import datetime
import enum
import uuid
from typing import Any

import attrs
import pytest
import respx

from simli_api import MissingSessionIdWarning, SimliResponseError
from simli_api._conformance import ConformanceError, check_model, check_result
from simli_api_client.models import HTTPValidationError, LiveKitAgentsSession, ValidationError
from simli_api_client.types import UNSET, Unset
from tests.support.facade_harness import BASE_URL, KINDS, PATH, session_json, start

GOOD_ID = "6f1c2b9e-0c1d-4c55-9a43-2f7d3f7c9b10"

MALFORMED: dict[str, tuple[bytes, str]] = {
    "html": (b"<html><body>Welcome to nginx</body></html>", "not JSON"),
    "empty": (b"", "an empty body where the description promises application/json"),
    "truncated json": (b'{"status": "ok", "session_id": "', "not JSON"),
    "not utf-8": (b"\xff\xfe\x00garbage", "not JSON"),
    "null": (b"null", "a JSON null where the description promises a value"),
    "list": (b"[1, 2, 3]", ""),
    "string": (b'"ok"', ""),
    "session_id not a uuid": (b'{"status": "ok", "session_id": "not-a-uuid"}', "ValueError"),
    "session_id a number": (b'{"status": "ok", "session_id": 12345}', ""),
    "session_id null": (b'{"status": "ok", "session_id": null}', ""),
    "status a number": (f'{{"status": 5, "session_id": "{GOOD_ID}"}}'.encode(), "response.status"),
    "status a bool": (f'{{"status": true, "session_id": "{GOOD_ID}"}}'.encode(), "response.status"),
    "destination a list": (f'{{"session_id": "{GOOD_ID}", "destination": ["a"]}}'.encode(), "response.destination"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_2xx_bodies(kind: str, case: str, router: respx.MockRouter) -> None:
    body, reason = MALFORMED[case]
    router.post(PATH).respond(200, content=body, headers={"Content-Type": "application/json"})
    with pytest.raises(SimliResponseError) as caught:
        start(kind, base_url=BASE_URL)
    error = caught.value
    assert error.status_code == 200
    assert reason in str(error)
    assert error.body == body.decode("utf-8", errors="replace")[:200]
    assert error.__cause__ is None or not isinstance(error.__cause__, (KeyError, ValueError, TypeError))


# The description requires no field of the agents 2xx: an object without session_id is returned, with a
# warning (raising would invite a retry, and a second avatar). These two bodies were malformed before.
WITHOUT_SESSION_ID = {"empty object": b"{}", "no session_id": b'{"status": "ok", "destination": "ZA=="}'}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", list(WITHOUT_SESSION_ID))
def test_a_2xx_without_session_id_is_returned_with_a_warning(kind: str, case: str, router: respx.MockRouter) -> None:
    router.post(PATH).respond(200, content=WITHOUT_SESSION_ID[case], headers={"Content-Type": "application/json"})
    with pytest.warns(MissingSessionIdWarning, match="do not retry"):
        session = start(kind, base_url=BASE_URL)
    assert isinstance(session, LiveKitAgentsSession)
    assert isinstance(session.session_id, Unset)


def test_long_bodies_are_cut_to_an_excerpt(router: respx.MockRouter) -> None:
    router.post(PATH).respond(200, content=b"<html>" + b"y" * 5000)
    with pytest.raises(SimliResponseError) as caught:
        start("sync", base_url=BASE_URL)
    assert len(caught.value.body) < 210
    assert len(str(caught.value)) < 400


def test_undocumented_2xx_status_is_a_response_error(router: respx.MockRouter) -> None:
    router.post(PATH).respond(201, json=session_json())
    with pytest.raises(SimliResponseError, match="HTTP 201 is not a status the description declares"):
        start("sync", base_url=BASE_URL)


def test_extra_fields_are_kept_not_rejected(router: respx.MockRouter) -> None:
    router.post(PATH).respond(200, json=session_json(region="eu", status="ok"))
    session = start("sync", base_url=BASE_URL)
    assert session.additional_properties == {"region": "eu"}
    assert isinstance(session.session_id, uuid.UUID)


# --------------------------------------------------------------------------- the checker on its own


class Colour(enum.Enum):
    RED = "red"


@attrs.define
class Inner:
    when: datetime.datetime
    ratio: float


@attrs.define
class Outer:
    name: str
    count: int
    flag: bool
    ident: uuid.UUID
    colour: Colour
    inner: Inner
    items: list[Inner]
    scores: dict[str, int]
    maybe: str | None
    optional: int | Unset = UNSET
    anything: Any = None


def _outer(**overrides: Any) -> Outer:
    values: dict[str, Any] = {
        "name": "n",
        "count": 1,
        "flag": True,
        "ident": uuid.uuid4(),
        "colour": Colour.RED,
        "inner": Inner(datetime.datetime.now(tz=datetime.timezone.utc), 0.5),
        "items": [Inner(datetime.datetime.now(tz=datetime.timezone.utc), 1)],
        "scores": {"a": 1},
        "maybe": None,
    }
    values.update(overrides)
    return Outer(**values)


def test_checker_accepts_a_conforming_model() -> None:
    check_model(_outer())
    check_model(_outer(optional=3, maybe="x", anything=object()))
    check_model([_outer(), _outer()])


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"name": 1}, "response.name"),
        ({"count": "1"}, "response.count"),
        ({"count": True}, "response.count"),
        ({"flag": 1}, "response.flag"),
        ({"ident": "6f1c2b9e-0c1d-4c55-9a43-2f7d3f7c9b10"}, "response.ident"),
        ({"colour": "red"}, "response.colour"),
        ({"inner": {"when": "now"}}, "response.inner"),
        ({"inner": Inner("yesterday", 0.5)}, "response.inner.when"),  # type: ignore[arg-type]
        ({"items": [Inner(datetime.datetime.now(), "x")]}, "response.items[0].ratio"),  # type: ignore[arg-type]
        ({"items": "abc"}, "response.items"),
        ({"scores": {"a": "1"}}, "response.scores['a']"),
        ({"maybe": 3}, "response.maybe"),
        ({"optional": "3"}, "response.optional"),
        ({"optional": True}, "response.optional"),  # a union of plain classes still refuses a bool for an int
        ({"inner": Inner(datetime.datetime.now(), True)}, "response.inner.ratio"),
    ],
)
def test_checker_names_the_first_bad_field(overrides: dict[str, Any], path: str) -> None:
    with pytest.raises(ConformanceError) as caught:
        check_model(_outer(**overrides))
    assert str(caught.value).startswith(path + ":")


def test_a_result_of_a_known_model_class_is_checked_the_same() -> None:
    """check_result's compiled field list (the class met before) finds what the first check finds."""

    def parser() -> Outer:
        raise NotImplementedError

    check_result(_outer(), parser)
    check_result(_outer(optional=2), parser)
    for overrides, path in (({"count": True}, "response.count"), ({"maybe": 3}, "response.maybe")):
        with pytest.raises(ConformanceError, match=rf"^{path}:"):
            check_result(_outer(**overrides), parser)


def test_checker_resolves_generated_models_with_forward_references() -> None:
    good = HTTPValidationError(detail=[ValidationError(loc=["body", 0], msg="m", type_="t")])
    check_model(good)
    bad = HTTPValidationError(detail=[ValidationError(loc=[{"x": 1}], msg="m", type_="t")])  # type: ignore[list-item]
    with pytest.raises(ConformanceError):
        check_model(bad)


def test_checker_on_the_session_model() -> None:
    check_model(LiveKitAgentsSession(status="ok", session_id=uuid.UUID(GOOD_ID), destination="ZA=="))
    check_model(LiveKitAgentsSession())
    with pytest.raises(ConformanceError, match="session_id"):
        check_model(LiveKitAgentsSession(session_id=GOOD_ID))  # type: ignore[arg-type]
