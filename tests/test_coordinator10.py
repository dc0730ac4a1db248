"""Coordinator pass 10: profiles from the 2008 report matched against the shipped directory, and
what a coordinator found wrong in the answers (D1, D2, ...)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

SHIPPED = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def ottawa(tmp_path):
    """The shipped directory without its clients."""
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns("clients", ".*"))
    (root / "clients").mkdir()
    return root


def client(ottawa: Path, cid: str, hub: str, body: str, day: str = "2026-08-04") -> None:
    """A client file of the shipped network's: its id, hub, intake and consent on `day`, then `body`
    (its profile and needs)."""
    (ottawa / "clients" / f"{cid}.yaml").write_text(
        f"id: {cid}\nkind: individual\nhub: {hub}\nintake: {{date: {day}, by: ottawa-ced-network}}\n"
        f"consent: {{given: {day}, scope: hub}}\n" + body, encoding="utf-8")


def profile(tmp_path, text: str) -> str:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def need_of(out: dict, topic: str) -> dict:
    return next(n for n in out["needs"] if n["topic"] == topic)


def test_a_client_who_wrote_her_business_plan_can_borrow_to_start(ottawa, tmp_path, cedta):
    """D1: her plan done and recorded, the loan fund (for individuals wishing to start a business,
    §4.1.1, asking only for a plan) was left out "for: start-up; the client is exploring an idea",
    and the forum's lever asked for a fund "that asks no business plan first"."""
    text = """\
kind: individual
hub: francophones
profile:
  populations: [francophones]
  languages: {speaks: [fr, en], reads_writes: [fr, en]}
  stage: idea
  budget: {max_fee: 0}
needs: [{topic: financing, level: beginner}]
"""
    before = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, text), "--format", "json").stdout)
    assert "ottawa-community-loan-fund/loans" not in [m["service"] for m in need_of(before, "financing")["matches"]]
    client(ottawa, "c-2026-0101", "francophones", """\
profile:
  populations: [francophones]
  languages: {speaks: [fr, en], reads_writes: [fr, en]}
  stage: idea
  budget: {max_fee: 0}
needs:
  - {topic: financing, level: beginner}
outcomes:
  - {kind: business-plan-completed, date: 2026-10-01}
""", day="2026-05-04")
    out = json.loads(cedta(ottawa, "--today", "2026-11-27", "match", "c-2026-0101", "--format", "json").stdout)
    financing = need_of(out, "financing")
    assert "ottawa-community-loan-fund/loans" in [m["service"] for m in financing["matches"]], financing
    gaps = json.loads(cedta(ottawa, "--today", "2026-11-27", "gaps", "--format", "json").stdout)
    assert not [d for d in gaps["demand"] if "/financing/" in d["id"]], gaps["demand"]


def test_a_person_who_may_still_be_29_is_asked_the_birthday_for_youth_services(ottawa, tmp_path, cedta):
    """D2: born in 1996, in November 2026 the person is 29 or 30: the youth mentoring and financing
    program was left out ("reserved for Youth; the record says Francophones") while Summer Company,
    on the same page, asked to check the birthday."""
    text = """\
kind: individual
hub: francophones
profile:
  birth_year: {year}
  populations: [francophones]
  languages: {{speaks: [fr, en], reads_writes: [fr, en]}}
  stage: idea
  budget: {{max_fee: 0}}
needs: [{{topic: financing, level: beginner}}]
"""
    youth = "ocri-entrepreneurship-centre/youth-mentoring-financing"

    def financing(year: int, lang: str = "en") -> tuple[dict, str]:
        path = profile(tmp_path, text.format(year=year))
        out = json.loads(cedta(ottawa, "--today", "2026-11-27", "match", "--profile", path, "--format", "json").stdout)
        said = " ".join(cedta(ottawa, "--today", "2026-11-27", "--lang", lang, "match", "--profile", path).stdout.split())
        return need_of(out, "financing"), said

    need, said = financing(1996)
    assert youth in [c["service"] for c in need["to_confirm"]], need
    assert "Born in 1996: check the birthday (only for Youth, aged 15 to 29)" in said, said
    _, said = financing(1996, "fr")
    assert "Né(e) en 1996 : vérifier la date d’anniversaire (réservé à : Jeunes, de 15 à 29 ans)" in said, said
    need, _ = financing(1997)  # 28 or 29: young
    assert youth in [c["service"] for c in need["matches"]], need
    need, _ = financing(1995)  # 30 or 31: not
    assert youth in [c["service"] for c in need["excluded"]], need


