"""facade_match: the facade's generated names and keywords checked against a (tampered) generated client."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from simli_pipeline.facade_match import check_facade
from tests.conftest import ROOT

DEFAULT = Path("api") / "default"


def tampered(tmp_path: Path, tamper: Callable[[Path], None]) -> Path:
    package = tmp_path / "simli_api_client"
    shutil.copytree(ROOT / "generated" / "simli_api_client", package, ignore=shutil.ignore_patterns("__pycache__"))
    tamper(package)
    return package


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_facade_matches_the_committed_client_in_well_under_a_second() -> None:
    started = time.perf_counter()
    verdict = check_facade(ROOT, ROOT / "generated" / "simli_api_client")
    assert time.perf_counter() - started < 2
    assert verdict.matches
    assert verdict.checked >= 30
    assert verdict.lines() == [f"facade: matches the regenerated client ({verdict.checked} methods checked)"]


CASES: dict[str, tuple[Callable[[Path], None], dict[str, str]]] = {
    "module gone": (
        lambda p: (p / DEFAULT / "get_auto_agent_id.py").unlink(),
        {"simli.agents.get": "generated module simli_api_client.api.default.get_auto_agent_id is gone"},
    ),
    "keyword renamed": (
        lambda p: replace(p / DEFAULT / "get_history_sessions.py", "start_time", "from_time"),
        {"simli.history.sessions": "simli_api_client.api.default.get_history_sessions._get_kwargs no longer takes"},
    ),
    "field now required": (
        lambda p: replace(
            p / "models" / "legacy_face_upload.py", "    image: File\n", "    image: File\n    kind: str\n"
        ),
        {"simli.faces.create_legacy": "simli_api_client.models.LegacyFaceUpload now requires kind"},
    ),
    "model gone": (
        lambda p: replace(p / "models" / "__init__.py", "from .trinity_face_upload import TrinityFaceUpload\n", ""),
        {"simli.faces.create": "generated model simli_api_client.models.TrinityFaceUpload is gone"},
    ),
    "a flow breaks with its step": (
        lambda p: (p / DEFAULT / "get_request_status_faces_gs_status_get.py").unlink(),
        {
            "simli.faces.generation_status": "generated module simli_api_client.api.default.get_request_status_",
            "simli.faces.wait_until_ready": "calls simli.faces.generation_status, which no longer matches",
        },
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_tamper_names_exactly_the_methods_concerned(case: str, tmp_path: Path) -> None:
    tamper, expected = CASES[case]
    verdict = check_facade(ROOT, tampered(tmp_path, tamper))
    found = {m.method: m.reason for m in verdict.mismatches}
    assert sorted(found) == sorted(expected)
    for method, reason in expected.items():
        assert found[method].startswith(reason)
    assert not verdict.matches
    assert verdict.lines()[0].startswith(f"facade: {len(expected)} of {verdict.checked} methods no longer match")
