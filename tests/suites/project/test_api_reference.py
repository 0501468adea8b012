"""api.md is what the facade renders now (python scripts/api_reference.py), and the check bites.

Nothing in api.md is written per method: a keyword added to every signature, a method marked
deprecated, or a line edited by hand all make it stale.
"""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simli_api import OPERATIONS
from simli_api.resources import RESOURCES
from simli_api.resources._method import Method
from simli_pipeline import api_reference
from simli_pipeline.api_reference import DOCUMENT, entries, render, stale
from tests.conftest import ROOT

API_MD = ROOT / DOCUMENT


def test_api_md_is_current() -> None:
    assert not stale(API_MD.read_text(encoding="utf-8")), "api.md is stale: run `python scripts/api_reference.py`"


def test_every_operation_and_every_method_is_listed() -> None:
    text = render()
    for route, name in OPERATIONS.items():
        assert f"| `{route}` | [`simli.{name}`]" in text
    import importlib

    declared = [
        f"simli.{area}.{name}"
        for area, (module, cls) in RESOURCES.items()
        for name, member in vars(getattr(importlib.import_module(module), cls)).items()
        if isinstance(member, Method) or (inspect.isfunction(member) and not name.startswith("_"))
    ]
    assert len(declared) >= len(OPERATIONS) + 3  # the flows and variants too
    for name in declared:
        assert f"### `{name}`" in text


def test_a_section_shows_signature_return_route_key_and_deprecation() -> None:
    text = render()
    section = text[text.index("### `simli.faces.create_legacy`") :].split("\n### ", 1)[0]
    assert "simli.faces.create_legacy(\n    image: Image,\n    *,\n    name: str | None = None,\n" in section
    assert "    extra_headers: Mapping[str, str] | None = None,\n) -> Any" in section
    assert "- HTTP: `POST /faces/legacy`" in section
    assert "on `AsyncSimli`: `Coroutine[Any, Any, Any]`" in section
    assert "- API key: sent (`x-simli-api-key`)" in section
    assert "- deprecated: yes" in section
    agents_start = text[text.index("### `simli.livekit.start_agents_session`") :].split("\n### ", 1)[0]
    assert "- API key: not sent" in agents_start
    assert "- deprecated: no" in agents_start


def test_a_hand_edit_is_stale() -> None:
    text = API_MD.read_text(encoding="utf-8")
    edited = text.replace("- deprecated: yes", "- deprecated: no", 1)
    assert edited != text
    assert stale(edited)


def test_a_new_keyword_on_every_method_makes_api_md_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    """As per-call options do: every signature gains a keyword; api.md follows without an edit per method."""
    original = Method.signature

    def with_option(self: Method[Any, Any], *, asynchronous: bool = False) -> inspect.Signature:
        signature: inspect.Signature = original(self, asynchronous=asynchronous, options=False)
        added = inspect.Parameter(
            "example_option", inspect.Parameter.KEYWORD_ONLY, default=None, annotation="int | None"
        )
        parameters = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        rest = [p for p in signature.parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD]
        return signature.replace(parameters=[*parameters, added, *rest])

    monkeypatch.setattr(Method, "signature", with_option)
    assert stale(API_MD.read_text(encoding="utf-8"))
    text = render()
    assert "simli.usage.active_sessions(*, example_option: int | None = None) -> ActiveSessions" in text
    assert text.count("example_option: int | None = None") >= len(OPERATIONS)


def test_a_method_marked_deprecated_is_shown_deprecated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stub carrying PEP 702's `__deprecated__` is deprecated in api.md, whatever the description says."""
    from simli_api.resources.usage import Usage

    monkeypatch.setattr(vars(Usage)["active_sessions"].stub, "__deprecated__", "use something else", raising=False)
    entry = next(e for e in entries() if (e.area, e.name) == ("usage", "active_sessions"))
    assert entry.deprecated
    assert stale(API_MD.read_text(encoding="utf-8"))


def test_a_set_default_renders_the_same_whatever_the_hash_seed() -> None:
    assert api_reference._default(frozenset({"b", "a", "c"})) == "frozenset({'a', 'b', 'c'})"


def _run(script: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=False, env=environment
    )


def test_the_command_checks_api_md(tmp_path: Path) -> None:
    """--check passes on the repository (under another hash seed too) and fails, naming the fix, on a stale copy."""
    result = _run(ROOT / "scripts" / "api_reference.py", "--check", seed="12345")
    assert result.returncode == 0, result.stderr
    assert "api.md: current" in result.stdout
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / DOCUMENT).write_text(API_MD.read_text(encoding="utf-8").replace("deprecated: yes", "deprecated: ?"))
    result = _run(tmp_path / "scripts" / "api_reference.py", "--check")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: api.md is stale; run `python scripts/api_reference.py`"
    assert _run(tmp_path / "scripts" / "api_reference.py").returncode == 0
    assert (tmp_path / DOCUMENT).read_text(encoding="utf-8") == API_MD.read_text(encoding="utf-8")
