"""A regeneration that loses one operation or model breaks only the facade methods using it.

Each case tampers a copy of the generated client as a regeneration would (an operation module gone,
a model renamed everywhere, a model gone), then imports the copy's facade in a fresh interpreter:
``OPERATIONS`` still lists every declaration, ``faces.list`` still calls a local server, and the
affected method raises SimliOperationUnavailable naming its route and generated module, sending nothing.
"""

from __future__ import annotations

import ast
import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simli_api import OPERATIONS
from tests.support.facade_copy import edit, run_with
from tests.support.operations_catalogue import ROOT

FACE = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
OPERATIONS_DIR = Path("simli_api_client") / "api" / "default"
MODELS_DIR = Path("simli_api_client") / "models"

PROBE = textwrap.dedent(
    """
    import asyncio, json, sys
    import simli_api
    from simli_api import AsyncSimli, Simli, SimliOperationUnavailable
    from tests.support.routed_server import Answer, local_server

    affected, argument, face_id = sys.argv[1:4]
    FACE = {"id": face_id, "owner_id": "o", "simli_version": 1,
            "created_at": "2025-01-01T00:00:00+00:00", "updated_at": "2025-01-01T00:00:00+00:00"}
    report = {"operations": dict(simli_api.OPERATIONS)}

    def refusal(exc):
        return {"text": str(exc), "method": exc.method, "operation": exc.operation, "module": exc.module,
                "missing": exc.missing}

    with local_server({"GET /faces": Answer.json([FACE]), "*": Answer.json({})}) as (url, received):
        with Simli(base_url=url, api_key="k", max_retries=0) as simli:
            report["listed"] = [str(face.id) for face in simli.faces.list()]
            try:
                getattr(simli.faces, affected)(argument)
            except SimliOperationUnavailable as exc:
                report["sync"] = refusal(exc)

        async def main():
            async with AsyncSimli(base_url=url, api_key="k", max_retries=0) as simli:
                report["async_listed"] = len(await simli.faces.list())
                try:
                    await getattr(simli.faces, affected)(argument)
                except SimliOperationUnavailable as exc:
                    report["async"] = refusal(exc)

        asyncio.run(main())
        report["requests"] = [f"{r.method} {r.path}" for r in received]
    print(json.dumps(report))
    """
)


def remove_operation(copy: Path) -> None:
    """DELETE /faces/trinity/{id} left the description: its generated module is gone."""
    (copy / OPERATIONS_DIR / "delete_faces_trinity_id.py").unlink()


def rename_model(copy: Path) -> None:
    """The component FacePreprocessUpload was renamed: every generated reference follows, the facade does not."""
    for path in (copy / "simli_api_client").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "FacePreprocessUpload" in text:
            path.write_text(text.replace("FacePreprocessUpload", "FacePreprocessForm"), encoding="utf-8")


def remove_model(copy: Path) -> None:
    """The model TrinityFaceUpload is gone from the models package (the operation using it no longer imports)."""
    (copy / MODELS_DIR / "trinity_face_upload.py").unlink()
    init = copy / MODELS_DIR / "__init__.py"
    edit(init, "from .trinity_face_upload import TrinityFaceUpload\n", "")
    edit(init, '    "TrinityFaceUpload",\n', "")


CASES: dict[str, tuple[Callable[[Path], None], str, str, str, str]] = {
    # case: tamper, affected method, route, generated module, what is missing
    "operation removed": (
        remove_operation,
        "delete",
        "DELETE /faces/trinity/{id}",
        "simli_api_client.api.default.delete_faces_trinity_id",
        "operation module simli_api_client.api.default.delete_faces_trinity_id",
    ),
    "model renamed": (
        rename_model,
        "preprocess",
        "POST /faces/trinity/preprocess",
        "simli_api_client.api.default.preprocess_image_faces_trinity_preprocess_post",
        "model simli_api_client.models.FacePreprocessUpload",
    ),
    "model removed": (
        remove_model,
        "create",
        "POST /faces/trinity",
        "simli_api_client.api.default.enqueue_gsa_generation_faces_gs_create_post",
        "operation module simli_api_client.api.default.enqueue_gsa_generation_faces_gs_create_post",
    ),
}


