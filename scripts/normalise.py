"""Normalise an OpenAPI document into a copy openapi-python-client can generate from completely.

One job: apply general, documented rewrite rules to a *copy* of the pinned
description (the pinned file itself stays byte for byte as published) and say
which rules fired and where. Rules never name one path or one schema: each one
recognises a construct. A document that needs no rule comes out unchanged.

Usage: python scripts/normalise.py SPEC [--output OUT.json]
"""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import load_openapi, read_source, run_cli, write_atomically

Document = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """One rewrite: ``apply`` edits the document in place and returns one message per change."""

    name: str
    summary: str
    apply: Callable[[Document], list[str]]


@dataclass(frozen=True)
class Applied:
    """A rule that fired, and where."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


# The rules, applied in this order. Each has a unit test and is listed in README.md.
RULES: tuple[Rule, ...] = ()


def normalise(document: Document, rules: tuple[Rule, ...] = RULES) -> tuple[Document, list[Applied]]:
    """A normalised deep copy of ``document`` and the list of rewrites applied to it."""
    result = copy.deepcopy(document)
    applied: list[Applied] = []
    for rule in rules:
        applied.extend(Applied(rule.name, message) for message in rule.apply(result))
    return result, applied


def dump(document: Document) -> bytes:
    """The normalised document as stable JSON (the generator reads JSON or YAML)."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="normalise.py",
        description="Apply the pipeline's normalisation rules to a copy of an OpenAPI document.",
    )
    parser.add_argument("spec", help="path or URL of the OpenAPI document")
    parser.add_argument("--output", "-o", type=Path, help="write the normalised document here (JSON)")
    args = parser.parse_args(argv)
    document = load_openapi(read_source(args.spec), args.spec)
    normalised, applied = normalise(document)
    for item in applied:
        print(f"normalised: {item}")
    if not applied:
        print("normalised: no rule applied")
    if args.output is not None:
        write_atomically(args.output, dump(normalised))
    return 0


if __name__ == "__main__":
    run_cli(main)
