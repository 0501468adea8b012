"""Every error the facade raises, in one hierarchy under :class:`SimliError`.

    SimliError
    ├── SimliAPIError              the API answered with a non-2xx status
    │   ├── SimliValidationError   422: the request did not validate
    │   ├── SimliAuthenticationError  401 / 403
    │   ├── SimliNotFoundError     404
    │   ├── SimliRateLimitError    429 (after retries)
    │   └── SimliServerError       5xx (after retries, where retried)
    ├── SimliConnectionError       no usable response: connect, transport or decoding failure
    │   └── SimliTimeoutError      no response in time
    ├── SimliResponseError         a 2xx whose body is not what the spec promises
    └── SimliMissingKeyError       an operation needs the API key and none is configured (nothing sent)

Messages and attributes carry only redacted excerpts: never the API key or a token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import httpx

from ._constants import ENV_API_KEY


class SimliError(Exception):
    """Base class of everything this package raises (input checks raise plain ``ValueError``)."""


class SimliAPIError(SimliError):
    """The API answered with an error status.

    Fields come from the body when it has them, in any shape the description uses: ``error`` and
    ``code`` from ``{"error": ..., "code": ...}``, ``detail`` from ``{"detail": "..."}`` (for a 422, a
    summary of its issues). ``body`` is a short, redacted excerpt of the raw body. ``response`` is the
    ``httpx.Response`` (None when the error was built by hand) and ``request_id`` its ``x-request-id``
    header, when the server sent one: the reference Simli's support asks for.
    """

    def __init__(
        self,
        status_code: int,
        *,
        error: str | None,
        code: str | None,
        body: str,
        detail: str | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.status_code = status_code
        self.response = response
        self.request_id: str | None = None if response is None else response.headers.get("x-request-id")
        self.error = error
        self.code = code
        self.detail = detail
        self.body = body
        message = next((text for text in (error, detail, body) if text), None)
        suffix = f" (code {code})" if code is not None else ""
        super().__init__(f"HTTP {status_code}: {message}{suffix}" if message else f"HTTP {status_code}")


class ValidationIssue(NamedTuple):
    """One entry of a 422 body: where (``loc``), what (``msg``) and which check (``type``)."""

    loc: tuple[int | str, ...]
    msg: str
    type: str


class SimliValidationError(SimliAPIError):
    """422: the API rejected the request's fields; ``errors`` lists each (loc, msg, type)."""

    def __init__(
        self,
        status_code: int,
        *,
        errors: list[ValidationIssue],
        body: str,
        detail: str | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.errors = errors
        summary = "; ".join(f"{'.'.join(map(str, issue.loc))}: {issue.msg}" for issue in errors) or None
        super().__init__(status_code, error=summary, code=None, body=body, detail=detail or summary, response=response)


class SimliAuthenticationError(SimliAPIError):
    """401 / 403: the API key is missing, wrong or not allowed to do this."""


class SimliNotFoundError(SimliAPIError):
    """404: no such endpoint or resource (often a wrong base URL)."""


class SimliRateLimitError(SimliAPIError):
    """429 after the retry budget was spent; ``retry_after`` is the server's hint in seconds, if any."""

    def __init__(
        self,
        status_code: int,
        *,
        error: str | None,
        code: str | None,
        body: str,
        detail: str | None = None,
        retry_after: float | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(status_code, error=error, code=code, body=body, detail=detail, response=response)
        self.retry_after = retry_after


class SimliServerError(SimliAPIError):
    """5xx: the API or a gateway in front of it failed."""


class SimliConnectionError(SimliError):
    """No usable response arrived: the connection failed or broke, or the answer could not be decoded."""


class SimliTimeoutError(SimliConnectionError):
    """No response arrived within the configured timeout."""


class SimliResponseError(SimliError):
    """A 2xx answer whose body breaks the spec's promise (not JSON, wrong types, missing id, an empty body
    where a typed value is promised, a JSON or text body where only binary media types are declared).

    ``body`` is a short, redacted excerpt of what arrived.
    """

    def __init__(self, message: str, *, status_code: int, body: str) -> None:
        self.status_code = status_code
        self.body = body
        super().__init__(f"{message} (HTTP {status_code}, body: {body!r})")


class SimliMissingKeyError(SimliError):
    """An operation whose security needs the API key was called with none configured; nothing was sent.

    ``operation`` is its ``"METHOD /path"``. Operations that need no key (``security: []``) never raise it.
    """

    def __init__(self, operation: str) -> None:
        self.operation = operation
        super().__init__(
            f"{operation} needs your Simli API key and none is configured: set the {ENV_API_KEY} environment "
            "variable or pass api_key= to Simli() / AsyncSimli(); nothing was sent"
        )


class SimliOperationUnavailable(SimliError):
    """A facade method whose generated operation module or model the regenerated client no longer has.

    Raised when the method is called (never at import): ``missing`` is the generated name that is
    gone, ``method`` the facade method (``"faces.delete"``), ``operation`` its ``"METHOD /path"``
    and ``module`` its generated operation module, where known. Every other method keeps working.
    """

    def __init__(
        self,
        missing: str,
        reason: str,
        *,
        method: str | None = None,
        operation: str | None = None,
        module: str | None = None,
        edit: str | None = None,
    ) -> None:
        self.missing = missing
        self.reason = reason
        self.method = method
        self.operation = operation
        self.module = module
        where = ", ".join(part for part in (operation, f"generated module {module}" if module else None) if part)
        who = f"simli.{method}{f' ({where})' if where else ''} is unavailable: " if method else ""
        fix = f"update {edit} to the regenerated client" if edit else "update the facade to the regenerated client"
        super().__init__(
            f"{who}{missing}: {reason}. The pinned description (openapi/openapi.yaml) no longer has it as the "
            f"facade declares it (removed or renamed): {fix}, or regenerate from a description that has it "
            "(nox -s regenerate)"
        )


# --------------------------------------------------------------------------- waiting for a face
# SimliError
# └── FaceGenerationError        ``faces.wait_until_ready`` did not end with a ready face
#     ├── FaceGenerationFailedError   the status answer says the generation failed
#     └── FaceGenerationTimeoutError  still not ready when the wait's timeout ran out


class FaceGenerationError(SimliError):
    """``faces.wait_until_ready`` ended without a ready face; ``answer`` is the last status answer, as parsed."""

    def __init__(self, message: str, *, face_id: str, answer: object) -> None:
        self.face_id = face_id
        self.answer = answer
        super().__init__(message)


class FaceGenerationFailedError(FaceGenerationError):
    """The status answer reports a failed generation (``status`` is one of the failure values)."""


class FaceGenerationTimeoutError(FaceGenerationError):
    """The face was not ready within ``timeout`` seconds (the generation may still finish: poll again later)."""

    def __init__(self, message: str, *, face_id: str, answer: object, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(message, face_id=face_id, answer=answer)


class MissingSessionIdWarning(UserWarning):
    """Simli accepted a LiveKit start (2xx) but sent no ``session_id``: the avatar may be running anyway."""
