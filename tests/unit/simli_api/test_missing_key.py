"""An operation that needs the API key, called with none configured, raises before anything is sent.

Operations the description leaves open (``security: []``) keep working without a key, and a key the
caller sends in its own headers counts as configured.
"""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import simli_api
from simli_api import AsyncSimli, Simli, SimliError, SimliMissingKeyError
from simli_api._facts import requires_key
from simli_api_client.operation_facts import OPERATIONS
from tests.support.facade_harness import KINDS, Reply, arguments, keyed_operation, scripted_server, session_json, start


def _needing_the_key() -> list[tuple[str, ModuleType]]:
    """Every generated operation whose security needs the key, as ``("METHOD /path", module)``."""
    from simli_api._facts import facts_for

    found = []
    for name in OPERATIONS:
        facts = facts_for(importlib.import_module(f"simli_api_client.{name}"))
        if facts.requires_key:
            found.append((facts.describe(), facts.module))
    return found


def _check(error: SimliMissingKeyError, route: str) -> None:
    message = str(error)
    assert "SIMLI_API_KEY" in message
    assert "api_key=" in message
    assert route in message
    assert error.operation == route


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_every_operation_needing_the_key_raises_before_sending(kind: str) -> None:
    operations = _needing_the_key()
    open_operations = [name for name, facts in OPERATIONS.items() if facts["security"] == []]
    assert operations  # the pinned description: 21 of its 25 operations; its only scheme is the API key
    assert len(operations) == len(OPERATIONS) - len(open_operations)
    with scripted_server(Reply.json(200, {})) as (url, received):
        for route, module in operations:
            if kind == "sync":
                with Simli(base_url=url) as simli, pytest.raises(SimliMissingKeyError) as caught:
                    simli.call(module)
            else:

                async def attempt(module: ModuleType = module) -> None:
                    async with AsyncSimli(base_url=url) as simli:
                        await simli.call(module)

                with pytest.raises(SimliMissingKeyError) as caught:
                    asyncio.run(attempt())
            _check(caught.value, route)
    assert received == []


@pytest.mark.parametrize("kind", KINDS)
def test_methods_streams_and_downloads_raise_too(kind: str, tmp_path: Path) -> None:
    keyed = keyed_operation()
    route = f"{keyed.method} {keyed.path}"
    target = tmp_path / "out.bin"
    with scripted_server(Reply.json(200, [])) as (url, received):
        if kind == "sync":
            with Simli(base_url=url) as simli:
                with pytest.raises(SimliMissingKeyError, match="SIMLI_API_KEY"):
                    simli.faces.list()
                with pytest.raises(SimliMissingKeyError) as caught, simli.stream(keyed.module) as chunks:
                    list(chunks)
                _check(caught.value, route)
                with pytest.raises(SimliMissingKeyError):
                    simli.download(keyed.module, to=target)
        else:

            async def scenario() -> None:
                async with AsyncSimli(base_url=url) as simli:
                    with pytest.raises(SimliMissingKeyError, match="SIMLI_API_KEY"):
                        await simli.faces.list()
                    with pytest.raises(SimliMissingKeyError) as caught:
                        async with simli.stream(keyed.module) as chunks:
                            [chunk async for chunk in chunks]
                    _check(caught.value, route)
                    with pytest.raises(SimliMissingKeyError):
                        await simli.download(keyed.module, to=target)

            asyncio.run(scenario())
    assert received == []
    assert not target.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_open_operations_work_without_a_key(kind: str) -> None:
    with scripted_server(Reply.json(200, session_json())) as (url, received):
        session = start(kind, arguments(), base_url=url)
    assert session.session_id
    assert len(received) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_key_in_the_callers_headers_counts(kind: str) -> None:
    keyed = keyed_operation()
    headers = {keyed.header.upper(): "header-key-0123456789"}

    def attempt(url: str) -> Any:
        if kind == "sync":
            with Simli(base_url=url, default_headers=headers) as simli:
                return simli.call(keyed.module)

        async def scenario() -> Any:
            async with AsyncSimli(base_url=url, default_headers=headers) as simli:
                return await simli.call(keyed.module)

        return asyncio.run(scenario())

    with (
        scripted_server(Reply.json(404, {"detail": "no"})) as (url, received),
        pytest.raises(simli_api.SimliNotFoundError),
    ):
        attempt(url)
    assert [request.headers[keyed.header.lower()] for request in received] == ["header-key-0123456789"]


SCHEMES = {
    "Key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    "Bearer": {"type": "http", "scheme": "bearer"},
}


@pytest.mark.parametrize(
    ("security", "required"),
    [
        ([], False),  # security: [] -> open
        ([["Key"]], True),
        ([["Key", "Bearer"]], True),  # both together: the key is needed
        ([["Key"], []], False),  # optional auth: an alternative needs nothing
        ([["Key"], ["Bearer"]], False),  # another way in, which the caller may send in default_headers
    ],
)
def test_the_key_is_required_when_every_alternative_needs_it(security: list[list[str]], required: bool) -> None:
    assert requires_key(security, SCHEMES) is required


def test_the_error_is_a_simli_error_exported_by_the_package() -> None:
    assert issubclass(SimliMissingKeyError, SimliError)
    assert simli_api.SimliMissingKeyError is SimliMissingKeyError
    assert "SimliMissingKeyError" in simli_api.__all__
