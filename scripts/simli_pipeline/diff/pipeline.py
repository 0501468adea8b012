"""What update-spec would say about a new document, listed in the drift report: its warnings or its refusal."""

from __future__ import annotations

from simli_pipeline.diff.model import Node
from simli_pipeline.errors import PipelineError
from simli_pipeline.gate import gate
from simli_pipeline.normalisation import Applied


def pipeline_findings(document: Node, origin: str) -> list[tuple[str, str]]:
    """What update-spec would say about ``document``: its warnings, or the refusal that stops it.

    ("warning" | "refusal", message) in the order the pipeline's gate (gate.py) meets them:
    normalisation rules first, then the validator's findings on the normalised copy. Never raises.
    """
    seen: list[Applied] = []
    found: list[tuple[str, str]] = []
    try:
        gate(document, origin, seen=seen)
    except PipelineError as exc:
        found.append(("refusal", str(exc)))
    except Exception as exc:  # never let a check of the new document stop the report itself
        found.append(("refusal", f"{origin}: could not be checked ({type(exc).__name__})"))
    return [("warning", str(item)) for item in seen if item.warning] + found
