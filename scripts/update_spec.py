"""Pin a new Simli OpenAPI description and regenerate the client from it.

One job: read SOURCE (an http(s) URL or a local path; default the upstream URL),
refuse it with one line unless it parses and is a valid OpenAPI 3.0/3.1 document,
then write it to openapi/simli.yaml byte for byte, update openapi/simli.lock.json
and regenerate generated/. If regeneration fails, the previous spec and lock are
restored: nothing is lost.

Usage: python scripts/update_spec.py [SOURCE]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

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
from generate import Generation, regenerate, report
from normalise import load_normalised


def update_spec(repo: Repo, source: str, today: dt.date | None = None) -> Generation:
    raw = read_source(source)
    load_normalised(raw, source)  # validate (the copy generation will use) before anything is written

    old_spec = repo.spec.read_bytes() if repo.spec.exists() else None
    old_lock = repo.lock.read_bytes() if repo.lock.exists() else None
    lock = {
        "source": source if is_url(source) else UPSTREAM_URL,
        "sha256": sha256_bytes(raw),
        "retrieved": (today or dt.date.today()).isoformat(),
    }
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
    args = parser.parse_args(argv)
    try:
        result = update_spec(default_repo(), args.source)
    except PipelineError as exc:
        raise PipelineError(f"{exc} (openapi/ and generated/ left unchanged)") from None
    report(result)
    print(f"pinned {args.source} as openapi/simli.yaml")
    return 0


if __name__ == "__main__":
    run_cli(main)
