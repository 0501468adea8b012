"""Refuse documents the generator would mishandle, before it runs.

One job: find what openapi-python-client cannot turn into a correct client -- names it
would turn into file or module names it cannot write (over-long operationIds, tags and
component names), component schemas whose model or enum class names collide (``Foo`` and
``foo``, ``Voice_In`` and ``VoiceIn``), and paths of one method that differ only in variable
names (the same URLs, which OpenAPI forbids) -- and say which, instead of letting the generator
die with a traceback, drop operations, or the operations take each other's facts.

Usage: python scripts/preflight.py SPEC
"""

from __future__ import annotations

import argparse

from simli_pipeline.cli import run_cli
from simli_pipeline.preflight import check
from simli_pipeline.sources import read_source
from simli_pipeline.validation import load_openapi


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="preflight.py", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec", help="path or URL of the OpenAPI document")
    args = parser.parse_args(argv)
    check(load_openapi(read_source(args.spec), args.spec))
    print("preflight: every name can become a Python module name, no two paths are the same URLs")
    return 0


if __name__ == "__main__":
    run_cli(main)
