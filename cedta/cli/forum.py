"""Commands of the forum stage (see cedta/forum/); registered on the app of `cli.app`."""

from __future__ import annotations

from cedta.cli.app import app  # noqa: F401 - commands register on it
