"""Argument and result conversions the resource stubs share (input errors name the argument, never its value)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from .._conformance import ConformanceError
from .._validation import require_text


def as_uuid(value: uuid.UUID | str, name: str) -> uuid.UUID:
    """``value`` as a UUID (a ``uuid.UUID`` or its string form); TypeError or ValueError naming ``name`` otherwise."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(_id_text(value, name))
    except ValueError:
        raise ValueError(f"{name} must be a UUID (e.g. '123e4567-e89b-12d3-a456-426614174000')") from None


def as_id(value: uuid.UUID | str, name: str) -> str:
    """An id as the text the API takes: a ``uuid.UUID`` (as other methods return ids) or a string.

    Ids pass from one method to another whatever type each declares; anything else is a TypeError naming ``name``.
    """
    if isinstance(value, uuid.UUID):
        return str(value)
    return require_text(name, _id_text(value, name))


def _id_text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or uuid.UUID, got {type(value).__name__}")
    return value


def as_timestamp(value: int | datetime.datetime, name: str) -> int:
    """Unix seconds from an int or an aware datetime; ValueError naming ``name`` otherwise."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"{name} must be timezone-aware (e.g. datetime.now(timezone.utc))")
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be Unix seconds (int) or a datetime, got {type(value).__name__}")
    return value


def require_binary(result: Any) -> None:
    """A binary answer (an image, a video): bytes, not decoded JSON or text."""
    if not isinstance(result, bytes):
        raise ConformanceError(f"expected a binary body, got {'nothing' if result is None else type(result).__name__}")
