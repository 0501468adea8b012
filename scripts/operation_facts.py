"""Write what the description says about each operation that the generated code does not carry.

One job: from the pinned description *as published* (not the normalised copy) and the list of
generated operation modules, write ``operation_facts.py`` into the generated package: per module,
its method and path, whether it is deprecated, the security it requires (top-level ``security``
inherited unless the operation sets its own; ``[]`` means none) with the schemes' definitions,
the media types each response status declares (original names, e.g. ``video/mp4``, and whether
their schema is typed), and the request body's media types. The facade reads it to decide which
requests carry the API key, which calls warn, and how each answer is read.

openapi-python-client ignores top-level security and deprecation, and the normalised copy has
rewritten binary media types and undeclared responses, so these facts come from the original.

Usage: python scripts/operation_facts.py SPEC PACKAGE [--output FILE]
(scripts/generate.py calls :func:`write_facts`; the command prints the module, or writes it to FILE
atomically, and never writes into PACKAGE: generated/ changes only through regenerate.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simli_pipeline.cli import run_cli
from simli_pipeline.facts import operation_facts, render, security_schemes
from simli_pipeline.generated import generated_operations
from simli_pipeline.parsing import parse_document
from simli_pipeline.repository import write_atomically
from simli_pipeline.sources import read_source


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="operation_facts.py",
        description="Print (or write to --output) the operation_facts.py module for a generated package, "
        "from the description it was generated from.",
    )
    parser.add_argument("spec", help="path or URL of the OpenAPI document as published")
    parser.add_argument("package", type=Path, help="the generated package directory (e.g. generated/simli_api_client)")
    parser.add_argument("--output", "-o", type=Path, help="write the module here (atomically) instead of printing it")
    args = parser.parse_args(argv)
    document = parse_document(read_source(args.spec), args.spec)
    source = render(security_schemes(document), operation_facts(document, generated_operations(args.package)))
    if args.output is None:
        sys.stdout.write(source)
    else:
        write_atomically(args.output, source.encode("utf-8"))
    return 0


if __name__ == "__main__":
    run_cli(main)
