"""The lock files (openapi/openapi.lock.json, openapi/asyncapi.lock.json) and the toolchain the first records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simli_pipeline.errors import PipelineError
from simli_pipeline.repository import Repo, write_atomically

GENERATOR_DISTRIBUTION = "openapi-python-client"
FORMATTER_DISTRIBUTION = "ruff"


def read_lock(repo: Repo, path: Path | None = None) -> dict[str, Any]:
    """The lock at ``path`` (default the OpenAPI one) as a JSON object, or one line saying what is wrong."""
    path = path or repo.lock
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"{path} is missing; run `nox -s update-spec -- SOURCE` to pin a spec") from None
    except json.JSONDecodeError as exc:
        raise PipelineError(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise PipelineError(f"{path} must hold a JSON object")
    return data


def lock_bytes(data: dict[str, Any]) -> bytes:
    """A lock's bytes, in a stable layout so unchanged content gives unchanged bytes."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_lock(repo: Repo, data: dict[str, Any], path: Path | None = None) -> None:
    """Write the lock at ``path`` (default the OpenAPI one)."""
    write_atomically(path or repo.lock, lock_bytes(data))


def installed_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - only steps recording versions load importlib.metadata

    try:
        return version(distribution)
    except PackageNotFoundError:
        raise PipelineError(
            f"{distribution} is not installed in this environment; run the step through nox "
            "(it installs the pinned versions from requirements/generate.txt)"
        ) from None


def toolchain() -> dict[str, dict[str, str]]:
    """The generator and formatter versions installed here, in the lock's shape."""
    return {
        "generator": {"name": GENERATOR_DISTRIBUTION, "version": installed_version(GENERATOR_DISTRIBUTION)},
        "formatter": {"name": FORMATTER_DISTRIBUTION, "version": installed_version(FORMATTER_DISTRIBUTION)},
    }
