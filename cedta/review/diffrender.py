"""Turns a `diff.Comparison` into words: plain text, Markdown (for a pull request comment) and JSON,
in English or French, with the vocabulary's labels. No decisions are made here."""

from __future__ import annotations

import json
import re
from typing import Any

from cedta.review.diff import Change, Comparison, RecordChange, Risk
from cedta.messages import MESSAGES, _Safe, plural_code
from cedta import numbers
from cedta.numbers import number_text

# French elides "de" before a vowel: "ajout d’Ateliers" (not before h: "de Hull")
_ELIDE = re.compile(r"\bde \{(\w+)\}")
# an apostrophe between letters (l'OCRI), not a quotation mark ('no')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_VOWEL = re.compile(r"[aeiouyàâäéèêëîïôöûüæœ]", re.IGNORECASE)

SECTIONS = ("network", "vocab", "provider", "hub", "client")
MARK = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}


_LINKISH = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINKISH_SPLIT = re.compile(r"((?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


class Words:
    """Phrases in one language, with the vocabulary's labels and the directory's names."""

    def __init__(self, lang: str, vocab, names: dict[str, dict[str, str]], markdown: bool = False,
                 extra: dict[str, dict[str, str]] | None = None):
        self.lang, self.vocab, self.names, self.markdown = lang, vocab, names, markdown
        self.extra = extra or {}  # "provider/service" and "hub:<id>" → {en, fr}
        self.colon = " : " if lang == "fr" else ": "

    def msg(self, code: str, n: int | None = None, **params: Any) -> str:
        """The phrase `code` with `params`; with `n`, its singular or plural form for `n`."""
        if n is not None:
            code = plural_code(code, n, self.lang)
        en, fr = MESSAGES.get(code, (code, code))
        if self.lang != "fr":
            return en.format_map(_Safe(params))

        def elide(match: re.Match) -> str:
            value = str(params.get(match.group(1), ""))
            return "d’{%s}" % match.group(1) if _VOWEL.match(value) else match.group(0)

        return _ELIDE.sub(elide, fr).format_map(_Safe(params))

    def typo(self, text: str) -> str:
        """French text from the data or the vocabulary with the typographic apostrophe that the
        phrases use, so that one line does not mix ' and ’."""
        return _APOSTROPHE.sub("\u2019", text) if self.lang == "fr" else text

    def quote(self, ident: Any) -> str:
        """An id the reader may have to look for in the files: "francophones", « francophones »."""
        return f"« {self.esc(ident)} »" if self.lang == "fr" else f'"{self.esc(ident)}"'

    def join(self, items: list[str]) -> str:
        """a, b and c / a, b et c."""
        if len(items) < 2:
            return "".join(items)
        last = " et " if self.lang == "fr" else " and "
        return ", ".join(items[:-1]) + last + items[-1]

    def esc(self, text: Any) -> str:
        text = str(text)
        if not self.markdown:
            return text
        # a word joiner after `@` and `#` before a name or a number: a pull-request comment must not
        # mention a user or a team (`@octocat`) nor link an issue (`#123`) named in a record
        # (not inside a web address or an e-mail address: a link must still work, and be copied whole)
        text = "".join(part if _LINKISH.fullmatch(part) else
                       re.sub(r"\b(GH)(?=-\d)", "\\1\u2060", re.sub(r"([@#])(?=\w)", "\\1\u2060", part),
                              flags=re.IGNORECASE)  # GH-123 links an issue too
                       for part in _LINKISH_SPLIT.split(text))
        return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)

    def label(self, category: str | None, term: Any) -> str:
        if term is None:
            return self.msg("none")
        if isinstance(term, bool):
            return self.msg("yes" if term else "no")
        if category and self.vocab is not None:
            return self.esc(self.typo(self.vocab.label(category, str(term), self.lang)))
        return self.esc(term)

    def labels(self, category: str | None, terms: list) -> str:
        return ", ".join(self.label(category, t) for t in terms)

    def provider(self, pid: str) -> str:
        name = self.names.get(pid)
        if not name:
            return self.esc(pid)
        return self.esc(self.typo(name.get(self.lang) or name.get("en") or name.get("fr") or pid))

    def name(self, names: dict[str, str] | None, fallback: str) -> str:
        if not names:
            return self.esc(fallback)
        return self.esc(self.typo(names.get(self.lang) or names.get("en") or names.get("fr") or fallback))

    def field(self, key: str) -> str:
        code = f"field-{key}"
        if code in MESSAGES:
            return self.msg(code)
        return self.esc(key.replace("_", " "))

    # ---- fees -----------------------------------------------------------------------------------

    def price(self, o: dict) -> str:
        """An option's amount, or each end of its range, as money is written everywhere."""
        cur = o.get("currency", "CAD")
        if "amount" in o:
            return self.money(number_text(o["amount"]), cur)
        low, high = o.get("min"), o.get("max")
        if low is not None and high is not None:
            return f"{self.money(number_text(low), cur)}–{self.money(number_text(high), cur)}"
        return f"≥ {self.money(number_text(low), cur)}" if low is not None else f"≤ {self.money(number_text(high), cur)}"

    def fee_option(self, o: dict, amount: str | None = None) -> str:
        if o.get("amount") == 0 and amount is None:
            text = self.msg("fee-free")
        else:
            text = amount or self.price(o)
            if o.get("unit"):
                text += " " + self.label("fee_units", o["unit"])
        extra = []
        if o.get("minutes"):
            extra.append(f"{o['minutes']} min")
        if o.get("sessions"):
            extra.append(f"× {o['sessions']}")
        if o.get("applies_to") in ("members", "non-members"):
            extra.append(self.msg(f"fee-{o['applies_to']}"))
        if o.get("label"):
            extra.append(self.esc(self.typo(o["label"].get(self.lang) or next(iter(o["label"].values())))))
        return text + (f" ({', '.join(extra)})" if extra else "")

    def money(self, amount: str, currency: str) -> str:
        """`$25` / `25 $` for Canadian dollars (decimal comma in French); `25 EUR` otherwise."""
        try:
            return numbers.money(float(amount), currency, self.lang)
        except ValueError:  # a range such as 12.5–80
            if self.lang == "fr":
                amount = amount.replace(".", ",")
        if currency != "CAD":
            return f"{amount} {currency}"
        return f"{amount} $" if self.lang == "fr" else f"${amount}"

    def fees(self, fees: Any) -> str:
        if isinstance(fees, str):
            return self.msg(f"fee-{fees}")
        return " + ".join(self.fee_option(o) for o in fees or [])

    def fee_change(self, before: Any, after: Any) -> str:
        if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
            differ = [(a, b) for a, b in zip(before, after) if a != b]
            if len(differ) == 1:
                a, b = differ[0]
                rest_a = {k: v for k, v in a.items() if k != "amount"}
                rest_b = {k: v for k, v in b.items() if k != "amount"}
                if rest_a == rest_b and "amount" in a and "amount" in b:
                    cur = b.get("currency", "CAD")
                    before_amount, after_amount = number_text(a['amount']), number_text(b['amount'])
                    moved = f"{self.money(before_amount, cur)} → {self.money(after_amount, cur)}"
                    if self.money(before_amount, cur) == self.money(after_amount, cur):  # under a cent:
                        moved = f"{before_amount} → {after_amount} {cur}"  # the figures as written
                    return self.msg("diff-fee", option=self.fee_option(b, amount=moved))
        return self.msg("diff-fees", before=self.fees(before), after=self.fees(after))

    def capacity(self, cap: dict | None) -> str:
        """`5 organisations a year` / `5 organismes par année`."""
        if not cap:
            return self.msg("none")
        unit = self.msg(f"capacity-unit-{cap.get('unit', 'clients')}")
        per = self.msg(f"capacity-per-{cap.get('per', 'year')}")
        return f"{cap['count']} {unit} {per}"

    def financing(self, offers: list | None) -> str:
        """`loan up to 15000 CAD (individual)`: what a service lends or gives."""
        if not offers:
            return self.msg("none")
        parts = []
        for o in offers:
            cur = o.get("currency", "CAD")
            if o.get("up_to") is not None:
                how = self.msg("financing-up-to", amount=self.money(number_text(o['up_to']), cur))
            elif o.get("amount") is not None:
                how = self.money(number_text(o['amount']), cur)
            else:
                how = self.msg("financing-not-stated")
            if o.get("per"):
                how += " " + self.msg(f"financing-per-{o['per']}")
            text = f"{self.msg('financing-' + o['kind'])} {how}"
            extra = [self.label("client_kinds", o["client_kind"])] if o.get("client_kind") else []
            if o.get("label"):
                extra.append(self.esc(self.typo(o["label"].get(self.lang) or next(iter(o["label"].values())))))
            parts.append(text + (f" ({', '.join(extra)})" if extra else ""))
        return " + ".join(parts)

    def levels(self, levels: dict | None) -> str:
        if not levels:
            return self.msg("none")
        low, high = levels.get("from"), levels.get("to")
        if low == high:
            return self.label("levels", low)
        return f"{self.label('levels', low)}–{self.label('levels', high)}"

    def rule(self, item: Any) -> str:
        """An eligibility rule in words (`EI claimant now or within 3 years`), or as written."""
        from cedta.records import model as m
        from cedta.records.eligibility import describe

        try:
            return self.esc(describe(m.EligibilityRule.model_validate(item), self.lang, self.vocab))
        except Exception:  # a rule the model refuses is shown as it is written
            return self.compact(item)

    def priority(self, item: Any) -> str:
        """A forum priority in words: its gap id, date, decision in the reader's language, owner
        (newcomer 12, NC12-14: it was a raw YAML dump, English keys and both languages)."""
        if not isinstance(item, dict) or "gap" not in item:
            return self.compact(item)
        decision = item.get("decision")
        if isinstance(decision, dict):
            decision = decision.get(self.lang) or decision.get("en") or decision.get("fr")
        parts = [f"`{self.esc(item['gap'])}`"]
        if item.get("date"):
            parts.append(self.esc(str(item["date"])))
        if decision:
            parts.append(f"« {self.esc(str(decision))} »" if self.lang == "fr" else f'"{self.esc(str(decision))}"')
        if item.get("owner"):
            parts.append(self.provider(str(item["owner"])))
        return ", ".join(parts)

    def compact(self, item: Any) -> str:
        """An eligibility rule or other small mapping, written the way it is in the file."""
        if isinstance(item, dict):
            return "{" + ", ".join(f"{k}: {self.compact(v)}" for k, v in item.items()) + "}"
        if isinstance(item, list):
            return "[" + ", ".join(self.compact(v) for v in item) + "]"
        if isinstance(item, float):
            return number_text(item)
        return self.esc(item)

    # ---- one change ---------------------------------------------------------------------------------

    def change(self, c: Change) -> list[str]:
        p, f = c.params, c.field
        if c.code == "terms":
            out = []
            lang_field = f.rsplit(".", 1)[-1] == "languages"
            if p["added"] and p["removed"] and not lang_field:  # "schedule: weekdays instead of evenings"
                def quoted(key: str) -> str:
                    labels = [self.label(p["category"], t) for t in p[key]]
                    return self.join([f"« {x} »" for x in labels] if self.lang == "fr" else labels)

                return [self.msg("diff-terms-replaced", field=self.field(f), added=quoted("added"),
                                 removed=quoted("removed"))]
            for key in ("added", "removed"):
                if p[key]:
                    code = f"diff-languages-{key}" if lang_field else f"diff-terms-{key}"
                    labels = [self.label(p["category"], t) for t in p[key]]
                    if self.lang == "fr" and not lang_field:  # "ajout de « en soirée »"
                        labels = [f"« {x} »" for x in labels]
                    terms = self.join(labels)
                    out.append(self.msg(code, n=len(p[key]), field=self.field(f), terms=terms))
            if lang_field and p.get("none_left") and p["removed"]:  # `languages: []`: not stated now
                out.append(self.msg("diff-languages-not-stated"))
            return out
        if c.code == "order":
            return [self.msg("diff-order", field=self.field(f))]
        if c.code == "fees":
            return [self.fee_change(p["before"], p["after"])]
        if c.code == "capacity":
            return [self.msg("diff-capacity", before=self.capacity(p["before"]), after=self.capacity(p["after"]))]
        if c.code == "financing":
            return [self.msg("diff-financing", before=self.financing(p["before"]),
                             after=self.financing(p["after"]))]
        if c.code == "levels":
            return [self.msg("diff-levels", before=self.levels(p["before"]), after=self.levels(p["after"]))]
        if c.code == "text":
            code = "diff-text-set" if p.get("set") else "diff-text-cleared" if p.get("cleared") else "diff-text"
            return [self.msg(code, field=self.field(f))]
        if c.code == "items":
            out = []
            for key in ("added", "removed"):
                if p[key]:
                    last = f.rsplit(".", 1)[-1]
                    items = [self.rule(i) if last == "eligibility" else self.priority(i) if last == "priorities"
                             else self.compact(i) for i in p[key]]
                    out.append(self.msg(f"diff-items-{key}", field=self.field(f),
                                        items=self.join([f"« {x} »" if self.lang == "fr" else f'"{x}"'
                                                         for x in items]
                                                        if f.rsplit(".", 1)[-1] == "eligibility"
                                                        else items)))
            return out
        if c.code in ("value", "provider"):
            def show(v: Any) -> str:
                if c.code == "provider":
                    return self.provider(v)
                if not p.get("category") and f"value-{f}-{v}" in MESSAGES:
                    return self.msg(f"value-{f}-{v}")
                return self.label(p.get("category"), v)

            if p.get("before") is None:
                return [self.msg("diff-value-set", field=self.field(f), after=show(p["after"]))]
            if p.get("after") is None:
                return [self.msg("diff-value-cleared", field=self.field(f), before=show(p["before"]))]
            return [self.msg("diff-value", field=self.field(f), before=show(p["before"]),
                             after=show(p["after"]))]
        if c.code == "members":
            return [self.msg(f"diff-members-{k}", n=len(p[k]),
                             names=self.join([self.provider(x) for x in p[k]]))
                    for k in ("added", "removed") if p[k]]
        if c.code == "table-members":
            return [self.msg(f"diff-table-members-{k}", names=self.join([self.esc(x) for x in p[k]]))
                    for k in ("added", "removed") if p[k]]
        if c.code.startswith("representative-"):
            params = {k: (self.provider(v) if k in ("org", "before", "after") else self.esc(v))
                      for k, v in p.items()}
            return [self.msg(f"diff-{c.code}", **params)]
        if c.code == "vocab":
            return self.vocab_change(p)
        if c.code == "renamed":
            return [self.msg("diff-renamed", before=self.esc(p["before"]))]
        if c.code == "summary":
            return [self.msg("diff-service-added", topic=self.label("topics", p["topic"]),
                             modes=self.labels("modes", p["modes"]),
                             languages=self.labels("languages", p["languages"]),
                             fees=self.fees(p["fees"]))]
        if c.code == "services":
            return []
        if c.code == "client-new":
            return [self.msg("diff-client-added", hub=self.quote(p["hub"]),
                             steps=self.msg("diff-count-steps", n=p["steps"], count=p["steps"]),
                             contacts=self.msg("diff-count-contacts", n=p["contacts"],
                                               count=p["contacts"]))]
        if c.code == "client-hub":
            return [self.msg("diff-client-hub", before=self.quote(p["before"]),
                             after=self.quote(p["after"]))]
        if c.code in ("consent-withdrawn", "consent-changed", "intake-changed", "profile-changed"):
            return [self.msg(f"diff-{c.code}", **p)]
        if c.code in ("needs-changed", "contacts", "outcomes", "evaluations"):
            stem = "needs" if c.code == "needs-changed" else c.code
            out = []
            if p["added"]:
                kinds = self.labels("outcome_kinds", p.get("kinds", []))
                out.append(self.msg(f"diff-{stem}-added", n=p["added"], count=p["added"], kinds=kinds))
            if p["removed"]:
                out.append(self.msg(f"diff-{stem}-removed", n=p["removed"], count=p["removed"]))
            if p.get("notes"):
                out.append(self.msg(f"diff-{stem}-notes", n=p["notes"], count=p["notes"]))
            def shown(field: str, value: Any) -> str:
                if value is None:
                    return "-"
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if field == "amount" and isinstance(value, (int, float)):
                    return self.money(str(value), "CAD")
                return self.esc(str(value))

            for e in p.get("changed") or ():  # an entry edited in place: what changed in it
                what = ", ".join([f"{k} {shown(k, a)} → {shown(k, b)}" for k, (a, b) in e["fields"].items()]
                                 + ([self.msg("diff-entry-note")] if e.get("note") else []))
                of = self.esc(str(e.get("date") or "?"))
                if e.get("kind"):
                    of += f" ({self.labels('outcome_kinds', [e['kind']])})"
                out.append(self.msg(f"diff-{stem}-changed", of=of, what=what))
            if p.get("priorities"):
                out.append(self.msg("diff-needs-priorities", n=p["priorities"], count=p["priorities"]))
            return out
        if c.code.startswith("step-"):
            params = dict(p)
            if "status" in params:
                params["status"] = self.msg(f"step-{params['status']}")
            if "topic" in params:
                params["topic"] = self.label("topics", params["topic"])
            return [self.msg(f"diff-{c.code}", **params)]
        return [self.esc(f"{c.code} {f}")]

    def vocab_change(self, p: dict) -> list[str]:
        code = f"vocab-cat-{p['category']}"
        category = self.msg(code) if code in MESSAGES else self.esc(p["category"])
        out = []
        if p.get("added"):
            terms = self.join([f"{self.esc(t['id'])} ({self.esc(self.typo(t.get(self.lang) or t['en']))})"
                               for t in p["added"]])
            out.append(self.msg("diff-vocab-added", n=len(p["added"]), category=category, terms=terms))
        if p.get("removed"):
            out.append(self.msg("diff-vocab-removed", n=len(p["removed"]), category=category,
                                terms=self.join([self.esc(t) for t in p["removed"]])))
        for t in p.get("relabelled", []):
            before, after = t["before"][self.lang], t["after"][self.lang]
            if before == after:  # only the other language's label changed: show that one
                other = "en" if self.lang == "fr" else "fr"
                before, after = t["before"][other], t["after"][other]
            out.append(self.msg("diff-vocab-redefined" if t["builtin"] else "diff-vocab-relabelled",
                                category=category, term=self.esc(t["id"]),
                                before=self.esc(self.typo(before)), after=self.esc(self.typo(after))))
        for t in p.get("aliases", []):
            for key in ("added", "removed"):
                if t[key]:
                    out.append(self.msg(f"diff-vocab-aliases-{key}", n=len(t[key]), category=category,
                                        term=self.esc(t["id"]),
                                        aliases=self.join([self.quote(self.typo(a)) for a in t[key]])))
        for t in p.get("flags", []):  # hidden, speaks, part_of, written (newcomer 14, N14-2)
            field = t["field"]
            if field in ("hidden", "written"):
                out.append(self.msg(f"diff-vocab-{field}-{'on' if t['after'] else 'off'}", category=category,
                                    term=self.esc(t["id"])))
            else:
                shown = (lambda v: self.join([self.esc(x) for x in v]) if v else "-")
                out.append(self.msg("diff-vocab-list", category=category, term=self.esc(t["id"]), field=field,
                                    before=shown(t["before"]), after=shown(t["after"])))
        return out

    # ---- one record, one risk -----------------------------------------------------------------------

    def title(self, r: RecordChange) -> str:
        if r.kind == "service":
            sid = r.id.partition("/")[2]
            return f"{self.provider(r.parent or '')} / {self.name(r.name, sid)}"
        if r.kind == "provider":
            return self.name(r.name, r.id) if r.name else self.provider(r.id)
        if r.kind == "vocab":
            return "vocab.yaml"
        return self.name(r.name, r.id)

    def details(self, r: RecordChange) -> str:
        parts: list[str] = []
        if r.status in ("added", "removed") and not any(
                c.code in ("summary", "client-new") for c in r.changes):
            count = next((c.params["count"] for c in r.changes if c.code == "services"), 0)
            parts.append(self.msg(f"diff-{r.kind}-{r.status}", n=count, count=count))
        for c in r.changes:
            parts += self.change(c)
        return (" ; " if self.lang == "fr" else "; ").join(dict.fromkeys(parts))

    def risk(self, risk: Risk) -> str:
        p = dict(risk.params)
        n = p.get("count", len(p.get("hubs", p.get("steps", []))))
        for key in ("clients", "hubs", "steps"):
            if key in p:
                items = [self.quote(x) if key == "hubs" else self.esc(x) for x in p[key]]
                p[key] = ", ".join(items[:8]) + " …" if len(items) > 8 else self.join(items)
        if risk.kind == "service":
            pid, _, sid = risk.id.partition("/")
            p["service"] = f"{self.provider(pid)} / {self.name(self.extra.get(risk.id), sid)}"
        if risk.kind == "provider":
            p["provider"] = self.provider(risk.id)
        if risk.kind == "hub":
            p["hub"] = self.name(self.extra.get(f"hub:{risk.id}"), risk.id)
        if risk.kind == "client":
            p["client"] = self.esc(risk.id)
        for key in ("before", "after", "director"):
            if key not in p:
                continue
            if risk.code.endswith("-renamed"):  # ids: the old one is what the files still say
                p[key] = self.quote(p[key])
            else:
                p[key] = self.provider(p[key])
        if "name" in p:
            p["name"] = self.esc(p["name"])
        return self.msg(risk.code, n=n, **p)


