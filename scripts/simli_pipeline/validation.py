"""Checking a parsed document is OpenAPI 3.0/3.1: the cheap checks, then the full validator run.

One job: tie the version and self-containment check (openapi.check_version_and_refs) to the
validator's classified findings (findings.validate): a refusal is a one-line
:class:`~simli_pipeline.errors.PipelineError`, warnings come back as findings.
"""

from __future__ import annotations

from typing import Any

from simli_pipeline import findings
from simli_pipeline.findings import Finding
from simli_pipeline.openapi import check_version_and_refs
from simli_pipeline.parsing import parse_document


def validate_openapi(document: dict[str, Any], origin: str) -> tuple[str, list[Finding]]:
    """Check ``document`` is OpenAPI 3.0 or 3.1 per openapi-spec-validator: (version, warnings).

    Structural problems raise a one-line :class:`PipelineError` naming where and what; problems
    confined to examples, descriptions and unknown keys come back as warnings (findings.Finding).
    """
    version = check_version_and_refs(document, origin)
    return version, validate_schema(document, origin, version)


def validate_schema(document: dict[str, Any], origin: str, version: str) -> list[Finding]:
    """The expensive half: openapi-spec-validator's full check, split into a refusal or warnings."""
    return findings.validate(document, origin, version)


def load_openapi(raw: bytes, origin: str) -> dict[str, Any]:
    """Parse and validate: the one gate every document passes before the pipeline uses it."""
    document = parse_document(raw, origin)
    validate_openapi(document, origin)
    return document
