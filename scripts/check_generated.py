"""Fail when the pinned spec, its lock, the toolchain and generated/ disagree.

One job: regenerate into a temporary directory (always validating the normalised
copy, whatever the lock records) and compare the result, file by file, with the
committed generated/; verify the lock's sha256 against
openapi/openapi.yaml and the recorded generator and formatter versions against the
installed ones. Every problem found is listed; the exit status is 1 if any.

Usage: python scripts/check_generated.py
"""

from __future__ import annotations

import argparse
import sys

from simli_pipeline.checking import check
from simli_pipeline.cli import run_cli
from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import default_repo


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="check_generated.py",
        description="Check generated/ is exactly what the pinned spec and toolchain produce.",
    )
    parser.parse_args(argv)
    problems = check(default_repo())
    if not problems:
        print("generated/ matches the pinned spec, lock and toolchain")
        return 0
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)
    first = problems[0].splitlines()[0]
    raise PipelineError(f"{len(problems)} drift problem(s); first: {first}")


if __name__ == "__main__":
    run_cli(main)
