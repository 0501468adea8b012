"""Fixtures of the facade's unit tests: no real sleeping, and a clean environment for configuration."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx

from tests.conftest import record_sleeps
from tests.support.facade_harness import BASE_URL


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record retry waits instead of sleeping; the list holds each delay in order."""
    return record_sleeps(monkeypatch)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests configure the client explicitly unless they set the variables themselves."""
    for name in ("SIMLI_API_KEY", "SIMLI_BASE_URL", "LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    """respx routes for BASE_URL, live for the whole test (so call counts survive the client's exit)."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False, using="httpx") as mock:
        yield mock
