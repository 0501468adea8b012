"""``simli.usage``: what your account is using right now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._options import RequestOptions
from ._method import ModeT, Resource, Step, call, operation

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
    from typing_extensions import Unpack

    from simli_api_client.api.default import get_ratelimiter_sessions as _active
    from simli_api_client.models import ActiveSessions
else:
    from .._lazy import operation_module

    _active = operation_module("get_ratelimiter_sessions")


class Usage(Resource[ModeT]):
    """Current usage against your rate limits."""

    @operation("GET /ratelimiter/sessions", _active)
    def active_sessions(self, **options: Unpack[RequestOptions]) -> Step[ActiveSessions]:
        """How many sessions are running now (``current_usage``)."""
        return call(_active._get_kwargs)
