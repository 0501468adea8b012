"""Bad arguments fail with a ValueError naming the field, before any request is sent."""

from __future__ import annotations

import pytest
import respx

from simli_api._validation import check_jwt_shape, check_livekit_url
from tests.support.facade_harness import BASE_URL, KINDS, arguments, make_jwt, start

FIELDS = ["session_token", "livekit_token", "livekit_url"]


def _start_rejected(kind: str, args: dict[str, str]) -> str:
    """Start with ``args``; return the ValueError message after checking nothing reached the network."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False, using="httpx") as router:
        router.post("/integrations/livekit/agents")
        with pytest.raises(ValueError, match=r"^(session_token|livekit_token|livekit_url) ") as caught:
            start(kind, args, base_url=BASE_URL)
        assert router.calls.call_count == 0
    return str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_empty_or_whitespace_is_rejected_naming_the_field(kind: str, field: str, value: str) -> None:
    message = _start_rejected(kind, arguments(**{field: value}))
    assert message.startswith(field)


@pytest.mark.parametrize("field", FIELDS)
def test_missing_argument_is_rejected(field: str) -> None:
    from simli_api import Simli

    args = arguments()
    del args[field]
    with Simli(base_url=BASE_URL) as simli, pytest.raises(TypeError, match=field):
        simli.livekit.start_agents_session(**args)


@pytest.mark.parametrize("field", FIELDS)
def test_none_is_rejected_naming_the_field(field: str) -> None:
    args: dict[str, object] = dict(arguments())
    args[field] = None
    message = _start_rejected("sync", args)  # type: ignore[arg-type]
    assert message.startswith(field)


@pytest.mark.parametrize(
    "url",
    ["ftp://host", "livekit.cloud", "wss://", "https:///path", "ws:/host", "file:///tmp/x", "wss://[::1"],
)
def test_livekit_url_needs_a_known_scheme_and_a_host(url: str) -> None:
    assert _start_rejected("sync", arguments(livekit_url=url)).startswith("livekit_url")


@pytest.mark.parametrize("url", ["ws://127.0.0.1:7880", "wss://x.livekit.cloud", "http://lk.local", "HTTPS://A.B/rtc"])
def test_livekit_url_accepts_the_four_schemes(url: str) -> None:
    assert check_livekit_url(url) == url


@pytest.mark.parametrize(
    "token",
    ["not-a-jwt", "a.b", "a.b.c.d", "a..c", "a.b.c=", "a.b.c d", "a+b.c.d", ".b.c", "a.b."],
)
def test_livekit_token_must_look_like_a_jwt(token: str) -> None:
    message = _start_rejected("async", arguments(livekit_token=token))
    assert message.startswith("livekit_token")
    assert token not in message


def test_a_real_jwt_shape_passes() -> None:
    token = make_jwt({"sub": "x"})
    assert check_jwt_shape(token) == token


def test_messages_never_echo_the_value() -> None:
    secret = "whitespace-free-secret-but-wrong"
    with pytest.raises(ValueError, match=r"^livekit_token must be a JWT") as caught:
        check_jwt_shape(secret)
    assert secret not in str(caught.value)
