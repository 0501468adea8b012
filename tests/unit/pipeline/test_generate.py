"""Regeneration is reproducible, complete, and replaces generated/ atomically.

Tests about a pinned description's contents use ``seeded_repo`` (the seed excerpt fixture pinned);
only the reproduction test uses the repository's own pinned spec, whatever it is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, RunScript
from tests.support.pipeline_harness import fingerprint

pytestmark = pytest.mark.slow


def test_regenerate_reproduces_the_committed_tree_and_lock(repo_copy: Path, run_script: RunScript) -> None:
    committed = fingerprint(ROOT / "generated", ROOT / "openapi")

    first = run_script(repo_copy, "generate.py")
    assert first.returncode == 0, first.stderr
    after_first = fingerprint(repo_copy / "generated", repo_copy / "openapi")
    second = run_script(repo_copy, "generate.py")
    assert second.returncode == 0, second.stderr

    def relative(prints: dict[str, str], base: Path) -> dict[str, str]:
        return {str(Path(k).relative_to(base)): v for k, v in prints.items()}

    assert relative(after_first, repo_copy) == relative(committed, ROOT)
    assert fingerprint(repo_copy / "generated", repo_copy / "openapi") == after_first
    assert not list(repo_copy.glob(".generate-*")), "staging directories must not be left behind"


def test_regenerate_prints_every_operation(seeded_repo: Path, run_script: RunScript) -> None:
    result = run_script(seeded_repo, "generate.py")
    assert result.returncode == 0, result.stderr
    assert (
        "generated: POST /integrations/livekit/agents -> "
        "simli_api_client.api.default.init_integrations_livekit_agents_post"
    ) in result.stdout
    assert "1 operation(s) generated; 0 normalisation rule(s) applied; 0 warning(s)" in result.stdout


def test_regenerate_refuses_a_spec_that_does_not_match_its_lock(seeded_repo: Path, run_script: RunScript) -> None:
    spec = seeded_repo / "openapi" / "openapi.yaml"
    edited = spec.read_bytes().replace(b"Start Livekit Agents Session", b"Start LiveKit Agents Session")
    assert edited != spec.read_bytes()
    spec.write_bytes(edited)
    before = fingerprint(seeded_repo / "generated")
    result = run_script(seeded_repo, "generate.py")
    assert result.returncode == 1
    assert "does not match its lock" in result.stderr
    assert fingerprint(seeded_repo / "generated") == before


def test_recovers_generated_moved_aside_by_an_interrupted_swap(repo_copy: Path) -> None:
    from simli_pipeline.install import recover_interrupted
    from simli_pipeline.repository import Repo

    repo = Repo(repo_copy)
    before = fingerprint(repo.generated)
    staging = repo_copy / ".generate-killed"
    staging.mkdir()
    repo.generated.rename(staging / "previous")

    recover_interrupted(repo)

    def relative(prints: dict[str, str]) -> set[tuple[str, str]]:
        return {(str(Path(k).relative_to(repo_copy / "generated")), v) for k, v in prints.items()}

    assert relative(fingerprint(repo.generated)) == relative(before)
    assert not staging.exists()


def test_help_and_one_line_failure(repo_copy: Path, run_script: RunScript) -> None:
    for script in ("generate.py", "check_generated.py", "update_spec.py", "normalise.py"):
        result = run_script(repo_copy, script, "--help")
        assert result.returncode == 0
        assert "usage:" in result.stdout
    (repo_copy / "openapi" / "openapi.lock.json").unlink()
    result = run_script(repo_copy, "generate.py")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "openapi.lock.json is missing" in result.stderr


def test_validation_failure_during_generation_stops_it_and_changes_nothing(
    seeded_repo: Path, run_script: RunScript
) -> None:
    """Validation overlaps the generator's run; when it refuses the document the generator is stopped."""
    from tests.conftest import pin

    original = (seeded_repo / "openapi" / "openapi.yaml").read_bytes()
    raw = original.replace(b"title: Simli\n", b"title: 42\n", 1)
    assert raw != original
    pin(seeded_repo, raw)  # as if the lock had been edited by hand to match
    before = fingerprint(seeded_repo / "generated")

    result = run_script(seeded_repo, "generate.py")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "not a valid OpenAPI 3.1.0 document at info.title: type: expected string, got number" in result.stderr
    assert fingerprint(seeded_repo / "generated") == before
    assert not list(seeded_repo.glob(".generate-*"))


