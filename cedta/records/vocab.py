"""The vocabulary in force: built-in terms (`vocab.yaml` beside this module) plus the network's own
additions (`data/vocab.yaml`), each term with an English and a French label and the other wordings
(aliases) that map to it. Owns look-up, labels and did-you-mean suggestions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cedta.suggest import base_form, fold  # (lowercase, no accents: one definition, below the records)

BUILTIN = Path(__file__).with_name("vocab.yaml")


# Term ids the report keeps for rows of its own: contacts with no mode ("none") and the total row.
RESERVED_TERMS: dict[str, frozenset[str]] = {"modes": frozenset({"none", "total"})}


@dataclass(frozen=True)
class Term:
    id: str
    en: str
    fr: str
    aliases: tuple[str, ...] = ()
    builtin: bool = True
    hidden: bool = False  # kept out of menus, listings, suggestions and schemas (still read)
    speaks: tuple[str, ...] = ()  # a population: the languages its people speak (gaps' coverage)
    written: bool = False  # a topic whose product is a document the client writes (business plan)
    part_of: tuple[str, ...] = ()  # a population within others (Franco-Ontarians: francophones)

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass
class Vocabulary:
    categories: dict[str, dict[str, Term]] = field(default_factory=dict)
    # folded wording -> term id, per category, built on the first look-up; `extend` clears it
    _folded: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def terms(self, category: str) -> dict[str, Term]:
        return self.categories.get(category, {})

    def has(self, category: str, term_id: str) -> bool:
        return term_id in self.terms(category)

    def label(self, category: str, term_id: str, lang: str = "en") -> str:
        term = self.terms(category).get(term_id)
        return term.label(lang) if term else term_id

    def lookup(self, category: str, wording: str) -> str | None:
        """The term id for an id, a label or an alias, matched without case or accents."""
        terms = self.terms(category)
        if wording in terms:
            return wording
        size, index = self._folded.get(category, (-1, {}))
        if size != len(terms):  # first look-up, or a term added to the category's dict directly
            index = self._fold_index(terms)
            self._folded[category] = (len(terms), index)
        return index.get(fold(wording))

    def lookup_loose(self, category: str, wording: str) -> str | None:
        """`lookup`, else the one term a wording names in the singular or the masculine (« immigrante »,
        « femme », « salariée »): what a person types, not what a record file may hold (the checks and
        the aliases' conflicts keep to `lookup`). None when no term, or more than one, answers."""
        found = self.lookup(category, wording)
        if found is not None or not isinstance(wording, str):
            return found
        terms = self.terms(category)
        key = base_form(wording)
        if not key:
            return None
        named = {term.id for term in terms.values()
                 for w in (term.id, term.en, term.fr, *term.aliases) if w and base_form(w) == key}
        return named.pop() if len(named) == 1 else None

    def lookup_words(self, category: str, wording: str) -> str | None:
        """`lookup_loose`, else the one shown term whose label or alias holds `wording` (two words or
        more: `Travail autonome`, `en soirée`) as whole words, as the interactive intake finds it by
        typing; None when none or several do (an answers file then says so through the checks)."""
        found = self.lookup_loose(category, wording)
        if found is not None or not isinstance(wording, str):
            return found
        return words_in(wording, {t.id: (t.en, t.fr, *t.aliases) for t in self.shown(category).values()})

    def _culprit(self, category: str, values: tuple, of: str, good) -> dict[str, str]:
        """The params of a `speaks` or `part_of` problem: the first value at fault, and the term it
        may mean (a label or an alias, or a close id)."""
        bad = next((x for x in values if not good(x)), values[0])
        found = self.lookup_words(of, bad) or self.suggest(of, bad)
        return {"value": bad, **({"suggestion": found} if found and found != bad else {})}

    @staticmethod
    def _fold_index(terms: dict[str, Term]) -> dict[str, str]:
        """Every wording of every term, folded, to its term id: ids and labels first, then aliases (a
        term's own label wins over another term's alias, whatever the order of the terms: `Ateliers`
        is workshops, not an alias a network gave consulting; hostile 15, H15-6); among alike
        wordings, the first term that has it."""
        index: dict[str, str] = {}
        for term in terms.values():
            for wording in (term.id, term.en, term.fr):
                index.setdefault(fold(wording), term.id)
        for term in terms.values():
            for wording in term.aliases:
                index.setdefault(fold(wording), term.id)
        return index

    def suggest(self, category: str, wording: str) -> str | None:
        """The closest term id, for a did-you-mean hint (never a hidden term)."""
        found = self.lookup(category, str(wording))
        terms = self.terms(category)
        if found and not terms[found].hidden:
            return found
        by_key = self._folded.get(category, (0, {}))[1]  # built by `lookup` just above
        keys = [k for k, tid in by_key.items() if not terms[tid].hidden]
        close = difflib.get_close_matches(fold(str(wording)), keys, n=1, cutoff=0.6)
        return by_key[close[0]] if close else None

    def shown(self, category: str) -> dict[str, Term]:
        """The terms of a category that menus, listings and schemas offer (not the hidden ones)."""
        return {tid: t for tid, t in self.terms(category).items() if not t.hidden}

    def ids(self) -> dict[str, list[str]]:
        """Each category's term ids, as schemas offer them (hidden terms left out)."""
        return {cat: [tid for tid, t in terms.items() if not t.hidden] for cat, terms in self.categories.items()}

    def extend(self, extension: dict[str, Any]) -> list[tuple[str, str, str]]:
        """Add a network's terms. A built-in term given only `aliases` gains those wordings.

        Returns problems as (category, id, code): `vocab-redefines` when a built-in term's labels
        are replaced, `vocab-needs-labels` when a new term lacks its English or French label,
        `vocab-alias-taken` when an alias is already another term's id, label or alias.
        `hidden: true` on a built-in term keeps it out of menus, listings, suggestions and schemas
        (a network elsewhere than Ottawa hides Ottawa's regions); records that use it still read.
        """
        problems = []
        self._folded.clear()
        # populations last: a population's `speaks` names languages the file may add below it
        # (`cedta fmt` puts `languages:` after `populations:`: newcomer 14, N14-1)
        for category, terms in sorted(extension.items(), key=lambda kv: kv[0] == "populations"):
            bucket = self.categories.setdefault(category, {})
            for term_id, t in (terms or {}).items():
                t = t if isinstance(t, dict) else {}

                def listed(key: str) -> tuple:  # (a package's `"speaks": 5`: not a list, left out)
                    value = t.get(key) or ()
                    return tuple(str(x) for x in value) if isinstance(value, (list, tuple)) else ()

                aliases = listed("aliases")
                taken = next(((a, other) for a in aliases
                              if (other := self.lookup(category, str(a))) not in (None, term_id)), None)
                if taken is not None:
                    # the wording already names another term, which keeps it: this alias does nothing
                    problems.append((category, term_id, "vocab-alias-taken", {"alias": taken[0], "other": taken[1]}))
                if term_id in RESERVED_TERMS.get(category, ()):  # a row of the report's own
                    problems.append((category, term_id, "vocab-reserved"))
                    continue
                old = bucket.get(term_id)
                hidden = t.get("hidden") is True
                speaks = listed("speaks")
                if speaks and (category != "populations"
                               or any(x not in self.terms("languages") for x in speaks)):
                    # the value at fault named, with the term it may mean (`michif`: crg; newcomer 15, N15-5)
                    problems.append((category, term_id, "vocab-speaks", self._culprit(
                        category, speaks, "languages", lambda x: x in self.terms("languages")))
                                    if category == "populations" else
                                    (category, term_id, "vocab-populations-only", {"key": "speaks"}))
                    speaks = ()
                part_of = listed("part_of")
                if part_of and (category != "populations" or term_id in part_of
                                or any(x not in self.terms("populations") and x not in extension.get("populations", {})
                                       for x in part_of)):
                    problems.append((category, term_id, "vocab-part-of", self._culprit(
                        category, part_of, "populations",
                        lambda x: x != term_id and (x in self.terms("populations") or x in extension.get("populations", {}))))
                                    if category == "populations" else
                                    (category, term_id, "vocab-populations-only", {"key": "part_of"}))
                    part_of = ()
                written = t.get("written") is True
                unmark = t.get("written") is False  # a network whose help writes the plan with the client
                if written and category != "topics":
                    problems.append((category, term_id, "vocab-written"))
                    written = False
                if old is not None and not t.get("en") and not t.get("fr"):
                    bucket[term_id] = Term(term_id, old.en, old.fr, old.aliases + aliases, old.builtin,
                                           hidden or old.hidden, speaks or old.speaks,
                                           written or (old.written and not unmark), part_of or old.part_of)
                    continue
                if old is not None and old.builtin:
                    problems.append((category, term_id, "vocab-redefines"))
                if not t.get("en") or not t.get("fr"):
                    if old is None:
                        problems.append((category, term_id, "vocab-needs-labels"))
                    continue
                bucket[term_id] = Term(term_id, t["en"], t["fr"], aliases, builtin=False, hidden=hidden,
                                       speaks=speaks, written=written, part_of=part_of)
        # a circle of `part_of` (Anishinaabe within Indigenous within Anishinaabe): each is then within
        # itself, which the term alone already refuses (hostile 12, 9g)
        pops = self.categories.get("populations", {})
        for term_id, term in list(pops.items()):
            seen, todo = set(), list(term.part_of)
            while todo:
                x = todo.pop()
                if x == term_id:
                    problems.append(("populations", term_id, "vocab-part-of"))
                    break
                if x not in seen:
                    seen.add(x)
                    todo.extend(getattr(pops.get(x), "part_of", ()))
        self._folded.clear()  # (the look-ups above indexed the wordings as they were)
        # a new term's id or label that was already another term's alias: the new term takes it, and
        # the other term's alias then does nothing (`atelier`, a new mode, and workshops' alias
        # `Atelier`: hostile 15, H15-7): said, with what the wording now gives
        for category, terms in extension.items():
            bucket = self.categories.get(category, {})
            for term_id in terms or {}:
                term = bucket.get(term_id)
                if term is None or term.builtin:
                    continue
                for wording in dict.fromkeys((term.id, term.en, term.fr)):
                    others = [t.id for t in bucket.values() if t.id != term_id
                              and fold(wording) in {fold(a) for a in t.aliases}]
                    if others:
                        problems.append((category, term_id, "vocab-wording-taken",
                                         {"wording": wording, "other": others[0]}))
                        break
        return problems


@lru_cache(maxsize=1)
def _builtin_raw() -> dict[str, Any]:
    from cedta.io.yamlread import parse

    return parse(BUILTIN.read_text(encoding="utf-8")).data


def builtin() -> Vocabulary:
    """A fresh copy of the built-in vocabulary."""
    cats: dict[str, dict[str, Term]] = {}
    for category, terms in _builtin_raw().items():
        cats[category] = {
            str(tid): Term(str(tid), t["en"], t["fr"], tuple(t.get("aliases") or ()), written=t.get("written") is True)
            for tid, t in terms.items()
        }
    return Vocabulary(cats)


def unnamed_service(topic: str, modes: list[str]) -> str:
    """The words of a service with no name (one imported from a sheet): `Topic (modes)`, each mode's
    first letter lower-cased unless it starts an acronym, and a mode the topic's own brackets
    already say left out ("Business financing (loans and grants)", not "... (loans and grants)
    (loans and grants)")."""
    said = fold(topic)
    shown = [m[:1].lower() + m[1:] if m[1:2].islower() else m for m in modes if fold(m) not in said]
    return f"{topic} ({', '.join(shown)})" if shown else topic


def words_in(wording: str, wordings: dict[str, tuple]) -> str | None:
    """The one key of `wordings` one of whose texts holds `wording` (two words or more) as whole
    words, case and accents aside, else None."""
    import re

    want = fold(str(wording).replace("\u2019", "'")).strip()
    # two words at least, neither a word of one or two letters alone: one word found inside a label
    # was taken silently (`emploi` in « sans emploi », the opposite; `formation` for « Formation de
    # partenariats »: review 15, R15-2, R15-8); a single word stays for the checks to suggest
    if len(want) < 3 or len([w for w in re.split(r"[\s'-]+", want) if len(w) >= 2]) < 2:
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(want) + r"(?!\w)")
    found = [key for key, texts in wordings.items()
             if any(pattern.search(fold(str(t).replace("\u2019", "'"))) for t in texts if t)]
    return found[0] if len(found) == 1 else None
