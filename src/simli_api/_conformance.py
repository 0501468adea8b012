"""Check a parsed response model against its own type hints.

The generated ``from_dict`` methods trust the JSON: ``{"status": 5}`` becomes a model whose
``status`` is an int though it is annotated ``str``. :func:`check_model` walks any generated
attrs model (nested models, lists, dicts, unions, enums, ``Unset``) and names the first
field whose value does not match its annotation, so wrong types never reach the caller.
"""

from __future__ import annotations

import datetime
import enum
import operator
import sys
import types
import typing
import uuid
from collections.abc import Callable
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


def check_result(value: Any, parser: Callable[..., Any], path: str = "response") -> None:
    """Raise ConformanceError unless ``value`` is what ``parser`` (a generated ``_parse_response``) declares.

    Models (and lists of them) are checked field by field; any other value against the parser's return
    annotation, because generated parsers of a union fall back to returning the raw JSON when no branch
    parses (an anyOf of a model and null hands back a string unchanged).
    """
    fields = _FIELDS.get(type(value))
    if fields is not None:  # a model of a class met before: its compiled field checks only
        _run_fields(value, fields, path)
        return
    check_model(value, path)
    if attrs.has(type(value)):
        return
    checker = _result_checker(parser)
    if checker is not None and not checker(value, path):
        raise ConformanceError(f"{path}: expected {_describe(_RETURNS[parser])}, got {type(value).__name__}")


_RETURNS: dict[Callable[..., Any], Any] = {}


def _result_checker(parser: Callable[..., Any]) -> Checker | None:
    if parser not in _RETURNS:
        try:
            module = sys.modules[parser.__module__]
            namespace = {**vars(simli_api_client.models), **vars(module)}
            _RETURNS[parser] = typing.get_type_hints(parser, globalns=namespace).get("return", Any)
        except Exception:  # an annotation this checker cannot resolve: accept rather than guess
            _RETURNS[parser] = Any
    return _checker(_RETURNS[parser])


# A checker answers "does this value fit?" for one annotation; a nested mismatch raises with its own
# path. Checkers are built once per annotation (and field lists once per model class), so a check
# costs a few isinstance calls instead of a walk through typing's introspection on every response;
# an annotation that one isinstance call decides (a scalar, a class, a union of those) is checked by
# that call alone, without a checker call or a path.
Checker = Callable[[Any, str], bool]
_CHECKERS: dict[Any, Checker] = {}
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


class Plain(typing.NamedTuple):
    """An annotation one isinstance call decides: the classes it accepts, and whether a bool is refused anyway
    (bool is an int subclass in Python but not a JSON number)."""

    accepted: tuple[type, ...]
    refuses_bool: bool

    def fits(self, value: Any) -> bool:
        return isinstance(value, self.accepted) and not (self.refuses_bool and isinstance(value, bool))


class Field(typing.NamedTuple):
    """One field of a model class: its name, its annotation, and how it is checked (``plain`` when it can be)."""

    name: str
    expected: Any
    plain: Plain | None
    check: Checker


class Fields(typing.NamedTuple):
    """A model class's field checks, and, when every field is plain, all of them as one pass (:func:`_run_fields`)."""

    each: list[Field]
    values: Callable[[Any], tuple[Any, ...]] | None
    """Every field's value in one call (``operator.attrgetter``), when every field is plain; else None."""
    accepted: tuple[tuple[type, ...], ...]
    refusing_bool: tuple[int, ...]
    """Positions of the fields that refuse a bool."""


def _fields(each: list[Field]) -> Fields:
    plain = [field.plain for field in each]
    if any(option is None for option in plain):
        return Fields(each, None, (), ())
    options = typing.cast("list[Plain]", plain)
    names = [field.name for field in each]
    getter = operator.attrgetter(*names) if len(names) > 1 else lambda model: tuple(getattr(model, n) for n in names)
    refusing = tuple(index for index, option in enumerate(options) if option.refuses_bool)
    return Fields(each, getter, tuple(option.accepted for option in options), refusing)


_FIELDS: dict[type, Fields] = {}


def _plain(expected: Any) -> Plain | None:
    """``expected`` as a :class:`Plain` check, or None where more than an isinstance call is needed."""
    if expected is None or expected is type(None):
        return Plain((type(None),), refuses_bool=False)
    if expected in _SCALARS:
        accepted = _SCALARS[expected]
        return Plain(accepted, expected is not bool and any(issubclass(bool, kind) for kind in accepted))
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        return _plain_union([_plain(option) for option in typing.get_args(expected)])
    if origin in (list, dict):  # of anything (a model's additional_properties): the container's class decides
        args = typing.get_args(expected)
        return Plain((origin,), refuses_bool=False) if not args or _checker(args[-1]) is _anything else None
    plain_class = (
        isinstance(expected, type)
        and expected not in (Any, object)  # anything fits (and typing.Any refuses isinstance)
        and (issubclass(expected, enum.Enum) or not attrs.has(expected))
    )
    return Plain((expected,), refuses_bool=False) if plain_class else None


