"""Open Referral HSDS 3.0: the directory as a tabular data package (CSV files and `datapackage.json`) or
as HSDS JSON, and an HSDS package read back into provider records. Pure: records in, tables out; tables
in, records and problems out. Files are read here (streamed) and written by the caller through
`cedta.io.store`.

The mapping (docs/records.md, "Correspondence with Open Referral HSDS 3.0"):
- a provider is an `organization` (its cedta id in `organization_identifier`, scheme `cedta`); a service
  a `service`; its languages `language` rows; its fees `cost_option` rows; its schedule and validity a
  `schedule` row; an age rule `minimum_age`/`maximum_age`; the other rules `eligibility_description`
  in English and French;
- what HSDS has no column for goes into `attribute` rows against the `cedta` taxonomy the package
  publishes in `taxonomy`/`taxonomy_term`: vocabulary terms (topics, modes, levels, stages,
  populations, organisation kinds, schedules, times, intakes) as terms coded `<category>/<term>`;
  each eligibility rule as a term `eligibility/<kind>` with the rule as JSON in `value`; the fields
  with no HSDS home (bilingual names, notes, source, capacity, financing, the details of a cost
  option) as terms `cedta/<field>` with JSON values. So the export loses nothing and reads back.
Ids are UUID5 of the cedta ids, so a re-export lines up row for row.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cedta.interop.common import JSON_DEPTH, InputError, JsonTooDeep, Problem, json_value, slug, uninert
from cedta.interop.hsds_tables import PACKAGE, RESOURCES
from cedta.records import model as m
from cedta import numbers
from cedta.numbers import number_text

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://cedta.example/hsds/3.0")
TAXONOMY = "cedta"
TERM_CATEGORIES = ("topics", "modes", "levels", "stages", "populations", "org_types", "schedules",
                   "times", "intakes")
# Fields with no HSDS column, carried as JSON in attribute rows: (entity, field) → (English, French)
FIELD_TERMS = {
    "id": ("cedta id of a service", "identifiant cedta d’un service"),
    "name": ("name in English and French", "nom en anglais et en français"),
    "notes": ("notes in English and French", "notes en anglais et en français"),
    "source": ("where the record comes from in the report", "provenance dans le rapport"),
    "category": ("a category of providers, not one organisation", "catégorie de fournisseurs, pas un organisme"),
    "languages": ("languages of the organisation", "langues de l’organisme"),
    "membership": ("what joining costs", "coût de l’adhésion"),
    "capacity": ("how many clients it takes", "capacité d’accueil"),
    "valid": ("period the service is offered", "période où le service est offert"),
    "schedule": ("schedule details beyond frequency and times (length of a program...)",
                 "détails de l’horaire au-delà de la fréquence et des moments (durée d’un programme...)"),
    "financing": ("money the service lends or gives", "financement que le service prête ou accorde"),
    "cost_option": ("a cost option as cedta records it", "une option de coût telle que cedta l’enregistre"),
    "fees": ("fees: free, user-pays or unknown", "frais : gratuit, utilisateur-payeur ou inconnu"),
    "labels": ("labels and aliases of a network's own term (data/vocab.yaml)",
               "libellés et synonymes d’un terme propre au réseau (data/vocab.yaml)"),
}
CATEGORY_WORDS = {
    "topics": ("Topic", "Sujet"), "modes": ("Mode of delivery", "Mode de prestation"),
    "levels": ("Level", "Niveau"), "stages": ("Stage of the business", "Étape de l’entreprise"),
    "populations": ("Population", "Population"), "org_types": ("Kind of organisation", "Type d’organisme"),
    "schedules": ("Availability", "Disponibilité"), "times": ("Times", "Moments"),
    "intakes": ("Intake", "Admission"), "eligibility": ("Eligibility rule", "Règle d’admissibilité"),
    "cedta": ("cedta field", "champ cedta"),
}
FEE_WORDS = {
    "free": ("Free", "Gratuit"),
    "user-pays": ("Fees apply (amount not stated)", "Des frais s’appliquent (montant non précisé)"),
}
FREQ = {"monthly": "MONTHLY", "weekly": "WEEKLY"}
TABLES = ("organization", "organization_identifier", "service", "language", "cost_option", "schedule",
          "taxonomy", "taxonomy_term", "attribute")


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, m.Record):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _both(en: str, fr: str) -> str:
    return en if en == fr else f"{en} / {fr}"


def _number(x: float | int | None) -> str | None:
    if x is None:
        return None
    return number_text(x)


PROVIDER_FIELDS = {"id", "name", "kind", "category", "languages", "website", "membership", "notes", "source",
                   "services"}
SERVICE_FIELDS = {"id", "name", "topic", "modes", "languages", "levels", "fees", "schedule", "intake",
                  "capacity", "valid", "stages", "populations", "eligibility", "financing", "notes", "source"}


def _unmapped_fields(record: m.Record, mapped: set[str]) -> list[str]:
    """Fields set on a record that the mapping has no place for (the model gained them later): carried
    generically as `cedta/<field>` attributes so that nothing is dropped."""
    return [k for k in record.model_fields_set if k not in mapped]


# ---- export ------------------------------------------------------------------------------------------

@dataclass
class Tables:
    """HSDS rows by table name; each row a dict of field → text (None for empty)."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})
    lang: str = "en"  # the language of names and descriptions (the other one: `alternate_name`)

    def add(self, table: str, **values: Any) -> None:
        self.rows[table].append(values)