def services(need: dict, kind: str) -> list[str]:
    return [c["service"] for c in need[kind]]


def test_what_the_report_says_is_for_people_or_for_members_is_not_offered_to_others(ottawa, tmp_path, cedta):
    """D4, D6, D9, D10: an immigrant-serving charity founding a social enterprise had its mentoring
    need met by the mentoring of the CED network's participants and its legal need by OCCSC's
    referral for its clientele (§9 a and h name both as gaps); the YMCA-YWCA's business-plan help
    was a free fit for people never on EI (§4.1.1, the §6 box); COPO's help for heritage
    organisations and Ottawa Festivals' workshops for festivals were offered to a cleaning co-op
    and a painter."""
    charity = profile(tmp_path, """\
kind: organisation
hub: immigrants
profile:
  org_type: charity
  founding: social-enterprise
  populations: [immigrants, social-economy]
  languages: {speaks: [en, fr], reads_writes: [en, fr]}
  stage: idea
  budget: {max_fee: 0}
needs: [{topic: mentoring}, {topic: legal}, {topic: organizational-development}]
""")
    out = json.loads(cedta(ottawa, "match", "--profile", charity, "--format", "json").stdout)
    assert need_of(out, "mentoring")["gap"] and need_of(out, "legal")["gap"], out
    assert "ottawa-ced-network/mentoring-consulting" in services(need_of(out, "mentoring"), "excluded")
    assert "ottawa-chinese-community-services-centre/legal-referral" in services(need_of(out, "legal"), "excluded")
    assert "copo/member-advice-mentoring-workshops" in services(need_of(out, "organizational-development"), "excluded")
    person = """\
kind: individual
hub: francophones
profile:
  populations: [francophones, arts-culture]
  languages: {{speaks: [en, fr], reads_writes: [en, fr]}}
  stage: idea
  {ei}
  budget: {{max_fee: 0}}
needs: [{{topic: business-plan, level: beginner}}, {{topic: fundraising}}]
"""
    ymca = "ymca-ywca-enterprise-centre/business-plan-consulting"
    out = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, person.format(ei="ei: {status: never}")),
                           "--format", "json").stdout)
    plan = need_of(out, "business-plan")
    assert ymca in services(plan, "excluded") and ymca not in services(plan, "matches"), plan
    assert "ottawa-festivals/festival-organiser-workshops" in services(need_of(out, "fundraising"), "excluded")
    claimant = person.format(ei="ei: {status: current}")
    out = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, claimant), "--format", "json").stdout)
    assert ymca in services(need_of(out, "business-plan"), "matches")
    said = " ".join(cedta(ottawa, "match", "--profile", profile(tmp_path, person.format(ei="")), "--excluded").stdout.split())
    assert "Employment Insurance" in said and "YMCA" in said, said


def test_the_report_and_the_summary_name_a_reason_with_one_word(ottawa, cedta):
    """D13 (and review 10, V7): the report said « pourquoi : stade du projet » where `match` and
    `show` say « étape »; the summary had its own words for five of the reasons."""
    for i in (1, 2):
        client(ottawa, f"c-2026-010{i}", "francophones", f"""\
profile:
  populations: [francophones]
  birth_year: 1950
  ei: {{status: never}}
  languages: {{speaks: [fr], reads_writes: [fr]}}
  stage: established
  budget: {{max_fee: 0}}
needs:
  - {{topic: self-employment, level: advanced}}
""", day="2026-05-04")
    summary = " ".join(cedta(ottawa, "--today", "2026-11-27", "match", "--all", "--summary", lang="fr").stdout.split())
    report = " ".join(cedta(ottawa, "--today", "2026-11-27", "report", "--no-suppress", lang="fr").stdout.split())
    assert "stade" not in report and "stade" not in summary
    assert "étape du projet 2" in summary, summary
    assert "étape" in report.split("pourquoi :", 1)[1][:200], report


