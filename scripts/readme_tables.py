"""Rewrite the README's generated tables: the normalisation rules and the drift report's change kinds.

One job: render each table from its registry (simli_pipeline.rules.RULES,
simli_pipeline.diff.kinds.KINDS) between its marker comments in README.md; with --check, change
nothing and fail naming the stale tables.

Usage: python scripts/readme_tables.py [--check]
"""

from __future__ import annotations

import argparse

from simli_pipeline.cli import run_cli
from simli_pipeline.errors import PipelineError
from simli_pipeline.readme_tables import refreshed, stale
from simli_pipeline.repository import default_repo, write_atomically


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="readme_tables.py", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a table is stale")
    args = parser.parse_args(argv)
    readme = default_repo().root / "README.md"
    text = readme.read_text(encoding="utf-8")
    if args.check:
        names = stale(text)
        if names:
            raise PipelineError(f"README.md: stale table(s) {', '.join(names)}; run `python scripts/readme_tables.py`")
        print("README.md: every generated table is current")
        return 0
    new = refreshed(text)
    if new != text:
        write_atomically(readme, new.encode("utf-8"))
    print(f"README.md: tables {'rewritten' if new != text else 'already current'}")
    return 0


if __name__ == "__main__":
    run_cli(main)
