"""What changed in the network between two sets of records (`cedta diff`). Pure: records in, change
objects out; no git, no files, no printing.

A `Snapshot` is the records of a data directory at one revision. `compare(base, head)` gives a
`Comparison`: one `RecordChange` per provider, service, hub, client, network or vocabulary that
changed, each a list of `Change`s (a code and JSON-able parameters, phrased later by `diffrender`),
and the `Risk`s a reviewer must weigh: a service removed or closed while active plans use it, a hub
losing its director, a forum representative moving to another organisation, a client's consent
withdrawn while plan steps remain open. Client changes are counted, never quoted: no profile
value, no note, no amount leaves a client file through a diff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from cedta.records import model as m

OPEN_STEPS = ("planned", "active")


@dataclass
class Snapshot:
    """The records of one side of the comparison."""

    label: str  # what the reader knows this side by: a revision, "working tree"
    network: m.Network | None = None
    providers: dict[str, m.Provider] = field(default_factory=dict)
    hubs: dict[str, m.Hub] = field(default_factory=dict)
    clients: dict[str, m.Client] = field(default_factory=dict)
    # vocab.yaml: category → id → term, for the terms it adds, redefines or gives aliases to
    terms: dict[str, dict[str, dict]] = field(default_factory=dict)
    unreadable: set[tuple[str, str]] = field(default_factory=set)  # (kind, id) not compared

    def services(self) -> dict[str, m.Service]:
        return {f"{p.id}/{s.id}": s for p in self.providers.values() for s in p.services}

    def open_steps(self) -> dict[str, list[str]]:
        """Service reference → ids of clients with a planned or active step that uses it."""
        found: dict[str, list[str]] = {}
        for client in self.clients.values():
            for step in client.plan:
                if step.service and step.status in OPEN_STEPS:
                    users = found.setdefault(step.service, [])
                    if client.id not in users:
                        users.append(client.id)
        return found


@dataclass(frozen=True)
class ListedValid:
    until: dt.date | None


@dataclass(frozen=True)
class ListedService:
    """A service of a `ListedProvider`: what the comparison reads of it."""

    id: str
    name: dict[str, str] | None  # as `_name` gives it
    valid: ListedValid | None


@dataclass(frozen=True)
class ListedProvider:
    """A valid provider file identical on both sides, as the comparison reads it (it is never
    compared field by field, being the same on both sides): its name, and its services' ids,
    names and end dates for the risks and the labels. Remembered from one diff to the next by the
    file's content, so the directory is not validated again for every diff."""

    id: str
    name: dict[str, str] | None
    services: tuple[ListedService, ...]

    @classmethod
    def of(cls, p: m.Provider) -> ListedProvider:
        return cls(p.id, _name(p), tuple(
            ListedService(s.id, _name(s), ListedValid(s.valid.until) if s.valid else None)
            for s in p.services))


@dataclass(frozen=True)
class Change:
    code: str  # what kind of change: value, terms, text, fees, levels, added, removed, ...
    field: str  # the key in the file, dotted for nested ones ("schedule.frequency")
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class RecordChange:
    kind: str  # network, vocab, provider, service, hub, client
    id: str  # record id; provider/service for services
    status: str  # added, removed, changed, renamed
    name: dict[str, str] | None = None  # {en, fr} display name
    parent: str | None = None  # provider id of a service
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class Risk:
    code: str
    kind: str
    id: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Comparison:
    base: str
    head: str
    records: list[RecordChange] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # provider id → {en, fr}
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # service refs, "hub:<id>"
    problems: list[tuple[str, Any]] = field(default_factory=list)  # (side, Diagnostic): not compared
    other_files: list[tuple[str, str]] = field(default_factory=list)  # (status, path) not records

    @property
    def empty(self) -> bool:
        return not self.records and not self.risks


# ---- values ----------------------------------------------------------------------------------