def _sections(cmp: Comparison) -> list[tuple[str, list[RecordChange]]]:
    by_kind: dict[str, list[RecordChange]] = {k: [] for k in SECTIONS}
    for r in cmp.records:
        by_kind["provider" if r.kind == "service" else r.kind].append(r)
    # a service sits right after its provider's own line
    by_kind["provider"].sort(key=lambda r: (r.parent or r.id, r.kind == "service"))
    return [(k, v) for k, v in by_kind.items() if v]


def _summary(cmp: Comparison, w: Words) -> str:
    """Records changed and risks, always; files not compared (unreadable records) and other files
    (not records) when there are some, counting the files their sections list."""
    counts = [("records", len(cmp.records)), ("risks", len(cmp.risks))]
    unread = len({d.path for _, d in cmp.problems})  # a file unreadable on both sides is one file
    counts += [(key, n) for key, n in (("problems", unread), ("others", len(cmp.other_files))) if n]
    return ", ".join(w.msg(f"diff-count-{key}", n=n, count=n) for key, n in counts)


# git's status letter of a changed file that is not a record → the mark and words of `diff`
_OTHER = {"A": "added", "?": "added", "D": "removed", "R": "renamed", "C": "added"}


def _other(status: str, path: str, w: Words) -> tuple[str, str]:
    """(mark, line) for a changed file that is not a record: a new, removed, changed or renamed file."""
    how = _OTHER.get(status, "changed")
    return MARK[how], w.msg(f"diff-other-{how}", path=path)