def cost_words(option: m.CostOption, lang: str, vocab) -> str:
    """`$45 an hour, 30 minutes, members` / `45 $ l’heure, 30 minutes, membres`."""
    fr = lang == "fr"

    def money(x: float) -> str:
        return numbers.money(x, option.currency, lang)

    if option.amount is not None:
        parts = [money(option.amount)]
    elif option.min is not None and option.max is not None:
        parts = [f"{money(option.min)} à {money(option.max)}" if fr else f"{money(option.min)} to {money(option.max)}"]
    elif option.min is not None:
        parts = [f"à partir de {money(option.min)}" if fr else f"from {money(option.min)}"]
    else:
        parts = [f"jusqu’à {money(option.max)}" if fr else f"up to {money(option.max)}"]
    if option.unit:
        parts[0] += " " + vocab.label("fee_units", option.unit, lang)
    if option.minutes:
        parts.append(f"{option.minutes} minutes")
    if option.sessions:
        parts.append(f"{option.sessions} séances" if fr else f"{option.sessions} sessions")
    if option.applies_to != "everyone":
        parts.append({"members": ("members", "membres"), "non-members": ("non-members", "non-membres")}
                     [option.applies_to][1 if fr else 0])
    if option.label:
        parts.append(option.label.get(lang))
    return ", ".join(parts)


def fees_words(fees: Any, lang: str, vocab) -> str | None:
    if isinstance(fees, str):
        words = FEE_WORDS.get(fees)
        return words[1 if lang == "fr" else 0] if words else None
    return "; ".join(cost_words(o, lang, vocab) for o in fees)


def service_label(service: m.Service, lang: str, vocab) -> str:
    """A service's name, or `Topic (modes)` when it has none."""
    if service.name:
        return service.name.get(lang)
    from cedta.records.vocab import unnamed_service

    return unnamed_service(vocab.label("topics", service.topic, lang), [vocab.label("modes", x, lang) for x in service.modes])


def export_tables(providers: list[m.Provider], vocab, lang: str, today: dt.date) -> Tables:
    """The HSDS rows of a directory's providers and services, and the cedta taxonomy."""
    from cedta.records import eligibility

    other = "fr" if lang == "en" else "en"
    t = Tables(lang=lang)
    terms: dict[str, str] = {}  # code → term uuid, for every term used

    def term(category: str, term_id: str) -> str:
        code = f"{category}/{term_id}"
        terms.setdefault(code, uid("taxonomy_term", code))
        return terms[code]

    def attribute(entity: str, link: str, link_path: str, category: str, term_id: str,
                  link_type: str, value: Any = None, n: int = 0) -> None:
        t.add("attribute", id=uid("attribute", entity, link_path, category, term_id, link_type, str(n)),
              link_id=link, taxonomy_term_id=term(category, term_id), link_type=link_type,
              link_entity=entity, value=value)

    def carry(entity: str, link: str, link_path: str, name: str, value: Any, n: int = 0) -> None:
        if value is None or value == [] or value is False:
            return
        attribute(entity, link, link_path, "cedta", name, name, _json(_plain(value)), n)

    for provider in providers:
        org = uid("organization", provider.id)
        description = (provider.notes.get(lang) if provider.notes else None) or provider.name.get(lang)
        alternate = provider.name.get(other)
        t.add("organization", id=org, name=provider.name.get(lang),
              alternate_name=alternate if alternate != provider.name.get(lang) else None,
              description=description, website=provider.website)
        t.add("organization_identifier", id=uid("organization_identifier", provider.id),
              organization_id=org, identifier_scheme=TAXONOMY, identifier_type="cedta id",
              identifier=provider.id)
        attribute("organization", org, provider.id, "org_types", provider.kind, "kind")
        for name in ("name", "notes", "source", "membership"):
            carry("organization", org, provider.id, name, getattr(provider, name))
        carry("organization", org, provider.id, "category", provider.category or None)
        for name in _unmapped_fields(provider, PROVIDER_FIELDS):
            carry("organization", org, provider.id, name, getattr(provider, name))
        carry("organization", org, provider.id, "languages", provider.languages)

        for service in provider.services:
            ref = f"{provider.id}/{service.id}"
            sid = uid("service", ref)
            rules = service.eligibility
            age = next((r.age for r in rules if r.kind == "age"), None)
            status = "inactive" if service.valid and service.valid.until and service.valid.until < today \
                else "active"
            t.add("service", id=sid, organization_id=org, name=service_label(service, lang, vocab),
                  alternate_name=(service.name.get(other) if service.name and
                                  service.name.get(other) != service.name.get(lang) else None),
                  description=service.notes.get(lang) if service.notes else None,
                  status=status,
                  application_process=(vocab.label("intakes", service.intake, lang)
                                       if service.intake else None),
                  fees_description=(_both(fees_words(service.fees, "en", vocab) or "",
                                          fees_words(service.fees, "fr", vocab) or "") or None),
                  eligibility_description=(_both(
                      "; ".join(eligibility.describe(r, "en", vocab) for r in rules),
                      "; ".join(eligibility.describe(r, "fr", vocab) for r in rules))
                      if rules else None),
                  minimum_age=_number(age.min) if age else None,
                  maximum_age=_number(age.max) if age else None)
            carry("service", sid, ref, "id", service.id)
            carry("service", sid, ref, "name", service.name)
            carry("service", sid, ref, "notes", service.notes)
            carry("service", sid, ref, "source", service.source)
            carry("service", sid, ref, "capacity", service.capacity)
            carry("service", sid, ref, "valid", service.valid)
            for name in _unmapped_fields(service, SERVICE_FIELDS):
                carry("service", sid, ref, name, getattr(service, name))
            attribute("service", sid, ref, "topics", service.topic, "topic")
            for n, x in enumerate(service.modes):
                attribute("service", sid, ref, "modes", x, "mode", n=n)
            if service.levels:
                attribute("service", sid, ref, "levels", service.levels.from_, "level_from", "from")
                attribute("service", sid, ref, "levels", service.levels.to, "level_to", "to")
            for n, x in enumerate(service.stages):
                attribute("service", sid, ref, "stages", x, "stage", n=n)
            for n, x in enumerate(service.populations):
                attribute("service", sid, ref, "populations", x, "population", n=n)
            if service.intake:
                attribute("service", sid, ref, "intakes", service.intake, "intake")
            for n, rule in enumerate(rules):
                attribute("service", sid, ref, "eligibility", rule.kind, "eligibility",
                          _json(_plain(rule)), n=n)
            for n, offer in enumerate(service.financing):
                carry("service", sid, ref, "financing", offer, n=n)
            for n, code in enumerate(service.languages):
                t.add("language", id=uid("language", ref, code), service_id=sid,
                      name=vocab.label("languages", code, lang), code=code)
            if isinstance(service.fees, str):
                carry("service", sid, ref, "fees", service.fees if service.fees != "unknown" else None)
            else:
                for n, option in enumerate(service.fees):
                    cid = uid("cost_option", ref, str(n))
                    amount = option.amount if option.amount is not None else option.min
                    t.add("cost_option", id=cid, service_id=sid,
                          option=option.label.get(lang) if option.label else None,
                          currency=option.currency, amount=_number(amount),
                          amount_description=_both(cost_words(option, "en", vocab),
                                                   cost_words(option, "fr", vocab)))
                    carry("cost_option", cid, f"{ref}/{n}", "cost_option", option)
            schedule = service.schedule
            if schedule or service.valid:
                words_en, words_fr = [], []
                if schedule and schedule.frequency:
                    attribute("service", sid, ref, "schedules", schedule.frequency, "schedule")
                    words_en.append(vocab.label("schedules", schedule.frequency, "en"))
                    words_fr.append(vocab.label("schedules", schedule.frequency, "fr"))
                for n, x in enumerate(schedule.times if schedule else []):
                    attribute("service", sid, ref, "times", x, "time", n=n)
                    words_en.append(vocab.label("times", x, "en"))
                    words_fr.append(vocab.label("times", x, "fr"))
                rest = {k: v for k, v in (_plain(schedule) if schedule else {}).items()
                        if k not in ("frequency", "times")}
                carry("service", sid, ref, "schedule", rest or None)
                if schedule and schedule.duration_weeks:
                    words_en.append(f"{schedule.duration_weeks} weeks")
                    words_fr.append(f"{schedule.duration_weeks} semaines")
                valid = service.valid
                t.add("schedule", id=uid("schedule", ref), service_id=sid,
                      valid_from=valid.from_.isoformat() if valid and valid.from_ else None,
                      valid_to=valid.until.isoformat() if valid and valid.until else None,
                      freq=FREQ.get(schedule.frequency) if schedule and schedule.frequency else None,
                      description=_both(", ".join(words_en), ", ".join(words_fr)) or None)

    _taxonomy(t, terms, vocab)
    return t


