"""The shapes client (a description that is not Simli's) for the idempotent rows: see tests/runtime/conftest.py."""

from tests.runtime.conftest import shapes_client

__all__ = ["shapes_client"]
