"""The one gate a document passes before the pipeline generates from it, or says it would.

One job: run every check, in one order, on a copy of a parsed document: the normalisation rules
(rules/), the OpenAPI version and self-containment, preflight (names the generator cannot write,
paths that are the same URLs), the security schemes every operation names, and the full validation
of the normalised copy (findings.py). update-spec's pre-check, regenerate (generate.py, which runs
the validation alongside the generator) and the drift report's pipeline findings (diff/) all go
through :func:`gate`, so they accept and refuse the same documents. A refusal is a one-line
:class:`~simli_pipeline.errors.PipelineError`.

Not a command line; scripts/normalise.py's command line prints what it finds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simli_pipeline.facts import check_security
from simli_pipeline.normalisation import Applied, normalise_checked
from simli_pipeline.openapi import check_version_and_refs
from simli_pipeline.parsing import parse_document
from simli_pipeline.preflight import check as preflight
from simli_pipeline.rules.base import Document
from simli_pipeline.validation import validate_schema


@dataclass
class Admitted:
    """A document through the gate: its normalised copy, what was applied to it, its OpenAPI version."""

    origin: str
    normalised: Document
    version: str
    applied: list[Applied] = field(default_factory=list)


# The last step: the full validation of the normalised copy, returning its warnings (a refusal raises).
Validation = Callable[[Admitted], list[Applied]]


def full_validation(admitted: Admitted) -> list[Applied]:
    """openapi-spec-validator's full check of the normalised copy, its warnings as report entries."""
    findings = validate_schema(admitted.normalised, admitted.origin, admitted.version)
    return [Applied.finding(finding) for finding in findings]


def gate(
    document: dict[str, Any],
    origin: str,
    validation: Validation = full_validation,
    seen: list[Applied] | None = None,
) -> Admitted:
    """Normalise a copy of ``document`` and check it, in order; raise one line at the first refusal.

    ``validation`` runs last (regenerate passes one that overlaps the generator's run). ``seen``, if
    given, is extended with each rewrite and warning as they come, so a caller reporting a refusal
    can still list what came before it.
    """
    seen = [] if seen is None else seen
    normalised, applied = normalise_checked(document, origin)
    seen += applied
    admitted = Admitted(origin, normalised, check_version_and_refs(normalised, origin))
    preflight(normalised)
    check_security(normalised, origin)
    seen += validation(admitted)
    admitted.applied = list(seen)
    return admitted


def load_normalised(raw: bytes, origin: str) -> tuple[Document, list[Applied]]:
    """Parse ``raw`` and pass it through :func:`gate`: the normalised copy and what happened to it.

    Validation runs after normalisation because the published description contains constructs
    (a path variable declared in the query) that the validator refuses and a rule repairs.
    """
    admitted = gate(parse_document(raw, origin), origin)
    return admitted.normalised, admitted.applied
