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

With ``--asyncapi SOURCE`` it pins Simli's AsyncAPI description (its WebSocket API) too, as
openapi/asyncapi.yaml with openapi/asyncapi.lock.json, validated against the AsyncAPI 3.0 JSON Schema;
without SOURCE, both are fetched from where Simli publishes them. Both are checked before either is
written, and a refusal of either leaves openapi/ and generated/ as they were.

Its last lines say whether the hand-written facade still matches the regenerated client, naming
each method that does not (a static check: simli_pipeline/facade_match.py).

Usage: python scripts/update_spec.py [SOURCE] [--origin-repository R --origin-file F --origin-commit C]
                                    [--asyncapi SOURCE [--asyncapi-origin-repository R ...]]
"""

from __future__ import annotations

import argparse

from simli_pipeline.asyncapi import ASYNCAPI_ORIGIN_PARTS, ASYNCAPI_UPSTREAM_URL
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
    parser.add_argument("source", nargs="?", help=f"URL or path (default: {UPSTREAM_URL})")
    parser.add_argument(
        "--asyncapi",
        metavar="SOURCE",
        help=f"also pin this AsyncAPI description, URL or path (default without SOURCE: {ASYNCAPI_UPSTREAM_URL})",
    )
    for prefix, parts, what in (("", ORIGIN_PARTS, "SOURCE"), ("asyncapi-", ASYNCAPI_ORIGIN_PARTS, "--asyncapi")):
        provenance = parser.add_argument_group(
            f"provenance of a local copy as {what} (recorded in its lock as 'origin')"
        )
        for part, example in parts.items():
            provenance.add_argument(f"--{prefix}origin-{part}", metavar=part.upper(), help=f"e.g. {example}")
    args = parser.parse_args(argv)
    origins: list[dict[str, str]] = []
    for prefix, parts in (("", ORIGIN_PARTS), ("asyncapi_", ASYNCAPI_ORIGIN_PARTS)):
        origin = {part: value for part in parts if (value := getattr(args, f"{prefix}origin_{part}"))}
        if origin and set(origin) != set(parts):
            flags = ", ".join(f"--{prefix.replace('_', '-')}origin-{part}" for part in parts)
            parser.error(f"give all of {flags}, or none")
        origins.append(origin)
    # Without SOURCE: both descriptions from where Simli publishes them. With SOURCE: only what is named.
    source = args.source or UPSTREAM_URL
    asyncapi = args.asyncapi or (ASYNCAPI_UPSTREAM_URL if args.source is None else None)
    if origins[1] and asyncapi is None:
        parser.error("--asyncapi-origin-* describe --asyncapi SOURCE: give it too")
    try:
        result = update_spec(
            default_repo(), source, origin=origins[0] or None, asyncapi=asyncapi, asyncapi_origin=origins[1] or None
        )
    except PipelineError as exc:
        raise PipelineError(f"{exc} (openapi/ and generated/ left unchanged)") from None
    report(result)
    print(f"pinned {source} as openapi/openapi.yaml")
    if asyncapi is not None:
        print(f"pinned {asyncapi} as openapi/asyncapi.yaml")
    repo = default_repo()
    print("\n".join(check_facade(repo.root, repo.package).lines()))  # last: does the facade still match?
    return 0


if __name__ == "__main__":
    run_cli(main)