def test_an_organisation_s_recorded_populations_answer_the_indigenous_ownership_question(ottawa, tmp_path, cedta):
    """D5: a co-op of immigrant women (populations recorded, no Indigenous people among them) was
    asked its Indigenous ownership share, so its need for capital was "to confirm" and never
    reached the forum (§9 d); a person in the same case is left out at once."""
    text = """\
kind: organisation
hub: immigrants
profile:
  org_type: co-operative
  populations: [{pops}]
  languages: {{speaks: [en, fr], reads_writes: [en, fr]}}
  stage: start-up
  budget: {{max_fee: 0}}
needs: [{{topic: financing}}]
"""
    abc = "aboriginal-business-canada/start-up-growth-funding"
    out = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, text.format(pops="immigrants, women")),
                           "--format", "json").stdout)
    need = need_of(out, "financing")
    assert abc in services(need, "excluded") and need["gap"], need
    said = " ".join(cedta(ottawa, "match", "--profile", profile(tmp_path, text.format(pops="immigrants, women"))).stdout.split())
    assert "Indigenous people are not among the populations recorded" in said, said
    out = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, text.format(pops="indigenous")),
                           "--format", "json").stdout)
    assert abc in services(need_of(out, "financing"), "to_confirm")  # the share is still asked
    recorded = text.format(pops="immigrants").replace("  stage:", "  indigenous_ownership_percent: 60\n  stage:")
    out = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, recorded), "--format", "json").stdout)
    assert abc not in services(need_of(out, "financing"), "excluded")  # a share recorded wins


def test_a_new_workshop_lever_is_in_french_for_a_client_who_speaks_spanish_and_french(ottawa, cedta):
    """D7: the lever for a Colombian artist who speaks and writes Spanish and French was "a new
    workshop in Spanish" (the hardest change, read as the §6 Spanish cohort); the hub's director
    works in French, which she speaks."""
    client(ottawa, "c-2026-0102", "immigrants", """\
profile:
  birth_year: 1980
  populations: [immigrants, arts-culture]
  languages: {speaks: [es, fr], reads_writes: [es, fr]}
  ei: {status: never}
  employment: {status: employed, hours_per_week: 30}
  stage: idea
  budget: {max_fee: 0}
needs:
  - {topic: self-employment, level: beginner}
""", day="2026-05-04")
    out = json.loads(cedta(ottawa, "--today", "2026-11-27", "gaps", "--format", "json").stdout)
    levers = [lv for lv in out["levers"] if "demand/immigrants/self-employment/beginner" in lv["gaps"]]
    assert levers, out["levers"]
    new = [lv for lv in levers if lv["new"]] + [a for lv in levers for a in lv["alternatives"] if a.get("new")]
    assert new and all(dict(map(tuple, lv["changes"])).get("language") == "fr" for lv in new), new


def test_the_report_says_how_many_can_come_only_on_evenings_or_weekends(ottawa, cedta):
    """D3: the report said nothing of evenings and weekends (§6: « elle doit être offerte le soir et
    la fin de semaine »); only `gaps`, which is not for sharing, counted those clients."""
    for i in range(1, 7):
        client(ottawa, f"c-2026-011{i}", "francophones", f"""\
profile:
  populations: [francophones]
  languages: {{speaks: [fr], reads_writes: [fr]}}
  availability: [{'evenings' if i < 6 else 'weekdays'}]
needs:
  - {{topic: marketing, level: beginner}}
""")
    out = json.loads(cedta(ottawa, "--today", "2026-11-27", "report", "--quarter", "2026Q2", "--format", "json").stdout)
    # (seven services are offered any time: websites, a toll-free line, online resources)
    assert out["evenings"]["clients_only_then"] == 5 and out["evenings"]["services_known"] == 7, out["evenings"]
    assert "Evenings and weekends: 5 clients with an open file can come only then" in out["gaps_text"]
    fr = cedta(ottawa, "--today", "2026-11-27", "report", "--quarter", "2026Q2", lang="fr").stdout
    assert "Soirs et fins de semaine : 5 clients aux dossiers ouverts" in " ".join(fr.split())
    (ottawa / "clients" / "c-2026-0115.yaml").unlink()  # 4: hidden in a shared report
    out = json.loads(cedta(ottawa, "--today", "2026-11-27", "report", "--quarter", "2026Q2", "--format", "json").stdout)
    assert out["evenings"]["clients_only_then"] == "<5" and "<5 clients with an open file" in out["gaps_text"]


