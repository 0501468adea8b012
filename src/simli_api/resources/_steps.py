"""Steps a :func:`~._method.flow` may yield besides API operations: a pause, a foreign download, a converted answer.

Each is a :class:`~._method.Step` whose ``run`` / ``run_async`` do the work in the client's mode
(``time.sleep`` or ``asyncio.sleep``, ``httpx.Client`` or ``httpx.AsyncClient``), so one flow
stub still drives both clients.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from ._method import Step

if TYPE_CHECKING:
    import httpx

    from .._client import AsyncSimli, Simli
    from .._options import CallOptions

R = TypeVar("R")
T = TypeVar("T")
_NO_OPERATION = sys.modules[__name__]  # what ``Step.module`` holds for a step that calls no operation


class Pause(Step[None]):
    """Wait ``seconds`` (a poll's interval) without blocking the event loop in async mode."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        super().__init__(_NO_OPERATION, {})
        self.seconds = seconds

    def run(self, client: Simli, options: CallOptions | None = None) -> None:
        import time  # noqa: PLC0415 - polling flows only

        time.sleep(self.seconds)

    async def run_async(self, client: AsyncSimli, options: CallOptions | None = None) -> None:
        import asyncio  # noqa: PLC0415 - polling flows only

        await asyncio.sleep(self.seconds)


class ForeignDownload(Step[Path]):
    """Stream ``url`` (not on the API's host) to ``target`` atomically, sending no credential (see ``_fetch``).

    Of a call's options only the timeout applies: ``extra_headers`` are for the API's host alone.
    """

    __slots__ = ("url",)

    def __init__(self, url: str, target: str | os.PathLike[str]) -> None:
        super().__init__(_NO_OPERATION, {})
        self.url = url
        self.target = Path(target)

    def run(self, client: Simli, options: CallOptions | None = None) -> Path:
        from .._download import to_target  # noqa: PLC0415
        from .._fetch import plain_get  # noqa: PLC0415 - foreign downloads only

        assert self.target is not None  # noqa: S101 - set in __init__
        to_target(plain_get(self.url, _timeout(client, options), options), self.target)
        return self.target

    async def run_async(self, client: AsyncSimli, options: CallOptions | None = None) -> Path:
        from .._download import to_target_async  # noqa: PLC0415
        from .._fetch import plain_get_async  # noqa: PLC0415

        assert self.target is not None  # noqa: S101 - set in __init__
        await to_target_async(plain_get_async(self.url, _timeout(client, options), options), self.target)
        return self.target


def _timeout(client: Simli | AsyncSimli, options: CallOptions | None) -> httpx.Timeout:
    return client.timeout if options is None or options.timeout is None else options.timeout


class Converted(Step[R], Generic[T, R]):
    """An operation's step whose parsed (and checked) answer is handed to ``convert``; the method returns that."""

    __slots__ = ("convert", "inner")

    def __init__(self, inner: Step[T], convert: Callable[[T], R]) -> None:
        super().__init__(inner.module, inner.arguments)
        self.require = inner.require
        self.inner = inner
        self.convert = convert

    def run(self, client: Simli, options: CallOptions | None = None) -> R:
        return self.convert(self.inner.run(client, options))

    async def run_async(self, client: AsyncSimli, options: CallOptions | None = None) -> R:
        return self.convert(await self.inner.run_async(client, options))


def converted(inner: Step[T], convert: Callable[[T], R]) -> Step[R]:
    """``inner``'s answer, passed through ``convert`` (validate first with ``inner.checked``)."""
    return Converted(inner, convert)
