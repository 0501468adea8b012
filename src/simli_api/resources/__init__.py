"""The API areas of ``Simli`` / ``AsyncSimli``, one module each, loaded on first use.

``RESOURCES`` is the one list of areas: client attribute → (module, class), in the order the
docs list them. ``operations()`` reads every declaration in them to build ``simli_api.OPERATIONS``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import Self

RESOURCES: dict[str, tuple[str, str]] = {
    "livekit": ("simli_api.resources.livekit", "LiveKit"),
    "compose": ("simli_api.resources.compose", "Compose"),
    "faces": ("simli_api.resources.faces", "Faces"),
    "videos": ("simli_api.resources.videos", "Videos"),
    "history": ("simli_api.resources.history", "History"),
    "usage": ("simli_api.resources.usage", "Usage"),
    "agents": ("simli_api.resources.agents", "Agents"),
    "realtime": ("simli_api.realtime", "Realtime"),  # AsyncSimli only; no REST operations
}

ResourceT = TypeVar("ResourceT")


class _AreaDoc:
    """``Lazy.__doc__``: on the class, its own docstring; on a client attribute, the docstring of the area it holds.

    The area's module is imported only when the docstring is asked for (``help(Simli)``), never at import.
    """

    def __init__(self, own: str) -> None:
        self.own = own

    def __get__(self, instance: Lazy[Any] | None, owner: type[Any]) -> str:
        if instance is None:
            return self.own
        module, name = RESOURCES[instance.name]
        try:
            area = getattr(importlib.import_module(module), name)
        except ImportError as exc:  # an area needing an extra that is not installed
            return f"{name} (unavailable: {exc})"
        return (area.__doc__ or name).strip().splitlines()[0]


class Lazy(Generic[ResourceT]):
    __doc__ = _AreaDoc(  # help(Simli) shows each area's own docstring
        """A client attribute holding one resource, imported and built on first access (then cached).

        A read-only data descriptor, so that ``help()`` lists the areas with their docstrings (not as methods).
        """
    )
    name: str

    def __set_name__(self, owner: type[Any], name: str) -> None:
        if name not in RESOURCES:
            raise TypeError(f"{owner.__name__}.{name}: not an API area listed in simli_api.resources.RESOURCES")
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type[Any]) -> ResourceT: ...
    def __get__(self, instance: object | None, owner: type[Any]) -> Any:
        if instance is None:
            return self
        try:
            return instance.__dict__[self.name]
        except KeyError:
            pass
        module, name = RESOURCES[self.name]
        resource = getattr(importlib.import_module(module), name)(instance)
        instance.__dict__[self.name] = resource
        return resource

    def __set__(self, instance: object, value: object) -> NoReturn:
        raise AttributeError(f"{self.name} is an API area of the client and cannot be replaced")

    def __repr__(self) -> str:
        return f"<API area {self.name!r}: {RESOURCES[self.name][0]}.{RESOURCES[self.name][1]}>"


def operations() -> dict[str, str]:
    """``"METHOD /path"`` → ``"area.method"`` for every operation declared on a resource (imports them all)."""
    from ._method import Method  # noqa: PLC0415 - only when the table is asked for

    table: dict[str, str] = {}
    for area, (module, name) in RESOURCES.items():
        resource = getattr(importlib.import_module(module), name)
        for attribute, member in vars(resource).items():
            if not isinstance(member, Method) or member.route is None or member.variant:
                continue
            if member.route in table:
                raise TypeError(f"{member.route} is declared twice: {table[member.route]} and {area}.{attribute}")
            table[member.route] = f"{area}.{attribute}"
    return table
