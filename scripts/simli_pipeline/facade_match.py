"""Whether the hand-written facade still matches a generated client: a static check, in well under a second.

One job: read each facade area (src/simli_api/resources/<area>.py) with ``ast`` -- the generated
operation modules and models it imports under ``if TYPE_CHECKING:``, and, per method, which of them
it uses and the keyword names it passes to ``<operation>._get_kwargs`` and to model constructors --
and check each against the generated package (its files, read with ``ast`` too, never imported).
update-spec prints the verdict last; the drift job's build check (build_check.py) starts from it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

OPERATIONS_PACKAGE = "simli_api_client.api.default"
MODELS_PACKAGE = "simli_api_client.models"
FACADE_PREFIX = "simli."


@dataclass(frozen=True)
class Mismatch:
    """One facade method that no longer matches the generated client, the first reason, and its source file."""

    method: str  # simli.<area>.<method>
    reason: str
    source: str  # src/simli_api/resources/<area>.py, relative to the repository root


@dataclass(frozen=True)
class Verdict:
    checked: int  # facade methods read
    mismatches: tuple[Mismatch, ...]

    @property
    def matches(self) -> bool:
        return not self.mismatches

    def lines(self) -> list[str]:
        """What update-spec prints last: the verdict, then each method that no longer matches."""
        if not self.checked:
            return ["facade: no facade declarations found (src/simli_api/resources): nothing checked"]
        if self.matches:
            return [f"facade: matches the regenerated client ({self.checked} methods checked)"]
        files = sorted({m.source for m in self.mismatches})
        lines = [
            f"facade: {len(self.mismatches)} of {self.checked} methods no longer match the regenerated client "
            f"(edit {', '.join(files)}):"
        ]
        return lines + [f"  {m.method}: {m.reason}" for m in self.mismatches]


@dataclass(frozen=True)
class Fields:
    """The keyword names a generated callable takes, and those it requires."""

    names: frozenset[str]
    required: frozenset[str]


@dataclass(frozen=True)
class Generated:
    """What a generated package offers: operation modules with their ``_get_kwargs`` keywords, model fields."""

    operations: dict[str, Fields | None]  # module -> _get_kwargs keywords (None: not read)
    models: dict[str, Fields | None]  # class -> constructor keywords (None: not read)

    @classmethod
    def read(cls, package: Path) -> Generated:
        operations: dict[str, Fields | None] = {}
        for path in sorted((package / "api" / "default").glob("*.py")):
            if path.name != "__init__.py":
                operations[path.stem] = _function_keywords(_parse(path), "_get_kwargs")
        models: dict[str, Fields | None] = {}
        init = package / "models" / "__init__.py"
        if init.is_file():
            for node in ast.walk(_parse(init)):
                if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                    for alias in node.names:
                        module = package / "models" / f"{node.module}.py"
                        models[alias.asname or alias.name] = _class_fields(module, alias.name)
        return cls(operations, models)


def _parse(path: Path) -> ast.Module:
    try:
        return ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return ast.Module(body=[], type_ignores=[])


def _function_keywords(tree: ast.Module, name: str) -> Fields | None:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            arguments = node.args
            required = {a.arg for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True) if d is None}
            positional = arguments.args[len(arguments.args) - len(arguments.defaults) :] if arguments.defaults else []
            required |= {a.arg for a in arguments.args if a not in positional}
            return Fields(frozenset(a.arg for a in (*arguments.args, *arguments.kwonlyargs)), frozenset(required))
    return None


def _class_fields(module: Path, name: str) -> Fields | None:
    for node in _parse(module).body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            fields = [i for i in node.body if isinstance(i, ast.AnnAssign) and isinstance(i.target, ast.Name)]
            names = frozenset(i.target.id for i in fields if isinstance(i.target, ast.Name))
            required = frozenset(i.target.id for i in fields if isinstance(i.target, ast.Name) and i.value is None)
            return Fields(names, required)
    return None


@dataclass(frozen=True)
class Method:
    """One facade method as declared: where, and the generated names it uses."""

    name: str  # simli.<area>.<method>
    source: str
    node: ast.FunctionDef
    siblings: frozenset[str]  # other methods of its class it refers to (a flow calling a step)


def _type_checking_imports(tree: ast.Module) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """(alias -> operation module, alias -> model class, aliases of the models package) under TYPE_CHECKING."""
    operations: dict[str, str] = {}
    models: dict[str, str] = {}
    packages: set[str] = set()
    for node in tree.body:
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
            continue
        for item in node.body:
            if not isinstance(item, ast.ImportFrom):
                continue
            for alias in item.names:
                bound = alias.asname or alias.name
                if item.module == OPERATIONS_PACKAGE:
                    operations[bound] = alias.name
                elif item.module == MODELS_PACKAGE:
                    models[bound] = alias.name
                elif item.module == "simli_api_client" and alias.name == "models":
                    packages.add(bound)
    return operations, models, packages


def _methods(tree: ast.Module, area: str, source: str) -> Iterator[Method]:
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        names = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                siblings = {
                    sub.attr
                    for sub in ast.walk(item)
                    if isinstance(sub, ast.Attribute)
                    and isinstance(sub.value, ast.Name)
                    and sub.value.id == node.name
                    and sub.attr in names
                }
                yield Method(f"{FACADE_PREFIX}{area}.{item.name}", source, item, frozenset(siblings - {item.name}))


def _call_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _call_name(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _problems(method: Method, imports: tuple[dict[str, str], dict[str, str], set[str]], gen: Generated) -> list[str]:
    operations, models, packages = imports
    problems: list[str] = []

    def model_class(dotted: str) -> str | None:
        head, _, tail = dotted.partition(".")
        if head in models and not tail:
            return models[head]
        if head in packages and tail and "." not in tail:
            return tail
        return None

    for node in ast.walk(method.node):
        if isinstance(node, ast.Name) and node.id in operations and operations[node.id] not in gen.operations:
            problems.append(f"generated module {OPERATIONS_PACKAGE}.{operations[node.id]} is gone")
        dotted = _call_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        model = model_class(dotted) if dotted else None
        if model is not None and model not in gen.models:
            problems.append(f"generated model {MODELS_PACKAGE}.{model} is gone")
        if isinstance(node, ast.Call):
            problems += _keyword_problems(node, operations, model_class, gen)
    return list(dict.fromkeys(problems))


def _keyword_problems(node: ast.Call, operations: dict[str, str], model_class: object, gen: Generated) -> list[str]:
    """Keywords a call passes that the generated ``_get_kwargs`` or model constructor no longer takes."""
    sent = {k.arg for k in node.keywords if k.arg}
    target: tuple[str, Fields | None] | None = None
    # request(_op._get_kwargs, a=..., b=...): the keywords go to the generated _get_kwargs
    first = _call_name(node.args[0]) if node.args else None
    if first and first.endswith("._get_kwargs") and first.split(".")[0] in operations:
        module = operations[first.split(".")[0]]
        target = (f"{OPERATIONS_PACKAGE}.{module}._get_kwargs", gen.operations.get(module))
    called = _call_name(node.func)
    model = model_class(called) if called and callable(model_class) else None
    if isinstance(model, str) and model in gen.models:
        target = (f"{MODELS_PACKAGE}.{model}", gen.models[model])
    if target is None or target[1] is None:
        return []
    unknown = sorted(sent - target[1].names)
    if unknown:
        return [f"{target[0]} no longer takes {', '.join(unknown)}"]
    if any(k.arg is None for k in node.keywords):  # **options: what they carry is not known here
        return []
    missing = sorted(target[1].required - sent)
    return [f"{target[0]} now requires {', '.join(missing)}"] if missing else []


def check_facade(root: Path, package: Path) -> Verdict:
    """Check every facade method declared in ``root``/src/simli_api/resources against generated ``package``."""
    resources = root / "src" / "simli_api" / "resources"
    gen = Generated.read(package)
    methods: list[tuple[Method, list[str]]] = []
    for path in sorted(resources.glob("*.py")) if resources.is_dir() else []:
        if path.name.startswith("_"):
            continue
        tree = _parse(path)
        imports = _type_checking_imports(tree)
        source = path.relative_to(root).as_posix()
        methods += [(method, _problems(method, imports, gen)) for method in _methods(tree, path.stem, source)]
    by_name = {method.name: problems for method, problems in methods}
    mismatches: list[Mismatch] = []
    for method, own in methods:
        area = method.name.rsplit(".", 1)[0]
        # a flow breaks with the steps it calls
        problems = own or [
            f"calls {area}.{s}, which no longer matches" for s in sorted(method.siblings) if by_name.get(f"{area}.{s}")
        ]
        if problems:
            mismatches.append(Mismatch(method.name, problems[0], method.source))
    return Verdict(len(methods), tuple(mismatches))
