"""The avatar token, decoded with livekit-api's own verifier (start_avatar: resources/test_start_avatar.py)."""

from __future__ import annotations

import sys
from datetime import timedelta

import jwt
import pytest
from livekit.api import TokenVerifier

from simli_api.livekit_tokens import INSTALL_HINT, mint_avatar_token

LK_KEY = "APItestkey"
LK_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


def _mint(**overrides: object) -> str:
    options: dict[str, object] = {
        "api_key": LK_KEY,
        "api_secret": LK_SECRET,
        "room": "room-42",
        "agent_identity": "my-agent",
    }
    options.update(overrides)
    return mint_avatar_token(**options)  # type: ignore[arg-type]


def test_token_grants_and_attributes() -> None:
    claims = TokenVerifier(LK_KEY, LK_SECRET).verify(_mint())
    assert claims.identity == "simli-avatar-agent"
    assert claims.kind == "agent"
    assert claims.attributes == {"lk.publish_on_behalf": "my-agent"}
    assert claims.video is not None
    assert claims.video.room_join is True
    assert claims.video.room == "room-42"
    for admin in ("room_create", "room_list", "room_admin", "room_record", "ingress_admin", "recorder"):
        assert not getattr(claims.video, admin), admin
    assert claims.video.destination_room is None


def test_identity_and_ttl_are_configurable() -> None:
    token = _mint(identity="avatar-7", ttl=timedelta(minutes=3), room="other")
    claims = TokenVerifier(LK_KEY, LK_SECRET).verify(token)
    assert (claims.identity, claims.video and claims.video.room) == ("avatar-7", "other")
    raw = jwt.decode(token, LK_SECRET, algorithms=["HS256"])
    assert raw["exp"] - raw["nbf"] == 180
    assert raw["iss"] == LK_KEY


def test_default_ttl_is_ten_minutes() -> None:
    raw = jwt.decode(_mint(), LK_SECRET, algorithms=["HS256"])
    assert raw["exp"] - raw["nbf"] == 600


def test_signed_with_the_given_secret() -> None:
    token = _mint()
    with pytest.raises(Exception, match=r"(?i)signature"):
        TokenVerifier(LK_KEY, "another-secret-also-long-enough-0123456789abcd").verify(token)


def test_credentials_default_to_livekit_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEKIT_API_KEY", LK_KEY)
    monkeypatch.setenv("LIVEKIT_API_SECRET", LK_SECRET)
    token = _mint(api_key=None, api_secret=None)
    assert TokenVerifier(LK_KEY, LK_SECRET).verify(token).kind == "agent"


@pytest.mark.parametrize(
    ("overrides", "name"),
    [
        ({"room": " "}, "room"),
        ({"agent_identity": ""}, "agent_identity"),
        ({"identity": "\t"}, "identity"),
        ({"ttl": timedelta(0)}, "ttl"),
    ],
)
def test_bad_arguments(overrides: dict[str, object], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        _mint(**overrides)


def test_missing_extra_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "livekit", None)
    monkeypatch.setitem(sys.modules, "livekit.api", None)
    with pytest.raises(ImportError, match=r"pip install 'simli-api\[livekit\]'") as caught:
        _mint()
    assert str(caught.value) == INSTALL_HINT


def test_missing_credentials_name_the_variables() -> None:
    with pytest.raises(ValueError, match="LIVEKIT_API_SECRET") as caught:
        _mint(api_secret=None)
    assert LK_KEY not in str(caught.value)
    with pytest.raises(ValueError, match="LIVEKIT_API_KEY"):
        _mint(api_key=None)
