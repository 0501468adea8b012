"""Argument and result conversions the resource stubs share (input errors name the argument, never its value)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from .._conformance import ConformanceError


def as_uuid(value: uuid.UUID | str, name: str) -> uuid.UUID:
    """``value`` as a UUID (a ``uuid.UUID`` or its string form); ValueError naming ``name`` otherwise."""
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise ValueError(f"{name} must be a UUID (e.g. '123e4567-e89b-12d3-a456-426614174000')")


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
