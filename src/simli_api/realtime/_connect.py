"""Opening a session: the compose token (if not given), the socket, and the wait for LiveKit join info."""

from __future__ import annotations

import asyncio
import logging
import re
import urllib.parse
from collections.abc import Iterable, MutableMapping
from typing import TYPE_CHECKING, Any

from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from .._constants import REALTIME_MAX_MESSAGE_BYTES, REALTIME_OPEN_TIMEOUT, REALTIME_WAIT_TIMEOUT
from .._redact import excerpt, redact
from .._version import __version__
from . import _protocol
from ._protocol import Closing, Failure, JoinInfo, Notice
from ._session import Session
from .errors import SimliRealtimeClosedError, SimliRealtimeProtocolError, SimliRealtimeTimeoutError
from .events import Event, Stopped, Unknown

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

logger = logging.getLogger("simli_api.realtime")


class Timeouts:
    """How long each phase may take, from the client's ``httpx.Timeout``: ``connect`` bounds the opening and
    closing handshakes, ``read`` the waits for join info and for ``STOP`` after ``DONE``."""

    def __init__(self, connect: float | None, read: float | None) -> None:
        self.open = REALTIME_OPEN_TIMEOUT if connect is None else connect
        self.wait = REALTIME_WAIT_TIMEOUT if read is None else read


# websockets' debug line for a JSON text frame ("< TEXT '{...}' [151 bytes]"): join info holds the LiveKit token,
# which websockets shortens before it is logged (so redacting the whole value would miss its pieces).
_JSON_FRAME = re.compile(r"^([<>] TEXT )'\{.*(\[\d+ bytes\])$", re.DOTALL)


class _Redacting(logging.LoggerAdapter):  # type: ignore[type-arg]
    """The logger handed to websockets: its lines come out redacted (the request line holds the session token)
    and JSON frames are logged by size only (join info holds the LiveKit token)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__(logger, {})
        self._secrets = tuple(secrets)

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if self.isEnabledFor(level):
            text = _JSON_FRAME.sub(r"\1JSON \2", str(msg) % args if args else str(msg))
            self.logger.log(level, "%s", redact(text, self._secrets), **kwargs)

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, MutableMapping[str, Any]]:
        return msg, kwargs


async def open_session(base_url: str, session_token: str, secrets: Iterable[str], timeouts: Timeouts) -> Session:
    """Open the ``livekit`` channel with ``session_token`` (the socket's only credential); wait for join info."""
    # The token as given and as it travels in the URL's query (percent- or plus-encoded).
    secrets = (
        *secrets,
        session_token,
        urllib.parse.quote(session_token, safe=""),
        urllib.parse.quote_plus(session_token),
    )
    url = _protocol.socket_url(base_url, session_token)
    try:
        connection = await ws_connect(
            url,
            open_timeout=timeouts.open,
            close_timeout=timeouts.open,
            compression=None,  # PCM does not deflate usefully; compressing costs CPU on both ends
            max_size=REALTIME_MAX_MESSAGE_BYTES,
            user_agent_header=f"simli-api/{__version__}",
            logger=_Redacting(secrets),
        )
    except InvalidStatus as exc:
        body = excerpt(bytes(exc.response.body or b""), secrets)
        raise SimliRealtimeClosedError(
            f"Simli refused to open the realtime socket: HTTP {exc.response.status_code}"
            + (f": {body}" if body else ""),
            code=f"HTTP {exc.response.status_code}",
            text=body,
        ) from None
    except asyncio.TimeoutError:
        raise SimliRealtimeTimeoutError(
            f"the realtime socket did not open within {timeouts.open:g} s (the client's connect timeout)"
        ) from None
    except (OSError, WebSocketException) as exc:
        text = redact(str(exc), secrets)
        raise SimliRealtimeClosedError(
            f"the realtime socket could not be opened ({type(exc).__name__}: {text}); check base_url and the network"
        ) from None
    try:
        join, early, closing = await _join_info(connection, secrets, timeouts.wait)
        return Session(
            connection,
            join,
            early=early,
            closing_reason=closing,
            secrets=secrets,
            wait_timeout=timeouts.wait,
            close_timeout=timeouts.open,
        )
    except BaseException:
        await connection.close()
        raise


async def _join_info(
    connection: ClientConnection, secrets: Iterable[str], timeout: float
) -> tuple[JoinInfo, list[Event], str | None]:
    """Read until the join info; events sent before it are kept, an error or anything unknown ends the session."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    early: list[Event] = []
    closing: str | None = None
    while True:
        try:
            message = await asyncio.wait_for(connection.recv(), max(deadline - loop.time(), 0))
        except asyncio.TimeoutError:
            raise SimliRealtimeTimeoutError(
                f"Simli sent no LiveKit join info within {timeout:g} s of opening the socket "
                "(the client's read timeout)"
            ) from None
        except ConnectionClosed:
            code, reason = connection.close_code, redact(connection.close_reason or "", secrets)
            why = closing or (f"close code {code}" + (f": {reason}" if reason else ""))
            raise SimliRealtimeClosedError(
                f"Simli closed the socket before sending LiveKit join info ({why}); check the session token"
            ) from None
        parsed = _protocol.parse(message, secrets)
        if isinstance(parsed, JoinInfo):
            return parsed, early, closing
        if isinstance(parsed, Failure):
            raise parsed.error
        if isinstance(parsed, Closing):
            closing = parsed.reason
        elif isinstance(parsed, Stopped):
            raise SimliRealtimeClosedError(
                f"Simli stopped the session before sending LiveKit join info ({parsed.reason or closing or 'STOP'})"
            )
        elif isinstance(parsed, Unknown):
            raise SimliRealtimeProtocolError(
                f"Simli sent a message this client does not know before START: {parsed.raw[:200]!r}"
            )
        elif not isinstance(parsed, Notice):
            early.append(parsed)
