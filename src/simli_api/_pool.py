"""The facade's own httpx pool: httpx's clients with a lean cookie store and headers that count their changes.

Why: httpx hands every response to ``http.cookiejar`` (building urllib request and response adapters
each time), though the jar only reads ``Set-Cookie``/``Set-Cookie2``; and the aiohttp route reuses a
request's head while the pool's cookies and headers are as they were (``_aiohttp.Target``), which it
learns per call from a flag and a counter here instead of a pass over the jar and a copy of the headers.
Both go through the clients' public ``cookies`` and ``headers`` properties, which httpx itself reads.
"""

from __future__ import annotations

import http.cookiejar
from typing import Any

import httpx

# The clients' own ``headers`` property (httpx's BaseClient's, shared by Client and AsyncClient).
_HTTPX_HEADERS: property = httpx.AsyncClient.headers  # type: ignore[assignment]


class _FlaggedJar(http.cookiejar.CookieJar):
    """A cookie jar that remembers whether a cookie was ever put in (every way in goes through set_cookie)."""

    filled = False

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        self.filled = True
        super().set_cookie(cookie)


class LeanCookies(httpx.Cookies):
    """httpx's cookie store, minus the jar pass over responses that set no cookie, and with :attr:`may_hold`."""

    def __init__(self, cookies: Any = None) -> None:
        if isinstance(cookies, http.cookiejar.CookieJar):  # httpx keeps a jar it is given: so does this
            super().__init__(cookies)
            return
        super().__init__(_FlaggedJar())
        for cookie in httpx.Cookies(cookies).jar:
            self.jar.set_cookie(cookie)

    @property
    def may_hold(self) -> bool:
        """False while no cookie was ever stored here (a jar given from outside may always hold some)."""
        jar = self.jar
        return type(jar) is not _FlaggedJar or jar.filled

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


class TrackedHeaders(httpx.Headers):
    """httpx's headers with :attr:`version`, counting changes (every change goes through these four)."""

    version = 0

    def __setitem__(self, key: str, value: str) -> None:
        self.version += 1
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.version += 1
        super().__delitem__(key)

    def update(self, headers: Any = None) -> None:  # type: ignore[override]  # httpx's own signature
        self.version += 1
        super().update(headers)

    @property
    def encoding(self) -> str:
        return httpx.Headers.encoding.fget(self)  # type: ignore[attr-defined,no-any-return]

    @encoding.setter
    def encoding(self, value: str) -> None:
        self.version += 1
        httpx.Headers.encoding.fset(self, value)  # type: ignore[attr-defined]


class _PoolState:
    """The public ``cookies`` and ``headers`` properties of httpx's clients, holding the two classes above.

    httpx reads and writes both only through these properties; its setter merges its default headers.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._lean_cookies = LeanCookies(options.get("cookies"))

    @property
    def cookies(self) -> httpx.Cookies:
        return self._lean_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:  # what httpx takes: Cookies, CookieJar, a dict or pairs
        self._lean_cookies = LeanCookies(cookies)

    @property
    def headers(self) -> httpx.Headers:
        return self._tracked_headers

    @headers.setter
    def headers(self, headers: Any) -> None:
        _HTTPX_HEADERS.__set__(self, headers)
        self._tracked_headers = TrackedHeaders(_HTTPX_HEADERS.__get__(self))


class LeanClient(_PoolState, httpx.Client):
    """``httpx.Client`` with the lean cookie store and tracked headers."""


class LeanAsyncClient(_PoolState, httpx.AsyncClient):
    """``httpx.AsyncClient`` with the lean cookie store and tracked headers."""
