"""A transport that records every request instead of touching the network: "before any network" made checkable."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any, Literal

import httpx

from simli_api import AsyncSimli, LiveKitAgentsSession, Simli

Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")
GOOD_SESSION_TOKEN = "good-session-token"
GOOD_LIVEKIT_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl"
GOOD_LIVEKIT_URL = "wss://example.livekit.cloud"
GOOD_API_KEY = "good-api-key"
BASE_URL = "http://127.0.0.1:9"  # never contacted: every request goes to the recorder


class Recorder:
    """Answers every request with a valid session, and keeps the requests."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"status": "started", "session_id": str(uuid.uuid4())})

    def sent_json(self) -> Any:
        return json.loads(self.requests[-1].content)


def client_options(**overrides: Any) -> dict[str, Any]:
    return {"api_key": GOOD_API_KEY, "base_url": BASE_URL, "timeout": 1.0, "max_retries": 0, **overrides}


def start_arguments(**overrides: Any) -> dict[str, Any]:
    return {
        "session_token": GOOD_SESSION_TOKEN,
        "livekit_token": GOOD_LIVEKIT_TOKEN,
        "livekit_url": GOOD_LIVEKIT_URL,
        **overrides,
    }


def start(
    mode: Mode, recorder: Recorder, *, client: dict[str, Any] | None = None, arguments: dict[str, Any] | None = None
) -> LiveKitAgentsSession:
    """Build a client (sync or async) on the recorder and start one session; exceptions propagate."""
    options = client_options(**(client or {}))
    call = start_arguments(**(arguments or {}))
    transport = httpx.MockTransport(recorder.handler)
    if mode == "sync":
        with httpx.Client(transport=transport) as http, Simli(http_client=http, **options) as simli:
            return simli.livekit.start_agents_session(**call)

    async def run() -> LiveKitAgentsSession:
        async with httpx.AsyncClient(transport=transport) as http, AsyncSimli(http_client=http, **options) as simli:
            return await simli.livekit.start_agents_session(**call)

    return asyncio.run(run())


def rejection(action: Callable[[], object]) -> Exception:
    """The ValueError / TypeError ``action`` raises; fails the test if it raises nothing or something else."""
    try:
        action()
    except (ValueError, TypeError) as exc:
        return exc
    raise AssertionError("accepted: no ValueError / TypeError was raised")