def _problem(side: str, d, w: Words) -> str:
    return f"{w.msg('diff-side-' + side)}{w.colon}{w.esc(d.path)}:{d.line}:{d.column}: {d.code}: " \
           f"{w.esc(w.typo(d.message(w.lang)))}"


def _title(cmp: Comparison, w: Words) -> str:
    head = w.msg("diff-working-tree") if cmp.head == "working tree" else cmp.head
    return w.msg("diff-title", base=cmp.base, head=head)


def as_text(cmp: Comparison, lang: str = "en", vocab=None) -> str:
    w = Words(lang, vocab, cmp.names, extra=cmp.labels)
    lines = [_title(cmp, w), ""]
    if cmp.risks:
        lines.append(w.msg("diff-section-risks"))
        lines += [f"  ! {w.risk(r)}" for r in cmp.risks]
        lines.append("")
    for kind, records in _sections(cmp):
        lines.append(w.msg(f"diff-section-{kind}"))
        lines += [f"  {MARK[r.status]} {w.title(r)}{w.colon}{w.details(r)}" for r in records]
        lines.append("")
    if cmp.problems:
        lines.append(w.msg("diff-section-problems"))
        lines += [f"  ? {_problem(side, d, w)}" for side, d in cmp.problems]
        lines.append("")
    if cmp.other_files:
        lines.append(w.msg("diff-section-other"))
        lines += ["  {} {}".format(*_other(status, path, w)) for status, path in cmp.other_files]
        lines.append("")
    if not cmp.records and not cmp.problems:
        lines += [w.msg("diff-none"), ""]
    lines.append(_summary(cmp, w))
    return "\n".join(lines)