def plain(value: Any) -> Any:
    """A record value as JSON-able data (aliases as keys, dates as ISO text, defaults left out)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _name(record: Any) -> dict[str, str] | None:
    if isinstance(record, (ListedProvider, ListedService)):
        return record.name
    name = getattr(record, "name", None)
    if isinstance(name, m.Bilingual):
        return {k: v for k, v in (("en", name.en), ("fr", name.fr)) if v}
    return None


def _category(cls: type[BaseModel], key: str) -> tuple[str | None, bool]:
    """(vocabulary category, holds a list) of the field written `key` in `cls`."""
    from cedta.records.checks import _field_category

    for name, fld in cls.model_fields.items():
        if (fld.alias or name) == key:
            return _field_category(fld)
    return None, False


def field_changes(before: BaseModel, after: BaseModel, skip: tuple[str, ...] = (),
                  prefix: str = "") -> list[Change]:
    """The fields that differ between two records of the same class, in the schema's order."""
    out: list[Change] = []
    cls = type(after)
    for name, fld in cls.model_fields.items():
        key = fld.alias or name
        if key in skip:
            continue
        old, new = getattr(before, name), getattr(after, name)
        if plain(old) == plain(new):
            continue
        where = prefix + key
        category, is_list = _category(cls, key)
        if category and (is_list or isinstance(new, list) or isinstance(old, list)):
            added = [t for t in new or [] if t not in (old or [])]
            removed = [t for t in old or [] if t not in (new or [])]
            if added or removed:
                out.append(Change("terms", where, {"category": category, "added": added,
                                                   "removed": removed, "none_left": not new}))
            else:
                out.append(Change("order", where, {}))
        elif key in ("fees", "financing", "capacity"):
            out.append(Change(key, where, {"before": plain(old), "after": plain(new)}))
        elif key == "org" and prefix.endswith("coordinator."):
            out.append(Change("provider", where, {"before": old, "after": new}))
        elif key == "levels":
            out.append(Change("levels", where, {"before": plain(old), "after": plain(new)}))
        elif isinstance(new, m.Bilingual) or isinstance(old, m.Bilingual) or key == "source":
            out.append(Change("text", where, {"set": old is None, "cleared": new is None}))
        elif isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
            out.extend(field_changes(old, new, prefix=where + "."))
        elif isinstance(old, BaseModel) != isinstance(new, BaseModel) and None in (old, new):
            # a group of fields (valid, schedule, capacity...) added or removed: field by field
            present = old if new is None else new
            empty = type(present).model_construct(**{n: None for n in type(present).model_fields})
            pair = (present, empty) if new is None else (empty, present)
            out.extend(field_changes(*pair, prefix=where + "."))
        elif isinstance(new, list) or isinstance(old, list):
            old_items, new_items = plain(old) or [], plain(new) or []
            out.append(Change("items", where, {
                "added": [i for i in new_items if i not in old_items],
                "removed": [i for i in old_items if i not in new_items]}))
        else:
            out.append(Change("value", where, {"category": category, "before": plain(old),
                                               "after": plain(new)}))
    return out


# ---- records by kind -------------------------------------------------------------------------------

def _provider_changes(base: Snapshot, head: Snapshot, out: Comparison) -> None:
    unreadable = base.unreadable | head.unreadable
    for pid in sorted(set(base.providers) | set(head.providers)):
        if ("provider", pid) in unreadable:
            continue
        old, new = base.providers.get(pid), head.providers.get(pid)
        if old is new:  # the same file on both sides, read once (see `share_unchanged`)
            continue
        if old is None or new is None:
            record = new or old
            out.records.append(RecordChange(
                "provider", pid, "added" if new else "removed", _name(record),
                changes=[Change("services", "services", {"count": len(record.services)})]))
            continue
        changes = field_changes(old, new, skip=("id", "services"))
        if changes:
            out.records.append(RecordChange("provider", pid, "changed", _name(new), changes=changes))
        old_services = {s.id: s for s in old.services}
        new_services = {s.id: s for s in new.services}
        for sid in [*old_services, *[s for s in new_services if s not in old_services]]:
            a, b = old_services.get(sid), new_services.get(sid)
            ref = f"{pid}/{sid}"
            if a is None:
                out.records.append(RecordChange("service", ref, "added", _name(b), pid, [
                    Change("summary", "", _service_summary(b))]))
            elif b is None:
                out.records.append(RecordChange("service", ref, "removed", _name(a), pid))
            else:
                changes = field_changes(a, b, skip=("id",))
                if changes:
                    out.records.append(RecordChange("service", ref, "changed", _name(b), pid, changes))


def _service_summary(s: m.Service) -> dict[str, Any]:
    return {"topic": s.topic, "modes": list(s.modes), "languages": list(s.languages),
            "fees": plain(s.fees)}


def _hub_changes(base: Snapshot, head: Snapshot, out: Comparison) -> None:
    unreadable = base.unreadable | head.unreadable
    for hid in sorted(set(base.hubs) | set(head.hubs)):
        if ("hub", hid) in unreadable:
            continue
        old, new = base.hubs.get(hid), head.hubs.get(hid)
        if old is new:  # the same file on both sides, read once (see `share_unchanged`)
            continue
        if old is None or new is None:
            out.records.append(RecordChange("hub", hid, "added" if new else "removed",
                                            _name(new or old)))
            continue
        changes = []
        for c in field_changes(old, new, skip=("id", "members", "forum_representatives")):
            changes.append(Change("provider", c.field, c.params) if c.field == "director" else c)
        added = [p for p in new.members if p not in old.members]
        removed = [p for p in old.members if p not in new.members]
        if added or removed:
            changes.append(Change("members", "members", {"added": added, "removed": removed}))
        changes += _representative_changes(old, new)
        if changes:
            out.records.append(RecordChange("hub", hid, "changed", _name(new), changes=changes))


