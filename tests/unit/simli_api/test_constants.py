"""Every default lives in ``simli_api._constants``, says what it is, and costs nothing to import."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import httpx

import simli_api
from simli_api import _constants
from simli_api._client import DEFAULT_TIMEOUT, POOL_LIMITS
from simli_api._retry import RetryPolicy

PACKAGE = Path(simli_api.__file__).parent
CONSTANTS = PACKAGE / "_constants.py"
# Module-level names that read as a default or a limit.
DEFAULT_NAME = re.compile(r"DEFAULT|MAX|MIN|LIMIT|TIMEOUT|TTL|DELAY|INTERVAL|BACKOFF|RETRIES|MARGIN|LEAD")


def _literal(node: ast.expr) -> bool:
    """A value written out in place: a constant, arithmetic on constants, or a call with only such arguments."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _literal(node.operand)
    if isinstance(node, ast.BinOp):
        return _literal(node.left) and _literal(node.right)
    if isinstance(node, ast.Call):
        return all(_literal(arg) for arg in [*node.args, *(keyword.value for keyword in node.keywords)])
    return False


def stray_defaults(package: Path) -> list[str]:
    """``module: NAME`` for each default or limit written out in a module other than ``_constants``."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "_constants.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
            value = getattr(node, "value", None)
            named = isinstance(target, ast.Name) and DEFAULT_NAME.search(target.id)
            if named and value is not None and _literal(value):
                found.append(f"{path.relative_to(package).as_posix()}: {getattr(target, 'id', '')}")
    return found


def constants_problems(source: str) -> list[str]:
    """What keeps a ``_constants`` source from being cheap and self-describing: imports, undocumented names."""
    body = ast.parse(source).body
    problems = [f"line {node.lineno} imports" for node in body if isinstance(node, (ast.Import, ast.ImportFrom))]
    for index, node in enumerate(body):
        if not isinstance(node, ast.Assign):
            continue
        following = body[index + 1] if index + 1 < len(body) else None
        documented = (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        )
        if not documented:
            problems.append(f"{ast.unparse(node.targets[0])} has no docstring")
    return problems


def test_no_default_is_written_outside_the_constants_module() -> None:
    assert stray_defaults(PACKAGE) == []


def test_a_default_written_elsewhere_is_found(tmp_path: Path) -> None:
    copy = tmp_path / "simli_api"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    retry = copy / "_retry.py"
    retry.write_text(retry.read_text(encoding="utf-8") + "\nDEFAULT_JITTER = 0.25\n", encoding="utf-8")
    faces = copy / "resources" / "faces.py"
    faces.write_text(faces.read_text(encoding="utf-8") + "\nMAX_WAIT = 3 * 60.0\n", encoding="utf-8")
    assert stray_defaults(copy) == ["_retry.py: DEFAULT_JITTER", "resources/faces.py: MAX_WAIT"]


def test_the_constants_module_imports_nothing_and_documents_every_name() -> None:
    source = CONSTANTS.read_text(encoding="utf-8")
    assert constants_problems(source) == []
    names = [name for name in vars(_constants) if name.isupper()]
    assert len(names) >= 30, names


def test_a_constants_module_that_imports_or_leaves_a_name_unexplained_is_refused() -> None:
    source = CONSTANTS.read_text(encoding="utf-8")
    tampered = "import httpx\n" + source.replace(
        '\n"""Seconds: the most a retry waits without a ``Retry-After`` hint."""', "", 1
    )
    assert constants_problems(tampered) == ["line 1 imports", "RETRY_MAX_DELAY has no docstring"]


def test_the_library_objects_are_built_from_the_constants() -> None:
    built = httpx.Timeout(_constants.TIMEOUT_SECONDS, connect=_constants.CONNECT_TIMEOUT_SECONDS)
    assert built == DEFAULT_TIMEOUT
    assert POOL_LIMITS.max_connections == POOL_LIMITS.max_keepalive_connections == _constants.MAX_CONNECTIONS
    policy = RetryPolicy()
    assert (policy.max_retries, policy.base_delay, policy.max_delay, policy.max_retry_after) == (
        _constants.DEFAULT_MAX_RETRIES,
        _constants.RETRY_BASE_DELAY,
        _constants.RETRY_MAX_DELAY,
        _constants.RETRY_AFTER_CAP,
    )
