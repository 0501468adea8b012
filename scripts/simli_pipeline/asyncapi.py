"""Simli's AsyncAPI description (its WebSocket API): where it is published, reading it, refusing garbage.

One job: parse bytes the way the OpenAPI side does (parsing.parse_document: safe YAML, alias bombs and
non-JSON keys refused), check the ``asyncapi`` version is 3.0.x, then validate the whole document against
the official AsyncAPI 3.0.0 JSON Schema (vendored in data/, see data/README.md) with jsonschema, offline:
every ``$ref`` of that schema resolves inside it or to the JSON Schema meta-schemas jsonschema ships, and
anything else is refused instead of fetched. A refusal is one :class:`PipelineError` line naming where
and what. No maintained Python AsyncAPI parser fits (README, "The AsyncAPI description"): the pipeline
needs the document as JSON data anyway (payload schemas are compared as JSON Schema) and the validity
verdict of the specification's own schema.

Also the reading of a message's payload the drift report and the local realtime server share.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from simli_pipeline.errors import PipelineError, one_line, value_literal
from simli_pipeline.hashing import sha256_file
from simli_pipeline.parsing import parse_document

# Where Simli publishes it: beside openapi.yaml in its documentation repository (the raw file on main).
ASYNCAPI_UPSTREAM_URL = "https://raw.githubusercontent.com/simliai/docs/main/api-reference/asyncapi.yaml"
ASYNCAPI_ORIGIN_PARTS = {
    "repository": "github.com/simliai/docs",
    "file": "api-reference/asyncapi.yaml",
    "commit": "a91a4b8",
}
SUPPORTED_VERSION = "3.0."
SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "asyncapi-3.0.0.json"
SCHEMA_ORIGIN = "schemas/3.0.0.json of the npm package @asyncapi/specs 6.11.1 (asyncapi/spec-json-schemas)"
# A payload's schema format when a Multi Format Schema Object names none, and the formats that are JSON Schema.
DEFAULT_SCHEMA_FORMAT = "application/vnd.aai.asyncapi+json;version=3.0.0"
JSON_SCHEMA_FORMATS = ("application/vnd.aai.asyncapi", "application/schema+json", "application/schema+yaml")
MAX_ERRORS_SHOWN = 1


def is_asyncapi(document: dict[str, Any]) -> bool:
    """Whether a parsed document says it is AsyncAPI (a top-level ``asyncapi`` key) rather than OpenAPI."""
    return "asyncapi" in document


def check_version(document: dict[str, Any], origin: str) -> str:
    """The document's AsyncAPI version, or a one-line refusal when it is not AsyncAPI 3.0."""
    version = document.get("asyncapi")
    if version is None:
        found = "an OpenAPI document" if "openapi" in document else "no 'asyncapi' version field"
        raise PipelineError(f"{origin}: not an AsyncAPI 3.0 document ({found})")
    if not isinstance(version, str) or not version.startswith(SUPPORTED_VERSION):
        raise PipelineError(f"{origin}: not an AsyncAPI 3.0 document (version {value_literal(version)})")
    return version


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    """The Draft-07 validator of the vendored AsyncAPI 3.0.0 schema, with a registry that never fetches."""
    from jsonschema import Draft7Validator  # type: ignore[import-untyped]  # noqa: PLC0415 - only when validating
    from referencing import Registry, Resource  # noqa: PLC0415 - only when validating
    from referencing.exceptions import NoSuchResource  # noqa: PLC0415 - only when validating
    from referencing.jsonschema import DRAFT7  # noqa: PLC0415 - only when validating

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))

    def refuse(uri: str) -> Resource[Any]:
        raise NoSuchResource(uri)  # offline: a $ref the vendored schema does not hold is an error, not a fetch

    resource = Resource.from_contents(schema, default_specification=DRAFT7)
    # crawl(): the bundled definitions carry their own $id; registering them lets every $ref resolve locally.
    registry = Registry(retrieve=refuse).with_resource(schema["$id"], resource).crawl()  # type: ignore[call-arg]
    return Draft7Validator(schema, registry=registry)


def _where(path: Any) -> str:
    parts = [str(part) for part in path]
    return ".".join(parts) or "the document"


def validate(document: dict[str, Any], origin: str) -> str:
    """Check ``document`` is a valid AsyncAPI 3.0 document: its version, or one line naming the first problem."""
    version = check_version(document, origin)
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]  # noqa: PLC0415 - only when validating

    error = best_match(_validator().iter_errors(document))
    if error is not None:
        problem = one_line(str(error.message), limit=200)
        raise PipelineError(
            f"{origin}: not a valid AsyncAPI {version} document at {_where(error.absolute_path)}: {problem}"
        )
    return version


def validation_record() -> dict[str, str]:
    """What validated a pinned AsyncAPI document (its lock records it): the schema, by origin and sha256."""
    return {"schema": SCHEMA_ORIGIN, "schema_sha256": sha256_file(SCHEMA_FILE)}


def load_asyncapi(raw: bytes, origin: str) -> dict[str, Any]:
    """Parse and validate: what update-spec and check-generated accept, or a one-line refusal."""
    document = parse_document(raw, origin, "AsyncAPI")
    validate(document, origin)
    return document


def payload_schema(message: dict[str, Any]) -> tuple[str, Any]:
    """(schema format, schema) of a message's payload.

    A payload is a Schema Object, or a Multi Format Schema Object (``schemaFormat`` and ``schema``). A
    mapping whose keys are only ``schema`` (and ``schemaFormat``) is read as the latter even without
    ``schemaFormat``, in the default format: the construct Simli's description uses. Read literally it
    would be a schema with one unknown keyword, accepting anything.
    """
    payload = message.get("payload")
    if isinstance(payload, dict) and "schema" in payload and set(payload) <= {"schema", "schemaFormat"}:
        return str(payload.get("schemaFormat") or DEFAULT_SCHEMA_FORMAT), payload["schema"]
    return DEFAULT_SCHEMA_FORMAT, payload


def is_json_schema(schema_format: str) -> bool:
    """Whether a payload in ``schema_format`` is JSON Schema (AsyncAPI Schema is a superset), so comparable."""
    return schema_format.lower().replace(" ", "").startswith(JSON_SCHEMA_FORMATS)
