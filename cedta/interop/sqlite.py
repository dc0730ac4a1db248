"""The directory as one SQLite database for analysts (Datasette or any SQL client): providers, services
and their child tables (languages, modes, stages, populations, fees, eligibility rules, financing),
hubs and their members, the vocabulary's labels, and client facts without identifiers.

What client data goes in, and why:
- what clients asked for and received, one row per fact, with no client id, name, note or free text
  and no key that links two rows to the same person (`client_need`, `client_plan_step`,
  `client_contact`, `client_outcome`): enough to count demand and use by hub, topic, service and
  quarter (the network's quarter, named as `cedta report --quarter` names it: 2026Q2); dates are
  reduced to the quarter and amounts left out, so a row points to nobody. These rows are not
  suppressed: counting them gives exact small counts (three contacts of one hub with one
  organisation in a quarter), as `report --no-suppress` does. The database is for the network's
  own analysts; the forum report is what is shared outside;
- who the clients are (population, stage, kind) only as counts by hub (`client_count`), and a count
  under the network's `small_cell_threshold` is suppressed (NULL, `suppressed` = 1), as in the forum
  report, with a complementary count where a hub's kinds or stages add up to its clients: a profile
  fact is the kind of detail that identifies a person in a small hub.
The database is built in a temporary file beside the target and renamed over it: re-running replaces
the file atomically, and a failure leaves the old one in place.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

SCHEMA = """
CREATE TABLE README (name TEXT PRIMARY KEY, description TEXT NOT NULL, description_fr TEXT NOT NULL);
CREATE TABLE term (category TEXT NOT NULL, id TEXT NOT NULL, label_en TEXT NOT NULL, label_fr TEXT NOT NULL,
  PRIMARY KEY (category, id));
CREATE TABLE provider (id TEXT PRIMARY KEY, name_en TEXT, name_fr TEXT, kind TEXT NOT NULL,
  category INTEGER NOT NULL, website TEXT, languages TEXT, notes_en TEXT, notes_fr TEXT);
CREATE TABLE service (ref TEXT PRIMARY KEY, provider_id TEXT NOT NULL REFERENCES provider(id),
  id TEXT NOT NULL, name_en TEXT, name_fr TEXT, topic TEXT NOT NULL, level_from TEXT, level_to TEXT,
  fees TEXT NOT NULL, lowest_fee REAL, schedule TEXT, times TEXT, duration_weeks INTEGER, intake TEXT,
  capacity INTEGER, capacity_per TEXT, capacity_unit TEXT, valid_from TEXT, valid_until TEXT,
  notes_en TEXT, notes_fr TEXT, UNIQUE (provider_id, id));
CREATE INDEX service_topic ON service(topic);
CREATE INDEX service_provider ON service(provider_id);
CREATE TABLE service_language (service_ref TEXT NOT NULL REFERENCES service(ref), language TEXT NOT NULL,
  PRIMARY KEY (service_ref, language));
CREATE INDEX service_language_language ON service_language(language);
CREATE TABLE service_mode (service_ref TEXT NOT NULL REFERENCES service(ref), mode TEXT NOT NULL,
  PRIMARY KEY (service_ref, mode));
CREATE INDEX service_mode_mode ON service_mode(mode);
CREATE TABLE service_stage (service_ref TEXT NOT NULL REFERENCES service(ref), stage TEXT NOT NULL,
  PRIMARY KEY (service_ref, stage));
CREATE TABLE service_population (service_ref TEXT NOT NULL REFERENCES service(ref), population TEXT NOT NULL,
  PRIMARY KEY (service_ref, population));
CREATE INDEX service_population_population ON service_population(population);
CREATE TABLE service_level (service_ref TEXT NOT NULL REFERENCES service(ref), level TEXT NOT NULL,
  PRIMARY KEY (service_ref, level));
CREATE TABLE cost_option (service_ref TEXT NOT NULL REFERENCES service(ref), position INTEGER NOT NULL,
  amount REAL, min REAL, max REAL, currency TEXT NOT NULL, unit TEXT, minutes INTEGER, sessions INTEGER,
  applies_to TEXT NOT NULL, label_en TEXT, label_fr TEXT, PRIMARY KEY (service_ref, position));
CREATE TABLE eligibility_rule (service_ref TEXT NOT NULL REFERENCES service(ref), position INTEGER NOT NULL,
  kind TEXT NOT NULL, rule TEXT NOT NULL, description_en TEXT NOT NULL, description_fr TEXT NOT NULL,
  PRIMARY KEY (service_ref, position));
