"""The runtime side of the facts (``simli_api._facts``): operation facts, key headers, status lookup, media kinds."""

from __future__ import annotations

import sys
import types

import pytest

from simli_api._facts import (
    BINARY,
    JSON,
    TEXT,
    Declared,
    OperationFacts,
    facts_for,
    key_headers,
    media_kind,
)

SCHEMES = {
    "Key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    "Other": {"type": "apiKey", "in": "header", "name": "X-Other"},
    "Query": {"type": "apiKey", "in": "query", "name": "key"},
    "Bearer": {"type": "http", "scheme": "bearer"},
}


@pytest.mark.parametrize(
    ("security", "expected"),
    [
        ([], ()),  # security: [] -> no key
        ([["Key"]], ("X-Key",)),
        ([[], ["Key"]], ("X-Key",)),  # optional: sent where it may be used
        ([["Bearer"]], ()),  # another kind of credential: not the API key
        ([["Query"]], ()),  # an apiKey outside a header: not sent as one
        ([["Bearer", "Key"], ["Other"], ["Key"]], ("X-Key", "X-Other")),
        ([["Unknown"]], ()),
    ],
)
def test_key_headers_follow_the_requirements(security: list[list[str]], expected: tuple[str, ...]) -> None:
    assert key_headers(security, SCHEMES) == expected


@pytest.mark.parametrize(
    ("media_type", "kind"),
    [
        ("application/json", JSON),
        ("application/problem+json; charset=utf-8", JSON),
        ("Application/JSON", JSON),
        ("text/html", TEXT),
        ("text/plain; charset=latin-1", TEXT),
        ("application/xml", TEXT),
        ("video/mp4", BINARY),
        ("application/x-mpegURL", BINARY),
        ("video/MP2T", BINARY),
        ("image/png", BINARY),
        ("application/octet-stream", BINARY),
        ("", None),  # no Content-Type: no kind
        (" ; charset=utf-8", None),
    ],
)
def test_media_kinds(media_type: str, kind: str | None) -> None:
    assert media_kind(media_type) == kind


def facts(responses: dict[str, Declared], method: str = "GET") -> OperationFacts:
    return OperationFacts(types.ModuleType("m"), method, "/p", False, (), responses)


def test_a_status_is_looked_up_exactly_then_by_range_then_default() -> None:
    exact, ranged, default = (
        Declared({}),
        Declared({"application/json": (JSON, "typed")}),
        Declared({"a/b": (BINARY, "untyped")}),
    )
    responses = facts({"200": exact, "2XX": ranged, "default": default})
    assert responses.declared(200) is exact
    assert responses.declared(201) is ranged
    assert responses.declared(404) is default
    assert facts({"200": exact}).declared(204) is None
    assert facts({"4xx": ranged}).declared(418) is ranged


@pytest.mark.parametrize(
    ("method", "idempotent"),
    [
        ("GET", True),
        ("HEAD", True),
        ("PUT", True),
        ("DELETE", True),
        ("OPTIONS", True),
        ("POST", False),
        ("PATCH", False),
    ],
)
def test_idempotent_methods(method: str, idempotent: bool) -> None:
    assert facts({}, method).idempotent is idempotent


def test_binary_only_marks_a_download() -> None:
    video = Declared({"video/mp4": (BINARY, "untyped")})
    assert video.binary_only
    assert not Declared({}).binary_only
    assert not Declared({"video/mp4": (BINARY, "untyped"), "application/json": (JSON, "typed")}).binary_only


VIDEO = Declared({"video/mp4": (BINARY, "untyped")})


@pytest.mark.parametrize(
    ("declared", "content_type", "problem"),
    [
        (VIDEO, "video/mp4", None),
        (VIDEO, "application/octet-stream", None),  # binary: the bytes
        (VIDEO, "", None),  # unlabelled: the bytes
        (VIDEO, "application/json", "a application/json body where the description declares only video/mp4"),
        (VIDEO, "Text/HTML; charset=utf-8", "a text/html body where the description declares only video/mp4"),
        (Declared({"video/mp4": (BINARY, "untyped"), "application/json": (JSON, "typed")}), "application/json", None),
    ],
)
def test_a_json_or_text_body_is_not_a_download(declared: Declared, content_type: str, problem: str | None) -> None:
    assert declared.not_a_download(content_type) == problem


def test_a_module_without_facts_is_refused() -> None:
    stray = types.ModuleType("elsewhere.api.default.op")
    stray._get_kwargs = lambda: {}  # type: ignore[attr-defined]
    stray._parse_response = lambda **kwargs: None  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match=r"'elsewhere\.api\.default\.op' has no entry in its package's operation_facts"):
        facts_for(stray)


def test_a_generated_module_missing_from_the_facts_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from simli_api_client import operation_facts
    from simli_api_client.api.default import init_integrations_livekit_agents_post as livekit

    copy = types.ModuleType(livekit.__name__.replace("init_", "copied_init_"))
    copy.__dict__.update({k: v for k, v in vars(livekit).items() if not k.startswith("__")})
    monkeypatch.setitem(sys.modules, copy.__name__, copy)
    assert "api.default." + copy.__name__.rsplit(".", 1)[1] not in operation_facts.OPERATIONS
    with pytest.raises(TypeError, match="run `nox -s regenerate`"):
        facts_for(copy)


def test_operation_facts_are_read_once_per_module() -> None:
    from simli_api_client.api.default import init_integrations_livekit_agents_post as livekit

    assert facts_for(livekit) is facts_for(livekit)
