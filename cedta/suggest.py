"""Did-you-mean suggestions for a typed id among many (50,000 client ids): difflib's ratio for
every known id took 1 to 4 seconds; and organisations named loosely (`--org RDÉE`). Pure: no
printing, no file access."""

from __future__ import annotations

import bisect
import difflib
import os
import re
from typing import Iterable

# Below this many known ids every one is compared; above it, only the neighbours of the typed id
# in two sorted orders: by its start (a typo near the end) and by its end (a typo near the start).
ALL_BELOW = 2000
NEIGHBOURS = 150


def close_ids(value: str, known: Iterable[str], n: int = 1, cutoff: float = 0.5) -> list[str]:
    """The known ids closest to `value` (difflib's ratio, at least `cutoff`), best first."""
    known = list(known)
    if len(known) > ALL_BELOW:
        chosen: set[str] = set()
        for key in (lambda s: s, lambda s: s[::-1]):
            ordered = sorted(key(k) for k in known)
            at = bisect.bisect_left(ordered, key(value))
            chosen.update(key(k) for k in ordered[max(0, at - NEIGHBOURS): at + NEIGHBOURS])
        known = sorted(chosen)
    close = difflib.get_close_matches(value, known, n=max(n, 5), cutoff=cutoff)
    # alike ratios: the one sharing the longer start first (c-2021-0000 is c-2021-00004, not -40000)
    ratio = {c: difflib.SequenceMatcher(None, value, c).ratio() for c in close}
    close.sort(key=lambda c: (-ratio[c], -len(os.path.commonprefix([value, c])), c))
    return close[:n]


# Letters that no Unicode decomposition takes to a plain letter, as an English keyboard types them
# (Łukasz as Lukasz, Øster as Oster, Straße as Strasse: hostile pass 11, 3)
_PLAIN_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "ẞ": "SS", "æ": "ae",
                                "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                                "þ": "th", "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"})


def fold(text: str) -> str:
    """Lowercase, without accents, typographic apostrophes or extra spaces, letters that do not
    decompose as a keyboard without them types them (ł, ø, ß): for matching wordings
    (`records.vocab` gives it to the vocabulary's look-ups) and names."""
    if text.isascii():  # (nothing to decompose: a sixth of the cost of a name check at 50,000 clients)
        return " ".join(text.lower().split())
    import unicodedata

    text = text.translate(_PLAIN_LETTERS)
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2011", "-"))
    if _OTHER_THAN_ACCENTS.search(text):
        text = "".join(c for c in text if not unicodedata.combining(c))
    else:  # letters and the common accents alone (French): the accents taken out at C speed, alike
        text = _ACCENTS.sub("", text)
    return " ".join(text.lower().split())


# The combining accents of Latin letters (U+0300–U+036F, less the grapheme joiner U+034F, whose
# combining class is 0): every one of them is dropped by `fold`'s per-character rule too
_ACCENTS = re.compile("[\u0300-\u034e\u0350-\u036f]")
_OTHER_THAN_ACCENTS = re.compile("[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


# French feminine endings and their masculine forms (a folded word: no accents), longest first:
# a coordinator types « immigrante », « salariée », « travailleuse autonome », « prestataire
# actuelle » where the labels say « immigrants », « salarié », « travailleur autonome » (C14-9)
_FEMININE = (("trice", "teur"), ("ienne", "ien"), ("euse", "eur"), ("eure", "eur"), ("enne", "en"),
             ("elle", "el"), ("iere", "ier"), ("ere", "er"), ("ive", "if"), ("ante", "ant"), ("ente", "ent"),
             ("ee", "e"))


def base_form(text: str) -> str:
    """A folded wording with each word in the singular and, for French endings, the masculine
    (`immigrantes` → `immigrant`, `salariee` → `salarie`, `femmes` → `femme`): compared on both
    sides when a wording matched no label as written."""
    words = []
    for word in fold(text).split():
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        for ending, masculine in _FEMININE:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                word = word[: -len(ending)] + masculine
                break
        words.append(word)
    return " ".join(words)


def _org_words(text: str) -> str:
    """A wording of an organisation compared loosely: folded (case, accents) and only letters and
    digits, one space between words."""
    import re

    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def _org_names(pid: str, record) -> set[str]:
    """What names a provider loosely: its id, its names with and without their brackets, and each
    bracketed short name in them with its first word alone (`(RDÉE Ontario)`: `rdee ontario`, `rdee`),
    and a first word in capitals (`OCRI Entrepreneurship Centre`: `ocri`)."""
    import re

    names = {_org_words(pid)}
    name = getattr(record, "name", None)
    for text in (getattr(name, "en", None), getattr(name, "fr", None)):
        if not text:
            continue
        names.add(_org_words(text))
        names.add(_org_words(re.sub(r"\([^()]*\)", " ", text)))  # the name without its brackets
        for inner in re.findall(r"\(([^()]+)\)", text):
            short = _org_words(inner)
            names.add(short)
            names.add(short.split(" ")[0] if short else short)
        first = text.split()[0] if text.split() else ""
        if sum(c.isalpha() for c in first) >= 2 and first.isupper():  # `OCRI Entrepreneurship Centre`: OCRI
            names.add(_org_words(first))
            names.update(_org_words(part) for part in first.split("-") if sum(c.isalpha() for c in part) >= 2)
    names.discard("")
    return names


def orgs_named(wording: str, providers: dict) -> list[str]:
    """The ids of the providers (id -> record) a wording names loosely (`_org_names`): `RDÉE`,
    `rdée ontario`, `Ottawa CED network`. Several when it is ambiguous, none when unknown."""
    wanted = _org_words(wording)
    if not wanted:
        return []
    named = {pid: _org_names(pid, record) for pid, record in providers.items()}
    exact = [pid for pid, names in named.items() if wanted in names]
    if exact:
        return exact
    if " " not in wanted:
        # one word (`Causeway`, `Convex`): the providers with it among their names' words; `Women`
        # names four, said as such, not the one whose name starts with it (review 13, R13-9)
        return [pid for pid, names in named.items() if any(wanted in n.split(" ") for n in names)]
    # the start of a name, whole words (`Carrefour entreprise` for « Carrefour entreprise du
    # Sud-Est »): named when one provider's name starts so (newcomer 13, N13-9)
    return [pid for pid, names in named.items() if any(n.startswith(wanted + " ") for n in names)]
