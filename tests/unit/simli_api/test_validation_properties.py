"""Property-based tests (hypothesis) over the facade's input checks.

Each property states the rule independently of the facade's code (its own regex, its own URL rule)
and checks the facade agrees on generated values: rejected ones never reach the transport,
accepted ones reach it exactly once and unchanged.
"""

from __future__ import annotations

import functools
import re
import string
import urllib.parse
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from simli_api._validation import require_text
from tests.support.recording_transport import MODES, Mode, Recorder, rejection, start

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ARGUMENTS = ("session_token", "livekit_token", "livekit_url")
BASE64URL = string.ascii_letters + string.digits + "-_"
JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
CONTROL = [chr(c) for c in range(0x20)] + ["\x7f"]

not_strings = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.binary(),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)
blank = st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2003\u3000", max_size=20)
segment = st.text(alphabet=BASE64URL, min_size=1, max_size=60)
jwts = st.tuples(segment, segment, segment).map(".".join)
printable_tokens = st.text(
    alphabet=st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=80
).filter(lambda s: s.strip() != "")
hosts = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,20}){1,3}", fullmatch=True)
good_urls = st.builds("{}://{}".format, st.sampled_from(["ws", "wss", "http", "https"]), hosts)


@PROPERTY_SETTINGS
@given(name=st.sampled_from(ARGUMENTS), value=not_strings, mode=st.sampled_from(MODES))
def test_non_strings_are_rejected_before_network(name: str, value: Any, mode: Mode) -> None:
    recorder = Recorder()
    exc = rejection(lambda: start(mode, recorder, arguments={name: value}))
    assert name in str(exc)
    assert recorder.requests == []


@PROPERTY_SETTINGS
@given(name=st.sampled_from(ARGUMENTS), value=blank)
def test_empty_and_whitespace_only_are_rejected_before_network(name: str, value: str) -> None:
    recorder = Recorder()
    exc = rejection(lambda: start("sync", recorder, arguments={name: value}))
    assert name in str(exc)
    assert recorder.requests == []


@PROPERTY_SETTINGS
@given(token=jwts, session_token=printable_tokens, url=good_urls, mode=st.sampled_from(MODES))
def test_well_formed_input_is_sent_once_and_unchanged(token: str, session_token: str, url: str, mode: Mode) -> None:
    recorder = Recorder()
    start(mode, recorder, arguments={"session_token": session_token, "livekit_token": token, "livekit_url": url})
    assert len(recorder.requests) == 1
    assert recorder.sent_json() == {"session_token": session_token, "livekit_token": token, "livekit_url": url}


@PROPERTY_SETTINGS
@given(value=st.text(max_size=80))
def test_livekit_token_accepted_iff_jwt_shaped(value: str) -> None:
    recorder = Recorder()
    if JWT.fullmatch(value):
        start("sync", recorder, arguments={"livekit_token": value})
        assert len(recorder.requests) == 1
    else:
        exc = rejection(lambda: start("sync", recorder, arguments={"livekit_token": value}))
        assert "livekit_token" in str(exc)
        assert recorder.requests == []


@PROPERTY_SETTINGS
@given(value=st.text(min_size=12, max_size=60).filter(lambda s: not JWT.fullmatch(s) and s.strip() != ""))
@example(value="livekit_toke")  # found by Hypothesis: part of the wording, not an echo
@example(value="secret-value-xyz")
def test_rejection_message_never_echoes_the_token(value: str) -> None:
    # The wording itself may contain a short value by chance ("livekit_toke"): that is no echo.
    assume(not any(value in wording for wording in _rejection_wordings()))
    exc = rejection(lambda: start("sync", Recorder(), arguments={"livekit_token": value}))
    assert value not in str(exc)


@functools.cache
def _rejection_wordings() -> tuple[str, ...]:
    """What the token checks say, for tokens that share nothing with the values drawn above."""
    samples: tuple[object, ...] = ("#" * 12, "#" * 11 + "\n", " " * 12, 12)

    def wording(sample: object) -> str:
        return str(rejection(lambda: start("sync", Recorder(), arguments={"livekit_token": sample})))

    return tuple(wording(sample) for sample in samples)


@PROPERTY_SETTINGS
@given(scheme=st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8), host=hosts)
def test_livekit_url_scheme_must_be_ws_or_http(scheme: str, host: str) -> None:
    recorder = Recorder()
    url = f"{scheme}://{host}"
    if scheme in ("ws", "wss", "http", "https"):
        start("sync", recorder, arguments={"livekit_url": url})
        assert len(recorder.requests) == 1
    else:
        rejection(lambda: start("sync", recorder, arguments={"livekit_url": url}))
        assert recorder.requests == []


@PROPERTY_SETTINGS
@given(value=st.text(max_size=60))
def test_accepted_livekit_url_has_a_known_scheme_and_a_host(value: str) -> None:
    recorder = Recorder()
    try:
        start("sync", recorder, arguments={"livekit_url": value})
    except ValueError:
        assert recorder.requests == []
        return
    parts = urllib.parse.urlsplit(value.strip())
    assert parts.scheme.lower() in ("ws", "wss", "http", "https")
    assert parts.hostname


@PROPERTY_SETTINGS
@given(
    prefix=printable_tokens,
    control=st.sampled_from(CONTROL),
    suffix=st.text(alphabet=string.ascii_letters, max_size=10),
)
def test_control_characters_in_session_token_are_rejected(prefix: str, control: str, suffix: str) -> None:
    recorder = Recorder()
    rejection(lambda: start("sync", recorder, arguments={"session_token": prefix + control + suffix}))
    assert recorder.requests == []


@PROPERTY_SETTINGS
@given(first=segment, control=st.sampled_from(CONTROL), rest=segment)
def test_control_characters_in_livekit_token_are_rejected(first: str, control: str, rest: str) -> None:
    recorder = Recorder()
    rejection(lambda: start("sync", recorder, arguments={"livekit_token": f"{first}.{rest}{control}.{rest}"}))
    assert recorder.requests == []


@PROPERTY_SETTINGS
@given(
    value=st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text(alphabet=string.printable, max_size=40)
)
def test_require_text_refuses_exactly_empty_blank_and_control_text(value: str) -> None:
    """The rule, stated plainly: ASCII text (checked by str.isprintable) and any other (by the pattern) alike."""
    refused = not value.strip() or any(character in CONTROL for character in value)
    try:
        assert require_text("field", value) == value
    except ValueError:
        assert refused, repr(value)
    else:
        assert not refused, repr(value)


@pytest.mark.parametrize("value", ["é\n", "日本\x7f", "\u2028\x00", "ok\x1f"])
def test_control_characters_beside_non_ascii_text_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="control characters"):
        require_text("field", value)
