"""api.md, the client's API reference, rendered from the facade itself: ``simli_api.OPERATIONS``, the areas.

One job: walk the clients (``Simli``, ``AsyncSimli``) and every area of ``simli_api.resources.RESOURCES``,
and write each method's signature, return type (sync and async), HTTP route, whether the API key is sent
and whether it is deprecated, all read from the declarations and the operation facts; nothing is written
per method, so a new keyword or method appears on the next run. Imports ``simli_api`` (install the package
first). scripts/api_reference.py writes api.md; tests/suites/project/test_api_reference.py fails when it is stale.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from simli_pipeline.errors import PipelineError

REGENERATE = "python scripts/api_reference.py"
DOCUMENT = "api.md"
WIDTH = 120  # a signature longer than this goes one parameter per line
HEADER = f"""# API reference

<!-- generated from simli_api.OPERATIONS and simli_api.resources by `{REGENERATE}`; do not edit by hand:
tests/suites/project/test_api_reference.py fails when this file is stale -->

Every method of `Simli` and `AsyncSimli`, area by area, as the code declares it. How to use them: the
[README](README.md); how this page is made: [CONTRIBUTING.md](CONTRIBUTING.md).

Each method has the same name and parameters on both clients: on `Simli` it returns the result, on
`AsyncSimli` it is awaited (its async return type is shown). Model names in signatures (`FacesResponse`,
`SessionToken`, ...) are classes of `simli_api_client.models`, unless
[Types in signatures](#types-in-signatures) says otherwise. A deprecated operation raises `DeprecationWarning`
on every call. "API key" says whether the call sends `SIMLI_API_KEY` (only where the description's security
requires it)."""


def _facade() -> tuple[Any, Any, Any, dict[str, tuple[str, str]], Any, Callable[[Any], Any]]:
    """simli_api's OPERATIONS, clients, areas, Method and facts reader; a PipelineError when it is not installed."""
    try:
        from simli_api import OPERATIONS, AsyncSimli, Simli  # noqa: PLC0415 - only this command needs the facade
        from simli_api._facts import facts_for  # noqa: PLC0415
        from simli_api.resources import RESOURCES  # noqa: PLC0415
        from simli_api.resources._method import Method  # noqa: PLC0415
    except ImportError as exc:
        raise PipelineError(f"cannot import simli_api ({exc}): install the package first (pip install -e .)") from exc
    return OPERATIONS, Simli, AsyncSimli, RESOURCES, Method, facts_for


# --------------------------------------------------------------------------- text
def _prose(doc: str | None) -> str:
    """A docstring's first paragraph as Markdown: reST roles and double backticks become code spans."""
    first = (doc or "").strip().split("\n\n", 1)[0]
    text = " ".join(line.strip() for line in first.splitlines())
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def _type(annotation: Any) -> str:
    """An annotation as written (postponed annotations are strings), without ``builtins.`` prefixes."""
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return re.sub(r"\bbuiltins\.", "", text)


def _default(value: Any) -> str:
    """A default's repr; a set's members sorted, so the page does not change with the hash seed."""
    if isinstance(value, (set, frozenset)):
        members = ", ".join(sorted(repr(member) for member in value))
        return f"{type(value).__name__}({{{members}}})"
    return repr(value)


def _parameters(signature: inspect.Signature) -> list[str]:
    parts: list[str] = []
    keyword_only_marked = False
    listed = list(signature.parameters.values())
    last_positional_only = max(
        (index for index, p in enumerate(listed) if p.kind is inspect.Parameter.POSITIONAL_ONLY), default=None
    )
    for index, parameter in enumerate(listed):
        kind = parameter.kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            keyword_only_marked = True
        if kind is inspect.Parameter.KEYWORD_ONLY and not keyword_only_marked:
            parts.append("*")
            keyword_only_marked = True
        text = str(parameter.replace(annotation=inspect.Parameter.empty, default=inspect.Parameter.empty))
        if parameter.annotation is not inspect.Parameter.empty:
            text += f": {_type(parameter.annotation)}"
        if parameter.default is not inspect.Parameter.empty:
            text += f" = {_default(parameter.default)}"
        parts.append(text)
        if index == last_positional_only:
            parts.append("/")
    return parts


def _call_block(prefix: str, name: str, signature: inspect.Signature, returns: str | None) -> list[str]:
    """A fenced block showing the call: on one line when it fits, else one parameter per line."""
    parameters = _parameters(signature)
    tail = f" -> {returns}" if returns else ""
    one_line = f"{prefix}{name}({', '.join(parameters)}){tail}"
    if len(one_line) <= WIDTH or not parameters:
        return ["```python", one_line, "```"]
    return ["```python", f"{prefix}{name}(", *(f"    {part}," for part in parameters), f"){tail}", "```"]


def _returns(signature: inspect.Signature) -> str | None:
    annotation = signature.return_annotation
    return None if annotation is inspect.Signature.empty else _type(annotation)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# --------------------------------------------------------------------------- what the facade declares
@dataclass(frozen=True)
class Entry:
    """One method of one area: where it is documented and the facts of its row in the index."""

    area: str
    name: str
    sync: inspect.Signature
    asynchronous: inspect.Signature | None
    route: str | None
    primary: str | None  # the method OPERATIONS names for this route, when it is not this one
    generated: str | None
    key_headers: tuple[str, ...] | None  # None: no single operation
    deprecated: bool
    doc: str
    clients: tuple[str, ...]
    context_manager: bool = False  # a function wrapped by (async)contextmanager: ``sync`` returns what it gives
    module: str = ""  # where it is declared: names in its annotations are looked up there first

    @property
    def qualified(self) -> str:
        return f"simli.{self.area}.{self.name}"

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9_-]", "", self.qualified.lower().replace(" ", "-"))


