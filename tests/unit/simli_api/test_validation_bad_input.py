"""Bad caller input fails fast: a ValueError / TypeError that names the argument, before any request is sent.

"Before any network" is checked with a recording transport: the request count must stay 0.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.recording_transport import MODES, Mode, Recorder, rejection, start

MEGABYTE = 1024 * 1024
BIG_JWT = "a" * MEGABYTE + ".b.c"
SECRET_ARGUMENTS = ("api_key", "session_token", "livekit_token")
CALL_ARGUMENTS = ("session_token", "livekit_token", "livekit_url")  # the rest are client options


# (argument, bad value)
CALL_CASES = [
    pytest.param("session_token", 123, id="session_token-int"),
    pytest.param("session_token", None, id="session_token-None"),
    pytest.param("session_token", b"bytes-token", id="session_token-bytes"),
    pytest.param("session_token", "", id="session_token-empty"),
    pytest.param("session_token", " \t\n ", id="session_token-whitespace"),
    pytest.param("session_token", "sess\nion", id="session_token-newline"),
    pytest.param("session_token", "sess\rion", id="session_token-CR"),
    pytest.param("session_token", "sess\x00ion", id="session_token-NUL"),
    pytest.param("session_token", "s" * MEGABYTE, id="session_token-1MB"),
    pytest.param("livekit_token", 123, id="livekit_token-int"),
    pytest.param("livekit_token", "", id="livekit_token-empty"),
    pytest.param("livekit_token", "   ", id="livekit_token-whitespace"),
    pytest.param("livekit_token", "a.b.c\n", id="livekit_token-newline"),
    pytest.param("livekit_token", "a.b\x00.c", id="livekit_token-NUL"),
    pytest.param("livekit_token", "not-a-jwt", id="livekit_token-not-jwt"),
    pytest.param("livekit_token", BIG_JWT, id="livekit_token-1MB"),
    pytest.param("livekit_url", 123, id="livekit_url-int"),
    pytest.param("livekit_url", "", id="livekit_url-empty"),
    pytest.param("livekit_url", "  ", id="livekit_url-whitespace"),
    pytest.param("livekit_url", "example.livekit.cloud", id="livekit_url-no-scheme"),
    pytest.param("livekit_url", "ftp://example.livekit.cloud", id="livekit_url-ftp"),
    pytest.param("livekit_url", "wss://", id="livekit_url-no-host"),
    pytest.param("livekit_url", "http://[::1", id="livekit_url-broken"),
    pytest.param("livekit_url", "wss://example.livekit.cloud\n", id="livekit_url-newline"),
    pytest.param("livekit_url", "wss://exa\x00mple.livekit.cloud", id="livekit_url-NUL"),
    pytest.param("livekit_url", "wss://" + "a" * MEGABYTE, id="livekit_url-1MB"),
]

CLIENT_CASES = [
    pytest.param("api_key", 123, id="api_key-int"),
    pytest.param("api_key", b"key", id="api_key-bytes"),
    pytest.param("api_key", "", id="api_key-empty"),
    pytest.param("api_key", "   ", id="api_key-whitespace"),
    pytest.param("api_key", "key\nX-Injected: 1", id="api_key-newline"),
    pytest.param("api_key", "key\r", id="api_key-CR"),
    pytest.param("api_key", "key\x00", id="api_key-NUL"),
    pytest.param("api_key", "k" * MEGABYTE, id="api_key-1MB"),
    pytest.param("base_url", 123, id="base_url-int"),
    pytest.param("base_url", "", id="base_url-empty"),
    pytest.param("base_url", "not a url", id="base_url-not-url"),
    pytest.param("base_url", "ftp://example.com", id="base_url-ftp"),
    pytest.param("timeout", "soon", id="timeout-str"),
    pytest.param("timeout", -1.0, id="timeout-negative"),
    pytest.param("timeout", float("nan"), id="timeout-nan"),
    pytest.param("max_retries", -1, id="max_retries-negative"),
    pytest.param("max_retries", "3", id="max_retries-str"),
    pytest.param("max_retries", 1.5, id="max_retries-float"),
]


def assert_clear(exc: Exception, name: str, value: Any) -> None:
    """The message names the argument and does not repeat a secret value."""
    message = str(exc)
    assert name in message, f"message does not name {name}: {message[:200]!r}"
    if name in SECRET_ARGUMENTS and isinstance(value, str) and len(value.strip()) >= 4:
        assert value not in message


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("name", "value"), CALL_CASES + CLIENT_CASES)
def test_bad_input_rejected_before_network(mode: Mode, name: str, value: Any) -> None:
    recorder = Recorder()
    where = "arguments" if name in CALL_ARGUMENTS else "client"
    exc = rejection(lambda: start(mode, recorder, **{where: {name: value}}))
    assert recorder.requests == []
    assert_clear(exc, name, value)


@pytest.mark.parametrize("mode", MODES)
def test_good_input_reaches_the_server_unchanged(mode: Mode) -> None:
    """The control: the same path with good values sends exactly one request carrying them."""
    recorder = Recorder()
    session = start(mode, recorder)
    assert len(recorder.requests) == 1
    assert recorder.sent_json() == {
        "session_token": "good-session-token",
        "livekit_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl",
        "livekit_url": "wss://example.livekit.cloud",
    }
    assert "good-api-key" not in str(recorder.requests[0].headers)  # the LiveKit start is `security: []`
    assert session.session_id is not None
