"""Did-you-mean among many ids: the neighbours looked at give difflib's own answer."""

from __future__ import annotations

import difflib
import random

from cedta.suggest import close_ids

IDS = [f"c-{2019 + i % 8}-{i:05d}" for i in range(3000)] + [f"c-2026-{w}" for w in ("dggdx", "k3m9p", "zz1aa")]


def test_typos_anywhere_in_a_long_list_find_the_id():
    assert close_ids("c-2021-00002", IDS[:100]) == ["c-2021-00002"]
    assert close_ids("c-2021-0000", IDS) == ["c-2021-00002"]  # alike ratios: the longer common start
    assert close_ids("c-2022-029955", IDS) == ["c-2022-02995"]  # one character too many
    assert close_ids("x-2022-02995", IDS) == ["c-2022-02995"]  # the first one wrong
    assert close_ids("c-2026-dggdz", IDS) == ["c-2026-dggdx"]
    assert close_ids("nothing-alike-at-all-here", IDS) == []


def test_the_best_ratio_is_the_one_difflib_finds_over_every_id():
    rng = random.Random(7)
    for _ in range(12):
        word = list(rng.choice(IDS))
        for _ in range(rng.randint(1, 2)):  # one or two characters changed, dropped or added
            at = rng.randrange(len(word))
            kind = rng.choice("cda")
            if kind == "c":
                word[at] = rng.choice("0123456789abcdefghjk-")
            elif kind == "d" and len(word) > 3:
                del word[at]
            else:
                word.insert(at, rng.choice("0123456789-"))
        typed = "".join(word)
        full = difflib.get_close_matches(typed, IDS, n=1, cutoff=0.5)
        mine = close_ids(typed, IDS)
        assert bool(full) == bool(mine)
        if full:  # the same ratio (ties may be broken towards the longer common start)
            ratio = lambda c: difflib.SequenceMatcher(None, typed, c).ratio()  # noqa: E731
            assert ratio(mine[0]) == ratio(full[0]), (typed, mine, full)
