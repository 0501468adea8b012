"""The one entry point: every pipeline step and check is a nox session.

Session names are an interface (README, CI and tooling call them):
regenerate, update-spec, check-generated, drift, tests, lint, typecheck.
`nox` with no arguments runs every session a contributor must pass.
"""

from __future__ import annotations

from pathlib import Path

import nox

ROOT = Path(__file__).parent
GENERATE_REQUIREMENTS = "requirements/generate.txt"
TEST_REQUIREMENTS = "requirements/test.txt"
LINT_REQUIREMENTS = "requirements/lint.txt"
HAND_WRITTEN = ["src", "scripts", "tests", "noxfile.py"]
WORKFLOWS = ".github/workflows"
# spec_diff.py exit statuses that mean "the report was produced": 0 same, 1 changed, 2 breaking.
DRIFT_REPORTED = [0, 1, 2]

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


@nox.session
def drift(session: nox.Session) -> None:
    """Semantic diff, `-- [--base OLD] [NEW] [--format markdown|json]`: pinned spec vs upstream by default.

    The session fails only when a document cannot be read (exit 3); the change classification is
    in the report (and in spec_diff.py's own exit status when run directly).
    """
    session.install("-r", GENERATE_REQUIREMENTS)
    session.run("python", str(ROOT / "scripts" / "spec_diff.py"), *session.posargs, success_codes=DRIFT_REPORTED)


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
    """ruff on hand-written code; pyflakes-level check on generated code; the GitHub workflows."""
    session.install("-r", LINT_REQUIREMENTS)
    session.run("ruff", "check", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", *HAND_WRITTEN)
    # generated/ is formatted by the generator's own post-hooks (check-generated proves it);
    # here it must still be free of undefined names and syntax errors.
    session.run("ruff", "check", "--isolated", "--select", "F,E9", "generated")
    # The scheduled workflow: schema-valid (check-jsonschema's vendored schema, no network) and
    # free of zizmor findings (least-privilege permissions, pinned actions, no template injection).
    workflows = sorted(str(p.relative_to(ROOT)) for p in (ROOT / WORKFLOWS).glob("*.y*ml"))
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    session.run("zizmor", "--offline", "--no-progress", WORKFLOWS)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on hand-written code."""
    session.install("-r", LINT_REQUIREMENTS, "-r", GENERATE_REQUIREMENTS, "-r", TEST_REQUIREMENTS, ".")
    session.run("mypy", *HAND_WRITTEN)
