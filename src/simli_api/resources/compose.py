"""``simli.compose``: what a Simli Compose (WebRTC) session needs before it starts."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, TypedDict, cast

from simli_api_client.types import Unset

from .._conformance import ConformanceError
from .._options import RequestOptions
from ._convert import as_id
from ._method import ModeT, Resource, Step, call, operation

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
    from typing_extensions import Unpack

    from simli_api_client import models
    from simli_api_client.api.default import get_ice_servers_compose_ice_get as _ice
    from simli_api_client.api.default import start_audio_to_video_session_compose_token_post as _token
    from simli_api_client.models import IceServer, SessionToken
else:
    from .._lazy import models, operation_module

    _ice = operation_module("get_ice_servers_compose_ice_get")
    _token = operation_module("start_audio_to_video_session_compose_token_post")


class SessionOptions(TypedDict, total=False):
    """How the avatar behaves in a Compose session (``POST /compose/token``); Simli's defaults apply when omitted."""

    handle_silence: bool
    max_session_length: int
    max_idle_time: int
    start_frame: int
    audio_input_format: str
    session_aggregator: str | None


class SessionCallOptions(SessionOptions, RequestOptions, total=False):
    """A session's options and the call's (``timeout``, ``extra_headers``): the keywords of the methods that
    start a session."""


def _session_fields(options: SessionCallOptions) -> SessionOptions:
    """The session's options alone: the method took the call's own out before the stub ran."""
    return cast("SessionOptions", options)


def _require_session_token(result: Any) -> None:
    if (
        not isinstance(result, models.SessionToken)
        or isinstance(result.session_token, Unset)
        or not result.session_token
    ):
        raise ConformanceError("the response has no session_token")


class Compose(Resource[ModeT]):
    """Session tokens and ICE servers for Simli Compose sessions."""

    @operation("POST /compose/token", _token)
    def create_session_token(
        self, *, face_id: uuid.UUID | str, **options: Unpack[SessionCallOptions]
    ) -> Step[SessionToken]:
        """A temporary session token for a session with face ``face_id`` (sent with your API key)."""
        fields = _session_fields(options)
        body = models.StartStreamingSessionRequest(face_id=as_id(face_id, "face_id"), **fields)
        return call(_token._get_kwargs, body=body).checked(_require_session_token)

    @operation("GET /compose/ice", _ice)
    def ice_servers(self, **options: Unpack[RequestOptions]) -> Step[list[IceServer]]:
        """A fresh set of temporary ICE server credentials for a WebRTC peer-to-peer session."""
        return call(_ice._get_kwargs)
