"""What a coordinator checked against the 2008 report's profiles (session 5): a service made for
another population is asked about, never a plain fit (F2), and one made for the client's ranks first
(F6); an unknown schedule is a caveat for a client free only evenings or weekends (F3); a fee keeps
its range and unit (N6, F16); a program that gives money is not "ask the price" (F13); an unknown age
is asked, and a service left out still lists what would have to be asked (F13)."""

from __future__ import annotations

from pathlib import Path

from cedta.match import Directory, match_client
from cedta.records import model as m
from tests.test_match import TODAY, client, codes, directory, one, service


def test_a_service_made_for_another_population_is_asked_about_and_ranked_below_plain_fits():
    d = directory(service("farm", populations=["agriculture"]), service("any"))
    need = one(match_client(client(populations=["youth"]), d, TODAY))
    assert [c.ref for c in need.matches] == ["p/any"]
    [farm] = need.to_confirm
    [q] = farm.questions
    assert q.code == "population"
    # (coordinator pass 8, K5) the populations recorded are the answer: the provider is asked
    assert q.en == ("Made for Agriculture, which the client's record does not list: ask whether the service "
                    "takes others")
    assert q.fr == ("Conçu pour : Agriculture, que le dossier du client ne mentionne pas ; demander si le "
                    "service accepte d’autres personnes")
    # no population recorded: the client is asked too; an organisation, whether it is led by or serves them
    [q] = one(match_client(client(populations=[]), d, TODAY)).to_confirm[0].questions
    assert q.en == "Made for Agriculture: ask whether the client belongs, or whether the service takes others"
    [q] = one(match_client(client(populations=[], kind="organisation"), d, TODAY)).to_confirm[0].questions
    assert q.en == ("Made for Agriculture: ask whether the organisation is led by or serves them, or whether "
                    "the service takes others")
    # the farmer gets it as a plain fit, first
    need = one(match_client(client(populations=["agriculture"]), d, TODAY))
    assert [c.ref for c in need.matches] == ["p/farm", "p/any"]


def test_population_fit_outweighs_a_known_fee():
    d = directory(service("generic", fees=[{"amount": 0}]), service("ours", fees="unknown", populations=["women"]))
    need = one(match_client(client(populations=["women"], budget={"max_fee": 100}), d, TODAY))
    assert [c.ref for c in need.matches] == ["p/ours", "p/generic"]
    assert "with that said: fee not recorded (ask the price; budget $100)" in [r.en for r in need.matches[0].reasons]
    # with nothing to spend, an unknown fee is still a question
    need = one(match_client(client(populations=["women"], budget={"max_fee": 0}), d, TODAY))
    assert [c.ref for c in need.to_confirm] == ["p/ours"]


def test_an_organisation_of_the_social_economy_and_a_young_person_are_in_their_population_without_saying_so():
    d = directory(service("se", populations=["social-economy"]), service("young", populations=["youth"]))
    org = client(kind="organisation", org_type="co-operative")
    assert one(match_client(org, d, TODAY)).matches[0].ref == "p/se"
    need = one(match_client(client(birth_year=2004), d, TODAY))  # 22 in 2026
    assert [c.ref for c in need.matches] == ["p/young"]


def test_an_unknown_schedule_is_a_caveat_only_for_a_client_free_evenings_or_weekends():
    d = directory(service("w"), service("g", modes=["guides"]))
    need = one(match_client(client(availability=["evenings", "weekends"]), d, TODAY))
    assert [c.ref for c in need.matches] == ["p/w", "p/g"]  # still fits
    w = need.matches[0]
    assert "with that said: schedule not recorded (ask whether it runs evenings or weekends)" in [r.en for r in w.reasons]
    assert ("cela dit : horaire non consigné (demander s’il est offert en soirée ou en fin de semaine)"
            in [r.fr for r in w.reasons])
    assert not any(r.code == "schedule" for r in need.matches[1].reasons)  # a guide is read at any hour
    need = one(match_client(client(availability=["weekdays", "evenings"]), d, TODAY))
    assert not any(r.code == "schedule" for c in need.matches for r in c.reasons)


