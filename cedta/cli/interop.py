"""Commands of the interop stage (see cedta/interop/); registered on the app of `cli.app`."""

from __future__ import annotations

from cedta.cli.app import app  # noqa: F401 - commands register on it
