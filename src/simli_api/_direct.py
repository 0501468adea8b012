"""The async facade's direct route: the bytes httpx would send, written straight to the facade's pool.

Why: with many calls in flight, ``httpx.AsyncClient.send`` and the Request and Response objects
around it cost more than the exchange itself (about half the facade's time at 100 in flight;
see ``benchmarks/``). So when the facade owns its pool (an :class:`~._transport.AsyncTransport`)
and nothing is hooked into the ``httpx.AsyncClient`` (no event hooks, auth, cookies, params,
redirect following or mounted transports, and no patched transport lookup such as respx's), a
JSON call skips the client: its request head is built once by ``client.build_request`` itself and
kept as bytes, the body is encoded as httpx encodes it (checked against httpx's own encoding), and
the answer comes back as an ordinary ``httpx.Response``. Anything else takes the httpx route, and
so does any answer with a ``Content-Encoding`` or ``Set-Cookie`` (httpx decodes and stores those).
"""

from __future__ import annotations

import json
import logging

import httpx

from . import _operations
from ._transport import AsyncTransport, _Connection, encode_head, origin_of

# Keys of a generated ``_get_kwargs`` result the direct route handles; any other (params,
# content, data, files, cookies) takes the httpx route.
_PLAIN_KWARGS = frozenset({"method", "url", "json", "headers"})
# Response headers that need httpx's own handling (decoding, the cookie store).
_HTTPX_HEADERS = frozenset({b"content-encoding", b"set-cookie", b"set-cookie2"})
_MAX_TEMPLATES = 256
_LENGTH_MARKER = b"\x00simli-api-content-length\x00"
# httpx logs one INFO line per request it sends; the direct route writes the same line.
_httpx_logger = logging.getLogger("httpx")

_TemplateKey = tuple[str, str, tuple[tuple[bytes, bytes], ...], tuple[tuple[str, str], ...], bool]


def _encode_json(payload: object) -> bytes:
    """A JSON request body as httpx 0.28 encodes it (compact, UTF-8, no NaN)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


# Non-ASCII text, a float and nesting: where httpx releases have encoded JSON differently.
_JSON_PROBE = {"text": "é ✓", "number": 1.5, "list": [True, None, {"nested": 1}]}


def _encodes_json_like_httpx() -> bool:
    """True if the installed httpx encodes JSON bodies byte for byte as :func:`_encode_json` does."""
    return httpx.Request("POST", "http://probe/", json=_JSON_PROBE).content == _encode_json(_JSON_PROBE)


class _Template:
    """One request shape's head, encoded once: all of it but the Content-Length value, if it has one."""

    __slots__ = ("after_length", "before_length", "method", "url")

    def __init__(self, request: httpx.Request, before_length: bytes, after_length: bytes | None) -> None:
        self.method = request.method  # for httpx's log line
        self.url = request.url
        self.before_length = before_length
        self.after_length = after_length

    def head(self, length: int) -> bytes:
        if self.after_length is None:
            return self.before_length
        return b"%b%d%b" % (self.before_length, length, self.after_length)


