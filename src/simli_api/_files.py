"""PROVISIONAL (facade branch): the runtime branch owns this module; its version replaces this one on merge.

``to_file(value, argument)``: a path, bytes or a binary file object as the generated ``File``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO

from simli_api_client.types import File


def to_file(value: str | os.PathLike[str] | bytes | IO[bytes], argument: str) -> File:
    """The upload ``value`` as a ``File``; ValueError/OSError naming ``argument`` before any request."""
    if isinstance(value, (bytes, bytearray)):
        if not value:
            raise ValueError(f"{argument} is empty")
        return File(payload=io.BytesIO(bytes(value)), file_name=argument)
    if isinstance(value, (str, os.PathLike)):
        path = Path(value)
        if not path.is_file():
            raise FileNotFoundError(f"{argument}: no such file: {path}")
        return File(payload=io.BytesIO(path.read_bytes()), file_name=path.name)
    if hasattr(value, "read"):
        return File(payload=value, file_name=os.path.basename(str(getattr(value, "name", argument))))  # type: ignore[arg-type]
    raise TypeError(f"{argument} must be a path, bytes or a binary file object, got {type(value).__name__}")
