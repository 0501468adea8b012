"""Start a Simli avatar session in a LiveKit room and print it.

Reads SIMLI_API_KEY and SIMLI_BASE_URL from the environment (`nox -s demo` points the
latter at a Prism mock of the pinned spec, so no real session starts). The LiveKit token
here is a placeholder with a JWT's shape; mint a real one with
simli_api.livekit_tokens.mint_avatar_token (extra: simli-api[livekit]).
"""

from __future__ import annotations

from simli_api import Simli, SimliError

LIVEKIT_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzaW1saS1hdmF0YXItYWdlbnQifQ.c2lnbmF0dXJl"  # noqa: S105 - a placeholder


def main() -> int:
    with Simli() as simli:
        try:
            session = simli.livekit.start_agents_session(
                session_token="demo-session-token",  # noqa: S106 - a placeholder
                livekit_token=LIVEKIT_TOKEN,
                livekit_url="wss://example.livekit.cloud",
            )
        except SimliError as exc:
            print(f"could not start the session: {exc}")
            return 1
    print(f"base URL     {simli.base_url}")
    print(f"session_id   {session.session_id!r}")
    print(f"status       {session.status!r}")
    print(f"destination  {session.destination!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
