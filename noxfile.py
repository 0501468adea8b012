"""The one entry point: every pipeline step and check is a nox session.

Session names are an interface (README, CI and tooling call them):
regenerate, update-spec, check-generated, tests, lint, typecheck, contract, demo.
`nox` with no arguments runs every session a contributor must pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nox

ROOT = Path(__file__).parent
GENERATE_REQUIREMENTS = "requirements/generate.txt"
TEST_REQUIREMENTS = "requirements/test.txt"
LINT_REQUIREMENTS = "requirements/lint.txt"
HAND_WRITTEN = ["src", "scripts", "tests", "examples", "noxfile.py"]
# The package with its optional LiveKit extra: what the tests and the type check exercise.
PACKAGE_WITH_EXTRAS = ".[livekit]"

nox.options.sessions = ["check-generated", "lint", "typecheck", "tests", "contract"]
nox.options.error_on_missing_interpreters = True


def _script(session: nox.Session, name: str, *args: str) -> None:
    session.run("python", str(ROOT / "scripts" / name), *args)


@nox.session(name="regenerate")
def regenerate(session: nox.Session) -> None:
    """Regenerate generated/ from the pinned spec (offline)."""
    session.install("-r", GENERATE_REQUIREMENTS)
    _script(session, "generate.py")


@nox.session(name="update-spec")
def update_spec(session: nox.Session) -> None:
    """Pin a new spec from a URL or path (`-- SOURCE`, default upstream) and regenerate."""
    session.install("-r", GENERATE_REQUIREMENTS)
    _script(session, "update_spec.py", *session.posargs)


@nox.session(name="check-generated")
def check_generated(session: nox.Session) -> None:
    """Fail if generated/ is not exactly what the pinned spec and toolchain produce."""
    session.install("-r", GENERATE_REQUIREMENTS)
    _script(session, "check_generated.py")


@nox.session
def tests(session: nox.Session) -> None:
    """The pytest suite (unit, pipeline, tamper and facade tests); the Prism contract suite is `contract`."""
    session.install("-r", GENERATE_REQUIREMENTS, "-r", TEST_REQUIREMENTS, PACKAGE_WITH_EXTRAS)
    session.run("pytest", "--ignore", str(ROOT / "tests" / "contract"), *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and format check on hand-written code; pyflakes-level check on generated code."""
    session.install("-r", LINT_REQUIREMENTS)
    session.run("ruff", "check", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", *HAND_WRITTEN)
    # generated/ is formatted by the generator's own post-hooks (check-generated proves it);
    # here it must still be free of undefined names and syntax errors.
    session.run("ruff", "check", "--isolated", "--select", "F,E9", "generated")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on hand-written code."""
    session.install("-r", LINT_REQUIREMENTS, "-r", GENERATE_REQUIREMENTS, "-r", TEST_REQUIREMENTS, PACKAGE_WITH_EXTRAS)
    session.run("mypy", *HAND_WRITTEN)


# --------------------------------------------------------------------------- Prism: contract and demo
# Prism (Stoplight's spec-driven mock server) comes from npm, pinned exactly in
# requirements/prism/package.json with its whole tree locked in package-lock.json.

PRISM_REQUIREMENTS = ROOT / "requirements" / "prism"
PRISM_PREFIX = ROOT / ".nox" / "_prism"
NPM_HINT = "npm not found: install Node.js 20+ (https://nodejs.org) and re-run"


def _prism(session: nox.Session) -> Path:
    """Install the pinned Prism under .nox/_prism (once per lock change); return its executable."""
    import hashlib
    import shutil

    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        session.error(NPM_HINT)
    manifests = [PRISM_REQUIREMENTS / "package.json", PRISM_REQUIREMENTS / "package-lock.json"]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in manifests)).hexdigest()
    binary = PRISM_PREFIX / "node_modules" / ".bin" / "prism"
    stamp = PRISM_PREFIX / "installed.sha256"
    if not (binary.is_file() and stamp.is_file() and stamp.read_text() == digest):
        PRISM_PREFIX.mkdir(parents=True, exist_ok=True)
        for path in manifests:
            shutil.copy2(path, PRISM_PREFIX / path.name)
        session.run(
            npm,
            "ci",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(PRISM_PREFIX),
            external=True,
            env={"SCARF_ANALYTICS": "false"},
        )
        stamp.write_text(digest)
    return binary


def _prism_runner() -> Any:
    """tests/contract/prism.py (stdlib only), which starts and stops Prism for the tests too."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("simli_prism", ROOT / "tests" / "contract" / "prism.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("tests/contract/prism.py cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@nox.session
def contract(session: nox.Session) -> None:
    """The facade against Prism serving openapi/simli.yaml; fails (never skips) without Node.js."""
    prism = _prism(session)
    session.install("-r", TEST_REQUIREMENTS, PACKAGE_WITH_EXTRAS)
    session.run("pytest", str(ROOT / "tests" / "contract"), *session.posargs, env={"SIMLI_PRISM_BIN": str(prism)})


@nox.session
def demo(session: nox.Session) -> None:
    """Start Prism on the pinned spec and run examples/start_session.py against it."""
    prism = _prism(session)
    session.install(".")
    with _prism_runner().running_prism(prism) as url:
        session.log(f"Prism mock of openapi/simli.yaml at {url}")
        session.run("python", "examples/start_session.py", env={"SIMLI_BASE_URL": url})