def _context_manager_item(function: Any) -> str | None:
    """What ``async with``/``with`` gives for a function wrapped by ``(async)contextmanager``; None otherwise."""
    wrapped = getattr(function, "__wrapped__", None)
    if wrapped is None or not (inspect.isasyncgenfunction(wrapped) or inspect.isgeneratorfunction(wrapped)):
        return None
    returns = _returns(inspect.signature(wrapped)) or "Any"
    return re.sub(r"^(?:Async)?(?:Iterator|Generator)\[([^,\]]*).*\]$", r"\1", returns)


def entries() -> Iterator[Entry]:
    """Every public method of every area, in RESOURCES' order, then in the order the area declares them."""
    operations, simli, async_simli, resources, method_type, facts_for = _facade()
    for area, (module_name, class_name) in resources.items():
        area_class = getattr(importlib.import_module(module_name), class_name)
        clients = tuple(client.__name__ for client in (simli, async_simli) if area in vars(client))
        for name, member in vars(area_class).items():
            if name.startswith("_"):
                continue
            if isinstance(member, method_type):
                route = member.route
                facts = facts_for(member.module) if route is not None else None
                marked = any(getattr(each, "__deprecated__", None) for each in (member, member.stub))  # PEP 702
                deprecated = marked or bool(facts and facts.deprecated)
                primary = operations.get(route) if route is not None else None
                yield Entry(
                    area=area,
                    name=name,
                    sync=member.signature(),
                    asynchronous=member.signature(asynchronous=True),
                    route=route,
                    primary=primary if primary != f"{area}.{name}" else None,
                    generated=member.generated,
                    key_headers=facts.key_headers if facts is not None else None,
                    deprecated=deprecated,
                    doc=_prose(member.__doc__),
                    clients=clients,
                    module=member.stub.__module__,
                )
            elif inspect.isfunction(member):
                signature = inspect.signature(member)
                signature = signature.replace(parameters=list(signature.parameters.values())[1:])
                item = _context_manager_item(member)
                sync = signature.replace(return_annotation=item) if item else signature
                yield Entry(
                    area=area,
                    name=name,
                    sync=sync,
                    asynchronous=None,
                    route=None,
                    primary=None,
                    generated=None,
                    key_headers=None,
                    deprecated=bool(getattr(member, "__deprecated__", None)),
                    doc=_prose(member.__doc__),
                    clients=clients,
                    context_manager=item is not None,
                    module=member.__module__,
                )


