"""Real-shaped descriptions through update-spec and the drift report: a complete client or one clear line.

Each description under tests/fixtures/corpus/ goes through `update_spec.py` in a repository copy:
a `complete` one generates every operation it declares, with exactly the rules and the number of
warnings expected.json lists; a `refused` one is refused with one line naming where and what, and
openapi/ and generated/ are left as they were. Never a traceback. The drift report is produced for
every pair of them (what `nox -s drift` runs: scripts/spec_diff.py), never a crash either.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simli_pipeline.diff.compare import diff
from simli_pipeline.diff.model import DocumentError, load
from simli_pipeline.diff.pipeline import pipeline_findings
from simli_pipeline.diff.report import to_json, to_markdown
from simli_pipeline.errors import PipelineError
from simli_pipeline.openapi import iter_operations
from simli_pipeline.parsing import parse_document
from tests.conftest import FIXTURES, ROOT, RunScript
from tests.support.pipeline_harness import fingerprint

pytestmark = pytest.mark.slow
CORPUS = FIXTURES / "corpus"
EXPECTED: dict[str, dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".json") and p.name != "expected.json")
NEVER = ("Traceback", "internal error")


def test_the_corpus_is_big_enough_and_every_document_has_an_expectation() -> None:
    assert [p.name for p in DOCUMENTS] == sorted(EXPECTED)
    assert len(DOCUMENTS) >= 8
    outcomes = {entry["outcome"] for entry in EXPECTED.values()}
    assert outcomes == {"complete", "refused"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_update_spec_gives_a_complete_client_or_one_clear_line(
    name: str, seeded_repo: Path, run_script: RunScript
) -> None:
    expected, source = EXPECTED[name], CORPUS / name
    before = fingerprint(seeded_repo / "openapi", seeded_repo / "generated")

    result = run_script(seeded_repo, "update_spec.py", str(source))

    assert not any(word in result.stderr + result.stdout for word in NEVER), result.stderr
    if expected["outcome"] == "refused":
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [result.stderr.strip()]
        assert expected["fragment"] in result.stderr
        assert result.stderr.rstrip().endswith("(openapi/ and generated/ left unchanged)")
        assert fingerprint(seeded_repo / "openapi", seeded_repo / "generated") == before
        return
    assert result.returncode == 0, result.stderr
    declared = sorted(f"{m} {p}" for m, p, _ in iter_operations(parse_document(source.read_bytes(), name)))
    generated = sorted(line.split(" -> ")[0].removeprefix("generated: ") for line in _lines(result, "generated: "))
    assert generated == declared
    rules = {match.group(1) for line in result.stdout.splitlines() if (match := re.match(r"^\w+: \[([\w-]+)\]", line))}
    assert rules - {"validator"} == set(expected["rules"])
    assert len(_lines(result, "warning: ")) == expected["warnings"]
    assert (seeded_repo / "openapi" / "openapi.yaml").read_bytes() == source.read_bytes()


def _lines(result: subprocess.CompletedProcess[str], prefix: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith(prefix)]


def _loaded(path: Path) -> dict[str, Any] | None:
    try:
        return load(str(path))
    except DocumentError:
        return None  # not OpenAPI 3 (the Swagger 2.0 one): spec_diff exits 3 with one line


def test_the_drift_report_is_produced_for_every_pair() -> None:
    documents = {path.name: _loaded(path) for path in DOCUMENTS}
    assert sum(document is None for document in documents.values()) == 1
    for (old_name, old), (new_name, new) in itertools.permutations(documents.items(), 2):
        if old is None or new is None:
            continue
        report = diff(old, new, old_name, new_name)
        json.loads(to_json(report))
        assert to_markdown(report).startswith("## Simli API spec drift")
        assert report.exit_code in (1, 2)  # different APIs, every one of them
    for name, document in documents.items():
        if document is None:
            continue
        found = pipeline_findings(document, name)
        refused = [message for level, message in found if level == "refusal"]
        assert bool(refused) == (EXPECTED[name]["outcome"] == "refused"), (name, found)


def test_the_drift_command_never_crashes_across_the_corpus(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "spec_diff.py"
    for old, new in itertools.pairwise(DOCUMENTS + DOCUMENTS[:1]):
        result = subprocess.run(
            [sys.executable, str(script), "--base", str(old), str(new), "--json-file", str(tmp_path / "r.json")],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert not any(word in result.stderr for word in NEVER), result.stderr
        if "swagger2" in old.name or "swagger2" in new.name:
            assert result.returncode == 3
            assert len(result.stderr.strip().splitlines()) == 1
            assert "is Swagger 2.0" in result.stderr or "not an OpenAPI 3.0/3.1 document" in result.stderr
            continue
        assert result.returncode in (1, 2), result.stderr
        assert result.stdout.startswith("## Simli API spec drift")
        assert (
            json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["exit_code"] == result.returncode
        )


def test_refusals_name_where_and_what_in_the_pipeline_error_too() -> None:
    from simli_pipeline.gate import load_normalised

    for name, entry in EXPECTED.items():
        if entry["outcome"] != "refused":
            continue
        with pytest.raises(PipelineError) as caught:
            load_normalised((CORPUS / name).read_bytes(), name)
        assert entry["fragment"] in str(caught.value)