def _taxonomy(t: Tables, used: dict[str, str], vocab) -> None:
    """The cedta taxonomy: one term per category (the parents), and every term of the vocabulary's
    categories the export uses, plus the rule kinds and fields used."""
    tax = uid("taxonomy", TAXONOMY)
    t.add("taxonomy", id=tax, name=TAXONOMY,
          description="cedta vocabulary: topics, modes of delivery, levels, stages, populations and the "
                      "fields HSDS has no column for / vocabulaire cedta : sujets, modes de prestation, "
                      "niveaux, étapes, populations et champs sans colonne HSDS",
          version="1")
    codes = set(used)
    for category in TERM_CATEGORIES:
        codes |= {f"{category}/{x}" for x in vocab.terms(category)}
    own = network_terms(vocab)
    codes |= {f"{category}/{x}" for category, terms in own.items() for x in terms}
    codes.add("cedta/labels")
    by_category: dict[str, list[str]] = {}
    for code in codes:
        category, _, term_id = code.partition("/")
        by_category.setdefault(category, []).append(term_id)
    for category in sorted(by_category):
        en, fr = CATEGORY_WORDS.get(category, (category, category))
        parent = uid("taxonomy_term", category)
        t.add("taxonomy_term", id=parent, code=category, name=en, description=_both(en, fr),
              taxonomy=TAXONOMY, taxonomy_id=tax, language="en")
        for term_id in sorted(by_category[category]):
            if category == "cedta":
                words = FIELD_TERMS.get(term_id, (term_id, term_id))
                name, description = term_id, _both(*words)
            elif category == "eligibility":
                name, description = term_id, _both(f"{en}: {term_id}", f"{fr} : {term_id}")
            else:
                name = vocab.label(category, term_id, "en")
                description = _both(f"{en}: {name}", f"{fr} : {vocab.label(category, term_id, 'fr')}")
            term_uid = uid("taxonomy_term", f"{category}/{term_id}")
            t.add("taxonomy_term", id=term_uid,
                  code=f"{category}/{term_id}", name=name, description=description, parent_id=parent,
                  taxonomy=TAXONOMY, taxonomy_id=tax, language="en")
            if term_id in own.get(category, {}):
                t.add("attribute", id=uid("attribute", "taxonomy_term", category, term_id, "labels"),
                      link_id=term_uid, taxonomy_term_id=uid("taxonomy_term", "cedta/labels"),
                      link_type="labels", link_entity="taxonomy_term", value=_json(own[category][term_id]))


def network_terms(vocab) -> dict[str, dict[str, dict]]:
    """The network's own terms (data/vocab.yaml): new terms with their labels and aliases, and the
    aliases it gives built-in terms; published as `cedta/labels` attributes of the taxonomy's terms, so
    that an import into an empty folder brings them along."""
    from cedta.records.vocab import builtin

    shipped = builtin()
    own: dict[str, dict[str, dict]] = {}
    for category, terms in vocab.categories.items():
        for term in terms.values():
            base = shipped.terms(category).get(term.id)
            if term.builtin and base is not None:
                extra: dict[str, Any] = {}
                aliases = list(term.aliases[len(base.aliases):])  # as data/vocab.yaml writes them
                if aliases:
                    extra["aliases"] = aliases
                # what data/vocab.yaml changed of a built-in term besides its wordings
                if term.hidden != base.hidden:
                    extra["hidden"] = term.hidden
                if term.written != base.written:
                    extra["written"] = term.written
                if term.speaks != base.speaks:
                    extra["speaks"] = list(term.speaks)
                if term.part_of != base.part_of:
                    extra["part_of"] = list(term.part_of)
                if extra:
                    own.setdefault(category, {})[term.id] = extra
            elif not term.builtin:
                entry: dict[str, Any] = {"en": term.en, "fr": term.fr}
                if term.aliases:
                    entry["aliases"] = list(term.aliases)
                for key, value in (("hidden", term.hidden), ("written", term.written), ("speaks", list(term.speaks)),
                                   ("part_of", list(term.part_of))):
                    if value:
                        entry[key] = value
                own.setdefault(category, {})[term.id] = entry
    return own


