"""The facade's own operations (the pinned description): least privilege, deprecation, and the shapes that failed.

Issue 10 found half of Simli's operations failing through ``simli.call``: a DELETE answering 204, a PUT
answering an empty 200, an untyped answer that is JSON null, binary video downloads, an operation
declaring no responses. Each is called here through Simli and AsyncSimli (both async routes) against a
local server; which operations receive the key and which warn is checked against the description itself.
"""

from __future__ import annotations

import importlib
import uuid
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from simli_api import Simli, SimliAPIError
from simli_api._facts import facts_for
from simli_api._files import to_file
from simli_api_client.api.default import (
    create_pipecat_session_token_auto_token_post as auto_token,
)
from simli_api_client.api.default import (
    delete_faces_trinity_id,
    get_faces,
    init_integrations_livekit_agents_post,
    put_auto_agent_id,
    start_agent_id_query_auto_start_agent_id_session_token_post,
)
from simli_api_client.api.default import (
    get_cached_video_mp_4_static_mp_4_machine_ip_file_get as mp4,
)
from simli_api_client.api.default import (
    get_cached_video_static_hls_machine_ip_file_get as hls,
)
from simli_api_client.api.default import (
    preprocess_image_faces_trinity_preprocess_post as preprocess,
)
from simli_api_client.api.default import (
    start_audio_to_video_session_compose_token_post as compose_token,
)
from simli_api_client.models import (
    AgentUpdate,
    FacePreprocessUpload,
    LiveKitInitializationRequest,
    StartStreamingSessionRequest,
    TokenRequest,
)
from simli_api_client.operation_facts import OPERATIONS
from tests.conftest import ROOT
from tests.support.fault_server import FaultServer, respond_json
from tests.support.runtime_harness import MODES, Mode, answer, call, options, typed

API_KEY_HEADER = "x-simli-api-key"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)


def described() -> dict[tuple[str, str], dict[str, Any]]:
    """(METHOD, path) -> operation, read from openapi/openapi.yaml directly."""
    document = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
    found = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch", "head", "options"):
                found[(method.upper(), path)] = {
                    **operation,
                    "security": operation.get("security", document["security"]),
                }
    return found


def module_for(method: str, path: str) -> ModuleType:
    (name,) = [name for name, facts in OPERATIONS.items() if (facts["method"], facts["path"]) == (method, path)]
    return importlib.import_module(f"simli_api_client.{name}")


def test_the_key_goes_exactly_where_the_description_requires_it() -> None:
    operations = described()
    open_operations = sorted(key for key, operation in operations.items() if operation["security"] == [])
    assert len(operations) == 25
    assert open_operations == [
        ("GET", "/auto/start/{agent_id}/{session_token}"),
        ("GET", "/static/hls/{destination}/{file}"),
        ("GET", "/static/mp4/{destination}/{file}"),
        ("POST", "/integrations/livekit/agents"),
    ]
    with Simli(api_key="the-key") as simli:
        for (method, path), operation in operations.items():
            headers = simli._request_headers(facts_for(module_for(method, path)))
            if operation["security"]:
                assert headers[API_KEY_HEADER] == "the-key", (method, path)
            else:
                assert API_KEY_HEADER not in headers, (method, path)
                assert "the-key" not in headers.values()


def test_deprecation_is_the_descriptions() -> None:
    operations = described()
    deprecated = {key for key, operation in operations.items() if operation.get("deprecated") is True}
    assert len(deprecated) == 12
    for method, path in operations:
        assert facts_for(module_for(method, path)).deprecated is ((method, path) in deprecated)


