"""Rewrite the documentation's generated tables: configuration (README.md), rules and change kinds (CONTRIBUTING.md).

One job: render each table from its source (src/simli_api/_constants.py, simli_pipeline.rules.RULES,
simli_pipeline.diff.kinds.KINDS) between its marker comments in its document; with --check, change
nothing and fail naming the stale tables.

Usage: python scripts/doc_tables.py [--check]
"""

from __future__ import annotations

import argparse

from simli_pipeline.cli import run_cli
from simli_pipeline.doc_tables import DOCUMENTS, REGENERATE, refreshed, stale
from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import default_repo, write_atomically


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="doc_tables.py", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a table is stale")
    args = parser.parse_args(argv)
    root = default_repo().root
    texts = {document: (root / document).read_text(encoding="utf-8") for document in DOCUMENTS}
    if args.check:
        names = [name for document, text in texts.items() for name in stale(document, text)]
        if names:
            raise PipelineError(f"stale table(s) {', '.join(names)}; run `{REGENERATE}`")
        print(f"{', '.join(DOCUMENTS)}: every generated table is current")
        return 0
    for document, text in texts.items():
        new = refreshed(document, text)
        if new != text:
            write_atomically(root / document, new.encode("utf-8"))
        print(f"{document}: tables {'rewritten' if new != text else 'already current'}")
    return 0


if __name__ == "__main__":
    run_cli(main)
