"""A network's own population that speaks French (Acadians, Franco-Ontarians): `speaks: [fr]` on its
term in data/vocab.yaml makes `cedta gaps` count only the services it can follow (newcomer pass N12:
English-only services counted as theirs)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _sum(data: dict) -> int:
    return sum(sum(r["all"]) for r in data["coverage"][0]["rows"])


def test_a_population_that_speaks_french_counts_french_services_only(tmp_path, cedta):
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    assert "populations:" not in (root / "vocab.yaml").read_text()
    with open(root / "vocab.yaml", "a", encoding="utf-8") as fh:
        fh.write("populations:\n  acadians: {en: Acadians, fr: Acadiens et Acadiennes}\n")
    before = json.loads(cedta(root, "gaps", "--population", "acadians", "--format", "json").stdout)
    (root / "vocab.yaml").write_text((root / "vocab.yaml").read_text().replace(
        "fr: Acadiens et Acadiennes}", "fr: Acadiens et Acadiennes, speaks: [fr]}"))
    r = cedta(root, "validate")
    assert r.exit_code == 0, r.output
    after = json.loads(cedta(root, "gaps", "--population", "acadians", "--format", "json").stdout)
    assert _sum(after) < _sum(before)  # the English-only services are not theirs
    (root / "vocab.yaml").write_text((root / "vocab.yaml").read_text().replace("speaks: [fr]", "speaks: [klingon]"))
    r = cedta(root, "validate")
    assert r.exit_code == 1 and "vocab-speaks" in r.output