OPEN_CALLS: list[tuple[ModuleType, dict[str, Any], Any]] = [
    (mp4, {"destination": "10.0.0.1", "file": "out.mp4"}, typed(200, b"\x00\x00\x00\x18ftypmp42", "video/mp4")),
    (hls, {"destination": "10.0.0.1", "file": "out.m3u8"}, typed(200, b"#EXTM3U\n", "application/x-mpegURL")),
    (
        init_integrations_livekit_agents_post,
        {"body": LiveKitInitializationRequest(session_token="s", livekit_token=JWT, livekit_url="wss://x.test")},
        respond_json(200, {"session_id": str(uuid.uuid4())}),
    ),
    (
        start_agent_id_query_auto_start_agent_id_session_token_post,
        {"agent_id": "a-1", "session_token": "s-1"},
        respond_json(200, {"roomUrl": "https://room.test/r", "sessionId": "s-2"}),
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("module", "arguments", "reply"), OPEN_CALLS, ids=["mp4", "hls", "livekit", "auto-start"])
def test_security_empty_operations_never_receive_the_key(
    mode: Mode, module: ModuleType, arguments: dict[str, Any], reply: Any
) -> None:
    with FaultServer([reply]) as server, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        call(mode, server.base_url, module, **arguments)
    assert API_KEY_HEADER not in server.seen[0].headers


def test_the_generated_client_never_sends_the_key_to_them_either() -> None:
    with FaultServer([OPEN_CALLS[0][2], respond_json(200, [])]) as server, Simli(**options(server.base_url)) as simli:
        mp4.sync_detailed(client=simli.generated, destination="d", file="f.mp4")
        get_faces.sync_detailed(client=simli.generated)
    video, faces = server.seen
    assert API_KEY_HEADER not in video.headers
    assert faces.headers[API_KEY_HEADER] == options("")["api_key"]


SHAPES: list[tuple[str, ModuleType, dict[str, Any], Any, Any]] = [
    ("DELETE answering 204", delete_faces_trinity_id, {"id": uuid.uuid4()}, answer(204), None),
    (
        "PUT answering an empty 200",
        put_auto_agent_id,
        {"id": uuid.uuid4(), "body": AgentUpdate(name="n")},
        answer(200),
        None,
    ),
    (
        "untyped JSON null",
        auto_token,
        {"body": TokenRequest(simli_api_key="sk-in-the-body-123456")},
        typed(200, b"null", "application/json"),
        None,
    ),
    ("MP4 download", mp4, {"destination": "d", "file": "f.mp4"}, typed(200, b"mp4-bytes", "video/mp4"), b"mp4-bytes"),
    ("HLS segment", hls, {"destination": "d", "file": "s.ts"}, typed(200, b"G@\x00", "video/MP2T"), b"G@\x00"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("module", "arguments", "reply", "expected"),
    [case[1:] for case in SHAPES],
    ids=[case[0] for case in SHAPES],
)
def test_the_shapes_that_failed_before(
    mode: Mode, module: ModuleType, arguments: dict[str, Any], reply: Any, expected: Any
) -> None:
    with FaultServer([reply]) as server, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert call(mode, server.base_url, module, **arguments) == expected


@pytest.mark.parametrize("mode", MODES)
def test_the_operation_without_responses_returns_its_png(mode: Mode, tmp_path: Path) -> None:
    portrait = tmp_path / "portrait.jpg"
    portrait.write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    body = FacePreprocessUpload(image=to_file(portrait, "image"))
    with FaultServer([typed(200, PNG, "image/png")]) as server:
        assert call(mode, server.base_url, preprocess, body=body, retry=True) == PNG
    (request,) = server.seen
    assert request.path == "/faces/trinity/preprocess?retry=true"
    assert b'filename="portrait.jpg"' in request.body
    assert b"Content-Type: image/jpeg" in request.body


@pytest.mark.parametrize("mode", MODES)
def test_the_compose_token_400_surfaces_its_detail(mode: Mode) -> None:
    reply = respond_json(400, {"session_token": "FAIL-TOKEN-0123456789", "detail": "Face not found"})
    with FaultServer([reply]) as server, pytest.raises(SimliAPIError) as caught:
        call(
            mode,
            server.base_url,
            compose_token,
            body=StartStreamingSessionRequest(face_id="f"),
            client={"max_retries": 0},
        )
    assert caught.value.detail == "Face not found"
    assert "FAIL-TOKEN-0123456789" not in f"{caught.value} {caught.value.body}"
