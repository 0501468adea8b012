"""A pytest plugin that removes one of the facade's protections, to prove the fault matrix notices.

Loaded only on purpose (``-p tests.support.fault_sabotage`` with ``SIMLI_SABOTAGE=timeout`` or ``=redaction``)
by test_broken_variants.py; a normal run never imports it.
"""

from __future__ import annotations

import os

import httpx
import pytest

import simli_api._client
import simli_api._operations
import simli_api._redact
import simli_api._responses

ENV = "SIMLI_SABOTAGE"


def _no_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    return httpx.Timeout(None)


def _no_redaction(text: str, secrets: object) -> str:
    return text


def pytest_configure(config: pytest.Config) -> None:
    protection = os.environ.get(ENV)
    if protection == "timeout":
        # The seam every configured timeout goes through: the facade now waits forever.
        simli_api._client._normalise_timeout = _no_timeout
    elif protection == "redaction":
        # Every binding of redact(): the one excerpt() uses and the ones the call path imported.
        simli_api._redact.redact = _no_redaction
        for module in (simli_api._operations, simli_api._responses):
            setattr(module, "redact", _no_redaction)  # noqa: B010 - not a re-export
    else:
        raise pytest.UsageError(f"{ENV} must be 'timeout' or 'redaction', not {protection!r}")
