"""What a generated package holds: its operations (method, path, module), read from each module's source."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Operation:
    """One generated operation: HTTP method, path template, and the Python module that calls it."""

    method: str
    path: str
    module: str

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.module}"


def generated_operations(package: Path) -> Iterator[Operation]:
    """Every operation in a generated package, read from each module's ``_get_kwargs``."""
    for module_path in sorted((package / "api").rglob("*.py")):
        if module_path.name == "__init__.py":
            continue
        tree = ast.parse(module_path.read_text(encoding="utf-8"))
        found = _method_and_url(tree)
        if found is None:
            continue
        relative = module_path.relative_to(package.parent).with_suffix("")
        yield Operation(method=found[0].upper(), path=found[1], module=".".join(relative.parts))


def _method_and_url(tree: ast.Module) -> tuple[str, str] | None:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        values: dict[str, ast.expr] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                values[key.value] = value
        method, url = values.get("method"), values.get("url")
        if isinstance(method, ast.Constant) and isinstance(method.value, str) and url is not None:
            return method.value, _url_template(url)
    return None


def _url_template(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if (  # "/things/{thing_id}".format(thing_id=...)
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_url_template(part) if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return "{}"
