"""Compare two OpenAPI documents as APIs and classify every change as breaking or not; AsyncAPI ones too.

One job: read BASE and NEW (paths or URLs; BASE defaults to the pinned openapi/openapi.yaml,
NEW to Simli's upstream URL), report what changed for a caller -- operations, parameters,
request and response bodies, status codes, media types, security, servers -- with
documentation-only changes in a separate section and each document's inconsistencies listed
apart. Formatting, key order, quoting, $ref-versus-inline, a one-branch allOf around a component
and equivalent server URLs give no change. A change inside a component schema is reported once,
at the schema, with the operations that use it. The generated client's names are compared too: an
operation module, model or enum class renamed or gone (an operationId added, a component renamed)
is a breaking change even when the HTTP API is the same. Each change names the facade methods callers use
(``simli_api.OPERATIONS`` of this repository's src/), and the report lists what update-spec would
warn about, or refuse, in NEW. The kinds of change and whom each breaks are one registry
(simli_pipeline/diff/kinds.py).

Two AsyncAPI documents (a top-level ``asyncapi`` key; Simli's WebSocket API) are compared the same way
(channels and addresses, messages and payloads, operations: simli_pipeline/diff/asyncapi.py), BASE
defaulting to the pinned openapi/asyncapi.yaml. ``--asyncapi NEW`` adds that comparison to an OpenAPI
one in the same report; without NEW, both pinned descriptions are compared with the published ones.

Exit status: 0 no API change, 1 changes but none breaking, 2 at least one breaking change,
3 a document could not be read or is not OpenAPI/AsyncAPI, or the report could not be written (one
line on stderr, never a traceback).

Usage: python scripts/spec_diff.py [--base OLD] [NEW] [--asyncapi NEW] [--asyncapi-base OLD]
                                   [--format markdown|json] [--markdown-file PATH] [--json-file PATH]
                                   [--no-facade] [--no-pipeline-check]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from simli_pipeline.asyncapi import ASYNCAPI_UPSTREAM_URL, is_asyncapi
from simli_pipeline.cli import run_cli
from simli_pipeline.diff import model
from simli_pipeline.diff.asyncapi import asyncapi_findings, diff_asyncapi
from simli_pipeline.diff.asyncapi import check as check_asyncapi
from simli_pipeline.diff.compare import diff
from simli_pipeline.diff.facade import facade_names, with_facade
from simli_pipeline.diff.model import DocumentError, read
from simli_pipeline.diff.pipeline import pipeline_findings
from simli_pipeline.diff.report import EXIT_UNREADABLE, Report, combined, to_json, to_markdown
from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import default_repo, write_atomically
from simli_pipeline.sources import UPSTREAM_URL

__all__ = ["diff", "main"]  # diff: the in-process entry point benchmarks/run.py times


def compare(base_source: str | None, new_source: str, pipeline_check: bool, only_asyncapi: bool = False) -> Report:
    """The report for two documents of one kind, OpenAPI or AsyncAPI (NEW's); BASE defaults to the pinned one."""
    new = read(new_source)
    asyncapi = is_asyncapi(new)
    if only_asyncapi and not asyncapi:
        raise DocumentError(f"{new_source}: --asyncapi takes an AsyncAPI document, not an OpenAPI one")
    repo = default_repo()
    base_source = base_source or str(repo.asyncapi if asyncapi else repo.spec)
    base = read(base_source)
    if is_asyncapi(base) != asyncapi:
        kinds = {True: "an AsyncAPI document", False: "an OpenAPI document"}
        raise DocumentError(
            f"{base_source} is {kinds[is_asyncapi(base)]} and {new_source} {kinds[asyncapi]}: "
            "compare two OpenAPI documents or two AsyncAPI documents"
        )
    if asyncapi:
        report = diff_asyncapi(
            check_asyncapi(base, base_source), check_asyncapi(new, new_source), base_source, new_source
        )
        return replace(report, pipeline=asyncapi_findings(new, new_source)) if pipeline_check else report
    report = diff(model.check(base, base_source), model.check(new, new_source), base_source, new_source)
    return replace(report, pipeline=pipeline_findings(new, new_source)) if pipeline_check else report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="spec_diff.py",
        description="Semantic diff of two OpenAPI (or two AsyncAPI) documents, classified breaking or not. "
        "Exit 0 no API change, 1 changes none breaking, 2 breaking, 3 unreadable or not OpenAPI/AsyncAPI.",
    )
    parser.add_argument("--base", help="old document, path or URL (default: the pinned description of NEW's kind)")
    parser.add_argument(
        "new",
        nargs="?",
        help=f"new document, OpenAPI or AsyncAPI, path or URL (default: {UPSTREAM_URL}, with --asyncapi's default)",
    )
    parser.add_argument(
        "--asyncapi",
        metavar="NEW",
        help=f"also compare this AsyncAPI document, in the same report (default without NEW: {ASYNCAPI_UPSTREAM_URL})",
    )
    parser.add_argument(
        "--asyncapi-base", metavar="OLD", help="old AsyncAPI document for --asyncapi (default: the pinned one)"
    )
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="report format on stdout")
    parser.add_argument("--markdown-file", type=Path, help="also write the Markdown report here")
    parser.add_argument("--json-file", type=Path, help="also write the JSON report here")
    parser.add_argument(
        "--no-facade", action="store_true", help="do not name facade methods (simli_api.OPERATIONS of this repository)"
    )
    parser.add_argument(
        "--no-pipeline-check", action="store_true", help="do not list what update-spec would say about NEW"
    )
    args = parser.parse_args(argv)
    # Without NEW: everything pinned against everything Simli publishes. With NEW: only what is named.
    asyncapi = args.asyncapi or (ASYNCAPI_UPSTREAM_URL if args.new is None else None)
    report = compare(args.base, args.new or UPSTREAM_URL, not args.no_pipeline_check)  # unreadable: exit 3
    if asyncapi is not None:
        report = combined(report, compare(args.asyncapi_base, asyncapi, not args.no_pipeline_check, only_asyncapi=True))
    if not args.no_facade:
        report = with_facade(report, *facade_names(default_repo().root))
    rendered = {"markdown": to_markdown(report), "json": to_json(report)}
    sys.stdout.write(rendered[args.format])
    for path, text in ((args.markdown_file, rendered["markdown"]), (args.json_file, rendered["json"])):
        if path is not None:
            try:
                write_atomically(path, text.encode("utf-8"))
            except OSError as exc:
                raise PipelineError(f"{path}: cannot write the report there ({exc.strerror or exc})") from None
    return report.exit_code


if __name__ == "__main__":
    run_cli(main, failure_status=EXIT_UNREADABLE)