def test_a_hub_s_count_under_the_gaps_does_not_give_away_the_other_hubs_small_one(ottawa, cedta):
    """The counts under the gap list are suppressed as one table over the hubs and the network:
    with three hubs, two hubs' exact counts subtracted from the network's gave away the third's
    "<5" (review 10b, R1)."""
    hub = (ottawa / "hubs" / "immigrants.yaml").read_text(encoding="utf-8")
    (ottawa / "hubs" / "women.yaml").write_text(hub.replace("id: immigrants", "id: women").replace(
        "population: immigrants", "population: women"), encoding="utf-8")
    n = 0
    for hub_id, count in (("francophones", 2), ("immigrants", 6), ("women", 7)):
        for _ in range(count):
            n += 1
            client(ottawa, f"c-2026-02{n:02d}", hub_id, f"""\
profile:
  populations: [francophones]
  languages: {{speaks: [fr], reads_writes: [fr]}}
  availability: [evenings]
needs:
  - {{topic: marketing, level: beginner}}
""")
    assert cedta(ottawa, "validate").exit_code == 0, cedta(ottawa, "validate").output

    def evenings(*args):
        out = json.loads(cedta(ottawa, "--today", "2026-11-27", "report", "--quarter", "2026Q2", "--format", "json",
                               *args).stdout)
        return out["evenings"]["clients_only_then"], out["gaps_text"]

    shown = {h: evenings("--hub", h)[0] for h in ("francophones", "immigrants", "women")}
    network, _ = evenings()
    assert shown["francophones"] == "<5", shown
    exact = [v for v in shown.values() if isinstance(v, int)]
    assert not (isinstance(network, int) and len(exact) == 2), (network, shown)  # 15 - 6 - 7 = 2
    hidden = [h for h, v in shown.items() if v == "x"]
    assert hidden and "a hidden number of clients with an open file can come only then" in evenings("--hub", hidden[0])[1]
    assert evenings("--hub", "francophones", "--no-suppress")[0] == 2


def test_needs_with_only_services_to_confirm_are_counted_with_what_they_ask(ottawa, cedta):
    """D8: a $0 client whose only options are user-pays or "fees unknown" was counted nowhere: not
    a gap, not met; the fee barrier (§9 g) never reached the forum."""
    for i in range(1, 6):
        client(ottawa, f"c-2026-013{i}", "francophones", f"""\
profile:
  birth_year: 1975
  populations: [francophones]
  languages: {{speaks: [fr, en], reads_writes: [fr, en]}}
  stage: growth
  budget: {{max_fee: 0}}
needs:
  - {{topic: networking, level: intermediate}}
""")
    out = json.loads(cedta(ottawa, "--today", "2026-11-27", "gaps", "--format", "json").stdout)
    needs = out["needs"]
    assert (needs["only_to_confirm"], needs["only_to_confirm_clients"], needs["unmet"]) == (5, 5, 0), needs
    assert needs["only_to_confirm_asks"] and sum(needs["only_to_confirm_asks"].values()) >= needs["only_to_confirm"]
    assert "have only services to confirm; the questions their likeliest service asks (it may ask several):" in out["demand_text"]
    report = json.loads(cedta(ottawa, "--today", "2026-11-27", "report", "--quarter", "2026Q2", "--format", "json").stdout)
    shown = report["gaps_apart"]["to_confirm"]
    assert shown == needs["only_to_confirm"] if needs["only_to_confirm"] >= 5 else shown == "<5"
    assert "needs with only services to confirm" in report["gaps_text"] or "need with only services to confirm" in report["gaps_text"]


