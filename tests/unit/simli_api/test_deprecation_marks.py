"""The PEP 702 marks (``@deprecated`` on the stubs, for type checkers) match the description's ``deprecated: true``.

tests/suites/typing/test_conventions_typing.py shows mypy reads the marks through the method descriptor.
"""

from __future__ import annotations

import importlib
from typing import Any

from simli_api._facts import facts_for
from simli_api.resources import RESOURCES
from simli_api.resources._method import Method


def _declarations() -> dict[str, Method[Any, Any]]:
    found = {}
    for area, (module, name) in RESOURCES.items():
        for attribute, member in vars(getattr(importlib.import_module(module), name)).items():
            if isinstance(member, Method):
                found[f"{area}.{attribute}"] = member
    return found


def test_marked_methods_are_exactly_the_deprecated_operations() -> None:
    declarations = _declarations()
    marked = {name for name, method in declarations.items() if method.deprecated}
    described = {
        name
        for name, method in declarations.items()
        if method.generated is not None and facts_for(method.module).deprecated  # type: ignore[arg-type]
    }
    assert described, "the description marks no operation deprecated: nothing to hold the marks to"
    assert marked == described


def test_a_mark_is_what_pep_702_sets_and_calls_still_warn_once_at_runtime() -> None:
    method = _declarations()["agents.list"]
    assert method.stub.__deprecated__ == method.deprecated  # type: ignore[attr-defined]
    assert method.stub.__name__ == "list"  # marked, not wrapped: the facade's own DeprecationWarning is the one