def _person(name: str) -> str:
    return " ".join(name.lower().split())


def _representative_changes(old: m.Hub, new: m.Hub) -> list[Change]:
    before = {_person(r.name): r for r in old.forum_representatives}
    after = {_person(r.name): r for r in new.forum_representatives}
    out = []
    for key, rep in after.items():
        if key not in before:
            out.append(Change("representative-added", "forum_representatives",
                              {"name": rep.name, "org": rep.org}))
            continue
        was = before[key]
        if was.org != rep.org:
            out.append(Change("representative-org", "forum_representatives",
                              {"name": rep.name, "before": was.org, "after": rep.org}))
        if was.since != rep.since:  # the roster of a quarter depends on both dates (review 10, V3)
            out.append(Change("representative-since", "forum_representatives",
                              {"name": rep.name, "since": rep.since.isoformat(), "was": was.since.isoformat()}))
        if was.until != rep.until and rep.until is not None:
            out.append(Change("representative-until", "forum_representatives",
                              {"name": rep.name, "until": rep.until.isoformat()}))
        elif was.until is not None and rep.until is None:
            out.append(Change("representative-until-removed", "forum_representatives",
                              {"name": rep.name, "was": was.until.isoformat()}))
    for key, rep in before.items():
        if key not in after:
            out.append(Change("representative-removed", "forum_representatives",
                              {"name": rep.name, "org": rep.org}))
    return out


def _client_changes(base: Snapshot, head: Snapshot, out: Comparison) -> None:
    unreadable = base.unreadable | head.unreadable
    for cid in sorted(set(base.clients) | set(head.clients)):
        if ("client", cid) in unreadable:
            continue
        old, new = base.clients.get(cid), head.clients.get(cid)
        if old is new:  # the same file on both sides, read once (see `share_unchanged`)
            continue
        if old is None:
            out.records.append(RecordChange("client", cid, "added", changes=[
                Change("client-new", "", {"hub": new.hub, "steps": len(new.plan),
                                          "contacts": len(new.contacts)})]))
        elif new is None:
            out.records.append(RecordChange("client", cid, "removed"))
        else:
            changes = client_summary(old, new)
            if changes:
                out.records.append(RecordChange("client", cid, "changed", changes=changes))


_NOTE_KEYS = ("note", "notes")


def _without_notes(value: Any) -> Any:
    return {k: v for k, v in value.items() if k not in _NOTE_KEYS} if isinstance(value, dict) else value


def _count_new(old: list, new: list, changed: list | None = None) -> tuple[int, int, int]:
    """(entries added, entries removed, notes changed) between two lists of records, by content.

    An entry at the same place on both sides that differs only in its free-text note is a note
    changed, not an entry removed and another added. With `changed` (a list), an entry at the same
    place whose other fields differ, and that is found nowhere else on the other side, is an entry
    edited: `{"date": its day before, "kind": ..., "fields": {field: [before, after]}}` goes to
    `changed` (a loan's $12,000 made $1,200,000 read "1 outcome recorded; 1 outcome removed":
    hostile 14, 6)."""
    olds, news = [plain(x) for x in old], [plain(x) for x in new]
    edited = {i for i in range(min(len(olds), len(news)))
              if olds[i] != news[i] and _without_notes(olds[i]) == _without_notes(news[i])}
    fields_edited: set[int] = set()
    if changed is not None:
        for i in range(min(len(olds), len(news))):
            a, b = olds[i], news[i]
            if i in edited or a == b or not isinstance(a, dict) or not isinstance(b, dict) or a in news or b in olds:
                continue
            diff = {k: [a.get(k), b.get(k)] for k in dict.fromkeys([*a, *b])
                    if k not in _NOTE_KEYS and a.get(k) != b.get(k)}
            fields_edited.add(i)
            # its note changed too: said, not shown (a note is free text; review 14, R14-2)
            noted = any(a.get(k) != b.get(k) for k in _NOTE_KEYS)
            changed.append({"date": a.get("date"), "kind": a.get("kind"), "fields": diff, "note": noted})
    olds_rest = [x for i, x in enumerate(olds) if i not in edited and i not in fields_edited]
    news_rest = [x for i, x in enumerate(news) if i not in edited and i not in fields_edited]
    added = sum(1 for x in news_rest if x not in olds_rest)
    removed = sum(1 for x in olds_rest if x not in news_rest)
    return added, removed, len(edited)


def _undated(needs: list) -> list:
    """The needs without their `added:` day (copies only where one is set)."""
    return [n.model_copy(update={"added": None}) if getattr(n, "added", None) is not None else n for n in needs]


