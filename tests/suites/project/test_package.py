"""The distribution ships both import packages, typed."""

from __future__ import annotations

import importlib.resources

import simli_api


def test_version_and_typed_markers() -> None:
    assert simli_api.__version__.count(".") == 2
    for package in ("simli_api", "simli_api_client"):
        assert importlib.resources.files(package).joinpath("py.typed").is_file()


def test_import_is_light_and_clients_load_on_first_use() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, simli_api\n"
        "print(sorted(m for m in ('simli_api_client', 'attrs', 'asyncio', 'simli_api._client') if m in sys.modules))\n"
        "from simli_api import AsyncSimli, LiveKitAgentsSession, Simli\n"
        "print(Simli.__name__, AsyncSimli.__name__, LiveKitAgentsSession.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "Simli AsyncSimli LiveKitAgentsSession"]


def test_unknown_attribute_and_dir() -> None:
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = simli_api.Nope
    assert {"Simli", "AsyncSimli", "SimliError"} <= set(dir(simli_api))
