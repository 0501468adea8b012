"""Multipart uploads through the generic call path: from a path, bytes or a file object, whole on every attempt."""

from __future__ import annotations

import email.parser
import email.policy
import io
from pathlib import Path
from types import ModuleType

import pytest

from simli_api._files import to_file
from tests.support.fault_server import FaultServer, Request
from tests.support.runtime_harness import KEY_HEADER, MODES, Mode, answer, call, typed
from tests.support.shapes_client import operation

pytestmark = pytest.mark.parametrize("mode", MODES)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40 + b"\r\n--+++\r\n"  # contains the generator's fixed boundary


def parts(request: Request) -> dict[str, tuple[str | None, str, bytes]]:
    """name -> (filename, content type, content) of a multipart/form-data request."""
    raw = b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n" + request.body
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    found: dict[str, tuple[str | None, str, bytes]] = {}
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[str(part.get_param("name", header="content-disposition"))] = (
            part.get_filename(),
            part.get_content_type(),
            payload,
        )
    return found


@pytest.mark.parametrize("source", ["path", "bytes", "file object"])
def test_an_image_uploads_from_a_path_bytes_or_a_file_object(
    mode: Mode, shapes_client: ModuleType, tmp_path: Path, source: str
) -> None:
    path = tmp_path / "portrait.png"
    path.write_bytes(PNG)
    if source == "path":
        image = to_file(path, "image")
    elif source == "bytes":
        image = to_file(PNG, "image")
    else:
        with path.open("rb") as handle:
            image = to_file(handle, "image")
    upload = shapes_client.models.RenderUpload(image=image, label="front")
    with FaultServer([typed(200, b"\x89PNG\r\n\x1a\nresult", "image/png")]) as server:
        result = call(mode, server.base_url, operation(shapes_client, "render_image"), body=upload)
    assert result == b"\x89PNG\r\n\x1a\nresult"
    (request,) = server.seen
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert "boundary=+++" not in request.headers["content-type"]  # a random boundary, never the fixed one
    received = parts(request)
    expected_name = "portrait.png" if source != "bytes" else "image"
    assert received["image"] == (expected_name, "image/png", PNG)
    assert received["label"][2] == b"front"
    assert request.headers[KEY_HEADER]


def test_a_retry_resends_the_whole_upload(mode: Mode, shapes_client: ModuleType) -> None:
    upload = shapes_client.models.RenderUpload(image=to_file(io.BytesIO(PNG), "image"))
    with FaultServer([answer(503), answer(429), typed(200, b"{}", "application/json")]) as server:
        assert call(mode, server.base_url, operation(shapes_client, "render_image"), body=upload) == {}
    first, second, third = server.seen
    assert first.body == second.body == third.body
    assert first.headers["content-length"] == str(len(first.body))
    assert parts(third)["image"][2] == PNG


def test_a_caller_file_object_in_the_generated_model_is_sent_whole(mode: Mode, shapes_client: ModuleType) -> None:
    """A File built by hand around an open file (no to_file): read once, resent whole on a retry."""
    handle = io.BytesIO(PNG)
    handle.read(10)  # a consumed stream: httpx rewinds seekable files, as before
    upload = shapes_client.models.RenderUpload(image=shapes_client.types.File(payload=handle, file_name="f.png"))
    with FaultServer([answer(503), typed(200, b"null", "application/json")]) as server:
        assert call(mode, server.base_url, operation(shapes_client, "render_image"), body=upload) is None
    assert [parts(request)["image"][2] for request in server.seen] == [PNG, PNG]


def test_a_missing_file_fails_before_any_request(mode: Mode, shapes_client: ModuleType, tmp_path: Path) -> None:
    module = operation(shapes_client, "render_image")
    with FaultServer([answer(200)]) as server, pytest.raises(FileNotFoundError, match="image: no such file"):
        call(
            mode,
            server.base_url,
            module,
            body=shapes_client.models.RenderUpload(image=to_file(tmp_path / "x", "image")),
        )
    assert server.requests == 0
