"""Write api.md, the API reference, from the facade: simli_api.OPERATIONS and every area's declarations.

One job: render every method of Simli and AsyncSimli (signature, return type, HTTP route, API key,
deprecation) into api.md at the repository root; with --check, change nothing and fail when api.md
is stale. Needs simli_api importable (pip install -e . in the environment that runs it).

Usage: python scripts/api_reference.py [--check]
"""

from __future__ import annotations

import argparse

from simli_pipeline.api_reference import DOCUMENT, REGENERATE, render
from simli_pipeline.cli import run_cli
from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import default_repo, write_atomically


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="api_reference.py", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help=f"change nothing; fail if {DOCUMENT} is stale")
    args = parser.parse_args(argv)
    path = default_repo().root / DOCUMENT
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = render()
    if args.check:
        if old != new:
            raise PipelineError(f"{DOCUMENT} is stale; run `{REGENERATE}`")
        print(f"{DOCUMENT}: current")
        return 0
    if new != old:
        write_atomically(path, new.encode("utf-8"))
    print(f"{DOCUMENT}: {'rewritten' if new != old else 'already current'}")
    return 0


if __name__ == "__main__":
    run_cli(main)
