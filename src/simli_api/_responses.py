"""Reading an answer as the description declares it: the 2xx result, or the error for any other status.

A 2xx is read by what the description declares for its status (see :class:`~._facts.Declared`):

* the operation declares no responses at all: the body as the server labelled it: decoded JSON,
  text, or bytes; an empty body is None (a status it does not declare, when it declares others,
  is a SimliResponseError: typed callers rely on the declared shapes);
* declared without content (a 204, an empty 200): None, whatever the body;
* only binary media types (``video/mp4``, HLS, images): the bytes; a JSON or text body that is not one
  of the declared types is a SimliResponseError (an error page is not a video);
* JSON: the generated parser's model, checked against its type hints; an empty body or JSON ``null``
  is None where the schema is untyped (``{}``) or admits null, and a SimliResponseError where a typed
  value is promised.

Error statuses become SimliAPIError with whatever the body carries in the shapes the description uses
(``{"error", "code"}``, ``{"detail": "..."}``, FastAPI's 422 issue list), all redacted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx

from ._conformance import ConformanceError, check_result
from ._exceptions import (
    SimliAPIError,
    SimliAuthenticationError,
    SimliNotFoundError,
    SimliRateLimitError,
    SimliResponseError,
    SimliServerError,
    SimliValidationError,
    ValidationIssue,
)
from ._facts import BINARY, JSON, NULLABLE, TEXT, TYPED, UNTYPED, Declared, OperationFacts, media_kind
from ._redact import answer_secrets, excerpt, redact
from ._retry import retry_after_seconds

_JSON_OPENERS = (b"{", b"[")
_NUL_OR_NOTHING = (b"\x00", b"")
_DECODER = json.JSONDecoder()  # json.loads' own (no hooks)
_JSON_WHITESPACE = " \t\n\r"


class Answer:
    """A 2xx answer read whole, as the facade reads it: status, headers and bytes, without an ``httpx.Response``.

    Why: building an ``httpx.Response`` (headers normalised, body streamed through its decoders) costs
    about as much as the rest of the facade's work on a call, and a 2xx is read from its status, content
    type and bytes alone. ``response`` builds the ``httpx.Response`` (once) for whatever needs one: an
    error carrying it, a cookie to store, a text body to decode as httpx decodes it.
    """

    __slots__ = ("_build", "_response", "content", "headers", "status_code")

    def __init__(
        self, status_code: int, headers: Mapping[str, str], content: bytes, build: Callable[[], httpx.Response]
    ) -> None:
        self.status_code = status_code
        self.headers = headers  # case-insensitive, as received (read for Content-Type and Set-Cookie)
        self.content = content
        self._build = build
        self._response: httpx.Response | None = None

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def response(self) -> httpx.Response:
        """The ``httpx.Response`` the httpx route would have handed on (built on first use)."""
        if self._response is None:
            self._response = self._build()
        return self._response

    @property
    def text(self) -> str:
        return self.response.text

    def json(self, **kwargs: Any) -> Any:
        """The body as JSON, as ``httpx.Response.json`` decodes it (``json.loads`` of the bytes).

        A body opening with ``{`` or ``[`` and a non-NUL byte is one ``json.loads`` reads as UTF-8 (no BOM,
        not UTF-16/32): decoded here as it would decode it, which spares its encoding detection.
        """
        content = self.content
        if kwargs or content[:1] not in _JSON_OPENERS or content[1:2] in _NUL_OR_NOTHING:
            return json.loads(content, **kwargs)
        # json.loads of the text, without its wrappers: the text opens with the document, and after it only
        # JSON whitespace may follow (else the error json.loads raises).
        text = content.decode("utf-8", "surrogatepass")
        value, end = _DECODER.raw_decode(text)
        if end != len(text):
            rest = text[end:]
            extra = len(rest) - len(rest.lstrip(_JSON_WHITESPACE))
            if extra < len(rest):
                raise json.JSONDecodeError("Extra data", text, end + extra)
        return value


def as_response(answer: httpx.Response | Answer) -> httpx.Response:
    """``answer`` as an ``httpx.Response`` (an :class:`Answer` builds its own)."""
    return answer.response if isinstance(answer, Answer) else answer


def read_result(
    facts: OperationFacts,
    parse_client: Any,
    response: httpx.Response | Answer,
    secrets: Iterable[str],
    require: Any = None,
) -> Any:
    """The 2xx result (see the module docstring); any other status raised as SimliAPIError."""
    if not 200 <= response.status_code < 300:  # is_success, without a property call on every answer
        raise status_error(as_response(response), secrets)
    try:
        result = parse_as_declared(facts, parse_client, response)
        if require is not None:
            require(result)
    except Exception as exc:  # nothing from the parser may escape raw
        raise malformed(as_response(response), exc, secrets) from None
    return result


def parse_as_declared(facts: OperationFacts, parse_client: Any, response: httpx.Response | Answer) -> Any:
    """The 2xx body as the description declares it for this status; ConformanceError if it breaks that."""
    declared = facts.declared(response.status_code)
    if declared is None:
        if facts.responses:
            raise ConformanceError(
                f"HTTP {response.status_code} is not a status the description declares for {facts.describe()} "
                f"(it declares {', '.join(facts.responses)})"
            )
        return undescribed(response)
    if declared.no_content:
        return None
    content_type = response.headers.get("content-type", "")
    kind = media_kind(content_type)
    if declared.binary_only or (kind == BINARY and declared.schema_kind(BINARY) is not None):
        problem = declared.not_a_download(content_type)
        if problem is not None:
            raise ConformanceError(problem)
        return response.content
    return _generated_result(facts, declared, kind, parse_client, response)


def _generated_result(
    facts: OperationFacts, declared: Declared, kind: str | None, parse_client: Any, response: httpx.Response | Answer
) -> Any:
    """The generated parser's value, checked; None only where the schema allows no value."""
    loosest = declared.loosest_text if kind == TEXT else declared.loosest_json
    if not response.content:
        if loosest == UNTYPED:
            return None
        raise ConformanceError(f"an empty body where the description promises {declared.describe()}")
    if loosest == UNTYPED:  # any value: decoded here (the generator drops some untyped bodies to None)
        return response.text if kind == TEXT else json.loads(response.content)
    if loosest == TYPED and len(response.content) < 16 and response.content.strip() == b"null":
        raise ConformanceError(f"a JSON null where the description promises a value ({declared.describe()})")
    parsed = facts.module._parse_response(client=parse_client, response=response)
    if parsed is None:
        if loosest in (UNTYPED, NULLABLE):
            return None
        raise ConformanceError("no body the spec describes for this status")
    check_result(parsed, facts.module._parse_response)
    return parsed


def undescribed(response: httpx.Response | Answer) -> Any:
    """A body the description says nothing about: JSON decoded, text as str, anything else as bytes."""
    content = response.content
    if not content:
        return None
    kind = media_kind(response.headers.get("content-type", ""))
    if kind == JSON:
        return json.loads(content)
    if kind == TEXT:
        return response.text
    return content


def malformed(response: httpx.Response, exc: Exception, secrets: Iterable[str]) -> SimliResponseError:
    """The SimliResponseError for a 2xx whose body breaks the description (its own secret fields redacted too)."""
    secrets = answer_secrets(secrets, response.content)
    reason = redact(str(exc) if isinstance(exc, ConformanceError) else _parse_failure(exc), secrets)
    return SimliResponseError(
        f"the response does not match the API description: {reason}",
        status_code=response.status_code,
        body=excerpt(response.content, secrets),
    )


def _parse_failure(exc: Exception) -> str:
    """What a parser's exception says about the body, in a few words (not JSON, not UTF-8, a missing field)."""
    if isinstance(exc, json.JSONDecodeError):
        return "not JSON"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, KeyError):
        return f"missing field {exc}"
    return f"{type(exc).__name__}: {exc}"


# --------------------------------------------------------------------------- error statuses


def status_error(response: httpx.Response, secrets: Iterable[str]) -> SimliAPIError:
    """The SimliAPIError subclass for a non-2xx response, with the body's error fields when it has them.

    Values of secret-looking fields in the body itself (e.g. a ``session_token`` in a 400) are
    redacted too, wherever else they appear.
    """
    status = response.status_code
    data = _json_or_none(response)
    secrets = answer_secrets(secrets, response.content)
    body = excerpt(response.content, secrets)
    if status == 422:
        issues = _validation_issues(data, secrets)
        detail = _error_field(data, "detail", secrets)
        return SimliValidationError(status, errors=issues, body=body, detail=detail, response=response)
    error, code, detail = (_error_field(data, name, secrets) for name in ("error", "code", "detail"))
    if status == 429:
        retry_after = retry_after_seconds(response.headers)
        return SimliRateLimitError(
            status, error=error, code=code, body=body, detail=detail, retry_after=retry_after, response=response
        )
    kind: type[SimliAPIError] = SimliAPIError
    if status in (401, 403):
        kind = SimliAuthenticationError
    elif status == 404:
        kind = SimliNotFoundError
    elif status >= 500:
        kind = SimliServerError
    return kind(status, error=error, code=code, body=body, detail=detail, response=response)


def _json_or_none(response: httpx.Response) -> Any:
    """The body as JSON, or None when it is not JSON."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


def _error_field(data: Any, name: str, secrets: Iterable[str]) -> str | None:
    """``data[name]`` redacted, when ``data`` is an object and that field a string (or a number, as text)."""
    if not isinstance(data, dict):
        return None
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return redact(str(value), secrets)


def _validation_issues(data: Any, secrets: Iterable[str]) -> list[ValidationIssue]:
    """The (loc, msg, type) entries of a FastAPI 422 body (``{"detail": [{loc, msg, type}, ...]}``)."""
    if not isinstance(data, dict) or not isinstance(data.get("detail"), list):
        return []
    issues = []
    for entry in data["detail"]:
        if not isinstance(entry, dict):
            continue
        loc, msg, kind = entry.get("loc"), entry.get("msg"), entry.get("type")
        if not isinstance(loc, list) or not isinstance(msg, str) or not isinstance(kind, str):
            continue
        if not all(isinstance(part, (str, int)) and not isinstance(part, bool) for part in loc):
            continue
        where = tuple(redact(part, secrets) if isinstance(part, str) else part for part in loc)
        issues.append(ValidationIssue(where, redact(msg, secrets), redact(kind, secrets)))
    return issues
