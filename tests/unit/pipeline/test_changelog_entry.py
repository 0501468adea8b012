"""The drift report as a CHANGELOG.md entry, in the format CHANGELOG.md's header documents; one entry per pin."""

from __future__ import annotations

from simli_pipeline.changelog import add_entry, entry
from tests.suites.project.test_changelog_format import problems

SHA = "0123456789abcdef" * 4
# A changelog of its own (the tests hold whatever CHANGELOG.md says), shaped as CHANGELOG.md's header documents.
CHANGELOG = """# Changelog

Every change users may notice.

## [Unreleased]

### Added

- `faces.create` returns a `CreatedFace`.

### Spec updates

#### 2026-11-26: openapi/openapi.yaml sha256 eeacbdca7f2b

First pin.

## [0.1.0] - 2026-11-01

### Added

- The client.
"""
REPORT = (
    "## Simli API spec drift\n\nComparing `a` (base) with `b` (new): 1 API change(s), **1 breaking change(s)**.\n\n"
    "### Breaking changes\n\n- `GET /x` **operation-removed**: operation removed\n"
)


def test_the_entry_drops_the_title_and_demotes_headings() -> None:
    assert entry(REPORT, "2026-12-04", SHA) == (
        "#### 2026-12-04: openapi/openapi.yaml sha256 0123456789ab\n\n"
        "Comparing `a` (base) with `b` (new): 1 API change(s), **1 breaking change(s)**.\n\n"
        "##### Breaking changes\n\n- `GET /x` **operation-removed**: operation removed\n"
    )


def test_the_entry_goes_first_under_spec_updates_and_replaces_the_same_pin() -> None:
    text = CHANGELOG
    once = add_entry(text, entry(REPORT, "2026-12-04", SHA), SHA)
    again = add_entry(once, entry(REPORT.replace("1 API", "2 API"), "2026-12-05", SHA), SHA)
    assert once.count("sha256 0123456789ab") == again.count("sha256 0123456789ab") == 1
    assert "2 API change(s)" in again
    assert "2026-12-05" in again
    assert "2026-12-04" not in again
    updates = again.split("\n### Spec updates\n", 1)[1]
    assert updates.lstrip().startswith("#### 2026-12-05: openapi/openapi.yaml sha256 0123456789ab")
    assert again.replace(updates, "") == text.replace(text.split("\n### Spec updates\n", 1)[1], "")
    assert problems(again) == []


def test_missing_sections_are_created() -> None:
    made = add_entry("", entry(REPORT, "2026-12-04", SHA), SHA)
    assert made.startswith("# Changelog\n\n## [Unreleased]\n\n### Spec updates\n\n#### 2026-12-04")
