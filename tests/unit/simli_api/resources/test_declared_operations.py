"""OPERATIONS names every operation of the pinned description, and the drift check bites when they part."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import simli_api
from simli_api import OPERATIONS, AsyncSimli, Simli
from tests.support.facade_copy import edit, run_with
from tests.support.operations_catalogue import SPEC, bindings, described, drift, generated_route


def test_operations_match_the_pinned_description() -> None:
    assert drift(described(), OPERATIONS, bindings()) == []
    assert len(OPERATIONS) == len(described()) == 25


def test_operations_is_read_only_and_derived_once() -> None:
    with pytest.raises(TypeError):
        OPERATIONS["GET /faces"] = "faces.other"  # type: ignore[index]
    assert simli_api.OPERATIONS is OPERATIONS
    assert "OPERATIONS" in dir(simli_api)


def _resolve(client: Any, dotted: str) -> Any:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


@pytest.mark.parametrize(("route", "name"), list(OPERATIONS.items()))
def test_each_operation_resolves_on_both_clients(route: str, name: str) -> None:
    with Simli(api_key="k") as simli:
        sync = _resolve(simli, name)
    client = AsyncSimli(api_key="k")
    asynchronous = _resolve(client, name)
    assert callable(sync)
    assert not inspect.iscoroutinefunction(sync)
    assert inspect.iscoroutinefunction(asynchronous)
    assert inspect.signature(sync).parameters == inspect.signature(asynchronous).parameters
    returns = inspect.signature(sync).return_annotation
    assert inspect.signature(asynchronous).return_annotation == f"Coroutine[Any, Any, {returns}]"
    assert sync.__doc__
    assert sync.__doc__ == asynchronous.__doc__
    assert _resolve(client, name) is asynchronous, "bound once per resource, then cached"


def test_every_binding_calls_its_route() -> None:
    """Each declaration's generated module builds the very request its route names (variants too)."""
    found = bindings()
    assert len(found) > len(OPERATIONS)  # save_mp4 / save_hls share their routes with the downloads
    for binding in found:
        assert generated_route(binding.module) == binding.route, binding.name


# --------------------------------------------------------------------------- the check bites


def test_an_operation_the_facade_does_not_name_is_reported(facade_copy: Path) -> None:
    """Remove one declaration from a copy of the facade: OPERATIONS (derived from the code) loses it."""
    faces = facade_copy / "simli_api" / "resources" / "faces.py"
    edit(faces, '    @operation("DELETE /faces/trinity/{id}", _delete)\n', "")
    edit(faces, "    def delete(self, face_id", "    def _delete_stub(self, face_id")
    result = run_with(facade_copy, "-m", "tests.support.operations_catalogue", str(SPEC))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "DELETE /faces/trinity/{id}: in the description, but no facade method names it"
    ]


def test_a_declaration_bound_to_the_wrong_module_is_reported(facade_copy: Path) -> None:
    faces = facade_copy / "simli_api" / "resources" / "faces.py"
    edit(faces, '@operation("GET /faces", _list)', '@operation("GET /faces", _legacy_status)')
    result = run_with(facade_copy, "-m", "tests.support.operations_catalogue", str(SPEC))
    assert result.stdout.splitlines() == [
        "GET /faces: simli.faces.list calls get_request_status_faces_legacy_status_get, "
        "which is GET /faces/legacy/generation_status"
    ]
    # and the call itself refuses: the stub builds arguments for another module than its declaration's
    probe = "from simli_api import Simli\nSimli(api_key='k').faces.list()"
    refused = run_with(facade_copy, "-c", probe)
    assert "TypeError: list is declared for" in refused.stderr


def test_an_operation_the_description_lost_is_reported(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    del document["paths"]["/ratelimiter/sessions"]
    del document["paths"]["/auto/agent/{id}"]["put"]
    tampered = tmp_path / "openapi.yaml"
    tampered.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert drift(described(tampered), OPERATIONS, bindings()) == [
        "GET /ratelimiter/sessions: named by simli.usage.active_sessions, but the description has no such operation",
        "PUT /auto/agent/{id}: named by simli.agents.update, but the description has no such operation",
    ]


def test_an_operation_the_description_gained_is_reported(tmp_path: Path) -> None:
    tampered = tmp_path / "openapi.yaml"
    shutil.copy(SPEC, tampered)
    document = yaml.safe_load(tampered.read_text(encoding="utf-8"))
    document["paths"]["/faces/{id}"] = {"get": {"responses": {"200": {"description": "one face"}}}}
    tampered.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert drift(described(tampered), OPERATIONS, bindings()) == [
        "GET /faces/{id}: in the description, but no facade method names it"
    ]
