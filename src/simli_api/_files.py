"""Upload arguments: a path, bytes or a binary file object, read now into the generated ``File``.

Reading happens before any request, so a missing or unreadable file fails fast with an error naming
the argument (never the file's content), and every retry resends the same bytes.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO

from simli_api_client.types import File

from ._constants import DEFAULT_MEDIA_TYPE

# Leading bytes of the image formats an upload is most likely to be; the content wins over a file name.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def to_file(value: str | os.PathLike[str] | bytes | bytearray | IO[bytes], argument: str) -> File:
    """``value`` read whole into a :class:`File` (name and media type filled in); errors name ``argument``.

    A path is read now (``OSError`` subclasses such as ``FileNotFoundError`` if it cannot be);
    bytes are used as they are; a file object must be open for reading in binary mode and is read
    from its current position. Empty content is a ``ValueError``: no upload means nothing by zero bytes.
    """
    data, name = read_content(value, argument)
    return File(payload=io.BytesIO(data), file_name=name, mime_type=media_type(data, name))


def read_content(value: str | os.PathLike[str] | bytes | bytearray | IO[bytes], argument: str) -> tuple[bytes, str]:
    """``value``'s bytes and a file name for them (checked as :func:`to_file` describes); errors name ``argument``."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        data, name = bytes(value), argument
    elif isinstance(value, (str, os.PathLike)):
        data, name = _read_path(value, argument)
    elif callable(getattr(value, "read", None)):
        data, name = _read_file_object(value, argument)
    else:
        raise TypeError(f"{argument} must be a path, bytes or a binary file object, got {type(value).__name__}")
    if not data:
        raise ValueError(f"{argument} is empty (0 bytes); pass the file's content")
    return data, name


def _read_path(value: str | os.PathLike[str], argument: str) -> tuple[bytes, str]:
    path = Path(value)
    if not str(value).strip():
        raise ValueError(f"{argument} must name a file (got an empty path)")
    try:
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise FileNotFoundError(2, f"{argument}: no such file", str(path)) from None
    except IsADirectoryError:
        raise IsADirectoryError(21, f"{argument}: is a directory, not a file", str(path)) from None
    except PermissionError:
        raise PermissionError(13, f"{argument}: the file is not readable (permission denied)", str(path)) from None
    except OSError as exc:
        raise OSError(
            exc.errno, f"{argument}: cannot read the file ({exc.strerror or type(exc).__name__})", str(path)
        ) from None


def _read_file_object(value: IO[bytes], argument: str) -> tuple[bytes, str]:
    try:
        data: object = value.read()
    except (OSError, ValueError) as exc:  # closed, write-only, not seekable...: io.UnsupportedOperation is both
        raise ValueError(f"{argument}: the file object cannot be read ({type(exc).__name__}: {exc})") from None
    if isinstance(data, str):
        raise ValueError(f"{argument} must be opened in binary mode ('rb'), not text mode")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"{argument}.read() returned {type(data).__name__}, not bytes")
    name = getattr(value, "name", None)
    return bytes(data), os.path.basename(name) if isinstance(name, str) and name else argument


def media_type(data: bytes, name: str) -> str:
    """The upload's media type: from its leading bytes, else its file name's extension, else octet-stream."""
    for signature, known in _SIGNATURES:
        if data.startswith(signature):
            return known
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    import mimetypes  # noqa: PLC0415 - reads the system's type tables on first use; uploads only

    guessed, _ = mimetypes.guess_type(name)
    return guessed or DEFAULT_MEDIA_TYPE
