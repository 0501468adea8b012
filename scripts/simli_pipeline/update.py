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

scripts/update_spec.py is its command line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from simli_pipeline.gate import load_normalised
from simli_pipeline.generate import Generation, regenerate, validation_record
from simli_pipeline.hashing import sha256_bytes
from simli_pipeline.lock import write_lock
from simli_pipeline.normalisation import dump
from simli_pipeline.repository import Repo, write_atomically
from simli_pipeline.sources import UPSTREAM_URL, is_url, read_source

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