def test_a_referral_comes_after_the_help_itself(ottawa, tmp_path, cedta):
    """D11: for a Persian-speaking architect with $300 for legal advice, OCCSC's referral "to its
    clientele" came first and `--plan` wrote it, ahead of the OCRI lawyers at $25–$35 an hour."""
    path = profile(tmp_path, """\
kind: individual
hub: immigrants
profile:
  birth_year: 1982
  populations: [immigrants]
  languages: {speaks: [fa, en], reads_writes: [fa, en]}
  foreign_trained_professional: true
  stage: start-up
  budget: {max_fee: 300}
needs: [{topic: legal}]
""")
    out = json.loads(cedta(ottawa, "match", "--profile", path, "--format", "json").stdout)
    fits = need_of(out, "legal")["matches"]
    referrals = [i for i, c in enumerate(fits) if c["service"].endswith("referral")]
    direct = [i for i, c in enumerate(fits) if not c["service"].endswith("referral")]
    assert referrals and direct and max(direct) < min(referrals), [c["service"] for c in fits]


def test_a_person_who_may_still_be_14_is_asked_the_birthday_too(ottawa, tmp_path, cedta):
    """Review 10b, R2: born in 2011, in 2026 the person is 14 or 15, and was a plain fit "eligible
    (for Youth)": the birthday question worked only at the upper limit."""
    path = profile(tmp_path, """\
kind: individual
hub: francophones
profile:
  birth_year: 2011
  populations: [women]
  languages: {speaks: [en, fr], reads_writes: [en, fr]}
  stage: idea
needs: [{topic: financing, level: beginner}]
""")
    out = json.loads(cedta(ottawa, "--today", "2026-11-27", "match", "--profile", path, "--format", "json").stdout)
    youth = "ocri-entrepreneurship-centre/youth-mentoring-financing"
    assert youth in services(need_of(out, "financing"), "to_confirm"), need_of(out, "financing")
    said = " ".join(cedta(ottawa, "--today", "2026-11-27", "match", "--profile", path).stdout.split())
    assert "Born in 2011: check the birthday (only for Youth, aged 15 to 29)" in said


def test_a_service_offered_at_any_time_runs_on_evenings_and_weekends(ottawa, cedta):
    """Hostile pass 10b, 3: the evenings line said "services known to run then: 0" and `find
    --evenings` found nothing, though seven services (websites, a toll-free line, online
    resources) are offered `any-time`."""
    r = cedta(ottawa, "find", "--evenings", "--format", "json")
    found = json.loads(r.stdout) if r.exit_code == 0 else []
    assert found and all(x["schedule"] for x in found), r.output
    client(ottawa, "c-2026-0141", "francophones", """\
profile:
  populations: [francophones]
  languages: {speaks: [fr], reads_writes: [fr]}
  availability: [evenings]
needs:
  - {topic: marketing, level: beginner}
""")
    out = json.loads(cedta(ottawa, "--today", "2026-11-27", "gaps", "--format", "json").stdout)
    assert out["evenings"]["services_known"] >= 7, out["evenings"]


def test_a_need_met_only_pending_a_question_does_not_close_a_forum_priority(ottawa, cedta):
    """A need with only services to confirm (a price to ask of a $0 budget) is no evidence that the
    gap a forum prioritised has closed (as C0 had it for needs met by nothing)."""
    client(ottawa, "c-2026-0151", "francophones", """\
profile:
  birth_year: 1975
  populations: [francophones]
  languages: {speaks: [fr, en], reads_writes: [fr, en]}
  stage: growth
  budget: {max_fee: 0}
needs:
  - {topic: networking, level: intermediate}
""")
    network = ottawa / "network.yaml"
    text = network.read_text(encoding="utf-8")
    entry = "  - {gap: demand/francophones/networking/intermediate, date: 2026-06-18, decision: Networking at no cost.}\n"
    network.write_text(text.replace("priorities:\n", "priorities:\n" + entry, 1) if "priorities:\n" in text
                       else text + "priorities:\n" + entry, encoding="utf-8")
    assert cedta(ottawa, "validate").exit_code == 0, cedta(ottawa, "validate").output
    out = json.loads(cedta(ottawa, "--today", "2026-11-27", "gaps", "--format", "json").stdout)
    assert out["needs"]["only_to_confirm"] == 1
    [state] = [p for p in out["priorities"] if p["gap"] == "demand/francophones/networking/intermediate"]
    assert state["status"] != "closed", state


