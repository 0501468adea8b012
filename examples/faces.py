"""Journey: create a face from a portrait and wait until it is ready.

`python examples/faces.py [portrait.png]` (without a file it uploads a placeholder image).
Reads SIMLI_API_KEY and SIMLI_BASE_URL. A real generation can take a couple of hours; set
SIMLI_FACE_TIMEOUT (seconds) to wait less. `nox -s demo` runs it against a local stand-in
(tests/support/demo_server.py) whose face is ready on the second poll: Prism cannot answer the status.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from simli_api import FaceGenerationError, Simli, SimliError

# The 8-byte PNG signature and a header chunk: enough for a mock, not for Simli itself.
PLACEHOLDER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x02\x00\x08\x02\x00\x00\x00"


def show(answer: Any) -> None:
    """Every status answer, as Simli sent it."""
    print(f"status       {answer!r}")


def main() -> int:
    portrait: Path | bytes = Path(sys.argv[1]) if len(sys.argv) > 1 else PLACEHOLDER
    timeout = float(os.environ.get("SIMLI_FACE_TIMEOUT", "10800"))
    with Simli() as simli:
        try:
            created = simli.faces.create(portrait, name="demo-face")
            print(f"face_id      {created.face_id}")
            ready = simli.faces.wait_until_ready(created.face_id, timeout=timeout, poll_interval=0.2, on_status=show)
        except FaceGenerationError as exc:
            print(f"the face is not ready: {exc}; last answer {exc.answer!r}")
            return 1
        except (SimliError, OSError) as exc:
            print(f"the faces call failed: {exc}")
            return 1
    print(f"ready        {ready!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
