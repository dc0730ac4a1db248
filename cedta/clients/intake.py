"""Intake (§9, "determine the needs"): a new client record from answers (a file, standard input or the
interactive prompts), checked with the same rules as `cedta validate` before anything is written, with
an id that never collides (`c-<year>-<random>`, checked against existing files), the identity block
sent to the identity store and never to the tracked file, and a warning when the new client looks
like an existing one. Pure apart from reading and writing through `cedta.io.store`.
"""

from __future__ import annotations

import datetime as dt
import random
import typing
import re
from dataclasses import dataclass, field
from typing import Any

from cedta.clients import identity as ids
from cedta.clients.context import ABSENT, ClientError, Context, client_ids, edit_lock, misnamed_client, write
from cedta.diagnostics import ERROR, WARNING, Diagnostic
from cedta.io.store import ReadResult, RecordFile, StoreError
from cedta.io.yamlread import Document, YamlProblem, decode, parse
from cedta.records import checks
from cedta.records import model as m

ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # no i, l, o, u: easy to read aloud and copy
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")  # \Z: `c-2026-0102\n` is not an id
PSEUDONYM = re.compile(r"^c-\d{4}-[a-z0-9]+$")  # the shape intake gives: c-2026-0042, c-2026-dggdx
# Warnings that are errors for a new client: its dates are what the coordinator is typing now.
STRICT_AT_INTAKE = {"future-date", "contact-before-intake", "consent-after-intake", "hidden-term"}


@dataclass
class IntakeResult:
    written: bool
    client_id: str | None = None
    path: str | None = None  # as shown
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lookalikes: list[str] = field(default_factory=list)
    record: m.Client | None = None


def new_id(year: int, taken: set[str], rng: random.Random | None = None) -> str:
    """`c-<year>-<5 random characters>`, not among `taken`: 33 million a year, chosen at random, so
    two coordinators on two branches do not pick the same one."""
    rng = rng or random.SystemRandom()
    while True:
        candidate = f"c-{year}-" + "".join(rng.choice(ID_ALPHABET) for _ in range(5))
        if candidate not in taken:
            return candidate


def read_answers(text_or_bytes: str | bytes, shown: str) -> tuple[Document | None, list[Diagnostic]]:
    """The answers as one YAML document. A byte-order mark (Notepad's UTF-8) is dropped: an answers
    file is typed by a person and never tracked, unlike a record."""
    if isinstance(text_or_bytes, bytes) and text_or_bytes.startswith(b"\xef\xbb\xbf"):
        text_or_bytes = text_or_bytes[3:]
    elif isinstance(text_or_bytes, str) and text_or_bytes.startswith("\ufeff"):
        text_or_bytes = text_or_bytes[1:]
    try:
        text = decode(text_or_bytes) if isinstance(text_or_bytes, bytes) else text_or_bytes
        return parse(text, editable=False), []  # (read only: a tab in a note is written quoted)
    except YamlProblem as problem:
        return None, [checks.problem_diagnostic(shown, problem)]


def _diag(shown: str, doc: Document | None, path: tuple, code: str, at_key: bool = False, **params) -> Diagnostic:
    line, col = doc.where(path, key=at_key) if doc is not None else (1, 1)
    return Diagnostic(ERROR, code, shown, line, col, params)


