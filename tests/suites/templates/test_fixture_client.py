"""Our templates on a description that is not Simli's (tests/fixtures/specs/template-constructs.yaml):
a `password`, a `clientSecret`, a nullable `refresh_token`, an `X-Api-Key`, a nested model's
`accessToken`; a string enum whose values need escaping and an integer enum.

The same checks then run on the client generated with the generator's own templates in place of ours
(``stock_template_client``): they must go red, or they prove nothing.
"""

from __future__ import annotations

import datetime
import re
from types import ModuleType

import pytest

from .checks import REDACTED, secret_reprs, str_enum_parity
from .conftest import package_dir
from .newer_python import findings

pytestmark = pytest.mark.slow  # runs the code generator (twice per session)


def test_secret_fields_are_redacted_in_every_model(template_client: ModuleType) -> None:
    report = secret_reprs(template_client.models)
    assert report.problems == []
    assert sorted(report.checked) == [
        "Account.client_secret",
        "Account.password",
        "Account.refresh_token",
        "Account.x_api_key",
        "Owner.access_token",
    ]


def test_an_account_as_parsed_from_json(template_client: ModuleType) -> None:
    body = {
        "username": "ada",
        "password": "pw-canary",
        "clientSecret": "cs-canary",
        "refresh_token": None,
        "note": "visible note",
        "owner": {"name": "Grace", "accessToken": "at-canary"},
        "shade": "dark-blue",
        "level": 2,
        "extra": {"sessionToken": "st-canary", "colour": "teal"},
    }
    account = template_client.models.Account.from_dict(body)
    text = repr(account)
    assert re.fullmatch(
        r"Account\(username='ada', password=\[REDACTED\], client_secret=\[REDACTED\], refresh_token=None, "
        r"x_api_key=<.*Unset object at .*>, note='visible note', "
        r"owner=Owner\(name='Grace', access_token=\[REDACTED\], additional_properties=\{\}\), "
        r"shade=<Shade.DARK_BLUE: 'dark-blue'>, level=<Level.VALUE_2: 2>, "
        r"additional_properties=\{'extra': \{'sessionToken': \[REDACTED\], 'colour': 'teal'\}\}\)",
        text,
    ), text
    assert str(account) == text
    assert f"{account}" == text
    assert account.to_dict() == body  # only the repr hides: the data are intact


def test_string_enum_values_that_need_escaping(template_client: ModuleType) -> None:
    shade = template_client.models.Shade
    assert [member.value for member in shade] == ["back\\slash", "dark-blue", "it's", "light", "Mixed Case"]
    report = str_enum_parity(template_client.models)
    assert report.problems == []
    assert len(report.checked) == 5


def test_date_times_required_and_in_a_union(template_client: ModuleType) -> None:
    sent = {"at": "2024-05-01T10:00:00Z", "seen": "2024-05-01T12:00:00.5+02:00"}
    stamp = template_client.models.Stamp.from_dict(sent)
    assert stamp.at == datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.timezone.utc)
    assert stamp.seen == stamp.at + datetime.timedelta(microseconds=500_000)
    assert template_client.models.Stamp.from_dict({"at": "2024-05-01T10:00:00Z", "seen": None}).seen is None


def test_nothing_newer_than_python_3_10(template_client: ModuleType) -> None:
    assert findings(package_dir(template_client)) == []


def test_the_generators_own_templates_fail_the_checks(stock_template_client: ModuleType) -> None:
    leaks = secret_reprs(stock_template_client.models).problems
    assert any("Account: secret 'canary<Account.password>' shown" in problem for problem in leaks)
    assert any(f"Owner.access_token not shown as {REDACTED}" in problem for problem in leaks)
    newer = findings(package_dir(stock_template_client))
    assert any(line.endswith("shade.py:1: enum.StrEnum (Python 3.11+)") for line in newer), newer
    assert sum("stamp.py" in line and "datetime.datetime.fromisoformat refuses" in line for line in newer) == 2, newer
    account = stock_template_client.models.Account(username="ada", password="pw-canary")
    assert "pw-canary" in repr(account)
