"""``simli.agents``: Simli Auto agents and sessions (``/auto/*``), all deprecated by Simli.

Every call raises a ``DeprecationWarning``; the operations keep working as Simli serves them.
"""

from __future__ import annotations

import builtins
import uuid
from typing import TYPE_CHECKING, Any

from .._options import RequestOptions
from .._validation import require_text
from ._convert import as_id, as_uuid
from ._method import ModeT, Resource, Step, call, deprecated, operation

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
    from typing_extensions import Unpack

    from simli_api_client import models
    from simli_api_client.api.default import create_pipecat_session_token_auto_token_post as _token
    from simli_api_client.api.default import delete_auto_agent_id as _delete
    from simli_api_client.api.default import get_auto_agent_id as _get
    from simli_api_client.api.default import get_auto_agents as _list
    from simli_api_client.api.default import get_e2e_transcript_auto_transcript_session_id_get as _transcript
    from simli_api_client.api.default import post_auto_agent as _create
    from simli_api_client.api.default import put_auto_agent_id as _update
    from simli_api_client.api.default import start_agent_id_query_auto_start_agent_id_session_token_post as _start
    from simli_api_client.api.default import start_pipecat_session_auto_start_configurable_post as _start_configurable
    from simli_api_client.models import (
        AgentRequest,
        AgentResponse,
        AgentUpdate,
        ConfigurableSessionRequest,
        SessionDetails,
        TokenRequest,
    )
else:
    from .._lazy import models, operation_module

    _token = operation_module("create_pipecat_session_token_auto_token_post")
    _delete = operation_module("delete_auto_agent_id")
    _get = operation_module("get_auto_agent_id")
    _list = operation_module("get_auto_agents")
    _transcript = operation_module("get_e2e_transcript_auto_transcript_session_id_get")
    _create = operation_module("post_auto_agent")
    _update = operation_module("put_auto_agent_id")
    _start = operation_module("start_agent_id_query_auto_start_agent_id_session_token_post")
    _start_configurable = operation_module("start_pipecat_session_auto_start_configurable_post")


class Agents(Resource[ModeT]):
    """Deprecated: preconfigured Simli Auto agents, their sessions and transcripts."""

    @operation("POST /auto/agent", _create)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def create(self, agent: AgentRequest, **options: Unpack[RequestOptions]) -> Step[AgentResponse]:
        """Deprecated: create an agent."""
        return call(_create._get_kwargs, body=agent)

    @operation("GET /auto/agent/{id}", _get)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def get(self, agent_id: uuid.UUID | str, **options: Unpack[RequestOptions]) -> Step[AgentResponse]:
        """Deprecated: agent ``agent_id``."""
        return call(_get._get_kwargs, id=as_uuid(agent_id, "agent_id"))

    @operation("PUT /auto/agent/{id}", _update)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def update(self, agent_id: uuid.UUID | str, changes: AgentUpdate, **options: Unpack[RequestOptions]) -> Step[None]:
        """Deprecated: change the fields set in ``changes`` on agent ``agent_id``."""
        return call(_update._get_kwargs, id=as_uuid(agent_id, "agent_id"), body=changes)

    @operation("DELETE /auto/agent/{id}", _delete)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def delete(self, agent_id: uuid.UUID | str, **options: Unpack[RequestOptions]) -> Step[None]:
        """Deprecated: delete agent ``agent_id``."""
        return call(_delete._get_kwargs, id=as_uuid(agent_id, "agent_id"))

    @operation("POST /auto/token", _token)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def create_session_token(self, token: TokenRequest, **options: Unpack[RequestOptions]) -> Step[Any]:
        """Deprecated: a temporary session token for Simli Auto sessions."""
        return call(_token._get_kwargs, body=token)

    @operation("POST /auto/start/configurable", _start_configurable)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def start_configurable(
        self, config: ConfigurableSessionRequest | None = None, **options: Unpack[RequestOptions]
    ) -> Step[SessionDetails]:
        """Deprecated: start a session without a preconfigured agent (Simli's defaults for what ``config`` omits)."""
        body = models.ConfigurableSessionRequest() if config is None else config
        return call(_start_configurable._get_kwargs, body=body)

    @operation("GET /auto/start/{agent_id}/{session_token}", _start)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def start(
        self,
        agent_id: uuid.UUID | str,
        session_token: str,
        *,
        redirect: bool = False,
        **options: Unpack[RequestOptions],
    ) -> Step[SessionDetails]:
        """Deprecated: start a session of agent ``agent_id`` with a token from :meth:`create_session_token`."""
        return call(
            _start._get_kwargs,
            agent_id=as_id(agent_id, "agent_id"),
            session_token=require_text("session_token", session_token),
            redirect=redirect,
        )

    @operation("GET /auto/transcript/{session_id}", _transcript)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def transcript(self, session_id: uuid.UUID | str, **options: Unpack[RequestOptions]) -> Step[Any]:
        """Deprecated: the transcript of session ``session_id``."""
        return call(_transcript._get_kwargs, session_id=as_id(session_id, "session_id"))

    @operation("GET /auto/agents", _list)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def list(self, **options: Unpack[RequestOptions]) -> Step[builtins.list[AgentResponse]]:
        """Deprecated: every agent of your account."""
        return call(_list._get_kwargs)
