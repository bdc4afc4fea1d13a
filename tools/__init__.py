"""Tools of the repository (not of the package): ``python -m tools.generate``."""
