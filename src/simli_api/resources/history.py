"""``simli.history``: the sessions your account ran."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from simli_api_client.types import UNSET

from .._options import RequestOptions
from ._convert import as_timestamp
from ._method import ModeT, Resource, Step, call, operation

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
    from typing_extensions import Unpack

    from simli_api_client.api.default import get_history_sessions as _sessions
    from simli_api_client.models import SessionHistory
else:
    from .._lazy import operation_module

    _sessions = operation_module("get_history_sessions")


class History(Resource[ModeT]):
    """Session history records."""

    @operation("GET /history/sessions", _sessions)
    def sessions(
        self,
        *,
        start_time: int | datetime.datetime | None = None,
        end_time: int | datetime.datetime | None = None,
        **options: Unpack[RequestOptions],
    ) -> Step[SessionHistory]:
        """Sessions between ``start_time`` and ``end_time`` (Unix seconds or aware datetimes; both optional)."""
        start = UNSET if start_time is None else as_timestamp(start_time, "start_time")
        end = UNSET if end_time is None else as_timestamp(end_time, "end_time")
        return call(_sessions._get_kwargs, start_time=start, end_time=end)
