"""check-generated goes red on every kind of drift and green on the real tree.

Tampering happens on a copy whose pinned spec is the seed excerpt fixture (``seeded_repo``), so
these tests hold whatever description the repository pins.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, RunScript

pytestmark = pytest.mark.slow


def test_real_tree_is_green(run_script: RunScript) -> None:
    result = run_script(ROOT, "check_generated.py")
    assert result.returncode == 0, result.stderr
    assert "matches" in result.stdout


def test_copy_is_green_before_tampering(seeded_repo: Path, run_script: RunScript) -> None:
    result = run_script(seeded_repo, "check_generated.py")
    assert result.returncode == 0, result.stderr


def test_one_character_hand_edit_in_generated_is_red(seeded_repo: Path, run_script: RunScript) -> None:
    target = seeded_repo / "generated" / "simli_api_client" / "models" / "live_kit_initialization_request.py"
    text = target.read_text()
    assert "session_token" in text
    target.write_text(text.replace("session_token", "session_tokem", 1))

    result = run_script(seeded_repo, "check_generated.py")

    assert result.returncode == 1
    assert "models/live_kit_initialization_request.py: differs from the generator's output" in result.stderr
    assert "-    session_token" in result.stderr or "session_tokem" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")


def test_hand_added_file_in_generated_is_red(seeded_repo: Path, run_script: RunScript) -> None:
    (seeded_repo / "generated" / "simli_api_client" / "extra.py").write_text("x = 1\n")
    result = run_script(seeded_repo, "check_generated.py")
    assert result.returncode == 1
    assert "extra.py: not made by the generator" in result.stderr


def test_whitespace_only_spec_edit_without_lock_update_is_red(seeded_repo: Path, run_script: RunScript) -> None:
    spec = seeded_repo / "openapi" / "openapi.yaml"
    spec.write_bytes(spec.read_bytes() + b"\n")

    result = run_script(seeded_repo, "check_generated.py")

    assert result.returncode == 1
    assert "the pinned spec was edited without `nox -s update-spec`" in result.stderr


def test_config_change_that_changes_output_is_red(seeded_repo: Path, run_script: RunScript) -> None:
    import json

    import yaml

    from simli_pipeline.repository import Repo, generator_inputs_digest

    config_path = seeded_repo / "generator-config.yaml"
    config = yaml.safe_load(config_path.read_text())
    overrides = config.setdefault("class_overrides", {})
    overrides["LiveKitInitializationRequest"] = {"class_name": "StartRequest", "module_name": "start_request"}
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    # Even with the lock's input hash brought up to date, the tree comparison must catch the change.
    lock_path = seeded_repo / "openapi" / "openapi.lock.json"
    lock = json.loads(lock_path.read_text())
    lock["generator_inputs_sha256"] = generator_inputs_digest(Repo(seeded_repo))
    lock_path.write_text(json.dumps(lock))

    result = run_script(seeded_repo, "check_generated.py")

    assert result.returncode == 1
    assert "models/start_request.py: missing (the generator makes it)" in result.stderr
    assert "models/live_kit_initialization_request.py: not made by the generator" in result.stderr


def test_config_change_without_regeneration_is_named(seeded_repo: Path, run_script: RunScript) -> None:
    config = seeded_repo / "generator-config.yaml"
    config.write_text(config.read_text() + "\n# a harmless comment\n")
    result = run_script(seeded_repo, "check_generated.py")
    assert result.returncode == 1
    assert "generator-config.yaml or generator-templates/ changed" in result.stderr


def test_toolchain_mismatch_is_named(seeded_repo: Path, run_script: RunScript) -> None:
    lock_path = seeded_repo / "openapi" / "openapi.lock.json"
    lock_path.write_text(lock_path.read_text().replace('"0.29.1"', '"0.28.0"'))
    result = run_script(seeded_repo, "check_generated.py")
    assert result.returncode == 1
    assert "lock records generator openapi-python-client 0.28.0" in result.stderr


def test_check_generated_validates_whatever_the_lock_records(
    seeded_repo: Path, run_script: RunScript, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI's guard never trusts the lock's validation record: a record claiming the new classifier passed is ignored."""
    import json

    from simli_pipeline import findings
    from tests.conftest import FIXTURES, pin_and_regenerate
    from tests.unit.pipeline.test_generate import refuse_unknown_keys

    pin_and_regenerate(seeded_repo, (FIXTURES / "constructs" / "unknown-keys.yaml").read_bytes())
    refuse_unknown_keys(seeded_repo)
    lock_path = seeded_repo / "openapi" / "openapi.lock.json"
    lock = json.loads(lock_path.read_text())
    monkeypatch.setattr(findings, "__file__", str(seeded_repo / "scripts" / "simli_pipeline" / "findings.py"))
    lock["validation"]["classifier_sha256"] = findings.classifier_digest()  # the tampered classifier's
    lock_path.write_text(json.dumps(lock))
    assert run_script(seeded_repo, "generate.py").returncode == 0  # regenerate trusts the (false) record

    result = run_script(seeded_repo, "check_generated.py")

    assert result.returncode == 1
    assert "regeneration failed" in result.stderr
    assert "unknown key" in result.stderr
