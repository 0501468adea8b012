"""Canary test: the API key and both tokens never reach a log record, an exception, or a repr.

Every logger runs at DEBUG (root, simli_api, httpx, httpcore) against a real server on
127.0.0.1 that echoes the secrets back, as a FastAPI 422 echoes its ``input``. The same
scenarios run once more with the redaction sabotaged, to prove the scan would see a leak.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import traceback
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from simli_api import (
    AsyncSimli,
    Simli,
    SimliAPIError,
    SimliAuthenticationError,
    SimliConnectionError,
    SimliError,
    SimliResponseError,
    SimliServerError,
    SimliTimeoutError,
    SimliValidationError,
    _operations,
    _redact,
    _responses,
)
from tests.support.facade_harness import (
    Recorded,
    Reply,
    arguments,
    closed_port_url,
    make_jwt,
    scripted_server,
    session_json,
)

API_KEY = "sk-canary-APIKEY-7f3a9c0d"
SESSION_TOKEN = "st-canary-SESSION-51be2d9e"
LIVEKIT_TOKEN = make_jwt({"sub": "simli-avatar-agent", "canary": "LIVEKIT-88c1e0"})
CANARIES = [API_KEY, SESSION_TOKEN, LIVEKIT_TOKEN, LIVEKIT_TOKEN.split(".")[1]]


def _request_json(body: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(body)
    return data


def _fastapi_422(body: bytes, headers: dict[str, str]) -> bytes:
    request = _request_json(body)
    detail = [
        {
            "loc": ["body", "livekit_token"],
            "msg": f"bad token {request['livekit_token']}",
            "type": "value_error",
            "input": request,
        },
        {"loc": ["body", request["session_token"]], "msg": "unknown", "type": request["session_token"]},
    ]
    return json.dumps({"detail": detail}).encode()


def _echo_400(body: bytes, headers: dict[str, str]) -> bytes:
    request = _request_json(body)
    return json.dumps(
        {
            "error": f"session {request['session_token']} rejected",
            "code": request["livekit_token"],
            "key": headers.get("x-simli-api-key"),
        }
    ).encode()


def _echo_raw(body: bytes, headers: dict[str, str]) -> bytes:
    return b"upstream said: " + body + b" key=" + headers.get("x-simli-api-key", "").encode()


def _echo_wrong_types(body: bytes, headers: dict[str, str]) -> bytes:
    request = _request_json(body)
    return json.dumps(
        {
            "session_id": "6f1c2b9e-0c1d-4c55-9a43-2f7d3f7c9b10",
            "status": {"t": request["session_token"]},
            "destination": [headers.get("x-simli-api-key")],
        }
    ).encode()


SCENARIOS: dict[str, tuple[list[Reply], type[SimliError] | None]] = {
    "success": ([Reply.json(200, session_json())], None),
    "400 echo": ([Reply(400, render=_echo_400)], SimliAPIError),
    "422 echo": ([Reply(422, render=_fastapi_422)], SimliValidationError),
    "401 echo": ([Reply(401, render=_echo_raw)], SimliAuthenticationError),
    "503 retried then echo": ([Reply(503, render=_echo_raw, headers={"Retry-After": "0"})], SimliServerError),
    "200 not json echo": ([Reply(200, render=_echo_raw)], SimliResponseError),
    "200 wrong types echo": ([Reply(200, render=_echo_wrong_types)], SimliResponseError),
    "timeout": ([Reply.json(200, session_json(), delay=0.3)], SimliTimeoutError),
}


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))
        self.texts.append(repr(record.args))
        self.texts.append(repr(record.msg))


@pytest.fixture
def capture() -> Iterator[Capture]:
    handler = Capture()
    loggers = [logging.getLogger(name) for name in ("", "simli_api", "httpx", "httpcore")]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)
        for logger, level in saved:
            logger.setLevel(level)


def _exception_texts(exc: BaseException) -> list[str]:
    return [str(exc), repr(exc), repr(exc.args), repr(vars(exc)), "".join(traceback.format_exception(exc))]


def _run(kind: str, base_url: str, expected: type[SimliError] | None, timeout: float = 0.1) -> list[str]:
    """Start one session with canary secrets; the texts a user could see (reprs and any error)."""
    args = arguments(session_token=SESSION_TOKEN, livekit_token=LIVEKIT_TOKEN)
    options: dict[str, Any] = {"api_key": API_KEY, "base_url": base_url, "timeout": timeout}
    texts: list[str] = []
    caught: SimliError | None = None
    try:
        if kind == "sync":
            with Simli(**options) as simli:
                texts += [repr(simli), repr(simli.generated), repr(simli.livekit), str(simli)]
                texts.append(repr(simli.livekit.start_agents_session(**args)))
        else:

            async def run() -> None:
                async with AsyncSimli(**options) as simli:
                    texts.extend([repr(simli), repr(simli.generated), repr(simli.livekit)])
                    texts.append(repr(await simli.livekit.start_agents_session(**args)))

            asyncio.run(run())
    except SimliError as exc:
        caught = exc
        texts += _exception_texts(exc)
    assert (None if caught is None else type(caught)) is expected
    return texts


def _all_texts(capture: Capture) -> list[str]:
    texts: list[str] = []
    for kind in ("sync", "async"):
        for replies, expected in SCENARIOS.values():
            with scripted_server(*replies) as (url, received):
                texts += _run(kind, url, expected)
                assert received, "the scenario must reach the server"
        texts += _run(kind, closed_port_url(), SimliConnectionError)
    try:
        Simli(api_key=API_KEY).livekit.start_agents_session(
            session_token=SESSION_TOKEN, livekit_token=API_KEY, livekit_url="wss://x"
        )
    except ValueError as exc:
        texts += _exception_texts(exc)
    return texts + capture.texts


def _leaks(texts: list[str]) -> list[str]:
    return [text for text in texts if any(canary in text for canary in CANARIES)]


def test_no_secret_in_logs_exceptions_or_reprs(capture: Capture) -> None:
    texts = _all_texts(capture)
    assert any(record.startswith("httpcore") for record in capture.texts), "httpcore DEBUG must be captured"
    assert any(record.startswith("simli_api") for record in capture.texts)
    assert any("[REDACTED]" in text for text in texts), "the echoing scenarios must exercise redaction"
    assert _leaks(texts) == []


Sabotage = Callable[[pytest.MonkeyPatch], None]


def _no_redaction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_redact, "redact", lambda text, secrets: text)


def _repr_with_state(monkeypatch: pytest.MonkeyPatch) -> None:
    from simli_api import _client

    monkeypatch.setattr(_client._BaseSimli, "__repr__", lambda self: repr(vars(self)))


def _logging_the_request(monkeypatch: pytest.MonkeyPatch) -> None:
    from simli_api import _operations

    monkeypatch.setattr(_operations.Call, "describe", lambda self: repr(self.kwargs))


@pytest.mark.parametrize("sabotage", [_no_redaction, _repr_with_state, _logging_the_request])
def test_the_canary_scan_bites(sabotage: Sabotage, capture: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a safeguard removed, the very same scan finds a canary: the main test is meaningful."""
    sabotage(monkeypatch)
    assert _leaks(_all_texts(capture)) != []


