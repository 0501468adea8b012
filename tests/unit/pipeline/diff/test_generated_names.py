"""The drift report's generated names: computed as the generator does, compared, reported once and breaking."""

from __future__ import annotations

import ast
import copy
import json
from typing import Any

import pytest
import yaml

from simli_pipeline.diff import generated
from simli_pipeline.diff.compare import diff
from simli_pipeline.diff.facade import with_facade
from simli_pipeline.diff.model import Spec
from simli_pipeline.diff.report import to_json, to_markdown
from tests.conftest import ROOT

PACKAGE = ROOT / "generated" / "simli_api_client"


def pinned() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
    return loaded


def generator_classes() -> dict[str, set[str]]:
    """Class -> attribute names, read from the generator's own output for the pinned spec."""
    init = ast.parse((PACKAGE / "models" / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for node in ast.walk(init):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            module = ast.parse((PACKAGE / "models" / f"{node.module}.py").read_text(encoding="utf-8"))
            for alias in node.names:
                cls = next(c for c in module.body if isinstance(c, ast.ClassDef) and c.name == alias.name)
                found[alias.name] = {
                    i.target.id for i in cls.body if isinstance(i, ast.AnnAssign) and isinstance(i.target, ast.Name)
                } - {"additional_properties"}
    return found


def mismatches_with_the_generator() -> list[str]:
    spec = Spec.of(pinned())
    problems: list[str] = []
    modules = {name.rsplit(".", 1)[1] for name in generated.operation_modules(spec).values()}
    real_modules = {p.stem for p in (PACKAGE / "api" / "default").glob("*.py")} - {"__init__"}
    if modules != real_modules:
        problems.append(f"operation modules differ: {sorted(modules ^ real_modules)}")
    real = generator_classes()
    for name, made in generated.classes(spec).items():
        if name not in real:
            problems.append(f"class {name} is not in the generated client")
        elif made.shape[0] == "model" and set(made.shape[1]) != real[name]:
            problems.append(f"class {name}: attributes {sorted(made.shape[1])} != {sorted(real[name])}")
    return problems


def test_names_are_the_generators() -> None:
    assert mismatches_with_the_generator() == []
    spec = Spec.of(pinned())
    assert len(generated.classes(spec)) >= len(spec.schemas)  # every component, and their inline enums


def test_the_comparison_with_the_generator_bites(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generated, "class_name", lambda value, prefix: value.upper())  # not the generator's names
    generated._pascal.cache_clear()
    try:
        assert any("is not in the generated client" in problem for problem in mismatches_with_the_generator())
    finally:
        generated._pascal.cache_clear()
    monkeypatch.setattr(generated, "generated_module", lambda method, path, operation: ("default", "op"))
    assert any("operation modules differ" in problem for problem in mismatches_with_the_generator())


def rename_component(document: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    text = json.dumps(document).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    schemas = renamed["components"]["schemas"]
    schemas[new] = schemas.pop(old)
    return renamed


def json_body(ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


# A small description of its own (the tests hold whatever description is pinned).
DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "names", "version": "1"},
    "paths": {
        "/voices": {"get": {"responses": {"200": {"description": "OK", **json_body("VoiceList")}}}},
        "/voices/{voice_id}/clone": {
            "post": {
                "operationId": "cloneVoice",
                "parameters": [{"name": "voice_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, **json_body("CloneRequest")},
                "responses": {"204": {"description": "cloned"}},
            }
        },
    },
    "components": {
        "schemas": {
            "VoiceList": {
                "type": "object",
                "properties": {
                    "voiceIds": {"type": "array", "items": {"type": "string"}},
                    "total": {"type": "integer"},
                },
            },
            "CloneRequest": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "quality": {"type": "string", "enum": ["draft", "studio"]},
                    "speed": {"$ref": "#/components/schemas/Speed"},
                },
            },
            "Speed": {"type": "string", "enum": ["slow", "normal"], "title": "SpeedChoice"},
        }
    },
}
FACADE = {"GET /voices": "simli.voices.list", "POST /voices/{voice_id}/clone": "simli.voices.clone"}


def test_the_small_description_is_named_as_the_generator_would() -> None:
    spec = Spec.of(DOCUMENT)
    assert generated.operation_modules(spec) == {
        "GET /voices": "simli_api_client.api.default.get_voices",
        "POST /voices/{voice_id}/clone": "simli_api_client.api.default.clone_voice",
    }
    assert {name: c.shape for name, c in generated.classes(spec).items()} == {
        "VoiceList": ("model", frozenset({"voice_ids", "total"})),
        "CloneRequest": ("model", frozenset({"name", "quality", "speed"})),
        "CloneRequestQuality": ("enum", frozenset({"draft", "studio"})),
        "Speed": ("enum", frozenset({"slow", "normal"})),  # a component's title gives way to its name
    }


def test_a_renamed_component_is_one_breaking_change_with_its_users_and_facade_methods() -> None:
    report = with_facade(diff(DOCUMENT, rename_component(DOCUMENT, "VoiceList", "Voices")), FACADE)
    assert [c.as_json() for c in report.changes] == [
        {
            "kind": "generated-name-renamed",
            "location": "components.schemas.VoiceList",
            "breaking": True,
            "message": "generated model simli_api_client.models.VoiceList renamed Voices",
            "used_by": ["GET /voices"],
            "facade": ["simli.voices.list"],
        }
    ]
    assert json.loads(to_json(report))["summary"]["breaking"] == 1
    assert (
        "- `components.schemas.VoiceList` **generated-name-renamed**: generated model "
        "simli_api_client.models.VoiceList renamed Voices (used by: GET /voices); breaking for `simli.voices.list`"
    ) in to_markdown(report)


def test_an_operation_id_renames_the_generated_function_at_its_http_location() -> None:
    new = copy.deepcopy(DOCUMENT)
    new["paths"]["/voices"]["get"]["operationId"] = "listVoices"
    new["paths"]["/voices/{voice_id}/clone"]["post"]["operationId"] = "copyVoice"
    report = with_facade(diff(DOCUMENT, new), FACADE)
    assert [(c.location, c.kind, c.message, c.breaking, c.facade) for c in report.changes] == [
        (
            "GET /voices",
            "generated-name-renamed",
            "generated function simli_api_client.api.default.get_voices renamed list_voices",
            True,
            ("simli.voices.list",),
        ),
        (
            "POST /voices/{voice_id}/clone",
            "generated-name-renamed",
            "generated function simli_api_client.api.default.clone_voice renamed copy_voice",
            True,
            ("simli.voices.clone",),
        ),
    ]


def test_an_inline_enum_follows_its_parent_and_a_replaced_enum_is_removed() -> None:
    new = rename_component(DOCUMENT, "CloneRequest", "VoiceCopy")
    new = rename_component(new, "Speed", "Pace")
    new["components"]["schemas"]["Pace"]["enum"] = ["fast"]
    found = {(c.location, c.message) for c in diff(DOCUMENT, new).changes if c.kind.startswith("generated-")}
    assert found == {
        ("components.schemas.CloneRequest", "generated model simli_api_client.models.CloneRequest renamed VoiceCopy"),
        (
            "components.schemas.CloneRequest.properties.quality",
            "generated enum simli_api_client.models.CloneRequestQuality renamed VoiceCopyQuality",
        ),
        ("components.schemas.Speed", "generated enum simli_api_client.models.Speed removed"),
    }


def test_the_same_names_give_no_change_and_a_removed_property_is_reported_once() -> None:
    assert diff(DOCUMENT, copy.deepcopy(DOCUMENT)).changes == []
    new = copy.deepcopy(DOCUMENT)
    del new["components"]["schemas"]["VoiceList"]["properties"]["total"]
    assert [c.kind for c in diff(DOCUMENT, new).changes] == ["property-removed"], "its attribute goes with it"
