"""The pipeline's one error type and the helpers that keep its messages to one readable line.

Bottom layer: imports nothing of the pipeline. Every failure a user can act on is a
:class:`PipelineError` whose message says what was wrong and how to fix it.
"""

from __future__ import annotations

import json
from typing import Any


class PipelineError(Exception):
    """A failure the user can act on; its message is one line saying what and how to fix it."""


def one_line(text: str, limit: int = 400) -> str:
    """``text`` on one line (newlines folded), cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def value_literal(value: Any, limit: int = 40) -> str:
    """A value as a short JSON-ish literal for a message: never a dump of a schema."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
