"""`--no-cache` (before or after the command) parses every file again, like CEDTA_NO_CACHE=1."""

from __future__ import annotations

import os


def test_no_cache_before_or_after_the_command(data, cedta, monkeypatch):
    monkeypatch.delenv("CEDTA_NO_CACHE", raising=False)
    seen = []
    import cedta.io.cache as cache

    real = cache.disabled
    monkeypatch.setattr(cache, "disabled", lambda: seen.append(real()) or real())
    for args in (("--no-cache", "validate"), ("validate", "--no-cache")):
        seen.clear()
        r = cedta(data, *args)
        assert r.exit_code == 0, r.output
        assert seen and all(seen), args
        assert "CEDTA_NO_CACHE" not in os.environ  # the switch ends with the command
    seen.clear()
    assert cedta(data, "validate").exit_code == 0
    assert seen and not any(seen)
