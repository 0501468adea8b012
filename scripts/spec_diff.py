"""Compare two OpenAPI documents as APIs and classify every change as breaking or not.

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

Exit status: 0 no API change, 1 changes but none breaking, 2 at least one breaking change,
3 a document could not be read or is not OpenAPI, or the report could not be written (one line
on stderr, never a traceback).

Usage: python scripts/spec_diff.py [--base OLD] [NEW] [--format markdown|json]
                                   [--markdown-file PATH] [--json-file PATH]
                                   [--no-facade] [--no-pipeline-check]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from simli_pipeline.cli import run_cli
from simli_pipeline.diff.compare import diff
from simli_pipeline.diff.facade import facade_names, with_facade
from simli_pipeline.diff.model import load
from simli_pipeline.diff.pipeline import pipeline_findings
from simli_pipeline.diff.report import EXIT_UNREADABLE, to_json, to_markdown
from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import default_repo, write_atomically
from simli_pipeline.sources import UPSTREAM_URL

__all__ = ["diff", "main"]  # diff: the in-process entry point benchmarks/run.py times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="spec_diff.py",
        description="Semantic diff of two OpenAPI documents, classified breaking or not. "
        "Exit 0 no API change, 1 changes none breaking, 2 breaking, 3 unreadable or not OpenAPI.",
    )
    pinned = default_repo().spec
    parser.add_argument("--base", default=str(pinned), help="old document, path or URL (default: the pinned spec)")
    parser.add_argument(
        "new", nargs="?", default=UPSTREAM_URL, help=f"new document, path or URL (default: {UPSTREAM_URL})"
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
    base, new = load(args.base), load(args.new)  # a DocumentError is one line and exit 3 (run_cli)
    report = diff(base, new, args.base, args.new)
    if not args.no_pipeline_check:
        report = replace(report, pipeline=pipeline_findings(new, args.new))
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