def probe(copy: Path, affected: str, argument: str) -> dict[str, Any]:
    result = run_with(copy, "-c", PROBE, affected, argument, FACE)
    assert result.returncode == 0, result.stderr[-3000:]
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("case", list(CASES))
def test_only_the_methods_using_a_vanished_name_fail(case: str, facade_copy: Path, tmp_path: Path) -> None:
    tamper, affected, route, module, missing = CASES[case]
    tamper(facade_copy)
    portrait = tmp_path / "portrait.png"
    portrait.write_bytes(b"\x89PNG\r\n\x1a\nportrait")
    report = probe(facade_copy, affected, FACE if affected == "delete" else str(portrait))

    assert report["operations"] == dict(OPERATIONS), "every declaration is still listed, the vanished one included"
    assert report["operations"][route] == f"faces.{affected}"
    assert report["listed"] == [FACE]
    assert report["async_listed"] == 1
    assert report["requests"] == ["GET /faces", "GET /faces"], "the affected method sent nothing"
    for mode in ("sync", "async"):
        refusal = report[mode]
        assert (refusal["method"], refusal["operation"], refusal["module"]) == (f"faces.{affected}", route, module)
        assert refusal["missing"] == missing
        text = refusal["text"]
        assert text.startswith(f"simli.faces.{affected} ({route}, generated module {module}) is unavailable: {missing}")
        assert "The pinned description (openapi/openapi.yaml) no longer has it" in text
        assert "update src/simli_api/resources/faces.py to the regenerated client" in text


@pytest.mark.parametrize(
    ("case", "eager"),
    [
        ("operation removed", "    from simli_api_client.api.default import delete_faces_trinity_id as _delete\n"),
        ("model renamed", "    from simli_api_client.models import FacePreprocessUpload\n"),
    ],
)
def test_the_copy_breaks_at_import_with_an_eager_import(case: str, eager: str, facade_copy: Path) -> None:
    """The same tampered copy, with one generated name imported eagerly again (the old design): nothing imports."""
    CASES[case][0](facade_copy)
    faces = facade_copy / "simli_api" / "resources" / "faces.py"
    lazy = "    from .._lazy import models, operation_module\n"
    edit(faces, lazy, lazy + eager)
    broken = run_with(facade_copy, "-c", "import simli_api\nprint(len(simli_api.OPERATIONS))")
    assert broken.returncode != 0
    assert "ImportError" in broken.stderr or "ModuleNotFoundError" in broken.stderr, broken.stderr[-2000:]


# --------------------------------------------------------------------------- what mypy reads is what runs


def lazy_binding_drift(resources: Path) -> list[str]:
    """Each area module's generated operations: imported under TYPE_CHECKING, bound lazily to the same module.

    Also refuses any import of a generated operation module or model outside ``if TYPE_CHECKING:``.
    """
    problems: list[str] = []
    for path in sorted(resources.glob("[!_]*.py")):
        checked: dict[str, str] = {}
        runtime: dict[str, str] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                checked.update(_checked_imports(node.body))
                runtime.update(_lazy_bindings(node.orelse))
                eager = [inner for inner in node.orelse if _imports_generated(inner)]
            else:
                eager = [node] if _imports_generated(node) else []
            problems += [f"{path.name}:{n.lineno}: eager import of {getattr(n, 'module', '?')}" for n in eager]
        problems += [
            f"{path.name}: {name} is {checked.get(name)} for mypy but {runtime.get(name)} at runtime"
            for name in sorted(checked.keys() | runtime.keys())
            if checked.get(name) != runtime.get(name)
        ]
    return problems


def _checked_imports(body: list[ast.stmt]) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in body:
        if isinstance(node, ast.ImportFrom) and node.module == "simli_api_client.api.default":
            found.update({alias.asname or alias.name: alias.name for alias in node.names})
    return found


def _lazy_bindings(body: list[ast.stmt]) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and node.value.args:
            call, target, argument = node.value, node.targets[0], node.value.args[0]
            named = isinstance(call.func, ast.Name) and call.func.id == "operation_module"
            if named and isinstance(target, ast.Name) and isinstance(argument, ast.Constant):
                found[target.id] = str(argument.value)
    return found


def _imports_generated(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
        ("simli_api_client.api", "simli_api_client.models")
    )


def test_mypy_and_the_runtime_read_the_same_generated_modules() -> None:
    assert lazy_binding_drift(ROOT / "src" / "simli_api" / "resources") == []


def test_a_runtime_binding_that_differs_from_the_checked_import_is_reported(facade_copy: Path) -> None:
    resources = facade_copy / "simli_api" / "resources"
    edit(resources / "faces.py", '_list = operation_module("get_faces")', '_list = operation_module("get_auto_agents")')
    checked_block_end = "from simli_api_client.models import ActiveSessions\nelse:\n"
    edit(
        resources / "usage.py", checked_block_end, checked_block_end + "    from simli_api_client.models import Other\n"
    )
    assert lazy_binding_drift(resources) == [
        "faces.py: _list is get_faces for mypy but get_auto_agents at runtime",
        "usage.py:16: eager import of simli_api_client.models",
    ]
