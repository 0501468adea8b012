"""Make an avatar speak a WAV file over Simli's WebSocket API, at real-time pace, printing the session's events.

    python examples/realtime_speak.py speech.wav

Needs simli-api[realtime]. Reads SIMLI_API_KEY, SIMLI_BASE_URL and SIMLI_FACE_ID from the environment
(`nox -s demo` points SIMLI_BASE_URL at the project's local realtime server, so no real session starts).
The WAV must be 16 kHz mono 16-bit PCM; convert others with
`ffmpeg -i in.wav -ar 16000 -ac 1 -c:a pcm_s16le out.wav` or `sox in.wav -r 16000 -c 1 -b 16 out.wav`.
A viewer joins the avatar's LiveKit room with the printed URL and the session's livekit_token.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import wave
from collections.abc import AsyncIterator

from simli_api import AsyncSimli, SimliError
from simli_api.realtime import Acknowledged, Event

DEFAULT_FACE_ID = "tmp9i8bbq7c"  # one of Simli's public demo faces
CHUNK_SECONDS = 0.1
CONVERT_HINT = "convert it with: ffmpeg -i in.wav -ar 16000 -ac 1 -c:a pcm_s16le out.wav"


def check_wav(path: str) -> str | None:
    """Why ``path`` cannot be streamed as it is (None when it is 16 kHz mono 16-bit PCM)."""
    try:
        with wave.open(path, "rb") as wav:
            shape = (wav.getframerate(), wav.getnchannels(), wav.getsampwidth())
    except (OSError, EOFError, wave.Error) as exc:
        return f"{path}: not a readable WAV file ({exc})"
    if shape != (16_000, 1, 2):
        rate, channels, width = shape
        found = f"{rate} Hz, {channels} channel(s), {width * 8}-bit"
        return f"{path} is {found}; Simli needs 16 kHz mono 16-bit: {CONVERT_HINT}"
    return None


async def chunks(path: str) -> AsyncIterator[bytes]:
    """The WAV's samples, CHUNK_SECONDS at a time (as a TTS engine would hand them over)."""
    with wave.open(path, "rb") as wav:
        frames = int(wav.getframerate() * CHUNK_SECONDS)
        while data := wav.readframes(frames):
            yield data


async def print_events(events: AsyncIterator[Event], started: float) -> None:
    """Each event with its time since connect; runs of ACK as one line."""
    acks = 0
    async for event in events:
        if isinstance(event, Acknowledged):
            acks += 1
            continue
        if acks:
            print(f"{time.perf_counter() - started:7.2f}s  Acknowledged() x{acks}")
            acks = 0
        print(f"{time.perf_counter() - started:7.2f}s  {event}")
    if acks:
        print(f"{time.perf_counter() - started:7.2f}s  Acknowledged() x{acks}")


async def speak(path: str, face_id: str) -> None:
    started = time.perf_counter()
    async with AsyncSimli() as simli, simli.realtime.connect(face_id=face_id) as session:
        viewer = f"livekit_token: {len(session.livekit_token)} characters, for the viewer only"
        print(f"{time.perf_counter() - started:7.2f}s  join info: {session.livekit_url} ({viewer})")
        printer = asyncio.create_task(print_events(session.events(), started))
        try:
            await session.send_audio(chunks(path), pace=True)
            await session.finish()
        finally:
            await asyncio.wait_for(printer, 5)


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python examples/realtime_speak.py speech.wav (16 kHz mono 16-bit PCM)")
        return 2
    path = sys.argv[1]
    problem = check_wav(path)
    if problem:
        print(problem)
        return 2
    try:
        asyncio.run(speak(path, os.environ.get("SIMLI_FACE_ID", DEFAULT_FACE_ID)))
    except (SimliError, ImportError) as exc:
        print(f"the session failed: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
