"""Regenerate the files derived from the models: ``python -m tools.generate``.

Writes the shipped JSON Schema (``src/itu_tcb/data/schema.json``) and the field
tables of the docs (``docs/fields.md``) from the field declarations. Run it from the
root of a checkout after changing a model; the tests fail while either is stale.
The tools are the repository's, not the package's: the wheel does not hold them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools import fielddocs, schema

#: The derived files, relative to the checkout's root, and how each is made.
TARGETS = {
    "src/itu_tcb/data/schema.json": lambda: schema.render(schema.generate()),
    "docs/fields.md": fielddocs.render,
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