def _reprioritised(old: list, new: list) -> int:
    """How many needs (topic, level and note alike) are on both sides with another priority."""
    def key(need) -> tuple:
        return (need.topic, need.level, str(need.note or ""))

    olds = {key(n): n.priority for n in old}
    return sum(1 for n in new if key(n) in olds and olds[key(n)] != n.priority
               and not any(key(o) == key(n) and o.priority == n.priority for o in old))


def client_summary(old: m.Client, new: m.Client) -> list[Change]:
    """A client's changes as counts and step numbers: nothing that describes the person."""
    out: list[Change] = []
    if old.hub != new.hub:
        out.append(Change("client-hub", "hub", {"before": old.hub, "after": new.hub}))
    if new.consent.withdrawn and not old.consent.withdrawn:
        out.append(Change("consent-withdrawn", "consent", {"date": new.consent.withdrawn.isoformat()}))
    elif plain(old.consent) != plain(new.consent):
        out.append(Change("consent-changed", "consent", {}))
    if plain(old.intake) != plain(new.intake):
        out.append(Change("intake-changed", "intake", {}))
    if plain(old.profile) != plain(new.profile):
        out.append(Change("profile-changed", "profile", {}))
    # (the day a need was added is the record's bookkeeping: a date set on an old need is not
    # "one need added, one removed")
    old_needs, new_needs = _undated(old.needs), _undated(new.needs)
    added, removed, notes = _count_new(old_needs, new_needs)
    # a need whose priority alone changed is one need reprioritised, not one added and one removed
    moved = _reprioritised(old_needs, new_needs) if added and removed else 0
    added, removed = added - moved, removed - moved
    if added or removed or notes or moved:
        out.append(Change("needs-changed", "needs", {"added": added, "removed": removed, "notes": notes,
                                                     "priorities": moved}))
    for i in range(max(len(old.plan), len(new.plan))):
        a = old.plan[i] if i < len(old.plan) else None
        b = new.plan[i] if i < len(new.plan) else None
        n = i + 1
        if a is None:
            out.append(Change("step-added", "plan", {"step": n, "topic": b.topic, "status": b.status}))
        elif b is None:
            out.append(Change("step-removed", "plan", {"step": n}))
        elif a.status != b.status:
            out.append(Change("step-status", "plan", {"step": n, "status": b.status}))
        elif plain(a) != plain(b):
            only_note = _without_notes(plain(a)) == _without_notes(plain(b))
            if not only_note and a.target != b.target and _without_notes({**plain(a), "target": None}) == \
                    _without_notes({**plain(b), "target": None}):
                # a target moved: said with both days (coordinator 15, C15-13: "step 2 updated")
                out.append(Change("step-target", "plan", {"step": n, "before": str(a.target or "—"),
                                                          "after": str(b.target or "—")}))
                continue
            out.append(Change("step-note" if only_note else "step-changed", "plan", {"step": n}))
    for key, code in (("contacts", "contacts"), ("outcomes", "outcomes"), ("evaluation", "evaluations")):
        edits: list[dict] = []
        added, removed, notes = _count_new(getattr(old, key), getattr(new, key), edits)
        if added or removed or notes or edits:
            params: dict[str, Any] = {"added": added, "removed": removed, "notes": notes, "changed": edits}
            if key == "outcomes":
                olds = [plain(o) for o in old.outcomes]
                news = [plain(o) for o in new.outcomes]
                params["kinds"] = [o.kind for o, p in zip(new.outcomes, news) if p not in olds
                                   and not any(e["date"] == p.get("date") and e["kind"] == p.get("kind") for e in edits)]
            out.append(Change(code, key, params))
    return out


def _network_changes(base: Snapshot, head: Snapshot, out: Comparison) -> None:
    if ("network", "network") in base.unreadable | head.unreadable:
        return
    old, new = base.network, head.network
    if old is None and new is None:
        return
    if old is None or new is None:
        out.records.append(RecordChange("network", (new or old).id, "added" if new else "removed",
                                        _name(new or old)))
        return
    changes = field_changes(old, new, skip=("leadership_table",))
    table_old, table_new = old.leadership_table, new.leadership_table
    if plain(table_old) != plain(table_new):
        names_old = {mb.name for mb in table_old.members} if table_old else set()
        names_new = {mb.name for mb in table_new.members} if table_new else set()
        added, removed = sorted(names_new - names_old), sorted(names_old - names_new)
        if added or removed:
            changes.append(Change("table-members", "leadership_table.members",
                                  {"added": added, "removed": removed}))
        if table_old and table_new:
            changes += field_changes(table_old, table_new, skip=("members",), prefix="leadership_table.")
        elif not (added or removed):
            changes.append(Change("text", "leadership_table", {"set": table_old is None,
                                                               "cleared": table_new is None}))
    if changes:
        out.records.append(RecordChange("network", new.id, "changed", _name(new), changes=changes))


