"""Every response shape the description can declare comes back as the facade promises, on every route.

Operations are the shapes client's (tests/fixtures/specs/runtime-shapes.yaml), answered by a local
server: 204 and empty 2xx are None, untyped JSON may be null, binary media types are bytes (checked),
an operation that declares no responses returns what arrived, typed JSON is the checked model.
"""

from __future__ import annotations

import io
import json
import warnings
from types import ModuleType

import pytest

from simli_api import SimliResponseError
from tests.support.fault_server import FaultServer, respond_json
from tests.support.runtime_harness import KEY_HEADER, MODES, Mode, Run, answer, call, typed
from tests.support.shapes_client import operation

pytestmark = pytest.mark.parametrize("mode", MODES)

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


def test_204_is_none(mode: Mode, shapes_client: ModuleType) -> None:
    with FaultServer([answer(204)]) as server, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # delete_thing is deprecated (tested elsewhere)
        assert call(mode, server.base_url, operation(shapes_client, "delete_thing"), id="t-1") is None
    (request,) = server.seen
    assert (request.method, request.path) == ("DELETE", "/things/t-1")


@pytest.mark.parametrize(
    ("name", "reply"),
    [
        ("empty, unlabelled", answer(200)),
        ("empty JSON", typed(200, b"", "application/json")),
        ("a body anyway", typed(200, b'{"name": "ignored"}', "application/json")),
    ],
)
def test_a_status_declared_without_content_is_none(
    mode: Mode, shapes_client: ModuleType, name: str, reply: object
) -> None:
    module = operation(shapes_client, "replace_thing")
    thing = shapes_client.models.Thing(name="new")
    with FaultServer([reply]) as server:  # type: ignore[list-item]
        assert call(mode, server.base_url, module, id="t-2", body=thing) is None
    (request,) = server.seen
    assert (request.method, json.loads(request.body)) == ("PUT", {"name": "new"})


@pytest.mark.parametrize(
    ("body", "expected"),
    [(b"null", None), (b"", None), (b'{"a": [1, 2]}', {"a": [1, 2]}), (b"[1, 2]", [1, 2]), (b'"text"', "text")],
)
def test_untyped_json_is_any_value_null_included(
    mode: Mode, shapes_client: ModuleType, body: bytes, expected: object
) -> None:
    with FaultServer([typed(200, body, "application/json")]) as server:
        assert call(mode, server.base_url, operation(shapes_client, "get_anything")) == expected


def test_nullable_json_may_be_null(mode: Mode, shapes_client: ModuleType) -> None:
    module = operation(shapes_client, "get_maybe")
    with FaultServer([typed(200, b"null", "application/json"), respond_json(200, {"name": "n"})]) as server:
        assert call(mode, server.base_url, module) is None
        assert call(mode, server.base_url, module) == shapes_client.models.Thing(name="n")


@pytest.mark.parametrize("body", [b'"hello"', b"[1, 2]", b'{"size": 1}'])
def test_a_union_that_no_branch_parses_is_a_response_error(mode: Mode, shapes_client: ModuleType, body: bytes) -> None:
    """The generated parser of Thing | null hands anything else back raw; the facade checks it against Thing | None."""
    with FaultServer([typed(200, body, "application/json")]) as server, pytest.raises(SimliResponseError) as caught:
        call(mode, server.base_url, operation(shapes_client, "get_maybe"))
    assert "response: expected None | Thing, got" in str(caught.value)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "an empty body where the description promises application/json"),
        (b"null", "a JSON null where the description promises a value (application/json)"),
        (b'{"name": 5}', "response.name: expected str, got int"),
        (b"[1]", "TypeError"),
    ],
)
def test_typed_json_must_be_the_promised_value(mode: Mode, shapes_client: ModuleType, body: bytes, reason: str) -> None:
    with FaultServer([typed(200, body, "application/json")]) as server, pytest.raises(SimliResponseError) as caught:
        call(mode, server.base_url, operation(shapes_client, "get_thing"), id="t-3")
    assert reason in str(caught.value)


def test_typed_json_comes_back_as_the_model(mode: Mode, shapes_client: ModuleType) -> None:
    with FaultServer([respond_json(200, {"name": "thing", "size": 3})]) as server:
        thing = call(mode, server.base_url, operation(shapes_client, "get_thing"), id="t-4")
    assert thing == shapes_client.models.Thing(name="thing", size=3)


