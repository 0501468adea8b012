"""Shared pieces of the pipeline scripts: repository paths, one-line failures,
the lock file, reading sources, and loading OpenAPI documents safely.

Every script in this folder is a thin command line around functions here or in
its own module; all of them report failure as one line on stderr and a
non-zero exit status (see :func:`run_cli`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from findings import Finding

UPSTREAM_URL = "https://api.simli.ai/openapi.yaml"
GENERATOR_DISTRIBUTION = "openapi-python-client"
FORMATTER_DISTRIBUTION = "ruff"
PACKAGE_NAME = "simli_api_client"
# What a copy of the repository needs for the pipeline scripts to run against it.
PIPELINE_PARTS = ("openapi", "generator-config.yaml", "generator-templates", "scripts", "generated")

# Documents larger than this are refused before parsing: Simli's real description
# is well under 1 MiB, and the scheduled job reads untrusted bytes off the network.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
# Upper bound on the number of nodes a document expands to once YAML aliases are
# followed; stops "billion laughs" documents from exhausting memory downstream.
MAX_EXPANDED_NODES = 2_000_000
FETCH_TIMEOUT_SECONDS = 30.0


class PipelineError(Exception):
    """A failure the user can act on; its message is one line saying what and how to fix it."""


@dataclass(frozen=True)
class Repo:
    """Where the pipeline's inputs and outputs live, relative to one repository root."""

    root: Path

    @property
    def spec(self) -> Path:
        return self.root / "openapi" / "openapi.yaml"

    @property
    def lock(self) -> Path:
        return self.root / "openapi" / "openapi.lock.json"

    @property
    def config(self) -> Path:
        return self.root / "generator-config.yaml"

    @property
    def templates(self) -> Path:
        return self.root / "generator-templates"

    @property
    def generated(self) -> Path:
        return self.root / "generated"

    @property
    def package(self) -> Path:
        return self.generated / PACKAGE_NAME

    def copy_pipeline(self, destination: Path) -> Path:
        """Copy what the pipeline scripts need (spec, config, templates, scripts, generated/) to ``destination``."""
        destination.mkdir(parents=True, exist_ok=True)
        for part in PIPELINE_PARTS:
            source = self.root / part
            if source.is_dir():
                shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, destination / part)
        return destination


def default_repo() -> Repo:
    """The repository this script file belongs to (so a copied repo checks itself)."""
    return Repo(Path(__file__).resolve().parent.parent)


