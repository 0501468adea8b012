"""preflight refuses, in one line, what the generator would mishandle; it leaves everything else alone."""

from __future__ import annotations

from typing import Any

import pytest

from simli_pipeline.errors import PipelineError
from simli_pipeline.preflight import check

Document = dict[str, Any]


def _with_schemas(schemas: Document) -> Document:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}}


@pytest.mark.parametrize(
    ("schemas", "named"),
    [
        (
            {"Foo": {"type": "object"}, "foo": {"properties": {"x": {}}}},
            "components.schemas.Foo and components.schemas.foo",
        ),
        ({"Voice_In": {"enum": ["a"]}, "VoiceIn": {"type": "object"}}, "components.schemas.Voice_In and"),
        (
            {"A": {"type": "object", "title": "Shared"}, "B": {"allOf": [], "title": "shared"}},
            "both become the class Shared",
        ),
    ],
    ids=["case", "underscore", "titles"],
)
def test_component_schemas_becoming_one_class_are_refused(schemas: Document, named: str) -> None:
    with pytest.raises(PipelineError, match=named) as caught:
        check(_with_schemas(schemas))
    assert "\n" not in str(caught.value)


def test_colliding_names_that_become_no_class_pass() -> None:
    """Plain strings, references and distinct names make no class the generator could confuse."""
    check(_with_schemas({"Foo": {"type": "string"}, "foo": {"type": "string"}, "FOO": {"$ref": "#/x"}}))
    check(_with_schemas({"VoiceIn": {"type": "object"}, "VoiceOut": {"type": "object"}}))
