"""Keep secrets out of anything a human or a log sees: replace known values, then shorten.

Two ways, by what is known: *structural* redaction hides a value by where it is (a key header, a
secret-named JSON field, a URL component), whatever its length; *textual* redaction replaces a known
secret wherever it occurs in free text, for secrets of MIN_SECRET_LENGTH characters or more only (a
shorter one would match inside ordinary words).
"""

from __future__ import annotations

import collections
import functools
import json
import logging
import re
import threading
import urllib.parse
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any

# Names of fields whose string values are secrets (in a request or an answer body, or an argument): the
# rule the generated models' reprs follow, defined once (generator-templates/models_init.py.jinja).
from simli_api_client.models import SECRET_FIELD_NAME

from ._constants import EXCERPT_LIMIT, MIN_SECRET_LENGTH

REDACTED = "[REDACTED]"
# A ``"name": "value"`` pair of JSON text, for a body that does not parse whole (cut short, or not JSON).
_JSON_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"')
# The same pair in three parts (``"name": "``, the value, ``"``), to replace the value alone.
_JSON_PAIR_VALUE = re.compile(r'("((?:[^"\\]|\\.)*)"\s*:\s*")((?:[^"\\]|\\.)+)(")')


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret of MIN_SECRET_LENGTH characters or more (raw or JSON-escaped)
    replaced by ``[REDACTED]``; shorter ones are left to structural redaction (:func:`redact_fields`, headers)."""
    forms = {
        form for secret in secrets if len(secret) >= MIN_SECRET_LENGTH for form in (secret, json.dumps(secret)[1:-1])
    }
    # Longest first, so a secret that contains another is replaced whole.
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, REDACTED)
    return text


def excerpt(body: bytes, secrets: Iterable[str], limit: int = EXCERPT_LIMIT) -> str:
    """A short printable excerpt of ``body``, redacted before it is cut (so no partial secret survives)."""
    text = redact_fields(redact(body.decode("utf-8", errors="replace"), secrets))
    return text if len(text) <= limit else text[:limit] + "…"


def redact_fields(text: str) -> str:
    """``text`` (JSON, whole or cut short) with the value of every secret-named ``"name": "value"`` pair hidden."""

    def hidden(match: re.Match[str]) -> str:
        return f"{match[1]}{REDACTED}{match[4]}" if _is_secret_field(match[2]) else match[0]

    return _JSON_PAIR_VALUE.sub(hidden, text)


def answer_secrets(secrets: Iterable[str], body: bytes) -> set[str]:
    """What to redact from anything showing an answer: the call's ``secrets`` and the body's own secret values.

    The body's values are those of its secret-named fields (``session_token``, ...) at least
    MIN_SECRET_LENGTH characters long, wherever they are in its JSON; a body that does not parse
    (an excerpt cut short, text) is searched for ``"name": "value"`` pairs instead.
    """
    found = {*secrets}
    try:
        found.update(value for value in secrets_in(json.loads(body)) if len(value) >= MIN_SECRET_LENGTH)
    except (ValueError, UnicodeDecodeError):
        for name, value in _JSON_PAIR.findall(body.decode("utf-8", errors="replace")):
            if _is_secret_field(name) and len(value) >= MIN_SECRET_LENGTH:
                found.update((value, _unescaped(value)))
    return found


def _unescaped(text: str) -> str:
    """A JSON string's content as the value it stands for (itself when it has a broken escape)."""
    try:
        value: str = json.loads(f'"{text}"')
    except ValueError:
        return text
    return value


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
    return SECRET_FIELD_NAME.search(name) is not None


# Headers that carry credentials whatever the description calls its schemes.
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


def _hiding(key_headers: Iterable[str]) -> Callable[[str], bool]:
    """Whether a header (its lower-case name) carries a secret: a key header, a credential header, a secret name."""
    hidden = {*_SECRET_HEADERS, *(name.lower() for name in key_headers)}
    return lambda lower: lower in hidden or _is_secret_field(lower)


