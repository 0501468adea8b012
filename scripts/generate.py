"""Regenerate generated/simli_api_client from the pinned spec, completely or not at all.

One job: pinned spec -> normalised copy (scripts/normalise.py) -> openapi-python-client
with warnings as errors -> check every operation of the spec came out -> swap the new
tree into generated/ atomically. Any failure leaves generated/ exactly as it was. The
normalised copy is validated while the generator runs, unless the lock records that
these very bytes already passed the same validator and classifier (check_generated.py
always validates).

Usage: python scripts/generate.py [--verbose]
"""

from __future__ import annotations

import argparse

from simli_pipeline.cli import run_cli
from simli_pipeline.generate import regenerate, report
from simli_pipeline.repository import default_repo


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Regenerate generated/simli_api_client from openapi/openapi.yaml (offline, atomic).",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="when the generator refuses the document, also print its own output"
    )
    args = parser.parse_args(argv)
    result = regenerate(default_repo(), verbose=args.verbose)
    report(result)
    return 0


if __name__ == "__main__":
    run_cli(main)
