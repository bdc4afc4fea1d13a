"""The ITU's Trade Capacity Building profile as typed, immutable, bundled data.

>>> import itu_tcb
>>> data = itu_tcb.load()
>>> data.lookup("itu d").name
'Telecommunication Development Sector'

Importing this package is cheap: each public name is imported on first use (PEP 562),
and the data is read, and cattrs imported, on the first call to :func:`load`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

if TYPE_CHECKING:  # the same names, for type checkers
    from ._diff import *
    from ._json_schema import *
    from .dataset import *
    from .errors import *
    from .loading import *
    from .models import *
    from .report import *

#: The modules whose ``__all__`` make up the public API (``__all__`` and ``dir()``
#: derive from them), cheapest first.
_PUBLIC = ("errors", "report", "models", "dataset", "loading", "_json_schema", "_diff")


def _public() -> dict[str, Any]:
    """Every public name and its value (importing the public modules)."""
    found: dict[str, Any] = {"__version__": __version__}
    for name in _PUBLIC:
        module = importlib.import_module(f".{name}", __name__)
        found.update((attr, getattr(module, attr)) for attr in module.__all__)
    return found


def __getattr__(name: str) -> Any:
    if name == "__all__":
        value: Any = list(_public())
    else:
        # A submodule not imported yet (``from itu_tcb import loading`` asks here first)
        # must not import every public module on its way. No public name starts with "_".
        modules = () if name.startswith("_") or _submodule(name) else _PUBLIC
        found = (importlib.import_module(f".{m}", __name__) for m in modules)
        module = next((m for m in found if name in m.__all__), None)
        if module is None:
            raise AttributeError(f"module 'itu_tcb' has no attribute {name!r}")
        value = getattr(module, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def _submodule(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"{__name__}.{name}") is not None


def __dir__() -> list[str]:
    return sorted(_public())
