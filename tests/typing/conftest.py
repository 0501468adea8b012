"""The facade-copy fixture of the resource tests, shared here."""

from tests.resources.conftest import facade_copy  # noqa: F401 - the fixture
