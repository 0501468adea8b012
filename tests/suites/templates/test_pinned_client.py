"""The committed client keeps our templates' promises: secrets hidden in model reprs, string enums
that behave as enum.StrEnum's, nothing Python 3.10 cannot run (here and in src/).

No generator needed: `nox -s compat` runs this module on Python 3.10 too. Each check is also run on
a hand-made counterexample, to show it goes red.
"""

from __future__ import annotations

import datetime
import enum
from pathlib import Path
from types import ModuleType

import attrs
import pytest

import simli_api_client.models
from simli_api import _redact
from tests.conftest import ROOT

from .checks import is_secret_name, secret_reprs, str_enum_parity
from .newer_python import findings, module_findings

SECRET_NAMES = [
    "session_token",
    "livekit_token",
    "simli_api_key",
    "llm_api_key",
    "apiKey",
    "X-API-KEY",
    "api-key",
    "client_secret",
    "password",
    "refreshToken",
    "credential",  # a TURN server's temporary credential
    "credentials",
    "turnCredential",
]
PLAIN_NAMES = ["livekit_url", "face_id", "name", "model", "base_url", "status", "detail", "additional_keys"]


def test_every_secret_field_of_every_model_is_redacted_in_repr() -> None:
    report = secret_reprs(simli_api_client.models)
    assert report.problems == []
    assert report.checked, "the pinned client has no secret-named field: the check proved nothing"


def test_string_enums_behave_as_str_enum_members() -> None:
    report = str_enum_parity(simli_api_client.models)
    assert report.problems == []
    assert report.checked


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_the_rule_marks_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", PLAIN_NAMES)
def test_the_rule_leaves_plain_names(name: str) -> None:
    assert not is_secret_name(name)


@pytest.mark.parametrize("name", SECRET_NAMES + PLAIN_NAMES)
def test_the_facade_and_the_generated_models_share_one_rule(name: str) -> None:
    """The facade redacts a field's value exactly where the models' reprs hide it."""
    assert bool(_redact.secrets_in({name: "value-0123456789"})) is is_secret_name(name)


def test_the_repr_check_bites_on_a_model_that_shows_a_secret() -> None:
    @attrs.define
    class Leaky:
        name: str
        password: str

    @attrs.define(repr=False)
    class Silent:
        name: str
        api_key: str

        def __repr__(self) -> str:  # hides the secret and everything else
            return "Silent()"

    for model in (Leaky, Silent):
        fake = ModuleType("fake_models")
        fake.__all__ = [model.__name__]  # type: ignore[attr-defined]
        setattr(fake, model.__name__, model)
        assert secret_reprs(fake).problems


def test_the_enum_check_bites_on_a_str_enum_without_its_str() -> None:
    class Plain(str, enum.Enum):  # the template's __str__ forgotten
        A = "a"

    fake = ModuleType("fake_models")
    fake.__all__ = ["Plain"]  # type: ignore[attr-defined]
    fake.Plain = Plain  # type: ignore[attr-defined]
    problems = str_enum_parity(fake).problems
    assert any("str gives 'Plain.A'" in problem for problem in problems)


@pytest.mark.parametrize("tree", ["generated/simli_api_client", "src/simli_api"])
def test_nothing_newer_than_python_3_10_runs(tree: str) -> None:
    assert findings(ROOT / tree) == []


