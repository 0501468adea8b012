"""Normalisation rule declare-responses: operation without responses -> undescribed default response."""

from __future__ import annotations

from simli_pipeline.rules.base import Document, Rule
from simli_pipeline.rules.walk import operations_with_items


def declare_responses(document: Document) -> list[str]:
    """An operation without ``responses`` gets an undescribed ``default`` response.

    OpenAPI 3.1 makes ``responses`` optional; openapi-python-client 0.29.1 refuses the whole
    document without it. ``default`` with no content claims nothing the description did not say.
    """
    messages = []
    for method, path, _item, operation in operations_with_items(document):
        if "responses" not in operation or not operation["responses"]:
            operation["responses"] = {"default": {"description": "Response not described by the API description"}}
            messages.append(f"{method} {path}: no responses declared; added an undescribed default response")
    return messages


RULE = Rule(
    "declare-responses",
    "operation without responses -> undescribed default response",
    declare_responses,
    recognises="an operation with no (or empty) `responses`",
    does="adds `default: {description: ...}` with no content",
    why="legal in OpenAPI 3.1, but the generator rejects the whole document",
)
