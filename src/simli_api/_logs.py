"""The ``simli_api`` logger and its switch, ``SIMLI_LOG``.

What each level shows (records of ``simli_api``; httpx logs its own request line on ``httpx``):

* INFO: one line per call once it is settled: ``GET /faces -> HTTP 200 in 0.142s, 0 retries`` (the route
  template, never argument values; the final status or transport failure; seconds from the first attempt
  to the answer's head; retries), and one line per retry with its reason and wait.
* DEBUG: besides, per attempt, its number, the request's and the response's headers (the API key's header,
  ``Authorization``, cookies and secret-named headers shown as ``[REDACTED]``), or the failure's message,
  redacted. Bodies are never logged.

``SIMLI_LOG=info`` or ``debug`` (any case) sets the logger's level when the first client is made and adds a
stderr handler, unless the application configured logging already: a level or handler of its own on
``simli_api`` leaves it untouched; a handler further up (``logging.basicConfig``) gets the lines instead.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

from ._constants import ENV_LOG, LOG_FORMAT

LOGGER = "simli_api"
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
"""The values SIMLI_LOG takes (lower-cased) and the level each turns on."""

_done = False


def configure_from_env() -> None:
    """Apply ``SIMLI_LOG`` once per process (the first client calls it); an unknown value is a warning."""
    global _done  # noqa: PLW0603 - once per process, whichever client comes first
    if _done:
        return
    _done = True
    value = os.environ.get(ENV_LOG, "").strip()
    if not value:
        return
    level = LEVELS.get(value.lower())
    if level is None:
        warnings.warn(
            f"{ENV_LOG}={value!r} is not a log level and is ignored: use one of {', '.join(LEVELS)}",
            stacklevel=3,
        )
        return
    logger = logging.getLogger(LOGGER)
    if logger.level != logging.NOTSET or logger.handlers:  # the application set this logger up itself
        return
    logger.setLevel(level)
    if not logger.hasHandlers():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        logger.addHandler(handler)
