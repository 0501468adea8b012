"""Run Stoplight Prism as a mock Simli API on 127.0.0.1 (stdlib only: the noxfile imports it too).

The contract session installs Prism from ``requirements/prism`` (exact version, locked tree)
and points ``SIMLI_PRISM_BIN`` at the binary.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "openapi.yaml"
PRISM_ENV = "SIMLI_PRISM_BIN"
INSTALL_HINT = (
    "Prism is not available: run the contract tests through `python3 -m nox -s contract`, "
    "which installs it with npm (needs Node.js 20+ from https://nodejs.org)"
)
STARTUP_SECONDS = 60.0


class PrismError(RuntimeError):
    """Prism is missing or did not start; the message says what to do."""


def prism_binary() -> Path:
    """The Prism executable named by SIMLI_PRISM_BIN; PrismError with the install hint otherwise."""
    value = os.environ.get(PRISM_ENV)
    if not value:
        raise PrismError(f"{PRISM_ENV} is not set. {INSTALL_HINT}")
    path = Path(value)
    if not path.is_file():
        raise PrismError(f"{PRISM_ENV}={value} does not exist. {INSTALL_HINT}")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def running_prism(binary: Path, spec: Path = SPEC) -> Iterator[str]:
    """Serve ``spec`` with ``prism mock`` on a free 127.0.0.1 port; yields its base URL, stops it on exit."""
    port = _free_port()
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [str(binary), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            _wait_until_ready(process, port, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log: IO[str]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            tail = log.read()[-2000:]
            raise PrismError(f"Prism exited with status {process.returncode} before listening:\n{tail}")
        if _accepts(port):
            return
        time.sleep(0.2)
    raise PrismError(f"Prism did not listen on 127.0.0.1:{port} within {STARTUP_SECONDS:.0f}s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop Prism and anything it started: it runs in its own process group."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
