"""Check a parsed response model against its own type hints.

The generated ``from_dict`` methods trust the JSON: ``{"status": 5}`` becomes a model whose
``status`` is an int though it is annotated ``str``. :func:`check_model` walks any generated
attrs model (nested models, lists, dicts, unions, enums, ``Unset``) and names the first
field whose value does not match its annotation, so wrong types never reach the caller.
"""

from __future__ import annotations

import datetime
import enum
import sys
import types
import typing
import uuid
from typing import Any

import attrs

import simli_api_client.models
from simli_api_client.types import File, Unset


class ConformanceError(Exception):
    """A value does not match its annotation; the message names the field path and the expected type."""


_HINTS: dict[type, dict[str, Any]] = {}


def resolved_hints(cls: type) -> dict[str, Any]:
    """Type hints of a generated model, resolved against its module and the generated models package.

    Generated modules import sibling models only under ``TYPE_CHECKING``; the models package
    namespace supplies them.
    """
    if cls not in _HINTS:
        namespace = {**vars(simli_api_client.models), **vars(sys.modules[cls.__module__])}
        _HINTS[cls] = typing.get_type_hints(cls, globalns=namespace)
    return _HINTS[cls]


def check_model(value: Any, path: str = "response") -> None:
    """Raise ConformanceError if ``value`` (a model, or a list of them) breaks its annotations."""
    if attrs.has(type(value)):
        _check_fields(value, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_model(item, f"{path}[{index}]")


def _check_fields(model: Any, path: str) -> None:
    hints = resolved_hints(type(model))
    for field in attrs.fields(type(model)):
        if field.name in hints:
            _check(getattr(model, field.name), hints[field.name], f"{path}.{field.name}")


_SCALARS: dict[type, tuple[type, ...]] = {
    str: (str,),
    bool: (bool,),
    int: (int,),
    float: (int, float),
    uuid.UUID: (uuid.UUID,),
    datetime.datetime: (datetime.datetime,),
    datetime.date: (datetime.date,),
    bytes: (bytes,),
    File: (File,),
    Unset: (Unset,),
}


def _check(value: Any, expected: Any, path: str) -> None:
    if not _matches(value, expected, path):
        raise ConformanceError(f"{path}: expected {_describe(expected)}, got {type(value).__name__}")


def _matches(value: Any, expected: Any, path: str) -> bool:
    """True if ``value`` fits ``expected``; nested mismatches raise with their own path."""
    if expected is Any or expected is object:
        return True
    if expected is None or expected is type(None):
        return value is None
    origin = typing.get_origin(expected)
    if origin is not None:
        return _matches_generic(value, origin, typing.get_args(expected), path)
    if isinstance(expected, type):
        return _matches_class(value, expected, path)
    return True  # an annotation form this checker does not know: accept rather than guess


def _matches_generic(value: Any, origin: Any, args: tuple[Any, ...], path: str) -> bool:
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, option, path) for option in args)
    if origin is typing.Literal:
        return value in args
    if origin in (list, dict):
        if not isinstance(value, origin):
            return False
        item_type = args[-1] if args else Any
        for key, item in enumerate(value) if origin is list else value.items():
            _check(item, item_type, f"{path}[{key!r}]")
        return True
    return True


def _matches_class(value: Any, expected: type, path: str) -> bool:
    if expected in _SCALARS:
        # bool is an int subclass in Python but not a JSON number: keep them apart.
        return isinstance(value, _SCALARS[expected]) and (expected is bool or not isinstance(value, bool))
    if not isinstance(value, expected):
        return False
    if attrs.has(expected) and not issubclass(expected, enum.Enum):
        _check_fields(value, path)
    return True


def _fits(value: Any, option: Any, path: str) -> bool:
    """Union member test: a nested mismatch inside one option just means 'not this option'."""
    try:
        return _matches(value, option, path)
    except ConformanceError:
        return False


def _describe(expected: Any) -> str:
    return getattr(expected, "__name__", None) or str(expected).replace("typing.", "")
