"""The seed the project started from stays a fixture, and its excerpt is exactly the seed's OpenAPI block."""

from __future__ import annotations

from tests.conftest import FIXTURES

SEED = FIXTURES / "seed" / "000_72752919fb8cc130.txt"
EXCERPT = FIXTURES / "specs" / "seed-excerpt.yaml"


def openapi_block(page: str) -> str:
    """The text between the page's ````yaml fence line and its closing fence."""
    start = page.index("````yaml")
    body = page[page.index("\n", start) + 1 :]
    return body[: body.index("````")]


def test_seed_excerpt_is_the_seed_pages_openapi_block_byte_for_byte() -> None:
    assert EXCERPT.read_bytes() == openapi_block(SEED.read_text(encoding="utf-8")).encode("utf-8")


def test_seed_excerpt_has_the_one_livekit_operation() -> None:
    text = EXCERPT.read_text(encoding="utf-8")
    assert "/integrations/livekit/agents:" in text
    assert text.count("operationId:") == 1
