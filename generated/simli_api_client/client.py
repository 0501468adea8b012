"""HTTP client holders used by every generated operation module.

This module comes from simli-api's own template (generator-templates/client.py.jinja),
not openapi-python-client's stock one, for two reasons: it runs on Python 3.10
(no runtime ``typing.Self``), and credentials never appear in ``repr()``.
The public surface matches the stock template, so generated operations and
callers of the stock client work unchanged.
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any

import httpx
from attrs import define, evolve, field

if TYPE_CHECKING:
    from typing_extensions import Self


@define
class Client:
    """Holds configuration and lazily builds the httpx clients operations use.

    Keyword arguments ``cookies``, ``headers``, ``timeout``, ``verify_ssl``,
    ``follow_redirects`` and ``httpx_args`` are passed to the ``httpx.Client`` /
    ``httpx.AsyncClient`` built on first use. Set your own with
    ``set_httpx_client`` / ``set_async_httpx_client``; the arguments above are
    then ignored.

    Attributes:
        raise_on_unexpected_status: raise ``errors.UnexpectedStatus`` when the API
            answers with a status the OpenAPI document does not list.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(default=None, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    def _auth_headers(self) -> dict[str, str]:
        """Headers that carry credentials; none for the unauthenticated client."""
        return {}

    def _all_headers(self) -> dict[str, str]:
        return {**self._headers, **self._auth_headers()}

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A copy of this client with extra headers on every request."""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """A copy of this client with extra cookies on every request."""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        """A copy of this client with a new timeout."""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use ``client`` for synchronous requests; the constructor's httpx settings no longer apply."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The synchronous httpx client, built on first use."""
        if self._client is None:
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._all_headers(),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._client

    def __enter__(self) -> Self:
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use ``async_client`` for asynchronous requests; the constructor's httpx settings no longer apply."""
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The asynchronous httpx client, built on first use."""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._all_headers(),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient(Client):
    """A ``Client`` that sends a credential header on every request.

    Attributes:
        token: the credential; kept out of ``repr()``.
        prefix: put before the token in the header value (``"Bearer"``); empty for none.
        auth_header_name: the header that carries the credential.
    """

    token: str = field(repr=False)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    def _auth_headers(self) -> dict[str, str]:
        value = f"{self.prefix} {self.token}" if self.prefix else self.token
        return {self.auth_header_name: value}