_FLAG_DEFAULTS: dict[str, Any] = {"hidden": False, "speaks": [], "part_of": [], "written": False}


def _flags(term) -> dict[str, Any]:
    """What a term says besides its words, that changes what matching and `gaps` read (hidden from
    menus, the languages a population speaks, the populations it is part of, a written topic): a
    change to these was "No change to the records" (newcomer 14, N14-2)."""
    return {"hidden": bool(term.hidden), "speaks": list(term.speaks), "part_of": list(term.part_of),
            "written": bool(term.written)}


def _vocab_changes(base: Snapshot, head: Snapshot, out: Comparison) -> None:
    """vocab.yaml, term by term against what is in force: a term missing from a side's extension
    is the built-in one there, so redefining a built-in term is a relabel, not an addition."""
    if ("vocab", "vocab") in base.unreadable | head.unreadable:
        return
    from cedta.records.vocab import builtin

    default = builtin()
    changes = []
    for category in sorted(set(base.terms) | set(head.terms)):
        old, new = base.terms.get(category, {}), head.terms.get(category, {})
        shipped = default.terms(category)

        def in_force(side: dict, term: str) -> dict | None:
            if term in side:
                return side[term]
            t = shipped.get(term)
            return {"en": t.en, "fr": t.fr, "aliases": list(t.aliases), **_flags(t)} if t else None

        added, removed, relabelled, aliases, flags = [], [], [], [], []
        for term in [*old, *[t for t in new if t not in old]]:
            a, b = in_force(old, term), in_force(new, term)
            if a is None and b is not None:
                added.append({"id": term, "en": b["en"], "fr": b["fr"]})
            elif b is None and a is not None:
                removed.append(term)
            elif a is not None and b is not None:
                if (a["en"], a["fr"]) != (b["en"], b["fr"]):
                    relabelled.append({"id": term, "builtin": term in shipped,
                                       "before": {"en": a["en"], "fr": a["fr"]},
                                       "after": {"en": b["en"], "fr": b["fr"]}})
                more = [x for x in b["aliases"] if x not in a["aliases"]]
                fewer = [x for x in a["aliases"] if x not in b["aliases"]]
                if more or fewer:
                    aliases.append({"id": term, "builtin": term in shipped, "added": more,
                                    "removed": fewer})
                for key in ("hidden", "speaks", "part_of", "written"):
                    if a.get(key, _FLAG_DEFAULTS[key]) != b.get(key, _FLAG_DEFAULTS[key]):
                        flags.append({"id": term, "field": key, "before": a.get(key, _FLAG_DEFAULTS[key]),
                                      "after": b.get(key, _FLAG_DEFAULTS[key])})
        if added or removed or relabelled or aliases or flags:
            changes.append(Change("vocab", category, {
                "category": category, "added": added, "removed": removed,
                "relabelled": relabelled, "aliases": aliases, "flags": flags}))
    if changes:
        out.records.append(RecordChange("vocab", "vocab", "changed", changes=changes))


# ---- renames ------------------------------------------------------------------------------------

def _renames(out: Comparison, base: Snapshot, head: Snapshot) -> dict[str, dict[str, str]]:
    """A record removed under one id and added under another with the same content: a rename.
    Returns kind → {old id: new id}."""
    found: dict[str, dict[str, str]] = {}
    pools = {"provider": (base.providers, head.providers), "hub": (base.hubs, head.hubs),
             "client": (base.clients, head.clients)}
    for kind, (olds, news) in pools.items():
        removed = [r for r in out.records if r.kind == kind and r.status == "removed"]
        added = [r for r in out.records if r.kind == kind and r.status == "added"]
        for gone in removed:
            body = {k: v for k, v in plain(olds[gone.id]).items() if k != "id"}
            match = next((a for a in added if a.status == "added" and
                          {k: v for k, v in plain(news[a.id]).items() if k != "id"} == body), None)
            if match is None:
                continue
            match.status, match.changes = "renamed", [Change("renamed", "id", {"before": gone.id})]
            out.records.remove(gone)
            found.setdefault(kind, {})[gone.id] = match.id
    return found


# ---- risks --------------------------------------------------------------------------------------

_EVERY_TIME = frozenset({"weekdays", "evenings", "weekends"})


def _price_for(service: m.Service, member: bool) -> float | None:
    """The lowest price a client pays (a member's or the public's), 0 when free, None when unknown."""
    if service.fees == "free":
        return 0.0
    if not isinstance(service.fees, list) or not service.fees:
        return None
    own = "members" if member else "non-members"
    prices = [o.lowest() for o in service.fees if o.applies_to in ("everyone", own) and o.currency == "CAD"]
    return min(prices) if prices else None


