"""``python -m reporter``: the same as the ``reporter`` command."""

from .cli import main

main()
