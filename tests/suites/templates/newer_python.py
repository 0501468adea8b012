"""Find what a Python 3.10 interpreter cannot run in a tree of modules, without running 3.10.

The client supports Python 3.10+, but the generator (and ruff's pyupgrade fixes) target newer
versions; ``nox -s compat`` proves the client on 3.10 but is not part of the default run. This
static check is: every module must parse with 3.10's grammar, and must not import at run time a
standard-library name added later (the table below, from the "What's New" pages of 3.11-3.13)
nor ``typing_extensions`` (not a runtime dependency), nor call a method that 3.10 has but that
takes less there (``datetime.fromisoformat``). Code under ``if TYPE_CHECKING:`` or
``if sys.version_info >= (3, 11):`` never runs on 3.10 and is allowed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

OLDEST = (3, 10)

# Standard-library modules and names newer than 3.10, with the version that added them.
NEWER_MODULES = {"tomllib": "3.11", "wsgiref.types": "3.11"}
NEWER_NAMES: dict[str, dict[str, str]] = {
    "enum": {
        **dict.fromkeys(
            ["StrEnum", "ReprEnum", "EnumCheck", "FlagBoundary", "verify", "member", "nonmember", "property"], "3.11"
        ),
        **dict.fromkeys(["global_enum", "show_flag_values", "EnumType"], "3.11"),
    },
    "typing": {
        **dict.fromkeys(
            [
                "Self",
                "LiteralString",
                "Never",
                "NotRequired",
                "Required",
                "TypeVarTuple",
                "Unpack",
                "assert_never",
                "assert_type",
                "reveal_type",
                "dataclass_transform",
                "get_overloads",
                "clear_overloads",
            ],
            "3.11",
        ),
        **dict.fromkeys(["override", "TypeAliasType"], "3.12"),
        **dict.fromkeys(["ReadOnly", "TypeIs", "NoDefault", "get_protocol_members", "is_protocol"], "3.13"),
    },
    "asyncio": dict.fromkeys(["TaskGroup", "timeout", "timeout_at", "Timeout", "Runner", "Barrier"], "3.11"),
    "datetime": {"UTC": "3.11"},
    "hashlib": {"file_digest": "3.11"},
    "operator": {"call": "3.11"},
    "contextlib": {"chdir": "3.11"},
    "itertools": {"batched": "3.12"},
    "warnings": {"deprecated": "3.13"},
    "copy": {"replace": "3.13"},
}
NEWER_BUILTINS = {"ExceptionGroup": "3.11", "BaseExceptionGroup": "3.11"}
# Methods that exist on 3.10 but take less there: (module, class, method) -> what 3.10 refuses.
NARROWER_METHODS = {
    ("datetime", "datetime", "fromisoformat"): "a UTC 'Z' and most ISO 8601 forms before Python 3.11",
    ("datetime", "time", "fromisoformat"): "a UTC 'Z' and most ISO 8601 forms before Python 3.11",
}
NOT_AT_RUNTIME = {"typing_extensions": "not a runtime dependency of the client"}


def findings(root: Path) -> list[str]:
    """``path:line: what`` for every construct under ``root`` (a package or a file) that 3.10 cannot run."""
    files = [root] if root.is_file() else sorted(root.rglob("*.py"))
    return [f"{path}:{line}: {what}" for path in files for line, what in module_findings(path.read_text("utf-8"))]


def module_findings(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each construct of one module's ``source`` that Python 3.10 cannot run."""
    try:
        tree = ast.parse(source, feature_version=OLDEST)
    except SyntaxError as exc:
        yield exc.lineno or 0, f"syntax newer than Python 3.10 ({exc.msg})"
        return
    skipped = {id(node) for part in _never_evaluated(tree) for node in ast.walk(part)}
    modules: dict[str, str] = {}  # local name -> module, for `enum.StrEnum` after `import enum`
    imported: dict[str, tuple[str, str]] = {}  # local name -> (module, name), for `datetime` after `from datetime …`
    for node in ast.walk(tree):  # breadth first: a module's imports come before the code using them
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _module_finding(node.lineno, alias.name)
                top = alias.name.partition(".")[0]
                modules[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield from _module_finding(node.lineno, node.module)
            for alias in node.names:
                yield from _name_finding(node.lineno, node.module, alias.name)
                imported[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Attribute) and (narrower := _narrower(node, modules, imported)):
            yield node.lineno, narrower
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            yield from _name_finding(node.lineno, modules[node.value.id], node.attr)
        elif isinstance(node, ast.Name) and node.id in NEWER_BUILTINS:
            yield node.lineno, f"builtin {node.id} (Python {NEWER_BUILTINS[node.id]}+)"


def _narrower(node: ast.Attribute, modules: dict[str, str], imported: dict[str, tuple[str, str]]) -> str | None:
    """What 3.10 refuses when ``node`` is one of NARROWER_METHODS, reached through its module
    (``datetime.datetime.fromisoformat``) or an imported class (``datetime.fromisoformat``)."""
    owner = node.value
    if isinstance(owner, ast.Name) and owner.id in imported:
        method = (*imported[owner.id], node.attr)
    elif isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and owner.value.id in modules:
        method = (modules[owner.value.id], owner.attr, node.attr)
    else:
        return None
    refused = NARROWER_METHODS.get(method)
    return None if refused is None else f"{'.'.join(method)} refuses {refused}"


def _module_finding(line: int, module: str) -> Iterator[tuple[int, str]]:
    if module in NEWER_MODULES:
        yield line, f"module {module} (Python {NEWER_MODULES[module]}+)"
    top = module.partition(".")[0]
    if top in NOT_AT_RUNTIME:
        yield line, f"{top} imported at run time ({NOT_AT_RUNTIME[top]}; import it under TYPE_CHECKING)"


def _name_finding(line: int, module: str, name: str) -> Iterator[tuple[int, str]]:
    added = NEWER_NAMES.get(module, {}).get(name)
    if added:
        yield line, f"{module}.{name} (Python {added}+)"


def _never_evaluated(tree: ast.Module) -> Iterator[ast.AST]:
    """Parts of a module that never run on 3.10: ``if TYPE_CHECKING:`` and ``if sys.version_info >= (3, 11):``
    bodies, and annotations under ``from __future__ import annotations``."""
    postponed = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (_is_type_checking(node.test) or _is_newer_python(node.test)):
            yield from node.body
        elif postponed and isinstance(node, (ast.arg, ast.AnnAssign)) and node.annotation is not None:
            yield node.annotation
        elif postponed and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            yield node.returns


def _is_newer_python(test: ast.expr) -> bool:
    """``sys.version_info >= (3, N)`` with N above 10 (any name for sys): its body never runs on 3.10."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.GtE)):
        return False
    left, right = test.left, test.comparators[0]
    if not (isinstance(left, ast.Attribute) and left.attr == "version_info" and isinstance(right, ast.Tuple)):
        return False
    version = tuple(item.value for item in right.elts if isinstance(item, ast.Constant))
    return len(version) == len(right.elts) and version >= (OLDEST[0], OLDEST[1] + 1)


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
