"""Every default and limit of the facade, in one place: timeouts, retry delays, caps, pool sizes, names.

Plain numbers and strings only, and no imports, so any module may read it at no cost; each module
builds its library objects (``httpx.Timeout``, ``httpx.Limits``, ``timedelta``) from these. The README's
Configuration tables are generated from this file (``python scripts/doc_tables.py``): each constant needs its
docstring line, and a name holding ``ENV_`` is an environment variable. Change a value here, and the figures the
README's prose quotes with it.
"""

# --------------------------------------------------------------------------- the client
DEFAULT_BASE_URL = "https://api.simli.ai"
"""Simli's production API: used when neither ``base_url=`` nor ``SIMLI_BASE_URL`` says otherwise."""
ENV_API_KEY = "SIMLI_API_KEY"
"""Environment variable read for the API key when ``api_key=`` is not given (empty means unset)."""
ENV_BASE_URL = "SIMLI_BASE_URL"
"""Environment variable read for the base URL when ``base_url=`` is not given (empty means unset)."""
TIMEOUT_SECONDS = 30.0
"""Read, write and pool timeout of every request (``timeout=`` overrides): the API's answers are small."""
CONNECT_TIMEOUT_SECONDS = 5.0
"""Connect timeout: a host that takes longer to accept a connection is failing, and the call is retried."""
ENV_LOG = "SIMLI_LOG"
"""Environment variable that turns on the ``simli_api`` logger on stderr: ``info`` (one line per call) or ``debug``
(each attempt's headers too, secrets hidden)."""
LOG_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"
"""How a line of the stderr handler SIMLI_LOG adds reads: when, which logger, how serious, what."""
MAX_CONNECTIONS = 100
"""Connections (all kept alive) of a facade-owned pool, httpx's and the aiohttp route's alike."""
SHARD_CONNECTIONS = 10
"""Connections per httpx transport of a facade-owned async pool, split in shards of this size (see ``_shards``)."""
SETTLED_SECONDS = 0.05
"""The aiohttp route settles (lets the loop read its sockets) before a call unless the loop did so this recently."""
PROBE_SECONDS = 0.001
"""How often, at most, calls that skip settling check that the loop still reads its sockets (two callbacks)."""
MAX_REQUEST_SHAPES = 256
"""Request shapes (method, URL, headers) the aiohttp route keeps built; when full, it forgets them all and refills."""
SENT_AT_ONCE_BYTES = 64 * 1024
"""Request bodies up to this size start the aiohttp route's read clock as they go out; larger ones (uploads) once
they are written, by aiohttp's own per-read timeout."""

# --------------------------------------------------------------------------- retries (see _retry)
DEFAULT_MAX_RETRIES = 2
"""Retries after the first attempt (``max_retries=``): three attempts ride out a brief outage."""
RETRY_BASE_DELAY = 0.5
"""Seconds: the first retry waits between half and all of this, doubling each retry."""
RETRY_MAX_DELAY = 8.0
"""Seconds: the most a retry waits without a ``Retry-After`` hint."""
RETRY_AFTER_CAP = 30.0
"""Seconds: the most a ``Retry-After`` hint is honoured for, so a server cannot stall a call for long."""

# --------------------------------------------------------------------------- bodies, messages and inputs
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
"""The most a JSON or text answer may carry, decoded: this API's are a few hundred bytes."""
EXCERPT_BYTES = 4096
"""Leading bytes of a body kept while it is read, for the excerpt an error carries."""
EXCERPT_LIMIT = 200
"""Characters of a body an error message or ``.body`` shows: enough to see what came, never a page."""
MIN_SECRET_LENGTH = 8
"""Characters: Simli's keys and tokens are far longer, so a shorter secret (``api_key="k"``) is a placeholder, hidden
only where it is known to be one (a header, a secret-named field, a URL part) and never replaced inside other text,
where it would garble words ("not [REDACTED]nown")."""
MAX_TEXT_LENGTH = 16 * 1024
"""Characters of a text argument (key, token, id, name, URL): these are a few kilobytes at most; more is a mistake."""
DEFAULT_MEDIA_TYPE = "application/octet-stream"
"""Media type of an upload whose content and name say nothing more precise."""

# --------------------------------------------------------------------------- faces.wait_until_ready
FACE_WAIT_TIMEOUT = 3 * 60 * 60.0
"""Seconds ``wait_until_ready`` waits by default: a generation "can take a couple of hours"."""
FACE_POLL_INTERVAL = 5.0
"""Seconds between the first status polls (``poll_interval=``)."""
FACE_MAX_POLL_INTERVAL = 60.0
"""Seconds: the poll interval grows up to this (or up to ``poll_interval`` when larger)."""
FACE_POLL_BACKOFF = 1.5
"""Factor the poll interval grows by after each answer that is neither ready nor failed."""

# --------------------------------------------------------------------------- LiveKit (livekit_tokens, livekit)
LIVEKIT_AVATAR_IDENTITY = "simli-avatar-agent"
"""The avatar's participant identity when none is given (what LiveKit's Simli plugin uses)."""
LIVEKIT_AVATAR_NAME = "simli-avatar-agent"
"""The avatar's participant name when none is given (what LiveKit's Simli plugin uses)."""
LIVEKIT_TOKEN_TTL_SECONDS = 10 * 60
"""Lifetime of a token ``mint_avatar_token`` signs when ``ttl=`` is not given: short, as a join token should be."""
LIVEKIT_API_TOKEN_TTL_SECONDS = 6 * 60 * 60
"""livekit-api's own default token lifetime, which LiveKit's Simli plugin keeps (``start_avatar``'s floor)."""
LIVEKIT_TOKEN_MARGIN_SECONDS = 5 * 60
"""How much longer than the session ``start_avatar``'s token lives, so it never expires mid-session."""
DEFAULT_MAX_SESSION_LENGTH = 3600
"""Seconds: ``maxSessionLength``'s default in the description, which the avatar's token must outlive."""
LIVEKIT_ENV_API_KEY = "LIVEKIT_API_KEY"
"""Environment variable read for the LiveKit API key when ``api_key=`` is not given."""
LIVEKIT_ENV_API_SECRET = "LIVEKIT_API_SECRET"  # noqa: S105 - the variable's name, not a secret
"""Environment variable read for the LiveKit API secret when ``api_secret=`` is not given."""
LIVEKIT_ENV_URL = "LIVEKIT_URL"
"""Environment variable read for the LiveKit server URL when ``livekit_url=`` is not given."""

# --------------------------------------------------------------------------- realtime (simli.realtime)
REALTIME_OPEN_TIMEOUT = 10.0
"""Seconds for the opening and closing handshakes when the client's connect timeout is None: never a hang."""
REALTIME_WAIT_TIMEOUT = 30.0
"""Seconds to wait for join info and for ``STOP`` after ``DONE`` when the client's read timeout is None."""
REALTIME_MAX_MESSAGE_BYTES = 1 << 20
"""The largest server message accepted: join info, events and error lines are short."""
REALTIME_MAX_FRAME_BYTES = 6000
"""The largest binary audio frame sent: 0.1875 s of PCM16 at 16 kHz, the size Simli's own SDK sends."""
REALTIME_PACE_LEAD = 0.2
"""Seconds paced audio may run ahead of real time: enough to keep the avatar's buffer fed."""