def test_a_fee_keeps_its_range_and_unit():
    d = directory(service("c", fees=[{"min": 75, "max": 300, "unit": "hour"}]),
                  service("l", fees=[{"amount": 25, "unit": "session", "minutes": 30}]),
                  service("x", fees=[{"amount": 150, "unit": "program"}]))
    need = one(match_client(client(budget={"max_fee": 500}), d, TODAY))
    words = {c.ref: [r for r in c.reasons if r.code == "fee"][0] for c in need.matches}
    assert words["p/c"].en == "$75–$300 an hour; the budget is $500 a service"
    assert words["p/c"].fr == "75 $ à 300 $ l’heure ; le budget est de 500 $ par service"
    assert words["p/l"].en == "$25 a session of 30 min; the budget is $500 a service"
    assert words["p/x"].en == "$150 for the program, within the budget of $500"
    need = one(match_client(client(budget={"max_fee": 50}), d, TODAY))
    [c] = [c for c in need.excluded if c.ref == "p/c"]
    assert c.reasons[0].en == "$75–$300 an hour, over the budget of $50"


def test_a_known_birth_year_answers_youth_when_no_population_is_recorded():
    """Review 11, Y1: a 46-year-old with no population recorded was asked whether they are young."""
    d = directory(service("rule", eligibility=[{"population": {"in": ["youth"]}}]),
                  service("made", populations=["youth"]))
    need = one(match_client(client(populations=[], birth_year=1980), d, TODAY))
    assert [c.ref for c in need.excluded] == ["p/rule"] and need.excluded[0].reasons[0].code == "eligibility"
    [made] = need.to_confirm
    assert [q.en for q in made.questions] == [
        "Made for Youth, which the client's record does not list: ask whether the service takes others"]
    # born in 1996: 29 or 30 in 2026, still asked
    need = one(match_client(client(populations=[], birth_year=1996), d, TODAY))
    assert sorted(c.ref for c in need.to_confirm) == ["p/made", "p/rule"]


def test_a_range_whose_top_is_over_the_budget_is_not_within_it():
    """Coordinator pass 11, E3: "$40–$150 a workshop, within the budget of $60"; and a $75–$300-an-hour
    consultant ranked with a $25 workshop for a $100 budget."""
    d = directory(service("range", fees=[{"min": 40, "max": 150, "unit": "session"}]),
                  service("cheap", fees=[{"amount": 25, "unit": "session"}]))
    need = one(match_client(client(budget={"max_fee": 60}), d, TODAY))
    assert [c.ref for c in need.matches] == ["p/cheap", "p/range"]
    [fee] = [r for r in need.matches[1].reasons if r.code == "fee"]
    assert fee.near and fee.en == ("with that said: $40–$150 a session; the lowest price is within the budget of "
                                   "$60, the highest is not (ask which applies)"), fee.en
    assert fee.fr.startswith("cela dit : 40 $ à 150 $ la séance ; le prix le plus bas tient dans le budget de 60 $")
    # a range wholly within the budget is within it
    need = one(match_client(client(budget={"max_fee": 200}), d, TODAY))
    [fee] = [r for r in need.matches[[c.ref for c in need.matches].index("p/range")].reasons if r.code == "fee"]
    assert not fee.near and fee.en == "$40–$150 a session; the budget is $200 a service", fee.en


def test_a_program_that_gives_money_is_not_asked_its_price():
    d = directory(service("fund", topic="financing", modes=["funding"], fees="unknown"))
    need = one(match_client(client(budget={"max_fee": 0}, needs=[{"topic": "financing"}]), d, TODAY))
    assert [c.ref for c in need.matches] == ["p/fund"]


def test_an_unknown_age_is_asked_not_failed_and_a_left_out_service_lists_what_else_to_ask():
    d = directory(service("y", populations=["youth"], eligibility=[{"population": {"in": ["youth"]}}]),
                  service("ei", languages=["fr"], eligibility=[{"ei": {"within_years": 3}}]))
    need = one(match_client(client(populations=["immigrants"]), d, TODAY))
    [y] = need.to_confirm
    assert [q.en for q in y.questions] == ["How old is the client? (only for Youth)"]
    [ei] = need.excluded
    assert [r.code for r in ei.reasons] == ["language"]
    assert [q.en for q in ei.questions] == [
        "Is the client receiving Employment Insurance, or did they in the last 3 years? "
        "(EI claimant now or within 3 years)"]
    # a known age decides it, in words without a double colon
    need = one(match_client(client(populations=["immigrants"], birth_year=1960), d, TODAY))
    y = [c for c in need.excluded if c.ref == "p/y"][0]
    assert y.reasons[0].en == "only for Youth; the client is recorded as Immigrants and ethnic minorities"
    assert y.reasons[0].fr == "réservé à la population « Jeunes » ; le dossier indique : Immigrants et minorités ethniques"


