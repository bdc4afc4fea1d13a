"""Regenerate the files derived from the models: ``python -m itu_tcb._generate``.

Writes the shipped JSON Schema (``src/itu_tcb/data/schema.json``), the field
tables of the docs (``docs/fields.md``) from the field declarations, and the
converter's structure functions, generated ahead of time (``src/itu_tcb/_hooks.py``,
see ``_hookgen``). Run it from a checkout after changing a model (or upgrading
cattrs); the tests fail while any of these files is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import _fielddocs, _schema

#: The derived files, relative to the checkout's root, and how each is made.
TARGETS = {
    "src/itu_tcb/data/schema.json": lambda: _schema.render(_schema.generate()),
    "docs/fields.md": _fielddocs.render,
}


def main(root: str = ".") -> int:
    """Write every derived file under ``root``; return how many changed."""
    changed = 0
    for relative, make in TARGETS.items():
        path = Path(root) / relative
        text = make()
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed += 1
            sys.stdout.write(f"wrote {relative}\n")
    return changed


if __name__ == "__main__":
    main()
