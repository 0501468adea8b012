"""What a normalisation rule is: a named rewrite of a document copy, documented in CONTRIBUTING.md's rules table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simli_pipeline.errors import PipelineError

Document = dict[str, Any]
Parts = tuple[Any, ...]


@dataclass(frozen=True)
class Rule:
    """One rewrite: ``apply`` edits the document in place and returns one message per change.

    ``warns``: what the rule repairs is a defect of the document a maintainer should hear about
    (its firings are printed as warnings, and listed in the drift report), not just a shape the
    generator needs. A rule refuses a document it cannot repair soundly by raising :class:`Refusal`.
    ``recognises``, ``does`` and ``why`` are its row in CONTRIBUTING.md's rules table (generated from RULES).
    """

    name: str
    summary: str
    apply: Callable[[Document], list[str]]
    warns: bool = field(default=False, kw_only=True)
    recognises: str = field(default="", kw_only=True)
    does: str = field(default="", kw_only=True)
    why: str = field(default="", kw_only=True)


class Refusal(PipelineError):
    """A rule recognised its construct but no rewrite keeps the document's meaning: one line naming it."""
