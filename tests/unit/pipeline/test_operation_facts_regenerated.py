"""operation_facts.py is generated output: regeneration writes it, and check-generated catches any edit to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from simli_pipeline.checking import check
from simli_pipeline.generate import build_package
from simli_pipeline.generated import generated_operations
from simli_pipeline.repository import Repo
from tests.conftest import FIXTURES, copy_repo, pin

pytestmark = pytest.mark.slow
FACTS = Path("generated") / "simli_api_client" / "operation_facts.py"


def test_regeneration_writes_facts_for_every_operation(tmp_path: Path) -> None:
    repo = pin(copy_repo(tmp_path / "repo"), (FIXTURES / "specs" / "runtime-shapes.yaml").read_bytes())
    work = tmp_path / "work"
    work.mkdir()
    package = build_package(repo, work).package
    namespace: dict[str, object] = {}
    exec((package / "operation_facts.py").read_text(encoding="utf-8"), namespace)  # noqa: S102
    operations = namespace["OPERATIONS"]
    assert isinstance(operations, dict)
    assert sorted(operations) == sorted(op.module.partition(".")[2] for op in generated_operations(package))
    assert operations["api.default.get_video"]["security"] == []
    assert operations["api.default.delete_thing"]["deprecated"] is True


def test_check_generated_passes_on_an_untouched_copy(tmp_path: Path) -> None:
    assert check(Repo(copy_repo(tmp_path / "repo"))) == []


@pytest.mark.parametrize("tamper", ["key-to-an-open-operation", "deleted"])
def test_check_generated_catches_edited_facts(tmp_path: Path, tamper: str) -> None:
    """The tamper proof: facts edited by hand (the key sent where security says none), or missing, go red."""
    root = copy_repo(tmp_path / "repo")
    facts = root / FACTS
    if tamper == "deleted":
        facts.unlink()
        expected = "operation_facts.py: missing (the generator makes it)"
    else:
        text = facts.read_text(encoding="utf-8")
        assert '"security": [],' in text
        facts.write_text(text.replace('"security": [],', '"security": [["ApiKeyAuth"]],', 1), encoding="utf-8")
        expected = "operation_facts.py: differs from the generator's output"
    problems = check(Repo(root))
    assert any(expected in problem for problem in problems), problems