# An answer's own secret: a token the client never sent, in a field named like a secret, in an error
# body, in a 2xx of the wrong shape, and at the head of a 2xx too large to read (cut JSON, so it
# is found without parsing). The size cap is lowered to keep the last one cheap.
BODY_SECRET = "tok_BRANDNEW_secret_abcdef"
SMALL_CAP = 16 * 1024
OWN_SECRET_SCENARIOS: dict[str, tuple[Reply, type[SimliError]]] = {
    "400": (Reply.json(400, {"error": "rejected", "session_token": BODY_SECRET}), SimliAPIError),
    "200 of the wrong shape": (
        Reply.json(200, {"session_id": 5, "data": {"session_token": BODY_SECRET}}),
        SimliResponseError,
    ),
    "200 too large": (
        Reply.json(200, {"session_token": BODY_SECRET, "padding": "x" * 2 * SMALL_CAP}),
        SimliResponseError,
    ),
}


def _own_secret_texts(capture: Capture, scenario: str, kinds: tuple[str, ...]) -> list[str]:
    reply, expected = OWN_SECRET_SCENARIOS[scenario]
    texts: list[str] = []
    for kind in kinds:
        with scripted_server(reply) as (url, _):
            texts += _run(kind, url, expected, timeout=5.0)
    return texts + capture.texts


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (b'{"session_token": "short"}', set()),  # a placeholder, not a credential
        (b'[{"a": {"Api-Key": "0123456789"}}]', {"0123456789"}),
        (b'{"token": "0123456789", "pad": "cut sh', {"0123456789"}),  # not whole JSON: found as a pair
        (b'{"token": "caf\\u00e9-0123", "cut', {"caf\\u00e9-0123", "caf\u00e9-0123"}),  # as sent and as meant
        (b"token=0123456789", set()),
    ],
)
def test_answer_secrets(body: bytes, found: set[str]) -> None:
    assert _redact.answer_secrets({"sk-call"}, body) == {"sk-call", *found}


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_operations, "MAX_RESPONSE_BYTES", SMALL_CAP)


