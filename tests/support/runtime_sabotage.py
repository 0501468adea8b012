"""A pytest plugin that undoes one of the runtime's decisions, to prove the tests notice.

Loaded only on purpose (``-p tests.support.runtime_sabotage`` with ``SIMLI_RUNTIME_SABOTAGE`` set) by
test_sabotage.py; a normal run never imports it.

* ``no-content-is-an-error``: a status declared without content is read like any other (a 204 is
  an error again, as before issue 10);
* ``key-everywhere``: every apiKey-in-header scheme of the description is sent, whatever the
  operation's security says (``security: []`` ignored);
* ``post-rules-for-every-method``: no method counts as idempotent (a GET is retried like a POST).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

import simli_api._facts

ENV = "SIMLI_RUNTIME_SABOTAGE"


def _every_key_header(security: list[list[str]], schemes: dict[str, dict[str, str]]) -> tuple[str, ...]:
    return tuple(s["name"] for s in schemes.values() if s.get("type") == "apiKey" and s.get("in") == "header")


def pytest_configure(config: pytest.Config) -> None:
    sabotage = os.environ.get(ENV)
    facts: Any = simli_api._facts
    if sabotage == "no-content-is-an-error":
        computed = facts.Declared.__post_init__

        def post_init(self: Any) -> None:
            computed(self)
            object.__setattr__(self, "no_content", False)

        facts.Declared.__post_init__ = post_init
    elif sabotage == "key-everywhere":
        facts.key_headers = _every_key_header
    elif sabotage == "post-rules-for-every-method":
        facts.IDEMPOTENT_METHODS = frozenset()
    else:
        raise pytest.UsageError(f"{ENV} must name a sabotage, not {sabotage!r}")
