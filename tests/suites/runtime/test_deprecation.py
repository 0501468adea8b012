"""A deprecated operation warns on every call, at the caller's own line, whichever way it was called."""

from __future__ import annotations

import asyncio
import sys
import types
import warnings
from types import ModuleType
from typing import Any

import pytest

from simli_api import AsyncSimli, Simli
from tests.support.fault_server import FaultServer
from tests.support.runtime_harness import answer, options
from tests.support.shapes_client import operation


def here() -> int:
    """The line number of the caller (the line the test expects the warning at)."""
    return sys._getframe(1).f_lineno


def assert_at(record: list[warnings.WarningMessage], line: int) -> None:
    assert [w.category for w in record] == [DeprecationWarning]
    assert "DELETE /things/{id} is deprecated" in str(record[0].message)
    assert (record[0].filename, record[0].lineno) == (__file__, line)


def test_call_warns_at_the_callers_line(shapes_client: ModuleType) -> None:
    delete = operation(shapes_client, "delete_thing")
    with (
        FaultServer([answer(204)]) as server,
        Simli(**options(server.base_url)) as simli,
        warnings.catch_warnings(record=True) as record,
    ):
        warnings.simplefilter("always")
        _, line = simli.call(delete, id="a"), here()  # the warning must point at this very line
    assert_at(record, line)


def test_async_call_warns_at_the_callers_line(shapes_client: ModuleType) -> None:
    delete = operation(shapes_client, "delete_thing")
    record: list[warnings.WarningMessage] = []
    lines: list[int] = []

    async def main(url: str) -> None:
        async with AsyncSimli(**options(url)) as simli:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                _, line = await simli.call(delete, id="a"), here()
                lines.append(line)
            record.extend(caught)

    with FaultServer([answer(204)]) as server:
        asyncio.run(main(server.base_url))
    assert_at(record, lines[0])


def test_a_typed_resource_method_warns_at_its_callers_line(shapes_client: ModuleType) -> None:
    """A resource method lives in simli_api.resources and goes through _call: the warning skips its frame."""
    resource = types.ModuleType("simli_api.resources._probe")
    exec(  # noqa: S102 - a stand-in resource module, compiled under the package's name
        "def delete(client, module, id):\n    return client._call(module, {'id': id})\n", resource.__dict__
    )
    delete = operation(shapes_client, "delete_thing")
    with (
        FaultServer([answer(204)]) as server,
        Simli(**options(server.base_url)) as simli,
        warnings.catch_warnings(record=True) as record,
    ):
        warnings.simplefilter("always")
        _, line = resource.delete(simli, delete, "a"), here()
    assert_at(record, line)


def test_opening_a_stream_warns_at_the_callers_line(shapes_client: ModuleType) -> None:
    delete = operation(shapes_client, "delete_thing")
    with FaultServer([answer(204)]) as server, Simli(**options(server.base_url)) as simli:
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            stream, line = simli.stream(delete, id="a"), here()
        with stream as chunks:
            assert list(chunks) == []
    assert_at(record, line)


def test_every_call_warns(shapes_client: ModuleType) -> None:
    delete = operation(shapes_client, "delete_thing")
    with (
        FaultServer([answer(204)]) as server,
        Simli(**options(server.base_url)) as simli,
        warnings.catch_warnings(record=True) as record,
    ):
        warnings.simplefilter("always")
        for _ in range(3):
            simli.call(delete, id="a")
    assert len(record) == 3
    assert server.requests == 3


def test_warnings_as_errors_stop_the_call_before_any_request(shapes_client: ModuleType) -> None:
    delete = operation(shapes_client, "delete_thing")
    with (
        FaultServer([answer(204)]) as server,
        Simli(**options(server.base_url)) as simli,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error", DeprecationWarning)
        with pytest.raises(DeprecationWarning):
            simli.call(delete, id="a")
    assert server.requests == 0


@pytest.mark.parametrize("name", ["get_anything", "replace_thing", "get_video"])
def test_operations_that_are_not_deprecated_do_not_warn(shapes_client: ModuleType, name: str) -> None:
    arguments: dict[str, Any] = {
        "get_anything": {},
        "replace_thing": {"id": "a", "body": shapes_client.models.Thing(name="n")},
        "get_video": {"name": "v"},
    }[name]
    with (
        FaultServer([answer(200)]) as server,
        Simli(**options(server.base_url)) as simli,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error")
        simli.call(operation(shapes_client, name), **arguments)
