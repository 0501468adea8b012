"""The drift report: two OpenAPI documents compared as APIs, each change classified by one registry of kinds.

model (a document indexed as an API) -> kinds (the registry: whom each change breaks, its message)
-> schemas, compare, generated (what changed, and which generated names) -> report (JSON, Markdown);
facade and pipeline add the facade methods concerned and what update-spec would say.
scripts/spec_diff.py is the command line.
"""
