"""Pin a new Simli OpenAPI description (and AsyncAPI description) and regenerate the client from it.

One job: read SOURCE (an http(s) URL or a local path; default the upstream URL) and, when given,
the AsyncAPI source; refuse them with one line unless each parses and is valid (OpenAPI 3.0/3.1
through the pipeline's gate; AsyncAPI 3.0 against its JSON Schema, asyncapi.py), then write them to
openapi/openapi.yaml and openapi/asyncapi.yaml byte for byte, update their locks and regenerate
generated/. Nothing is written before both are accepted; if writing or regeneration fails, every
file is restored: nothing is lost, and the two descriptions are never pinned half.

The lock records where the bytes came from: ``source`` is the URL they stand for (SOURCE
itself when it is a URL, else the upstream URL, which the drift job keeps fetching), and
``--origin-repository/--origin-file/--origin-commit`` name the published file a local copy
was taken from (e.g. Simli's documentation repository); the AsyncAPI lock has the same shape.

scripts/update_spec.py is its command line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from simli_pipeline.asyncapi import ASYNCAPI_UPSTREAM_URL, load_asyncapi
from simli_pipeline.asyncapi import validation_record as asyncapi_record
from simli_pipeline.gate import load_normalised
from simli_pipeline.generate import Generation, regenerate, validation_record
from simli_pipeline.hashing import sha256_bytes
from simli_pipeline.lock import lock_bytes
from simli_pipeline.normalisation import dump
from simli_pipeline.repository import Repo, write_atomically
from simli_pipeline.sources import UPSTREAM_URL, is_url, read_source

# Where a published description lives: repository, file in it, and the commit the bytes are from.
ORIGIN_PARTS = {"repository": "github.com/simliai/docs", "file": "api-reference/openapi.yaml", "commit": "a91a4b8"}
LOCAL_NOTE = "pinned from a local copy of the published description"


def provenance(
    raw: bytes, source: str, upstream: str, today: dt.date | None, origin: dict[str, str] | None
) -> dict[str, Any]:
    """The lock's record of where ``raw`` came from: the URL it stands for, its sha256, size and date."""
    lock: dict[str, Any] = {
        "source": source if is_url(source) else upstream,
        "sha256": sha256_bytes(raw),
        "retrieved": (today or dt.date.today()).isoformat(),
    }
    if origin:
        lock["origin"] = dict(origin)
    if not is_url(source):
        lock["note"] = LOCAL_NOTE
    return lock


def asyncapi_files(
    repo: Repo, source: str, today: dt.date | None = None, origin: dict[str, str] | None = None
) -> dict[Path, bytes]:
    """openapi/asyncapi.yaml and its lock as they would be pinned from ``source``; refused (one line) if invalid."""
    raw = read_source(source)
    load_asyncapi(raw, source)
    lock = provenance(raw, source, ASYNCAPI_UPSTREAM_URL, today, origin)
    lock["size"] = len(raw)
    lock["validation"] = asyncapi_record()
    return {repo.asyncapi: raw, repo.asyncapi_lock: lock_bytes(lock)}


def pin_files(files: dict[Path, bytes]) -> dict[Path, bytes | None]:
    """Write every file (atomically each); on any failure restore them all. Returns what was there before."""
    before = {path: path.read_bytes() if path.exists() else None for path in files}
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
    except BaseException:
        restore(before)
        raise
    return before


def update_spec(
    repo: Repo,
    source: str,
    today: dt.date | None = None,
    origin: dict[str, str] | None = None,
    *,
    asyncapi: str | None = None,
    asyncapi_origin: dict[str, str] | None = None,
) -> Generation:
    """Pin ``source`` (and ``asyncapi``, when given) and regenerate; on any failure every file is as it was."""
    raw = read_source(source)
    # Both documents are read and checked before anything is written.
    pinned_asyncapi = asyncapi_files(repo, asyncapi, today, asyncapi_origin) if asyncapi else {}
    # Through the pipeline's gate before anything is written; the lock records that validation, so
    # regenerate does not validate the same normalised copy again.
    normalised, applied = load_normalised(raw, source)
    lock = provenance(raw, source, UPSTREAM_URL, today, origin)
    lock["validation"] = validation_record(dump(normalised), applied)
    before = pin_files({repo.spec: raw, repo.lock: lock_bytes(lock), **pinned_asyncapi})
    try:
        return regenerate(repo)
    except BaseException:
        restore(before)
        raise


def restore(before: dict[Path, bytes | None]) -> None:
    """Put back each file as it was (removing those that did not exist)."""
    for path, content in before.items():
        if content is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, content)
