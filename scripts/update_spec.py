"""Pin a new Simli OpenAPI description and regenerate the client from it.

One job: read SOURCE (an http(s) URL or a local path; default the upstream URL),
refuse it with one line unless it parses and is a valid OpenAPI 3.0/3.1 document,
then write it to openapi/openapi.yaml byte for byte, update openapi/openapi.lock.json
and regenerate generated/. If regeneration fails, the previous spec and lock are
restored: nothing is lost.

The lock records where the bytes came from: ``source`` is the URL they stand for (SOURCE
itself when it is a URL, else the upstream URL, which the drift job keeps fetching), and
``--origin-repository/--origin-file/--origin-commit`` name the published file a local copy
was taken from (e.g. Simli's documentation repository).

Its last lines say whether the hand-written facade still matches the regenerated client, naming
each method that does not (a static check: simli_pipeline/facade_match.py).

Usage: python scripts/update_spec.py [SOURCE] [--origin-repository R --origin-file F --origin-commit C]
"""

from __future__ import annotations

import argparse

from simli_pipeline.cli import run_cli
from simli_pipeline.errors import PipelineError
from simli_pipeline.facade_match import check_facade
from simli_pipeline.generate import report
from simli_pipeline.repository import default_repo
from simli_pipeline.sources import UPSTREAM_URL
from simli_pipeline.update import ORIGIN_PARTS, update_spec


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="update_spec.py",
        description="Validate, pin and regenerate from a new Simli OpenAPI description.",
    )
    parser.add_argument("source", nargs="?", default=UPSTREAM_URL, help=f"URL or path (default: {UPSTREAM_URL})")
    provenance = parser.add_argument_group("provenance of a local copy (recorded in the lock under 'origin')")
    for part, example in ORIGIN_PARTS.items():
        provenance.add_argument(f"--origin-{part}", metavar=part.upper(), help=f"e.g. {example}")
    args = parser.parse_args(argv)
    origin = {part: value for part in ORIGIN_PARTS if (value := getattr(args, f"origin_{part}"))}
    if origin and set(origin) != set(ORIGIN_PARTS):
        parser.error("give all of --origin-repository, --origin-file and --origin-commit, or none")
    try:
        result = update_spec(default_repo(), args.source, origin=origin or None)
    except PipelineError as exc:
        raise PipelineError(f"{exc} (openapi/ and generated/ left unchanged)") from None
    report(result)
    print(f"pinned {args.source} as openapi/openapi.yaml")
    repo = default_repo()
    print("\n".join(check_facade(repo.root, repo.package).lines()))  # last: does the facade still match?
    return 0


if __name__ == "__main__":
    run_cli(main)
