"""The API areas of ``Simli`` / ``AsyncSimli``, one module each, loaded on first use.

``RESOURCES`` is the one list of areas: client attribute → (module, class), in the order the
docs list them. ``operations()`` reads every declaration in them to build ``simli_api.OPERATIONS``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

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


class Lazy(Generic[ResourceT]):
    """A client attribute holding one resource, imported and built on first access (then cached)."""

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
        module, name = RESOURCES[self.name]
        resource = getattr(importlib.import_module(module), name)(instance)
        instance.__dict__[self.name] = resource  # a non-data descriptor: later lookups find this first
        return resource


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
