"""Normalise an OpenAPI document into a copy openapi-python-client can generate from completely.

One job: apply general, documented rewrite rules to a *copy* of the pinned
description (the pinned file itself stays byte for byte as published) and say
which rules fired and where. Rules never name one path or one schema: each one
recognises a construct. A document that needs no rule comes out unchanged.

Usage: python scripts/normalise.py SPEC [--output OUT.json]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from simli_pipeline.cli import run_cli
from simli_pipeline.gate import load_normalised
from simli_pipeline.normalisation import dump
from simli_pipeline.repository import write_atomically
from simli_pipeline.sources import read_source


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="normalise.py",
        description="Apply the pipeline's normalisation rules to a copy of an OpenAPI document.",
    )
    parser.add_argument("spec", help="path or URL of the OpenAPI document")
    parser.add_argument("--output", "-o", type=Path, help="write the normalised document here (JSON)")
    args = parser.parse_args(argv)

    normalised, applied = load_normalised(read_source(args.spec), args.spec)
    for item in applied:
        print(item.line())
    if not applied:
        print("normalised: no rule applied")
    if args.output is not None:
        write_atomically(args.output, dump(normalised))
    return 0


if __name__ == "__main__":
    run_cli(main)