def test_a_young_person_with_no_population_recorded_meets_a_youth_rule():
    d = directory(service("y", eligibility=[{"population": {"in": ["youth"]}}]))
    assert one(match_client(client(birth_year=2004), d, TODAY)).matches  # 22 in 2026
    assert one(match_client(client(), d, TODAY)).to_confirm  # age and populations unknown: asked


def test_a_gaps_nearest_misses_put_first_what_the_clients_path_can_lift():
    # F6: the loan fund after a business plan (§9 "grade 1, then grade 2") before a youth program
    # that a 42-year-old can never enter
    d = directory(service("youth", topic="financing", eligibility=[{"age": {"min": 15, "max": 30}}]),
                  service("loan", topic="financing", stages=["start-up"],
                          eligibility=[{"has": {"all": ["business-plan"]}}]))
    need = one(match_client(client(birth_year=1984, stage="idea", has=["business-idea"],
                                   needs=[{"topic": "financing"}]), d, TODAY))
    assert need.gap and [c.ref for c in need.nearest] == ["p/loan", "p/youth"]


def test_a_service_with_few_places_says_how_many_are_left():
    d = directory(service(capacity={"count": 5, "per": "year", "unit": "organisations"}))
    [fit] = one(match_client(client(), d, TODAY, {"p/s": 2})).matches
    assert "with that said: 5 organisations a year (2 taken by other clients' open steps)" in [r.en for r in fit.reasons]
    assert "cela dit : 5 organismes par an (2 pris par les étapes ouvertes d’autres dossiers)" in [r.fr for r in fit.reasons]


def test_what_a_coordinator_reads_for_the_spanish_speaker_and_the_youth_walk_in(cedta, tmp_path):
    shipped = Path(__file__).resolve().parents[1] / "data"
    r = cedta(shipped, "match", "c-2026-0001")
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "in Chinese, Cantonese and English only; the client speaks Spanish → were that lifted, still to ask: " \
           "fees unknown: ask the price (budget $0)" in text
    # §4.1.5: a 22-year-old wanting a bike-repair shop gets the YMCA-YWCA youth program first, and the
    # farmers' training only to confirm (F2, F4)
    f = tmp_path / "youth.yaml"
    f.write_text("kind: individual\nprofile:\n  languages: {speaks: [en], reads_writes: [en]}\n  birth_year: 2004\n"
                 "  ei: {status: never}\n  employment: {status: unemployed}\n  stage: idea\n  has: [business-idea]\n"
                 "  budget: {max_fee: 0}\n  preferred_modes: [workshops]\n"
                 "needs:\n  - {topic: business-plan, level: beginner}\n", encoding="utf-8")
    r = cedta(shipped, "match", "--profile", str(f), lang="fr")
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert text.index("✓ Programme d’emploi autonome pour les jeunes") == text.index("✓")  # the first fit
    assert "? Programme de formation des agriculteurs — Alimentation juste just-food/farmer-training-program " \
           "→ Conçu pour : Agriculture ; demander si le client en fait partie, sinon si le service accepte " \
           "d’autres personnes" in text  # (no population recorded: the client is asked)


def test_a_service_at_the_needs_level_ranks_before_one_a_level_off_whatever_else_it_adds():
    """Coordinator pass 9, C1: a growing business's intermediate marketing need got, first and in
    its plan, a beginners' workshop made for its population, ahead of the intermediate ones."""
    from cedta.match.plan import propose

    d = directory(service("beginners", topic="marketing", levels={"from": "beginner", "to": "beginner"},
                          populations=["francophones"]),
                  service("intermediate", topic="marketing", levels={"from": "intermediate", "to": "advanced"},
                          fees=[{"amount": 25}]))
    c = client(needs=[{"topic": "marketing", "level": "intermediate"}], populations=["francophones"],
               budget={"max_fee": 100})
    result = match_client(c, d, TODAY)
    assert [x.ref for x in one(result).matches] == ["p/intermediate", "p/beginners"]
    assert one(result).matches[1].score > one(result).matches[0].score  # it would have led on score alone
    assert [s["service"] for s in propose(c, result, d.levels).steps] == ["p/intermediate"]


