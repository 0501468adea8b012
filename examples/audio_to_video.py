"""Journey: turn an audio sample into a video of a face speaking it, saved as an MP4.

`python examples/audio_to_video.py [audio.wav|-] [out.mp4]`: without a file (or with -) it sends
a placeholder WAV; without out.mp4 it saves into a new temporary directory. Reads SIMLI_API_KEY,
SIMLI_BASE_URL and SIMLI_FACE_ID. The video is downloaded from wherever from_audio's answer
points; off the API's host no API key is sent. `nox -s demo` runs it against a local stand-in
(tests/support/demo_server.py), whose video URL is on another host that refuses any request carrying the key.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from simli_api import Simli, SimliError

FACE_ID = os.environ.get("SIMLI_FACE_ID", "tmp9i8bbq7c")
# A WAV header with no samples: enough for a mock, not for Simli itself.
PLACEHOLDER = b"RIFF$\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80>\x00\x00\x00}\x00\x00\x02\x00\x10\x00"


def main() -> int:
    audio: Path | bytes = Path(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "-" else PLACEHOLDER
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp()) / "simli-demo.mp4"
    with Simli() as simli:
        try:
            video = simli.videos.from_audio(face_id=FACE_ID, audio=audio, audio_format="wav")
            print(f"mp4_url      {video.mp4_url}")
            saved = simli.videos.save(video, to=target)
        except (SimliError, OSError) as exc:
            print(f"the video could not be made: {exc}")
            return 1
    print(f"saved        {saved} ({saved.stat().st_size} bytes, starts {saved.read_bytes()[4:8]!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
