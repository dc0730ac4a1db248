"""The only code that touches files and git.

`store` finds and reads record files and writes them (atomic, locked, confined to the data root);
`yamlread` is the strict, positional YAML reader; `gitrepo` runs git; `revisions` reads the record
files at a revision. May import: `cedta.messages`, `cedta.diagnostics`. Knows nothing of records.
"""

import os


def env_flag(name: str, default: bool = False) -> bool:
    """An on/off environment variable read one way everywhere: unset or blank is `default`;
    `0`, `false`, `no`, `off` (any case, spaces aside) are off; anything else is on."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off")