# --------------------------------------------------------------------------- rendering
def _index(table: Any, listed: list[Entry]) -> list[str]:
    by_name = {f"{entry.area}.{entry.name}": entry for entry in listed}
    rows = [
        "## Operations",
        "",
        'Every operation of the pinned description (`"METHOD /path"`), with the method `simli_api.OPERATIONS`',
        "maps it to.",
        "",
        "| HTTP route | method | returns | deprecated |",
        "| --- | --- | --- | --- |",
    ]
    for route, name in table.items():
        entry = by_name[name]
        returns = _cell(_returns(entry.sync) or "")
        deprecated = "yes" if entry.deprecated else ""
        rows.append(f"| `{route}` | [`simli.{name}`](#{entry.anchor}) | `{returns}` | {deprecated} |")
    return rows


def _bound(signature: inspect.Signature, cls: type[Any]) -> inspect.Signature:
    """``signature`` with the type variables ``cls``'s generic base binds replaced by their types."""
    bindings: dict[str, str] = {}
    for base in getattr(cls, "__orig_bases__", ()):
        for variable, value in zip(
            getattr(typing.get_origin(base), "__parameters__", ()), typing.get_args(base), strict=True
        ):
            module = value.__module__.partition(".")[0]
            bindings[variable.__name__] = (
                value.__qualname__ if module == "builtins" else f"{module}.{value.__qualname__}"
            )
    if not bindings:
        return signature
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, bindings)) + r")\b")
    parameters = [
        p.replace(annotation=pattern.sub(lambda found: bindings[found[1]], _type(p.annotation)))
        if p.annotation is not inspect.Parameter.empty
        else p
        for p in signature.parameters.values()
    ]
    return signature.replace(parameters=parameters)


def _client_section(simli: Any, async_simli: Any) -> list[str]:
    lines = ["## Clients", ""]
    for client in (simli, async_simli):
        areas = [name for name, value in vars(client).items() if type(value).__name__ == "Lazy"]
        lines += [f"### `{client.__name__}`", "", _prose(client.__doc__), ""]
        lines += _call_block("", client.__name__, _bound(inspect.signature(client), client), None)
        lines += ["", f"Areas: {', '.join(f'[`{area}`](#simli{area})' for area in sorted(areas))}.", ""]
    lines += ["### Client methods", ""]
    names = sorted(
        name
        for name, value in inspect.getmembers(simli)
        if not name.startswith("_") and inspect.isfunction(value) and name in dir(async_simli)
    )
    for name in names:
        sync, asynchronous = getattr(simli, name), getattr(async_simli, name)
        signature = inspect.signature(sync)
        signature = signature.replace(parameters=list(signature.parameters.values())[1:])
        lines += [f"#### `simli.{name}`", ""]
        lines += _call_block("simli.", name, signature, _returns(signature))
        lines.append("")
        async_returns = _returns(inspect.signature(asynchronous))
        awaited = "awaited, returns" if inspect.iscoroutinefunction(asynchronous) else "returns"
        lines += [f"- `AsyncSimli`: {awaited} `{async_returns}`", "", _prose(sync.__doc__), ""]
    return lines


