"""What each benchmark case compares: the contenders' callables, built against a running server.

Every contender of a case does the same work per call: POST the LiveKit operation's JSON body to
the local server over a reused keep-alive connection pool (100 connections allowed for everyone)
and decode the JSON answer. The facade additionally validates its inputs, parses the answer into
the generated model and checks it against the spec's types: that is the cost being measured.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PATH = "/integrations/livekit/agents"
MAX_CONNECTIONS = 100
LIVEKIT_URL = "wss://example.livekit.cloud"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# A syntactically valid JWT (three base64url parts); nothing checks its signature.
LIVEKIT_TOKEN = ".".join(
    _b64url(part)
    for part in (
        json.dumps({"alg": "HS256", "typ": "JWT"}).encode(),
        json.dumps({"sub": "simli-avatar-agent", "video": {"room": "bench", "roomJoin": True}}).encode(),
        b"not-a-real-signature-but-shaped-like-one",
    )
)
SESSION_TOKEN = "bench-session-token"  # noqa: S105 - a placeholder the local server ignores
PAYLOAD = {"session_token": SESSION_TOKEN, "livekit_token": LIVEKIT_TOKEN, "livekit_url": LIVEKIT_URL}


# --------------------------------------------------------------------------- sync


@dataclass
class SyncContender:
    name: str
    call: Callable[[], Any]
    close: Callable[[], Any]


# What the raw contenders send beside the JSON body: the facade sends the same request (the LiveKit start
# is `security: []` in the description, so it carries no API key).
RAW_HEADERS: dict[str, str] = {}


def sync_contenders(base_url: str) -> list[SyncContender]:
    """facade (``Simli``) vs raw ``httpx.Client``: one call at a time."""
    import httpx

    from simli_api import Simli

    simli = Simli(base_url=base_url, api_key="bench-key", max_retries=0)

    def facade() -> Any:
        return simli.livekit.start_agents_session(
            session_token=SESSION_TOKEN, livekit_token=LIVEKIT_TOKEN, livekit_url=LIVEKIT_URL
        )

    client = httpx.Client(
        limits=httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)
    )
    url = base_url + PATH
    headers = RAW_HEADERS

    def raw_httpx() -> Any:
        return client.post(url, json=PAYLOAD, headers=headers).json()

    return [SyncContender("facade", facade, simli.close), SyncContender("httpx", raw_httpx, client.close)]


# --------------------------------------------------------------------------- async


@dataclass
class AsyncContender:
    name: str
    call: Callable[[], Awaitable[Any]]
    close: Callable[[], Awaitable[Any]]


async def async_contenders(base_url: str) -> list[AsyncContender]:
    """The three candidate stacks under ``AsyncSimli`` vs raw ``httpx.AsyncClient`` and raw aiohttp.

    facade: the default with ``simli-api[aiohttp]`` (its own calls through an ``aiohttp.ClientSession``);
    facade/httpx: the fallback without the extra (httpx's own transport); facade/httpx-aiohttp: httpx
    over aiohttp (``httpx_aiohttp.AiohttpTransport``) as the caller's ``http_client=``.
    """
    import aiohttp
    import httpx
    from httpx_aiohttp import AiohttpTransport

    from simli_api import AsyncSimli, _client

    limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)
    simli = AsyncSimli(base_url=base_url, api_key="bench-key", max_retries=0)
    assert simli._route is not None, "install simli-api[aiohttp]: the facade's default route is measured"
    fallback = AsyncSimli(base_url=base_url, api_key="bench-key", max_retries=0)
    original = _client._aiohttp_route
    _client._aiohttp_route = lambda: None  # what a client without the extra takes
    try:
        assert fallback._route is None
    finally:
        _client._aiohttp_route = original
    over_aiohttp = httpx.AsyncClient(transport=AiohttpTransport(limits=limits))
    candidate = AsyncSimli(base_url=base_url, api_key="bench-key", max_retries=0, http_client=over_aiohttp)

    def start(client: AsyncSimli) -> Callable[[], Awaitable[Any]]:
        async def facade() -> Any:
            return await client.livekit.start_agents_session(
                session_token=SESSION_TOKEN, livekit_token=LIVEKIT_TOKEN, livekit_url=LIVEKIT_URL
            )

        return facade

    url = base_url + PATH
    headers = RAW_HEADERS
    client = httpx.AsyncClient(limits=limits)

    async def raw_httpx() -> Any:
        return (await client.post(url, json=PAYLOAD, headers=headers)).json()

    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=MAX_CONNECTIONS))

    async def raw_aiohttp() -> Any:
        async with session.post(url, json=PAYLOAD, headers=headers) as response:
            return await response.json()

    async def close_candidate() -> None:
        await candidate.close()
        await over_aiohttp.aclose()

    return [
        AsyncContender("facade", start(simli), simli.close),
        AsyncContender("facade/httpx", start(fallback), fallback.close),
        AsyncContender("facade/httpx-aiohttp", start(candidate), close_candidate),
        AsyncContender("httpx", raw_httpx, client.aclose),
        AsyncContender("aiohttp", raw_aiohttp, session.close),
    ]


# --------------------------------------------------------------------------- cold import


def import_commands() -> dict[str, list[str]]:
    return {
        "simli_api": [sys.executable, "-c", "import simli_api"],
        "httpx": [sys.executable, "-c", "import httpx"],
        # What callers run: the client classes load on first use, so this is the full cost.
        "from simli_api import Simli": [sys.executable, "-c", "from simli_api import Simli"],
    }


# --------------------------------------------------------------------------- regeneration


@contextlib.contextmanager
def repo_copy() -> Iterator[Path]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from simli_pipeline.repository import Repo

    with tempfile.TemporaryDirectory(prefix="simli-bench-") as tmp:
        yield Repo(ROOT).copy_pipeline(Path(tmp) / "repo")


def regeneration_commands(repo: Path, output: Path) -> dict[str, list[str]]:
    """generate.py against the bare generator fed what generate.py feeds it: the normalised copy.

    (The pinned description itself may need normalisation rules before the generator takes it.)
    """
    from simli_pipeline.normalisation import dump, normalise_checked
    from simli_pipeline.parsing import parse_document

    spec = repo / "openapi" / "openapi.yaml"
    normalised, _applied = normalise_checked(parse_document(spec.read_bytes(), str(spec)), str(spec))
    copy = output.parent / "normalised-openapi.json"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(dump(normalised))
    return {
        "generate.py": [sys.executable, str(repo / "scripts" / "generate.py")],
        "openapi-python-client": [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(copy),
            "--meta",
            "uv",
            "--config",
            str(repo / "generator-config.yaml"),
            "--custom-template-path",
            str(repo / "generator-templates"),
            "--output-path",
            str(output),
            "--overwrite",
        ],
    }


def run_command(command: list[str], cwd: Path, timeout: float = 600) -> float:
    """Wall seconds of one subprocess run; raises if it fails (a failing run is not a measurement)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed ({done.returncode}): {(done.stderr or done.stdout)[-800:]}")
    return elapsed


# --------------------------------------------------------------------------- drift

SCRIPTS = ROOT / "scripts"  # simli_pipeline, the drift check's library


@dataclass
class SyntheticPair:
    operations: int
    old: dict[str, Any]
    new: dict[str, Any] = field(repr=False)


def synthetic_document(operations: int, seed: int = 0) -> dict[str, Any]:
    """An OpenAPI 3.1 document with ``operations`` operations over shared component schemas.

    One schema per ten operations (each used by several operations' bodies and answers), each
    with a handful of typed properties, a nested reference and an array, so the diff has
    references to follow.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    schema_count = max(1, operations // 10)
    schemas: dict[str, Any] = {}
    for index in range(schema_count):
        properties: dict[str, Any] = {
            "id": {"type": "string", "format": "uuid"},
            "name": {"type": "string"},
            "count": {"type": "integer"},
            "ratio": {"type": "number"},
            "enabled": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
        }
        if index:
            properties["parent"] = {"$ref": f"#/components/schemas/Model{rng.randrange(index)}"}
        schemas[f"Model{index}"] = {
            "type": "object",
            "properties": properties,
            "required": ["id", "name"],
        }
    schemas["Error"] = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
    paths: dict[str, Any] = {}
    methods = ("get", "post", "put", "delete")
    for index in range(operations):
        path = f"/resources{index // len(methods)}/{{item_id}}"
        method = methods[index % len(methods)]
        model = f"#/components/schemas/Model{index % schema_count}"
        operation: dict[str, Any] = {
            "operationId": f"op{index}",
            "parameters": [
                {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}},
            ],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": model}}}},
                "400": {
                    "description": "Bad",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        }
        if method in ("post", "put"):
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": model}}},
            }
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": f"synthetic {operations}", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def changed_copy(document: dict[str, Any], seed: int = 1) -> dict[str, Any]:
    """``document`` with ~2% of operations removed, ~2% added, ~5% of schemas retyped or narrowed."""
    changed: dict[str, Any] = json.loads(json.dumps(document))
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    paths = changed["paths"]
    keys = sorted(paths)
    for path in rng.sample(keys, max(1, len(keys) // 50)):
        methods = sorted(paths[path])
        del paths[path][methods[0]]
        if not paths[path]:
            del paths[path]
    for index in range(max(1, len(keys) // 50)):
        paths[f"/added{index}"] = {
            "get": {
                "operationId": f"added{index}",
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {}}}}},
            }
        }
    schemas = changed["components"]["schemas"]
    names = sorted(name for name in schemas if name.startswith("Model"))
    for name in rng.sample(names, max(1, len(names) // 20)):
        properties = schemas[name]["properties"]
        properties["count"] = {"type": "string"}
        schemas[name]["required"] = ["id", "name", "count"]
        properties.pop("ratio", None)
    return changed


def synthetic_pairs(sizes: tuple[int, ...]) -> list[SyntheticPair]:
    pairs = []
    for size in sizes:
        old = synthetic_document(size)
        pairs.append(SyntheticPair(size, old, changed_copy(old)))
    return pairs