def test_a_service_made_for_professionals_trained_abroad_ranks_first_for_one(ottawa, tmp_path, cedta):
    """Coordinator 11, E2: for a civil engineer trained abroad, OLSI's program for foreign-trained
    professionals (§4.1.2) ranked below a general workshop for immigrants, and `match --plan` made
    the workshop step 1: a met rule saying whom a service is made for weighed 0.5, "free" 2. For
    a client not trained abroad, OLSI stays to confirm."""
    text = """\
kind: individual
profile:
  populations: [immigrants]
  languages: {speaks: [en]}
  foreign_trained_professional: true
  stage: idea
needs: [{topic: administrative-procedures, level: intermediate}]
"""
    out = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, text), "--format", "json").stdout)
    first = need_of(out, "administrative-procedures")["matches"][0]
    assert first["service"] == "olsi-competences-mondiales/foreign-trained-professionals-start-up-information"
    other = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, text.replace(
        "foreign_trained_professional: true", "foreign_trained_professional: false")), "--format", "json").stdout)
    assert "olsi-competences-mondiales/foreign-trained-professionals-start-up-information" not in \
        [m["service"] for m in need_of(other, "administrative-procedures")["matches"]]


def test_services_made_for_a_population_the_record_does_not_list_come_last_to_confirm(ottawa, tmp_path, cedta):
    """Coordinator 11, E11: for a man recorded as an immigrant, five women's networks filled the
    first places of "to confirm" before the chambers that only ask for a membership. With no
    population recorded, nothing is known either way: the order is by questions alone."""
    text = """\
kind: individual
profile:
  populations: [immigrants]
  languages: {speaks: [en]}
  stage: start-up
  budget: {max_fee: 0}
needs: [{topic: networking, level: beginner}]
"""
    # a women's network that is free and open to all women: one question, where the chambers ask two
    # (the price, the membership)
    path = ottawa / "providers" / "biz-savvy-woman.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    fees: user-pays\n    # The", "    fees: free\n    # The")
                    .replace("    eligibility:\n      - {member_of: {org: biz-savvy-woman}}\n    source:\n      where: Annex A, Femmes\n      line: 978",
                             "    source:\n      where: Annex A, Femmes\n      line: 978"), encoding="utf-8")
    out = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, text), "--format", "json").stdout)
    ask = need_of(out, "networking")["to_confirm"]
    assert "biz-savvy-woman/networking-workshops" in [c["service"] for c in ask]
    women = [i for i, c in enumerate(ask) if "women" in c["service"] or "woman" in c["service"] or "wit" in c["service"]]
    assert len(women) >= 3 and women == list(range(len(ask) - len(women), len(ask))), [c["service"] for c in ask]


