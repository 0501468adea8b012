"""Regenerate generated/simli_api_client from the pinned spec, completely or not at all.

One job: pinned spec -> normalised copy (simli_pipeline.normalisation) -> openapi-python-client
with warnings as errors -> check every operation of the spec came out -> swap the new
tree into generated/ atomically. Any failure leaves generated/ exactly as it was. The
normalised copy is validated while the generator runs, unless the lock records that
these very bytes already passed the same validator and classifier (check_generated.py
always validates).

scripts/generate.py is its command line.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simli_pipeline.errors import PipelineError
from simli_pipeline.facts import write_facts
from simli_pipeline.findings import classifier_digest
from simli_pipeline.gate import Admitted, full_validation, gate
from simli_pipeline.generated import Operation, generated_operations
from simli_pipeline.generator import finish_generator, start_generator
from simli_pipeline.hashing import sha256_bytes
from simli_pipeline.install import STAGING_PREFIX, install_package, recover_interrupted
from simli_pipeline.lock import installed_version, read_lock, toolchain, write_lock
from simli_pipeline.normalisation import Applied, dump
from simli_pipeline.openapi import iter_operations, path_shape
from simli_pipeline.parsing import parse_document
from simli_pipeline.repository import PACKAGE_NAME, Repo, generator_inputs_digest

NORMALISED_COPY = "normalised-openapi.json"  # what the generator reads, in the work directory
# openapi-spec-validator first, then the libraries doing its checking: schemas, meta-schemas, $refs, formats.
VALIDATOR_DISTRIBUTIONS = (
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
    "jsonschema-path",
    "jsonschema-specifications",
    "referencing",
    "rfc3339-validator",
)


@dataclass
class Generation:
    """What one generator run produced."""

    package: Path
    operations: list[Operation]
    applied: list[Applied] = field(default_factory=list)


def build_package(repo: Repo, workdir: Path, *, trust_record: bool = True, verbose: bool = False) -> Generation:
    """Generate the client package for ``repo``'s pinned spec inside ``workdir``; nothing else is touched.

    The document passes the pipeline's gate (scripts/gate.py); its last step, the full validation of
    the normalised copy, overlaps the generator's run: both take about as long, and on a failed
    validation the generator's work is thrown away. ``trust_record``: skip that validation when the
    lock records that it passed for the same key (see :func:`validated`); check_generated, CI's
    guard, always validates. ``verbose``: on a refusal, also print the generator's own output.
    """
    raw = repo.spec.read_bytes()
    check_lock_matches_spec(repo, raw)
    origin = str(repo.spec.relative_to(repo.root))
    alongside = _GeneratorAlongside(repo, workdir, trust_record)
    published = parse_document(raw, origin)  # the gate normalises a copy: this stays as published
    admitted = gate(published, origin, validation=alongside)
    alongside.finish(verbose)
    package = workdir / "project" / PACKAGE_NAME
    if not package.is_dir():
        raise PipelineError(f"openapi-python-client wrote no {PACKAGE_NAME}/ package; check generator-config.yaml")

    operations = sorted(generated_operations(package), key=lambda op: (op.path, op.method))
    produced = {(op.method, path_shape(op.path)) for op in operations}
    missing = [(m, p) for m, p, _ in iter_operations(admitted.normalised) if (m, path_shape(p)) not in produced]
    if missing:
        names = ", ".join(f"{method} {path}" for method, path in missing)
        raise PipelineError(f"openapi-python-client silently dropped {len(missing)} operation(s): {names}")
    write_facts(package, published, operations)  # security, deprecation, media types as published
    return Generation(package=package, operations=operations, applied=admitted.applied)


@dataclass
class _GeneratorAlongside:
    """The gate's validation step for regenerate: write the normalised copy, start the generator on it,
    validate while it runs (stopping it if validation refuses)."""

    repo: Repo
    workdir: Path
    trust_record: bool
    generator: subprocess.Popen[str] | None = None

    def __call__(self, admitted: Admitted) -> list[Applied]:
        spec_copy = self.workdir / NORMALISED_COPY
        spec_copy.write_bytes(dump(admitted.normalised))
        self.generator = start_generator(self.repo, spec_copy, self.workdir / "project")
        try:
            return validated(self.repo, admitted, spec_copy.read_bytes(), trust_record=self.trust_record)
        except BaseException:
            self.generator.kill()
            self.generator.communicate()
            raise

    def finish(self, verbose: bool = False) -> None:
        """Wait for the generator; a refusal or a warning of its own is a one-line PipelineError."""
        if self.generator is None:
            raise PipelineError("internal error: the gate passed without running its validation step")
        finish_generator(self.generator, verbose)


def validated(repo: Repo, admitted: Admitted, normalised: bytes, *, trust_record: bool = True) -> list[Applied]:
    """The validator's warnings on the normalised copy, as report entries; a refusal raises.

    The full validation (the costliest step besides the generator) is skipped when the lock records
    that these very bytes passed this validator and classifier (:func:`validation_key`): it would find
    the same. Any change to the pinned spec, the rules, the validator or its libraries, or
    scripts/findings.py gives another key, and it runs again.
    """
    recorded = read_lock(repo).get("validation") if trust_record else None
    key = validation_key(normalised)
    if isinstance(recorded, dict) and all(recorded.get(name) == value for name, value in key.items()):
        messages = recorded.get("warnings")
        if isinstance(messages, list) and all(isinstance(message, str) for message in messages):
            return [Applied(Applied.VALIDATOR, message, warning=True) for message in messages]
    return full_validation(admitted)


def validation_record(normalised: bytes, applied: list[Applied]) -> dict[str, Any]:
    """The lock's record that the normalised copy ``normalised`` passed validation, with its warnings."""
    return {**validation_key(normalised), "warnings": [item.message for item in applied if not item.is_rule]}


