"""``simli.faces``: the avatars' faces (Trinity, and the deprecated legacy ones)."""

from __future__ import annotations

import builtins
import os
import uuid
from typing import IO, TYPE_CHECKING, Any

from simli_api_client.types import UNSET

from .._files import to_file
from .._validation import require_text
from ._convert import as_uuid, require_binary
from ._method import ModeT, Request, Resource, operation, request

if TYPE_CHECKING:  # mypy checks each stub against these; at runtime each loads on first use (see _lazy)
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


class Faces(Resource[ModeT]):
    """List, create, check and delete faces."""

    @operation("POST /faces/trinity", _create)
    def create(self, image: Image, *, name: str | None = None) -> Request[Any]:
        """Start generating a Trinity face from a portrait; check progress with :meth:`generation_status`."""
        body = models.TrinityFaceUpload(image=to_file(image, "image"))
        return request(_create._get_kwargs, body=body, face_name=UNSET if name is None else require_text("name", name))

    @operation("GET /faces/trinity/generation_status", _status)
    def generation_status(self, face_id: str) -> Request[Any]:
        """Where the generation of Trinity face ``face_id`` stands."""
        return request(_status._get_kwargs, face_id=require_text("face_id", face_id))

    @operation("POST /faces/trinity/preprocess", _preprocess)
    def preprocess(self, image: Image, *, retry: bool = False) -> Request[bytes]:
        """The portrait reframed as Trinity expects (PNG bytes); ``retry=True`` renders slower, at higher quality."""
        body = models.FacePreprocessUpload(image=to_file(image, "image"))
        return request(_preprocess._get_kwargs, body=body, retry=retry).checked(require_binary)

    @operation("DELETE /faces/trinity/{id}", _delete)
    def delete(self, face_id: uuid.UUID | str) -> Request[None]:
        """Delete face ``face_id``; it cannot be undone, and agents using the face stop working."""
        return request(_delete._get_kwargs, id=as_uuid(face_id, "face_id"))

    @operation("POST /faces/legacy", _create_legacy)
    def create_legacy(self, image: Image, *, name: str | None = None) -> Request[Any]:
        """Deprecated: start generating a legacy face from a portrait."""
        body = models.LegacyFaceUpload(image=to_file(image, "image"))
        face_name = UNSET if name is None else require_text("name", name)
        return request(_create_legacy._get_kwargs, body=body, face_name=face_name)

    @operation("GET /faces/legacy/generation_status", _legacy_status)
    def legacy_generation_status(self, face_id: str) -> Request[Any]:
        """Deprecated: where the generation of legacy face ``face_id`` stands."""
        return request(_legacy_status._get_kwargs, face_id=require_text("face_id", face_id))

    @operation("DELETE /faces/legacy/{id}", _delete_legacy)
    def delete_legacy(self, face_id: uuid.UUID | str) -> Request[None]:
        """Deprecated: delete legacy face ``face_id``."""
        return request(_delete_legacy._get_kwargs, id=as_uuid(face_id, "face_id"))

    @operation("GET /faces", _list)
    def list(self) -> Request[builtins.list[FacesResponse]]:
        """Every face of your account."""
        return request(_list._get_kwargs)
