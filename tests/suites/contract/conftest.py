"""Contract fixtures: one Prism per session, and a watch on every response the facade receives.

Prism answers a request that breaks the spec with an ``sl-violations`` header; the watch
records the header for every response on every httpx client the facade builds itself (through
its single construction seam) and fails the test if any response carried a violation of the
*request*. (Prism also reports its own answers when the description contradicts itself, e.g.
``required`` names that are not properties; those are the description's problem, not the facade's.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from simli_api import _client
from tests.support.prism_runner import PrismError, prism_binary, running_prism


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    """Base URL of Prism serving openapi/openapi.yaml. Never skips: a missing Prism fails with the install hint."""
    try:
        binary = prism_binary()
        with running_prism(binary) as url:
            yield url
    except PrismError as exc:
        pytest.fail(str(exc), pytrace=False)


class Watch:
    """What the facade's own httpx clients sent and got back."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []

    def record(self, response: httpx.Response) -> None:
        self.responses.append(response)

    def violations(self) -> list[str]:
        """Prism's complaints about the requests the facade sent."""
        found = []
        for response in self.responses:
            for violation in json.loads(response.headers.get("sl-violations", "[]")):
                if violation.get("location", [""])[0] == "request":
                    found.append(f"{response.request.method} {response.request.url.path}: {violation['message']}")
        return found


@pytest.fixture(autouse=True)
def watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[Watch]:
    """Hook every facade-built client; after the test, no response may carry sl-violations."""
    seen = Watch()
    make = _client._make_http_client

    def observed(kind: type[Any], options: dict[str, Any]) -> Any:
        if kind is httpx.AsyncClient:

            async def hook(response: httpx.Response) -> None:
                seen.record(response)

            return make(kind, {**options, "event_hooks": {"response": [hook]}})
        return make(kind, {**options, "event_hooks": {"response": [seen.record]}})

    monkeypatch.setattr(_client, "_make_http_client", observed)
    yield seen
    assert seen.violations() == [], "a facade request failed Prism's request validation"