def _entry_section(entry: Entry) -> list[str]:
    lines = [f"### `{entry.qualified}`", ""]
    returns = _returns(entry.sync)
    lines += _call_block(f"simli.{entry.area}.", entry.name, entry.sync, returns)
    lines.append("")
    facts: list[str] = []
    if entry.route is not None:
        route = f"`{entry.route}`"
        if entry.primary:
            route += f" (a variant of [`simli.{entry.primary}`](#simli{entry.primary.replace('.', '')}))"
        facts.append(f"- HTTP: {route}, generated `{entry.generated}`")
    elif entry.asynchronous is not None:
        facts.append("- HTTP: none of its own: a flow calling the operations its description names")
    if entry.asynchronous is not None:
        facts.append(f"- returns: `{returns}`; on `AsyncSimli`: `{_returns(entry.asynchronous)}`")
    else:
        kind = "a context manager giving" if entry.context_manager else "returns"
        facts.append(f"- {kind}: `{returns}`")
    if entry.key_headers is not None:
        sent = ", ".join(f"`{header}`" for header in entry.key_headers)
        facts.append(f"- API key: sent ({sent})" if entry.key_headers else "- API key: not sent")
    facts.append(f"- deprecated: {'yes' if entry.deprecated else 'no'}")
    if entry.clients != ("Simli", "AsyncSimli"):
        facts.append(f"- on {' and '.join(f'`{client}`' for client in entry.clients)} only")
    return [*lines, *facts, "", entry.doc, ""]


def _annotations(entry: Entry) -> Iterator[str]:
    for signature in (entry.sync, entry.asynchronous):
        if signature is None:
            continue
        for parameter in signature.parameters.values():
            if parameter.annotation is not inspect.Parameter.empty:
                yield _type(parameter.annotation)
        yield _returns(signature) or ""


def _described_type(value: Any) -> str | None:
    """How a name used in signatures reads, when it is a type alias or a TypedDict (None for anything else)."""
    if typing.get_origin(value) in (typing.Union, types.UnionType):
        return "`" + " | ".join(_type(member) for member in typing.get_args(value)).replace("typing.", "") + "`"
    if typing.is_typeddict(value):
        fields = ", ".join(
            f"`{name}: {getattr(hint, '__forward_arg__', _type(hint))}`" for name, hint in value.__annotations__.items()
        )
        every = "required" if value.__total__ else "optional"
        return f"keyword options, each {every}: {fields}"
    return None


def _types_section(listed: list[Entry], areas: list[str]) -> list[str]:
    """Every name a signature uses that ``simli_api`` exports, and every type alias and TypedDict (found in the
    declaring module, else in any area's)."""
    modules = [importlib.import_module(name) for name in ("simli_api", *areas)]
    exporters = [module for module in modules if hasattr(module, "__all__")]  # simli_api, simli_api.realtime
    described: dict[str, str] = {}
    for entry in listed:
        namespaces = [vars(sys.modules[entry.module]), *(vars(sys.modules[area]) for area in areas)]
        for text in _annotations(entry):
            for name in re.findall(r"[A-Za-z_]\w*", text):
                if name in described:
                    continue
                package = next((module for module in exporters if name in module.__all__), None)
                if package is not None and isinstance(getattr(package, name), type):
                    exported = getattr(package, name)
                    origin = exported.__module__
                    own = origin.partition(".")[0] == "simli_api"
                    about = _prose(exported.__doc__) if own else f"the generated `{origin}.{name}`, re-exported"
                    described[name] = f"`{package.__name__}.{name}`: {about}"
                    continue
                value = next((space[name] for space in namespaces if name in space), None)
                reads = _described_type(value) if value is not None else None
                if reads is not None:
                    described[name] = reads
    lines = ["## Types in signatures", ""]
    lines += [f"- `{name}`: {reads}" for name, reads in sorted(described.items())]
    return [*lines, ""]


def render() -> str:
    """The whole of api.md."""
    operations, simli, async_simli, resources, _, _ = _facade()
    listed = list(entries())
    areas = [module for module, _ in resources.values()]
    lines = [HEADER, "", *_index(operations, listed), "", *_client_section(simli, async_simli)]
    lines += _types_section(listed, areas)
    for area, (module_name, class_name) in resources.items():
        area_class = getattr(importlib.import_module(module_name), class_name)
        lines += [f"## `simli.{area}`", "", _prose(area_class.__doc__), ""]
        for entry in listed:
            if entry.area == area:
                lines += _entry_section(entry)
    return "\n".join(lines).rstrip("\n") + "\n"


def stale(text: str) -> bool:
    """Whether ``text`` (api.md as it is) differs from what the facade renders now."""
    return text != render()
