"""The generated client imports and exposes the LiveKit operation with the spec's request fields."""

from __future__ import annotations

import inspect

import attrs


def test_livekit_operation_and_request_fields() -> None:
    from simli_api_client.api.default import init_integrations_livekit_agents_post as operation
    from simli_api_client.models import LiveKitAgentsSession, LiveKitInitializationRequest

    for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        assert callable(getattr(operation, name))
    assert "body" in inspect.signature(operation.sync_detailed).parameters

    fields = {field.name for field in attrs.fields(LiveKitInitializationRequest)}
    assert {"session_token", "livekit_token", "livekit_url"} <= fields
    request = LiveKitInitializationRequest(session_token="s", livekit_token="t", livekit_url="wss://h")
    assert request.to_dict() == {"session_token": "s", "livekit_token": "t", "livekit_url": "wss://h"}

    session = LiveKitAgentsSession.from_dict(
        {"status": "ok", "session_id": "6f1c2b9e-0c1d-4c55-9a43-2f7d3f7c9b10", "destination": "ZGVzdA=="}
    )
    assert str(session.session_id) == "6f1c2b9e-0c1d-4c55-9a43-2f7d3f7c9b10"


def test_authenticated_client_keeps_the_key_out_of_repr() -> None:
    from simli_api_client import AuthenticatedClient

    client = AuthenticatedClient(base_url="https://api.simli.ai", token="canary-key-123", prefix="")
    client = client.with_headers({"x-trace": "1"})
    assert "canary-key-123" not in repr(client)
    assert client.get_httpx_client().headers["Authorization"] == "canary-key-123"