def validation_key(normalised: bytes) -> dict[str, str]:
    """What a recorded validation holds for: the normalised copy's bytes, the validator and the classifier.

    The validator is openapi-spec-validator with the libraries that do its checking (their versions),
    the classifier the code sorting its findings into refusals and warnings (findings.classifier_digest):
    a change to any of them can turn a warning into a refusal, so it validates again.
    """
    return {
        "normalised_sha256": sha256_bytes(normalised),
        "validator": _validator_versions(),
        "classifier_sha256": classifier_digest(),
    }


@functools.cache
def _validator_versions() -> str:
    return "; ".join(f"{name} {_version_or_absent(name)}" for name in VALIDATOR_DISTRIBUTIONS)


def _version_or_absent(distribution: str) -> str:
    try:
        return installed_version(distribution)
    except PipelineError:
        return "absent"


def check_lock_matches_spec(repo: Repo, raw: bytes) -> None:
    recorded = read_lock(repo).get("sha256")
    actual = sha256_bytes(raw)
    if recorded != actual:
        raise PipelineError(
            f"{repo.spec.name} (sha256 {actual[:12]}…) does not match its lock (sha256 {str(recorded)[:12]}…); "
            "pin spec changes with `nox -s update-spec -- PATH_OR_URL`, never by hand"
        )


def regenerate(repo: Repo, verbose: bool = False) -> Generation:
    """Regenerate generated/ in place from the pinned spec and record the toolchain in the lock."""
    recover_interrupted(repo)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=repo.root))
    try:
        result = build_package(repo, staging, verbose=verbose)
        # Everything the lock update needs is computed before the swap: a failure here leaves generated/ as it was.
        lock = read_lock(repo)
        validation = validation_record((staging / NORMALISED_COPY).read_bytes(), result.applied)
        updated = {**lock, **toolchain(), "generator_inputs_sha256": generator_inputs_digest(repo)}
        updated["validation"] = validation
        install_package(repo, result.package, staging)
        result.package = repo.package
        if updated != lock:
            write_lock(repo, updated)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def report(result: Generation) -> None:
    for item in result.applied:
        print(item.line())
    for operation in result.operations:
        print(f"generated: {operation}")
    rules = len({item.rule for item in result.applied if item.is_rule})
    warnings = sum(item.warning for item in result.applied)
    counts = f"{rules} normalisation rule(s) applied; {warnings} warning(s)"
    print(f"{len(result.operations)} operation(s) generated; {counts}")