def redact_headers(headers: Iterable[tuple[str, str]], key_headers: Iterable[str], secrets: Iterable[str]) -> str:
    """``name: value, ...`` for a log line: the value of a key header, a credential header or a secret-named one
    hidden whatever its length (structural), every other value redacted as text."""
    hides = _hiding(key_headers)
    secrets = tuple(secrets)
    shown = []
    for name, value in headers:
        lower = name.lower()
        shown.append(f"{lower}: {REDACTED if hides(lower) else redact(value, secrets)}")
    return ", ".join(shown)


def header_secrets(headers: Iterable[tuple[str, str]], key_headers: Iterable[str]) -> set[str]:
    """The values :func:`redact_headers` hides, to redact as text wherever they show (an error body echoing a key
    sent in ``default_headers``); their parts too: the credential of ``<scheme> <credential>`` (``Bearer ...``),
    each cookie's value."""
    hides = _hiding(key_headers)
    found: set[str] = set()
    for name, value in headers:
        lower = name.lower()
        if not value or not hides(lower):
            continue
        found.add(value)
        if lower == "cookie":
            parts = [pair.partition("=")[2] for pair in value.split(";")]
        else:
            parts = [value.partition(" ")[2]]
        found.update(part.strip() for part in parts if part.strip())
    return found


def secret_arguments(arguments: Mapping[str, Any]) -> set[str] | None:
    """String values of secret-looking operation arguments (a ``session_token`` path or query parameter); None
    when there are none (most calls: a body model and ids)."""
    found = None
    for name, value in arguments.items():
        if isinstance(value, str) and value and _is_secret_field(name):
            found = {value} if found is None else found | {value}
    return found


class UrlSecrets(logging.Filter):
    """Redacts secrets that travel inside request URLs from httpx's log lines.

    httpx logs every request's full URL at INFO; an operation whose path or query carries a token
    (``GET /auto/start/{agent_id}/{session_token}``) would put that token in the log. A call holds
    its URL secrets here for as long as it lives; the filter, on the ``httpx`` logger, replaces
    them (raw and percent-encoded) in any record while some are held, and costs one truth test otherwise.
    """

    def __init__(self) -> None:
        super().__init__()
        self._held: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._installed = False

    def hold(self, owner: object, secrets: Iterable[str]) -> None:
        """Redact ``secrets`` from httpx's log lines until ``owner`` is garbage collected."""
        forms = tuple({form for secret in secrets for form in (secret, urllib.parse.quote(secret, safe=""))})
        with self._lock:
            if not self._installed:
                logging.getLogger("httpx").addFilter(self)
                self._installed = True
            self._held.update(forms)
        weakref.finalize(owner, self._release, forms)

    def _release(self, forms: tuple[str, ...]) -> None:
        with self._lock:
            self._held.subtract(forms)
            for form in forms:
                if self._held[form] <= 0:
                    del self._held[form]

    def filter(self, record: logging.LogRecord) -> bool:
        if self._held:
            secrets = tuple(self._held)
            if isinstance(record.msg, str):
                record.msg = redact_url_parts(record.msg, secrets)
            if isinstance(record.args, tuple):
                record.args = tuple(_scrubbed(arg, secrets) for arg in record.args)
        return True


def redact_url_parts(text: str, secrets: Iterable[str]) -> str:
    """``text`` redacted (:func:`redact`), and each shorter secret hidden where it is a whole URL path segment
    or query value (after ``/`` or ``=``, up to ``/ ? & # "``, a space or the end), never inside a word."""
    secrets = tuple(secrets)
    text = redact(text, secrets)
    short = sorted((secret for secret in secrets if 0 < len(secret) < MIN_SECRET_LENGTH), key=len, reverse=True)
    if short:
        parts = "|".join(map(re.escape, short))
        text = re.sub(rf'(?<=[/=])(?:{parts})(?=[/?&#"\s]|$)', REDACTED, text)
    return text


def _scrubbed(arg: object, secrets: Iterable[str]) -> object:
    """``arg`` itself unless its text holds a secret (numbers keep their type for ``%d``)."""
    if isinstance(arg, (int, float)):
        return arg
    text = str(arg)
    clean = redact_url_parts(text, secrets)
    return arg if clean == text else clean


URL_SECRETS = UrlSecrets()
