"""``simli.faces``: the avatars' faces (Trinity, and the deprecated legacy ones)."""

from __future__ import annotations

import builtins
import math
import os
import time
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from simli_api_client.types import UNSET

from .._conformance import ConformanceError
from .._constants import FACE_MAX_POLL_INTERVAL, FACE_POLL_BACKOFF, FACE_POLL_INTERVAL, FACE_WAIT_TIMEOUT
from .._exceptions import FaceGenerationFailedError, FaceGenerationTimeoutError
from .._files import to_file
from .._options import HeaderOptions, RequestOptions
from .._validation import require_text
from ._convert import as_id, as_uuid, require_binary
from ._method import Flow, ModeT, Resource, Step, call, deprecated, flow, operation
from ._steps import Pause, converted

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
    from typing_extensions import Unpack

    from simli_api_client import models
    from simli_api_client.api.default import delete_faces_legacy_id as _delete_legacy
    from simli_api_client.api.default import delete_faces_trinity_id as _delete
    from simli_api_client.api.default import enqueue_gsa_generation_faces_gs_create_post as _create
    from simli_api_client.api.default import generate_face_idapi_faces_legacy_create_post as _create_legacy
    from simli_api_client.api.default import get_faces as _list
    from simli_api_client.api.default import get_request_status_faces_gs_status_get as _status
    from simli_api_client.api.default import get_request_status_faces_legacy_status_get as _legacy_status
    from simli_api_client.api.default import preprocess_image_faces_trinity_preprocess_post as _preprocess
    from simli_api_client.models import FacesResponse
else:
    from .._lazy import models, operation_module

    _delete_legacy = operation_module("delete_faces_legacy_id")
    _delete = operation_module("delete_faces_trinity_id")
    _create = operation_module("enqueue_gsa_generation_faces_gs_create_post")
    _create_legacy = operation_module("generate_face_idapi_faces_legacy_create_post")
    _list = operation_module("get_faces")
    _status = operation_module("get_request_status_faces_gs_status_get")
    _legacy_status = operation_module("get_request_status_faces_legacy_status_get")
    _preprocess = operation_module("preprocess_image_faces_trinity_preprocess_post")

Image = str | os.PathLike[str] | bytes | IO[bytes]
"""An image to upload: a path, its bytes, or a binary file object."""

# What the description leaves untyped (both answers are ``schema: {}``), assumed from Simli's answers
# and public code calling it; override the terminal values per call if Simli's differ.
FACE_ID_FIELDS = ("face_id", "faceId", "id")
"""Where ``POST /faces/trinity``'s JSON object carries the new face's id (the first non-empty string wins)."""
STATUS_FIELD = "status"
"""Where ``GET /faces/trinity/generation_status``'s JSON object says how the generation stands."""
READY_STATUSES = frozenset({"completed", "complete", "ready", "done", "success", "succeeded", "finished"})
"""``status`` values (compared case-insensitively) meaning the face is ready to use."""
FAILED_STATUSES = frozenset({"failed", "failure", "error", "errored", "cancelled", "canceled", "rejected"})
"""``status`` values (compared case-insensitively) meaning the generation failed for good."""


