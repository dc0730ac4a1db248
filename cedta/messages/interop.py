"""Messages of the interop stage, in English and French, keyed by code."""

MESSAGES: dict[str, tuple[str, str]] = {}