def test_a_validation_is_recorded_and_the_same_bytes_are_not_validated_twice(
    seeded_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simli_pipeline import generate
    from simli_pipeline.lock import read_lock
    from simli_pipeline.repository import Repo
    from tests.conftest import FIXTURES, pin_and_regenerate

    repo = pin_and_regenerate(seeded_repo, (FIXTURES / "constructs" / "unknown-keys.yaml").read_bytes())
    first = [str(item) for item in generate.regenerate(repo).applied]
    recorded = read_lock(repo)["validation"]
    assert recorded["validator"].startswith("openapi-spec-validator ")
    assert len(recorded["warnings"]) == 2

    def must_not_run(*_args: object) -> list[object]:
        raise AssertionError("validated again")

    monkeypatch.setattr(generate, "full_validation", must_not_run)
    again = generate.regenerate(repo)
    assert [str(item) for item in again.applied] == first  # the same warnings, from the record

    lock = read_lock(Repo(seeded_repo))
    lock["validation"]["validator"] = "openapi-spec-validator 0.0.1"  # another validator: validate again
    (seeded_repo / "openapi" / "openapi.lock.json").write_text(json.dumps(lock))
    with pytest.raises(AssertionError, match="validated again"):
        generate.regenerate(repo)


UNKNOWN_KEY_WARNS = '"{what} (an x- prefix makes an extension)", fatal=False'
UNKNOWN_KEY_REFUSES = '"{what} (an x- prefix makes an extension)", fatal=True'


def refuse_unknown_keys(repo: Path) -> None:
    """Change the copy's classifier (scripts/simli_pipeline/findings.py) so that an unknown key is a refusal."""
    findings = repo / "scripts" / "simli_pipeline" / "findings.py"
    source = findings.read_text(encoding="utf-8")
    assert UNKNOWN_KEY_WARNS in source
    findings.write_text(source.replace(UNKNOWN_KEY_WARNS, UNKNOWN_KEY_REFUSES), encoding="utf-8")


def test_a_changed_classifier_validates_again(seeded_repo: Path, run_script: RunScript) -> None:
    """A recorded validation holds for the classifier that made it: with findings.py changed, both refuse."""
    from tests.conftest import FIXTURES, pin_and_regenerate

    pin_and_regenerate(seeded_repo, (FIXTURES / "constructs" / "unknown-keys.yaml").read_bytes())
    assert run_script(seeded_repo, "check_generated.py").returncode == 0
    refuse_unknown_keys(seeded_repo)
    before = fingerprint(seeded_repo / "generated", seeded_repo / "openapi")

    for script in ("generate.py", "check_generated.py"):
        result = run_script(seeded_repo, script)
        assert result.returncode == 1, script
        assert "unknown key" in result.stderr.strip().splitlines()[-1], script
    assert fingerprint(seeded_repo / "generated", seeded_repo / "openapi") == before


def test_the_validation_key_names_the_validator_libraries_and_the_classifier(
    seeded_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simli_pipeline import findings
    from simli_pipeline.generate import validation_key

    normalised = (seeded_repo / "openapi" / "openapi.yaml").read_bytes()
    key = validation_key(normalised)
    for library in ("openapi-spec-validator ", "openapi-schema-validator ", "jsonschema "):
        assert library in key["validator"]
    refuse_unknown_keys(seeded_repo)
    monkeypatch.setattr(findings, "__file__", str(seeded_repo / "scripts" / "simli_pipeline" / "findings.py"))
    assert validation_key(normalised)["classifier_sha256"] != key["classifier_sha256"]


# openapi-python-client 0.29.1's output on two components whose class names collide (as captured).
GENERATOR_OUTPUT = """Generating /tmp/out/p
Warning(s) encountered while generating. Client was generated, but some pieces may be missing

WARNING parsing GET /b within default.

Cannot parse response for status code <openapi_python_client.schema.untrusted_string.UntrustedString object at \
0x7fa867bb5f10> (Could not find reference in parsed models or enums), response will be omitted from generated client

{
  "$ref": "#/components/schemas/foo"
}
"""


def test_the_generators_first_problem_is_one_line_without_object_reprs() -> None:
    from simli_pipeline.generator import _first_problem

    problem = _first_problem(GENERATOR_OUTPUT)
    assert problem.startswith("WARNING parsing GET /b within default. Cannot parse response for status code")
    assert "Could not find reference in parsed models or enums" in problem
    assert " object at 0x" not in problem
    assert "<" not in problem


def test_a_generator_refusal_is_one_line_and_verbose_shows_its_output(seeded_repo: Path, run_script: RunScript) -> None:
    from tests.conftest import FIXTURES, pin

    pin(seeded_repo, (FIXTURES / "specs" / "generator-refuses.yaml").read_bytes())
    before = fingerprint(seeded_repo / "generated")

    result = run_script(seeded_repo, "generate.py")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "POST /integrations/livekit/agents" in result.stderr
    assert "Unsupported content type application/xml" in result.stderr

    verbose = run_script(seeded_repo, "generate.py", "--verbose")
    assert verbose.returncode == 1
    assert "  | If you believe this was a mistake" in verbose.stderr
    assert verbose.stderr.strip().splitlines()[-1] == result.stderr.strip()
    assert fingerprint(seeded_repo / "generated") == before
