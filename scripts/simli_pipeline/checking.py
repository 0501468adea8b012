"""Fail when the pinned spec, its lock, the toolchain and generated/ disagree.

One job: regenerate into a temporary directory (always validating the normalised
copy, whatever the lock records) and compare the result, file by file, with the
committed generated/; verify the lock's sha256 against
openapi/openapi.yaml and the recorded generator and formatter versions against the
installed ones; verify openapi/asyncapi.yaml against its lock and the AsyncAPI 3.0 JSON Schema.
Every problem found is listed; the exit status is 1 if any.

scripts/check_generated.py is its command line.
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path

from simli_pipeline.asyncapi import load_asyncapi, validation_record
from simli_pipeline.errors import PipelineError
from simli_pipeline.generate import build_package
from simli_pipeline.hashing import sha256_bytes, sha256_file
from simli_pipeline.lock import read_lock
from simli_pipeline.lock import toolchain as installed_toolchain
from simli_pipeline.repository import Repo, generator_inputs_digest

MAX_DIFF_LINES = 40


def lock_problems(repo: Repo) -> list[str]:
    """Disagreements between the lock, the pinned spec, the generator inputs and the installed tools."""
    lock = read_lock(repo)
    problems: list[str] = []
    actual = sha256_file(repo.spec)
    if lock.get("sha256") != actual:
        problems.append(
            f"openapi/openapi.yaml has sha256 {actual}, the lock records {lock.get('sha256')}: "
            "the pinned spec was edited without `nox -s update-spec`"
        )
    for role, tool in installed_toolchain().items():
        recorded = lock.get(role, {})
        if recorded != tool:
            problems.append(
                f"lock records {role} {recorded.get('name')} {recorded.get('version')}, installed is "
                f"{tool['name']} {tool['version']}: regenerate with the pinned toolchain (`nox -s regenerate`)"
            )
    digest = generator_inputs_digest(repo)
    if lock.get("generator_inputs_sha256") != digest:
        problems.append(
            "generator-config.yaml or generator-templates/ changed since the last regeneration: run `nox -s regenerate`"
        )
    return problems


def asyncapi_problems(repo: Repo) -> list[str]:
    """Disagreements between openapi/asyncapi.yaml, its lock and the vendored schema; its validity."""
    try:
        lock = read_lock(repo, repo.asyncapi_lock)
        raw = repo.asyncapi.read_bytes()
    except (PipelineError, FileNotFoundError) as exc:
        missing = exc.filename if isinstance(exc, FileNotFoundError) else exc
        return [f"{missing}: the AsyncAPI description is not pinned (`nox -s update-spec -- SOURCE --asyncapi SOURCE`)"]
    problems: list[str] = []
    actual = sha256_bytes(raw)
    if lock.get("sha256") != actual:
        problems.append(
            f"openapi/asyncapi.yaml has sha256 {actual}, its lock records {lock.get('sha256')}: "
            "the pinned AsyncAPI description was edited without `nox -s update-spec`"
        )
    if lock.get("validation") != validation_record():
        problems.append(
            "openapi/asyncapi.lock.json does not record the vendored AsyncAPI schema it is validated with "
            "(scripts/simli_pipeline/data/asyncapi-3.0.0.json): re-pin it with `nox -s update-spec`"
        )
    try:
        load_asyncapi(raw, "openapi/asyncapi.yaml")
    except PipelineError as exc:
        problems.append(str(exc))
    return problems


def tree_problems(expected: Path, committed: Path) -> list[str]:
    """Files that differ between a fresh generation and the committed tree, with a short diff for each."""
    fresh = {p.relative_to(expected).as_posix(): p for p in expected.rglob("*") if p.is_file()}
    kept = {
        p.relative_to(committed).as_posix(): p
        for p in committed.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    problems: list[str] = []
    for name in sorted(fresh.keys() - kept.keys()):
        problems.append(f"generated/{committed.name}/{name}: missing (the generator makes it)")
    for name in sorted(kept.keys() - fresh.keys()):
        problems.append(f"generated/{committed.name}/{name}: not made by the generator (hand-added?)")
    for name in sorted(fresh.keys() & kept.keys()):
        want, have = fresh[name].read_bytes(), kept[name].read_bytes()
        if want != have:
            problems.append(
                f"generated/{committed.name}/{name}: differs from the generator's output\n" + _diff(want, have)
            )
    return problems


def _diff(want: bytes, have: bytes) -> str:
    lines = list(
        difflib.unified_diff(
            want.decode("utf-8", "replace").splitlines(),
            have.decode("utf-8", "replace").splitlines(),
            "regenerated",
            "committed",
            lineterm="",
            n=1,
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... ({len(lines) - MAX_DIFF_LINES} more diff lines)"]
    return "\n".join(f"    {line}" for line in lines)


def check(repo: Repo) -> list[str]:
    problems = lock_problems(repo) + asyncapi_problems(repo)
    workdir = Path(tempfile.mkdtemp(prefix="simli-check-"))
    try:
        try:
            generation = build_package(repo, workdir, trust_record=False)  # CI's guard: always validate
        except PipelineError as exc:
            problems.append(f"regeneration failed: {exc}")
        else:
            problems.extend(tree_problems(generation.package, repo.package))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return problems
