"""Runtime tests never sleep: retry waits are recorded instead (the shapes client: tests/suites/conftest.py)."""

from __future__ import annotations

import pytest

from tests.conftest import record_sleeps


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record retry waits instead of sleeping; the list holds each delay in order."""
    return record_sleeps(monkeypatch)
