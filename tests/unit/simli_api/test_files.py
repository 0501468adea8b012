"""Upload arguments (``simli_api._files.to_file``): a path, bytes or a binary file object, read before any request.

A missing, unreadable or wrong-kind value fails with an error that names the argument; the content never
appears in a message.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from simli_api._files import to_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"secret-pixels" * 10
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


def test_a_path_is_read_now_with_its_name_and_media_type(tmp_path: Path) -> None:
    source = tmp_path / "portrait.png"
    source.write_bytes(PNG)
    for value in (source, str(source)):
        file = to_file(value, "image")
        assert (file.payload.read(), file.file_name, file.mime_type) == (PNG, "portrait.png", "image/png")
    source.unlink()  # read already: the File no longer needs it
    assert file.payload.getvalue() == PNG  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PNG, "x.bin", "image/png"),  # the content wins over the name
        (JPEG, "face", "image/jpeg"),
        (WEBP, "face", "image/webp"),
        (b"GIF89a" + bytes(10), "face", "image/gif"),
        (b"plain bytes", "notes.txt", "text/plain"),
        (b"plain bytes", "no-extension", "application/octet-stream"),
    ],
)
def test_media_type_from_content_then_name(tmp_path: Path, content: bytes, name: str, expected: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    assert to_file(source, "image").mime_type == expected


def test_bytes_and_binary_file_objects(tmp_path: Path) -> None:
    from_bytes = to_file(JPEG, "image")
    assert (from_bytes.payload.read(), from_bytes.file_name, from_bytes.mime_type) == (JPEG, "image", "image/jpeg")
    assert to_file(bytearray(PNG), "image").payload.read() == PNG
    source = tmp_path / "face.jpg"
    source.write_bytes(JPEG)
    with source.open("rb") as handle:
        handle.read(4)  # read from the current position, like any file consumer
        from_handle = to_file(handle, "image")
    assert (from_handle.payload.read(), from_handle.file_name) == (JPEG[4:], "face.jpg")
    anonymous = to_file(io.BytesIO(PNG), "image")
    assert (anonymous.file_name, anonymous.mime_type) == ("image", "image/png")


def test_a_missing_path_names_the_argument(tmp_path: Path) -> None:
    missing = tmp_path / "nope.png"
    with pytest.raises(FileNotFoundError) as caught:
        to_file(missing, "image")
    assert "image: no such file" in str(caught.value)
    assert caught.value.filename == str(missing)


def test_a_directory_names_the_argument(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="image: is a directory"):
        to_file(tmp_path, "image")


@pytest.mark.parametrize(
    ("failure", "error", "message"),
    [
        (PermissionError(13, "Permission denied"), PermissionError, "image: the file is not readable"),
        (OSError(5, "Input/output error"), OSError, "image: cannot read the file (Input/output error)"),
    ],
)
def test_an_unreadable_path_names_the_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: OSError, error: type[OSError], message: str
) -> None:
    """What the OS says when a file exists but cannot be read (modes do not stop root, so the read is made to fail)."""
    source = tmp_path / "locked.png"
    source.write_bytes(PNG)

    def refuse(self: Path) -> bytes:
        raise failure

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(error) as caught:
        to_file(source, "image")
    assert message in str(caught.value)
    assert caught.value.filename == str(source)


class BrokenReader(io.RawIOBase):
    """A file object whose read fails the way a failing disk or a dropped network share does."""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        raise OSError(5, "Input/output error")


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (BrokenReader(), ValueError, "image: the file object cannot be read (OSError"),
        (io.StringIO("text"), ValueError, "image must be opened in binary mode"),
        (io.BufferedWriter(io.BytesIO()), ValueError, "image: the file object cannot be read"),
        (b"", ValueError, "image is empty"),
        (io.BytesIO(), ValueError, "image is empty"),
        (123, TypeError, "image must be a path, bytes or a binary file object, got int"),
        (None, TypeError, "got NoneType"),
        ("", ValueError, "image must name a file"),
    ],
    ids=["read-fails", "text-mode", "write-only", "empty-bytes", "empty-file", "int", "none", "empty-path"],
)
def test_bad_values_name_the_argument(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        to_file(value, "image")  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_a_closed_file_names_the_argument(tmp_path: Path) -> None:
    source = tmp_path / "face.png"
    source.write_bytes(PNG)
    handle = source.open("rb")
    handle.close()
    with pytest.raises(ValueError, match="image: the file object cannot be read"):
        to_file(handle, "image")


def test_content_never_appears_in_an_error() -> None:
    class Wrong(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            return 42  # type: ignore[return-value]

    with pytest.raises(TypeError) as caught:
        to_file(Wrong(PNG), "image")
    assert "secret-pixels" not in str(caught.value)
    assert "image.read() returned int" in str(caught.value)