def test_a_service_whose_step_was_dropped_is_tried_not_offered_again(ottawa, tmp_path, cedta):
    """Coordinator 12, G1: a program dropped from the plan as "planned, not offered" came back as
    the first fit, `match --plan` wrote it back, and the need never reached the forum's demand."""
    body = """\
profile:
  populations: [francophones]
  languages: {speaks: [fr], reads_writes: [fr]}
  stage: idea
needs: [{topic: marketing, level: beginner, priority: 1}]
"""
    client(ottawa, "c-2026-0201", "francophones", body)
    first = json.loads(cedta(ottawa, "match", "c-2026-0201", "--format", "json").stdout)
    fits = [m["service"] for m in need_of(first, "marketing")["matches"]]
    assert fits
    tried = fits[0]
    client(ottawa, "c-2026-0201", "francophones", body + f"""\
plan:
  - {{topic: marketing, level: beginner, service: {tried}, status: dropped, dropped: 2026-09-15, note: Not offered this year.}}
""")
    assert cedta(ottawa, "validate").exit_code == 0
    again = json.loads(cedta(ottawa, "match", "c-2026-0201", "--format", "json").stdout)
    need = need_of(again, "marketing")
    assert tried not in [m["service"] for m in need["matches"] + need["to_confirm"]]
    [left] = [x for x in need["excluded"] if x["service"] == tried]
    assert [r["code"] for r in left["reasons"]] == ["tried"]
    said = " ".join(cedta(ottawa, "match", "c-2026-0201", "--excluded").stdout.split())
    assert "tried before: plan step 1, dropped on September 15, 2026" in said
    fr = " ".join(cedta(ottawa, "match", "c-2026-0201", "--excluded", lang="fr").stdout.split())
    assert "déjà essayé : étape 1 du plan, abandonnée le 15 septembre 2026" in fr
    r = cedta(ottawa, "match", "c-2026-0201", "--plan", "--yes")
    assert r.exit_code == 0, r.output
    steps = (ottawa / "clients" / "c-2026-0201.yaml").read_text(encoding="utf-8").split("plan:")[1]
    assert steps.count(tried) == 1  # the dropped step only: not written back
    # with only that service, the need is demand the forum hears of
    only = body.replace("marketing", "administrative-procedures")
    out = json.loads(cedta(ottawa, "match", "--profile", profile(tmp_path, "kind: individual\n" + only),
                           "--format", "json").stdout)
    services = [m["service"] for m in need_of(out, "administrative-procedures")["matches"]
                + need_of(out, "administrative-procedures")["to_confirm"]]
    plan = "".join(f"  - {{topic: administrative-procedures, level: beginner, service: {s}, status: dropped, "
                   f"dropped: 2026-09-15}}\n" for s in services)
    client(ottawa, "c-2026-0201", "francophones", only + "plan:\n" + plan)
    gaps = json.loads(cedta(ottawa, "gaps", "--format", "json").stdout)
    assert any(d["id"].startswith("demand/francophones/administrative-procedures/") for d in gaps["demand"]), \
        [d["id"] for d in gaps["demand"]]


def test_a_service_dropped_then_taken_up_again_is_not_tried(ottawa, cedta):
    """Review 12, R5: a client who dropped a program and then came back to it (an active step on it)
    saw it left out as "tried before", in match and in the summary."""
    body = """\
profile:
  populations: [francophones]
  languages: {speaks: [fr], reads_writes: [fr]}
  stage: idea
needs: [{topic: marketing, level: beginner, priority: 1}]
"""
    client(ottawa, "c-2026-0202", "francophones", body)
    first = json.loads(cedta(ottawa, "match", "c-2026-0202", "--format", "json").stdout)
    ref = need_of(first, "marketing")["matches"][0]["service"]
    client(ottawa, "c-2026-0202", "francophones", body + f"""\
plan:
  - {{topic: marketing, level: beginner, service: {ref}, status: dropped, dropped: 2026-09-15}}
  - {{topic: marketing, level: beginner, service: {ref}, status: active}}
""")
    again = json.loads(cedta(ottawa, "match", "c-2026-0202", "--format", "json").stdout)
    assert ref in [m["service"] for m in need_of(again, "marketing")["matches"]]


def test_plan_add_takes_the_services_topic_and_reads_need_as_topic(ottawa, cedta):
    """Coordinator 12, G7: `plan add --service X/Y --need T` was refused with "--level, --note" offered,
    --topic (required) not among them."""
    client(ottawa, "c-2026-0203", "francophones", "profile: {populations: [francophones]}\n"
           "needs: [{topic: networking, level: beginner, priority: 1}, {topic: marketing, priority: 2}]\n")
    r = cedta(ottawa, "plan", "c-2026-0203", "add", "--service", "ottawa-ced-network/networking-workshops")
    assert r.exit_code == 0 and "step 1 added (Networking)" in r.stdout, r.output
    r = cedta(ottawa, "plan", "c-2026-0203", "add", "--need", "marketing")
    assert r.exit_code == 0 and "step 2 added (Marketing)" in r.stdout, r.output
    r = cedta(ottawa, "plan", "c-2026-0203", "add", "--level", "beginner")
    assert r.exit_code == 2 and "give the step's topic (--topic T), or its service" in r.output
