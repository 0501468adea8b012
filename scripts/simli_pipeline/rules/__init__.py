"""The normalisation rules, one module each, and RULES: the order they are applied in.

Each rule recognises a construct openapi-python-client cannot take (never one path or one schema
name) and rewrites a copy of the document, or refuses it in one line. Adding a rule is one module
with its function and ``RULE``, plus its place in RULES below; CONTRIBUTING.md's rules table is generated
from RULES (scripts/doc_tables.py) and tests/unit/pipeline has a unit test for each.
"""

from __future__ import annotations

from simli_pipeline.rules import (
    allof_non_object,
    binary_responses,
    colliding_operation_names,
    component_titles,
    dangling_refs,
    declare_responses,
    duplicate_enum_values,
    duplicate_operation_ids,
    malformed_documentation,
    model_defaults,
    path_variables_in_path,
)
from simli_pipeline.rules.base import Document, Refusal, Rule

# The rules, applied in this order.
RULES: tuple[Rule, ...] = (
    dangling_refs.RULE,
    declare_responses.RULE,
    path_variables_in_path.RULE,
    binary_responses.RULE,
    allof_non_object.RULE,
    model_defaults.RULE,
    component_titles.RULE,
    duplicate_enum_values.RULE,
    malformed_documentation.RULE,
    duplicate_operation_ids.RULE,
    colliding_operation_names.RULE,
)

__all__ = ["RULES", "Document", "Refusal", "Rule"]