def _times(service: m.Service) -> frozenset:
    schedule = service.schedule
    if schedule is None:
        return frozenset()
    return _EVERY_TIME if schedule.frequency == "any-time" else frozenset(schedule.times)


def _no_longer_fits(old: m.Service, new: m.Service, client: m.Client, pid: str) -> list[str]:
    """What of a changed service a client with an open step in it can no longer use, that it could
    before: its price over the budget, its times, its languages (newcomer 11, NC11-6)."""
    found = []
    profile = client.profile
    budget = profile.budget.max_fee if profile.budget else None
    if budget is not None:
        member = pid in profile.memberships
        before, after = _price_for(old, member), _price_for(new, member)
        if after is not None and after > budget and (before is None or before <= budget):
            found.append("fee")
    free = frozenset(profile.availability)
    if free and _times(new) and free.isdisjoint(_times(new)) and not (_times(old) and free.isdisjoint(_times(old))):
        found.append("schedule")
    speaks = frozenset(profile.languages.speaks) | frozenset(profile.languages.interpreter)
    if speaks and new.languages and speaks.isdisjoint(new.languages) and not speaks.isdisjoint(old.languages or ()):
        found.append("language")
    if new.topic != old.topic:  # its topic changed under a step on the old one (hostile 13, 12)
        from cedta.records.topics import topics_met

        before, after = topics_met(old), topics_met(new)
        ref = f"{pid}/{new.id}"
        if any(st.service == ref and st.status in ("planned", "active") and st.topic in before
               and st.topic not in after for st in client.plan):
            found.append("topic")
    return found


def _risks(base: Snapshot, head: Snapshot,
           renamed: dict[str, dict[str, str]] | None = None) -> list[Risk]:
    """The risks; `renamed` (kind → {old id: new id}) turns "removed" into "renamed but still
    referred to by its old id" for records that only changed id."""
    renamed = renamed or {}
    moved_providers, moved_hubs = renamed.get("provider", {}), renamed.get("hub", {})
    risks: list[Risk] = []
    in_use = head.open_steps()
    old_services, new_services = base.services(), head.services()
    for ref, service in old_services.items():
        if ref.partition("/")[0] and ("provider", ref.partition("/")[0]) in head.unreadable:
            continue
        users = in_use.get(ref, [])
        pid, _, sid = ref.partition("/")
        new_ref = f"{moved_providers[pid]}/{sid}" if pid in moved_providers else None
        if ref not in new_services and users and new_ref in new_services:
            risks.append(Risk("risk-service-renamed", "service", ref,
                              {"before": ref, "after": new_ref, "count": len(users),
                               "clients": users}))
        elif ref not in new_services and users:
            risks.append(Risk("risk-service-removed", "service", ref,
                              {"count": len(users), "clients": users}))
        elif ref in new_services and users:
            until_old = service.valid.until if service.valid else None
            new = new_services[ref]
            until_new = new.valid.until if new.valid else None
            if until_new and (until_old is None or until_new < until_old):
                risks.append(Risk("risk-service-closed", "service", ref,
                                  {"until": until_new.isoformat(), "count": len(users),
                                   "clients": users}))
            if new != service:  # a price over the budget, times or languages the client cannot use
                by_what: dict[str, list[str]] = {}
                for cid in users:
                    client = head.clients.get(cid)
                    for what in _no_longer_fits(service, new, client, pid) if client is not None else ():
                        by_what.setdefault(what, []).append(cid)
                for what, cids in by_what.items():
                    risks.append(Risk(f"risk-service-unfit-{what}", "service", ref,
                                      {"count": len(cids), "clients": cids}))
    for pid in base.providers:
        if pid not in head.providers and ("provider", pid) not in head.unreadable:
            hubs = [h.id for h in head.hubs.values() if pid in h.members or pid == h.director]
            if hubs and pid in moved_providers:
                risks.append(Risk("risk-provider-renamed", "provider", pid,
                                  {"before": pid, "after": moved_providers[pid], "count": len(hubs),
                                   "hubs": hubs}))
            elif hubs:
                risks.append(Risk("risk-provider-removed", "provider", pid,
                                  {"count": len(hubs), "hubs": hubs}))
    for hid, hub in head.hubs.items():
        old = base.hubs.get(hid)
        if old is None:
            continue
        if hub.director != old.director:
            risks.append(Risk("risk-director-changed", "hub", hid,
                              {"before": old.director, "after": hub.director}))
        elif hub.director not in hub.members and old.director in old.members:
            risks.append(Risk("risk-director-not-member", "hub", hid, {"director": hub.director}))
        if hub.director not in head.providers and old.director in base.providers \
                and ("provider", hub.director) not in head.unreadable \
                and hub.director not in moved_providers:  # a renamed director: said above
            risks.append(Risk("risk-director-gone", "hub", hid, {"director": hub.director}))
    for hid in base.hubs:
        if hid not in head.hubs and ("hub", hid) not in head.unreadable:
            clients = [c.id for c in head.clients.values() if c.hub == hid]
            if clients and hid in moved_hubs:
                risks.append(Risk("risk-hub-renamed", "hub", hid,
                                  {"before": hid, "after": moved_hubs[hid], "count": len(clients),
                                   "clients": clients}))
            elif clients:
                risks.append(Risk("risk-hub-removed", "hub", hid,
                                  {"count": len(clients), "clients": clients}))
    seats_old = {_person(r.name): (r.name, r.org, h.id) for h in base.hubs.values()
                 for r in h.forum_representatives}
    for hub in head.hubs.values():
        for rep in hub.forum_representatives:
            was = seats_old.get(_person(rep.name))
            if was and was[1] != rep.org:
                risks.append(Risk("risk-representative-moved", "hub", hub.id,
                                  {"name": rep.name, "before": was[1], "after": rep.org}))
    # a client's history taken out (the file removed, outcomes, evaluations or contacts cut): the
    # quarters' reports already shared would read otherwise (hostile 15, H15-24); `forget` keeps them
    moved = (renamed or {}).get("client", {})  # (a file renamed with its id keeps its history: R15-10)
    for cid, old in base.clients.items():
        client = head.clients.get(cid if cid not in moved else moved[cid])
        if client is old or ("client", cid) in head.unreadable:
            continue
        if client is None:
            count = len(old.contacts) + len(old.outcomes) + len(old.evaluation)
            if count:
                risks.append(Risk("risk-client-history-removed", "client", cid, {"count": count, "file": True}))
            continue
        count = sum(_count_new(getattr(old, k), getattr(client, k), [])[1]  # (an entry edited is no entry cut)
                    for k in ("contacts", "outcomes", "evaluation"))
        if count:
            risks.append(Risk("risk-client-history-cut", "client", cid, {"count": count}))
    for cid, client in head.clients.items():
        old = base.clients.get(cid)
        if client.consent.withdrawn and (old is None or not old.consent.withdrawn):
            open_steps = [i + 1 for i, s in enumerate(client.plan) if s.status in OPEN_STEPS]
            if open_steps:
                risks.append(Risk("risk-consent-withdrawn", "client", cid,
                                  {"count": len(open_steps), "steps": open_steps}))
    return risks


