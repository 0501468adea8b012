"""The one entry point: every pipeline step and check is a nox session.

Session names are an interface (README, CI and tooling call them):
regenerate, update-spec, check-generated, drift, tests, lint, typecheck, contract, demo, build, compat, bench.
`nox` with no arguments runs every session a contributor must pass (not bench: it is slow and its
figures depend on the machine; not compat: it needs python3.10 on PATH).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nox

ROOT = Path(__file__).parent
GENERATE_REQUIREMENTS = "requirements/generate.txt"
TEST_REQUIREMENTS = "requirements/test.txt"
LINT_REQUIREMENTS = "requirements/lint.txt"
BENCH_REQUIREMENTS = "requirements/bench.txt"
BUILD_REQUIREMENTS = "requirements/build.txt"
HAND_WRITTEN = ["src", "scripts", "tests", "examples", "benchmarks", "noxfile.py"]
WORKFLOWS = ".github/workflows"
# The Prism contract suite (its own session) and the stdlib-only servers the sessions load by path.
CONTRACT_TESTS = ROOT / "tests" / "suites" / "contract"
TEST_SUPPORT = ROOT / "tests" / "support"
# spec_diff.py exit statuses that mean "the report was produced": 0 same, 1 changed, 2 breaking.
DRIFT_REPORTED = [0, 1, 2]
# pytest-xdist workers for `nox -s tests`: CI's two cores. Half the suite's time is spent waiting (stalled servers,
# retry waits, subprocesses), so two processes finish in well under the time of one.
TEST_WORKERS = "2"
# The package with its optional extras (LiveKit tokens, realtime, the aiohttp route): what the tests and the
# type check exercise.
PACKAGE_WITH_EXTRAS = ".[livekit,realtime,aiohttp]"


def _toolchain_python() -> str | None:
    """The interpreter for pipeline and test sessions: the pinned generator needs Python 3.11+.

    None means nox's own interpreter (when it is 3.11+); otherwise the newest python3.1x on PATH,
    or "3.11" so that nox stops with its "interpreter not found" message. The shipped client
    itself supports 3.10, which `nox -s compat` checks.
    """
    if sys.version_info >= (3, 11):
        return None
    return next((v for v in ("3.13", "3.12", "3.11") if shutil.which(f"python{v}")), "3.11")


TOOLCHAIN_PYTHON = _toolchain_python()
OLDEST_SUPPORTED_PYTHON = "3.10"

nox.options.sessions = ["check-generated", "lint", "typecheck", "tests", "contract"]
nox.options.error_on_missing_interpreters = True


def _script(session: nox.Session, name: str, *args: str) -> None:
    session.run("python", str(ROOT / "scripts" / name), *args)


@nox.session(name="regenerate", python=TOOLCHAIN_PYTHON)
def regenerate(session: nox.Session) -> None:
    """Regenerate generated/ from the pinned spec (offline)."""
    session.install("-r", GENERATE_REQUIREMENTS)
    _script(session, "generate.py")


@nox.session(name="update-spec", python=TOOLCHAIN_PYTHON)
def update_spec(session: nox.Session) -> None:
    """Pin a new spec from a URL or path (`-- SOURCE [--asyncapi SOURCE]`, default both upstream) and regenerate."""
    session.install("-r", GENERATE_REQUIREMENTS)
    _script(session, "update_spec.py", *session.posargs)


@nox.session(python=TOOLCHAIN_PYTHON)
def drift(session: nox.Session) -> None:
    """Semantic diff, `-- [--base OLD] [NEW] [--asyncapi NEW] [--format markdown|json]`: pinned vs upstream by default.

    NEW may be an AsyncAPI document (Simli's WebSocket API), diffed against the pinned openapi/asyncapi.yaml.

    The session fails only when a document cannot be read (exit 3); the change classification is
    in the report (and in spec_diff.py's own exit status when run directly). Facade names come from
    src/simli_api with generated/ on the path: the generator's requirements already bring the
    client's own dependencies (httpx, attrs, python-dateutil), so nothing more is installed.
    """
    session.install("-r", GENERATE_REQUIREMENTS)
    session.run("python", str(ROOT / "scripts" / "spec_diff.py"), *session.posargs, success_codes=DRIFT_REPORTED)


@nox.session(name="check-generated", python=TOOLCHAIN_PYTHON)
def check_generated(session: nox.Session) -> None:
    """Fail if generated/ is not exactly what the pinned spec and toolchain produce."""
    session.install("-r", GENERATE_REQUIREMENTS)
    _script(session, "check_generated.py")


@nox.session(python=TOOLCHAIN_PYTHON)
def tests(session: nox.Session) -> None:
    """The pytest suite (unit, pipeline, tamper and facade tests); the Prism contract suite is `contract`.

    mypy comes too: tests/suites/typing runs it on tampered copies of the facade. The suite runs in
    TEST_WORKERS pytest-xdist processes (`-- -n 0` for one process).
    """
    session.install("-r", GENERATE_REQUIREMENTS, "-r", TEST_REQUIREMENTS, "-r", LINT_REQUIREMENTS, PACKAGE_WITH_EXTRAS)
    session.run("pytest", "-n", TEST_WORKERS, "--ignore", str(CONTRACT_TESTS), *session.posargs)


@nox.session(python=TOOLCHAIN_PYTHON)
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


@nox.session(python=TOOLCHAIN_PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on hand-written code."""
    session.install(
        "-r",
        LINT_REQUIREMENTS,
        "-r",
        GENERATE_REQUIREMENTS,
        "-r",
        TEST_REQUIREMENTS,
        "-r",
        BENCH_REQUIREMENTS,
        PACKAGE_WITH_EXTRAS,
    )
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


def _load(name: str, path: Path) -> Any:
    """A stdlib-only helper module of tests/, loaded by path (the session's venv has no tests package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"{path.relative_to(ROOT)} cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prism_runner() -> Any:
    """tests/support/prism_runner.py (stdlib only), which starts and stops Prism for the tests too."""
    return _load("simli_prism", TEST_SUPPORT / "prism_runner.py")


@nox.session(python=TOOLCHAIN_PYTHON)
def contract(session: nox.Session) -> None:
    """Every operation of openapi/openapi.yaml through the facade, against Prism (and a local server for
    what Prism cannot answer); fails (never skips) without Node.js."""
    prism = _prism(session)
    # PyYAML (in the generator's requirements) reads the pinned description's operation list.
    session.install("-r", GENERATE_REQUIREMENTS, "-r", TEST_REQUIREMENTS, PACKAGE_WITH_EXTRAS)
    session.run("pytest", str(CONTRACT_TESTS), *session.posargs, env={"SIMLI_PRISM_BIN": str(prism)})


# What `nox -s demo` needs in the environment: placeholders a mock accepts, never real credentials.
DEMO_ENVIRONMENT = {
    "SIMLI_API_KEY": "demo-api-key",
    "LIVEKIT_URL": "wss://demo.livekit.invalid",
    "LIVEKIT_API_KEY": "APIdemo",
    "LIVEKIT_API_SECRET": "demo-secret-long-enough-for-hs256-signing-0123",
}


# The example that needs Simli's WebSocket API, which Prism cannot mock: it runs against the local realtime server.
REALTIME_EXAMPLE = "realtime_speak.py"
# Examples whose journey Prism cannot play (a face's status that turns ready, a video URL it can download):
# they run against tests/support/demo_server.py, a stdlib stand-in for Simli and a CDN. The others run against Prism.
LOCAL_EXAMPLES = frozenset({"faces.py", "audio_to_video.py"})


@nox.session(python=TOOLCHAIN_PYTHON)
def demo(session: nox.Session) -> None:
    """Run every script in examples/: against Prism on the pinned spec, the local stand-in (LOCAL_EXAMPLES), or
    the local realtime server (tests/support/realtime_server.py) with a generated WAV (REALTIME_EXAMPLE)."""
    prism = _prism(session)
    # PyYAML and jsonschema (generator requirements): the realtime server checks messages against the description.
    session.install("-r", GENERATE_REQUIREMENTS, PACKAGE_WITH_EXTRAS)
    demo_server = _load("simli_demo_server", TEST_SUPPORT / "demo_server.py")
    with _prism_runner().running_prism(prism) as prism_url, demo_server.running_demo_servers() as local_url:
        session.log(f"Prism mock of openapi/openapi.yaml at {prism_url}; local stand-in at {local_url}")
        for example in sorted((ROOT / "examples").glob("*.py")):
            if example.name == REALTIME_EXAMPLE:
                continue
            url = local_url if example.name in LOCAL_EXAMPLES else prism_url
            session.run("python", str(example.relative_to(ROOT)), env={**DEMO_ENVIRONMENT, "SIMLI_BASE_URL": url})
    with _realtime_server(session) as url, _tone_wav() as wav:
        session.log(f"local realtime server at {url}")
        script = str(Path("examples") / REALTIME_EXAMPLE)
        session.run("python", script, str(wav), env={**DEMO_ENVIRONMENT, "SIMLI_BASE_URL": url})


@contextmanager
def _realtime_server(session: nox.Session) -> Iterator[str]:
    """tests/support/realtime_server.py in a child process of the session's Python; yields its base URL."""
    import subprocess

    python = str(Path(session.bin) / "python")
    server = subprocess.Popen(
        [python, "-m", "tests.support.realtime_server"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if server.stdin is None or server.stdout is None:
        session.error("the local realtime server has no pipes")
    try:
        ready = server.stdout.readline().split()
        if ready[:1] != ["READY"]:
            session.error(f"the local realtime server did not start: {ready}")
        yield ready[1]
    finally:
        server.stdin.close()
        try:
            session.log(server.stdout.read().strip())
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@contextmanager
def _tone_wav(seconds: float = 1.5) -> Iterator[Path]:
    """A short 16 kHz mono 16-bit WAV (a 440 Hz tone) for the realtime example, removed afterwards."""
    import math
    import struct
    import tempfile
    import wave

    with tempfile.TemporaryDirectory(prefix="simli-demo-") as directory:
        path = Path(directory) / "tone.wav"
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(16_000)
            samples = (int(8000 * math.sin(2 * math.pi * 440 * i / 16_000)) for i in range(int(16_000 * seconds)))
            wav.writeframes(b"".join(struct.pack("<h", sample) for sample in samples))
        yield path


# What `nox -s build` runs from the installed wheel, in a directory outside the repository.
BUILD_SMOKE_EXAMPLE = "audio_to_video.py"


@nox.session(python=TOOLCHAIN_PYTHON)
def build(session: nox.Session) -> None:
    """Build the sdist and the wheel into dist/, check both, then install the wheel (with [livekit]) into a
    fresh virtualenv and run an example from a temporary directory against the local stand-in server.

    The wheel is built from the sdist (python -m build's default), so a file missing from the sdist
    fails here. The example runs with neither the repository nor its src/ on sys.path: it proves what
    users get from `pip install`.
    """
    import tempfile

    session.install("-r", BUILD_REQUIREMENTS)
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), str(ROOT))
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        session.error(f"expected one wheel and one sdist in dist/, found {[p.name for p in dist.iterdir()]}")
    session.run("twine", "check", "--strict", str(wheels[0]), str(sdists[0]))
    # One wheel, two import packages (pyproject.toml): exactly these, and nothing else at the top.
    session.run("check-wheel-contents", "--toplevel", "simli_api,simli_api_client", str(wheels[0]))
    demo_server = _load("simli_demo_server", TEST_SUPPORT / "demo_server.py")
    with tempfile.TemporaryDirectory(prefix="simli-wheel-") as scratch:
        where = Path(scratch)
        session.run("python", "-m", "venv", str(where / "venv"))
        python = str(where / "venv" / "bin" / "python")
        session.run(
            python, "-m", "pip", "install", "--quiet", f"simli-api[livekit] @ {wheels[0].as_uri()}", external=True
        )
        example = shutil.copy(ROOT / "examples" / BUILD_SMOKE_EXAMPLE, where / BUILD_SMOKE_EXAMPLE)
        clean = {"PYTHONPATH": None, "PYTHONSAFEPATH": "1", "SIMLI_API_KEY": "build-check-key"}
        with session.chdir(where), demo_server.running_demo_servers() as url:
            check = f"import simli_api; p = simli_api.__file__; assert not p.startswith({str(ROOT)!r}), p; print(p)"
            session.run(python, "-c", check, env=clean, external=True)
            video = str(where / "out.mp4")
            session.run(python, str(example), "-", video, env={**clean, "SIMLI_BASE_URL": url}, external=True)


@nox.session(python=OLDEST_SUPPORTED_PYTHON)
def compat(session: nox.Session) -> None:
    """The shipped client on its oldest supported Python: facade and generated-client tests (needs python3.10)."""
    session.install("-r", TEST_REQUIREMENTS, PACKAGE_WITH_EXTRAS)
    runtime_tests = [
        "tests/unit/simli_api",  # both async routes too, with the aiohttp extra installed
        # the resource and realtime tests read descriptions (PyYAML, jsonschema): the toolchain's, not the client's
        "--ignore=tests/unit/simli_api/resources",
        "--ignore=tests/unit/simli_api/realtime",
        "tests/unit/simli_api_client",
        "tests/suites/project/test_package.py",
        "tests/suites/templates/test_pinned_client.py",  # what our generator templates promise, on 3.10 itself
    ]
    session.run("pytest", "-p", "no:cacheprovider", *runtime_tests, *session.posargs)


@nox.session(python=TOOLCHAIN_PYTHON)
def bench(session: nox.Session) -> None:
    """Side-by-side benchmarks (facade vs raw httpx / aiohttp, import, regeneration, drift); `-- --help`."""
    session.install("-r", GENERATE_REQUIREMENTS, "-r", BENCH_REQUIREMENTS, ".[aiohttp]")
    session.run("python", str(ROOT / "benchmarks" / "run.py"), *session.posargs)
