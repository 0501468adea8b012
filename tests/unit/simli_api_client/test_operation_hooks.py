"""Every generated operation module keeps the two hooks the generic call path relies on."""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import simli_api_client.api
from simli_api import Simli
from simli_api._facts import OPERATION_HOOKS, check_operation_module


def operation_modules(package: types.ModuleType) -> list[types.ModuleType]:
    """Every leaf module below ``package`` (the generator puts one operation per module)."""
    found = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not info.ispkg:
            found.append(importlib.import_module(info.name))
    return found


def test_every_generated_operation_has_the_hooks() -> None:
    modules = operation_modules(simli_api_client.api)
    assert modules, "the generated client has no operations"
    for module in modules:
        check_operation_module(module)


@pytest.mark.parametrize("missing", OPERATION_HOOKS)
def test_the_drift_check_bites(missing: str) -> None:
    """A copy of a real operation module with one hook removed is refused, by the check and by call()."""
    real = operation_modules(simli_api_client.api)[0]
    tampered = types.ModuleType(real.__name__ + "_tampered")
    tampered.__dict__.update({k: v for k, v in vars(real).items() if k != missing and not k.startswith("__")})
    with pytest.raises(TypeError, match=missing):
        check_operation_module(tampered)
    with Simli() as simli, pytest.raises(TypeError, match=missing):
        simli.call(tampered)
