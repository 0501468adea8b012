"""Normalisation rule binary-responses: response media types the generator cannot decode -> octet-stream (File)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from simli_pipeline.rules.base import Document, Rule
from simli_pipeline.rules.walk import operations_with_items

# Media types openapi-python-client 0.29.1 can decode into a response value.
DECODABLE_RESPONSE_TYPES = ("application/json", "application/octet-stream")
BINARY_MEDIA_TYPE = "application/octet-stream"


def binary_responses(document: Document) -> list[str]:
    """A response whose media types the generator cannot decode becomes ``application/octet-stream``.

    openapi-python-client 0.29.1 decodes JSON, ``+json`` and ``text/*`` only, and silently omits
    any other response (video/mp4, application/x-mpegURL, video/MP2T, ...). As raw bytes they
    come back as ``File``; several such media types on one response collapse into one.
    """
    messages = []
    for where, responses in _iter_responses(document):
        for status, response in responses.items():
            if not isinstance(response, dict) or "$ref" in response:
                continue  # a $ref'd response is rewritten where it is defined, in components.responses
            content = response.get("content")
            if not isinstance(content, dict) or not content or any(_decodable(str(m)) for m in content):
                continue
            original = ", ".join(str(media_type) for media_type in content)
            response["content"] = {BINARY_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}
            messages.append(f"{where} response {status}: {original} -> {BINARY_MEDIA_TYPE} (returned as File)")
    return messages


def _decodable(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return base in DECODABLE_RESPONSE_TYPES or base.startswith("text/") or base.endswith("+json")


def _iter_responses(document: Document) -> Iterator[tuple[str, dict[str, Any]]]:
    for method, path, _item, operation in operations_with_items(document):
        responses = operation.get("responses")
        if isinstance(responses, dict):
            yield f"{method} {path}", responses
    components = document.get("components")
    shared = components.get("responses") if isinstance(components, dict) else None
    if isinstance(shared, dict):
        yield "components.responses", shared


RULE = Rule(
    "binary-responses",
    "response media types the generator cannot decode -> octet-stream (File)",
    binary_responses,
    recognises=(
        "a response whose media types are all ones the generator cannot decode (not JSON, `+json`, `text/*`, "
        "octet-stream), e.g. `video/mp4`, `application/x-mpegURL`, `video/MP2T` (several on one response)"
    ),
    does="replaces them with one `application/octet-stream` binary",
    why="the generator omits such responses; as octet-stream they come back as `File` (bytes)",
)
