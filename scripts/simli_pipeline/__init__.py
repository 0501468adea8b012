"""The pipeline's library: scripts/*.py are thin command lines over these modules.

Modules import downward only, in the order of LAYERS (lowest first); modules of one layer may
import each other, never in a circle. tests/unit/pipeline/test_layers.py builds the import graph
(module-level and function-level imports) and fails on a cycle, on an import pointing upward, and
on a module no layer declares: a new module takes its place here. ``rules.*`` is every module of
the rules/ subpackage. The commands in scripts/ sit above every layer.
"""

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "cli"),  # the one error type, one-line messages, how a command runs
    ("hashing", "repository", "lock"),  # where things live, sha256, the lock and the toolchain it records
    ("sources", "parsing"),  # reading bytes (path or URL), parsing them safely
    ("keywords", "openapi"),  # the OpenAPI vocabulary; $refs, paths, operations, locations
    ("names",),  # the Python names the generator gives
    # the validator's findings, classified; validating a document; the AsyncAPI description, validated
    ("findings", "validation", "asyncapi"),
    ("rules", "rules.*", "normalisation"),  # one module per normalisation rule; applying RULES
    # names the generator would mishandle; operation facts; generated ops; the facade against a generated client
    ("preflight", "facts", "generated", "facade_match"),
    ("gate",),  # every check, in one order
    ("generator", "install", "generate", "checking", "update"),  # run the generator, swap, regenerate, check, pin
    # the drift report; the build check after a regeneration; CHANGELOG entries; the scheduled job; generated docs
    ("diff", "diff.*", "build_check", "changelog", "drift_job", "doc_tables", "api_reference"),
)
