"""Lazy handles on the generated client's operation modules and models, for the resource declarations.

An area module imports the generated names it uses under ``if TYPE_CHECKING:`` (so mypy checks every
stub against the generated signatures) and binds the same names at runtime to these handles, which
import on first use. After a regeneration that removed or renamed one operation or model, only the
facade methods using it fail, with :class:`~simli_api.SimliOperationUnavailable`; ``import simli_api``,
``simli_api.OPERATIONS`` and every other method keep working.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import Any

from ._exceptions import SimliOperationUnavailable

OPERATIONS_PACKAGE = "simli_api_client.api.default"
MODELS_PACKAGE = "simli_api_client.models"


class Vanished(SimliOperationUnavailable):
    """A generated name a handle could not load; the facade method using it re-raises it naming itself."""


def _load(name: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:  # the module is there but imports a name the generated tree lost
            raise Vanished(f"{what} {name}", f"it does not import: {exc}") from exc
        raise Vanished(f"{what} {name}", "the generated client has no such module") from None
    except ImportError as exc:
        raise Vanished(f"{what} {name}", f"it does not import: {exc}") from exc


class GeneratedOperation:
    """``simli_api_client.api.default.<name>``, imported on first attribute access (then the module itself).

    A name read through the handle is kept on it, so later reads (one per call) are plain attribute reads.
    """

    def __init__(self, name: str) -> None:
        self.name = f"{OPERATIONS_PACKAGE}.{name}"
        self._module: ModuleType | None = None

    def load(self) -> ModuleType:
        """The generated module: :class:`Vanished` if the regenerated client has none by this name."""
        if self._module is None:
            self._module = _load(self.name, "operation module")
        return self._module

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        value = getattr(self.load(), attribute)
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<generated operation {self.name}>"


class GeneratedModels:
    """``simli_api_client.models``, imported on first use; a class it no longer has raises :class:`Vanished`.

    A class found is kept on the handle, so later reads (one per call) are plain attribute reads.
    """

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        models = _models()
        try:
            value = getattr(models, attribute)
        except AttributeError:
            raise Vanished(f"model {MODELS_PACKAGE}.{attribute}", "the generated client has no such model") from None
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<generated models {MODELS_PACKAGE}>"


@functools.cache  # a failed import raises, and is tried again next time
def _models() -> ModuleType:
    return _load(MODELS_PACKAGE, "models package")


def operation_module(name: str) -> Any:
    """A lazy handle on generated operation module ``name`` (typed ``Any``: mypy reads the real import)."""
    return GeneratedOperation(name)


models: Any = GeneratedModels()
"""The generated models, loaded on first use (``models.FacesResponse``)."""
