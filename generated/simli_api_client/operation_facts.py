"""What Simli's API description says about each operation beyond the generated code.

Written by scripts/operation_facts.py from openapi/openapi.yaml as published (never edit:
`nox -s regenerate` rewrites it). OPERATIONS is keyed by module name below this package.
"security": alternatives, each the scheme names needed together ([] = no security).
"responses": status -> {media type: "untyped" | "nullable" | "typed"} ({} = no content).
"""

from typing import Any

SECURITY_SCHEMES: dict[str, dict[str, str]] = {
    "ApiKeyAuth": {
        "type": "apiKey",
        "in": "header",
        "name": "x-simli-api-key",
    },
}

OPERATIONS: dict[str, dict[str, Any]] = {
    "api.default.audio_to_video_interface_static_audio_post": {
        "method": "POST",
        "path": "/static/audio",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": ["application/json"],
    },
    "api.default.create_pipecat_session_token_auto_token_post": {
        "method": "POST",
        "path": "/auto/token",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "untyped",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": ["application/json"],
    },
    "api.default.delete_auto_agent_id": {
        "method": "DELETE",
        "path": "/auto/agent/{id}",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "204": {},
            "404": {},
        },
        "request_media_types": [],
    },
    "api.default.delete_faces_legacy_id": {
        "method": "DELETE",
        "path": "/faces/legacy/{id}",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "204": {},
            "400": {},
            "401": {},
        },
        "request_media_types": [],
    },
    "api.default.delete_faces_trinity_id": {
        "method": "DELETE",
        "path": "/faces/trinity/{id}",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "204": {},
            "400": {},
            "401": {},
        },
        "request_media_types": [],
    },
    "api.default.enqueue_gsa_generation_faces_gs_create_post": {
        "method": "POST",
        "path": "/faces/trinity",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "untyped",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": ["multipart/form-data"],
    },
    "api.default.generate_face_idapi_faces_legacy_create_post": {
        "method": "POST",
        "path": "/faces/legacy",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "untyped",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": ["multipart/form-data"],
    },
    "api.default.get_auto_agent_id": {
        "method": "GET",
        "path": "/auto/agent/{id}",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_auto_agents": {
        "method": "GET",
        "path": "/auto/agents",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_cached_video_mp_4_static_mp_4_machine_ip_file_get": {
        "method": "GET",
        "path": "/static/mp4/{destination}/{file}",
        "deprecated": False,
        "security": [],
        "responses": {
            "200": {
                "video/mp4": "untyped",
            },
            "404": {},
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_cached_video_static_hls_machine_ip_file_get": {
        "method": "GET",
        "path": "/static/hls/{destination}/{file}",
        "deprecated": False,
        "security": [],
        "responses": {
            "200": {
                "application/x-mpegURL": "untyped",
                "video/MP2T": "untyped",
            },
            "404": {},
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_e2e_transcript_auto_transcript_session_id_get": {
        "method": "GET",
        "path": "/auto/transcript/{session_id}",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "untyped",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_faces": {
        "method": "GET",
        "path": "/faces",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_history_sessions": {
        "method": "GET",
        "path": "/history/sessions",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
            "401": {
                "application/json": "typed",
            },
            "500": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_ice_servers_compose_ice_get": {
        "method": "GET",
        "path": "/compose/ice",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_ratelimiter_sessions": {
        "method": "GET",
        "path": "/ratelimiter/sessions",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
            "401": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_request_status_faces_gs_status_get": {
        "method": "GET",
        "path": "/faces/trinity/generation_status",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "untyped",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.get_request_status_faces_legacy_status_get": {
        "method": "GET",
        "path": "/faces/legacy/generation_status",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "untyped",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.init_integrations_livekit_agents_post": {
        "method": "POST",
        "path": "/integrations/livekit/agents",
        "deprecated": False,
        "security": [],
        "responses": {
            "200": {
                "application/json": "typed",
            },
            "400": {
                "application/json": "typed",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": ["application/json"],
    },
    "api.default.post_auto_agent": {
        "method": "POST",
        "path": "/auto/agent",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "201": {
                "application/json": "typed",
            },
            "400": {},
        },
        "request_media_types": ["application/json"],
    },
    "api.default.preprocess_image_faces_trinity_preprocess_post": {
        "method": "POST",
        "path": "/faces/trinity/preprocess",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {},
        "request_media_types": ["multipart/form-data"],
    },
    "api.default.put_auto_agent_id": {
        "method": "PUT",
        "path": "/auto/agent/{id}",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {},
            "404": {},
        },
        "request_media_types": ["application/json"],
    },
    "api.default.start_agent_id_query_auto_start_agent_id_session_token_post": {
        "method": "GET",
        "path": "/auto/start/{agent_id}/{session_token}",
        "deprecated": True,
        "security": [],
        "responses": {
            "200": {
                "application/json": "typed",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": [],
    },
    "api.default.start_audio_to_video_session_compose_token_post": {
        "method": "POST",
        "path": "/compose/token",
        "deprecated": False,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
            "400": {
                "application/json": "typed",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": ["application/json"],
    },
    "api.default.start_pipecat_session_auto_start_configurable_post": {
        "method": "POST",
        "path": "/auto/start/configurable",
        "deprecated": True,
        "security": [["ApiKeyAuth"]],
        "responses": {
            "200": {
                "application/json": "typed",
            },
            "422": {
                "application/json": "typed",
            },
        },
        "request_media_types": ["application/json"],
    },
}
