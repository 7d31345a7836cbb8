"""The package's own data files (``drafter/data/``), loaded once and checked against their schema.

Every module that needs a data file asks here instead of keeping a singleton of its own. A
schema is the set of top-level keys a file must have; a missing key is a packaging bug, reported
with the file's name rather than as a ``KeyError`` deep inside a stage.
"""

from __future__ import annotations

import functools
import os
import tomllib
from typing import Any

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

# file name → top-level keys it must have
SCHEMAS: dict[str, tuple[str, ...]] = {
    "numbering.toml": ("style",),
    "rules.toml": ("rule", "placeholders", "lone_x"),
    "cleaning.toml": ("drop",),
    "parts.toml": ("title_kinds", "header", "transitions", "closings", "appendix"),
    "slots.toml": ("keep_places", "titles"),
    "topics.toml": ("topics", "kinds"),
    "layout.toml": ("page", "sizes", "fonts"),
    "roles.toml": ("role",),
    "lengths.toml": ("kind",),
    "audience.toml": ("salutation",),
    "masthead.toml": ("fields", "head", "tail", "signature", "speech_titles"),
    "fonts.toml": ("aliases", "stand_ins"),
}


def data_path(name: str) -> str:
    """The path of a data file shipped with the package."""
    return os.path.join(DATA_DIR, name)


@functools.cache
def load_toml(name: str) -> dict[str, Any]:
    """A TOML data file of the package, parsed once and checked against :data:`SCHEMAS`."""
    with open(data_path(name), "rb") as fh:
        data = tomllib.load(fh)
    missing = [key for key in SCHEMAS.get(name, ()) if key not in data]
    if missing:
        raise RuntimeError(f"drafter/data/{name} lacks {', '.join(missing)}")
    return data


@functools.cache
def load_yaml(name: str) -> Any:
    """A YAML data file of the package, parsed once (with the C loader when there is one)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(data_path(name), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)
