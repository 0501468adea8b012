"""DeprecationWarning for operations the description marks ``deprecated``, pointed at the caller's line.

The warning names the operation and is attributed to the first frame outside this package (and
outside ``contextlib``, through which ``with simli.stream(...)`` enters), so ``-W error`` and
pytest's ``warns`` see the user's file and line whether the call went through ``call()``, a typed
resource method or a stream. It is issued on every call; Python's warning filters decide whether
a repeat is shown.
"""

from __future__ import annotations

import sys
import warnings

from ._facts import OperationFacts

_INTERNAL = ("simli_api.", "contextlib")


def warn_deprecated(facts: OperationFacts) -> None:
    """Warn that the operation ``facts`` describe is deprecated, at the nearest caller outside the facade."""
    frame = sys._getframe(1)
    level = 2  # stacklevel 2 is this function's caller
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(_INTERNAL):
        frame = frame.f_back
        level += 1
    warnings.warn(
        f"{facts.describe()} is deprecated in Simli's API description and may be removed",
        DeprecationWarning,
        stacklevel=level,
    )
