"""Keep secrets out of anything a human or a log sees: replace known values, then shorten."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

from simli_api_client.models import SECRET_FIELD_NAME

REDACTED = "[REDACTED]"
EXCERPT_LIMIT = 200
# JSON fields whose string values are treated as secrets when they appear in a request body: the
# rule the generated models' reprs follow, defined once (generator-templates/models_init.py.jinja).
_SECRET_FIELD = SECRET_FIELD_NAME


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret (raw or JSON-escaped) replaced by ``[REDACTED]``."""
    forms = {form for secret in secrets if secret for form in (secret, json.dumps(secret)[1:-1])}
    # Longest first, so a secret that contains another is replaced whole.
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, REDACTED)
    return text


def excerpt(body: bytes, secrets: Iterable[str], limit: int = EXCERPT_LIMIT) -> str:
    """A short printable excerpt of ``body``, redacted before it is cut (so no partial secret survives)."""
    text = redact(body.decode("utf-8", errors="replace"), secrets)
    return text if len(text) <= limit else text[:limit] + "…"


def secrets_in(payload: Any) -> set[str]:
    """String values of secret-looking fields (``*token*``, ``*secret*``, ...) anywhere in a JSON payload."""
    found: set[str] = set()
    stack = [payload]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if isinstance(value, str) and _is_secret_field(str(key)):
                    found.add(value)
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return found


@functools.lru_cache(maxsize=1024)
def _is_secret_field(name: str) -> bool:
    """True for a field name that marks a secret (cached: a payload's few field names recur on every call)."""
    return _SECRET_FIELD.search(name) is not None
