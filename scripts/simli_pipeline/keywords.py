"""The OpenAPI and JSON Schema vocabulary the pipeline's walks and checks share: one definition each.

One job: name which keys hold schemas, maps of names, data or annotations, so that the
normalisation rules (rules/), the validator's classifier (findings.py) and the facts
(facts.py) read a document the same way. A property called ``default`` is a name in a
``properties`` map, not the ``default`` keyword.

Not a command line. Part of the classifier: a recorded validation holds only for these bytes
(findings.classifier_digest).
"""

from __future__ import annotations

# Where schemas live: keywords whose value is a schema, a list of schemas, or a map of named schemas.
SCHEMA_VALUED = frozenset(
    {
        "items",
        "not",
        "additionalProperties",
        "contains",
        "if",
        "then",
        "else",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
# Outside schemas: keys whose mapping values are keyed by names (paths, status codes, media types...).
OBJECT_MAPS = frozenset(
    {
        "paths",
        "responses",
        "content",
        "headers",
        "links",
        "callbacks",
        "encoding",
        "variables",
        "securitySchemes",
        "requestBodies",
        "parameters",
        "examples",
        "pathItems",
        "webhooks",
    }
)
# Values that are data, not OpenAPI structure: never walked into.
SCHEMA_DATA = frozenset({"example", "examples", "default", "const", "enum"})
OBJECT_DATA = frozenset({"example", "value", "default", "enum"})

# Outside and inside schemas together: keys whose mapping values are keyed by names, for walks that do
# not track whether they are in a schema (findings.py). "examples" is left out: as a keyword it is
# documentation, and a problem inside it stays a warning; "schemas" (components) and "mapping"
# (a discriminator's) are maps of names too.
NAME_MAPS = SCHEMA_MAPS | (OBJECT_MAPS - {"examples"}) | {"schemas", "mapping"}

# Schema keywords that describe a value without constraining it: a schema made of nothing else accepts
# any JSON value, and an allOf branch made of nothing else only annotates.
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
        "externalDocs",
        "xml",
        "contentMediaType",
        "contentEncoding",
        "$schema",
        "$id",
    }
)
