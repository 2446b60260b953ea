"""PEP 562 package faces: a package names what it offers; each name's module is
imported the first time the name is used, not when the package is.

``leadtui --help`` and the TUI's first screen import ``leadtui.api.vicidial`` for
a small piece (its errors, a search location) and must not pay for httpx and
every protocol model with it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_face(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``homes`` maps each offered name
    to the module that defines it (relative to ``package``)."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value  # the next use is a plain lookup
        return value

    return __getattr__
