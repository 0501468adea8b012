"""Put a Simli avatar into a LiveKit room from your agent worker: one call, from your Simli API key.

In a LiveKit Agents worker, call it from the job's entrypoint once your agent has joined:

    async def entrypoint(ctx: JobContext) -> None:
        await ctx.connect()
        await start_avatar(room=ctx.room.name, agent_identity=ctx.room.local_participant.identity)

The avatar joins ``room`` as its own participant and publishes audio and video on behalf of
``agent_identity`` (your agent). Reads SIMLI_API_KEY, LIVEKIT_URL, LIVEKIT_API_KEY and
LIVEKIT_API_SECRET (and SIMLI_BASE_URL: `nox -s demo` points it at a Prism mock of the pinned
spec, so no real session starts). Needs `pip install 'simli-api[livekit]'`.
"""

from __future__ import annotations

import asyncio
import os
import sys

from simli_api import AsyncSimli, LiveKitAgentsSession, SimliError

FACE_ID = os.environ.get("SIMLI_FACE_ID", "tmp9i8bbq7c")


async def start_avatar(*, room: str, agent_identity: str) -> LiveKitAgentsSession:
    """Start the avatar for ``room``; it stops by itself after 10 idle minutes or an hour.

    Its LiveKit token lives 6 hours (livekit-api's default), longer than the session.
    """
    async with AsyncSimli() as simli:
        return await simli.livekit.start_avatar(  # livekit_url: LIVEKIT_URL
            face_id=FACE_ID,
            room=room,
            agent_identity=agent_identity,
            max_idle_time=600,
            max_session_length=3600,
        )


def main() -> int:
    room = sys.argv[1] if len(sys.argv) > 1 else "demo-room"
    try:
        session = asyncio.run(start_avatar(room=room, agent_identity="demo-agent"))
    except (SimliError, ValueError) as exc:
        print(f"could not start the avatar: {exc}")
        return 1
    print(f"room         {room}")
    print(f"session_id   {session.session_id!r}")
    print(f"status       {session.status!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
