"""The one entry point: every pipeline step and check is a nox session.

Session names are an interface (README, CI and tooling call them):
regenerate, update-spec, check-generated, tests, lint, typecheck, bench.
`nox` with no arguments runs every session a contributor must pass (bench is not one:
it is slow and its figures depend on the machine).
"""

from __future__ import annotations

from pathlib import Path

import nox

ROOT = Path(__file__).parent
GENERATE_REQUIREMENTS = "requirements/generate.txt"
TEST_REQUIREMENTS = "requirements/test.txt"
LINT_REQUIREMENTS = "requirements/lint.txt"
BENCH_REQUIREMENTS = "requirements/bench.txt"
HAND_WRITTEN = ["src", "scripts", "tests", "benchmarks", "noxfile.py"]

nox.options.sessions = ["check-generated", "lint", "typecheck", "tests"]
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
    """The pytest suite (unit, pipeline and tamper tests)."""
    session.install("-r", GENERATE_REQUIREMENTS, "-r", TEST_REQUIREMENTS, ".")
    session.run("pytest", *session.posargs)


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
    session.install(
        "-r", LINT_REQUIREMENTS, "-r", GENERATE_REQUIREMENTS, "-r", TEST_REQUIREMENTS, "-r", BENCH_REQUIREMENTS, "."
    )
    session.run("mypy", *HAND_WRITTEN)


@nox.session
def bench(session: nox.Session) -> None:
    """Side-by-side benchmarks (facade vs raw httpx / aiohttp, import, regeneration, drift); `-- --help`."""
    session.install("-r", GENERATE_REQUIREMENTS, "-r", BENCH_REQUIREMENTS, ".")
    session.run("python", str(ROOT / "benchmarks" / "run.py"), *session.posargs)