def prepare(ctx: Context, doc: Document, shown: str, *, client_id: str | None = None,
            by: str | None = None, text: str | None = None) -> tuple[dict[str, Any], dict[str, str], list[Diagnostic]]:
    """Answers → (client data, identity entry, problems), every problem with its line."""
    problems: list[Diagnostic] = []
    if not isinstance(doc.data, dict):
        return {}, {}, [_diag(shown, doc, (), "not-a-mapping", kind="client", got=checks._type_name(doc.data))]
    answers = dict(doc.data)
    raw_identity = answers.pop("identity", None)
    entry, identity_problems = ids.clean_identity(raw_identity)
    problems += [_diag(shown, doc, ("identity",) + p, code, at_key=bool(p), **params)
                 for p, code, params in identity_problems]
    # a ` #` after a value starts a YAML comment: `123 Rideau Street #4` was stored as "123 Rideau
    # Street" without a word (hostile 12b, #8); refused until quoted
    if isinstance(raw_identity, dict):
        from cedta.io.yamlread import COMMENTS

        comment_lines = {line for line, _, _ in doc.surprises.get(COMMENTS, ())}
        lines = text.splitlines() if text is not None else []
        for key, value in raw_identity.items():
            if isinstance(value, str) and value.strip():
                line, col = doc.where(("identity", key))
                if line not in comment_lines or not 0 < line <= len(lines):
                    continue
                here = lines[line - 1][col - 1:]
                if here[:1] in ("'", '"'):  # (a quoted value, then a comment: fine)
                    continue
                if here.startswith(value):  # a comment cuts it only right after it: not one after a
                    # flow mapping's `}`, nor a `#` in another, quoted, value of the line (hostile 13)
                    cut = here[len(value):].lstrip(" \t").startswith("#")
                else:  # (a value over several lines: its first line has a comment)
                    cut = True
                if cut:
                    problems.append(_diag(shown, doc, ("identity", key), "identity-comment-cut", key=key))
    consent = answers.get("consent")
    if entry and isinstance(consent, dict) and consent.get("withdrawn"):
        # no identity is kept for a client who withdrew consent (hostile pass 11, 13)
        problems.append(_diag(shown, doc, ("identity",), "intake-identity-withdrawn", at_key=True))
    given_id = answers.pop("id", None)
    if given_id is not None and client_id is not None and str(given_id) != client_id:
        problems.append(_diag(shown, doc, ("id",), "intake-id-differs", id=given_id, option=client_id))
    client_id = client_id or (str(given_id) if given_id is not None else None)
    intake = answers.get("intake")
    if intake is None:
        intake = {}
    if isinstance(intake, dict):
        intake = dict(intake)
        intake.setdefault("date", ctx.today)
        if by and intake.get("by") not in (None, by):
            problems.append(_diag(shown, doc, ("intake", "by"), "intake-by-differs", by=intake["by"], option=by))
        if by:
            intake.setdefault("by", by)
        if "by" not in intake:
            problems.append(_diag(shown, doc, ("intake",), "intake-needs-by"))
        answers["intake"] = intake
    consent = answers.get("consent")
    if isinstance(consent, str) and consent.strip().lower() in YES_NO:  # `consent: yes` / `oui` / `non`
        consent = YES_NO[consent.strip().lower()]
    if isinstance(consent, bool):  # `consent: yes` is an answer here, not YAML 1.1's surprise
        doc.surprises.pop(("consent",), None)
    intake_date = intake.get("date") if isinstance(intake, dict) else None
    if consent is True:
        answers["consent"] = {"given": intake_date if isinstance(intake_date, dt.date) else ctx.today,
                              "scope": "hub"}
    elif not isinstance(consent, dict) or not consent.get("given"):
        problems.append(_diag(shown, doc, ("consent",), "intake-no-consent"))
    elif isinstance(consent, dict):
        answers["consent"] = {**consent, "scope": consent.get("scope", "hub")}
    profile = answers.get("profile")
    if isinstance(profile, dict):  # `founding: ?`: not known, as `?` is in the interactive intake
        answers["profile"] = _known(profile)
    data = {"id": client_id or "c-0000-new", **answers}
    by_their_words(data, ctx.vocab, ctx.ds.hubs)
    return data, entry, problems


AMOUNT_FIELDS = frozenset({"max_fee", "amount"})  # dollars, in a profile's budget and an outcome


