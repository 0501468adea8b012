"""The facade's own pool (``simli_api._pool``): every change to its headers counts, every way a cookie gets in
is remembered, and otherwise it is httpx's client (same default headers, same cookie handling)."""

from __future__ import annotations

import http.cookiejar
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from simli_api._pool import LeanAsyncClient, LeanClient, LeanCookies, TrackedHeaders

HEADER_CHANGES: dict[str, Callable[[httpx.Headers], Any]] = {
    "set": lambda headers: headers.__setitem__("X-New", "1"),
    "replace": lambda headers: headers.__setitem__("User-Agent", "other"),
    "delete": lambda headers: headers.__delitem__("Accept"),
    "update": lambda headers: headers.update({"X-New": "1"}),
    "pop": lambda headers: headers.pop("Accept"),
    "setdefault": lambda headers: headers.setdefault("X-New", "1"),
    "clear": lambda headers: headers.clear(),
    "encoding": lambda headers: setattr(headers, "encoding", "latin-1"),
}


@pytest.mark.parametrize("change", HEADER_CHANGES)
@pytest.mark.parametrize("kind", [LeanClient, LeanAsyncClient])
def test_every_change_to_the_pools_headers_counts(kind: type[Any], change: str) -> None:
    client = kind(headers={"User-Agent": "simli-api-test"})
    headers = client.headers
    assert isinstance(headers, TrackedHeaders)
    before = headers.version
    HEADER_CHANGES[change](headers)
    assert headers.version > before, change


def test_replacing_the_pools_headers_gives_new_tracked_headers_with_httpxs_defaults() -> None:
    client = LeanAsyncClient(headers={"X-One": "1"})
    first = client.headers
    client.headers = {"X-Two": "2"}
    assert isinstance(client.headers, TrackedHeaders)
    assert client.headers is not first
    plain = httpx.AsyncClient(headers={"X-Two": "2"})
    assert client.headers.raw == plain.headers.raw  # httpx's Accept, Accept-Encoding, Connection, User-Agent merged
    request = client.build_request("GET", "http://127.0.0.1/")
    assert request.headers.raw == plain.build_request("GET", "http://127.0.0.1/").headers.raw


def _response(*set_cookies: str) -> httpx.Response:
    request = httpx.Request("GET", "http://example.test/")
    return httpx.Response(200, headers=[("Set-Cookie", value) for value in set_cookies], request=request)


COOKIE_WAYS_IN: dict[str, Callable[[LeanCookies], Any]] = {
    "set-cookie": lambda cookies: cookies.extract_cookies(_response("sid=abc; Path=/")),
    "set": lambda cookies: cookies.set("sid", "abc", domain="example.test"),
    "item": lambda cookies: cookies.__setitem__("sid", "abc"),
    "update": lambda cookies: cookies.update({"sid": "abc"}),
    "jar": lambda cookies: cookies.jar.set_cookie(
        http.cookiejar.Cookie(
            0, "sid", "abc", None, False, "example.test", True, False, "/", True, False, None, False, None, None, {}
        )
    ),
}


@pytest.mark.parametrize("way", COOKIE_WAYS_IN)
def test_every_way_a_cookie_gets_in_is_remembered(way: str) -> None:
    cookies = LeanCookies()
    held_before = cookies.may_hold
    assert not held_before
    COOKIE_WAYS_IN[way](cookies)
    assert cookies.may_hold, way
    assert cookies, way


def test_a_response_without_set_cookie_leaves_the_store_untouched() -> None:
    cookies = LeanCookies()
    cookies.extract_cookies(_response())
    assert not cookies.may_hold
    assert not cookies


@pytest.mark.parametrize(
    "given", [{"sid": "abc"}, [("sid", "abc")], httpx.Cookies({"sid": "abc"}), http.cookiejar.CookieJar()]
)
def test_cookies_given_at_the_start_count_as_held(given: Any) -> None:
    cookies = LeanCookies(given)
    assert cookies.may_hold
    if isinstance(given, http.cookiejar.CookieJar):
        assert cookies.jar is given  # kept as httpx keeps a jar it is given
    else:
        assert dict(cookies) == {"sid": "abc"}


def test_the_pools_cookie_setter_keeps_the_lean_store() -> None:
    client = LeanAsyncClient()
    assert isinstance(client.cookies, LeanCookies)
    assert not client.cookies.may_hold
    client.cookies = {"sid": "abc"}
    assert isinstance(client.cookies, LeanCookies)
    assert client.cookies.may_hold
