"""The scheduled spec-drift job: on upstream drift, pin and regenerate, then open or update one pull request.

One job: run the semantic diff (pinned spec against SOURCE, default the upstream URL, and the pinned
AsyncAPI description against ASYNCAPI, in the same report; without SOURCE both are Simli's published
ones, with SOURCE the AsyncAPI is compared only when --asyncapi names it); if the
APIs differ (including documentation-only changes), pin SOURCE with update-spec (which
regenerates the client), commit openapi/ and generated/ on BRANCH, push it, and ask `gh` to
open a pull request -- or update the open one -- with the Markdown report as its body and the
label `breaking` or `non-breaking`. The body names, for each change, the facade methods callers
use ("breaking for `simli.faces.delete`") and what update-spec warned about. No drift: nothing is
committed and no PR is touched.

Before proposing the update it checks the facade's build on the regenerated tree (static match,
mypy, the tests given by --build-tests), writes build.json beside the report, appends a "Build after
regeneration" section to the body, and labels the PR `facade-broken` and makes it a draft when the
build fails. The report also goes into CHANGELOG.md. Then it dispatches ci.yml on BRANCH (a failed
dispatch is one warning line). Exit 0 when the PR was opened or updated, failing build included.

Steps run through nox (`--runner nox`, what CI does) or straight through the scripts with this
interpreter (`--runner direct`, for a prepared environment and the tests). Needs git, and gh
authenticated through GH_TOKEN.

Usage: python scripts/drift_job.py [SOURCE] [--asyncapi ASYNCAPI] [--base-branch main] [--branch spec-drift/upstream]
                                   [--remote origin] [--runner nox|direct] [--report-dir DIR]
                                   [--build-tests TEST ...]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from pathlib import Path

from simli_pipeline.asyncapi import ASYNCAPI_UPSTREAM_URL
from simli_pipeline.build_check import DEFAULT_TESTS
from simli_pipeline.cli import run_cli
from simli_pipeline.drift_job import job
from simli_pipeline.sources import UPSTREAM_URL


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="drift_job.py",
        description="Diff the pinned spec against upstream; on drift pin it, regenerate, and open or update a PR.",
    )
    parser.add_argument("source", nargs="?", help=f"new description (default: {UPSTREAM_URL})")
    parser.add_argument(
        "--asyncapi",
        metavar="ASYNCAPI",
        help=f"new AsyncAPI description (default without SOURCE: {ASYNCAPI_UPSTREAM_URL})",
    )
    parser.add_argument("--base-branch", default="main", help="branch the pull request targets (default: main)")
    parser.add_argument("--branch", default="spec-drift/upstream", help="branch carrying the update")
    parser.add_argument("--remote", default="origin", help="git remote to push to (default: origin)")
    parser.add_argument("--runner", choices=("nox", "direct"), default="nox", help="run steps through nox or directly")
    parser.add_argument(
        "--report-dir", type=Path, help="keep drift.md, drift.json and build.json here (default: a temp dir)"
    )
    parser.add_argument(
        "--build-tests",
        nargs="+",
        default=list(DEFAULT_TESTS),
        metavar="TEST",
        help=f"pytest targets the build check runs (default: {' '.join(DEFAULT_TESTS)})",
    )
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        reports: Path = args.report_dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="spec-drift-")))
        reports.mkdir(parents=True, exist_ok=True)
        return job(
            source=args.source or UPSTREAM_URL,
            # Without SOURCE: both descriptions Simli publishes. With SOURCE: only what is named.
            asyncapi=args.asyncapi or (ASYNCAPI_UPSTREAM_URL if args.source is None else None),
            base=args.base_branch,
            branch=args.branch,
            remote=args.remote,
            runner=args.runner,
            reports=reports,
            tests=args.build_tests,
        )


if __name__ == "__main__":
    run_cli(main)