CREATE INDEX eligibility_rule_kind ON eligibility_rule(kind);
CREATE TABLE financing (service_ref TEXT NOT NULL REFERENCES service(ref), position INTEGER NOT NULL,
  kind TEXT NOT NULL, up_to REAL, amount REAL, currency TEXT NOT NULL, per TEXT, client_kind TEXT,
  PRIMARY KEY (service_ref, position));
CREATE TABLE hub (id TEXT PRIMARY KEY, name_en TEXT, name_fr TEXT, population TEXT, field TEXT,
  director TEXT REFERENCES provider(id));
CREATE TABLE hub_member (hub_id TEXT NOT NULL REFERENCES hub(id), provider_id TEXT NOT NULL
  REFERENCES provider(id), PRIMARY KEY (hub_id, provider_id));
CREATE INDEX hub_member_provider ON hub_member(provider_id);
CREATE TABLE client_need (hub_id TEXT REFERENCES hub(id), topic TEXT NOT NULL, level TEXT, priority INTEGER);
CREATE INDEX client_need_topic ON client_need(topic);
CREATE TABLE client_plan_step (hub_id TEXT REFERENCES hub(id), topic TEXT NOT NULL, level TEXT,
  service_ref TEXT, status TEXT NOT NULL);
CREATE INDEX client_plan_step_service ON client_plan_step(service_ref);
CREATE TABLE client_contact (hub_id TEXT REFERENCES hub(id), quarter TEXT NOT NULL, org TEXT NOT NULL,
  service_ref TEXT, mode TEXT, minutes INTEGER);