class DirectRoute:
    """Attempts over the direct route for one facade-owned ``httpx.AsyncClient`` and its AsyncTransport."""

    def __init__(self, client: httpx.AsyncClient, transport: AsyncTransport, base_url: str, timeout: httpx.Timeout):
        self._client = client
        self._transport = transport
        self._base_url = base_url.rstrip("/")
        self._base = httpx.URL(self._base_url)
        self._origin = origin_of(self._base)
        self._timeouts: dict[str, float | None] = timeout.as_dict()
        self._timeout = timeout
        self._read_timeout = self._timeouts.get("read")
        # None marks a shape the direct route cannot reproduce exactly: it takes the httpx route.
        self._templates: dict[_TemplateKey, _Template | None] = {}

    @classmethod
    def for_client(cls, client: httpx.AsyncClient, base_url: str, timeout: httpx.Timeout) -> DirectRoute | None:
        """The route for ``client``, or None if its transport is not the facade's own."""
        transport = getattr(client, "_transport", None)
        if not isinstance(transport, AsyncTransport) or not _encodes_json_like_httpx():
            return None
        return cls(client, transport, base_url, timeout)

    def _client_is_plain(self) -> bool:
        """True while nothing is hooked into the client that its ``send`` would apply."""
        client = self._client
        try:
            hooks = client._event_hooks
            return (
                not client.is_closed
                and client._transport_for_url(self._base) is self._transport
                and not hooks["request"]
                and not hooks["response"]
                and client._auth is None
                and not client.follow_redirects
                and not client.params
                and not client.cookies
            )
        except (AttributeError, KeyError, TypeError):  # a different httpx: keep to its own route
            return False

    def attempt(self, call: _operations.Call, headers: dict[str, str]) -> _operations.AsyncAttempt | None:
        """The call's attempt over the direct route, or None if it must take the httpx route."""
        kwargs = call.kwargs
        if not kwargs.keys() <= _PLAIN_KWARGS or not self._client_is_plain():
            return None
        payload = kwargs.get("json")
        body = b"" if payload is None else _encode_json(payload)
        merged = {**headers, **kwargs.get("headers", {})}
        template = self._template(call, merged, body)
        if template is None:
            return None
        head = template.head(len(body))
        transport, origin, timeouts, read_timeout = self._transport, self._origin, self._timeouts, self._read_timeout

        async def attempt() -> httpx.Response:
            connection = await transport.exchange(origin, head, body, timeouts)
            status, response_headers = connection.status, connection.headers
            if _httpx_logger.isEnabledFor(logging.INFO):
                _log_like_httpx(template, connection)
            content_type = ""
            for name, value in response_headers:
                lowered = name.lower()
                if lowered in _HTTPX_HEADERS:
                    return await self._through_httpx(call, connection, merged)
                if lowered == b"content-type":
                    content_type = value.decode("latin-1")
            collected = _operations.Body(call, status, content_type, read_timeout)
            try:
                await connection.read_body(read_timeout, collected.add)
            except BaseException:
                transport.discard(connection)
                raise
            transport.release(connection)
            content = collected.content()
            response = httpx.Response(
                status,
                headers=response_headers,
                stream=httpx.ByteStream(content),
                extensions={"http_version": connection.http_version, "reason_phrase": connection.reason},
            )
            # The state Response.read() and close() leave behind, without running them again.
            response._content = content
            response.is_stream_consumed = response.is_closed = True
            return response

        return attempt

    def _template(self, call: _operations.Call, merged: dict[str, str], body: bytes) -> _Template | None:
        kwargs = call.kwargs
        key: _TemplateKey = (
            str(kwargs["method"]),
            str(kwargs["url"]),
            tuple(self._client.headers.raw),
            tuple(merged.items()),
            "json" in kwargs,
        )
        try:
            return self._templates[key]
        except KeyError:
            pass
        if len(self._templates) >= _MAX_TEMPLATES:
            self._templates.clear()
        template = self._templates[key] = self._build_template(call, merged, body)
        return template

    def _build_template(self, call: _operations.Call, merged: dict[str, str], body: bytes) -> _Template | None:
        """Let httpx build this shape's request once; keep its head, or None if our body encoding differs."""
        request = call.build_request(self._client, self._base_url, merged, self._timeout)
        if request.content != body:
            return None  # this httpx encodes JSON differently: use its route
        raw = request.headers.raw
        lengths = [index for index, (name, _) in enumerate(raw) if name.lower() == b"content-length"]
        if len(lengths) > 1 or (lengths and raw[lengths[0]][1] != b"%d" % len(body)) or (not lengths and body):
            return None
        if lengths:  # encode a marker in the Content-Length slot, then split the head around it
            raw = [*raw[: lengths[0]], (raw[lengths[0]][0], _LENGTH_MARKER), *raw[lengths[0] + 1 :]]
        try:
            head = encode_head(request.method, request.url.raw_path, raw)
        except httpx.LocalProtocolError:
            return None  # the httpx route reports it, as it would for any client
        parts = head.split(_LENGTH_MARKER)
        if not lengths:
            return _Template(request, head, None) if len(parts) == 1 else None
        return _Template(request, parts[0], parts[1]) if len(parts) == 2 else None

    async def _through_httpx(
        self, call: _operations.Call, connection: _Connection, merged: dict[str, str]
    ) -> httpx.Response:
        """Finish an answer httpx must handle (decode its body, store its cookies) as ``AsyncClient.send`` does."""
        response = self._transport.response(connection, self._read_timeout)
        response.request = call.build_request(self._client, self._base_url, merged, self._timeout)
        response = await _operations.read_streamed(call, response, self._read_timeout)
        self._client.cookies.extract_cookies(response)
        return response


def _log_like_httpx(template: _Template, connection: _Connection) -> None:
    """The line ``AsyncClient.send`` logs when an answer's head arrives."""
    _httpx_logger.info(
        'HTTP Request: %s %s "%s %d %s"',
        template.method,
        template.url,
        connection.http_version.decode("ascii", "ignore"),
        connection.status,
        connection.reason.decode("ascii", "ignore"),
    )