def run_cli(main: Callable[[list[str]], int], failure_status: int = 1) -> NoReturn:
    """Run ``main(argv)`` and exit with its status; any failure is one line on stderr, never a traceback.

    A :class:`PipelineError` (bad input) and an :class:`OSError` (a file that cannot be read or
    written) say what went wrong; anything else that escapes is a bug in the pipeline, not in the
    input: still one line, naming the script and the exception, so it can be reported. Each exits
    with ``failure_status`` (1; spec_diff.py's statuses reserve 3 for it).
    """
    try:
        code = main(sys.argv[1:])
    except PipelineError as exc:
        print(f"error: {one_line(str(exc), limit=2000)}", file=sys.stderr)
        raise SystemExit(failure_status) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {one_line(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        raise SystemExit(failure_status) from None
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except Exception as exc:  # the last line of defence: never a traceback
        script = Path(sys.argv[0]).name
        detail = one_line(f"{type(exc).__name__}: {exc}")
        print(f"error: internal error in {script} ({detail}); please report it", file=sys.stderr)
        raise SystemExit(failure_status) from None
    raise SystemExit(code)


def one_line(text: str, limit: int = 400) -> str:
    """``text`` on one line (newlines folded), cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def short(value: Any, limit: int = 40) -> str:
    """A value as a short JSON-ish literal for a message: never a dump of a schema."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_type(value: Any) -> str:
    """The JSON type of a parsed value: null, boolean, number, string, array or object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def locate(parts: Iterable[Any]) -> str:
    """A document location for messages: ``GET /faces responses.200...`` inside an operation,
    ``components.schemas.Face.properties.id`` elsewhere."""
    items = list(parts)
    head = ""
    if len(items) >= 2 and items[0] == "paths":
        if len(items) >= 3 and isinstance(items[2], str) and items[2] in HTTP_METHODS:
            head, items = f"{items[2].upper()} {items[1]}", items[3:]
        else:
            head, items = f"path {items[1]}", items[2:]
    rest = ""
    for item in items:
        rest += f"[{item}]" if isinstance(item, int) else (f".{item}" if rest else str(item))
    if head and rest:
        return f"{head} {rest}"
    return head or rest or "the document root"


# --------------------------------------------------------------------------- hashing


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def iter_files(directory: Path) -> Iterator[Path]:
    """Every regular file below ``directory``, sorted, skipping bytecode caches."""
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


def tree_digest(directory: Path) -> dict[str, str]:
    """Map of POSIX relative path to sha256 for every file below ``directory``."""
    if not directory.is_dir():
        return {}
    return {p.relative_to(directory).as_posix(): sha256_file(p) for p in iter_files(directory)}


def generator_inputs_digest(repo: Repo) -> str:
    """One hash over generator-config.yaml and every custom template, in a stable order."""
    digest = hashlib.sha256()
    inputs = [repo.config, *iter_files(repo.templates)]
    for path in inputs:
        digest.update(path.relative_to(repo.root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


# --------------------------------------------------------------------------- lock file


def read_lock(repo: Repo) -> dict[str, Any]:
    try:
        data = json.loads(repo.lock.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"{repo.lock} is missing; run `nox -s update-spec -- SOURCE` to pin a spec") from None
    except json.JSONDecodeError as exc:
        raise PipelineError(f"{repo.lock} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise PipelineError(f"{repo.lock} must hold a JSON object")
    return data


def write_lock(repo: Repo, data: dict[str, Any]) -> None:
    """Write the lock with a stable layout so unchanged content gives unchanged bytes."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomically(repo.lock, text.encode("utf-8"))


def installed_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        raise PipelineError(
            f"{distribution} is not installed in this environment; run the step through nox "
            "(it installs the pinned versions from requirements/generate.txt)"
        ) from None


def toolchain() -> dict[str, dict[str, str]]:
    """The generator and formatter versions installed here, in the lock's shape."""
    return {
        "generator": {"name": GENERATOR_DISTRIBUTION, "version": installed_version(GENERATOR_DISTRIBUTION)},
        "formatter": {"name": FORMATTER_DISTRIBUTION, "version": installed_version(FORMATTER_DISTRIBUTION)},
    }


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old bytes or the new, never a mix."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- sources


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_source(source: str) -> bytes:
    """The raw bytes of ``source``, a URL (http/https) or a local path."""
    if is_url(source):
        return _fetch(source)
    path = Path(source)
    if not path.exists():
        raise PipelineError(f"{source}: no such file; pass an existing path or an http(s) URL")
    if not path.is_file():
        raise PipelineError(f"{source}: not a regular file; pass the OpenAPI document itself")
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise PipelineError(f"{source}: larger than {MAX_DOCUMENT_BYTES} bytes; not an OpenAPI description")
    return path.read_bytes()


def _fetch(url: str) -> bytes:
    # Imported here: urllib.request (with http.client, email and ssl) costs every other step
    # tens of milliseconds of start-up.
    import urllib.error
    import urllib.request

    # is_url() admitted only http(s), so urllib's file:// and ftp:// handlers are never reached.
    accept = {"Accept": "application/yaml, application/json;q=0.9, */*;q=0.1"}
    request = urllib.request.Request(url, headers=accept)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            body: bytes = response.read(MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise PipelineError(f"could not fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PipelineError(
            f"could not fetch {url}: {reason} (offline? pass a local file instead: nox -s update-spec -- PATH)"
        ) from None
    if len(body) > MAX_DOCUMENT_BYTES:
        raise PipelineError(f"{url}: response larger than {MAX_DOCUMENT_BYTES} bytes; not an OpenAPI description")
    return body


# --------------------------------------------------------------------------- documents


def parse_document(raw: bytes, origin: str) -> dict[str, Any]:
    """Parse YAML or JSON bytes into a mapping, refusing anything hostile or malformed."""
    import yaml

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{origin}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if "\0" in text:
        raise PipelineError(f"{origin}: contains NUL bytes; not a YAML or JSON document")
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise PipelineError(f"{origin}: not valid YAML or JSON ({exc.problem}{where})") from None
    except yaml.YAMLError as exc:
        raise PipelineError(f"{origin}: not valid YAML or JSON ({type(exc).__name__})") from None
    except RecursionError:
        raise PipelineError(f"{origin}: nested too deeply to be an OpenAPI description") from None
    if not isinstance(data, dict):
        kind = "HTML" if text.lstrip()[:1] == "<" else type(data).__name__
        raise PipelineError(f"{origin}: expected an OpenAPI document (a mapping), got {kind}")
    _check_expanded_size(data, origin)
    _as_json_data(data, origin)
    return data


def _as_json_data(data: Any, origin: str) -> None:
    """Make a YAML-loaded document JSON data, in place: OpenAPI is JSON, YAML is only its spelling.

    YAML reads unquoted keys such as ``200:`` as numbers and unquoted dates as dates; JSON has
    only string keys and no dates, and the validator and generator expect JSON. Such keys and
    values become the strings JSON would have; two keys that become the same string are refused.
    """
    stack: list[tuple[Any, str]] = [(data, "the document")]
    seen: set[int] = set()
    while stack:
        node, where = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        slots: list[tuple[Any, Any]]
        if isinstance(node, dict):
            _string_keys(node, where, origin)
            slots = list(node.items())
        elif isinstance(node, list):
            slots = list(enumerate(node))
        else:
            continue
        for slot, value in slots:
            if isinstance(value, (datetime.date, datetime.datetime)):
                node[slot] = value.isoformat()
            else:
                stack.append((value, str(slot)[:60] if isinstance(node, dict) else where))


def _string_keys(mapping: dict[Any, Any], where: str, origin: str) -> None:
    if all(isinstance(key, str) for key in mapping):
        return
    items = list(mapping.items())
    mapping.clear()
    for key, value in items:
        if isinstance(key, str):
            name = key
        elif key is None or isinstance(key, (bool, int, float)):
            name = json.dumps(key)
        elif isinstance(key, (datetime.date, datetime.datetime)):
            name = key.isoformat()
        else:
            raise PipelineError(f"{origin}: a {type(key).__name__} key in {where} cannot be a JSON object key")
        if name in mapping:
            raise PipelineError(f"{origin}: key {name!r} appears twice in {where} once read as JSON")
        mapping[name] = value


def _check_expanded_size(data: Any, origin: str) -> None:
    """Refuse alias cycles and documents whose aliases expand past MAX_EXPANDED_NODES."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise PipelineError(f"{origin}: a YAML alias refers to itself; OpenAPI documents must be finite trees")
        active.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise PipelineError(
                    f"{origin}: expands to more than {MAX_EXPANDED_NODES} nodes through YAML aliases; refusing it"
                )
        active.discard(key)
        sizes[key] = total
        return total

    try:
        size(data)
    except RecursionError:
        raise PipelineError(f"{origin}: nested too deeply to be an OpenAPI description") from None


def validate_openapi(document: dict[str, Any], origin: str) -> tuple[str, list[Finding]]:
    """Check ``document`` is OpenAPI 3.0 or 3.1 per openapi-spec-validator: (version, warnings).

    Structural problems raise a one-line :class:`PipelineError` naming where and what; problems
    confined to examples, descriptions and unknown keys come back as warnings (findings.Finding).
    """
    version = check_version_and_refs(document, origin)
    return version, validate_schema(document, origin, version)


def check_version_and_refs(document: dict[str, Any], origin: str) -> str:
    """The cheap half of validation: an OpenAPI 3.0/3.1 version field and no external ``$ref``."""
    version = document.get("openapi")
    if version is None:
        if "swagger" in document:
            raise PipelineError(f"{origin}: is Swagger {document['swagger']}; only OpenAPI 3.0 and 3.1 are accepted")
        raise PipelineError(f"{origin}: no 'openapi' version field; not an OpenAPI document")
    if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
        raise PipelineError(f"{origin}: OpenAPI version {version!r} is not supported; expected 3.0.x or 3.1.x")
    external = sorted(set(_external_refs(document)))
    if external:
        raise PipelineError(
            f"{origin}: external $ref {external[0]!r} is not supported; the description must be self-contained"
        )
    return version


def validate_schema(document: dict[str, Any], origin: str, version: str) -> list[Finding]:
    """The expensive half: openapi-spec-validator's full check, split into a refusal or warnings."""
    from findings import validate

    return validate(document, origin, version)


def _external_refs(node: Any) -> Iterator[str]:
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def load_openapi(raw: bytes, origin: str) -> dict[str, Any]:
    """Parse and validate: the one gate every document passes before the pipeline uses it."""
    document = parse_document(raw, origin)
    validate_openapi(document, origin)
    return document


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


# --------------------------------------------------------------------------- $refs and paths


class _Missing:
    """What a dangling or looping ``$ref`` resolves to (None and {} are values a document may hold)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def ref_parts(ref: str) -> list[str] | None:
    """The pieces of a local ``$ref``'s JSON pointer (``#/a/b~1c`` -> ``["a", "b/c"]``); None when not local."""
    if ref in ("#", "#/"):
        return []
    if not ref.startswith("#/"):
        return None
    return [piece.replace("~1", "/").replace("~0", "~") for piece in ref[2:].split("/")]


def ref_target(document: Any, ref: str) -> Any:
    """The node a local ``$ref`` points at, or :data:`MISSING` when it dangles or is not local."""
    parts = ref_parts(ref)
    if parts is None:
        return MISSING
    node = document
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


def follow_refs(document: Any, node: Any) -> Any:
    """``node`` with its chain of local ``$ref``s followed, however long; :data:`MISSING` when it dangles or loops."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            return MISSING
        seen.add(ref)
        node = ref_target(document, ref)
        if node is MISSING:
            return MISSING
    return node


_TEMPLATE_VARIABLE = re.compile(r"\{([^{}]*)\}")


def template_variables(path: str) -> list[str]:
    """The ``{variable}`` names of a path template, in order (``/a/{id}/b/{x}`` -> ``["id", "x"]``)."""
    return _TEMPLATE_VARIABLE.findall(path)


def path_shape(path: str) -> str:
    """A path template with its variable names erased (``/a/{id}`` -> ``/a/{}``): what a server routes on.

    Two paths of one shape are the same URLs; the generator also renames variables (``{itemId}``
    becomes ``{item_id}`` in generated code), so a generated URL is matched to its path by shape.
    """
    return _TEMPLATE_VARIABLE.sub("{}", path)


def ambiguous_paths(method: str, first: str, second: str) -> str:
    """The one-line refusal for two paths of one method that differ only in variable names."""
    return (
        f"{method} {first} and {method} {second} differ only in path variable names: they are the same URLs, "
        "which OpenAPI forbids (no server or client can tell them apart); keep one of them"
    )


def iter_operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) for every operation in the document, in document order."""
    paths = document.get("paths") or {}
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield method.upper(), str(path), operation
