"""Per-call options (``timeout=``, ``extra_headers=``) and the raw response ``with_raw_response`` gives.

Every facade method takes the options as keywords: each stub lists ``**options: Unpack[RequestOptions]``
(the type checkers' view), and the method takes them out of the call's keywords before the stub
runs, into a :class:`CallOptions` the call path reads. A call without options builds none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypedDict, TypeVar

import httpx

from ._validation import check_timeout

R = TypeVar("R")


class HeaderOptions(TypedDict, total=False):
    """Per-call headers: for a method whose own ``timeout`` means something else (``faces.wait_until_ready``)."""

    extra_headers: Mapping[str, str]
    """Sent with this call's requests to the API, each replacing a header of the same name (in any case)."""


class RequestOptions(HeaderOptions, total=False):
    """The keywords every facade method takes besides its own (see ``simli.with_options`` for defaults)."""

    timeout: float | httpx.Timeout
    """This call's timeout (seconds, or an ``httpx.Timeout``), instead of the client's."""


class CallOptions:
    """One call's options as the call path reads them, and the last response it saw (for ``with_raw_response``)."""

    __slots__ = ("headers", "response", "timeout")

    def __init__(self, timeout: httpx.Timeout | None = None, headers: Mapping[str, str] | None = None) -> None:
        self.timeout = timeout
        self.headers = headers
        self.response: httpx.Response | None = None


class RawView:
    """``simli.with_raw_response``: the client's areas, built on this view, answer with the HTTP response too."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


def take_options(kwargs: dict[str, Any], timeout: bool) -> CallOptions | None:
    """The per-call options in a method's keywords ``kwargs``, taken out of them; None when there are none.

    ``timeout``: whether ``timeout=`` is a per-call option of this method (not when its stub has its own).
    """
    seconds = kwargs.pop("timeout", None) if timeout else None
    headers = kwargs.pop("extra_headers", None)
    if seconds is None and headers is None:
        return None
    return CallOptions(
        None if seconds is None else as_timeout(seconds), None if headers is None else check_headers(headers)
    )


def as_timeout(value: float | httpx.Timeout) -> httpx.Timeout:
    """A timeout given as seconds or as an ``httpx.Timeout``, checked."""
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(check_timeout(value))


def check_headers(headers: Mapping[str, str]) -> Mapping[str, str]:
    """``headers`` when every name and value is a string (httpx would fail later, far from the cause)."""
    if not isinstance(headers, Mapping) or not all(
        isinstance(name, str) and isinstance(value, str) for name, value in headers.items()
    ):
        raise TypeError("headers must be a mapping of header names (str) to values (str)")
    return headers


def merge_headers(base: Mapping[str, str] | None, extra: Mapping[str, str]) -> dict[str, str]:
    """``base`` with ``extra`` over it: a name in ``extra`` replaces the same name in ``base`` in any case."""
    replaced = {name.lower() for name in extra}
    kept = {name: value for name, value in (base or {}).items() if name.lower() not in replaced}
    return {**kept, **extra}


class RawResponse(Generic[R]):
    """What ``simli.with_raw_response.<area>.<method>(...)`` returns: the HTTP answer and the method's result.

    ``http_response`` is the last response the method received (for a method of several requests,
    such as ``livekit.start_avatar`` or ``faces.wait_until_ready``, the last one); ``parse()`` is the
    value the plain method returns, parsed and checked during the call. An error status still raises
    ``SimliAPIError``, which carries the response too.
    """

    __slots__ = ("_parsed", "http_response")

    def __init__(self, http_response: httpx.Response, parsed: R) -> None:
        self.http_response = http_response
        self._parsed = parsed

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's ``x-request-id`` header, when it sent one."""
        request_id: str | None = self.http_response.headers.get("x-request-id")
        return request_id

    def parse(self) -> R:
        """The method's result: the same value the call without ``with_raw_response`` returns."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code} {self.http_response.reason_phrase}]>"