def by_their_words(data: dict[str, Any], vocab: Any, hubs: dict, cls: Any = None) -> None:
    """Terms written as the vocabulary's labels or aliases (`topic: Comptabilité`, `level: débutant`,
    `populations: [femmes]`), as the interactive intake takes them, turned into their ids in `data`:
    an answers file in French was refused for every label (coordinator 13, C13-20). Walked by the
    record's fields, so that another problem of the file does not stop it (review 13, R13-6). A
    wording no term answers to, or that answers to a hidden one, is left for the checks to name.
    The same for the choices that are not terms (`ei: jamais`, `returning_to_school: non`) and the
    hub by its name. `hubs`: id -> hub record (or entry); `cls`: the record's class (a client's)."""

    def category_of(field: Any) -> str | None:
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if extra.get("x-vocab"):
            return extra["x-vocab"]
        stack = [field.annotation]  # list[Term("languages")]: Annotated[str, Field(x-vocab)] inside
        while stack:
            node = stack.pop()
            for meta in getattr(node, "__metadata__", ()) or ():
                found = getattr(meta, "json_schema_extra", None)
                if isinstance(found, dict) and found.get("x-vocab"):
                    return found["x-vocab"]
            stack.extend(typing.get_args(node))
        return None

    def models_of(field: Any) -> list:
        found, stack = [], [field.annotation]
        while stack:
            a = stack.pop()
            if isinstance(a, type) and issubclass(a, m.BaseModel):
                found.append(a)
            stack.extend(typing.get_args(a))
        return found

    def term(category: str, value: Any) -> Any:
        if not isinstance(value, str) or not vocab.categories or category not in vocab.categories \
                or value in vocab.terms(category):
            return value
        found = vocab.lookup_words(category, value)  # (`Travail autonome`, `soirée`: newcomer 15, N15-3)
        return found if found is not None and not vocab.terms(category)[found].hidden else value

    from cedta.messages.clients import VALUES
    from cedta.numbers import AmountError, amount_value
    from cedta.records.vocab import fold, words_in
    from cedta.suggest import base_form

    def choices_of(field: Any) -> tuple[list, bool]:
        """The values of a `Literal` the field holds (ei: never, current, past), and whether it is
        a yes/no."""
        found, yes_no, stack = [], False, [field.annotation]
        while stack:
            a = stack.pop()
            if typing.get_origin(a) is typing.Literal:
                found += [x for x in typing.get_args(a) if isinstance(x, str)]
            elif a is bool:
                yes_no = True
            else:
                stack.extend(typing.get_args(a))
        return found, yes_no

    answers = {"oui": True, "o": True, "vrai": True, "non": False, "n": False, "faux": False}

    def choice(value: Any, choices: list, yes_no: bool) -> Any:
        """`jamais` → never, `une idée d'entreprise` → business-idea, `non` → false: the labels the
        interactive intake lists, in either language (coordinator 14, C14-3)."""
        if not isinstance(value, str) or value in choices:
            return value
        said = fold(value).strip()
        for c in choices:
            if c in VALUES and said in (fold(VALUES[c][0]), fold(VALUES[c][1])):
                return c
        said = base_form(value)  # `salariée`, `travailleuse autonome`: the labels are masculine (C14-9)
        named = [c for c in choices if c in VALUES and said in (base_form(VALUES[c][0]), base_form(VALUES[c][1]))]
        if len(named) == 1:
            return named[0]
        found = words_in(value, {c: VALUES[c] for c in choices if c in VALUES})  # `idée` (N15-3)
        if found is not None:
            return found
        if yes_no and said in answers:
            return answers[said]
        return value

    def walk(node: Any, cls: Any) -> None:
        if not isinstance(node, dict):
            return
        for key, value in list(node.items()):
            field = cls.model_fields.get(key) if isinstance(key, str) else None
            if field is None:
                continue
            category = category_of(field)
            if category is not None:
                node[key] = [term(category, v) for v in value] if isinstance(value, list) else term(category, value)
                continue
            if key in AMOUNT_FIELDS and isinstance(value, str):  # `max_fee: 50 $`, as --amount reads it (C14-21)
                try:
                    node[key] = amount_value(value, "fr")  # (`1,500`, one and a half or fifteen hundred: left)
                except AmountError:
                    pass
                continue
            choices, yes_no = choices_of(field)
            if choices or yes_no:
                node[key] = [choice(v, choices, yes_no) for v in value] if isinstance(value, list) \
                    else choice(value, choices, yes_no)
            for sub in models_of(field)[:1]:
                for item in value if isinstance(value, list) else [value]:
                    walk(item, sub)

    walk(data, cls or m.Client)
    hub = data.get("hub")
    if isinstance(hub, str) and hub not in hubs:  # `hub: Centre francophone`, its name as the menu shows it
        records = {hid: getattr(h, "record", h) for hid, h in hubs.items()}
        named = [hid for hid, r in records.items() if r is not None and hasattr(r, "name") and fold(hub).strip() in
                 {fold(n) for n in (r.name.get("en"), r.name.get("fr")) if n}]
        if len(named) == 1:
            data["hub"] = named[0]

def _known(facts: dict) -> dict:
    """The profile without the facts answered `?` (not known), nested ones too (`ei: {status: ?}`)."""
    kept = {}
    for key, value in facts.items():
        if isinstance(value, str) and value.strip() == "?":
            continue
        if isinstance(value, dict):
            value = _known(value)
            if not value and facts[key]:
                continue
        kept[key] = value
    return kept