def compare(base: Snapshot, head: Snapshot) -> Comparison:
    """Everything that changed from `base` to `head`, record by record, and the risks."""
    out = Comparison(base.label, head.label)
    _network_changes(base, head, out)
    _vocab_changes(base, head, out)
    _provider_changes(base, head, out)
    _hub_changes(base, head, out)
    _client_changes(base, head, out)
    renamed = _renames(out, base, head)
    out.risks = _risks(base, head, renamed)
    for side in (base, head):
        for pid, p in side.providers.items():
            out.names[pid] = _name(p) or {"en": pid}
            for s in p.services:
                if s.name:
                    out.labels[f"{pid}/{s.id}"] = _name(s)
        for hid, h in side.hubs.items():
            out.labels[f"hub:{hid}"] = _name(h)
    return out


# ---- from read files to a snapshot -----------------------------------------------------------------

def _file_order(item: tuple[str, Any]) -> str:
    return item[0] + ".yaml"  # as the files are listed: "a-b.yaml" before "a.yaml"


def share_unchanged(base: Snapshot, head: Snapshot, unchanged: set[tuple[str, str]]) -> None:
    """Make the records of files identical on both sides (kind, file stem) the same objects, so
    `compare` passes over them at once: git knows they did not change. Both sides' records are
    then in file name order, as when every file is read (the risks name clients in that order)."""
    if not unchanged:
        return
    for kind, pool in (("provider", "providers"), ("hub", "hubs"), ("client", "clients")):
        olds, news = getattr(base, pool), getattr(head, pool)
        for stem, record in olds.items():
            if (kind, stem) in unchanged:
                news[stem] = record
        setattr(base, pool, dict(sorted(olds.items(), key=_file_order)))
        setattr(head, pool, dict(sorted(news.items(), key=_file_order)))
    head.unreadable |= {key for key in unchanged if key in base.unreadable}


def snapshot_sides(base_label: str, head_label: str, sides, memo=None) -> tuple[Snapshot, list, Snapshot, list]:
    """Both sides' snapshots from `revisions.Sides`, with the files identical on both sides loaded
    once: their records (and the errors of those that fail) are given to both sides. `memo`:
    (recall(key), keep(key, value)) to remember the provider files identical on both sides from
    one diff to the next (see `ListedProvider`), or None to validate them every time."""
    on_base = {id(r) for r in sides.base}
    shared = [r for r in sides.head if id(r) in on_base and r.file.kind not in ("network", "vocab")]
    if sides.complete or not shared:
        old, old_errors = snapshot(base_label, sides.base)
        new, new_errors = snapshot(head_label, sides.head)
        share_unchanged(old, new, sides.unchanged)
        return old, old_errors, new, new_errors
    old, old_errors = snapshot(base_label, sides.base, _listed(shared, memo))
    once = {id(r) for r in shared}
    new, new_errors = snapshot(head_label, [r for r in sides.head if id(r) not in once])
    shown = {r.file.shown for r in shared}
    new_errors += [e for e in old_errors if e.path in shown]
    share_unchanged(old, new, sides.unchanged)
    return old, old_errors, new, new_errors


