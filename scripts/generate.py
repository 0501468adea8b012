"""Regenerate generated/simli_api_client from the pinned spec, completely or not at all.

One job: pinned spec -> normalised copy (scripts/normalise.py) -> openapi-python-client
with warnings as errors -> check every operation of the spec came out -> swap the new
tree into generated/ atomically. Any failure leaves generated/ exactly as it was. The
normalised copy is validated while the generator runs, unless the lock records that
these very bytes already passed the same validator and classifier (check_generated.py
always validates).

Usage: python scripts/generate.py [--verbose]
"""

from __future__ import annotations

import argparse
import ast
import ctypes
import errno
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    PACKAGE_NAME,
    PipelineError,
    Repo,
    default_repo,
    generator_inputs_digest,
    installed_version,
    iter_operations,
    parse_document,
    path_shape,
    read_lock,
    run_cli,
    sha256_bytes,
    toolchain,
    write_lock,
)
from findings import classifier_digest
from gate import Admitted, full_validation, gate
from normalise import Applied, dump
from operation_facts import write_facts

STAGING_PREFIX = ".generate-"
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
GENERATOR_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class Operation:
    """One generated operation: HTTP method, path template, and the Python module that calls it."""

    method: str
    path: str
    module: str

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.module}"


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
        self.generator = _start_generator(self.repo, spec_copy, self.workdir / "project")
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
        _finish_generator(self.generator, verbose)


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


def _start_generator(repo: Repo, spec: Path, project: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(spec),
        "--meta",
        "uv",
        "--config",
        str(repo.config),
        "--custom-template-path",
        str(repo.templates),
        "--output-path",
        str(project),
        "--fail-on-warning",
    ]
    env = dict(os.environ)
    # The generator's post-hooks call `ruff` by name: use the pinned one installed beside this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"})
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish_generator(generator: subprocess.Popen[str], verbose: bool = False) -> None:
    """Wait for the generator; any error or warning of its own is one line naming the first problem.

    Its full output (tens of lines) goes to stderr before that line only with ``verbose`` (--verbose).
    """
    try:
        stdout, stderr = generator.communicate(timeout=GENERATOR_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        generator.kill()
        generator.communicate()
        raise PipelineError(f"openapi-python-client did not finish within {GENERATOR_TIMEOUT_SECONDS}s") from None
    output = (stdout + stderr).strip()
    if generator.returncode != 0 or _has_warnings(output):
        if verbose:
            for line in output.splitlines():
                print(f"  | {line}", file=sys.stderr)
        first = _first_problem(output)
        raise PipelineError(
            f"openapi-python-client could not take the document ({first}); "
            "no endpoint may be dropped, so generated/ is unchanged"
        )


def _has_warnings(output: str) -> bool:
    return "Warning(s) encountered" in output or "Error(s) encountered" in output


# The generator's messages sometimes show an object instead of its value: "<...UntrustedString object at 0x7f...>".
_OBJECT_REPR = re.compile(r"\s*<[\w.]+ object at 0x[0-9a-fA-F]+>")


def _first_problem(output: str) -> str:
    """The generator's first problem on one line, naming the operation or construct (no object reprs)."""
    lines = [" ".join(_OBJECT_REPR.sub("", line).split()) for line in output.splitlines()]
    lines = [line for line in lines if line]
    crashes = [line for line in lines if re.match(r"^[A-Za-z_.]*(Error|Exception): ", line)]
    if crashes:  # the generator died with a traceback: its last exception line says why
        return f"generator crashed: {crashes[-1]}"[:300]
    for index, line in enumerate(lines):
        if line.startswith(("WARNING parsing", "ERROR parsing", "Unable to", "Could not", "Failed")):
            detail = lines[index + 1] if index + 1 < len(lines) else ""
            return f"{line} {detail}".strip()[:300]
    informative = [line for line in lines if not line.startswith("Generating ")]
    return (informative[0] if informative else "no output")[:300]


def generated_operations(package: Path) -> Iterator[Operation]:
    """Every operation in a generated package, read from each module's ``_get_kwargs``."""
    for module_path in sorted((package / "api").rglob("*.py")):
        if module_path.name == "__init__.py":
            continue
        tree = ast.parse(module_path.read_text(encoding="utf-8"))
        found = _method_and_url(tree)
        if found is None:
            continue
        relative = module_path.relative_to(package.parent).with_suffix("")
        yield Operation(method=found[0].upper(), path=found[1], module=".".join(relative.parts))


def _method_and_url(tree: ast.Module) -> tuple[str, str] | None:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        values: dict[str, ast.expr] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                values[key.value] = value
        method, url = values.get("method"), values.get("url")
        if isinstance(method, ast.Constant) and isinstance(method.value, str) and url is not None:
            return method.value, _url_template(url)
    return None


def _url_template(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if (  # "/things/{thing_id}".format(thing_id=...)
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_url_template(part) if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return "{}"


# --------------------------------------------------------------------------- swapping into place


def install_package(repo: Repo, package: Path, staging: Path) -> None:
    """Make ``package`` the content of generated/ in one atomic step where the OS allows it."""
    incoming = staging / "incoming"
    incoming.mkdir()
    package.rename(incoming / package.name)
    if not repo.generated.exists():
        incoming.rename(repo.generated)
        return
    if _exchange(incoming, repo.generated):
        return  # generated/ now holds the new tree; `incoming` holds the old one and goes with staging/.
    previous = staging / "previous"
    repo.generated.rename(previous)  # recover_interrupted() puts this back if we die right here
    incoming.rename(repo.generated)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories atomically with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def recover_interrupted(repo: Repo) -> None:
    """Undo what a killed run left: restore a moved-away generated/, then drop stale staging folders."""
    stale = sorted(repo.root.glob(f"{STAGING_PREFIX}*"))
    if not repo.generated.exists():
        for staging in stale:
            previous = staging / "previous"
            if previous.is_dir():
                previous.rename(repo.generated)
                print(f"recovered generated/ from an interrupted run ({staging.name})", file=sys.stderr)
                break
    for staging in stale:
        shutil.rmtree(staging, ignore_errors=True)


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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Regenerate generated/simli_api_client from openapi/openapi.yaml (offline, atomic).",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="when the generator refuses the document, also print its own output"
    )
    args = parser.parse_args(argv)
    result = regenerate(default_repo(), verbose=args.verbose)
    report(result)
    return 0


if __name__ == "__main__":
    run_cli(main)