def as_markdown(cmp: Comparison, lang: str = "en", vocab=None) -> str:
    w = Words(lang, vocab, cmp.names, markdown=True, extra=cmp.labels)
    plain = Words(lang, vocab, cmp.names, extra=cmp.labels)
    head = plain.msg("diff-working-tree") if cmp.head == "working tree" else f"`{cmp.head}`"
    lines = [f"### {w.msg('diff-title', base=f'`{cmp.base}`', head=head)}", ""]
    if cmp.risks:
        lines += ["> [!WARNING]", f"> **{w.msg('diff-section-risks')}**"]
        lines += [f"> - {w.risk(r)}" for r in cmp.risks]
        lines.append("")
    for kind, records in _sections(cmp):
        lines += [f"**{w.msg(f'diff-section-{kind}')}**", ""]
        lines += [f"- `{MARK[r.status]}` **{w.title(r)}**{w.colon}{w.details(r)}" for r in records]
        lines.append("")
    tail: list[str] = []  # kept whole when the comment is cut: what could not be compared, other files
    if cmp.problems:
        tail += [f"**{w.msg('diff-section-problems')}**", ""]
        tail += [f"- {_problem(side, d, w)}" for side, d in cmp.problems]
        tail.append("")
    if cmp.other_files:
        tail += [f"**{w.msg('diff-section-other')}**", ""]
        tail += ["- `{}` {}".format(*_other(status, w.esc(path), w)) for status, path in cmp.other_files]
        tail.append("")
    if not cmp.records and not cmp.problems:
        tail += [w.msg("diff-none"), ""]
    footer = f"<sub>{w.esc(_summary(cmp, plain))} · cedta diff</sub>"
    return _within(lines, tail, footer, w) + "\n"