YES_NO = {"yes": True, "y": True, "oui": True, "o": True, "true": True,
          "no": False, "n": False, "non": False, "false": False}


def check(ctx: Context, data: dict[str, Any], doc: Document | None, shown: str) -> tuple[m.Client | None, list[Diagnostic]]:
    """The client data against every rule of `cedta validate`; dates in the future are errors here.

    So that every problem is listed at once, a part the schema refuses (an unknown key, a value of
    the wrong type) is set aside and the rest checked again, references and the report's rules too."""
    record, diagnostics = _check_once(ctx, data, doc, shown)
    seen = {(d.line, d.column, d.code) for d in diagnostics}
    current = data
    for _ in range(5):
        if record is not None:
            break
        pruned = _prune(current)
        if pruned is None:
            break
        current = pruned
        again, more = _check_once(ctx, current, doc, shown)
        for d in more:
            if d.code != "missing-key" and (d.line, d.column, d.code) not in seen:
                seen.add((d.line, d.column, d.code))
                diagnostics.append(d)
        if again is not None:
            break
    return record, sorted(diagnostics, key=Diagnostic.sort_key)


def _prune(data: dict[str, Any]) -> dict[str, Any] | None:
    """A copy of `data` without the parts the schema refuses (None when nothing can be removed)."""
    import copy

    from pydantic import ValidationError

    try:
        m.Client.model_validate(data)
        return None
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    pruned = copy.deepcopy(data)
    removed = False
    for loc in sorted((tuple(p for p in e["loc"] if p not in ("keyword", "options")) for e in errors
                       if e["type"] != "missing"), key=len, reverse=True):
        node: Any = pruned
        for part in loc[:-1]:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                node = None
                break
        if isinstance(node, dict) and loc and loc[-1] in node and loc[-1] not in ("id", "kind", "hub", "intake", "consent"):
            del node[loc[-1]]
            removed = True
        elif isinstance(node, list) and loc and isinstance(loc[-1], int) and loc[-1] < len(node):
            node[loc[-1]] = None
            removed = True
    if not removed:
        return None
    for key, value in list(pruned.items()):  # list items set aside above
        if isinstance(value, list):
            pruned[key] = [v for v in value if v is not None]
    return pruned


def _check_once(ctx: Context, data: dict[str, Any], doc: Document | None, shown: str):
    document = Document(data=data, positions=doc.positions if doc else {},
                        key_positions=doc.key_positions if doc else {}, surprises=doc.surprises if doc else {})
    client_id = str(data.get("id"))
    stem = client_id if ID_PATTERN.match(client_id) else "c-0000-new"
    rf = RecordFile("client", ctx.root.path / "clients" / f"{stem}.yaml", shown)
    result = ReadResult(rf, document=document)
    one = ctx.with_client(result)
    diagnostics = ctx.diagnose(result)
    diagnostics = [Diagnostic(ERROR, d.code, d.path, d.line, d.column, d.params)
                   if d.code in STRICT_AT_INTAKE else d for d in diagnostics]
    entry = one.clients.get(client_id)
    return (entry.record if entry else None), diagnostics


