"""The distribution ships both import packages, typed."""

from __future__ import annotations

import importlib.resources

import simli_api


def test_version_and_typed_markers() -> None:
    assert simli_api.__version__.count(".") == 2
    for package in ("simli_api", "simli_api_client"):
        assert importlib.resources.files(package).joinpath("py.typed").is_file()
