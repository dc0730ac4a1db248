"""Messages of the clients stage, in English and French, keyed by code."""

MESSAGES: dict[str, tuple[str, str]] = {}
