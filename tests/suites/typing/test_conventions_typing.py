"""Type checkers see the SDK conventions: a forgotten ``await`` and a deprecated operation are flagged, per-call
options are checked keywords; and each check turns off when its convention is removed from a copy of the facade.

mypy --strict with ``--enable-error-code deprecated`` (how a user turns PEP 702 reports on in mypy; pyright
reports them by default as reportDeprecated hints).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.facade_copy import edit

from .test_mypy import mypy

pytestmark = pytest.mark.slow

USAGE = """\
from simli_api import AsyncSimli, Simli
async def forgot(simli: AsyncSimli) -> None:
    simli.faces.list()
    simli.with_raw_response.faces.list()
def old(simli: Simli) -> None:
    simli.agents.list()
    simli.with_raw_response.faces.delete_legacy("x")
    simli.faces.list(timeout=3, extra_headers={"X-Trace": "1"})
    simli.faces.list(timout=3)
"""
FLAGS = ("--enable-error-code", "deprecated")


def _errors(facade: Path, cache: Path) -> list[str]:
    usage = facade.parent / "conventions_usage.py"
    usage.write_text(USAGE, encoding="utf-8")
    lines = mypy(facade, cache, usage, flags=FLAGS)
    return [re.sub(r"^.*?:(\d+): error: .*\[([\w-]+)\]$", r"\1 \2", line) for line in lines]


def test_forgotten_awaits_and_deprecated_calls_are_errors_until_the_conventions_go(
    facade_copy: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cache = tmp_path_factory.mktemp("mypy-cache")
    assert _errors(facade_copy, cache) == [
        "3 unused-coroutine",
        "4 unused-coroutine",
        "6 deprecated",
        "7 deprecated",
        "9 call-arg",
    ]
    # The same usage on a facade whose async methods read as Awaitable and whose marks are gone.
    method = facade_copy / "simli_api" / "resources" / "_method.py"
    edit(method, "-> Callable[P, Coroutine[Any, Any, R]]: ...", "-> Callable[P, Awaitable[R]]: ...")
    edit(
        method,
        "-> Callable[P, Coroutine[Any, Any, RawResponse[R]]]: ...",
        "-> Callable[P, Awaitable[RawResponse[R]]]: ...",
    )
    edit(
        method,
        "from collections.abc import Callable, Coroutine,",
        "from collections.abc import Awaitable, Callable, Coroutine,",
    )
    mark = '    @deprecated("deprecated in Simli\'s API description; it may be removed")\n'
    resources = facade_copy / "simli_api" / "resources"
    edit(
        resources / "agents.py",
        '@operation("GET /auto/agents", _list)\n' + mark,
        '@operation("GET /auto/agents", _list)\n',
    )
    edit(
        resources / "faces.py",
        '@operation("DELETE /faces/legacy/{id}", _delete_legacy)\n' + mark,
        '@operation("DELETE /faces/legacy/{id}", _delete_legacy)\n',
    )
    assert _errors(facade_copy, cache) == ["9 call-arg"]