COMMENT_LIMIT = 60_000  # characters: GitHub refuses a comment over 65,536 (the job then stopped)


def _within(lines: list[str], tail: list[str], footer: str, w) -> str:
    """The comment's lines, cut at a line so that the whole stays under COMMENT_LIMIT characters,
    the cut said: the records' lines are cut, never the risks (first) nor `tail` (the files that
    could not be compared, the other files; a long tail is cut in its turn)."""
    text = "\n".join(lines + tail + [footer])
    if len(text) <= COMMENT_LIMIT:
        return text
    tail_text = "\n".join(tail)
    if len(tail_text) > COMMENT_LIMIT // 3:
        tail = list(tail)
        while tail and len("\n".join(tail)) > COMMENT_LIMIT // 3:
            tail.pop()
    kept, size = [], 0
    room = COMMENT_LIMIT - len(footer) - 400 - len("\n".join(tail))  # the note about the cut
    for line in lines:
        if size + len(line) + 1 > room:
            break
        kept.append(line)
        size += len(line) + 1
    left = sum(1 for line in lines[len(kept):] if line.strip())
    limit = f"{COMMENT_LIMIT:,}".replace(",", "\u202f" if w.lang == "fr" else ",")
    return "\n".join(kept + ["", "> " + w.msg("diff-cut", lines=left, limit=limit), ""] + tail + [footer])


def as_json(cmp: Comparison, lang: str = "en", vocab=None) -> str:
    w = Words(lang, vocab, cmp.names, extra=cmp.labels)
    payload = {
        "base": cmp.base,
        "head": cmp.head,
        "records": [{
            "kind": r.kind, "id": r.id, "status": r.status, "name": r.name, "provider": r.parent,
            "text": f"{w.title(r)}{w.colon}{w.details(r)}",
            "changes": [{"code": c.code, "field": c.field, "params": c.params,
                         "text": "; ".join(w.change(c))} for c in r.changes],
        } for r in cmp.records],
        "risks": [{"code": r.code, "kind": r.kind, "id": r.id, "params": r.params, "text": w.risk(r)}
                  for r in cmp.risks],
        "problems": [{"side": side, "path": d.path, "line": d.line, "column": d.column, "code": d.code,
                      "message": d.message(lang)} for side, d in cmp.problems],
        "other_files": [{"status": s, "path": p} for s, p in cmp.other_files],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