@pytest.mark.usefixtures("small_cap")
@pytest.mark.parametrize("scenario", list(OWN_SECRET_SCENARIOS))
def test_an_answers_own_secret_stays_out_of_errors(scenario: str, capture: Capture) -> None:
    texts = _own_secret_texts(capture, scenario, ("sync", "async"))
    assert any(f'"session_token": "{_redact.REDACTED}"' in text for text in texts), "the body excerpt is shown"
    assert [text for text in texts if BODY_SECRET in text] == []


@pytest.mark.usefixtures("small_cap")
@pytest.mark.parametrize("scenario", list(OWN_SECRET_SCENARIOS))
def test_the_own_secret_scan_bites(scenario: str, capture: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Redacting only the call's own secrets (the old rule for 2xx answers), and no field by its name, shows the
    body's token."""
    for module in (_responses, _operations):
        monkeypatch.setattr(module, "answer_secrets", lambda secrets, body: set(secrets))
    monkeypatch.setattr(_redact, "redact_fields", lambda text: text)
    assert any(BODY_SECRET in text for text in _own_secret_texts(capture, scenario, ("sync",)))


# A token in the URL itself: GET /auto/start/{agent_id}/{session_token} (deprecated, but described).
URL_SCENARIOS: dict[str, tuple[list[Reply], type[SimliError] | None]] = {
    "success": ([Reply.json(200, {"roomUrl": "https://room.example", "sessionId": "s-1"})], None),
    "422": (
        [Reply.json(422, {"detail": [{"loc": ["path", "session_token"], "msg": "bad", "type": "x"}]})],
        SimliValidationError,
    ),
    "503 retried": ([Reply(503, b"busy", {"Retry-After": "0"})], SimliServerError),
    "timeout": ([Reply.json(200, {}, delay=0.3)], SimliTimeoutError),
}
URL_MODES = ("sync", "async", "async-httpx")


def _start_by_url_token(mode: str, options: dict[str, Any]) -> str:
    """repr of the session started with the token in the URL, on one route."""
    if mode == "sync":
        with Simli(**options) as simli:
            return repr(simli.agents.start("agent-1", SESSION_TOKEN))

    async def run() -> str:
        async with contextlib.AsyncExitStack() as stack:
            own = await stack.enter_async_context(httpx.AsyncClient()) if mode == "async-httpx" else None
            simli = await stack.enter_async_context(AsyncSimli(**options, http_client=own))
            return repr(await simli.agents.start("agent-1", SESSION_TOKEN))

    return asyncio.run(run())


def _run_url_token(mode: str, base_url: str, expected: type[SimliError] | None) -> list[str]:
    """Start an agent session by URL token in one mode; the texts a user could see."""
    options: dict[str, Any] = {"api_key": API_KEY, "base_url": base_url, "timeout": 0.1}
    texts: list[str] = []
    caught: SimliError | None = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # the operation is deprecated; tested elsewhere
            texts.append(_start_by_url_token(mode, options))
    except SimliError as exc:
        caught = exc
        texts += _exception_texts(exc)
    assert (None if caught is None else type(caught)) is expected
    return texts


def _url_token_texts(capture: Capture) -> list[str]:
    texts: list[str] = []
    for mode in URL_MODES:
        for replies, expected in URL_SCENARIOS.values():
            with scripted_server(*replies) as (url, received):
                texts += _run_url_token(mode, url, expected)
                assert received, "the scenario must reach the server"
                assert f"/{SESSION_TOKEN}?" in received[0].path, "the token travels in the path"
    return texts + capture.texts


def test_a_token_in_the_url_stays_out_of_logs_and_errors(capture: Capture) -> None:
    texts = _url_token_texts(capture)
    assert any(text.startswith("httpx INFO HTTP Request: GET") for text in capture.texts), "httpx's line is captured"
    assert any("/auto/start/{agent_id}/{session_token}" in text for text in capture.texts), "our lines name the route"
    assert _leaks(texts) == []


def test_the_url_token_scan_bites(capture: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the filter on httpx's logger, httpx's request line shows the token."""
    monkeypatch.setattr(_redact.UrlSecrets, "filter", lambda self, record: True)
    assert _leaks(_url_token_texts(capture)) != []


# A credential the client sends in a header rather than as api_key: the key in default_headers (a client may carry
# it that way), in a call's extra_headers, in a with_options copy's headers or in the caller's own pool's headers, a
# bearer token, one an auth hook of the caller's pool adds as the request goes out, a cookie of that pool. Sent to
# an operation that asks for no key (the LiveKit start), whose error body echoes each whole and in its parts.
HEADER_KEY = "sk-canary-HEADERKEY-3b8e51aa"
BEARER = "canary-BEARER-9c2d7f10e4"
COOKIE = "canary-COOKIE-5e0b7a21c3"
SENT = {"X-Simli-Api-Key": HEADER_KEY, "Authorization": f"Bearer {BEARER}"}
HEADER_WAYS = ("default_headers", "extra_headers", "with_options", "pool headers", "pool auth", "pool cookies")


def _echo_credentials(body: bytes, headers: dict[str, str]) -> bytes:
    key, authorization = headers.get("x-simli-api-key"), headers.get("authorization", "")
    cookie = headers.get("cookie", "")
    return json.dumps(
        {
            "error": f"denied: key {key}, {authorization}, token {authorization.partition(' ')[2]}",
            "cookie": f"{cookie} ({cookie.partition('=')[2]})",
        }
    ).encode()


def _bearer(request: httpx.Request) -> httpx.Request:
    """An auth hook (``httpx.Client(auth=...)``): the credential is added as the request goes out."""
    request.headers["Authorization"] = f"Bearer {BEARER}"
    return request


def _pool(way: str) -> dict[str, Any]:
    """How the caller's own pool is built for ``way`` (nothing: the facade builds its own)."""
    pools: dict[str, dict[str, Any]] = {
        "pool headers": {"headers": SENT},
        "pool auth": {"auth": _bearer},
        "pool cookies": {"cookies": {"sid": COOKIE}},
    }
    return pools.get(way, {})


def _header_texts(way: str, kind: str, base_url: str) -> list[str]:
    """The texts a user sees when the call fails (the error and the client's repr)."""
    options: dict[str, Any] = {"base_url": base_url, "max_retries": 0}
    extra: dict[str, Any] = {"extra_headers": SENT} if way == "extra_headers" else {}
    if way == "default_headers":
        options["default_headers"] = SENT
    pool = _pool(way)
    texts: list[str] = []

    def call() -> None:
        if kind == "sync":
            with contextlib.ExitStack() as stack:
                own = stack.enter_context(httpx.Client(**pool)) if pool else None
                simli = stack.enter_context(Simli(**options, http_client=own))
                client = simli.with_options(default_headers=SENT) if way == "with_options" else simli
                texts.append(repr(client))
                client.livekit.start_agents_session(**arguments(), **extra)
            return

        async def run() -> None:
            async with contextlib.AsyncExitStack() as stack:
                own = await stack.enter_async_context(httpx.AsyncClient(**pool)) if pool else None
                simli = await stack.enter_async_context(AsyncSimli(**options, http_client=own))
                client = simli.with_options(default_headers=SENT) if way == "with_options" else simli
                texts.append(repr(client))
                await client.livekit.start_agents_session(**arguments(), **extra)

        asyncio.run(run())

    with pytest.raises(SimliAPIError) as caught:
        call()
    return [*texts, *_exception_texts(caught.value)]


def _header_scan(capture: Capture) -> tuple[list[str], dict[str, Recorded]]:
    texts: list[str] = []
    seen: dict[str, Recorded] = {}
    for way in HEADER_WAYS:
        for kind in ("sync", "async"):
            with scripted_server(Reply(400, render=_echo_credentials)) as (url, received):
                texts += _header_texts(way, kind, url)
                seen[f"{way}, {kind}"] = received[0]
    return texts + capture.texts, seen


def _header_leaks(texts: list[str]) -> list[str]:
    return [text for text in texts if HEADER_KEY in text or BEARER in text or COOKIE in text]


def test_credentials_sent_in_headers_stay_out_of_errors_and_logs(
    capture: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SIMLI_API_KEY", raising=False)
    texts, seen = _header_scan(capture)
    for name, request in seen.items():  # each way sent its credentials: the echo carried them back
        if "cookies" in name:
            assert request.headers.get("cookie") == f"sid={COOKIE}", name
        else:
            assert request.headers.get("authorization") == f"Bearer {BEARER}", name
    assert any("denied: key [REDACTED], [REDACTED], token [REDACTED]" in text for text in texts)
    assert any("[REDACTED] ([REDACTED])" in text for text in texts)  # the cookie, whole and its value
    assert _header_leaks(texts) == []


@pytest.mark.parametrize(
    ("sabotage", "leaked"),
    [
        (lambda headers, names: set(), (HEADER_KEY, BEARER, COOKIE)),  # sent headers not searched
        (lambda headers, names: {value for _, value in headers}, (BEARER, COOKIE)),  # their parts not taken
    ],
    ids=["no header secrets", "whole values only"],
)
def test_the_header_credential_scan_bites(
    sabotage: Callable[[Any, Any], set[str]],
    leaked: tuple[str, ...],
    capture: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the sent headers' values (or their parts) left out of a call's secrets, the same scan finds them."""
    monkeypatch.delenv("SIMLI_API_KEY", raising=False)
    monkeypatch.setattr(_operations, "header_secrets", sabotage)
    texts, _ = _header_scan(capture)
    for canary in leaked:
        assert any(canary in text for text in texts), canary
