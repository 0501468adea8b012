"""The Python names openapi-python-client gives to what a document declares: modules, classes, identifiers.

One job: reproduce how the generator (0.29.1, openapi_python_client.strings) turns a name into a
module, class or identifier name, so the pipeline can foresee collisions (two operations sharing one
module, two schemas one class) before the generator silently drops one. tests/unit/pipeline checks these
against the generator's own functions.
"""

from __future__ import annotations

import builtins
import keyword
import re
from typing import Any

FIELD_PREFIX = "field_"  # generator-config.yaml leaves field_prefix at the generator's default
_DELIMITERS = r"\. _-"  # as the generator spells it: backslash, dot, space, underscore, hyphen
_RESERVED = (set(dir(builtins)) | {"self", "true", "false", "datetime"}) - {"id"}


def _words(value: str) -> list[str]:
    """openapi_python_client.strings.split_words(sanitize(value))."""
    words = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in _DELIMITERS)
    if any(c.isupper() for c in words):
        words = " ".join(re.split("([A-Z]?[a-z]+)", words))
    return re.findall(rf"[^{re.escape(_DELIMITERS)}]+", words)


def _unreserved(name: str) -> str:
    return f"{name}_" if name in _RESERVED or keyword.iskeyword(name) else name


def python_identifier(value: str, prefix: str) -> str:
    """openapi_python_client.strings.PythonIdentifier(value, prefix), as a plain string."""
    leading_underscore = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in _DELIMITERS)[:1] == "_"
    safe = _unreserved("_".join(_words(value)).lower())
    if not safe.isidentifier() or leading_underscore:
        safe = f"{prefix}{safe}"
    return safe


def class_name(value: str, prefix: str = FIELD_PREFIX) -> str:
    """openapi_python_client.strings.ClassName(value, prefix), as a plain string: a model or enum class name."""

    def pascal(text: str) -> str:
        return "".join(word if word.isupper() else word.capitalize() for word in _words(text))

    safe = _unreserved(pascal(value))
    if not safe.isidentifier():
        safe = _unreserved(pascal(f"{prefix}{safe}"))
    return safe


def raw_operation_name(method: str, path: str, operation: dict[str, Any]) -> str:
    """The name the generator starts from: the operationId, or one made from method and path."""
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str):
        return operation_id
    made = path.replace("{", "").replace("}", "").replace("/", "_")
    made = made[1:] if made.startswith("_") else made
    made = made[:-1] if made.endswith("_") else made
    return f"{method.lower()}_{made}"


def generated_module(method: str, path: str, operation: dict[str, Any]) -> tuple[str, str]:
    """(tag folder, module name) the generator writes this operation to."""
    tags = operation.get("tags")
    first = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else "default"
    name = python_identifier(raw_operation_name(method, path, operation), FIELD_PREFIX)
    return python_identifier(first, "tag"), python_identifier(name, FIELD_PREFIX)
