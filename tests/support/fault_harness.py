"""Drive one facade call (``start_agents_session`` or a generic GET), sync or async; record what a row checks.

The outcome holds the result or the exception, the wall-clock time, and what the call left behind:
threads, asyncio tasks, and connections the server still sees open after the client closed.
"""

from __future__ import annotations

import asyncio
import threading
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal
from unittest import mock

import httpx

from simli_api import AsyncSimli, Simli
from simli_api._retry import RetryPolicy

from .fault_server import FaultServer

# "async" takes the facade's direct route around httpx.AsyncClient.send; "async-httpx" is the same
# client with a no-op event hook on its pool, which sends every call through AsyncClient.send.
Mode = Literal["sync", "async", "async-httpx"]
MODES: tuple[Mode, ...] = ("sync", "async", "async-httpx")

# Canary secrets: if any of these shows up in an exception or a log line, redaction failed.
CANARY_API_KEY = "sk-canary-apikey-3f9d2c7b1e"
CANARY_SESSION_TOKEN = "canary-session-token-8a41e6d0"
CANARY_LIVEKIT_TOKEN = "eyJjYW5hcnkiOiJsaXZla2l0In0.eyJzdWIiOiJjYW5hcnktbGstOWYyYiJ9.Y2FuYXJ5LXNpZy03YzFl"
SECRETS = (CANARY_API_KEY, CANARY_SESSION_TOKEN, CANARY_LIVEKIT_TOKEN)
LIVEKIT_URL = "wss://example.livekit.cloud"

TIMEOUT = 0.5
MAX_RETRIES = 2
# Scheduling slack on a loaded 2-core machine: generous, yet far below every stall the server can do.
SLACK = 4.0


def time_bound(*, retry_after: float | None = None, retries: int = MAX_RETRIES) -> float:
    """timeout x (retries + 1) + the longest backoff the facade's policy can choose + slack.

    The backoff comes from the facade's own RetryPolicy (the n-th retry waits at most
    ``min(max_delay, base_delay * 2**n)``, or ``min(Retry-After, max_retry_after)`` when hinted),
    so the bound follows the policy instead of guessing it.
    """
    policy = RetryPolicy(max_retries=retries)
    if retry_after is None:
        waits = sum(min(policy.max_delay, policy.base_delay * 2.0**n) for n in range(retries))
    else:
        waits = retries * min(retry_after, policy.max_retry_after)
    return TIMEOUT * (retries + 1) + waits + SLACK


@dataclass
class Outcome:
    result: Any = None
    error: Exception | None = None
    elapsed: float = 0.0
    leaked_threads: list[str] = field(default_factory=list)
    leaked_tasks: list[str] = field(default_factory=list)
    open_connections: int = 0
    httpx_sends: int = 0  # calls of httpx.AsyncClient.send (async modes)

    def rendered_error(self) -> str:
        """Everything a human could see of the error: str, repr, attributes, traceback with causes."""
        if self.error is None:
            return ""
        parts = [str(self.error), repr(self.error), *traceback.format_exception(self.error)]
        parts += [repr(value) for value in vars(self.error).values()]
        return "\n".join(parts)


def start_session(
    mode: Mode,
    server: FaultServer | None,
    *,
    base_url: str | None = None,
    timeout: float = TIMEOUT,
    max_retries: int = MAX_RETRIES,
    api_key: str = CANARY_API_KEY,
    session_token: str = CANARY_SESSION_TOKEN,
    livekit_token: str = CANARY_LIVEKIT_TOKEN,
) -> Outcome:
    """One ``start_agents_session`` (a POST) through the public facade; never raises (the outcome carries the error)."""
    arguments: dict[str, Any] = {
        "session_token": session_token,
        "livekit_token": livekit_token,
        "livekit_url": LIVEKIT_URL,
    }
    options = {"api_key": api_key, "timeout": timeout, "max_retries": max_retries}
    return drive(
        mode,
        server,
        base_url,
        options,
        sync_action=lambda simli: simli.livekit.start_agents_session(**arguments),
        async_action=lambda simli: simli.livekit.start_agents_session(**arguments),
    )


def fetch(
    mode: Mode,
    server: FaultServer | None,
    module: ModuleType,
    arguments: dict[str, Any],
    *,
    base_url: str | None = None,
    timeout: float = TIMEOUT,
    max_retries: int = MAX_RETRIES,
    api_key: str = CANARY_API_KEY,
) -> Outcome:
    """One generic ``call(module, **arguments)`` (a GET, for the idempotent rows); never raises."""
    options = {"api_key": api_key, "timeout": timeout, "max_retries": max_retries}
    return drive(
        mode,
        server,
        base_url,
        options,
        sync_action=lambda simli: simli.call(module, **arguments),
        async_action=lambda simli: simli.call(module, **arguments),
    )


def drive(
    mode: Mode,
    server: FaultServer | None,
    base_url: str | None,
    options: dict[str, Any],
    *,
    sync_action: Callable[[Simli], Any],
    async_action: Callable[[AsyncSimli], Awaitable[Any]],
) -> Outcome:
    """Run one action on a fresh client of ``mode`` and record what a fault row checks."""
    url = base_url or (server.base_url if server is not None else "")
    options = {**options, "base_url": url}
    before = {thread.ident for thread in threading.enumerate()}
    outcome = Outcome()
    started = time.monotonic()
    if mode == "sync":
        try:
            with Simli(**options) as simli:
                outcome.result = sync_action(simli)
        except Exception as exc:
            outcome.error = exc
    else:

        async def run() -> None:
            try:
                async with AsyncSimli(**options) as simli:
                    if mode == "async-httpx":
                        simli._http_client.event_hooks["request"].append(_no_op_hook)
                    outcome.result = await async_action(simli)
            except Exception as exc:
                outcome.error = exc
            current = asyncio.current_task()
            outcome.leaked_tasks = [repr(task) for task in asyncio.all_tasks() if task is not current]

        send = httpx.AsyncClient.send
        with mock.patch.object(httpx.AsyncClient, "send", autospec=True, side_effect=send) as counted:
            asyncio.run(run())
        outcome.httpx_sends = counted.call_count
    outcome.elapsed = time.monotonic() - started
    outcome.open_connections = server.wait_closed() if server is not None else 0
    outcome.leaked_threads = [
        thread.name
        for thread in threading.enumerate()
        if thread.ident not in before and not thread.name.startswith("fault-")
    ]
    return outcome


async def _no_op_hook(request: httpx.Request) -> None:
    """An event hook that does nothing: its presence alone sends calls through httpx.AsyncClient.send."""
