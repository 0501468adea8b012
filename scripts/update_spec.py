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

Usage: python scripts/update_spec.py [SOURCE] [--origin-repository R --origin-file F --origin-commit C]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from common import (
    UPSTREAM_URL,
    PipelineError,
    Repo,
    default_repo,
    is_url,
    read_source,
    run_cli,
    sha256_bytes,
    write_atomically,
    write_lock,
)
from gate import load_normalised
from generate import Generation, regenerate, report, validation_record
from normalise import dump

# Where a published description lives: repository, file in it, and the commit the bytes are from.
ORIGIN_PARTS = {"repository": "github.com/simliai/docs", "file": "api-reference/openapi.yaml", "commit": "a91a4b8"}


def update_spec(
    repo: Repo, source: str, today: dt.date | None = None, origin: dict[str, str] | None = None
) -> Generation:
    raw = read_source(source)
    # Through the pipeline's gate before anything is written; the lock records that validation, so
    # regenerate does not validate the same normalised copy again.
    normalised, applied = load_normalised(raw, source)

    old_spec = repo.spec.read_bytes() if repo.spec.exists() else None
    old_lock = repo.lock.read_bytes() if repo.lock.exists() else None
    lock: dict[str, Any] = {
        "source": source if is_url(source) else UPSTREAM_URL,
        "sha256": sha256_bytes(raw),
        "retrieved": (today or dt.date.today()).isoformat(),
    }
    lock["validation"] = validation_record(dump(normalised), applied)
    if origin:
        lock["origin"] = dict(origin)
    if not is_url(source):
        lock["note"] = "pinned from a local copy of the published description"
    try:
        repo.spec.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(repo.spec, raw)
        write_lock(repo, lock)
        return regenerate(repo)
    except BaseException:
        _restore(repo.spec, old_spec)
        _restore(repo.lock, old_lock)
        raise


def _restore(path: Path, content: bytes | None) -> None:
    if content is None:
        path.unlink(missing_ok=True)
    else:
        write_atomically(path, content)


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
    return 0


if __name__ == "__main__":
    run_cli(main)
