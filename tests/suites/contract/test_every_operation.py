"""Every operation of the pinned description through the facade, sync and async.

Prism answers where it can, a local server where it cannot (see cases.py).

Each case checks the request (the route OPERATIONS names, the API key only where the description's
security asks for it, Prism's request validation), the warning (DeprecationWarning at the caller's
line for deprecated operations, none otherwise) and the result's shape.
"""

from __future__ import annotations

import asyncio
import os
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from simli_api import OPERATIONS, AsyncSimli, Simli, SimliConnectionError, _download
from tests.support.operations_catalogue import Described, described
from tests.support.routed_server import Answer, local_server

from .cases import API_KEY, CASES, MP4, SHAPES, Case, shape
from .conftest import Watch

KINDS = ["sync", "async"]
DESCRIBED = described()
HERE = Path(__file__).resolve().parent


def _resolve(client: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        client = getattr(client, part)
    return client


def run(kind: str, base_url: str, call: Any, name: str) -> Any:
    """``call`` applied to the facade method ``name`` of a fresh Simli (sync) or AsyncSimli (async)."""
    if kind == "sync":
        with Simli(base_url=base_url, api_key=API_KEY, max_retries=0) as simli:
            return call(_resolve(simli, name))

    async def main() -> Any:
        async with AsyncSimli(base_url=base_url, api_key=API_KEY, max_retries=0) as simli:
            return await call(_resolve(simli, name))

    return asyncio.run(main())


@contextmanager
def expected_warnings(operation: Described) -> Iterator[None]:
    """A DeprecationWarning naming the operation, attributed to the caller, exactly for deprecated operations."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    if not operation.deprecated:
        assert deprecations == [], f"{operation.route} is not deprecated"
        return
    assert len(deprecations) == 1, f"{operation.route} is deprecated: one DeprecationWarning per call"
    assert re.search(re.escape(operation.route), str(deprecations[0].message))
    assert Path(deprecations[0].filename).parent == HERE, "the warning points at the caller's line"


def check_request(case: Case, method: str, path: str, headers: Any) -> None:
    assert case.matches(method, path), f"{method} {path} is not {case.route}"
    if DESCRIBED[case.route].secured:
        assert headers.get("x-simli-api-key") == API_KEY
    else:
        assert "x-simli-api-key" not in headers, f"{case.route} is `security: []`: the key must not be sent"


def check_result(case: Case, result: Any) -> None:
    assert shape(result) == case.returns
    if case.equals is not None:
        assert result == case.equals


def test_every_described_operation_has_a_case() -> None:
    routes = [case.route for case in CASES]
    assert len(routes) == len(set(routes)), "one case per operation"
    missing = sorted(set(DESCRIBED) - set(routes))
    assert missing == [], f"operations of the pinned description without a contract case: {missing}"
    assert sorted(set(routes) - set(DESCRIBED)) == [], "cases for operations the description does not have"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", [c for c in CASES if c.local is None], ids=lambda c: c.route)
def test_operation_against_prism(case: Case, kind: str, prism_url: str, watch: Watch) -> None:
    with expected_warnings(DESCRIBED[case.route]):
        result = run(kind, prism_url, case.call, OPERATIONS[case.route])
    assert len(watch.responses) == 1
    request = watch.responses[0].request
    check_request(case, request.method, request.url.path, request.headers)
    check_result(case, result)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", [c for c in CASES if c.local is not None], ids=lambda c: c.route)
def test_operation_against_the_local_server(case: Case, kind: str) -> None:
    assert case.local is not None
    with local_server({"*": case.local}) as (url, received), expected_warnings(DESCRIBED[case.route]):
        result = run(kind, url, case.call, OPERATIONS[case.route])
    assert len(received) == 1
    check_request(case, received[0].method, received[0].path.split("?", 1)[0], received[0].headers)
    check_result(case, result)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("case", "what"), SHAPES, ids=[what for _, what in SHAPES])
def test_response_shapes_from_a_real_server(case: Case, what: str, kind: str) -> None:
    assert case.local is not None
    with local_server({"*": case.local}) as (url, received), expected_warnings(DESCRIBED[case.route]):
        result = run(kind, url, case.call, OPERATIONS[case.route])
    check_request(case, received[0].method, received[0].path.split("?", 1)[0], received[0].headers)
    check_result(case, result)


@pytest.mark.parametrize("kind", KINDS)
def test_save_mp4_streams_to_a_file(kind: str, tmp_path: Path) -> None:
    [case] = [c for c in CASES if c.route == "GET /static/mp4/{destination}/{file}"]
    assert case.local is not None
    target = tmp_path / "video.mp4"
    with local_server({"*": case.local}) as (url, received):
        saved = run(kind, url, lambda m: m("machine-1", "output.mp4", to=target), "videos.save_mp4")
    assert saved == target
    assert target.read_bytes() == MP4
    assert [r.path for r in received] == ["/static/mp4/machine-1/output.mp4"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["video.mp4"], "no partial file left behind"


def _save_cut_mid_body(kind: str, folder: Path) -> list[str]:
    """Save to a new path and over an existing file while the server hangs up halfway through the video;
    what went wrong (a failed save must leave nothing behind and the existing file as it was)."""
    existing = folder / "old.mp4"
    existing.write_bytes(b"the previous video")
    cut = Answer(200, MP4, {"Content-Type": "video/mp4"}, cut_after=len(MP4) // 2)
    problems = []
    for name in ("new.mp4", "old.mp4"):
        with local_server({"*": cut}) as (url, received):
            try:
                run(kind, url, lambda m, name=name: m("machine-1", name, to=folder / name), "videos.save_mp4")
            except SimliConnectionError:
                pass
            else:
                problems.append(f"{name}: a video cut in half was saved")
        assert len(received) == 1
    left = sorted(p.name for p in folder.iterdir())
    if left != ["old.mp4"]:
        problems.append(f"files left: {left}")
    if existing.read_bytes() != b"the previous video":
        problems.append("the existing file was overwritten")
    return problems


def _save_over_a_directory(kind: str, folder: Path) -> list[str]:
    """Save to a path that is a directory: refused before any request, nothing created."""
    target = folder / "video.mp4"
    target.mkdir()
    problems = []
    with local_server({"*": Answer.binary(MP4, "video/mp4")}) as (url, received):
        try:
            run(kind, url, lambda m: m("machine-1", "output.mp4", to=target), "videos.save_mp4")
        except IsADirectoryError:
            pass
        else:
            problems.append("saved over a directory")
    if received:
        problems.append("the request was sent before the target was checked")
    left = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    if left != ["video.mp4"]:
        problems.append(f"files left: {left}")
    return problems


FAILED_SAVES = {"cut mid-body": _save_cut_mid_body, "over a directory": _save_over_a_directory}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("scenario", list(FAILED_SAVES))
def test_a_failed_save_leaves_no_file(kind: str, scenario: str, tmp_path: Path) -> None:
    assert FAILED_SAVES[scenario](kind, tmp_path) == []


@contextmanager
def _in_place(to: Any) -> Iterator[Any]:
    with open(to, "wb") as handle:  # writes the target itself, chunk by chunk
        yield handle


@contextmanager
def _never_removed(to: Any) -> Iterator[Any]:
    with open(Path(to).with_name(f".{Path(to).name}.part"), "wb") as handle:  # a part file never cleaned up
        yield handle
    os.replace(handle.name, to)


class _NoDirectoryCheck(type(Path())):  # type: ignore[misc]
    def is_dir(self) -> bool:
        return False


SABOTAGES: dict[str, tuple[str, str, Any]] = {
    "writing in place": ("cut mid-body", "_part_file", _in_place),
    "part file never removed": ("cut mid-body", "_part_file", _never_removed),
    "no directory check": ("over a directory", "Path", _NoDirectoryCheck),
}


@pytest.mark.parametrize("sabotage", list(SABOTAGES))
def test_the_failed_save_check_bites(sabotage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the atomic writer weakened, the same scenario reports what it left behind."""
    scenario, name, replacement = SABOTAGES[sabotage]
    monkeypatch.setattr(_download, name, replacement)
    assert FAILED_SAVES[scenario]("sync", tmp_path) != []
