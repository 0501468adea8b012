"""Reading a source: the raw bytes of a local path or an http(s) URL, size-capped."""

from __future__ import annotations

from pathlib import Path

from simli_pipeline.errors import PipelineError

UPSTREAM_URL = "https://api.simli.ai/openapi.yaml"
# Documents larger than this are refused before parsing: Simli's real description
# is well under 1 MiB, and the scheduled job reads untrusted bytes off the network.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 30.0


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_source(source: str) -> bytes:
    """The raw bytes of ``source``, a URL (http/https) or a local path."""
    if is_url(source):
        return _fetch(source)
    path = Path(source)
    if not path.exists():
        raise PipelineError(f"{source}: no such file; pass an existing path or an http(s) URL")
    if not path.is_file():
        raise PipelineError(f"{source}: not a regular file; pass the OpenAPI document itself")
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise PipelineError(f"{source}: larger than {MAX_DOCUMENT_BYTES} bytes; not an OpenAPI description")
    return path.read_bytes()


def _fetch(url: str) -> bytes:
    # Imported here: urllib.request (with http.client, email and ssl) costs every other step
    # tens of milliseconds of start-up.
    import urllib.error  # noqa: PLC0415 - slow import, only to fetch
    import urllib.request  # noqa: PLC0415 - slow import, only to fetch

    # is_url() admitted only http(s), so urllib's file:// and ftp:// handlers are never reached.
    accept = {"Accept": "application/yaml, application/json;q=0.9, */*;q=0.1"}
    request = urllib.request.Request(url, headers=accept)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            body: bytes = response.read(MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise PipelineError(f"could not fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PipelineError(
            f"could not fetch {url}: {reason} (offline? pass a local file instead: nox -s update-spec -- PATH)"
        ) from None
    if len(body) > MAX_DOCUMENT_BYTES:
        raise PipelineError(f"{url}: response larger than {MAX_DOCUMENT_BYTES} bytes; not an OpenAPI description")
    return body