def _plain_union(options: list[Plain | None]) -> Plain | None:
    """A union of plain options as one: their classes together; a bool refused if one refuses it and none takes it."""
    plain = [option for option in options if option is not None]
    if len(plain) < len(options):
        return None
    accepted = tuple(dict.fromkeys(kind for option in plain for kind in option.accepted))
    refuses_bool = any(option.refuses_bool for option in plain) and not any(bool in o.accepted for o in plain)
    return Plain(accepted, refuses_bool)


def _check_fields(model: Any, path: str) -> None:
    cls = type(model)
    fields = _FIELDS.get(cls)
    if fields is None:
        hints = resolved_hints(cls)
        fields = _FIELDS[cls] = _fields(
            [
                Field(field.name, hints[field.name], _plain(hints[field.name]), _checker(hints[field.name]))
                for field in attrs.fields(cls)
                if field.name in hints
            ]
        )
    _run_fields(model, fields, path)


def _run_fields(model: Any, fields: Fields, path: str) -> None:
    values = fields.values
    if values is not None:  # every field plain: one isinstance pass over all values (this runs for every answer)
        got = values(model)
        if all(map(isinstance, got, fields.accepted)) and not (
            fields.refusing_bool and any(got[index].__class__ is bool for index in fields.refusing_bool)
        ):
            return
    # One field at a time, naming the first that does not fit.
    for name, expected, plain, check in fields.each:
        value = getattr(model, name)
        if plain is not None:  # Plain.fits, inline
            if isinstance(value, plain.accepted) and not (plain.refuses_bool and value.__class__ is bool):
                continue
        elif check(value, f"{path}.{name}"):
            continue
        raise ConformanceError(f"{path}.{name}: expected {_describe(expected)}, got {type(value).__name__}")


def _check(value: Any, expected: Any, path: str) -> None:
    if not _checker(expected)(value, path):
        raise ConformanceError(f"{path}: expected {_describe(expected)}, got {type(value).__name__}")


def _checker(expected: Any) -> Checker:
    try:
        return _CHECKERS[expected]
    except KeyError:
        checker = _CHECKERS[expected] = _compile(expected)
        return checker
    except TypeError:  # an unhashable annotation: build it each time
        return _compile(expected)


def _compile(expected: Any) -> Checker:
    if expected is Any or expected is object:
        return _anything
    plain = _plain(expected)
    if plain is not None:
        return lambda value, path: plain.fits(value)
    origin = typing.get_origin(expected)
    if origin is not None:
        return _compile_generic(origin, typing.get_args(expected))
    if isinstance(expected, type):  # what _plain leaves of a class: a generated model
        return _compile_model(expected)
    return _anything  # an annotation form this checker does not know: accept rather than guess


def _anything(value: Any, path: str) -> bool:
    return True


def _compile_generic(origin: Any, args: tuple[Any, ...]) -> Checker:
    if origin in (typing.Union, types.UnionType):
        options = [_checker(option) for option in args]

        def union(value: Any, path: str) -> bool:
            return any(_fits(option, value, path) for option in options)

        return union
    if origin is typing.Literal:
        return lambda value, path: value in args
    if origin in (list, dict):
        return _compile_container(origin, args[-1] if args else Any)
    return _anything


def _compile_container(origin: type, item_type: Any) -> Checker:
    """A ``list[...]`` or ``dict[str, ...]`` checker: the container's class, then each item (values of a dict)."""
    if _checker(item_type) is _anything:
        return lambda value, path: isinstance(value, origin)

    def items(value: Any, path: str) -> bool:
        if not isinstance(value, origin):
            return False
        pairs = value.items() if isinstance(value, dict) else enumerate(typing.cast("list[Any]", value))
        for key, item in pairs:
            _check(item, item_type, f"{path}[{key!r}]")
        return True

    return items


def _compile_model(expected: type) -> Checker:
    def model(value: Any, path: str) -> bool:
        if not isinstance(value, expected):
            return False
        _check_fields(value, path)
        return True

    return model


def _fits(option: Checker, value: Any, path: str) -> bool:
    """Union member test: a nested mismatch inside one option just means 'not this option'."""
    try:
        return option(value, path)
    except ConformanceError:
        return False


def _describe(expected: Any) -> str:
    if typing.get_origin(expected) in (typing.Union, types.UnionType):
        return " | ".join(dict.fromkeys(_describe(option) for option in typing.get_args(expected)))
    if expected is None or expected is type(None):
        return "None"
    return getattr(expected, "__name__", None) or str(expected).replace("typing.", "")