def test_a_2xx_status_the_operation_does_not_declare_is_a_response_error(mode: Mode, shapes_client: ModuleType) -> None:
    with FaultServer([respond_json(201, {"name": "x"})]) as server, pytest.raises(SimliResponseError) as caught:
        call(mode, server.base_url, operation(shapes_client, "get_thing"), id="t-5")
    assert "HTTP 201 is not a status the description declares for GET /things/{id} (it declares 200, 404)" in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (typed(200, PNG, "image/png"), PNG),
        (answer(200, PNG), PNG),  # unlabelled: bytes, as they came
        (typed(200, b'{"queued": true}', "application/json"), {"queued": True}),
        (typed(200, b"null", "application/json"), None),
        (typed(200, "fertig ✓".encode(), "text/plain; charset=utf-8"), "fertig ✓"),
        (answer(200), None),
        (answer(204), None),
    ],
    ids=["png", "unlabelled", "json", "json-null", "text", "empty", "204"],
)
def test_an_operation_without_declared_responses_returns_what_arrived(
    mode: Mode, shapes_client: ModuleType, reply: object, expected: object
) -> None:
    upload = shapes_client.models.RenderUpload(image=shapes_client.types.File(payload=io.BytesIO(PNG)))
    with FaultServer([reply]) as server:  # type: ignore[list-item]
        assert call(mode, server.base_url, operation(shapes_client, "render_image"), body=upload) == expected


def test_undeclared_json_that_is_not_json_is_a_response_error(mode: Mode, shapes_client: ModuleType) -> None:
    upload = shapes_client.models.RenderUpload(image=shapes_client.types.File(payload=io.BytesIO(PNG)))
    reply = typed(200, b"{oops", "application/json")
    with FaultServer([reply]) as server, pytest.raises(SimliResponseError, match="not JSON"):
        call(mode, server.base_url, operation(shapes_client, "render_image"), body=upload)


@pytest.mark.parametrize("content_type", ["video/mp4", "application/octet-stream", None])
def test_binary_downloads_are_bytes(mode: Mode, shapes_client: ModuleType, content_type: str | None) -> None:
    reply = answer(200, VIDEO) if content_type is None else typed(200, VIDEO, content_type)
    with FaultServer([reply]) as server:
        assert call(mode, server.base_url, operation(shapes_client, "get_video"), name="clip.mp4") == VIDEO
    assert server.seen[0].path == "/videos/clip.mp4"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("application/x-mpegURL", b"#EXTM3U\n#EXT-X-VERSION:3\nseg0.ts\n"), ("video/MP2T", b"G\x40\x00\x10" * 47)],
)
def test_hls_playlists_and_segments_are_bytes(
    mode: Mode, shapes_client: ModuleType, content_type: str, body: bytes
) -> None:
    with FaultServer([typed(200, body, content_type)]) as server:
        assert call(mode, server.base_url, operation(shapes_client, "get_hls"), name="x") == body


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"error": "no such video"}'),
        ("text/html", b"<html><body>Moved</body></html>"),
        ("text/plain", b"not found"),
    ],
)
def test_json_or_text_where_only_binary_is_declared_is_a_response_error(
    mode: Mode, shapes_client: ModuleType, content_type: str, body: bytes
) -> None:
    with FaultServer([typed(200, body, content_type)]) as server, pytest.raises(SimliResponseError) as caught:
        call(mode, server.base_url, operation(shapes_client, "get_video"), name="clip.mp4")
    assert f"a {content_type} body where the description declares only video/mp4" in str(caught.value)


def test_a_video_larger_than_the_json_cap_comes_back_whole(mode: Mode, shapes_client: ModuleType) -> None:
    """The 8 MiB cap is for JSON and text; a declared download is bounded by the read timeout per chunk only."""
    big = bytes(range(256)) * (9 * 4096 + 17)  # a little over 9 MiB
    with FaultServer([typed(200, big, "video/mp4")]) as server:
        assert call(mode, server.base_url, operation(shapes_client, "get_video"), name="big.mp4") == big


def test_json_is_still_capped_where_the_description_declares_json(mode: Mode, shapes_client: ModuleType) -> None:
    huge = b'{"name": "' + b"x" * (9 * 1024 * 1024) + b'"}'
    with FaultServer([typed(200, huge, "video/mp4")]) as server, pytest.raises(SimliResponseError, match="larger than"):
        call(mode, server.base_url, operation(shapes_client, "get_thing"), id="big")


def test_key_header_comes_from_the_description(mode: Mode, shapes_client: ModuleType) -> None:
    """X-Fixture-Key, not Simli's header: the scheme's own name; none on `security: []` or bearer-only operations."""
    replies = [answer(204), typed(200, VIDEO, "video/mp4"), answer(204), respond_json(200, {"name": "x"})]
    with FaultServer(replies) as server:
        call(mode, server.base_url, operation(shapes_client, "get_optional_auth"))
        call(mode, server.base_url, operation(shapes_client, "get_video"), name="v")
        call(mode, server.base_url, operation(shapes_client, "get_bearer_only"))
        call(mode, server.base_url, operation(shapes_client, "get_thing"), client={"api_key": "other"}, id="x")
    if mode == "async":
        assert Run.httpx_sends == 0  # the direct route took the per-operation headers too
    keyed, video, bearer, other = server.seen
    assert keyed.headers[KEY_HEADER] == "fixture-api-key-5d1e9c"
    for request in (video, bearer):
        assert KEY_HEADER not in request.headers
        assert "fixture-api-key" not in json.dumps(request.headers)
    assert other.headers[KEY_HEADER] == "other"
    assert "x-simli-api-key" not in json.dumps([request.headers for request in server.seen])