def descriptor(tables: Tables) -> dict:
    """`datapackage.json`: the official descriptor trimmed to the tables produced (foreign keys to
    tables left out are dropped with them)."""
    names = [n for n in TABLES if n in RESOURCES]
    package = dict(PACKAGE)
    package["name"] = "cedta_hsds_export"
    package["title"] = "cedta directory as HSDS 3.0"
    # the specification's own licence and homepage are not the network's: a network states its
    # directory's licence itself (the table schemas below stay the specification's, CC-BY-SA 4.0)
    package.pop("license", None)
    package.pop("homepage", None)
    # which language `name` and `description` are in (`alternate_name`: the other), so that an import
    # run in the other language files them right (a custom property: Frictionless allows them)
    package["cedta_language"] = tables.lang
    resources = []
    for name in names:
        resource = copy.deepcopy(RESOURCES[name])
        schema = resource["schema"]
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", [])
                                 if fk["reference"]["resource"] in names]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        resources.append(resource)
    package["resources"] = resources
    return package


def csv_files(tables: Tables) -> dict[str, str]:
    """File name → CSV text, every column of the official schema in its order."""
    from cedta.interop.common import csv_text

    out = {}
    for name in TABLES:
        resource = RESOURCES[name]
        columns = [f["name"] for f in resource["schema"]["fields"]]
        rows = [columns] + [[row.get(c) for c in columns] for row in tables.rows[name]]
        out[resource["path"]] = csv_text(rows)
    return out


def json_services(tables: Tables) -> list[dict]:
    """HSDS JSON: every service with its organisation, languages, cost options, schedules and
    attributes (each with its taxonomy term), as the compiled `service.json` schema has it."""
    terms = {r["id"]: r for r in tables.rows["taxonomy_term"]}
    taxonomy = tables.rows["taxonomy"][0]

    def clean(row: dict) -> dict:
        out = {}
        for k, v in row.items():
            if v is None:
                continue
            if k in ("minimum_age", "maximum_age", "amount"):
                v = float(v) if "." in v else int(v)
            out[k] = v
        return out

    def attributes(link: str) -> list[dict]:
        found = []
        for a in by_link.get(link, []):
            item = clean(a)
            term = dict(clean(terms[a["taxonomy_term_id"]]))
            term["taxonomy_detail"] = clean(taxonomy)
            item["taxonomy_term"] = term
            found.append(item)
        return found

    by_link: dict[str, list[dict]] = {}
    for a in tables.rows["attribute"]:
        by_link.setdefault(a["link_id"], []).append(a)
    orgs = {}
    for o in tables.rows["organization"]:
        org = clean(o)
        org["organization_identifiers"] = [clean(i) for i in tables.rows["organization_identifier"]
                                           if i["organization_id"] == o["id"]]
        org["attributes"] = attributes(o["id"])
        orgs[o["id"]] = org
    children: dict[tuple[str, str], list[dict]] = {}
    for table in ("language", "cost_option", "schedule"):
        for row in tables.rows[table]:
            item = clean(row)
            if table == "cost_option":
                item["attributes"] = attributes(row["id"])
            children.setdefault((table, row["service_id"]), []).append(item)
    services = []
    for s in tables.rows["service"]:
        service = clean(s)
        service["organization"] = orgs[s["organization_id"]]
        service["languages"] = children.get(("language", s["id"]), [])
        service["cost_options"] = children.get(("cost_option", s["id"]), [])
        service["schedules"] = children.get(("schedule", s["id"]), [])
        service["attributes"] = attributes(s["id"])
        services.append(service)
    return services


# ---- import ------------------------------------------------------------------------------------------

REQUIRED = {"organization": ("id", "name"), "service": ("id", "organization_id", "name")}
FOREIGN_CATEGORIES = ("topics", "modes", "populations", "stages", "levels")
LINK_CATEGORY = {"topic": "topics", "mode": "modes", "level_from": "levels", "level_to": "levels",
                 "stage": "stages", "population": "populations", "intake": "intakes",
                 "schedule": "schedules", "time": "times", "kind": "org_types"}
ISO639_2 = {"eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "ara": "ar", "zho": "zh", "chi": "zh",
            "ukr": "uk", "hin": "hi", "por": "pt", "ita": "it", "deu": "de", "ger": "de", "rus": "ru",
            "som": "so", "tgl": "tl", "vie": "vi", "per": "fa", "fas": "fa", "urd": "ur", "pan": "pa",
            "pol": "pl", "kor": "ko", "jpn": "ja", "tam": "ta", "ben": "bn", "amh": "am", "cre": "cr",
            "ell": "el", "gre": "el", "iku": "iu", "oji": "oj", "swa": "sw", "tir": "ti", "tur": "tr"}


@dataclass
class Row:
    table: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str | None:
        v = self.values.get(column)
        return v if v not in (None, "") else None


@dataclass
class Package:
    tables: dict[str, list[Row]]
    where: dict[str, str]  # table → file name shown in messages
    lang: str | None = None  # the language of its names when the package says (`cedta_language`)


