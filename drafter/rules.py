"""The rule registry of ``drafter check``, in the manner of ruff: every rule is a frozen record
loaded from ``data/rules.toml`` and checked when loaded; every detector registers the codes it
reports. A code without a detector, or a detector reporting an unknown code, is a bug that the
test suite catches (:func:`unregistered`).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .resources import load_toml

SEVERITIES = ("error", "warning")
FIELDS = frozenset({"marker", "want", "missing", "expected", "previous", "text", "punct"})
"""The fields a rule's message may name; a detector fills those it knows."""
_KEYS = {"code", "severity", "title", "message", "variants", "wrong", "also", "right", "fixable", "once"}


@dataclass(frozen=True)
class Rule:
    """One rule of the checker, as declared in ``data/rules.toml``."""

    code: str
    severity: str
    title: str
    message: str
    variants: Mapping[str, str]
    wrong: tuple[str, ...]
    right: tuple[str, ...]
    fixable: bool
    also: frozenset[str] = frozenset()
    once: bool = False

    def format(self, variant: str = "", **fields: str) -> str:
        """The rule's message (or its named ``variant``) with ``fields`` filled in."""
        template = self.variants[variant] if variant else self.message
        return template.format_map(_Fields(fields))

    @property
    def shown_wrong(self) -> str:
        """The first wrong example on one line, shortened, without a placeholder title (for tables)."""
        return _one_line(self.wrong[0])

    @property
    def shown_right(self) -> str:
        """The first right example on one line, shortened, without a placeholder title."""
        return _one_line(self.right[0])


class _Fields(dict):
    """Fields a detector did not give are empty (a rule may be raised without a ``want``)."""

    def __missing__(self, key: str) -> str:
        return ""


def _one_line(example: str, limit: int = 56) -> str:
    lines = example.split("\n")
    shown = "／".join(lines[1:] if lines[0] == "标题" else lines)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


class RuleError(ValueError):
    """``data/rules.toml`` breaks its schema (a packaging bug, not a user error)."""


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _rule(entry: dict) -> Rule:
    code = entry.get("code", "?")
    unknown = set(entry) - _KEYS
    missing = {"code", "severity", "title", "message", "wrong", "right", "fixable"} - set(entry)
    if unknown or missing:
        raise RuleError(f"rule {code}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    if entry["severity"] not in SEVERITIES:
        raise RuleError(f"rule {code}: severity must be one of {SEVERITIES}")
    variants = dict(entry.get("variants", {}))
    for template in (entry["message"], *variants.values()):
        bad = _placeholders(template) - FIELDS
        if bad:
            raise RuleError(f"rule {code}: message names unknown fields {sorted(bad)}")
    for key in ("wrong", "right"):
        if not entry[key] or not all(isinstance(e, str) and e for e in entry[key]):
            raise RuleError(f"rule {code}: {key} must be a non-empty list of example documents")
    if not isinstance(entry["fixable"], bool) or not isinstance(entry.get("once", False), bool):
        raise RuleError(f"rule {code}: fixable and once must be true or false")
    if entry.get("once") and "consistent" not in variants:
        raise RuleError(f"rule {code}: a rule reported once needs a `consistent` variant")
    return Rule(code, entry["severity"], entry["title"], entry["message"], MappingProxyType(variants),
                tuple(entry["wrong"]), tuple(entry["right"]), entry["fixable"], frozenset(entry.get("also", ())),
                entry.get("once", False))


@functools.cache
def rules() -> Mapping[str, Rule]:
    """Every rule by code, in the order of the data file."""
    table: dict[str, Rule] = {}
    for entry in load_toml("rules.toml")["rule"]:
        rule = _rule(entry)
        if rule.code in table:
            raise RuleError(f"rule {rule.code} is declared twice")
        table[rule.code] = rule
    return MappingProxyType(table)


def fixable_codes() -> frozenset[str]:
    """Codes whose findings ``--fix`` repairs."""
    return frozenset(code for code, rule in rules().items() if rule.fixable)


# -- the registry of detectors --------------------------------------------------------------------

Detector = Callable[..., None]
_DETECTORS: dict[str, Detector] = {}


def detector(*codes: str) -> Callable[[Detector], Detector]:
    """Register a detector for ``codes``: it runs once per document and may report only those."""

    def register(func: Detector) -> Detector:
        for code in codes:
            if code in _DETECTORS:
                raise RuleError(f"two detectors for {code}")
            _DETECTORS[code] = func
        func.codes = codes  # type: ignore[attr-defined]
        return func

    return register


def detectors() -> list[Detector]:
    """The registered detectors, each once, in the order they were registered."""
    return list(dict.fromkeys(_DETECTORS.values()))


def unregistered() -> tuple[set[str], set[str]]:
    """(codes without a detector, detector codes without a rule): both empty when sound."""
    declared, detected = set(rules()), set(_DETECTORS)
    return declared - detected, detected - declared