def _listed(shared: list, memo) -> dict[str, tuple[str | None, ListedProvider | None, list]]:
    """Shown path -> (key in `Snapshot.providers`, `ListedProvider` or None when it fails, its
    diagnostics) of the provider files among `shared` whose content the parse cache knows (a
    digest): recalled through `memo` for a file seen before with the same name and content,
    validated for the others (one provider edited: that one)."""
    if memo is None:
        return {}
    files = [r for r in shared if r.file.kind == "provider" and r.problem is None
             and getattr(r.document, "digest", None)]
    if not files:
        return {}
    import hashlib
    from pathlib import Path

    from cedta.records.checks import load_dataset
    from cedta.records.sweep import code_stamp

    h = hashlib.blake2b(code_stamp(), digest_size=16)  # the model and the checks
    h.update(Path(__file__).read_bytes())  # what a ListedProvider holds
    code = h.digest()
    recall, keep = memo
    known = recall(code)
    if not isinstance(known, dict):
        known = {}
    kept, found = {}, {}
    vocab = None  # one copy for all: a provider file never extends it
    for r in files:
        seen = (r.file.shown, r.file.stem, r.document.digest)
        listed = known.get(seen)
        if listed is None:
            if vocab is None:
                from cedta.records.vocab import builtin

                vocab = builtin()
            ds = load_dataset([r], vocab)
            entry = next(iter(ds.providers.items()), None)
            listed = (entry[0], ListedProvider.of(entry[1].record), ds.diagnostics) if entry \
                else (None, None, ds.diagnostics)
        kept[seen] = found[r.file.shown] = listed
    if kept.keys() != known.keys():
        keep(code, kept)
    return found


def snapshot(label: str, results: list,
             listed: dict[str, tuple[str | None, ListedProvider | None, list]] | None = None
             ) -> tuple[Snapshot, list]:
    """A snapshot from read results (`store.ReadResult`), and the error diagnostics of the files
    that could not be compared (unreadable, or not valid against the schema). `listed` (see
    `_listed`): files of `results` already validated, given as they were found."""
    from cedta.records.checks import load_dataset
    from cedta.diagnostics import ERROR

    ds = load_dataset([r for r in results if r.file.shown not in listed] if listed else results)
    snap = Snapshot(label)
    snap.network = ds.network.record if ds.network else None
    snap.providers = {k: e.record for k, e in ds.providers.items()}
    snap.hubs = {k: e.record for k, e in ds.hubs.items()}
    snap.clients = {k: e.record for k, e in ds.clients.items()}
    diagnostics = ds.diagnostics
    if listed:
        for key, record, _ in listed.values():
            if record is not None:
                snap.providers[key] = record
        diagnostics = _in_file_order(results, diagnostics + [
            d for _, _, found in listed.values() for d in found])
    from cedta.records.vocab import builtin

    default = builtin()
    for category, terms in ds.vocab.categories.items():
        shipped = default.terms(category)
        own = {t.id: {"en": t.en, "fr": t.fr, "aliases": list(t.aliases), **_flags(t)}
               for t in terms.values()
               if not t.builtin or t.id not in shipped or t.aliases != shipped[t.id].aliases
               or _flags(t) != _flags(shipped[t.id])}
        if own:
            snap.terms[category] = own
    loaded = {("provider", k) for k in snap.providers} | {("hub", k) for k in snap.hubs} | \
        {("client", k) for k in snap.clients}
    errors = [d for d in diagnostics if d.severity == ERROR]
    failed = {d.path for d in errors}
    for r in results:
        kind, stem = r.file.kind, r.file.stem
        if kind in ("network", "vocab"):
            if r.file.shown in failed:
                snap.unreadable.add((kind, kind))
        elif (kind, stem) not in loaded:
            snap.unreadable.add((kind, stem))
    return snap, errors


def _in_file_order(results: list, diagnostics: list) -> list:
    """Diagnostics in the order `load_dataset` gives them: file by file, the vocabulary first."""
    by_path: dict[str, list] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    out = []
    for r in sorted(results, key=lambda r: r.file.kind != "vocab"):
        out += by_path.pop(r.file.shown, [])
    return out + [d for found in by_path.values() for d in found]