def read_package(path: Path) -> Package:
    """An HSDS tabular data package: `datapackage.json` (or the folder holding it) and its CSV files,
    each streamed row by row. Raises InputError for what makes the package unreadable."""
    from cedta.interop.common import csv_rows

    path = Path(path)
    descriptor = path / "datapackage.json" if path.is_dir() else path
    if not descriptor.is_file():
        if path.is_dir() and (path / "services.json").is_file() or path.name == "services.json":
            raise InputError("hsds-json-not-read", path=str(path))
        if os.path.lexists(descriptor):  # a folder, a pipe, a device, a dangling link: there, not a file
            raise InputError("hsds-not-regular", path=str(descriptor))
        raise InputError("hsds-no-descriptor", path=str(descriptor))
    if descriptor.suffix.lower() != ".json":  # a table of the package (services.csv), not its descriptor
        raise InputError("hsds-not-descriptor", path=str(descriptor), folder=str(descriptor.parent))
    package = _read_json(descriptor)
    services_json = isinstance(package, list) and package and all(isinstance(x, dict) and "id" in x for x in package)
    if services_json or (isinstance(package, dict) and "resources" not in package and "id" in package):
        raise InputError("hsds-json-not-read", path=str(descriptor))  # HSDS JSON: services, not a package
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise InputError("hsds-no-resources", path=str(descriptor))
    base = descriptor.parent
    tables: dict[str, list[Row]] = {}
    where: dict[str, str] = {}
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str) \
                or resource["name"] not in RESOURCES:
            continue  # (a name that is a list or an object names no table: hostile 13, 1)
        name = resource["name"]
        rel = resource.get("path") or RESOURCES[name]["path"]
        if not isinstance(rel, str) or os.path.isabs(rel) or ".." in Path(rel).parts:
            raise InputError("hsds-bad-path", table=name, path=str(rel))
        file = base / rel
        if not file.is_file() and (base / unicodedata.normalize("NFD", rel)).is_file():
            file = base / unicodedata.normalize("NFD", rel)  # the descriptor is read in NFC, the disk may not be
        where[name] = rel
        if not file.is_file():
            raise InputError("hsds-not-regular" if os.path.lexists(file) else "hsds-missing-file",
                             table=name, path=str(file))
        # a table that is a link out of the package (to a file elsewhere on the machine) is not read:
        # `..` in its path was refused, a link there was followed (hostile 15, H15-20)
        if not os.path.realpath(file).startswith(os.path.join(os.path.realpath(base), "")):
            raise InputError("hsds-bad-path", table=name, path=str(rel))
        rows: list[Row] = []
        header: list[str] | None = None
        for line, cells in csv_rows(file, rel, delimiter=","):
            cells = [uninert(c) for c in cells]  # the apostrophe cedta's export put before `=...`
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise InputError("input-too-many-cells", where=rel, row=line, count=len(cells),
                                 columns=len(header))
            rows.append(Row(name, line, dict(zip(header, cells))))
        for column in REQUIRED.get(name, ()):
            if header is None or column not in header:
                raise InputError("hsds-missing-column", where=rel, column=column)
        tables[name] = rows
    for name in REQUIRED:
        if name not in tables:
            raise InputError("hsds-missing-table", table=name, path=str(descriptor))
    said = package.get("cedta_language") if isinstance(package, dict) else None
    return Package(tables, where, said if said in ("en", "fr") else None)


@dataclass
class Imported:
    providers: dict[str, dict]  # id → record data, in the model's key order
    problems: list[Problem]  # blocking: nothing is written
    unmapped: list[Problem]  # values or services left out
    services: int = 0
    terms: dict[str, dict[str, dict]] = field(default_factory=dict)  # for data/vocab.yaml
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)  # id → (table file, organization row)
    guessed: set[str] = field(default_factory=set)  # ids made from a name (no cedta id in the package)


def _ordered(data: dict, cls) -> dict:
    keys = [f.alias or k for k, f in cls.model_fields.items()]
    return {k: data[k] for k in keys if k in data} | {k: v for k, v in data.items() if k not in keys}


def _read_json(path: Path) -> Any:
    """A JSON file's value (strings in NFC); InputError naming the file, and the line where known,
    for what cannot be read: not UTF-8, not JSON, nested too deep, a number too long, too large."""
    from cedta.interop.common import INPUT_LIMIT

    try:
        with open(path, "rb") as fh:
            raw = fh.read(INPUT_LIMIT + 1)
    except OSError as exc:
        raise InputError("input-unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    if len(raw) > INPUT_LIMIT:
        raise InputError("input-too-large", where=str(path), row=1, line_limit=INPUT_LIMIT, limit=INPUT_LIMIT)
    from cedta.io.yamlread import wide_unicode

    wide = wide_unicode(raw)  # (a UTF-16 JSON file was called Windows-1252: hostile pass 10b, 3)
    if wide:
        raise InputError("input-utf16", where=str(path), encoding=wide)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start:exc.start].decode("utf-8", errors="replace")) + 1
        raise InputError("input-json-not-utf8", where=str(path), row=raw.count(b"\n", 0, exc.start) + 1,
                         column=column, byte=f"0x{raw[exc.start]:02X}") from None
    del raw
    try:
        return json_value(text)
    except json.JSONDecodeError as exc:
        raise InputError("hsds-bad-json", path=str(path), row=exc.lineno, column=exc.colno,
                         detail=exc.msg) from None
    except JsonTooDeep:
        raise InputError("hsds-json-too-deep", path=str(path), depth=JSON_DEPTH) from None
    except ValueError:  # a number of more than 4,300 digits (Python's limit)
        raise InputError("hsds-json-number", path=str(path)) from None


def _value(raw: str | None, problem: list, row: Row, where: str) -> Any:
    try:
        return json_value(raw) if raw is not None else None
    except ValueError:  # not JSON, nested too deep, a number too long
        problem.append(Problem("hsds-bad-value", where, row.line, "value", {"value": raw[:80]}))
        return None


def _number_of(text: str | None) -> float | int | None:
    if text is None:
        return None
    try:
        x = float(text)
    except ValueError:  # `1,234.50`, `$1 500` from another tool: read as a person's amount is
        try:
            return numbers.amount_value(text)
        except ValueError:
            return None
    if x != x or x in (float("inf"), float("-inf")):
        return None
    return int(x) if x.is_integer() else x


