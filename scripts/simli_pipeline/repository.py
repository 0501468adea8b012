"""Where the pipeline's inputs and outputs live in one repository, and how files there are replaced.

One job: name the pinned spec, its lock, the pinned AsyncAPI description and its lock, the
generator's configuration and templates and the generated package of a repository root
(:class:`Repo`), copy what the pipeline needs, hash the generator's inputs, and replace a file
atomically.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from simli_pipeline.hashing import iter_files

PACKAGE_NAME = "simli_api_client"
# What a copy of the repository needs for the pipeline scripts to run against it.
PIPELINE_PARTS = ("openapi", "generator-config.yaml", "generator-templates", "scripts", "generated")


@dataclass(frozen=True)
class Repo:
    """Where the pipeline's inputs and outputs live, relative to one repository root."""

    root: Path

    @property
    def spec(self) -> Path:
        return self.root / "openapi" / "openapi.yaml"

    @property
    def lock(self) -> Path:
        return self.root / "openapi" / "openapi.lock.json"

    @property
    def asyncapi(self) -> Path:
        """Simli's AsyncAPI description (its WebSocket API), pinned beside the OpenAPI one."""
        return self.root / "openapi" / "asyncapi.yaml"

    @property
    def asyncapi_lock(self) -> Path:
        return self.root / "openapi" / "asyncapi.lock.json"

    @property
    def config(self) -> Path:
        return self.root / "generator-config.yaml"

    @property
    def templates(self) -> Path:
        return self.root / "generator-templates"

    @property
    def generated(self) -> Path:
        return self.root / "generated"

    @property
    def package(self) -> Path:
        return self.generated / PACKAGE_NAME

    def copy_pipeline(self, destination: Path) -> Path:
        """Copy what the pipeline scripts need (spec, config, templates, scripts, generated/) to ``destination``."""
        destination.mkdir(parents=True, exist_ok=True)
        for part in PIPELINE_PARTS:
            source = self.root / part
            if source.is_dir():
                shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, destination / part)
        return destination


def default_repo() -> Repo:
    """The repository this file belongs to (scripts/simli_pipeline/ in it), so a copied repo checks itself."""
    return Repo(Path(__file__).resolve().parents[2])


def generator_inputs_digest(repo: Repo) -> str:
    """One hash over generator-config.yaml and every custom template, in a stable order."""
    digest = hashlib.sha256()
    inputs = [repo.config, *iter_files(repo.templates)]
    for path in inputs:
        digest.update(path.relative_to(repo.root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old bytes or the new, never a mix."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
