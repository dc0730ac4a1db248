"""The command line: one thin module per command group, all registered on the app of `cli.app`.

A command parses its options, calls one operation of the layers below, renders the result and picks
the exit code (0 ok, 1 data errors, 2 usage or I/O). No command module imports another; each imports
only `cli.app` at the top and the rest inside its commands.
"""

from cedta.cli import clients, forum, interop, match, records, review  # noqa: F401 - each registers its commands
from cedta.cli.app import app, main

__all__ = ["app", "main"]
