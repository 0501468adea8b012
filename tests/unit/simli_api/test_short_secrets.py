"""A secret too short to be a real key is hidden by where it is, never replaced inside unrelated text.

With ``api_key="k"`` a DNS failure used to read "Name or service not [REDACTED]nown". Secrets of
MIN_SECRET_LENGTH characters or more are still replaced wherever they appear; shorter ones are kept
out of headers, secret-named body fields and URL components only.
"""

from __future__ import annotations

import logging

import httpx
import pytest

from simli_api import Simli, SimliAPIError, SimliConnectionError
from simli_api._constants import MIN_SECRET_LENGTH
from simli_api._redact import REDACTED, excerpt, redact, redact_url_parts
from tests.support.facade_harness import Reply, closed_port_url, keyed_operation, scripted_server

DNS_FAILURE = "[Errno -2] Name or service not known"
LONG_KEY = "sk-long-key-0123456789"


def _failing_pool(message: str) -> httpx.Client:
    """A caller's pool whose every request fails to connect with ``message`` (no network involved)."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(message, request=request)

    return httpx.Client(transport=httpx.MockTransport(refuse))


def test_the_threshold_is_a_plausible_key_length() -> None:
    assert 4 < MIN_SECRET_LENGTH <= 16  # shorter than any real key or token, longer than a placeholder


def test_a_short_key_leaves_a_dns_error_readable() -> None:
    with (
        _failing_pool(DNS_FAILURE) as pool,
        Simli(api_key="k", base_url="http://simli.test", http_client=pool, max_retries=0) as simli,
        pytest.raises(SimliConnectionError) as caught,
    ):
        simli.call(keyed_operation().module)
    assert str(caught.value) == f"ConnectError: {DNS_FAILURE}"


def test_a_short_key_leaves_a_refused_connection_readable() -> None:
    """A real socket this time: "Connection refused" keeps its n's with api_key="n"."""
    with (
        Simli(api_key="n", base_url=closed_port_url(), max_retries=0) as simli,
        pytest.raises(SimliConnectionError) as caught,
    ):
        simli.call(keyed_operation().module)
    assert "Connection refused" in str(caught.value) or "connect" in str(caught.value).lower()
    assert REDACTED not in str(caught.value)


def test_a_long_key_is_still_replaced_everywhere() -> None:
    with (
        _failing_pool(f"proxy refused key {LONG_KEY}") as pool,
        Simli(api_key=LONG_KEY, base_url="http://simli.test", http_client=pool, max_retries=0) as simli,
        pytest.raises(SimliConnectionError) as caught,
    ):
        simli.call(keyed_operation().module)
    assert str(caught.value) == f"ConnectError: proxy refused key {REDACTED}"


def test_a_short_secret_named_field_is_hidden_in_an_error_body() -> None:
    """Structural: the answer's ``session_token`` is hidden by its name, however short; other text is intact."""
    answer = {"error": "token abc is unknown", "session_token": "abc"}
    with (
        scripted_server(Reply.json(400, answer)) as (url, _),
        Simli(api_key="k", base_url=url) as simli,
        pytest.raises(SimliAPIError) as caught,
    ):
        simli.call(keyed_operation().module)
    assert caught.value.body == f'{{"error": "token abc is unknown", "session_token": "{REDACTED}"}}'
    assert caught.value.error == "token abc is unknown"  # free text: a 3-character value is not searched for


def test_the_short_key_never_reaches_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    """Structural: the key header's value is redacted in the debug log whatever its length."""
    caplog.set_level(logging.DEBUG, logger="simli_api")
    keyed = keyed_operation()
    with (
        scripted_server(Reply.json(404, {"detail": "no"})) as (url, _),
        Simli(api_key="q", base_url=url) as simli,
        pytest.raises(SimliAPIError),
    ):
        simli.call(keyed.module)
    headers = [record.getMessage() for record in caplog.records if keyed.header.lower() in record.getMessage()]
    assert headers, "the debug log shows the request headers"
    assert all(f"{keyed.header.lower()}: {REDACTED}" in line for line in headers)
    assert all(": q" not in line for line in headers)


@pytest.mark.parametrize(
    ("text", "secrets", "expected"),
    [
        ("Name or service not known", ["k"], "Name or service not known"),
        (f"key {LONG_KEY} rejected", [LONG_KEY, "k"], f"key {REDACTED} rejected"),
        ('{"a": "\\"sk-long-key\\""}', ['"sk-long-key"'], f'{{"a": "{REDACTED}"}}'),  # its JSON-escaped form
    ],
)
def test_textual_redaction_takes_long_secrets_only(text: str, secrets: list[str], expected: str) -> None:
    assert redact(text, secrets) == expected


def test_excerpts_hide_secret_named_fields_by_name() -> None:
    body = b'{"token": "t", "api_key": "", "note": "t is fine", "password": "p\\"w"}'
    hidden = f'{{"token": "{REDACTED}", "api_key": "", "note": "t is fine", "password": "{REDACTED}"}}'
    assert excerpt(body, ["t"]) == hidden


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET http://h/auto/start/a-1/s1?x=1 HTTP/1.1", f"GET http://h/auto/start/a-1/{REDACTED}?x=1 HTTP/1.1"),
        ("GET http://h/p?token=s1&s1x=2", f"GET http://h/p?token={REDACTED}&s1x=2"),
        ('"GET /s1s1/s1" 200', f'"GET /s1s1/{REDACTED}" 200'),
        ("versions s1 and as1 stay", "versions s1 and as1 stay"),
    ],
)
def test_a_short_url_secret_is_hidden_as_a_whole_url_part(line: str, expected: str) -> None:
    assert redact_url_parts(line, ["s1"]) == expected