def _seconds(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number of seconds greater than 0")
    return float(value)


def _statuses(name: str, values: Collection[str]) -> frozenset[str]:
    if isinstance(values, str) or not all(isinstance(value, str) for value in values):
        raise TypeError(f"{name} must be a collection of status strings (e.g. {{'completed'}}), not one string")
    return frozenset(value.strip().lower() for value in values)


@dataclass(frozen=True)
class CreatedFace:
    """What ``faces.create`` answers: the new face's id, and the answer as Simli sent it (``raw``)."""

    face_id: str
    raw: Any


def _face_id_of(answer: Any) -> str | None:
    if isinstance(answer, dict):
        for name in FACE_ID_FIELDS:
            value = answer.get(name)
            if isinstance(value, str) and value.strip():
                return value
    return None


def _require_face_id(answer: Any) -> None:
    """An answer without the new face's id cannot be waited for or used: a malformed response."""
    if _face_id_of(answer) is None:
        raise ConformanceError(f"the answer has no face id (looked for {', '.join(FACE_ID_FIELDS)})")


def _created(answer: Any) -> CreatedFace:
    return CreatedFace(face_id=str(_face_id_of(answer)), raw=answer)


def generation_state(answer: Any) -> str | None:
    """The lower-cased ``status`` of a generation-status answer, or None when it has none."""
    value = answer.get(STATUS_FIELD) if isinstance(answer, dict) else None
    return value.strip().lower() if isinstance(value, str) else None


class Faces(Resource[ModeT]):
    """List, create, check and delete faces."""

    @operation("POST /faces/trinity", _create)
    def create(self, image: Image, *, name: str | None = None, **options: Unpack[RequestOptions]) -> Step[CreatedFace]:
        """Start generating a Trinity face from a portrait: its ``face_id`` (see :meth:`wait_until_ready`).

        The answer is untyped in the description: its id is read from ``face_id`` (else ``faceId``,
        ``id``); an answer with none raises SimliResponseError. ``raw`` keeps the whole answer.
        """
        body = models.TrinityFaceUpload(image=to_file(image, "image"))
        face_name = UNSET if name is None else require_text("name", name)
        answer = call(_create._get_kwargs, body=body, face_name=face_name).checked(_require_face_id)
        return converted(answer, _created)

    @flow
    def wait_until_ready(
        self,
        face_id: uuid.UUID | str,
        *,
        timeout: float = FACE_WAIT_TIMEOUT,
        poll_interval: float = FACE_POLL_INTERVAL,
        on_status: Callable[[Any], object] | None = None,
        ready: Collection[str] = READY_STATUSES,
        failed: Collection[str] = FAILED_STATUSES,
        **options: Unpack[HeaderOptions],
    ) -> Flow[Any]:
        """Poll :meth:`generation_status` until face ``face_id`` is ready; the last answer.

        Polls every ``poll_interval`` seconds, growing by half each time up to a minute, for at most
        ``timeout`` seconds. Each answer, as parsed, goes to ``on_status`` first. The answer's
        ``status`` decides (case-insensitively): one of ``ready`` ends the wait, one of ``failed``
        raises FaceGenerationFailedError; anything else (another status, no status) keeps waiting,
        and FaceGenerationTimeoutError is raised when time runs out. Both errors carry ``answer``.
        """
        face_id = as_id(face_id, "face_id")
        timeout = _seconds("timeout", timeout)
        interval = _seconds("poll_interval", poll_interval)
        ready_values, failed_values = _statuses("ready", ready), _statuses("failed", failed)
        deadline = time.monotonic() + timeout
        while True:
            answer = yield Faces.generation_status.prepare(self, face_id)
            if on_status is not None:
                on_status(answer)
            state = generation_state(answer)
            if state in ready_values:
                return answer
            if state in failed_values:
                raise FaceGenerationFailedError(
                    f"the generation of face {face_id} failed (status {state!r})", face_id=face_id, answer=answer
                )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FaceGenerationTimeoutError(
                    f"face {face_id} was not ready after {timeout:g} s (last status {state!r}); "
                    "it may still finish: wait again, or raise timeout=",
                    face_id=face_id,
                    answer=answer,
                    timeout=timeout,
                )
            yield Pause(min(interval, remaining))
            interval = min(interval * FACE_POLL_BACKOFF, max(FACE_MAX_POLL_INTERVAL, poll_interval))

    @operation("GET /faces/trinity/generation_status", _status)
    def generation_status(self, face_id: uuid.UUID | str, **options: Unpack[RequestOptions]) -> Step[Any]:
        """Where the generation of Trinity face ``face_id`` stands."""
        return call(_status._get_kwargs, face_id=as_id(face_id, "face_id"))

    @operation("POST /faces/trinity/preprocess", _preprocess)
    def preprocess(self, image: Image, *, retry: bool = False, **options: Unpack[RequestOptions]) -> Step[bytes]:
        """The portrait reframed as Trinity expects (PNG bytes); ``retry=True`` renders slower, at higher quality."""
        body = models.FacePreprocessUpload(image=to_file(image, "image"))
        return call(_preprocess._get_kwargs, body=body, retry=retry).checked(require_binary)

    @operation("DELETE /faces/trinity/{id}", _delete)
    def delete(self, face_id: uuid.UUID | str, **options: Unpack[RequestOptions]) -> Step[None]:
        """Delete face ``face_id``; it cannot be undone, and agents using the face stop working."""
        return call(_delete._get_kwargs, id=as_uuid(face_id, "face_id"))

    @operation("POST /faces/legacy", _create_legacy)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def create_legacy(self, image: Image, *, name: str | None = None, **options: Unpack[RequestOptions]) -> Step[Any]:
        """Deprecated: start generating a legacy face from a portrait."""
        body = models.LegacyFaceUpload(image=to_file(image, "image"))
        face_name = UNSET if name is None else require_text("name", name)
        return call(_create_legacy._get_kwargs, body=body, face_name=face_name)

    @operation("GET /faces/legacy/generation_status", _legacy_status)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def legacy_generation_status(self, face_id: uuid.UUID | str, **options: Unpack[RequestOptions]) -> Step[Any]:
        """Deprecated: where the generation of legacy face ``face_id`` stands."""
        return call(_legacy_status._get_kwargs, face_id=as_id(face_id, "face_id"))

    @operation("DELETE /faces/legacy/{id}", _delete_legacy)
    @deprecated("deprecated in Simli's API description; it may be removed")
    def delete_legacy(self, face_id: uuid.UUID | str, **options: Unpack[RequestOptions]) -> Step[None]:
        """Deprecated: delete legacy face ``face_id``."""
        return call(_delete_legacy._get_kwargs, id=as_uuid(face_id, "face_id"))

    @operation("GET /faces", _list)
    def list(self, **options: Unpack[RequestOptions]) -> Step[builtins.list[FacesResponse]]:
        """Every face of your account."""
        return call(_list._get_kwargs)
