"""What our generator templates promise, as checks over any generated models package.

The same functions check the pinned client, a client generated from a fixture description, and
clients generated with a template tampered with (which must fail them). Each returns the problems
it found (empty: the promise holds) and how much it checked, so a test can refuse a vacuous pass.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import attrs

from simli_api_client.models import SECRET_FIELD_NAME

REDACTED = "[REDACTED]"
ADDITIONAL = "additional_properties"


def is_secret_name(name: str) -> bool:
    """The generated models' rule (one regex, which the facade's redaction uses too): this name marks a secret."""
    return SECRET_FIELD_NAME.search(name) is not None


@dataclass
class Report:
    """Problems found, and what was checked (``Model.field`` names, enum members)."""

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def attrs_models(models: ModuleType) -> list[type]:
    """Every attrs model class the package exports."""
    return [cls for cls in (getattr(models, name) for name in models.__all__) if attrs.has(cls)]


def str_enums(models: ModuleType) -> list[type[enum.Enum]]:
    """Every string enum class the package exports."""
    classes = (getattr(models, name) for name in models.__all__)
    return [cls for cls in classes if isinstance(cls, type) and issubclass(cls, enum.Enum) and issubclass(cls, str)]


def secret_reprs(models: ModuleType, is_secret: Callable[[str], bool] = is_secret_name) -> Report:
    """Fill every field of every model with a canary; the repr (and str) must hide the secret ones.

    ``Report.checked`` lists the secret fields (``Model.field``): a secret canary in the repr, a
    secret field not shown as ``[REDACTED]``, a visible field's canary missing, or a secret-looking
    key of ``additional_properties`` (also nested in a dict or list) shown, is a problem.
    """
    report = Report()
    for model in attrs_models(models):
        instance: Any = object.__new__(model)  # any value of any field: a repr does not care about types
        secrets: list[str] = []
        visible: list[str] = []
        for attribute in attrs.fields(model):
            canary = f"canary<{model.__name__}.{attribute.name}"  # closed below: no canary is a prefix of another
            value: Any = canary + ">"
            if attribute.name == ADDITIONAL:
                value = {
                    "sessionToken": canary + ":key>",
                    "shown": canary + ":shown>",
                    "nested": {"X-Api-Key": canary + ":nested>", "shown": canary + ":nested-shown>"},
                    "listed": [{"password": canary + ":listed>"}],
                }
                secrets += [canary + ":key>", canary + ":nested>", canary + ":listed>"]
                visible += [canary + ":shown>", canary + ":nested-shown>"]
            elif is_secret(attribute.name):
                secrets.append(value)
                report.checked.append(f"{model.__name__}.{attribute.name}")
            else:
                visible.append(value)
            object.__setattr__(instance, attribute.name, value)
        text = repr(instance)
        if str(instance) != text:
            report.problems.append(f"{model.__name__}: str() differs from repr()")
        report.problems += [
            f"{model.__name__}: secret {canary!r} shown: {text}" for canary in secrets if canary in text
        ]
        report.problems += [f"{model.__name__}: {canary!r} hidden: {text}" for canary in visible if canary not in text]
        for attribute in attrs.fields(model):
            if is_secret(attribute.name) and f"{attribute.name}={REDACTED}" not in text:
                report.problems.append(f"{model.__name__}.{attribute.name} not shown as {REDACTED}: {text}")
    return report


def str_enum_parity(models: ModuleType) -> Report:
    """Every member of every string enum behaves as its plain value (and, on 3.11+, as enum.StrEnum's member)."""
    report = Report()
    for cls in str_enums(models):
        reference = _as_str_enum(cls)
        for member in cls:
            value = member.value
            report.checked.append(f"{cls.__name__}.{member.name}")
            observed = _behaviour(cls, member)
            expected = {
                "str": value,
                "f-string": value,
                "format": format(value, "^24"),
                "%s": value,
                "== value": True,
                "value ==": True,
                "hash": hash(value),
                "in a set of values": True,
                "by value": True,
                "json": json.dumps(value),
                "repr": f"<{cls.__name__}.{member.name}: {value!r}>",
                "isinstance str": True,
            }
            if reference is not None:  # enum.StrEnum (3.11+), built with the same members
                expected = _behaviour(reference, reference[member.name])
            report.problems += [
                f"{cls.__name__}.{member.name}: {what} gives {observed[what]!r}, not {expected[what]!r}"
                for what in expected
                if observed[what] != expected[what]
            ]
    return report


def _behaviour(cls: type[enum.Enum], member: Any) -> dict[str, Any]:
    value = member.value
    return {
        "str": str(member),
        "f-string": f"{member}",
        "format": format(member, "^24"),
        "%s": "%s" % member,  # noqa: UP031 - the old formatting operator is part of the behaviour
        "== value": member == value,
        "value ==": value == member,
        "hash": hash(member),
        "in a set of values": member in {value},
        "by value": cls(value) is member,
        "json": json.dumps(member),
        "repr": repr(member),
        "isinstance str": isinstance(member, str),
    }


def _as_str_enum(cls: type[enum.Enum]) -> type[enum.Enum] | None:
    """``cls`` rebuilt as an ``enum.StrEnum`` (the generator's own template), where Python has it (3.11+)."""
    str_enum = getattr(enum, "StrEnum", None)
    if str_enum is None:
        return None
    reference: type[enum.Enum] = str_enum(cls.__name__, [(member.name, member.value) for member in cls])
    return reference
