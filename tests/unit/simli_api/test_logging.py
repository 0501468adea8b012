"""``SIMLI_LOG=info|debug`` turns on the ``simli_api`` logger on stderr; what each level shows; no secret in it.

The switch is read by a fresh interpreter (as a user's program would), against a local server; what the
lines say is checked in-process through pytest's log capture.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from simli_api import AsyncSimli, Simli, _logs
from tests.conftest import ROOT
from tests.support.facade_harness import KINDS, Reply, keyed_operation, scripted_server

API_KEY = "sk-logging-canary-0123456789"
# Two clients, one call each: the handler is added once (no line twice) and the key never shows.
PROGRAM = f"""
from simli_api import Simli
from tests.support.facade_harness import Reply, scripted_server

with scripted_server(Reply.json(200, [])) as (url, _):
    for _ in range(2):
        with Simli(api_key={API_KEY!r}, base_url=url) as simli:
            simli.faces.list()
print("done")
"""
INFO_LINE = re.compile(r"^\S+ \S+ simli_api INFO GET /faces -> HTTP 200 in \d+\.\d{3}s, 0 retries$")


def _run(value: str | None) -> subprocess.CompletedProcess[str]:
    env = {name: text for name, text in os.environ.items() if not name.startswith("SIMLI_")}
    env["PYTHONPATH"] = str(ROOT)
    if value is not None:
        env["SIMLI_LOG"] = value
    command = [sys.executable, "-c", PROGRAM]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("value", ["info", " INFO "])
def test_info_shows_one_line_per_call_on_stderr(value: str) -> None:
    result = _run(value)
    assert result.stdout == "done\n", result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr  # two calls, each once: one handler for both clients
    assert all(INFO_LINE.match(line) for line in lines), result.stderr


def test_debug_adds_each_attempts_headers_with_the_key_hidden() -> None:
    result = _run("debug")
    assert result.stdout == "done\n", result.stderr
    assert len([line for line in result.stderr.splitlines() if " simli_api INFO " in line]) == 2
    requests = [line for line in result.stderr.splitlines() if "GET /faces: request headers: " in line]
    assert len(requests) == 2
    assert all("x-simli-api-key: [REDACTED]" in line and "user-agent: simli-api/" in line for line in requests)
    assert "GET /faces: HTTP 200, response headers: " in result.stderr
    assert "GET /faces: attempt 1" in result.stderr
    assert API_KEY not in result.stderr


def test_without_simli_log_nothing_is_printed() -> None:
    result = _run(None)
    assert (result.stdout, result.stderr) == ("done\n", "")


def test_an_unknown_value_is_a_warning_naming_the_values_not_a_crash() -> None:
    result = _run("verbose")
    assert result.stdout == "done\n"
    assert "UserWarning: SIMLI_LOG='verbose' is not a log level and is ignored: use one of debug, info" in result.stderr
    assert " simli_api " not in result.stderr


# --------------------------------------------------------------------------- in-process: the application's own setup


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[logging.Logger]:
    """The switch not yet applied in this process, and the simli_api logger restored afterwards."""
    logger = logging.getLogger(_logs.LOGGER)
    level, handlers = logger.level, list(logger.handlers)
    monkeypatch.setattr(_logs, "_done", False)
    logger.setLevel(logging.NOTSET)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


def test_a_logger_the_application_configured_is_left_alone(
    fresh: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIMLI_LOG", "debug")
    fresh.setLevel(logging.WARNING)
    Simli(api_key=API_KEY).close()
    assert fresh.level == logging.WARNING
    assert fresh.handlers == []


def test_under_a_configured_root_only_the_level_is_set(fresh: logging.Logger, monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest's capture handlers sit on the root logger, as logging.basicConfig's would: lines go there."""
    assert logging.getLogger().handlers
    monkeypatch.setenv("SIMLI_LOG", "info")
    Simli(api_key=API_KEY).close()
    Simli(api_key=API_KEY).close()
    assert fresh.level == logging.INFO
    assert fresh.handlers == []


def _with_a_retry(kind: str, url: str) -> Any:
    keyed = keyed_operation()
    if kind == "sync":
        with Simli(api_key=API_KEY, base_url=url) as simli:
            return simli.call(keyed.module)

    async def scenario() -> Any:
        async with AsyncSimli(api_key=API_KEY, base_url=url) as simli:
            return await simli.call(keyed.module)

    return asyncio.run(scenario())


@pytest.mark.parametrize("kind", KINDS)
def test_the_info_line_counts_retries(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="simli_api")
    keyed = keyed_operation()
    route = f"{keyed.method} {keyed.path}"
    with scripted_server(Reply(503, b"busy", {"Retry-After": "0"}), Reply.json(200, [])) as (url, _):
        _with_a_retry(kind, url)
    lines = [record.getMessage() for record in caplog.records if record.name == "simli_api"]
    assert lines[0] == f"{route}: HTTP 503, retry 1 in 0.00s"
    assert re.fullmatch(rf"{re.escape(route)} -> HTTP 200 in \d+\.\d{{3}}s, 1 retry", lines[1]), lines
    assert len(lines) == 2
    assert API_KEY not in caplog.text
