"""CHANGELOG.md keeps the shape its header describes, so tools (and the spec-drift job) can add to it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from simli_api import __version__
from tests.conftest import ROOT

CHANGELOG = ROOT / "CHANGELOG.md"
SECTIONS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security", "Spec updates"}
VERSION = re.compile(r"## \[(\d+)\.(\d+)\.(\d+)\] - \d{4}-\d{2}-\d{2}")
SPEC_ENTRY = re.compile(r"#### \d{4}-\d{2}-\d{2}: openapi/openapi\.yaml sha256 [0-9a-f]{12}")


def problems(text: str) -> list[str]:
    """Everything wrong with a changelog's text (empty when it has the documented shape)."""
    found: list[str] = []
    releases = [line for line in text.splitlines() if line.startswith("## ")]
    if not releases or releases[0] != "## [Unreleased]":
        found.append("the first version heading must be '## [Unreleased]'")
    versions: list[tuple[int, ...]] = []
    for heading in releases[1:]:
        match = VERSION.fullmatch(heading)
        if match is None:
            found.append(f"bad version heading {heading!r} (want '## [X.Y.Z] - YYYY-MM-DD')")
        else:
            versions.append(tuple(map(int, match.groups())))
    if versions != sorted(versions, reverse=True) or len(set(versions)) != len(versions):
        found.append("versions must be listed newest first, each once")
    semver = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", __version__)
    if semver is None:
        found.append(f"_version.py's {__version__!r} is not X.Y.Z")
    elif versions and tuple(map(int, semver.groups())) < versions[0]:
        found.append(f"_version.py says {__version__}, older than the newest release in the changelog")
    section = None
    for line in text.splitlines():
        if line.startswith("## "):
            section = None
        elif line.startswith("### "):
            section = line[4:]
            if section not in SECTIONS:
                found.append(f"unknown section {line!r} (one of: {', '.join(sorted(SECTIONS))})")
        elif line.startswith("#### ") and (section != "Spec updates" or SPEC_ENTRY.fullmatch(line) is None):
            found.append(f"{line!r}: '####' headings are spec-update entries: '{SPEC_ENTRY.pattern}'")
    return found


def test_the_changelog_has_its_documented_shape() -> None:
    assert problems(CHANGELOG.read_text(encoding="utf-8")) == []


def test_the_pinned_description_has_its_spec_update_entry() -> None:
    """The newest pin (openapi/openapi.lock.json's sha256) is recorded: a spec update without its entry is red."""
    import json

    pinned = json.loads((ROOT / "openapi" / "openapi.lock.json").read_text(encoding="utf-8"))["sha256"]
    assert f"openapi/openapi.yaml sha256 {pinned[:12]}" in CHANGELOG.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("tamper", "complaint"),
    [
        (lambda t: t.replace("## [Unreleased]", "## Unreleased"), "first version heading"),
        (lambda t: t + "\n## [0.0.1] - 2020-01-01\n\n## [0.0.2] - 2020-02-01\n", "newest first"),
        (lambda t: t + "\n## [0.1] - someday\n", "bad version heading"),
        (lambda t: t.replace("### Added", "### New stuff"), "unknown section"),
        (lambda t: t.replace("#### 2026-11-26: openapi/openapi.yaml sha256", "#### pinned"), "spec-update entries"),
        (lambda t: t + "\n## [99.0.0] - 2030-01-01\n", "older than the newest release"),
    ],
)
def test_the_check_bites(tamper: Callable[[str], str], complaint: str) -> None:
    found = problems(tamper(CHANGELOG.read_text(encoding="utf-8")))
    assert any(complaint in problem for problem in found), found
