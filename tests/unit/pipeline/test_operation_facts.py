"""scripts/operation_facts.py on its own fixture (never the pinned description): what it reads and how it writes it."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from simli_pipeline.errors import PipelineError
from simli_pipeline.facts import operation_facts, render, security_schemes, write_facts
from simli_pipeline.parsing import parse_document
from tests.conftest import FIXTURES

SPEC = FIXTURES / "specs" / "operation-facts.yaml"


@dataclass(frozen=True)
class Generated:
    """What generate.py reports for one generated operation (method, path as generated, module)."""

    method: str
    path: str
    module: str


OPERATIONS = [
    Generated("GET", "/items", "pkg.api.default.list_items"),
    Generated("POST", "/items", "pkg.api.default.create_item"),
    Generated("DELETE", "/items/{item_id}", "pkg.api.default.delete_item"),  # variable renamed: matched by shape
    Generated("PUT", "/items/{id}", "pkg.api.images.upload_item_image"),
    Generated("GET", "/items/{id}/note", "pkg.api.default.get_note"),
    Generated("POST", "/render", "pkg.api.default.render"),
]

EXPECTED: dict[str, dict[str, Any]] = {
    "api.default.create_item": {
        "method": "POST",
        "path": "/items",
        "deprecated": True,
        "security": [["Bearer", "HeaderKey"], ["OAuth"]],
        "responses": {"201": {"application/json": "nullable"}},
        "request_media_types": ["application/json"],
    },
    "api.default.delete_item": {
        "method": "DELETE",
        "path": "/items/{id}",
        "deprecated": False,
        "security": [["HeaderKey"]],
        "responses": {"204": {}, "4XX": {}},
        "request_media_types": [],
    },
    "api.default.get_note": {
        "method": "GET",
        "path": "/items/{id}/note",
        "deprecated": False,
        "security": [[], ["QueryKey"]],
        "responses": {"200": {"application/json": "untyped", "text/plain": "nullable"}},
        "request_media_types": [],
    },
    "api.default.list_items": {
        "method": "GET",
        "path": "/items",
        "deprecated": False,
        "security": [["HeaderKey"]],
        "responses": {"200": {"application/json": "typed"}, "default": {"application/problem+json": "typed"}},
        "request_media_types": [],
    },
    "api.default.render": {
        "method": "POST",
        "path": "/render",
        "deprecated": False,
        "security": [["HeaderKey"]],
        "responses": {},
        "request_media_types": [],
    },
    "api.images.upload_item_image": {
        "method": "PUT",
        "path": "/items/{id}",
        "deprecated": False,
        "security": [],
        "responses": {"200": {"image/png": "untyped", "application/x-mpegURL": "untyped", "video/MP2T": "typed"}},
        "request_media_types": ["multipart/form-data", "image/png"],
    },
}

SCHEMES = {
    "Bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "HeaderKey": {"type": "apiKey", "in": "header", "name": "X-Items-Key"},
    "OAuth": {"type": "oauth2"},
    "QueryKey": {"type": "apiKey", "in": "query", "name": "key"},
}


@pytest.fixture
def document() -> dict[str, Any]:
    return parse_document(SPEC.read_bytes(), SPEC.name)


def test_facts_per_generated_module(document: dict[str, Any]) -> None:
    assert operation_facts(document, OPERATIONS) == EXPECTED


def test_schemes_keep_only_how_they_are_applied(document: dict[str, Any]) -> None:
    schemes = security_schemes(document)
    assert {name: schemes[name] for name in SCHEMES} == SCHEMES
    assert "description" not in schemes["HeaderKey"]


def test_the_module_is_plain_literals_that_read_back_the_same(document: dict[str, Any], tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    written = write_facts(package, document, OPERATIONS)
    namespace: dict[str, Any] = {}
    exec(compile(written.read_text(encoding="utf-8"), str(written), "exec"), namespace)  # noqa: S102
    assert namespace["OPERATIONS"] == EXPECTED
    assert namespace["SECURITY_SCHEMES"] == security_schemes(document)
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F,E9", str(written)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout


def test_output_is_deterministic_whatever_the_order_of_operations(document: dict[str, Any]) -> None:
    shuffled = list(OPERATIONS)
    random.Random(7).shuffle(shuffled)  # noqa: S311 - a fixed order, not a secret
    first = render(security_schemes(document), operation_facts(document, OPERATIONS))
    assert render(security_schemes(document), operation_facts(document, shuffled)) == first
    assert first.index('"api.default.create_item"') < first.index('"api.images.upload_item_image"')


def test_an_operation_the_description_lacks_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(PipelineError, match="no operation GET /elsewhere in the description"):
        operation_facts(document, [Generated("GET", "/elsewhere", "pkg.api.default.elsewhere")])


def test_an_undefined_security_scheme_is_refused(document: dict[str, Any]) -> None:
    document["paths"]["/render"]["post"]["security"] = [{"Nobody": []}]
    with pytest.raises(PipelineError, match="POST /render requires security scheme 'Nobody'"):
        operation_facts(document, OPERATIONS)


def test_no_top_level_security_means_none(document: dict[str, Any]) -> None:
    del document["security"]
    facts = operation_facts(document, OPERATIONS)
    assert facts["api.default.render"]["security"] == []
    assert facts["api.default.create_item"]["security"] == [["Bearer", "HeaderKey"], ["OAuth"]]  # its own stays


def test_paths_of_one_shape_each_get_their_own_facts(document: dict[str, Any]) -> None:
    """Matched by exact path first: /items/{name} (deprecated, keyed) must not lend its facts to /items/{id}."""
    paths = document["paths"]
    paths["/items/{name}"] = {"get": {"deprecated": True, "responses": {"204": {"description": "gone"}}}}
    paths["/items/{id}"]["get"] = {"security": [], "responses": {"204": {"description": "here"}}}
    generated = [
        Generated("GET", "/items/{id}", "pkg.api.default.get_by_id"),
        Generated("GET", "/items/{name}", "pkg.api.default.get_by_name"),
    ]
    facts = operation_facts(document, generated)
    assert (facts["api.default.get_by_id"]["path"], facts["api.default.get_by_id"]["security"]) == ("/items/{id}", [])
    assert facts["api.default.get_by_id"]["deprecated"] is False
    assert facts["api.default.get_by_name"]["path"] == "/items/{name}"
    assert facts["api.default.get_by_name"]["security"] == [["HeaderKey"]]


def test_a_generated_path_matching_two_paths_by_shape_only_is_refused(document: dict[str, Any]) -> None:
    document["paths"]["/items/{name}"] = {"delete": {"responses": {"204": {"description": "gone"}}}}
    with pytest.raises(PipelineError, match=r"DELETE /items/\{id\} and DELETE /items/\{name\} differ only"):
        operation_facts(document, [Generated("DELETE", "/items/{item_key}", "pkg.api.default.delete_item")])


def test_the_command_prints_or_writes_to_output_never_into_the_package(tmp_path: Path) -> None:
    from tests.conftest import ROOT
    from tests.support.pipeline_harness import fingerprint

    package = tmp_path / "pkg"
    (package / "api" / "default").mkdir(parents=True)
    for module, method, url in (("list_items", "get", "/items"), ("get_note", "get", "/items/{id}/note")):
        source = f"def _get_kwargs() -> dict:\n    return {{'method': '{method}', 'url': '{url}'}}\n"
        (package / "api" / "default" / f"{module}.py").write_text(source, encoding="utf-8")
    before = fingerprint(package)
    command = [sys.executable, str(ROOT / "scripts" / "operation_facts.py"), str(SPEC), str(package)]

    printed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert printed.returncode == 0, printed.stderr
    assert '"api.default.get_note": {' in printed.stdout
    written = subprocess.run([*command, "--output", str(tmp_path / "facts.py")], capture_output=True, check=False)
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "facts.py").read_text(encoding="utf-8") == printed.stdout
    assert fingerprint(package) == before


def test_a_long_ref_chain_is_followed_to_its_end(document: dict[str, Any]) -> None:
    """Facts follow $ref chains however long (the validator and the generator do): a typed body stays typed."""
    schemas = document["components"]["schemas"]
    for index in range(60):
        schemas[f"Link{index}"] = {"$ref": f"#/components/schemas/Link{index + 1}"}
    schemas["Link60"] = {"type": "object", "properties": {"id": {"type": "string"}}}
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Link0"}}}
    document["paths"]["/render"]["post"]["responses"] = {"200": {"description": "OK", "content": content}}
    facts = operation_facts(document, OPERATIONS)
    assert facts["api.default.render"]["responses"] == {"200": {"application/json": "typed"}}


def test_a_looping_ref_chain_is_untyped_not_a_hang(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    schemas["Ping"], schemas["Pong"] = {"$ref": "#/components/schemas/Pong"}, {"$ref": "#/components/schemas/Ping"}
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Ping"}}}
    document["paths"]["/render"]["post"]["responses"] = {"200": {"description": "OK", "content": content}}
    assert operation_facts(document, OPERATIONS)["api.default.render"]["responses"] == {
        "200": {"application/json": "untyped"}
    }
