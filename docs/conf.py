"""Sphinx configuration: MyST pages and notebooks (myst-nb), autodoc API reference, furo.

Build with warnings as errors, as CI does::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

# Document the source tree being built, even when another copy is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from itu_tcb import __version__

project = "itu_tcb"
author = "itu_tcb maintainers"
copyright = "itu_tcb maintainers"
version = release = __version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# The notebook is committed with its outputs (tests/test_notebook.py checks that they
# are current): the docs show them as they are, and the build never runs a kernel.
nb_execution_mode = "off"
nb_merge_streams = True

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options: dict[str, object] = {}
autoclass_content = "class"
napoleon_google_docstring = False
napoleon_numpy_docstring = True

html_theme = "furo"
html_title = f"itu_tcb {__version__}"
html_static_path: list[str] = []
