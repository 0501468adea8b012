"""The aiohttp route's read timeouts: one event-loop timer for every request in flight, not one per read.

Why: aiohttp's ``sock_read`` timeout arms an asyncio timer when a request has been sent and arms it again on
every read; with a hundred requests in flight each of those sifts the loop's timer heap, whose order is a
Python ``__lt__``, and the route paid more for that than for its JSON encoding (CONTRIBUTING.md, Performance).
Here a request in flight is one entry in a dict, its deadline; one timer, armed for the earliest deadline,
cancels the tasks whose deadline passed, and :meth:`ReadDeadlines.expired` turns that cancellation into the
read timeout (as ``asyncio.timeout`` does, so a cancellation from elsewhere stays a cancellation).

The clock starts when the request goes out on a ready connection (:func:`request_class`: aiohttp calls
``ClientRequest.send`` once it has one), so the pool wait and connect stay bounded by aiohttp's ``connect``
timeouts alone; each further read of the body starts it again (:meth:`ReadDeadlines.arm`). aiohttp's own clock
started once the body was written: the route watches only bodies written at once (SENT_AT_ONCE_BYTES) and leaves
uploads to aiohttp's.
"""

from __future__ import annotations

import asyncio
import math
import sys
import time
from collections.abc import Coroutine
from typing import Any

import aiohttp
from aiohttp.connector import Connection

Task = asyncio.Task[Any]
_RESOLUTION = time.get_clock_info("monotonic").resolution

if sys.version_info >= (3, 11):

    def cancel_count(task: Task) -> int:
        """How many cancellations of ``task`` are pending (``Task.cancelling``)."""
        return task.cancelling()

    def take_back(task: Task) -> int:
        """Take back one cancellation of ``task``; how many are left (``Task.uncancel``)."""
        return task.uncancel()

else:  # Python 3.10 counts no cancellations: a task cancelled for its deadline (its entry in _expired) times out,
    # even when another cancellation lands in the same turn of the loop (as async-timeout does there)

    def cancel_count(task: Task) -> int:
        return 0

    def take_back(task: Task) -> int:
        return 0


class ReadDeadlines:
    """The read timeouts of one event loop's requests in flight, each task's in turn (a task sends one at a time)."""

    __slots__ = ("_at", "_due", "_expired", "_handle", "_loop", "_watched")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        # Each watched task's read timeout, and its pending cancellations when it began (asyncio.timeout's rule).
        self._watched: dict[Task, tuple[float, int]] = {}
        self._due: dict[Task, float] = {}  # when each armed one runs out (loop time)
        self._expired: dict[Task, int] = {}  # cancelled for its deadline: its count when it began
        self._handle: asyncio.TimerHandle | None = None
        self._at = math.inf  # when the timer fires

    def watch(self, seconds: float | None) -> Task | None:
        """Watch the current task's request, which must read something within ``seconds`` of being sent (None:
        no limit, nothing watched); the task, to pass to :meth:`expired` and :meth:`forget`."""
        if seconds is None:
            return None
        task = asyncio.current_task()
        if task is not None:
            self._watched[task] = (seconds, cancel_count(task))
        return task

    def sent(self) -> None:
        """The current task's request is going out on a ready connection: its clock starts (if it is watched)."""
        task = asyncio.current_task()
        if task is not None and task in self._watched:
            self.arm(task)

    def arm(self, task: Task) -> None:
        """``task`` (watched) must read something within its read timeout from now."""
        when = self._loop.time() + self._watched[task][0]
        self._due[task] = when
        if when < self._at:
            if self._handle is not None:
                self._handle.cancel()
            self._at = when
            self._handle = self._loop.call_at(when, self._fire)

    def expired(self, task: Task) -> bool:
        """Whether a CancelledError in ``task`` came from its deadline alone (it is then taken back: raise the
        timeout instead); False when another cancellation came too, or alone: that one must go on."""
        before = self._expired.pop(task, None)
        return before is not None and take_back(task) <= before

    def forget(self, task: Task | None) -> None:
        """The task's request is over (however it ended)."""
        if task is None:
            return
        del self._watched[task]
        self._due.pop(task, None)
        if self._expired and self._expired.pop(task, None) is not None:  # cancelled, but something else was raised
            take_back(task)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None
        self._at = math.inf

    def _fire(self) -> None:
        self._handle = None
        self._at = math.inf
        now = self._loop.time() + _RESOLUTION  # the loop runs a timer up to its clock's resolution early
        due = self._due
        overdue = [task for task, when in due.items() if when <= now]
        for task in overdue:
            del due[task]
            if not task.done():
                self._expired[task] = self._watched[task][1]
                task.cancel()
        if due:
            self._at = min(due.values())
            self._handle = self._loop.call_at(self._at, self._fire)


def request_class(deadlines: ReadDeadlines) -> type[aiohttp.ClientRequest]:
    """aiohttp's request class, telling ``deadlines`` when a request has its connection (``ClientSession(
    request_class=...)``)."""

    class Request(aiohttp.ClientRequest):
        def send(self, conn: Connection) -> Coroutine[Any, Any, aiohttp.ClientResponse]:
            deadlines.sent()
            return super().send(conn)

    return Request
