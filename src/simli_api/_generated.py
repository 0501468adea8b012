"""``simli.generated``: the generated client on the facade's pool, with the API key only where it is required.

The generated operations send whatever their httpx client sends, and openapi-python-client ignores
the description's security. So the generated client gets its own thin httpx client: an auth flow adds
the key headers the operation's facts require (matched by method and path; a request that matches
no operation of the description gets no key), and its transport forwards every request to the
facade's pool (yours, if you passed ``http_client``). Nothing is added to the pool itself.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any

import httpx

from simli_api_client import Client

from ._facts import key_headers, package_facts

GENERATED_PACKAGE = "simli_api_client"
_VARIABLE = re.compile(r"\{[^}]*\}")


class KeyRouter:
    """Which headers carry the API key for a request, from the operations' facts (method + path template)."""

    def __init__(self, package: str, base_url: str, api_key: str | None) -> None:
        self._api_key = api_key
        prefix = httpx.URL(base_url).raw_path.decode("ascii").rstrip("/")
        operations, schemes = package_facts(package)
        self._routes: dict[str, list[tuple[int, re.Pattern[str], tuple[str, ...]]]] = {}
        for entry in operations.values():
            path = str(entry["path"])
            literal = len(_VARIABLE.sub("", path))
            pieces = _VARIABLE.split(path)
            pattern = re.compile(re.escape(prefix) + "[^/]+".join(re.escape(piece) for piece in pieces) + "/?")
            route = (literal, pattern, key_headers(entry["security"], schemes))
            self._routes.setdefault(str(entry["method"]).upper(), []).append(route)
        for routes in self._routes.values():
            routes.sort(key=lambda route: -route[0])  # the most literal template wins (/a/b before /a/{x})

    def headers_for(self, method: str, raw_path: bytes) -> tuple[str, ...]:
        path = raw_path.decode("ascii", "replace").split("?", 1)[0]
        for _, pattern, names in self._routes.get(method.upper(), ()):
            if pattern.fullmatch(path):
                return names
        return ()

    def apply(self, request: httpx.Request) -> None:
        if self._api_key is None:
            return
        for name in self.headers_for(request.method, request.url.raw_path):
            request.headers[name] = self._api_key


class _KeyAuth(httpx.Auth):
    """Adds the key headers a request's operation requires (as an httpx auth flow, before any transport)."""

    def __init__(self, router: KeyRouter) -> None:
        self._router = router

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self._router.apply(request)
        yield request

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class _Forward(httpx.BaseTransport):
    """Sends every request through the facade's pool (its connections, its transport, its hooks)."""

    def __init__(self, pool: httpx.Client) -> None:
        self._pool = pool

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._pool.send(request, stream=True)

    def close(self) -> None:
        """The pool belongs to the facade (or to you): closing the generated client leaves it open."""


class _AsyncForward(httpx.AsyncBaseTransport):
    def __init__(self, pool: httpx.AsyncClient) -> None:
        self._pool = pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pool.send(request, stream=True)

    async def aclose(self) -> None:
        """See :meth:`_Forward.close`."""


def generated_client(
    pool: httpx.Client | httpx.AsyncClient,
    base_url: str,
    headers: dict[str, str],
    timeout: httpx.Timeout,
    api_key: str | None,
) -> Client:
    """A generated ``Client`` whose requests go through ``pool``, keyed per operation."""
    router = KeyRouter(GENERATED_PACKAGE, base_url, api_key)
    client = Client(base_url=base_url, headers=headers, timeout=timeout)
    options: dict[str, Any] = {"base_url": base_url, "headers": headers, "timeout": timeout, "auth": _KeyAuth(router)}
    if isinstance(pool, httpx.AsyncClient):
        client.set_async_httpx_client(httpx.AsyncClient(transport=_AsyncForward(pool), **options))
    else:
        client.set_httpx_client(httpx.Client(transport=_Forward(pool), **options))
    return client
