"""Your faces: list them, create a Trinity face from a portrait, check how its generation goes.

`python examples/faces.py [portrait.png]` (without a file it uploads a placeholder image).
Reads SIMLI_API_KEY and SIMLI_BASE_URL (`nox -s demo` points the latter at a Prism mock of the
pinned spec, which accepts any image and answers with example data).
"""

from __future__ import annotations

import sys
from pathlib import Path

from simli_api import Simli, SimliError

# The 8-byte PNG signature and a header chunk: enough for the mock, not for Simli itself.
PLACEHOLDER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x02\x00\x08\x02\x00\x00\x00"


def main() -> int:
    portrait: Path | bytes = Path(sys.argv[1]) if len(sys.argv) > 1 else PLACEHOLDER
    with Simli() as simli:
        try:
            faces = simli.faces.list()
            print(f"{len(faces)} face(s)")
            for face in faces:
                print(f"  {face.id}  created {face.created_at:%Y-%m-%d}  model v{face.simli_version}")
            created = simli.faces.create(portrait, name="demo-face")
            print(f"create       {created!r}")
            face_id = created.get("face_id") if isinstance(created, dict) else None
            status = simli.faces.generation_status(str(face_id or "demo-face"))
            print(f"status       {status!r}")
        except SimliError as exc:
            print(f"the faces call failed: {exc}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
