"""release.yml publishes with least privilege: SHA-pinned actions, no token but the publish job's OIDC one.

(`nox -s lint` also runs check-jsonschema and zizmor on every workflow.)
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from simli_api import __version__
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
README = ROOT / "README.md"
PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")


def problems(text: str) -> list[str]:
    """What breaks the release workflow's rules (empty when none)."""
    workflow: dict[Any, Any] = yaml.safe_load(text)
    found: list[str] = []
    if workflow.get("permissions") != {}:
        found.append("the top-level permissions must be {}")
    triggers = workflow.get(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as True
    if triggers != {"push": {"tags": ["v*"]}}:
        found.append("it must run on version tags only")
    for name, job in workflow["jobs"].items():
        grants = job.get("permissions", {})
        if grants.get("id-token") == "write" and name != "publish":
            found.append(f"job {name} must not get id-token: write")
        for step in job["steps"]:
            uses = step.get("uses")
            if uses is not None and PINNED.fullmatch(uses) is None:
                found.append(f"{uses} is not pinned by a full commit SHA")
            checkout = uses is not None and uses.startswith("actions/checkout@")
            if checkout and step.get("with", {}).get("persist-credentials") is not False:
                found.append("checkout must set persist-credentials: false")
    publish = workflow["jobs"].get("publish", {})
    if publish.get("permissions") != {"id-token": "write"}:
        found.append("the publish job needs id-token: write and nothing else")
    if not any(str(s.get("uses", "")).startswith("pypa/gh-action-pypi-publish@") for s in publish.get("steps", [])):
        found.append("the publish job must use pypa/gh-action-pypi-publish (trusted publishing)")
    if "password" in text:
        found.append("trusted publishing needs no password")
    return found


def test_the_release_workflow_follows_the_rules() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert problems(text) == []
    assert re.search(r"@[0-9a-f]{40} # v\d", text), "pins carry their version in a comment"
    assert "nox -s build" in text


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("permissions: {}\n", "permissions:\n  contents: write\n", "top-level"),
        ("@dc37677b2e1c63e2034f94d8a5b11f265b73ba33", "@release/v1", "not pinned"),
        ("persist-credentials: false", "persist-credentials: true", "persist-credentials"),
        ("contents: read # check out", "id-token: write # check out", "must not get id-token"),
        ('      - "v*"', '      - "*"', "version tags"),
    ],
)
def test_the_rules_bite(old: str, new: str, complaint: str) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    assert any(complaint in problem for problem in problems(text.replace(old, new)))


def test_the_readme_install_section_names_the_current_wheel() -> None:
    """The install lines work today: a git URL with the extra, and the wheel `nox -s build` writes."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Install") : text.index("\n## ", text.index("## Install") + 1)]
    assert '"simli-api[livekit] @ git+https://github.com/' in section
    assert "pip install './simli-api[livekit]'" in section
    assert f"dist/simli_api-{__version__}-py3-none-any.whl" in section
