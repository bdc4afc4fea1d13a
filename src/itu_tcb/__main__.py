"""``python -m itu_tcb``: the same as the ``itu-tcb`` command."""

from .cli import main

if __name__ == "__main__":
    main()