def layout(record: m.Client) -> str:
    """The text of a new client file: keys in the schema's order, short mappings and lists on one line
    (as the shipped examples are written)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from cedta.io.store import dump_round_trip

    def scalar(v: Any) -> bool:
        return not isinstance(v, (dict, list))

    def build(value: Any, depth: int) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, dict):
            node = CommentedMap((k, build(v, depth + 1)) for k, v in value.items())
            if depth > 0 and all(scalar(v) or (isinstance(v, list) and all(map(scalar, v))) for v in value.values()) \
                    and len(str(value)) < 80:
                node.fa.set_flow_style()
            return node
        if isinstance(value, list):
            node = CommentedSeq(build(v, depth + 1) for v in value)
            if all(map(scalar, value)) and len(str(value)) < 80:
                node.fa.set_flow_style()
            return node
        return value

    data = record.model_dump(mode="python", by_alias=True, exclude_unset=True)
    return dump_round_trip(build(data, 0), plain_yaml())


def plain_yaml():
    """The store's round-trip writer, without anchors and aliases (a date used twice stays written twice:
    the reader refuses aliases) and without re-wrapping long lines."""
    from cedta.io.store import round_trip_yaml

    yaml = round_trip_yaml()
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda *args: True
    return yaml


def birth_years(ctx: Context, only: list[str] | None = None) -> dict[str, int | None]:
    """The birth year of every client, or of the clients `only` names (for the look-alike check:
    those of the same name; reading 50,000 records for one field took 5 s)."""
    from cedta.io.store import RecordFile

    years: dict[str, int | None] = {}
    if only is None:
        files = list(ctx.root.files({"client"}))
    else:
        paths = [ctx.root.path / "clients" / f"{cid}.yaml" for cid in only]
        files = [RecordFile("client", p, ctx.root.shown(p)) for p in paths if p.is_file()]
    for f in files:
        result = ctx.root.read(f)
        data = result.document.data if result.document is not None else None
        profile = data.get("profile") if isinstance(data, dict) else None
        year = profile.get("birth_year") if isinstance(profile, dict) else None
        years[f.stem] = year if isinstance(year, int) else None
    return years


def lookalikes(ctx: Context, entry: dict[str, str], record: m.Client, exclude: str | None = None) -> list[str]:
    """Clients already taken in who may be this one: the same name and birth year, the same name
    when either side has no birth year, or the same phone or e-mail (a quick phone intake, no
    birth year given, took a returning client in again: coordinator 14, C14-16)."""
    if not entry:
        return []
    from cedta.records.checks import normalise
    from cedta.records.vocab import fold

    try:
        candidates = ids.load_store(ctx.root)
    except ClientError:
        return []

    def phone(text: Any) -> str:
        digits = re.sub(r"\D", "", normalise(str(text or "")))
        return digits[-10:] if len(digits) >= 7 else ""

    def email(text: Any) -> str:
        return fold(normalise(str(text or ""))).strip() if "@" in str(text or "") else ""

    found: set[str] = set()
    mine_phone, mine_email = phone(entry.get("phone")), email(entry.get("email"))
    for cid, e in candidates.items():
        if cid == exclude or not isinstance(e, dict):
            continue
        theirs = phone(e.get("phone"))
        # the same number, or a local one (7 digits) written without its area code on one side
        # (555-0142 and 613-555-0142: review 14, R14-13)
        same_phone = bool(mine_phone and theirs) and (theirs == mine_phone or (
            min(len(theirs), len(mine_phone)) == 7 and theirs[-7:] == mine_phone[-7:]))
        if same_phone or (mine_email and email(e.get("email")) == mine_email):
            found.add(cid)
    name = entry.get("name")
    if name:
        same_name = [cid for cid, e in candidates.items() if cid != exclude and isinstance(e, dict)
                     and fold(str(e.get("name") or "")) == fold(name)]
        if same_name:
            years = birth_years(ctx, same_name)
            mine = record.profile.birth_year
            found.update(cid for cid in same_name if mine is None or years.get(cid) is None or years.get(cid) == mine)
    return sorted(found)


def create(ctx: Context, data: dict[str, Any], entry: dict[str, str], doc: Document | None, shown: str,
           *, chosen_id: bool, rng: random.Random | None = None, dry_run: bool = False) -> IntakeResult:
    """Check and write a new client: the file (never over an existing one) and its identity entry."""
    existing = set(client_ids(ctx.root))
    if chosen_id:
        client_id = str(data["id"])
        if not ID_PATTERN.match(client_id) or len(client_id) > 64:
            raise ClientError("client-bad-id", id=client_id)
        if client_id in existing:
            raise ClientError("client-id-taken", id=client_id)
        misnamed = misnamed_client(ctx.root, client_id)
        if misnamed is not None:  # `c-2026-0005.yml` holds that client: a second file would be another
            raise ClientError("client-misnamed", client=client_id, name=misnamed)
        named = entry and (checks.id_names(client_id, entry) or
                           next((d.params["what"] for d in checks.identity_leaks(parse(f"id: {client_id}\n"),
                                                                                 shown, entry)), None))
        if named:  # the file name, in git for good: `--id c-2026-haddad` with the name Amira Haddad
            raise ClientError("client-id-holds-identity", id=client_id, what=named)
        try:  # another client's full name spelt by the id (hostile 15, H15-16)
            spelt = checks.other_id_names(client_id, checks.joined_names(ids.load_store(ctx.root)))
        except ClientError:
            spelt = None
        if spelt:
            raise ClientError("client-id-holds-other-name", id=client_id)
    else:
        intake = data.get("intake") or {}
        when = intake.get("date") if isinstance(intake, dict) else None
        year = when.year if isinstance(when, dt.date) else ctx.today.year
        data["id"] = new_id(year, existing, rng)
    record, diagnostics = check(ctx, data, doc, shown)
    if record is None or any(d.severity == ERROR for d in diagnostics):
        return IntakeResult(False, diagnostics=diagnostics)
    if chosen_id and not PSEUDONYM.match(record.id):  # jean-tremblay-1981: nothing to compare it with
        diagnostics = diagnostics + [Diagnostic(WARNING, "client-id-not-pseudonym", shown, 1, 1, {"id": record.id})]
    if entry:  # the client's own name or address typed in a note of the answers
        leaks = checks.identity_leaks(doc, shown, entry, skip=("identity",), comments=False) if doc is not None \
            else checks.identity_leaks(parse(layout(record)), shown, entry)
        if leaks:
            return IntakeResult(False, diagnostics=[Diagnostic(ERROR, "identity-in-answers", d.path, d.line, d.column,
                                                               d.params) for d in leaks])
    try:  # another client's full name in a note of the answers (a referral): refused as validate would
        index = checks.names_index(ids.load_store(ctx.root))
    except ClientError:
        index = {}
    if index:
        others = checks.other_names(doc if doc is not None else parse(layout(record)), shown, index, str(record.id),
                                    skip=("identity",))
        if others:
            return IntakeResult(False, diagnostics=others)
    alike = lookalikes(ctx, entry, record)
    if dry_run:
        return IntakeResult(False, record.id, diagnostics=diagnostics, lookalikes=alike, record=record)
    with edit_lock(ctx.root):
        taken = set(client_ids(ctx.root))
        # an identity entry left without its client file (a file on another branch, removed by
        # hand) is someone's name and phone: the id is taken (hostile 12b, #6: replaced silently)
        left = ids.entry_ids(ctx.root)
        if record.id in taken or record.id in left:
            if chosen_id:
                raise ClientError("client-id-taken" if record.id in taken else "client-id-identity-left",
                                  id=record.id)
            record = record.model_copy(update={"id": new_id(record.intake.date.year, taken | left, rng)})
        target = ctx.root.path / "clients" / f"{record.id}.yaml"
        # looked for again under the lock: an intake of the same person that ran meanwhile is in the
        # store now (two at once each missed the other: hostile pass 10, K)
        alike = lookalikes(ctx, entry, record)
        # the identity entry first: if the store changed on disk meanwhile, nothing at all is written
        if entry:
            ids.put(ctx.root, record.id, entry)
        try:
            write(ctx.root, target, layout(record), expected=ABSENT)
        except StoreError:
            if entry:  # no identity entry without its client file
                ids.remove(ctx.root, record.id)
            raise
    return IntakeResult(True, record.id, ctx.root.shown(target), diagnostics, alike, record)


def from_answers(ctx: Context, raw: str | bytes, shown: str, *, client_id: str | None = None,
                 by: str | None = None, rng: random.Random | None = None, dry_run: bool = False) -> IntakeResult:
    """`cedta intake --answers FILE`: every problem listed with its line, nothing written on any."""
    doc, problems = read_answers(raw, shown)
    if doc is None:
        return IntakeResult(False, diagnostics=problems)
    if by is not None:
        try:
            by = ctx.org(by)
        except ClientError as exc:
            return IntakeResult(False, diagnostics=[Diagnostic(ERROR, exc.code, shown, 1, 1, exc.params)])
    try:
        answers_text = (raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw).lstrip("\ufeff")
    except Exception:
        answers_text = None
    data, entry, problems = prepare(ctx, doc, shown, client_id=client_id, by=by, text=answers_text)
    chosen = client_id is not None or "id" in (doc.data if isinstance(doc.data, dict) else {})
    if problems:
        if isinstance(doc.data, dict):
            _, more = check(ctx, data, doc, shown)
            problems += [d for d in more if d.code != "missing-key" or d.params.get("key") not in ("by", "consent", "given")]
        return IntakeResult(False, diagnostics=sorted(problems, key=Diagnostic.sort_key))
    return create(ctx, data, entry, doc, shown, chosen_id=chosen, rng=rng, dry_run=dry_run)


__all__ = ["IntakeResult", "new_id", "from_answers", "create", "check", "layout", "prepare", "read_answers",
           "WARNING"]
