"""Every message cedta shows, in English and French, keyed by code: `core` holds the foundation's
(reading, validation, review); each later stage keeps its own in a module beside it (`match`,
`clients`, `forum`, `interop`), each a `MESSAGES` dict of code → (English, French), merged here.
Reachable from every layer; imports nothing of cedta.
"""

from __future__ import annotations

import importlib
import pkgutil

from cedta.messages.core import (  # noqa: F401 - the package's face
    CATEGORIES, HINTS, MESSAGES, WORDS, YAML_PROBLEMS_FR, _Safe, plural_code, render_message, typographic,
)

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "core":
        MESSAGES.update(importlib.import_module(f"{__name__}.{_module.name}").MESSAGES)