def test_a_clients_own_step_takes_no_place_from_it():
    """Newcomer pass 9, S9-2: the two clients holding the two places of a mentoring program were each
    told it was full ("2 places a year, 2 taken"), one of the two being their own."""
    from cedta.match import places_taken

    d = directory(service(capacity={"count": 2, "per": "year", "unit": "clients"}))
    step = [{"topic": "business-plan", "level": "beginner", "service": "p/s", "status": "active"}]
    a = client(plan=step)
    b = client(plan=step).model_copy(update={"id": "c-2"})
    newcomer = client().model_copy(update={"id": "c-3"})
    taken = places_taken([a, b])
    [fit] = one(match_client(a, d, TODAY, taken)).matches
    assert "with that said: 2 clients a year (1 taken by other clients' open steps)" in [r.en for r in fit.reasons]
    assert one(match_client(b, d, TODAY, taken)).matches
    [full] = one(match_client(newcomer, d, TODAY, taken)).excluded
    assert codes(full) == ["capacity"]


def test_an_interpreter_lets_spoken_help_fit_but_not_a_plan_the_client_writes():
    """Coordinator pass 9, C3: the hub pays interpreters (network.yaml says so) but nothing could
    record it: every French workshop was left out for a Spanish speaker, for good."""
    d = directory(service("marketing", topic="marketing", languages=["fr"]),
                  service("plan", topic="business-plan", languages=["fr"]))
    spanish = {"speaks": ["es"], "reads_writes": ["es"]}
    c = client(needs=[{"topic": "marketing", "level": "beginner"}, {"topic": "business-plan", "level": "beginner"}],
               languages={**spanish, "interpreter": ["fr"]})
    marketing, plan = match_client(c, d, TODAY).needs
    [fit] = marketing.matches
    assert "with that said: in French, through an interpreter (the client speaks Spanish)" in [r.en for r in fit.reasons]
    assert "cela dit : en français, avec un interprète (le client parle espagnol)" in [r.fr for r in fit.reasons]
    assert plan.gap and codes(plan.excluded[0]) == ["language"]  # the plan is written in French: not hers
    alone = client(needs=[{"topic": "marketing", "level": "beginner"}], languages=spanish)
    assert one(match_client(alone, d, TODAY)).gap


def test_a_population_within_another_is_in_it_for_matching():
    """Newcomer pass 9, S9-3: a Franco-Ontarian was asked about a service made for francophones
    ("which the client's record does not list"): `part_of` in the vocabulary says it is within."""
    import copy

    from cedta.records.vocab import builtin

    vocab = builtin()
    problems = vocab.extend({"populations": {"franco-ontarians": {"en": "Franco-Ontarians", "fr": "Franco-Ontariens",
                                                                  "part_of": ["francophones"]},
                                             "loop": {"en": "Loop", "fr": "Boucle", "part_of": ["loop"]}}})
    assert [p[:3] for p in problems] == [("populations", "loop", "vocab-part-of")]
    assert problems[0][3]["value"] == "loop"  # the value at fault named (newcomer 15, N15-5)
    # a circle of two (hostile 12, 9g): each is said
    circle = builtin().extend({"populations": {"a-people": {"en": "A", "fr": "A", "part_of": ["b-people"]},
                                               "b-people": {"en": "B", "fr": "B", "part_of": ["a-people"]}}})
    assert sorted(circle) == [("populations", "a-people", "vocab-part-of"), ("populations", "b-people", "vocab-part-of")]
    prov = m.Provider.model_validate({"id": "p", "name": {"en": "P", "fr": "P"}, "kind": "non-profit",
                                      "services": [service(populations=["francophones"])]})
    d = Directory.build([prov], [], None, copy.deepcopy(vocab), TODAY)
    c = m.Client.model_validate({
        "id": "c-1", "kind": "individual", "hub": "h", "intake": {"date": "2026-01-05", "by": "p"},
        "consent": {"given": "2026-01-05"},
        "profile": {"populations": ["franco-ontarians"], "languages": {"speaks": ["fr"], "reads_writes": ["fr"]}},
        "needs": [{"topic": "business-plan", "level": "beginner"}]}, context={"vocab": vocab})
    [fit] = one(match_client(c, d, TODAY)).matches
    assert "made for Francophones" in [r.en for r in fit.reasons]


def test_an_interpreter_is_the_stop_gap_and_the_writing_question_stays():
    """Review 9, F13 and F4: help through an interpreter at the right level ranked above help in the
    client's own language a level off; with no written languages recorded, the writing caveat
    of a business plan went missing."""
    d = directory(service("english", topic="marketing", languages=["en"],
                          levels={"from": "intermediate", "to": "intermediate"}),
                  service("cantonese", topic="marketing", languages=["yue"],
                          levels={"from": "beginner", "to": "beginner"}),
                  service("plan", topic="business-plan", languages=["en"]))
    c = client(needs=[{"topic": "marketing", "level": "intermediate"}, {"topic": "business-plan", "level": "beginner"}],
               languages={"speaks": ["yue"], "interpreter": ["en"]})
    marketing, plan = match_client(c, d, TODAY).needs
    assert [x.ref for x in marketing.matches] == ["p/cantonese", "p/english"]
    assert any("the client's written languages are not recorded" in r.en for r in plan.matches[0].reasons)


