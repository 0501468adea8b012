"""What the pinned description lists, what the facade declares, and the drift between them.

Used by the drift tests here and by the contract suite (which needs a case per described operation).
"""

from __future__ import annotations

import ast
import inspect
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass(frozen=True)
class Described:
    """One operation of a description: ``"METHOD /path"``, whether it is deprecated and needs the API key."""

    route: str
    deprecated: bool
    secured: bool


def described(spec: Path = SPEC) -> dict[str, Described]:
    """Every operation of ``spec``, by ``"METHOD /path"``."""
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    found: dict[str, Described] = {}
    default_security = document.get("security") or []
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                operation = item[method]
                route = f"{method.upper()} {path}"
                secured = bool(operation.get("security", default_security))
                found[route] = Described(route, bool(operation.get("deprecated", False)), secured)
    return found


@dataclass(frozen=True)
class Binding:
    """One facade declaration: its dotted name, the route it claims, and the generated module it calls."""

    name: str
    route: str
    module: ModuleType


def bindings() -> list[Binding]:
    """Every declaration with a route on every resource (variants included)."""
    import importlib

    from simli_api.resources import RESOURCES
    from simli_api.resources._method import Method

    found = []
    for area, (module, cls) in RESOURCES.items():
        resource = getattr(importlib.import_module(module), cls)
        for attribute, member in vars(resource).items():
            if isinstance(member, Method) and member.route is not None and member.module is not None:
                found.append(Binding(f"{area}.{attribute}", member.route, member.module))
    return found


def generated_route(module: ModuleType) -> str:
    """``"METHOD /path"`` as the generated module's ``_get_kwargs`` builds it (read from its source)."""
    tree = ast.parse(inspect.getsource(module))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        entries = {k.value: v for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)}
        method, url = entries.get("method"), entries.get("url")
        if isinstance(url, ast.Call) and isinstance(url.func, ast.Attribute):  # "/a/{id}".format(...)
            url = url.func.value
        if isinstance(method, ast.Constant) and isinstance(url, ast.Constant):
            return f"{str(method.value).upper()} {url.value!s}"
    raise ValueError(f"{module.__name__} builds no request the facade can read")


def drift(described: Iterable[str], operations: Mapping[str, str], declared: Iterable[Binding]) -> list[str]:
    """Every disagreement between a description, ``OPERATIONS`` and the declarations, one line each."""
    described = set(described)
    problems = [
        f"{route}: in the description, but no facade method names it" for route in sorted(described - set(operations))
    ]
    problems += [
        f"{route}: named by simli.{name}, but the description has no such operation"
        for route, name in sorted(operations.items())
        if route not in described
    ]
    for binding in declared:
        actual = generated_route(binding.module)
        if actual != binding.route:
            problems.append(
                f"{binding.route}: simli.{binding.name} calls {binding.module.__name__.rsplit('.', 1)[-1]}, "
                f"which is {actual}"
            )
    return problems


def main() -> None:
    """Print the drift of the facade importable here against the spec given as argv[1] (for tamper tests)."""
    import simli_api

    for line in drift(described(Path(sys.argv[1])), simli_api.OPERATIONS, bindings()):
        print(line)


if __name__ == "__main__":
    main()
