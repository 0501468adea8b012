"""scripts/ imports downward only: no cycle, no import pointing up the declared layers, no undeclared module.

The graph is built from the source with ``ast`` (module-level and function-level imports alike, so an
import written inside a function cannot hide a cycle), over the library (scripts/simli_pipeline, its
order declared by ``simli_pipeline.LAYERS``) and the commands (scripts/*.py, above every layer).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = "simli_pipeline"
COMMANDS = "commands"  # the layer of scripts/*.py: above every declared one


def _module_name(package: Path, path: Path) -> str:
    """``rules.base`` for rules/base.py, ``rules`` for rules/__init__.py, ``""`` for the package's own __init__."""
    parts = list(path.relative_to(package).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(tree: ast.AST, here: str, modules: set[str], is_package: bool) -> set[str]:
    """The package modules a source imports anywhere in it (functions included), as module names."""
    found: set[str] = set()

    def resolve(name: str) -> None:
        while name and name not in modules:  # `from simli_pipeline.x import a`, where a is a function
            name = name.rpartition(".")[0]
        if name:
            found.add(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(f"{PACKAGE}."):
                    resolve(alias.name.removeprefix(f"{PACKAGE}."))
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against this module's package
                anchor = here.split(".") if here else []
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            elif node.module == PACKAGE or (node.module or "").startswith(f"{PACKAGE}."):
                base = (node.module or "").removeprefix(PACKAGE).lstrip(".")
            else:
                continue
            for alias in node.names:
                resolve(f"{base}.{alias.name}" if base else alias.name)
    return found


def _declared_layers(package: Path) -> tuple[tuple[str, ...], ...]:
    """``LAYERS`` as written in the package's __init__.py (read, not imported: a tampered copy declares its own)."""
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "LAYERS" for t in targets) and node.value is not None:
                layers: tuple[tuple[str, ...], ...] = ast.literal_eval(node.value)
                return layers
    raise AssertionError(f"{package}/__init__.py declares no LAYERS")


def _layer(module: str, layers: tuple[tuple[str, ...], ...]) -> int | None:
    for index, layer in enumerate(layers):
        for pattern in layer:
            if module == pattern or (pattern.endswith(".*") and module.startswith(pattern[:-1])):
                return index
    return None


def import_graph(scripts: Path) -> dict[str, set[str]]:
    """Module -> the modules it imports: the library's by name, each command as ``commands:<file>``."""
    package = scripts / PACKAGE
    sources = {_module_name(package, path): path for path in sorted(package.rglob("*.py"))}
    modules = set(sources)
    graph = {
        name: _targets(ast.parse(path.read_text(encoding="utf-8")), name, modules, path.name == "__init__.py")
        for name, path in sources.items()
    }
    for command in sorted(scripts.glob("*.py")):
        tree = ast.parse(command.read_text(encoding="utf-8"))
        graph[f"{COMMANDS}:{command.name}"] = _targets(tree, "", modules, is_package=True)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layering_problems(scripts: Path) -> list[str]:
    """Every cycle, upward import and undeclared (or declared but missing) module of ``scripts``, one line each."""
    layers = _declared_layers(scripts / PACKAGE)
    graph = import_graph(scripts)
    problems: list[str] = []
    library = [name for name in graph if name and not name.startswith(f"{COMMANDS}:")]
    for name in sorted(library):
        if _layer(name, layers) is None:
            problems.append(f"{PACKAGE}.{name} is in no layer: declare it in {PACKAGE}.LAYERS")
    for layer in layers:
        for pattern in layer:
            if not any(_layer(name, ((pattern,),)) is not None for name in library):
                problems.append(f"{PACKAGE}.LAYERS declares {pattern}, which no module is")
    if graph.get(""):
        problems.append(f"{PACKAGE}/__init__.py imports {sorted(graph[''])}: it declares, it imports nothing")
    top = len(layers)
    for source, targets in sorted(graph.items()):
        here = top if source.startswith(f"{COMMANDS}:") else _layer(source, layers)
        for target in sorted(targets):
            there = _layer(target, layers)
            if here is not None and there is not None and there > here:
                problems.append(f"upward import: {source} (layer {here}) imports {target} (layer {there})")
    for cycle in _cycles(graph):
        problems.append(f"import cycle among {', '.join(cycle)}")
    return problems


def test_scripts_import_downward_only() -> None:
    assert layering_problems(ROOT / "scripts") == []


def test_the_graph_sees_function_level_imports_and_commands() -> None:
    """The graph is not vacuous: it holds the imports the layering depends on, those inside functions included."""
    graph = import_graph(ROOT / "scripts")
    assert "gate" in graph["generate"]
    assert "rules.dangling_refs" in graph["rules"]
    assert "diff.compare" in graph[f"{COMMANDS}:spec_diff.py"]
    assert "validation" in graph["normalisation"]  # normalise_checked validates: a module-level import
    assert len([name for name in graph if name.startswith(f"{COMMANDS}:")]) >= 8


@pytest.fixture
def scripts_copy(tmp_path: Path) -> Path:
    destination = tmp_path / "scripts"
    shutil.copytree(ROOT / "scripts", destination, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def _append(path: Path, source: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + source, encoding="utf-8")


def test_a_cycle_hidden_in_a_function_is_reported(scripts_copy: Path) -> None:
    """The cycle issue 19 found: an import inside a function (here errors -> generate -> ... -> errors)."""
    _append(
        scripts_copy / PACKAGE / "errors.py",
        "\n\ndef later() -> None:\n    from simli_pipeline.generate import regenerate  # noqa: PLC0415\n",
    )
    problems = layering_problems(scripts_copy)
    assert any(p.startswith("import cycle among ") and "errors" in p and "generate" in p for p in problems), problems
    assert "upward import: errors (layer 0) imports generate (layer 9)" in problems


def test_a_cycle_within_one_layer_is_reported(scripts_copy: Path) -> None:
    """Same-layer imports are allowed, circles are not: repository <-> lock, through a relative import."""
    _append(scripts_copy / PACKAGE / "repository.py", "\nfrom . import lock\n")
    problems = layering_problems(scripts_copy)
    assert problems == ["import cycle among lock, repository"]


def test_an_upward_import_without_a_cycle_is_reported(scripts_copy: Path) -> None:
    _append(scripts_copy / PACKAGE / "names.py", "\nimport simli_pipeline.diff.kinds\n")
    assert layering_problems(scripts_copy) == ["upward import: names (layer 4) imports diff.kinds (layer 10)"]


def test_an_undeclared_module_is_reported(scripts_copy: Path) -> None:
    (scripts_copy / PACKAGE / "stray.py").write_text('"""A module no layer declares."""\n', encoding="utf-8")
    assert layering_problems(scripts_copy) == [f"{PACKAGE}.stray is in no layer: declare it in {PACKAGE}.LAYERS"]
