"""What a realtime session raises, under :class:`simli_api.SimliError`.

    SimliError
    └── SimliRealtimeError              the server ended the session with ``ERROR ...`` (``code``, ``text``)
        ├── SimliRealtimeRateLimitError  the server refused or ended the session with ``RATE ...``
        ├── SimliRealtimeProtocolError   the server sent something the description does not allow here
        └── SimliRealtimeClosedError     the socket failed to open or closed mid-session (also a SimliConnectionError)
            └── SimliRealtimeTimeoutError  no join info / STOP / handshake in time (also a SimliTimeoutError)

Messages carry the server's text with the session and LiveKit tokens redacted.
"""

from __future__ import annotations

from .._exceptions import SimliConnectionError, SimliError, SimliTimeoutError

EXTRA_HINT = "simli.realtime needs the 'websockets' package: pip install 'simli-api[realtime]'"


class SimliRealtimeError(SimliError):
    """The realtime session ended with an error; ``code`` is the server's code (``INVALID_API_KEY``) if it sent one,
    ``text`` its message (redacted)."""

    def __init__(self, message: str, *, code: str | None = None, text: str = "") -> None:
        self.code = code
        self.text = text
        super().__init__(message)


class SimliRealtimeRateLimitError(SimliRealtimeError):
    """The server refused or ended the session with ``RATE ...``: too many sessions; retry later."""


class SimliRealtimeProtocolError(SimliRealtimeError):
    """The server sent a message the AsyncAPI description does not allow at that point (e.g. unknown before START)."""


class SimliRealtimeClosedError(SimliRealtimeError, SimliConnectionError):
    """The socket could not be opened, or the server closed it before the session stopped."""


class SimliRealtimeTimeoutError(SimliRealtimeClosedError, SimliTimeoutError):
    """The server did not answer in time (handshake, join info, or STOP after DONE)."""