def test_a_client_takes_one_place_whatever_its_number_of_steps_on_the_service():
    """Hostile pass 9b, #10: a second open step of one client on a program counted as a second place."""
    from cedta.match import places_taken

    step = {"topic": "business-plan", "level": "beginner", "service": "p/s", "status": "active"}
    assert places_taken([client(plan=[step, {**step, "status": "planned"}])]) == {"p/s": 1}


def test_ei_within_three_years_is_counted_by_the_calendar():
    """Review 11, Y7: days over 365.25 made a claim ended exactly 3 years ago fail on 2026-11-27
    (two leap days between) and pass on 2027-06-01 (one)."""
    import datetime as dt

    from cedta.records import eligibility as el

    rule = m.EligibilityRule.model_validate({"ei": {"within_years": 3}})
    for today, ended, ok in (("2026-11-27", "2023-11-27", True), ("2026-11-27", "2023-11-26", False),
                             ("2027-06-01", "2024-06-01", True), ("2027-06-01", "2024-05-31", False),
                             ("2028-02-29", "2025-02-28", True), ("2028-02-29", "2025-02-27", False)):
        c = client(ei={"status": "past", "ended": ended})
        outcome = el.evaluate(rule, c, dt.date.fromisoformat(today)).outcome
        assert (outcome == el.PASS) == ok, (today, ended, outcome)


def test_a_choice_of_rules_reads_the_populations_a_record_implies():
    """Review 11, Y3: "youth or women" written as `any_of` left out a 23-year-old whom the same rule
    written plainly let in (the age implies youth)."""
    plain = service("plain", eligibility=[{"population": {"in": ["youth", "women"]}}])
    choice = service("choice", eligibility=[{"any_of": [{"population": {"in": ["youth"]}},
                                                        {"population": {"in": ["women"]}}]}])
    need = one(match_client(client(populations=["immigrants"], birth_year=2003), directory(plain, choice), TODAY))
    assert sorted(c.ref for c in need.matches) == ["p/choice", "p/plain"], [c.ref for c in need.excluded]
    need = one(match_client(client(populations=["immigrants"], birth_year=1970), directory(plain, choice), TODAY))
    assert sorted(c.ref for c in need.excluded) == ["p/choice", "p/plain"]


def test_no_price_written_is_not_members_only_and_a_member_pays_the_public_price():
    """Review 11, Y6: `fees: []` read as "Membership required: ask about joining"; with prices for
    non-members only, a member was told to join the organisation it belongs to."""
    d = directory(service("none", fees=[]), service("public", fees=[{"amount": 20, "applies_to": "non-members"}]))
    need = one(match_client(client(budget={"max_fee": 50}, memberships=["p"]), d, TODAY))
    assert sorted(c.ref for c in need.matches) == ["p/none", "p/public"]
    for c in need.matches:
        assert not any(r.code == "membership" for r in c.reasons + c.questions), c
    [none] = [c for c in need.matches if c.ref == "p/none"]
    assert "with that said: fee not recorded (ask the price; budget $50)" in [r.en for r in none.reasons]
    need = one(match_client(client(budget={"max_fee": 10}, memberships=["p"]), d, TODAY))
    assert [c.ref for c in need.excluded] == ["p/public"] and need.excluded[0].reasons[0].code == "fee"


def test_a_range_from_zero_or_a_public_range_for_a_member_is_not_a_plain_fit():
    """Review 11b, R5 and R9: "free to $99" read "free" for a $50 budget, and a member of an
    organisation that lists only a public range ($40–$150) was told "$40, within the budget"."""
    d = directory(service("zero", fees=[{"min": 0, "max": 99}]),
                  service("public", fees=[{"min": 40, "max": 150, "applies_to": "non-members"}]))
    need = one(match_client(client(budget={"max_fee": 50}, memberships=["p"]), d, TODAY))
    for c in need.matches:
        [fee] = [r for r in c.reasons if r.code == "fee"]
        assert fee.near and "the highest is not" in fee.en, (c.ref, fee.en)
