"""The records cedta keeps: network, provider and service, hub, client (profile, needs, plan, contacts,
outcomes, evaluation), and the eligibility rules of services.

This module is the single source of the schema: the validator checks files against these classes and
`cedta schema` exports JSON Schema from them. Terms from the vocabulary (topics, modes, languages, ...)
are plain strings here, marked with `vocab(...)`; `checks` resolves them against the network's
vocabulary, and `json_schema` turns the marks into enums of the terms in force.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cedta.messages import MESSAGES
from cedta.numbers import number_text

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
ServiceRef = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$", max_length=129)
]
def _shown_as_stored(value: str) -> str:
    """No bidirectional override or isolate in a text: they turn the rest of a line round on
    screen, so the text shown is not the text stored ("fee \u202e00001$" reads "fee $10000"); the
    writers refuse them, and so does the reader of a file a person edited (hostile pass 10, A)."""
    if not value.isascii() and not _BIDI_CONTROLS.isdisjoint(value):  # (isascii: no walk of the text)
        raise problem("text-bidi-control")
    return value


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_shown_as_stored)]


def _int_not_bool(value: Any) -> Any:
    """`true` is not 1: pydantic's lax mode takes a yes/no for a number (`small_cell_threshold:
    true` read as 1 switched suppression off); here it is the wrong type, as `yes` already is.
    A text that reads as a number stays one (`"5"`, and `1e3`, which YAML 1.1 reads as text)."""
    if type(value) is bool:
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _float_not_bool(value: Any) -> Any:
    if type(value) is bool:
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


Int = Annotated[int, BeforeValidator(_int_not_bool)]
Num = Annotated[float, BeforeValidator(_float_not_bool)]
# (the optional ones wrap the whole `| None`: a `Field(ge=...)` then still reaches the number, and
# the JSON schema keeps its minimum and maximum)
OptInt = Annotated[int | None, BeforeValidator(_int_not_bool)]
OptNum = Annotated[float | None, BeforeValidator(_float_not_bool)]


def problem(code: str, **context: str) -> PydanticCustomError:
    """A validation error whose type is a message code, so both languages come from `messages`."""
    return PydanticCustomError(code, MESSAGES[code][0], context)


def vocab(category: str, **kw: Any) -> Any:
    """A field holding one term of a vocabulary category."""
    return Field(json_schema_extra={"x-vocab": category}, **kw)


def Term(category: str) -> Any:  # noqa: N802 - reads as a type
    return Annotated[str, Field(json_schema_extra={"x-vocab": category})]


class Record(BaseModel):
    # Non-finite numbers (.inf, .nan, 1e999) are refused in every field: no fee or amount is infinite.
    model_config = ConfigDict(extra="forbid", strict=False, populate_by_name=True, allow_inf_nan=False)


class Bilingual(Record):
    """Text in English and French; one of the two may be missing."""

    en: Text | None = None
    fr: Text | None = None

    @model_validator(mode="after")
    def _one(self) -> Bilingual:
        if self.en is None and self.fr is None:
            raise problem("need-en-or-fr")
        return self

    def get(self, lang: str) -> str:
        return (self.fr or self.en or "") if lang == "fr" else (self.en or self.fr or "")


def _one_line(value: Bilingual) -> Bilingual:
    """A name is one line: a line break, a tab or another control character (U+2028 too) breaks
    the report's tables and lists, and a terminal's lines."""
    for text in (value.en, value.fr):
        if text and not _on_one_line(text):
            raise problem("name-one-line")
    return value


# Not in a name: control characters and line or paragraph separators (they break the report's tables
# and a terminal's lines), bidirectional overrides and isolates (they turn the rest of a line round:
# a name made to read as another), zero-width spaces and the byte order mark (two names alike).
_NOT_IN_A_NAME = frozenset("\x7f\x85\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                           "\u200b\ufeff\u2060\u180e\u115f\u1160\u3164\uffa0")  # (and the blank fillers: hostile 14, 4)


def _on_one_line(text: str) -> bool:
    return not any(c < " " or c in _NOT_IN_A_NAME for c in text)


def _person_one_line(value: Any) -> Any:
    if isinstance(value, str) and not _on_one_line(value):
        raise problem("name-one-line")
    return value


PersonName = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_person_one_line)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_person_one_line)]


Name = Annotated[Bilingual, AfterValidator(_one_line)]  # a name in English and French, on one line


class Source(Record):
    """Where a record comes from in a source document (a report, a directory, a web page): where in
    it, its line, and the text quoted, for reviewers holding the document next to the file."""

    where: Text | None = None
    line: OptInt = Field(default=None, ge=1)
    fr: Text | None = None
    en: Text | None = None


# ---- fees ---------------------------------------------------------------------------------------

MOST_FEE = 1_000_000_000  # a price of one service: more is a typo's zeros (or a sheet's 1e30)
MOST_COUNT = 1_000_000  # places, sessions, jobs: more is a typo's extra digits
MOST_MINUTES = 525_600  # a year of minutes
MOST_AMOUNT = 1_000_000_000_000  # an outcome's dollars: see Outcome


class CostOption(Record):
    """One price of a service (HSDS cost_option: amount, currency, option)."""

    amount: OptNum = Field(default=None, ge=0, le=MOST_FEE)
    min: OptNum = Field(default=None, ge=0, le=MOST_FEE)
    max: OptNum = Field(default=None, ge=0, le=MOST_FEE)
    currency: str = Field(default="CAD", pattern=r"^[A-Z]{3}$")
    unit: str | None = vocab("fee_units", default=None)
    # (bounded: a typo's extra digits; 10^29 sessions ended `export sqlite` in an overflow: hostile 11, 8)
    minutes: OptInt = Field(default=None, gt=0, le=MOST_MINUTES)
    sessions: OptInt = Field(default=None, gt=0, le=MOST_COUNT)
    applies_to: Literal["everyone", "members", "non-members"] = "everyone"
    label: Bilingual | None = None

    @model_validator(mode="after")
    def _amount(self) -> CostOption:
        if self.amount is None and self.min is None and self.max is None:
            raise problem("cost-needs-amount")
        if self.amount is not None and (self.min is not None or self.max is not None):
            raise problem("cost-amount-and-range")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise problem("min-above-max", min=number_text(self.min), max=number_text(self.max))
        return self

    def lowest(self) -> float:
        if self.amount is not None:
            return self.amount
        return self.min if self.min is not None else 0.0


FeeKeyword = Literal["free", "user-pays", "unknown"]


def _fees_kind(v: Any) -> str:
    return "keyword" if isinstance(v, str) else "options"


Fees = Annotated[
    Union[
        Annotated[FeeKeyword, Tag("keyword")],
        Annotated[list[CostOption], Tag("options")],
    ],
    Discriminator(_fees_kind),
]


class FinancingOffer(Record):
    """Money the service itself gives or lends (a loan fund, a grant program): the kind and how much
    (`up_to` a ceiling or `amount` a fixed sum; neither when the source does not state it), and `per`
    when it is paid by the week, the month or the year (an allowance for each week attended)."""

    kind: Literal["loan", "grant", "award", "allowance"]
    up_to: OptNum = Field(default=None, gt=0, le=MOST_AMOUNT)
    amount: OptNum = Field(default=None, gt=0, le=MOST_AMOUNT)
    currency: str = Field(default="CAD", pattern=r"^[A-Z]{3}$")
    per: Literal["week", "month", "year"] | None = None
    client_kind: str | None = vocab("client_kinds", default=None)
    label: Bilingual | None = None

    @model_validator(mode="after")
    def _how_much(self) -> FinancingOffer:
        if self.up_to is not None and self.amount is not None:
            raise problem("financing-amount")
        return self


class Membership(Record):
    fees: list[CostOption] = []
    note: Bilingual | None = None


# ---- eligibility rules ----------------------------------------------------------------------------

class AgeRule(Record):
    min: OptInt = Field(default=None, ge=0, le=120)
    max: OptInt = Field(default=None, ge=0, le=120)

    @model_validator(mode="after")
    def _range(self) -> AgeRule:
        if self.min is None and self.max is None:
            raise problem("age-rule-empty")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise problem("min-above-max", min=str(self.min), max=str(self.max))
        return self


class EIRule(Record):
    """Employment Insurance: a claimant now or within N years, or not within N years."""

    within_years: OptInt = Field(default=None, ge=0, le=50)
    not_within_years: OptInt = Field(default=None, ge=0, le=50)

    @model_validator(mode="after")
    def _one(self) -> EIRule:
        if (self.within_years is None) == (self.not_within_years is None):
            raise problem("ei-rule-one")
        return self


class EmploymentRule(Record):
    status: Literal["unemployed", "employed", "self-employed", "student"] | None = None
    max_hours_per_week: OptInt = Field(default=None, ge=0, le=168)

    @model_validator(mode="after")
    def _one(self) -> EmploymentRule:
        if self.status is None and self.max_hours_per_week is None:
            raise problem("employment-rule-empty")
        return self


class MemberOfRule(Record):
    org: Slug


class ClientKindRule(Record):
    in_: list[Term("client_kinds")] = Field(alias="in", min_length=1)


class OrgTypeRule(Record):
    """The client's organisation type is one of `in`; with `founding: true`, a group founding such an
    organisation qualifies too (a co-operative council's accompaniment of groups founding a co-operative)."""

    in_: list[Term("org_types")] = Field(alias="in", min_length=1)
    founding: bool = False


class IndigenousOwnedRule(Record):
    """Majority Indigenous ownership (a fund for Indigenous businesses): at least `min_percent` of
    the business owned by Indigenous people; an Indigenous individual starting a business qualifies."""

    min_percent: Int = Field(default=51, ge=1, le=100)


class PopulationRule(Record):
    in_: list[Term("populations")] = Field(alias="in", min_length=1)


class RegionRule(Record):
    in_: list[Term("regions")] = Field(alias="in", min_length=1)


class HasRule(Record):
    all: list[Literal["business-idea", "business-plan"]] = Field(min_length=1)


class ReadsWritesRule(Record):
    any: list[Term("languages")] = Field(min_length=1)


class FlagRule(Record):
    value: bool


RULE_KINDS = (
    "age", "ei", "employment", "member_of", "client_kind", "org_type", "population", "has",
    "region", "reads_writes", "returning_to_school", "foreign_trained_professional", "indigenous_owned",
    "any_of",
)


class EligibilityRule(Record):
    """One condition a client must meet; exactly one key."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, json_schema_extra={"minProperties": 1, "maxProperties": 1}
    )
    age: AgeRule | None = None
    ei: EIRule | None = None
    employment: EmploymentRule | None = None
    member_of: MemberOfRule | None = None
    client_kind: ClientKindRule | None = None
    org_type: OrgTypeRule | None = None
    population: PopulationRule | None = None
    has: HasRule | None = None
    region: RegionRule | None = None
    reads_writes: ReadsWritesRule | None = None
    returning_to_school: FlagRule | None = None
    # a professional trained abroad (OLSI / Global Skills, §4.1.2)
    foreign_trained_professional: FlagRule | None = None
    indigenous_owned: IndigenousOwnedRule | None = None
    # met when at least one of these rules is met (loans to individuals or non-profits, §4.1.1)
    any_of: list[EligibilityRule] | None = Field(default=None, min_length=2, max_length=10)

    @model_validator(mode="after")
    def _exactly_one(self) -> EligibilityRule:
        given = [k for k in RULE_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise problem("rule-exactly-one", kinds=", ".join(RULE_KINDS),
                          found=", ".join(given) if given else "none")
        return self

    @cached_property
    def kind(self) -> str:
        # cached: matching asks it for every rule of every service it judges
        return next(k for k in RULE_KINDS if getattr(self, k) is not None)

    @property
    def body(self) -> Any:
        return getattr(self, self.kind)


# ---- provider and service -----------------------------------------------------------------------

class LevelRange(Record):
    from_: str = vocab("levels", alias="from")
    to: str = vocab("levels")


class Schedule(Record):
    frequency: str | None = vocab("schedules", default=None)
    times: list[Term("times")] = []
    # the length of a program; with `duration_weeks_min`, the longest of a range (1 to 3 years:
    # duration_weeks_min 52, duration_weeks 156)
    duration_weeks: OptInt = Field(default=None, gt=0, le=520)
    duration_weeks_min: OptInt = Field(default=None, gt=0, le=520)

    @model_validator(mode="after")
    def _range(self) -> Schedule:
        if self.duration_weeks_min is not None:
            if self.duration_weeks is None:
                raise problem("duration-min-needs-max")
            if self.duration_weeks_min > self.duration_weeks:
                raise problem("min-above-max", min=str(self.duration_weeks_min), max=str(self.duration_weeks))
        return self


class Capacity(Record):
    count: Int = Field(gt=0, le=MOST_COUNT)
    per: Literal["year", "month", "session", "program"] = "year"
    unit: Literal["clients", "organisations", "groups", "participants"] = "clients"


class Validity(Record):
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> Validity:
        if self.from_ and self.until and self.from_ > self.until:
            raise problem("from-after-until")
        return self


class Service(Record):
    id: Slug
    name: Name | None = None
    topic: str = vocab("topics")
    modes: list[Term("modes")] = Field(min_length=1)
    # `[]`: not stated (a source that does not say): matching asks, it does not guess
    languages: list[Term("languages")]
    levels: LevelRange | None = None
    fees: Fees = "unknown"
    schedule: Schedule | None = None
    intake: str | None = vocab("intakes", default=None)
    capacity: Capacity | None = None
    valid: Validity | None = None
    stages: list[Term("stages")] = []
    populations: list[Term("populations")] = []
    eligibility: list[EligibilityRule] = []
    financing: list[FinancingOffer] = []
    notes: Bilingual | None = None
    source: Source | None = None


class Provider(Record):
    id: Slug
    name: Name
    kind: str = vocab("org_types")
    category: bool = False
    languages: list[Term("languages")] = []
    website: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    membership: Membership | None = None
    notes: Bilingual | None = None
    source: Source | None = None
    services: list[Service] = []


# ---- hub and network ----------------------------------------------------------------------------

class Person(Record):
    """A named role holder (hub and network files are not client files: names are allowed)."""

    name: PersonName
    org: Slug | None = None


class Representative(Record):
    name: PersonName
    org: Slug
    since: dt.date
    until: dt.date | None = None


class Hub(Record):
    id: Slug
    name: Name
    population: str | None = vocab("populations", default=None)
    field: str | None = vocab("sectors", default=None)
    director: Slug
    members: list[Slug] = Field(min_length=1)
    coordinator: Person | None = None
    forum_representatives: list[Representative] = []
    notes: Bilingual | None = None

    @model_validator(mode="after")
    def _focus(self) -> Hub:
        if self.population is None and self.field is None:
            raise problem("hub-needs-focus")
        return self


class ForumSeat(Record):
    org: Slug
    count: Int = Field(default=1, ge=1, le=100)  # seats at a forum: a typo's extra digits are refused


class Forum(Record):
    meets: Literal["monthly", "quarterly", "twice-a-year", "yearly"] = "quarterly"
    representatives_per_hub: Int = Field(default=2, ge=1, le=10)
    extra_members: list[ForumSeat] = []


class TableMember(Record):
    name: PersonName
    sector: str = vocab("sectors")
    org: Slug | None = None


class SizeRange(Record):
    min: Int = Field(ge=1, le=1000)
    max: Int = Field(ge=1, le=1000)

    @model_validator(mode="after")
    def _ordered(self) -> SizeRange:
        if self.max < self.min:
            raise problem("size-reversed", min=str(self.min), max=str(self.max))
        return self


class LeadershipTable(Record):
    size: SizeRange = SizeRange(min=12, max=15)
    term_years: Int = Field(default=3, ge=1, le=10)
    term: Validity | None = None
    members: list[TableMember] = []
    co_chairs: list[PersonName] = []


GAP_ID_PATTERN = r"^[a-z][a-z-]*(/[a-z0-9][a-z0-9-]*)+$"


class Priority(Record):
    """A gap the Hub Forum chose to work on: its stable id from `cedta gaps`, when, what was
    decided and who carries it."""

    gap: Annotated[str, StringConstraints(pattern=GAP_ID_PATTERN, max_length=200)]
    date: dt.date
    decision: Text | Bilingual  # one text as decided, or {en, fr} for both reports
    owner: Slug | None = None
    note: Text | Bilingual | None = None


class Network(Record):
    id: Slug
    name: Name
    fiscal_year_start_month: Int = Field(default=4, ge=1, le=12)
    stalled_after_days: Int = Field(default=60, ge=1, le=3650)
    small_cell_threshold: Int = Field(default=5, ge=1, le=100)
    forum: Forum = Forum()
    leadership_table: LeadershipTable | None = None
    sectors: list[Term("sectors")] = []
    priorities: list[Priority] = []
    notes: Bilingual | None = None


# ---- client -------------------------------------------------------------------------------------

class Intake(Record):
    date: dt.date
    by: Slug


class Consent(Record):
    given: dt.date
    scope: Literal["hub", "network", "provider"] = "hub"
    withdrawn: dt.date | None = None


class Languages(Record):
    speaks: list[Term("languages")] = []
    reads_writes: list[Term("languages")] = []
    # languages the client can follow spoken help in through an interpreter (the hub's, §6): a
    # workshop in one of them fits, said as such; a document the client writes does not
    interpreter: list[Term("languages")] = []


class EIStatus(Record):
    status: Literal["never", "current", "past"]
    ended: dt.date | None = None

    @model_validator(mode="after")
    def _ended(self) -> EIStatus:
        if self.status == "past" and self.ended is None:
            raise problem("ei-past-needs-ended")
        if self.status != "past" and self.ended is not None:
            raise problem("ei-ended-only-past")
        return self


class Employment(Record):
    status: Literal["unemployed", "employed", "self-employed", "student"]
    hours_per_week: OptInt = Field(default=None, ge=0, le=168)


class Budget(Record):
    max_fee: Num = Field(ge=0, le=MOST_FEE)


class Profile(Record):
    populations: list[Term("populations")] = []
    languages: Languages = Languages()
    birth_year: OptInt = Field(default=None, ge=1900, le=2100)
    ei: EIStatus | None = None
    employment: Employment | None = None
    region: str | None = vocab("regions", default=None)
    org_type: str | None = vocab("org_types", default=None)
    # the type of organisation a group is founding (a co-operative not yet incorporated)
    founding: str | None = vocab("org_types", default=None)
    # a professional trained abroad (accountant, engineer...), for OLSI / Global Skills
    foreign_trained_professional: bool | None = None
    # the share of the business owned by Indigenous people, in percent
    indigenous_ownership_percent: OptInt = Field(default=None, ge=0, le=100)
    memberships: list[Slug] = []
    stage: str | None = vocab("stages", default=None)
    has: list[Literal["business-idea", "business-plan"]] = []
    budget: Budget | None = None
    availability: list[Term("times")] = []
    preferred_modes: list[Term("modes")] = []
    returning_to_school: bool | None = None


class Need(Record):
    topic: str = vocab("topics")
    level: str | None = vocab("levels", default=None)
    priority: Int = Field(default=1, ge=1, le=9)
    added: dt.date | None = None  # found after intake (`need add`): a past quarter's report leaves it out
    note: Text | None = None


class PlanStep(Record):
    topic: str = vocab("topics")
    level: str | None = vocab("levels", default=None)
    service: ServiceRef | None = None
    target: dt.date | None = None
    status: Literal["planned", "active", "done", "dropped"] = "planned"
    done: dt.date | None = None
    dropped: dt.date | None = None  # when it was dropped: a case closes on that day, not the last step done
    added: dt.date | None = None  # when it was added (`plan add`, `match --plan`): a past quarter leaves it out
    note: Text | None = None

    @model_validator(mode="after")
    def _done(self) -> PlanStep:
        if self.done is not None and self.status != "done":
            raise problem("done-only-when-done")
        if self.dropped is not None and self.status != "dropped":
            raise problem("dropped-only-when-dropped")
        return self


class Contact(Record):
    date: dt.date
    org: Slug
    service: ServiceRef | None = None
    mode: str | None = vocab("modes", default=None)
    minutes: OptInt = Field(default=None, ge=0, le=10000)
    note: Text | None = None






class Outcome(Record):
    date: dt.date
    kind: str = vocab("outcome_kinds")
    # dollars bounded: the report adds them up (two amounts of 1e308 made "Infinity" in its JSON);
    # a typo's extra zeros below the bound get `outcome-implausible` (a count is a whole number: its
    # sum stays exact)
    amount: OptNum = Field(default=None, ge=0, le=MOST_AMOUNT)
    count: OptInt = Field(default=None, ge=0, le=MOST_COUNT)  # (unbounded, 10^29 jobs ended the report: hostile 13, 13)
    note: Text | None = None


class Evaluation(Record):
    date: dt.date
    satisfaction: OptInt = Field(default=None, ge=1, le=5)
    notes: Text | None = None


class Client(Record):
    id: Slug
    kind: str = vocab("client_kinds")
    hub: Slug
    intake: Intake
    consent: Consent
    profile: Profile = Profile()
    needs: list[Need] = []
    plan: list[PlanStep] = []
    contacts: list[Contact] = []
    outcomes: list[Outcome] = []
    evaluation: list[Evaluation] = []


class WalkIn(Record):
    """Someone with no record, for `cedta match --profile FILE`: the keys `kind`, `profile` and
    `needs` of a client record (and `hub`, for the hub's members). The other keys of a client record
    are dropped before this is checked (`walk_in_data`); any other key is an error, as in a client file."""

    kind: str = vocab("client_kinds")
    hub: Slug | None = None
    profile: Profile = Profile()
    needs: list[Need] = []


def walk_in_data(data: Any) -> Any:
    """A walk-in file's mapping without the client keys a walk-in does not use (id, intake, plan...)."""
    if not isinstance(data, dict):
        return data
    ignored = {f.alias or n for n, f in Client.model_fields.items()} - set(WalkIn.model_fields)
    return {k: v for k, v in data.items() if k not in ignored}


class VocabTerm(Record):
    """A term of the network's vocabulary; for a built-in term, `aliases` alone adds wordings."""

    en: Label | None = None  # one line (a line break in a label broke the report's lists)
    fr: Label | None = None
    aliases: list[Text] = []
    hidden: StrictBool = False  # a built-in term kept out of menus, listings and schemas (still read)
    speaks: list[Slug] = []  # a population: the languages its people speak (`cedta gaps` coverage)
    # a topic whose product is a document the client writes (a business plan, a grant proposal):
    # help with it fits only in a language the client writes (§6)
    written: StrictBool = False
    # a population within others (Franco-Ontarians within francophones): a client in it is in
    # them too, for matching (a service made for francophones fits a Franco-Ontarian)
    part_of: list[Slug] = []


VOCAB_CATEGORIES = (
    "topics", "modes", "levels", "stages", "populations", "client_kinds", "org_types", "schedules",
    "times", "intakes", "fee_units", "outcome_kinds", "sectors", "regions", "languages",
)


class VocabExtension(Record):
    """`data/vocab.yaml`: the network's own terms, added to the built-in vocabulary."""

    topics: dict[Slug, VocabTerm] = {}
    modes: dict[Slug, VocabTerm] = {}
    levels: dict[Slug, VocabTerm] = {}
    stages: dict[Slug, VocabTerm] = {}
    populations: dict[Slug, VocabTerm] = {}
    client_kinds: dict[Slug, VocabTerm] = {}
    org_types: dict[Slug, VocabTerm] = {}
    schedules: dict[Slug, VocabTerm] = {}
    times: dict[Slug, VocabTerm] = {}
    intakes: dict[Slug, VocabTerm] = {}
    fee_units: dict[Slug, VocabTerm] = {}
    outcome_kinds: dict[Slug, VocabTerm] = {}
    sectors: dict[Slug, VocabTerm] = {}
    regions: dict[Slug, VocabTerm] = {}
    languages: dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")], VocabTerm] = {}


EligibilityRule.model_rebuild()


# Record kinds by where their files live, for the validator and `cedta schema`.
KINDS: dict[str, type[Record]] = {
    "network": Network,
    "vocab": VocabExtension,
    "provider": Provider,
    "hub": Hub,
    "client": Client,
}

# Direct identifiers that never belong in a tracked client file.
IDENTIFIER_KEYS = {
    "name", "names", "first_name", "last_name", "surname", "full_name", "phone", "telephone", "tel",
    "mobile", "email", "e-mail", "mail", "address", "street", "postal_code", "sin", "nas", "ssn",
    "birth_date", "date_of_birth", "dob",
}


def json_schema(kind: str, terms: dict[str, list[str]] | None = None) -> dict:
    """JSON Schema for one record kind; vocabulary fields become enums of the terms in force."""
    schema = KINDS[kind].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://cedta.example/schema/{kind}.schema.json"
    schema["title"] = f"cedta {kind}"
    if terms:
        _inject_enums(schema, terms)
    return schema


def _inject_enums(node: Any, terms: dict[str, list[str]]) -> None:
    if isinstance(node, dict):
        cat = node.pop("x-vocab", None)
        if cat in terms:
            if node.get("type") == "array" and isinstance(node.get("items"), dict):
                node["items"]["enum"] = terms[cat]
            elif "anyOf" in node:
                for option in node["anyOf"]:
                    if option.get("type") == "string":
                        option["enum"] = terms[cat]
            else:
                node["enum"] = terms[cat]
        for v in node.values():
            _inject_enums(v, terms)
    elif isinstance(node, list):
        for v in node:
            _inject_enums(v, terms)
