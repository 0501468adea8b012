"""simli_api: a thin, typed facade over the generated Simli client (``simli_api_client``).

from simli_api import Simli
faces = Simli().faces.list()          # every operation: simli.<area>.<method>, see OPERATIONS

``OPERATIONS`` maps each ``"METHOD /path"`` of Simli's description to its method (``"faces.list"``).
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._exceptions import (
    FaceGenerationError,
    FaceGenerationFailedError,
    FaceGenerationTimeoutError,
    MissingSessionIdWarning,
    SimliAPIError,
    SimliAuthenticationError,
    SimliConnectionError,
    SimliError,
    SimliMissingKeyError,
    SimliNotFoundError,
    SimliOperationUnavailable,
    SimliRateLimitError,
    SimliResponseError,
    SimliServerError,
    SimliTimeoutError,
    SimliValidationError,
    ValidationIssue,
)
from ._version import __version__

if TYPE_CHECKING:
    from simli_api_client.models import LiveKitAgentsSession

    from ._client import AsyncSimli, Simli
    from ._files import to_file
    from ._options import RawResponse, RequestOptions
    from .realtime.errors import SimliRealtimeError, SimliRealtimeRateLimitError
    from .resources.faces import CreatedFace

# The clients pull in the generated package, attrs and the HTTP stack's optional parts; they load
# on first use (PEP 562), so `import simli_api` stays cheap for code that only catches our errors.
_LAZY = {
    "Simli": ("simli_api._client", "Simli"),
    "AsyncSimli": ("simli_api._client", "AsyncSimli"),
    "LiveKitAgentsSession": ("simli_api_client.models", "LiveKitAgentsSession"),
    "to_file": ("simli_api._files", "to_file"),
    "RawResponse": ("simli_api._options", "RawResponse"),
    "RequestOptions": ("simli_api._options", "RequestOptions"),
    "SimliRealtimeError": ("simli_api.realtime.errors", "SimliRealtimeError"),
    "SimliRealtimeRateLimitError": ("simli_api.realtime.errors", "SimliRealtimeRateLimitError"),
    "CreatedFace": ("simli_api.resources.faces", "CreatedFace"),
}


OPERATIONS: Mapping[str, str]
"""Read-only: ``"METHOD /path"`` (as in the pinned description) → the facade method, relative to the client."""


def _operation_table() -> Mapping[str, str]:
    from types import MappingProxyType  # noqa: PLC0415 - built from the declarations on first use

    from .resources import operations  # noqa: PLC0415

    return MappingProxyType(operations())


def __getattr__(name: str) -> Any:
    if name == "OPERATIONS":
        globals()[name] = table = _operation_table()
        return table
    if name in _LAZY:
        import importlib  # noqa: PLC0415 - only when a lazy name is first used

        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'simli_api' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "OPERATIONS",
    "AsyncSimli",
    "CreatedFace",
    "FaceGenerationError",
    "FaceGenerationFailedError",
    "FaceGenerationTimeoutError",
    "LiveKitAgentsSession",
    "MissingSessionIdWarning",
    "RawResponse",
    "RequestOptions",
    "Simli",
    "SimliAPIError",
    "SimliAuthenticationError",
    "SimliConnectionError",
    "SimliError",
    "SimliMissingKeyError",
    "SimliNotFoundError",
    "SimliOperationUnavailable",
    "SimliRateLimitError",
    "SimliRealtimeError",
    "SimliRealtimeRateLimitError",
    "SimliResponseError",
    "SimliServerError",
    "SimliTimeoutError",
    "SimliValidationError",
    "ValidationIssue",
    "__version__",
    "to_file",
]
