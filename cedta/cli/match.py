"""Commands of the match stage (see cedta/match/); registered on the app of `cli.app`."""

from __future__ import annotations

from cedta.cli.app import app  # noqa: F401 - commands register on it
