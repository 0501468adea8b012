"""``help(Simli)`` and ``dir()`` show the API areas with their docstrings, and importing the client loads none."""

from __future__ import annotations

import importlib
import pydoc
import subprocess
import sys

import pytest

from simli_api import AsyncSimli, Simli
from simli_api.resources import RESOURCES


def _areas(client: type[Simli] | type[AsyncSimli]) -> list[str]:
    return [name for name in RESOURCES if name != "realtime" or client is AsyncSimli]


def _first_line(area: str) -> str:
    module, name = RESOURCES[area]
    doc = getattr(importlib.import_module(module), name).__doc__
    assert doc
    return str(doc).strip().splitlines()[0]


@pytest.mark.parametrize("client", [Simli, AsyncSimli])
def test_help_lists_every_area_with_its_docstring(client: type[Simli] | type[AsyncSimli]) -> None:
    text = pydoc.plain(pydoc.render_doc(client))
    for area in _areas(client):
        assert f"\n |  {area}\n |      {_first_line(area)}\n" in text, area
        assert f" |  {area}(...)" not in text, f"{area} is shown as a method"
    assert "Lazy object" not in text
    assert ("\n |  realtime\n" in text) is (client is AsyncSimli)


def test_dir_of_a_client_names_every_area() -> None:
    with Simli(api_key="key-0123456789") as simli:
        assert set(_areas(Simli)) <= set(dir(simli))
        assert "realtime" not in dir(simli)
    assert set(_areas(AsyncSimli)) <= set(dir(AsyncSimli(api_key="key-0123456789")))


def test_an_area_is_built_once_and_cannot_be_replaced() -> None:
    with Simli(api_key="key-0123456789") as simli:
        faces = simli.faces
        assert simli.faces is faces
        with pytest.raises(AttributeError, match="faces is an API area"):
            simli.faces = faces


def test_dir_and_the_class_load_no_area_until_one_is_used() -> None:
    probe = (
        "import sys\n"
        "from simli_api import AsyncSimli, Simli\n"
        "names = dir(Simli(api_key='k')) + dir(AsyncSimli)\n"
        "print('faces' in names, 'realtime' in names, repr(Simli.faces))\n"
        "print(sorted(m for m in sys.modules if m.startswith('simli_api.resources.') or m == 'simli_api.realtime'))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [
        "True True <API area 'faces': simli_api.resources.faces.Faces>",
        "[]",
    ]