def import_package(package: Package, vocab, lang: str) -> Imported:
    """Provider records from an HSDS package, terms mapped through the cedta taxonomy when the package
    has it, otherwise through the vocabulary's labels and aliases. Names are taken to be in the
    language the package says (cedta's own packages say it), else in `lang`."""
    lang = package.lang or lang
    t = package.tables
    w = package.where
    blocking: list[Problem] = []
    unmapped: list[Problem] = []

    def seen_ids(table: str) -> dict[str, Row]:
        out: dict[str, Row] = {}
        for row in t.get(table, []):
            rid = row.get("id")
            if rid is None:
                blocking.append(Problem("hsds-missing-value", w[table], row.line, "id"))
            elif rid in out:
                blocking.append(Problem("hsds-duplicate-id", w[table], row.line, "id",
                                        {"value": rid, "first": out[rid].line}))
            else:
                out[rid] = row
        return out

    orgs = seen_ids("organization")
    services = seen_ids("service")
    for row in orgs.values():
        if row.get("name") is None:
            blocking.append(Problem("hsds-missing-value", w["organization"], row.line, "name"))
    for row in services.values():
        if row.get("name") is None:
            blocking.append(Problem("hsds-missing-value", w["service"], row.line, "name"))
        org = row.get("organization_id")
        if org is None:
            blocking.append(Problem("hsds-missing-value", w["service"], row.line, "organization_id"))
        elif org not in orgs:
            blocking.append(Problem("hsds-no-organization", w["service"], row.line, "organization_id",
                                    {"value": org}))
    for table in ("language", "cost_option", "schedule"):
        for row in t.get(table, []):
            sid = row.get("service_id")
            if sid is not None and sid not in services:
                blocking.append(Problem("hsds-no-service", w[table], row.line, "service_id", {"value": sid}))
            elif sid is None and table == "cost_option":
                blocking.append(Problem("hsds-missing-value", w[table], row.line, "service_id"))

    cedta_taxonomies = {r.get("id") for r in t.get("taxonomy", []) if r.get("name") == TAXONOMY}
    terms = {r.get("id"): r for r in t.get("taxonomy_term", []) if r.get("id")}
    vocab, additions = _network_terms_in(t, w, terms, cedta_taxonomies, vocab, blocking)
    cost_ids = {r.get("id"): r for r in t.get("cost_option", []) if r.get("id")}
    # link id → [(category, term or field, link_type, value, row)]
    links: dict[str, list[tuple[str, str, str | None, Any, Row]]] = {}
    for row in t.get("attribute", []):
        link, term_id = row.get("link_id"), row.get("taxonomy_term_id")
        if link not in orgs and link not in services and link not in cost_ids:
            continue  # attributes of tables cedta does not read (locations, phones, ...)
        term = terms.get(term_id)
        if term is None:
            blocking.append(Problem("hsds-no-term", w["attribute"], row.line, "taxonomy_term_id",
                                    {"value": term_id or ""}))
            continue
        code, name = term.get("code") or "", term.get("name") or ""
        ours = term.get("taxonomy_id") in cedta_taxonomies or term.get("taxonomy") == TAXONOMY
        category, _, term_code = code.partition("/")
        link_type = row.get("link_type")
        if ours and category in ("cedta", "eligibility"):
            value = _value(row.get("value"), blocking, row, w["attribute"])
            links.setdefault(link, []).append((category, term_code, link_type, value, row))
            continue
        if ours and category in TERM_CATEGORIES:
            found = term_code if vocab.has(category, term_code) else vocab.lookup(category, name)
            if found:
                links.setdefault(link, []).append((category, found, link_type, row.get("value"), row))
                continue
            unmapped.append(Problem("hsds-unmapped-term", w["attribute"], row.line, "taxonomy_term_id",
                                    {"value": code or name}))
            continue
        hint = LINK_CATEGORY.get(link_type or "")
        for category in ([hint] if hint else []) + list(FOREIGN_CATEGORIES):
            found = vocab.lookup(category, name) or (vocab.lookup(category, code) if code else None)
            if found:
                links.setdefault(link, []).append((category, found, link_type, row.get("value"), row))
                break
        else:
            unmapped.append(Problem("hsds-unmapped-term", w["attribute"], row.line, "taxonomy_term_id",
                                    {"value": name or code}))

    def fields(link: str) -> dict[str, list]:
        out: dict[str, list] = {}
        for category, term, link_type, value, row in links.get(link, []):
            key = term if category == "cedta" else f"{category}:{link_type or ''}"
            if category == "eligibility":
                key = "eligibility"
            out.setdefault(key, []).append((category, term, value))
        return out

    def terms_of(f: dict, category: str, link_type: str | None = None) -> list[str]:
        found = []
        for key, items in f.items():
            if key.startswith(category + ":") and (link_type is None or key == f"{category}:{link_type}"):
                found += [term for _, term, _ in items if term not in found]
        return found

    def one(f: dict, name: str) -> Any:
        items = f.get(name)
        return items[0][2] if items else None

    def bilingual(carried: Any, column: str | None) -> dict | None:
        if isinstance(carried, dict) and carried:
            if column is None or column in carried.values():
                return carried
            return {**carried, lang: column}
        return {lang: column} if column else None

    by_org: dict[str, list[Row]] = {}
    for row in services.values():
        by_org.setdefault(row.get("organization_id"), []).append(row)
    children: dict[tuple[str, str], list[Row]] = {}
    for table in ("language", "cost_option", "schedule"):
        for row in t.get(table, []):
            children.setdefault((table, row.get("service_id")), []).append(row)
    identifiers = {r.get("organization_id"): r.get("identifier") for r in t.get("organization_identifier", [])
                   if r.get("identifier_scheme") == TAXONOMY and r.get("identifier")}

    providers: dict[str, dict] = {}
    origins: dict[str, tuple[str, int]] = {}
    guessed: set[str] = set()
    taken: set[str] = set()
    count = 0
    for oid, org in orgs.items():
        f = fields(oid)
        pid = identifiers.get(oid)
        if pid is None or not re.fullmatch(m.SLUG_PATTERN, pid) or pid in taken:
            pid = slug(org.get("name") or "organisation", taken, fallback="organisation")
            guessed.add(pid)
        taken.add(pid)
        carried_name = one(f, "name")
        name = bilingual(carried_name, org.get("name"))
        notes = one(f, "notes")
        # the description cedta wrote is the name when there are no notes: the old name of an
        # organisation renamed in the package is not a note
        named = {v for v in (name or {}).values() if isinstance(v, str)} | (
            {v for v in carried_name.values() if isinstance(v, str)} if isinstance(carried_name, dict) else set())
        if notes is None and org.get("description") and org.get("description") not in named:
            notes = {lang: org.get("description")}
        kinds = terms_of(f, "org_types")
        data: dict[str, Any] = {"id": pid, "name": name, "kind": kinds[0] if kinds else "non-profit"}
        if one(f, "category"):
            data["category"] = True
        if one(f, "languages"):
            data["languages"] = one(f, "languages")
        if org.get("website"):
            data["website"] = org.get("website")
        for key, value in (("membership", one(f, "membership")), ("notes", notes), ("source", one(f, "source"))):
            if value:
                data[key] = value
        for name in f:
            if name not in FIELD_TERMS and ":" not in name and name != "eligibility" and name not in data:
                data[name] = one(f, name)
        data = _ordered(data, m.Provider)
        service_ids: set[str] = set()
        data["services"] = []
        for row in by_org.get(oid, []):
            service = _import_service(row, fields(row.get("id")), children, terms_of, one, bilingual,
                                      vocab, lang, w, unmapped, blocking, service_ids, cost_ids, fields)
            if service is not None:
                data["services"].append(service)
                count += 1
        if not data["services"]:
            del data["services"]
        providers[pid] = data
        origins[pid] = (w["organization"], org.line)
    return Imported(providers, blocking, unmapped, count, additions, origins, guessed)


