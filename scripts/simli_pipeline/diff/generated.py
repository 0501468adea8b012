"""The generated client's names for two documents, compared: what code importing simli_api_client sees renamed.

One job: compute, the way openapi-python-client 0.29.1 does (simli_pipeline/names.py, plus the
``class_overrides`` of generator-config.yaml), the operation module of every operation and the
model and enum classes of every component schema (with their inline enums and objects, named
after their parent), with each class's attribute names; then report what an HTTP-level diff cannot
see: an operation whose module is renamed (an ``operationId`` added or changed), a class renamed
(a component renamed with every ``$ref`` following; matched by its attribute names or enum values)
or gone. A removed operation or property is already an HTTP change and is not reported twice.
Classes for inline request and response bodies are not computed (tests/unit/pipeline/diff checks the rest
against the generator's own output).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from simli_pipeline.diff.kinds import EVERYWHERE, Contexts, Found
from simli_pipeline.diff.model import Spec
from simli_pipeline.names import FIELD_PREFIX, class_name, generated_module, python_identifier
from simli_pipeline.repository import PACKAGE_NAME, default_repo

Add = Callable[[str, Found, Contexts, tuple[str, ...]], None]  # (location, found, contexts, used_by)


@dataclass(frozen=True)
class GeneratedClass:
    """One model or enum class: where the document declares it, its attributes or values, its top component."""

    location: str  # components.schemas.Name[.properties.x]
    component: str
    shape: tuple[str, frozenset[str]]  # ("model", attribute names) or ("enum", values)


@functools.cache
def class_overrides() -> dict[str, str]:
    """generator-config.yaml's ``class_overrides``: the generator's class name -> the one it writes."""
    try:
        config = yaml.safe_load(default_repo().config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    overrides = config.get("class_overrides") if isinstance(config, dict) else None
    if not isinstance(overrides, dict):
        return {}
    return {
        str(name): str(value["class_name"])
        for name, value in overrides.items()
        if isinstance(value, dict) and value.get("class_name")
    }


@functools.lru_cache(maxsize=65536)  # names repeat between the two documents
def _pascal(value: str) -> str:
    """openapi_python_client.utils.pascal_case, as the generator joins a parent's and a child's names."""
    return class_name(value, FIELD_PREFIX)


def _class(value: str) -> str:
    name = _pascal(value)
    return class_overrides().get(name, name)


@functools.lru_cache(maxsize=65536)
def _attribute(value: str) -> str:
    return python_identifier(value, FIELD_PREFIX)


def _naming(node: Any) -> tuple[Any, Any]:
    """What an operation's generated module name depends on besides its method and path."""
    return (node.get("operationId"), node.get("tags")) if isinstance(node, dict) else (None, None)


def operation_modules(spec: Spec, only: set[str] | None = None) -> dict[str, str]:
    """Operation ("METHOD /path") -> the dotted generated module that calls it (those in ``only``, if given)."""
    found: dict[str, str] = {}
    for key, operation in spec.operations.items():
        if only is not None and key not in only:
            continue
        method, _, path = key.partition(" ")
        tag, module = generated_module(method, path, operation.node)
        found[key] = f"{PACKAGE_NAME}.api.{tag}.{module}"
    return found


def classes(spec: Spec) -> dict[str, GeneratedClass]:
    """Class name -> what the generator makes of each component schema (and its inline enums and objects)."""
    found: dict[str, GeneratedClass] = {}
    for name, schema in spec.schemas.items():
        _collect(spec, schema, str(name), "", f"components.schemas.{name}", str(name), found)
    return found


def _collect(  # noqa: PLR0917 - one recursive walk, its state passed along
    spec: Spec, schema: Any, name: str, parent: str, location: str, component: str, found: dict[str, GeneratedClass]
) -> None:
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    title = schema.get("title") if isinstance(schema.get("title"), str) and parent else None
    raw = title or name  # a component's own title is set to its name first (rules/component_titles.py)
    generated = _class(f"{_pascal(parent)}{_pascal(raw)}" if parent else raw)
    values = schema.get("enum")
    properties = schema.get("properties")
    if isinstance(values, list):
        shape = ("enum", frozenset(map(str, values)))
    elif isinstance(properties, dict) or schema.get("type") == "object":
        properties = properties if isinstance(properties, dict) else {}
        shape = ("model", frozenset(_attribute(str(p)) for p in properties))
        for prop, sub in properties.items():
            _collect(spec, sub, str(prop), generated, f"{location}.properties.{prop}", component, found)
            items = sub.get("items") if isinstance(sub, dict) and sub.get("type") == "array" else None
            if isinstance(items, dict):
                _collect(
                    spec, items, f"{prop}_item", generated, f"{location}.properties.{prop}.items", component, found
                )
    else:
        return
    found.setdefault(generated, GeneratedClass(location, component, shape))


def compare_generated(old: Spec, new: Spec, add: Add) -> None:
    """Report every generated name of ``old`` that ``new`` renames or drops (and HTTP changes do not show)."""
    both = old.operations.keys() & new.operations.keys()
    named = {k for k in both if _naming(old.operations[k].node) != _naming(new.operations[k].node)}
    old_ops, new_ops = operation_modules(old, named), operation_modules(new, named)
    for key in sorted(named):
        if old_ops[key] != new_ops[key]:
            renamed = {"what": "function", "old": old_ops[key], "new": new_ops[key].rsplit(".", 1)[-1]}
            add(key, Found("generated-name-renamed", facts=renamed), EVERYWHERE, ())
    old_classes, new_classes = classes(old), classes(new)
    appeared = {name: new_classes[name] for name in sorted(new_classes.keys() - old_classes.keys())}
    for name in sorted(old_classes.keys() - new_classes.keys()):
        gone = old_classes[name]
        users = tuple(sorted(set(old.users(gone.component)) | set(new.users(gone.component))))
        what = "enum" if gone.shape[0] == "enum" else "model"
        match = next((n for n, c in appeared.items() if c.shape == gone.shape), None)
        dotted = f"{PACKAGE_NAME}.models.{name}"
        if match is not None:
            del appeared[match]
            facts = {"what": what, "old": dotted, "new": match}
            add(gone.location, Found("generated-name-renamed", facts=facts), EVERYWHERE, users)
        else:
            add(gone.location, Found("generated-name-removed", facts={"what": what, "old": dotted}), EVERYWHERE, users)