@pytest.mark.parametrize(
    ("source", "finding"),
    [
        ("from enum import StrEnum\n", "enum.StrEnum (Python 3.11+)"),
        ("import enum\n\nclass A(enum.StrEnum):\n    X = 'x'\n", "enum.StrEnum (Python 3.11+)"),
        ("import enum as e\n\nclass A(e.StrEnum):\n    X = 'x'\n", "enum.StrEnum (Python 3.11+)"),
        ("import tomllib\n", "module tomllib (Python 3.11+)"),
        ("from typing import Self\n", "typing.Self (Python 3.11+)"),
        ("from datetime import UTC\n", "datetime.UTC (Python 3.11+)"),
        ("import datetime\nx = datetime.UTC\n", "datetime.UTC (Python 3.11+)"),
        ("import asyncio\nasync def f():\n    async with asyncio.TaskGroup():\n        pass\n", "asyncio.TaskGroup"),
        ("raise ExceptionGroup('x', [])\n", "builtin ExceptionGroup (Python 3.11+)"),
        ("try:\n    pass\nexcept* ValueError:\n    pass\n", "syntax newer than Python 3.10"),
        ("type Alias = int\n", "syntax newer than Python 3.10"),
        ("from typing_extensions import Self\n", "typing_extensions imported at run time"),
        ("import datetime\nx = datetime.datetime.fromisoformat(s)\n", "datetime.datetime.fromisoformat refuses"),
        ("from datetime import datetime\nx = datetime.fromisoformat(s)\n", "datetime.datetime.fromisoformat refuses"),
        ("import datetime as dt\nx = dt.time.fromisoformat(s)\n", "datetime.time.fromisoformat refuses"),
        (
            "import datetime\nimport sys\nif sys.version_info >= (3, 10):\n    f = datetime.datetime.fromisoformat\n",
            "datetime.datetime.fromisoformat refuses",
        ),
    ],
)
def test_the_python_3_10_check_bites(source: str, finding: str) -> None:
    assert any(finding in what for _line, what in module_findings(source))


@pytest.mark.parametrize(
    "source",
    [
        "from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from typing_extensions import Self\n\ndef f() -> Self: ...\n",
        "from __future__ import annotations\nimport typing\n\ndef f(x: typing.Self) -> typing.Never: ...\n",
        "from enum import Enum\n\nclass A(str, Enum):\n    X = 'x'\n",
        "import datetime\nx = datetime.date.fromisoformat('2024-05-01')\n",  # YYYY-MM-DD dates: the same on 3.10
        "import datetime\nimport sys\nif sys.version_info >= (3, 11):\n    f = datetime.datetime.fromisoformat\n",
    ],
)
def test_the_python_3_10_check_allows_what_never_runs_or_exists_on_3_10(source: str) -> None:
    assert list(module_findings(source)) == []


def test_the_python_3_10_check_reads_files_of_a_tree(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "ok.py").write_text("import enum\n")
    (tmp_path / "pkg" / "new.py").write_text("import enum\n\nX = enum.StrEnum\n")
    assert findings(tmp_path / "pkg") == [f"{tmp_path / 'pkg' / 'new.py'}:3: enum.StrEnum (Python 3.11+)"]


UTC_TEN = datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize(
    ("sent", "meant"),
    [
        ("2024-05-01T10:00:00Z", UTC_TEN),
        ("2024-05-01T10:00:00.5Z", UTC_TEN + datetime.timedelta(microseconds=500_000)),
        ("2024-05-01T10:00:00.123456789Z", UTC_TEN + datetime.timedelta(microseconds=123_456)),
        ("2024-05-01T12:00:00+02:00", UTC_TEN),
        ("2024-05-01T10:00:00+00:00", UTC_TEN),
    ],
)
def test_date_times_parse_in_the_iso_8601_forms_servers_send(sent: str, meant: datetime.datetime) -> None:
    """What every generated date-time field is parsed with (our datetime_property template; the fixture client's
    Stamp checks the fields call it), on every supported Python (``nox -s compat``: 3.10's
    ``datetime.fromisoformat`` refuses all but the last two)."""
    parsed = simli_api_client.models.parse_date_time(sent)
    assert parsed == meant
    assert type(parsed.tzinfo) is datetime.timezone  # the standard library's, as fromisoformat gives
    assert parsed.tzinfo == datetime.timezone(parsed.utcoffset() or datetime.timedelta())
    assert simli_api_client.models.parse_date_time(parsed.isoformat()) == meant
