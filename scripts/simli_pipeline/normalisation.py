"""Normalise an OpenAPI document into a copy openapi-python-client can generate from completely.

One job: apply the rules (simli_pipeline.rules, in RULES order) to a *copy* of the pinned
description (the pinned file itself stays byte for byte as published) and say which rules fired
and where. A document that needs no rule comes out unchanged.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import ClassVar

from simli_pipeline.errors import PipelineError
from simli_pipeline.findings import Finding
from simli_pipeline.rules import RULES
from simli_pipeline.rules.base import Document, Refusal, Rule
from simli_pipeline.validation import validate_openapi


@dataclass(frozen=True)
class Applied:
    """A rule that fired, and where; or (rule ``validator``) a validator warning on the normalised copy."""

    rule: str
    message: str
    warning: bool = False
    VALIDATOR: ClassVar[str] = "validator"

    @classmethod
    def finding(cls, finding: Finding) -> Applied:
        """A validator warning, reported alongside the rules' messages."""
        return cls(cls.VALIDATOR, str(finding), warning=True)

    @property
    def is_rule(self) -> bool:
        return self.rule != self.VALIDATOR

    def line(self) -> str:
        """How regenerate and update-spec print it."""
        return f"{'warning' if self.warning else 'normalised'}: {self}"

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


class RuleError(PipelineError):
    """A rule met a shape it cannot read: the document is malformed in a way validation will name."""


def normalise(document: Document, rules: tuple[Rule, ...] = RULES) -> tuple[Document, list[Applied]]:
    """A normalised deep copy of ``document`` and the list of rewrites applied to it."""
    result = copy.deepcopy(document)
    applied: list[Applied] = []
    for rule in rules:
        try:
            messages = rule.apply(result)
        except PipelineError:
            raise  # a Refusal: the rule recognised its construct and says why it cannot repair it
        except Exception as exc:  # rules run before validation, so they may meet any shape
            raise RuleError(
                f"normalisation rule {rule.name} could not read the document ({type(exc).__name__}: {exc})"
            ) from None
        applied.extend(Applied(rule.name, message, rule.warns) for message in messages)
    return result, applied


def normalise_checked(document: Document, origin: str) -> tuple[Document, list[Applied]]:
    """:func:`normalise`; when a rule trips over a malformed document, the validator says what is wrong with it."""
    try:
        return normalise(document)
    except RuleError:
        validate_openapi(document, origin)  # the precise complaint, when the document is invalid
        raise
    except Refusal as exc:
        raise Refusal(f"{origin}: {exc}") from None


def dump(document: Document) -> bytes:
    """The normalised document as stable JSON (the generator reads JSON or YAML)."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