def _network_terms_in(t, w, terms, cedta_taxonomies, vocab, blocking):
    """The network's own terms a cedta package publishes (`cedta/labels` attributes of its taxonomy
    terms) that the vocabulary in force lacks: the vocabulary extended with them, and the additions
    to write into data/vocab.yaml."""
    from cedta.records.vocab import builtin

    additions: dict[str, dict[str, dict]] = {}
    for row in t.get("attribute", []):
        if row.get("link_entity") != "taxonomy_term":
            continue
        label_term = terms.get(row.get("taxonomy_term_id"))
        target = terms.get(row.get("link_id"))
        if label_term is None or target is None or label_term.get("code") != "cedta/labels":
            continue
        if target.get("taxonomy_id") not in cedta_taxonomies and target.get("taxonomy") != TAXONOMY:
            continue
        category, _, term_id = (target.get("code") or "").partition("/")
        value = _value(row.get("value"), blocking, row, w["attribute"])
        if category not in m.VOCAB_CATEGORIES or not isinstance(value, dict) or \
                not re.fullmatch(r"[a-z0-9][a-z0-9-]*", term_id):
            continue
        entry = {k: value[k] for k in ("en", "fr", "aliases", "speaks", "part_of") if value.get(k)}
        entry.update({k: value[k] for k in ("hidden", "written") if isinstance(value.get(k), bool)})
        wrong = [k for k in ("en", "fr") if k in entry and not isinstance(entry[k], str)] + [
            k for k in ("aliases", "speaks", "part_of") if k in entry and not (
                isinstance(entry[k], list) and all(isinstance(x, str) and x.strip() for x in entry[k]))]
        if wrong:  # `{"aliases": "Cantonais"}` became nine one-letter aliases (hostile 13, 3)
            blocking.append(Problem("hsds-bad-labels", w["attribute"], row.line, "value",
                                    {"field": wrong[0], "value": str(row.get("value"))[:80]}))
            continue
        existing = vocab.terms(category).get(term_id)
        if existing is None and entry.get("en") and entry.get("fr"):
            additions.setdefault(category, {})[term_id] = entry
        elif existing is not None and entry and not {"en", "fr"} & set(entry):
            base = builtin().terms(category).get(term_id)
            change: dict[str, Any] = {}
            if entry.get("aliases"):
                own = existing.aliases[len(base.aliases):] if base is not None else existing.aliases
                extra = [a for a in entry["aliases"] if a not in own]
                if extra:
                    change["aliases"] = extra
            for key in ("hidden", "written", "speaks", "part_of"):  # what the network changed of a built-in term
                if key in entry and entry[key] != getattr(existing, key) and \
                        (key not in ("speaks", "part_of") or tuple(entry[key]) != getattr(existing, key)):
                    change[key] = entry[key]
            if change:
                additions.setdefault(category, {})[term_id] = change
    if additions:
        vocab = copy.deepcopy(vocab)
        vocab.extend(additions)
    return vocab, additions


