"""The gate works on a copy: the document it is given stays as published (generate.py writes the facts from it)."""

from __future__ import annotations

import copy

import pytest

from simli_pipeline.gate import gate
from simli_pipeline.parsing import parse_document
from tests.conftest import FIXTURES

CONSTRUCTS = FIXTURES / "constructs"


@pytest.mark.parametrize("name", ["binary-responses.yaml", "no-responses.yaml", "dangling-unused-component.yaml"])
def test_the_gate_leaves_the_document_it_is_given_unchanged(name: str) -> None:
    document = parse_document((CONSTRUCTS / name).read_bytes(), name)
    published = copy.deepcopy(document)
    admitted = gate(document, name)
    assert any(item.is_rule for item in admitted.applied)  # rules fired, on the copy
    assert document == published
    assert admitted.normalised != published