CREATE INDEX client_contact_service ON client_contact(service_ref);
CREATE TABLE client_outcome (hub_id TEXT REFERENCES hub(id), quarter TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE client_count (hub_id TEXT REFERENCES hub(id), fact TEXT NOT NULL, value TEXT NOT NULL,
  clients INTEGER, suppressed INTEGER NOT NULL, PRIMARY KEY (hub_id, fact, value));
"""

README = {
    "README": ("This table: what each table holds.", "Cette table : le contenu de chaque table."),
    "term": ("Vocabulary terms with their English and French labels (join on category and id).",
             "Termes du vocabulaire, avec leurs libellés anglais et français."),
    "provider": ("Providers (organisations, or categories such as consultants).",
                 "Fournisseurs (organismes, ou catégories comme les experts-conseils)."),
    "service": ("Services, one row each; ref is provider/service.", "Services ; ref vaut fournisseur/service."),
    "service_language": ("Languages a service is delivered in (ISO 639-1).", "Langues de prestation d'un service."),
    "service_mode": ("Modes of delivery of a service.", "Modes de prestation d'un service."),
    "service_stage": ("Business stages a service serves (none listed: all).", "Étapes d'entreprise servies (aucune : toutes)."),
    "service_population": ("Populations the report lists a service for.", "Populations pour lesquelles le rapport cite le service."),
    "service_level": ("Every level a service covers, from its first to its last.", "Chaque niveau couvert par un service."),
    "cost_option": ("Fees of services that state amounts.", "Frais des services qui en précisent le montant."),
    "eligibility_rule": ("Eligibility rules (all must pass), as JSON and in words.", "Règles d'admissibilité, en JSON et en mots."),
    "financing": ("Money a service lends or gives.", "Financement qu'un service prête ou accorde."),
    "hub": ("Hubs of the network.", "Centres du réseau."),
    "hub_member": ("Member organisations of each hub.", "Organismes membres de chaque centre."),
    "client_need": ("One row per need a client stated: hub, topic, level. No client id: rows cannot be linked to each other or to a person.",
                    "Une ligne par besoin exprimé : centre, sujet, niveau. Sans identifiant : les lignes ne se relient ni entre elles ni à une personne."),
    "client_plan_step": ("One row per step of a client's plan: hub, topic, service, status. No client id.",
                         "Une ligne par étape de plan : centre, sujet, service, statut. Sans identifiant."),
    "client_contact": ("One row per documented contact: hub, quarter (as `cedta report` names it), organisation, service, mode, minutes. No notes, no client id. Not suppressed: for the network's own analysis.",
                       "Une ligne par contact documenté : centre, trimestre (comme le nomme `cedta report`), organisme, service, mode, minutes. Sans note ni identifiant. Sans suppression : pour l'analyse interne du réseau."),
    "client_outcome": ("One row per outcome: hub, quarter (as `cedta report` names it), kind. No amounts, no client id. Not suppressed: for the network's own analysis.",
                       "Une ligne par résultat : centre, trimestre (comme le nomme `cedta report`), type. Sans montant ni identifiant. Sans suppression : pour l'analyse interne du réseau."),
    "client_count": ("Clients by hub and profile fact (kind, population, stage); counts under the network's small-cell threshold are suppressed (NULL).",
                     "Clients par centre et caractéristique (type, population, étape) ; les effectifs sous le seuil des petites cellules sont supprimés (NULL)."),
}


def _quarter(d, start_month: int = 4) -> str:
    """The quarter holding `d`, as `cedta report --quarter` names it (2026Q2: the fiscal year that
    starts in `start_month`, `fiscal_year_start_month` in network.yaml)."""
    offset = (d.month - start_month) % 12
    year = d.year if d.month >= start_month else d.year - 1
    return f"{year}Q{offset // 3 + 1}"


def _text(b, lang: str) -> str | None:
    if b is None:
        return None
    return getattr(b, lang)


class ClientRows:
    """The client tables' rows, gathered one client at a time: a command that exports 50,000
    clients keeps these small tuples, not the records."""

    def __init__(self, ds) -> None:
        self.hubs = set(ds.hubs)
        self.services = {f"{p.record.id}/{s.id}" for p in ds.providers.values() for s in p.record.services}
        self.start = ds.network.record.fiscal_year_start_month if ds.network is not None else 4
        self.needs: list = []
        self.steps: list = []
        self.contacts: list = []
        self.outcomes: list = []
        self.counts: dict[tuple[str, str, str], int] = {}

    def add(self, c) -> None:
        services, start = self.services, self.start
        hub = c.hub if c.hub in self.hubs else None
        self.needs += [(hub, n.topic, n.level, n.priority) for n in c.needs]
        self.steps += [(hub, s.topic, s.level, s.service if s.service in services else None, s.status)
                       for s in c.plan]
        self.contacts += [(hub, _quarter(x.date, start), x.org, x.service if x.service in services else None,
                           x.mode, x.minutes) for x in c.contacts]
        self.outcomes += [(hub, _quarter(o.date, start), o.kind) for o in c.outcomes]
        facts = [("kind", c.kind)] + [("population", x) for x in c.profile.populations]
        if c.profile.stage:
            facts.append(("stage", c.profile.stage))
        for fact, value in set(facts):
            self.counts[(hub or "", fact, value)] = self.counts.get((hub or "", fact, value), 0) + 1


def fill(db: sqlite3.Connection, ds, threshold: int, clients: ClientRows | None = None) -> dict[str, int]:
    """Create the tables and fill them from a loaded dataset; returns row counts by table."""
    from cedta.records import eligibility

    vocab = ds.vocab
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO README VALUES (?, ?, ?)", [(k, en, fr) for k, (en, fr) in README.items()])
    db.executemany("INSERT INTO term VALUES (?, ?, ?, ?)",
                   [(c, t.id, t.en, t.fr) for c, terms in vocab.categories.items() for t in terms.values()])
    levels = list(vocab.terms("levels"))
    for e in ds.providers.values():
        p = e.record
        db.execute("INSERT INTO provider VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (p.id, p.name.en, p.name.fr, p.kind, int(p.category), p.website, ",".join(p.languages) or None,
                    _text(p.notes, "en"), _text(p.notes, "fr")))
        for s in p.services:
            ref = f"{p.id}/{s.id}"
            fees = s.fees if isinstance(s.fees, str) else "amounts"
            lowest = None if isinstance(s.fees, str) else min(o.lowest() for o in s.fees)
            sch, cap, val = s.schedule, s.capacity, s.valid
            db.execute("INSERT INTO service VALUES (" + ", ".join("?" * 21) + ")", (
                ref, p.id, s.id, _text(s.name, "en"), _text(s.name, "fr"), s.topic,
                s.levels.from_ if s.levels else None, s.levels.to if s.levels else None,
                fees, 0.0 if s.fees == "free" else lowest,
                sch.frequency if sch else None, ",".join(sch.times) if sch and sch.times else None,
                sch.duration_weeks if sch else None, s.intake,
                cap.count if cap else None, cap.per if cap else None, cap.unit if cap else None,
                val.from_.isoformat() if val and val.from_ else None,
                val.until.isoformat() if val and val.until else None,
                _text(s.notes, "en"), _text(s.notes, "fr")))
            for table, column, values in (("service_language", "language", s.languages),
                                          ("service_mode", "mode", s.modes),
                                          ("service_stage", "stage", s.stages),
                                          ("service_population", "population", s.populations)):
                db.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", [(ref, v) for v in values])
            if s.levels and s.levels.from_ in levels and s.levels.to in levels:
                span = levels[levels.index(s.levels.from_): levels.index(s.levels.to) + 1]
                db.executemany("INSERT INTO service_level VALUES (?, ?)", [(ref, v) for v in span])
            if not isinstance(s.fees, str):
                for n, o in enumerate(s.fees):
                    db.execute("INSERT INTO cost_option VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (ref, n, o.amount, o.min, o.max, o.currency, o.unit, o.minutes, o.sessions,
                                o.applies_to, _text(o.label, "en"), _text(o.label, "fr")))
            for n, r in enumerate(s.eligibility):
                db.execute("INSERT INTO eligibility_rule VALUES (?, ?, ?, ?, ?, ?)", (
                    ref, n, r.kind,
                    json.dumps(r.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False),
                    eligibility.describe(r, "en", vocab), eligibility.describe(r, "fr", vocab)))
            for n, f in enumerate(s.financing):
                db.execute("INSERT INTO financing VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (ref, n, f.kind, f.up_to, f.amount, f.currency, f.per, f.client_kind))
    for e in ds.hubs.values():
        h = e.record
        db.execute("INSERT INTO hub VALUES (?, ?, ?, ?, ?, ?)",
                   (h.id, h.name.en, h.name.fr, h.population, h.field,
                    h.director if h.director in ds.providers else None))
        db.executemany("INSERT OR IGNORE INTO hub_member VALUES (?, ?)",
                       [(h.id, x) for x in h.members if x in ds.providers])
    if clients is None:
        clients = ClientRows(ds)
        for e in ds.clients.values():
            clients.add(e.record)
    counts = clients.counts
    # Client rows in a fixed order that is not the order of the clients, so that consecutive rows do
    # not give away which facts belong to the same person.
    key = lambda row: tuple("" if v is None else str(v) for v in row)  # noqa: E731
    db.executemany("INSERT INTO client_need VALUES (?, ?, ?, ?)", sorted(clients.needs, key=key))
    db.executemany("INSERT INTO client_plan_step VALUES (?, ?, ?, ?, ?)", sorted(clients.steps, key=key))
    db.executemany("INSERT INTO client_contact VALUES (?, ?, ?, ?, ?, ?)", sorted(clients.contacts, key=key))
    db.executemany("INSERT INTO client_outcome VALUES (?, ?, ?)", sorted(clients.outcomes, key=key))
    hidden = _suppressed(counts, threshold)
    db.executemany("INSERT INTO client_count VALUES (?, ?, ?, ?, ?)", [
        (hub or None, fact, value, None if key in hidden else n, int(key in hidden))
        for key in sorted(counts) for (hub, fact, value), n in [(key, counts[key])]])
    return {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in README}


# Facts whose values split a hub's clients into parts that add up to the hub's total (a client has
# one kind, at most one stage): hiding one part alone would let it be worked out from that total.
_PARTITIONS = ("kind", "stage")


def _suppressed(counts: dict[tuple[str, str, str], int], threshold: int) -> set[tuple[str, str, str]]:
    """The counts to hide: every one under the threshold (primary), and, where a hub's values of a
    fact add up to its total, the next smallest of the same hub and fact when one alone is hidden
    (complementary), so that no hidden count is the total minus the shown ones."""
    hidden = {key for key, n in counts.items() if n < threshold}
    for fact in _PARTITIONS:
        for hub in {h for h, f, _ in counts if f == fact}:
            cells = sorted((n, key) for key, n in counts.items() if key[0] == hub and key[1] == fact)
            if sum(key in hidden for _, key in cells) == 1:
                shown = [key for n, key in cells if key not in hidden]
                if shown:
                    hidden.add(shown[0])
    return hidden


def written_by_cedta(target: Path) -> bool:
    """Whether an existing file is a database cedta wrote (its README table says so) or an empty
    file: the only ones an export replaces (an analyst's own database at the same path lost its
    tables: hostile 14, 10). Opened read-only; anything unreadable is not cedta's."""
    import sqlite3
    from urllib.parse import quote

    try:
        if Path(target).stat().st_size == 0:
            return True
        db = sqlite3.connect(f"file:{quote(str(Path(target).resolve()))}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT description FROM README WHERE name = 'README'").fetchone()
        finally:
            db.close()
    except (OSError, sqlite3.Error):
        return False
    return row is not None and row[0] == README["README"][0]


def write_database(target: Path, ds, threshold: int, clients: ClientRows | None = None) -> dict[str, int]:
    """Build the database in a temporary file beside `target`, then rename it over `target`."""
    from cedta.io.store import output_mode

    target = Path(target)
    mode = output_mode(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            with db:
                counts = fill(db, ds, threshold, clients)
        finally:
            db.close()
        os.chmod(tmp, mode)
        # the write-ahead log, shared memory or hot journal of the database replaced belong to it:
        # left beside the new file, SQLite would replay the old edits into it, or call it malformed
        # (hostile pass 11, 15)
        for suffix in ("-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{target}{suffix}")
            except FileNotFoundError:
                pass
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return counts
