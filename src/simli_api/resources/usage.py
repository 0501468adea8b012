"""``simli.usage``: what your account is using right now."""

from __future__ import annotations

from simli_api_client.api.default import get_ratelimiter_sessions as _active
from simli_api_client.models import ActiveSessions

from ._method import ModeT, Request, Resource, operation, request


class Usage(Resource[ModeT]):
    """Current usage against your rate limits."""

    @operation("GET /ratelimiter/sessions", _active)
    def active_sessions(self) -> Request[ActiveSessions]:
        """How many sessions are running now (``current_usage``)."""
        return request(_active._get_kwargs)
