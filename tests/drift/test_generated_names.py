"""The drift report's generated names: computed as the generator does, compared, reported once and breaking."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
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
    assert len(generated.classes(Spec.of(pinned()))) >= 30  # every component, and their inline enums


def test_the_comparison_with_the_generator_bites(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generated, "class_name", lambda value, prefix: value)  # names as written
    generated._pascal.cache_clear()
    try:
        assert any("Google_Models" in problem for problem in mismatches_with_the_generator())
    finally:
        generated._pascal.cache_clear()


def rename_component(document: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    text = json.dumps(document).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    schemas = renamed["components"]["schemas"]
    schemas[new] = schemas.pop(old)
    return renamed


FACADE = {"GET /history/sessions": "simli.history.sessions", "POST /auto/token": "simli.agents.create_session_token"}


def test_a_renamed_component_is_one_breaking_change_with_its_users_and_facade_methods() -> None:
    base = pinned()
    report = with_facade(diff(base, rename_component(base, "TokenRequest", "SessionTokenRequest")), FACADE)
    assert [c.as_json() for c in report.changes] == [
        {
            "kind": "generated-name-renamed",
            "location": "components.schemas.TokenRequest",
            "breaking": True,
            "message": "generated model simli_api_client.models.TokenRequest renamed SessionTokenRequest",
            "used_by": ["POST /auto/token"],
            "facade": ["simli.agents.create_session_token"],
        }
    ]
    assert json.loads(to_json(report))["summary"]["breaking"] == 1
    assert (
        "- `components.schemas.TokenRequest` **generated-name-renamed**: generated model "
        "simli_api_client.models.TokenRequest renamed SessionTokenRequest (used by: POST /auto/token); "
        "breaking for `simli.agents.create_session_token`"
    ) in to_markdown(report)


def test_an_operation_id_renames_the_generated_function_at_its_http_location() -> None:
    base = pinned()
    new = copy.deepcopy(base)
    new["paths"]["/history/sessions"]["get"]["operationId"] = "sessionHistory"
    report = with_facade(diff(base, new), FACADE)
    assert [(c.location, c.kind, c.message, c.breaking, c.facade) for c in report.changes] == [
        (
            "GET /history/sessions",
            "generated-name-renamed",
            "generated function simli_api_client.api.default.get_history_sessions renamed session_history",
            True,
            ("simli.history.sessions",),
        )
    ]


def test_an_enum_replaced_by_another_shape_is_removed_not_renamed() -> None:
    base = pinned()
    new = rename_component(base, "TrinityVersion", "FaceModelVersion")
    new["components"]["schemas"]["FaceModelVersion"]["enum"] = ["GSA_2.0"]
    kinds = {(c.kind, c.location, c.message) for c in diff(base, new).changes}
    assert (
        "generated-name-removed",
        "components.schemas.TrinityVersion",
        "generated enum simli_api_client.models.TrinityVersion removed",
    ) in kinds


def test_the_same_document_has_no_generated_name_change() -> None:
    base = pinned()
    assert diff(base, copy.deepcopy(base)).changes == []


def test_a_removed_property_is_reported_once(tmp_path: Path) -> None:
    base = pinned()
    new = copy.deepcopy(base)
    del new["components"]["schemas"]["TokenRequest"]["properties"]["expiryStamp"]
    changes = diff(base, new).changes
    assert [c.kind for c in changes] == ["property-removed"], "the HTTP change only: its attribute goes with it"