def _import_service(row, f, children, terms_of, one, bilingual, vocab, lang, w, unmapped, blocking,
                    service_ids, cost_ids, fields) -> dict | None:
    sid = row.get("id")
    where = w["service"]
    topics = terms_of(f, "topics")
    modes = terms_of(f, "modes")
    languages = []
    for lrow in children.get(("language", sid), []):
        code = (lrow.get("code") or "").strip().lower()
        found = (code if vocab.has("languages", code) else ISO639_2.get(code)) or \
            (vocab.lookup("languages", lrow.get("name")) if lrow.get("name") else None)
        if found and found not in languages:
            languages.append(found)
        elif not found:
            unmapped.append(Problem("hsds-unmapped-language", w["language"], lrow.line, "code",
                                    {"value": lrow.get("code") or lrow.get("name") or ""}))
    # no language row: the source does not say (`languages: []`, which matching asks about)
    missing = [what for what, have in (("topic", topics), ("mode", modes)) if not have]
    if missing:
        unmapped.append(Problem("hsds-service-left-out", where, row.line, "name",
                                {"value": row.get("name"), "missing": ", ".join(missing)}))
        return None
    for extra in topics[1:]:
        unmapped.append(Problem("hsds-second-topic", where, row.line, "name",
                                {"value": extra, "topic": topics[0]}))
    carried_id = one(f, "id")
    if isinstance(carried_id, str) and re.fullmatch(m.SLUG_PATTERN, carried_id) and carried_id not in service_ids:
        service_id = carried_id
        service_ids.add(service_id)
    else:
        service_id = slug(row.get("name") or topics[0], service_ids, fallback=topics[0])
    data: dict[str, Any] = {"id": service_id}
    status = (row.get("status") or "").strip().lower()
    if status and status != "active":  # another tool closed it: cedta keeps services by their dates
        unmapped.append(Problem("hsds-status-ignored", w["service"], row.line, "status", {"value": status}))
    from cedta.records.vocab import unnamed_service

    label = unnamed_service(vocab.label("topics", topics[0], lang), [vocab.label("modes", x, lang) for x in modes])
    # (a package from before 2026-11-27 wrote the modes as labelled: "Marketing (Consulting services)")
    older = f"{vocab.label('topics', topics[0], lang)} ({', '.join(vocab.label('modes', x, lang) for x in modes)})"
    carried_name = one(f, "name")
    column = row.get("name")
    if carried_name or column not in (label, older):
        data["name"] = bilingual(carried_name, column)
    data["topic"] = topics[0]
    data["modes"] = modes
    data["languages"] = languages
    lo, hi = terms_of(f, "levels", "level_from"), terms_of(f, "levels", "level_to")
    plain_levels = terms_of(f, "levels", "")
    if lo or hi or plain_levels:
        first = (lo or plain_levels or hi)[0]
        last = (hi or plain_levels[-1:] or lo)[0]
        data["levels"] = {"from": first, "to": last}
    fees: Any = one(f, "fees")
    options = []
    for crow in children.get(("cost_option", sid), []):
        carried = one(fields(crow.get("id")), "cost_option")
        if isinstance(carried, dict):
            # cedta's own copy of the option, unless the package's amount column was edited since
            # (another tool changed the price: the column wins; what it cannot say is kept)
            typed = (crow.get("amount") or "").strip()
            amount = _number_of(typed) if typed else None
            was = carried.get("amount", carried.get("min"))
            if typed and amount is None:  # a price that cannot be read: the import stops there, rather
                # than drop the price or keep an old one in silence (hostile pass 10b, 2)
                blocking.append(Problem("hsds-cost-bad-amount", w["cost_option"], crow.line, "amount", {"value": typed}))
            elif amount is not None and amount != was:
                carried = {k: v for k, v in carried.items() if k not in ("min", "max")}
                carried["amount"] = amount
            options.append(carried)
            continue
        amount = _number_of(crow.get("amount"))
        if amount is None and (crow.get("amount") or "").strip():
            blocking.append(Problem("hsds-cost-bad-amount", w["cost_option"], crow.line, "amount",
                                    {"value": crow.get("amount")}))
            continue
        if amount is None:
            unmapped.append(Problem("hsds-cost-no-amount", w["cost_option"], crow.line, "amount",
                                    {"value": crow.get("amount_description") or ""}))
            continue
        option: dict[str, Any] = {"amount": amount}
        if crow.get("currency") and crow.get("currency").upper() != "CAD":
            option["currency"] = crow.get("currency").upper()
        if crow.get("option"):
            option["label"] = {lang: crow.get("option")}
        options.append(option)
    if options:
        fees = options
    elif fees is None and row.get("fees_description"):
        from cedta.records.vocab import fold

        text = fold(row.get("fees_description"))
        free = {fold(x) for pair in [FEE_WORDS["free"]] for x in pair} | {fold(_both(*FEE_WORDS["free"])), "0", "none", "aucun"}
        fees = "free" if text in free else "user-pays"
    if fees and fees != "unknown":
        data["fees"] = fees
    schedules = terms_of(f, "schedules")
    times = terms_of(f, "times")
    carried_schedule = one(f, "schedule") if isinstance(one(f, "schedule"), dict) else {}
    srows = children.get(("schedule", sid), [])
    if not schedules:
        freq = next((s.get("freq") for s in srows if s.get("freq")), None)
        reverse = {v: k for k, v in FREQ.items()}
        if freq in reverse:
            schedules = [reverse[freq]]
    schedule: dict[str, Any] = {}
    if schedules:
        schedule["frequency"] = schedules[0]
    if times:
        schedule["times"] = times
    schedule.update(carried_schedule)
    if schedule:
        data["schedule"] = schedule
    intakes = terms_of(f, "intakes")
    if intakes:
        data["intake"] = intakes[0]
    if one(f, "capacity"):
        data["capacity"] = one(f, "capacity")
    valid = one(f, "valid")
    if valid is None:
        start = next((s.get("valid_from") for s in srows if s.get("valid_from")), None)
        end = next((s.get("valid_to") for s in srows if s.get("valid_to")), None)
        if start or end:
            valid = {k: v for k, v in (("from", start), ("until", end)) if v}
    if valid:
        data["valid"] = valid
    for key, category in (("stages", "stages"), ("populations", "populations")):
        found = terms_of(f, category)
        if found:
            data[key] = found
    rules = [value for _, _, value in f.get("eligibility", []) if isinstance(value, dict)]
    if not any("age" in r for r in rules):
        lo_age, hi_age = _number_of(row.get("minimum_age")), _number_of(row.get("maximum_age"))
        age = {k: int(v) for k, v in (("min", lo_age), ("max", hi_age)) if v is not None}
        if age:
            rules.insert(0, {"age": age})
    if rules:
        data["eligibility"] = rules
    financing = [value for _, _, value in f.get("financing", [])]
    if financing:
        data["financing"] = financing
    notes = one(f, "notes")
    if notes is None and row.get("description"):
        notes = {lang: row.get("description")}
    if notes:
        data["notes"] = notes
    if one(f, "source"):
        data["source"] = one(f, "source")
    for name in f:
        if name in FIELD_TERMS or ":" in name or name == "eligibility" or name in data:
            continue
        data[name] = one(f, name)  # a field the model gained after this mapping was written
    return _ordered(data, m.Service)
