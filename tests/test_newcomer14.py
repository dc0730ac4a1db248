"""Newcomer pass 14: a network started from nothing in another city (Winnipeg)."""

from __future__ import annotations

from cedta.forum.gaps import population_languages
from cedta.records.vocab import builtin


def test_a_population_speaks_as_the_populations_it_is_part_of_when_it_says_nothing():
    """N14-6: young Franco-Manitobans (part of Franco-Manitobans, who speak French) were given the
    stand-in "English or French", and English-only services counted in their coverage."""
    vocab = builtin()
    vocab.extend({"populations": {
        "franco-manitobans": {"en": "Franco-Manitobans", "fr": "Franco-Manitobains", "speaks": ["fr"],
                              "part_of": ["francophones"]},
        "young-franco-manitobans": {"en": "Young Franco-Manitobans", "fr": "Jeunes Franco-Manitobains",
                                    "part_of": ["franco-manitobans", "youth"]},
        "saint-boniface": {"en": "Saint-Boniface", "fr": "Saint-Boniface", "part_of": ["francophones"]},
        "metis": {"en": "Métis", "fr": "Métis", "speaks": ["en", "fr"], "part_of": ["indigenous"]},
    }})
    assert population_languages("young-franco-manitobans", vocab) == ["fr"]
    assert population_languages("saint-boniface", vocab) == ["fr"]  # (francophones: French)
    assert population_languages("metis", vocab) == ["en", "fr"]  # its own word first
    assert population_languages("francophones", vocab) == ["fr"]
    assert population_languages("youth", vocab) == ["en", "fr"]
