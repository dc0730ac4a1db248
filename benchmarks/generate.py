"""A seeded synthetic network, valid in the real schema, built from the shipped data.

    python benchmarks/generate.py OUT --clients 10000 [--providers N] [--seed 1]

Writes OUT/data (network.yaml, vocab.yaml, hubs/ as shipped; providers/ and clients/ generated).

- Providers: the shipped providers, then copies of them under new ids (`<id>-r<k>`), each copy with
  all its services, until there are N (default: one provider for every 25 clients, at least the
  shipped ones). Copies keep the services' topics, modes, fees and eligibility rules.
- Clients: each is one of the shipped clients (needs, plan, contacts, outcomes, evaluation) moved
  back 0 to 5 years in time, served by one copy of the providers it used (intake, plan steps and
  contacts point at the same copy, so the references and the "contact with the service's provider"
  rule still hold), with 0 to 8 extra follow-up contacts, so the network spans several years and
  holds about ten contacts a client on average.

The text of each file is the shipped file's text with ids, dates and a few lines changed, so the
generated files keep the canonical layout (`cedta fmt --check` finds nothing to change) and the
comments. Same seed, same files. No client file holds a name or any identifying detail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "data"
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_BIRTH = re.compile(r"^(  birth_year: )(\d{4})$", re.M)
_SECTION = re.compile(r"^(\w+):", re.M)
LAST = dt.date(2026, 11, 20)  # no generated contact after this day (the benchmarks run with --today 2026-11-26)


_FLOW_ITEM = re.compile(r"^(\s*)- \{([^{}\[\]\"'\n]*)\}$", re.M)  # - {a: 1, b: x}, nothing quoted


def _unflow(m: re.Match) -> str:
    """A list item written as a one-line mapping, in block style when the line is long (as `cedta
    fmt` lays it out); short lines are kept."""
    if len(m.group(0)) <= 96:
        return m.group(0)
    indent, pairs = m.group(1), m.group(2).split(", ")
    return "\n".join(f"{indent}{'- ' if i == 0 else '  '}{pair}" for i, pair in enumerate(pairs))


def _shift_date(m: re.Match, years: int) -> str:
    y, mo, d = int(m.group(1)) - years, int(m.group(2)), int(m.group(3))
    if mo == 2 and d == 29:
        d = 28
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _ref_pattern(ids: list[str]) -> re.Pattern:
    alternation = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    # a provider id where a client refers to one: org:, by:, service: <provider>/<service>
    return re.compile(rf"(?:(?<=org: )|(?<=by: ))({alternation})(?=[\s,}}]|$)"
                      rf"|(?<=service: )({alternation})(?=/)", re.M)


def _client_text(template: str, stem: str, new_id: str, years: int, copy: int, refs: re.Pattern,
                 extra: int, rng: random.Random, intake_by: str) -> str:
    text = template.replace(f"id: {stem}\n", f"id: {new_id}\n", 1)
    text = _DATE.sub(lambda m: _shift_date(m, years), text)
    text = _BIRTH.sub(lambda m: f"{m.group(1)}{int(m.group(2)) - years}", text)
    if copy:
        text = refs.sub(lambda m: f"{m.group(0)}-r{copy}", text)
        text = _FLOW_ITEM.sub(_unflow, text)  # a renamed id can push a line past fmt's 100 columns
    if extra:
        text = _add_contacts(text, extra, rng, intake_by if not copy else f"{intake_by}-r{copy}")
    return text


def _add_contacts(text: str, extra: int, rng: random.Random, org: str) -> str:
    """Follow-up contacts with the intake organisation, after the last contact, before the next key."""
    intake = re.search(r"^intake: \{date: (\d{4}-\d{2}-\d{2})", text, re.M)
    start = m.group(0) if (m := re.search(r"^contacts:\n", text, re.M)) else None
    if not intake or start is None:
        return text
    first = dt.date.fromisoformat(intake.group(1))
    after = re.search(r"^contacts:\n", text, re.M).end()
    nxt = _SECTION.search(text, after)
    at = nxt.start() if nxt else len(text)
    days = sorted(rng.randint(1, 330) for _ in range(extra))
    lines = []
    for d in days:
        when = min(first + dt.timedelta(days=d), LAST).isoformat()
        mode, minutes = rng.choice(('mentoring', 'consulting', 'workshops')), rng.choice((30, 45, 60, 90))
        line = f"  - {{date: {when}, org: {org}, mode: {mode}, minutes: {minutes}}}\n"
        if len(line) > 90:  # as `cedta fmt` lays out a mapping too long for one line: in block style
            line = f"  - date: {when}\n    org: {org}\n    mode: {mode}\n    minutes: {minutes}\n"
        lines.append(line)
    return text[:at] + "".join(lines) + text[at:]


def generate(out: Path, clients: int, providers: int | None = None, seed: int = 1) -> Path:
    """Write a network of `clients` clients under `out`/data; return the data folder."""
    rng = random.Random(seed)
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    for name in ("network.yaml", "vocab.yaml"):
        if (SHIPPED / name).exists():
            shutil.copy2(SHIPPED / name, data / name)
    shutil.copytree(SHIPPED / "hubs", data / "hubs")
    (data / "providers").mkdir()
    (data / "clients").mkdir()

    shipped_providers = sorted((SHIPPED / "providers").glob("*.yaml"))
    ids = [p.stem for p in shipped_providers]
    wanted = max(len(ids), providers if providers is not None else clients // 25)
    copies = -(-wanted // len(ids))  # copies of the whole directory, the first being the shipped one
    written = 0
    for k in range(copies):
        for p in shipped_providers:
            if written == wanted:
                break
            text = p.read_text(encoding="utf-8")
            new_id = p.stem if k == 0 else f"{p.stem}-r{k}"
            if k:
                text = text.replace(f"id: {p.stem}\n", f"id: {new_id}\n", 1)
            (data / "providers" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
            written += 1
    # which copies are complete: a client may use copy k only if every provider it names exists
    complete = wanted // len(ids)
    refs = _ref_pattern(ids)

    templates = []
    for f in sorted((SHIPPED / "clients").glob("*.yaml")):
        text = f.read_text(encoding="utf-8")
        by = re.search(r"by: ([a-z0-9-]+)", text)
        templates.append((f.stem, text, by.group(1) if by else ""))
    for n in range(1, clients + 1):
        stem, template, by = templates[rng.randrange(len(templates))]
        years = rng.randint(0, 5)
        year = int(_DATE.search(template.split("intake:", 1)[1]).group(1)) - years
        new_id = f"c-{year}-{n:05d}"
        copy = rng.randrange(max(1, complete))
        extra = rng.choice((0, 1, 2, 3, 4, 5, 6, 7, 8))
        text = _client_text(template, stem, new_id, years, copy, refs, extra, rng, by)
        (data / "clients" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder to write data/ into (data/ is replaced)")
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--providers", type=int, default=None,
                    help="default: one for every 25 clients, at least the shipped ones")
    ap.add_argument("--seed", type=int, default=1)
    opts = ap.parse_args(argv)
    data = generate(opts.out, opts.clients, opts.providers, opts.seed)
    n_services = sum(t.count("\n  - id: ") for t in
                     (p.read_text(encoding="utf-8") for p in (data / "providers").glob("*.yaml")))
    print(f"{data}: {opts.clients} clients, {len(list((data / 'providers').glob('*.yaml')))} "
          f"providers, {n_services} services", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
