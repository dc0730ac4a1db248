"""Coordinator pass 15 (and what was left of pass 14): what a coordinator types (feminine forms,
numbers, words of a label), the plan, the gaps and the forum's priorities."""

from __future__ import annotations

from tests.test_coordinator10 import ottawa  # noqa: F401 (the shipped directory without its clients)
from tests.test_coordinator14 import shipped_copy  # noqa: F401 (the shipped data, clients included)


FEMININE_ANSWERS = """\
kind: particulier
hub: Centre francophone
consent: {given: 2026-10-02, scope: hub}
profile:
  populations: [francophone, immigrante, femme]
  languages: {speaks: [français], reads_writes: [français]}
  ei: {status: prestataire actuelle}
  employment: {status: salariée, hours_per_week: 20}
  has: [une idée d’entreprise]
needs:
  - {topic: plan d'affaires, level: débutante}
"""


def test_answers_take_the_feminine_and_the_singular_of_a_label(ottawa, cedta, tmp_path):
    """C14-9: « immigrante », « femme », « salariée », « prestataire actuelle » were refused (the
    labels say « Immigrants et minorités ethniques », « Femmes », « salarié », « prestataire
    actuel »), in an answers file as in the interactive intake."""
    import yaml

    answers = tmp_path / "f.yaml"
    answers.write_text(FEMININE_ANSWERS, encoding="utf-8")
    r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "rdee-ontario", "--id", "c-2026-0401",
              "--today", "2026-10-02", lang="fr")
    assert r.exit_code == 0, r.output
    c = yaml.safe_load((ottawa / "clients" / "c-2026-0401.yaml").read_text(encoding="utf-8"))
    assert c["profile"]["populations"] == ["francophones", "immigrants", "women"]
    assert c["profile"]["ei"] == {"status": "current"}
    assert c["profile"]["employment"] == {"status": "employed", "hours_per_week": 20}
    assert c["needs"][0]["level"] == "beginner"
    # a report's --population too
    r = cedta(ottawa, "gaps", "--population", "immigrante", "--today", "2026-10-02", lang="fr")
    assert r.exit_code == 0, r.output


def test_the_interactive_intake_takes_salariee(data):
    """C14-9 at the terminal: « Emploi > salariée » answered « Aucun résultat pour « salariée » »."""
    import yaml
    from typer.testing import CliRunner

    from cedta.cli import app

    # consent, scope, kind, hub, by, populations (+ the hub's), speaks, reads, born, ei, employment,
    # hours, and the rest not known, a need by a word
    answers = ["o", "", "1", "1", "", "immigrante, femmes", "o", "français", "français", "?",
               "prestataire actuelle", "salariée", "30"] + ["?"] * 9 + ["publicité", "", "", "n", "", "", "", "",
                                                                      "o"]
    r = CliRunner().invoke(app, ["--today", "2026-11-26", "--lang", "fr", "--data", str(data.root), "intake"],
                           input="\n".join(answers) + "\n")
    assert "Aucun résultat" not in r.stdout, r.stdout[-3000:]
    assert r.exit_code == 0, r.stdout[-3000:]
    (cid,) = sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")
    profile = yaml.safe_load(data.read(f"clients/{cid}.yaml"))["profile"]
    assert profile["employment"]["status"] == "employed", profile
    assert "immigrants" in profile["populations"] and "women" in profile["populations"], profile


def test_two_terms_alike_in_the_masculine_are_not_guessed():
    """A wording whose singular or masculine names two terms is no answer (nothing is guessed)."""
    from cedta.records.vocab import builtin

    vocab = builtin()
    vocab.extend({"populations": {"students": {"en": "Students", "fr": "Étudiants"},
                                  "student-women": {"en": "Women students", "fr": "Étudiantes"}}})
    assert vocab.lookup_loose("populations", "étudiante") is None  # étudiants and étudiantes alike
    assert vocab.lookup_loose("populations", "Étudiantes") == "student-women"  # as written: exact
    assert vocab.lookup("populations", "immigrante") is None  # the checks keep to the words as written


def test_the_prompts_name_the_identity_store_of_the_data_folder_in_use(shipped_copy, cedta):
    """C14-10: `forget` and the interactive intake said `data/.private/` whatever the data folder was."""
    from typer.testing import CliRunner

    from cedta.cli import app

    renamed = shipped_copy.parent / "reseau"
    shipped_copy.rename(renamed)
    r = CliRunner().invoke(app, ["--lang", "fr", "--data", str(renamed), "forget", "c-2026-0003"], input="n\n")
    assert r.exit_code == 1, r.output
    assert f"supprimée de {renamed}/.private/ (hors de git" in " ".join(r.output.split()), r.output
    assert "data/.private" not in r.output
    answers = ["y", "", "1", "1", "", "", "y", "french", "french", "?"] + ["?"] * 9 + ["marketing", "", "", "n"]
    r = CliRunner().invoke(app, ["--today", "2026-11-26", "--data", str(renamed), "intake"],
                           input="\n".join(answers) + "\n")
    assert f"only({renamed}/.private/),neveringit" in "".join(r.output.split()), r.output[-2000:]
    assert "data/.private" not in r.output


def test_numbers_in_answers_are_read_as_people_write_them(ottawa, cedta, tmp_path):
    """C14-21: `hours_per_week: 37,5` was told to be quoted, then refused as text; 37.5 was "a whole
    number, not a number"; `max_fee: 50 $` was refused though `--amount "50 $"` reads it."""
    import yaml

    answers = tmp_path / "a.yaml"
    text = ("kind: individual\nhub: francophones\nconsent: {given: 2026-10-02, scope: hub}\nprofile:\n"
            "  populations: [francophones]\n  languages: {speaks: [fr], reads_writes: [fr]}\n"
            "  employment: {status: employed, hours_per_week: 37,5}\n  budget: {max_fee: \"1 500,50 $\"}\n  preferred_modes: [workshops]\n"
            "needs:\n  - {topic: marketing}\n")
    answers.write_text(text, encoding="utf-8")
    r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "rdee-ontario", "--today", "2026-10-02", lang="fr")
    assert r.exit_code == 1
    assert "« 37,5 » a été coupé en deux ; écrivez un nombre avec un point : 37.5 (les heures, les personnes et " \
           "les jours se comptent en nombres entiers : 37 ou 38)" in r.output, r.output
    answers.write_text(text.replace("37,5", "37.5"), encoding="utf-8")
    r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "rdee-ontario", "--today", "2026-10-02", lang="fr")
    assert r.exit_code == 1 and "devrait être un nombre entier, pas un nombre décimal" in r.output, r.output
    answers.write_text(text.replace("37,5", "37"), encoding="utf-8")
    r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "rdee-ontario", "--today", "2026-10-02",
              "--id", "c-2026-0402", lang="fr")
    assert r.exit_code == 0, r.output
    c = yaml.safe_load((ottawa / "clients" / "c-2026-0402.yaml").read_text(encoding="utf-8"))
    assert c["profile"]["budget"] == {"max_fee": 1500.5} and c["profile"]["employment"]["hours_per_week"] == 37


def test_after_a_search_the_prompt_says_a_number_may_be_typed(data):
    """README replay 14, B5: after « 2 résultats » and a numbered list, the prompt still said « tapez
    des lettres pour chercher », though a number picks one."""
    from typer.testing import CliRunner

    from cedta.cli import app

    answers = ["o", "", "1", "1", "", "femmes", "o", "ara", "1"]
    r = CliRunner().invoke(app, ["--today", "2026-11-26", "--lang", "fr", "--data", str(data.root), "intake"],
                           input="\n".join(answers) + "\n")
    after = " ".join(r.stdout[r.stdout.index("2 résultats"):].split())
    assert after.startswith("2 résultats : 1. arabe (ar) 2. gujarati (gu) (numéros ou noms, séparés par des "
                            "virgules ; ?? pour la liste complète"), after[:400]
    assert "→ arabe" in after or "Langues lues et écrites" in after


MOUSSA = """\
kind: individual
hub: immigrants
consent: yes
profile:
  populations: [immigrants, francophones]
  languages: {speaks: [fr, en, wo], reads_writes: [fr, en]}
  birth_year: 1976
  employment: {status: unemployed}
  ei: {status: current}
  stage: idea
  has: [business-idea]
  budget: {max_fee: 200}
  availability: [weekdays]
needs:
  - {topic: self-employment, level: beginner, priority: 1}
  - {topic: business-plan, level: beginner, priority: 2}
  - {topic: financing, level: beginner, priority: 3}
"""


def test_a_whole_program_on_another_topic_writes_the_business_plan_a_fund_waits_on(shipped_copy, cedta, tmp_path):
    """C15-1: the self-employment program (step 1, on self-employment) meets the business-plan need,
    yet the financing need was a gap to record, counted in `gaps`; written as a business-plan step,
    the same program made it wait."""
    import json

    answers = tmp_path / "m.yaml"
    answers.write_text(MOUSSA, encoding="utf-8")

    def demand() -> int:
        out = json.loads(cedta(shipped_copy, "gaps", "--hub", "immigrants", "--format", "json",
                               "--today", "2027-01-22").stdout)
        return sum(d["needs"] for d in out["demand"] if d["id"] == "demand/immigrants/financing/beginner")

    before = demand()
    r = cedta(shipped_copy, "intake", "--answers", str(answers), "--by", "ociso", "--id", "c-2027-0001",
              "--today", "2027-01-13")
    assert r.exit_code == 0, r.output
    r = cedta(shipped_copy, "match", "c-2027-0001", "--plan", "--yes", "--today", "2027-01-21")
    text = " ".join(r.stdout.split())
    assert "ymca-ywca-enterprise-centre/self-employment-benefit-program" in text, text
    assert "Business financing (loans and grants) · beginner: waits on the business-plan step proposed above" in text
    text = " ".join(cedta(shipped_copy, "match", "c-2027-0001", "--today", "2027-01-22").stdout.split())
    assert "Waits on plan step 1 (a business plan)" in text and "Not a gap to record" in text, text
    assert demand() == before
    # and once the program is done, the plan it wrote is the client's (review 15, R15-12)
    assert cedta(shipped_copy, "step", "c-2027-0001", "1", "--done", "2027-01-22", "--today", "2027-01-22").exit_code == 0
    text = " ".join(cedta(shipped_copy, "match", "c-2027-0001", "--today", "2027-01-22").stdout.split())
    assert "3. Business financing (loans and grants) · beginner" in text and "GAP" not in text.split("3. Business financing")[1], text
    assert demand() == before


def test_a_need_added_after_a_step_done_on_the_same_service_gets_its_step(shipped_copy, cedta):
    """C15-3, H15-4: a need added after a step done with the service that fits it was "met by the
    same service as the step for …; no second step", while `status` called the case stalled for
    that very need: nothing but a hand `plan add` got it out."""
    cid = "c-2026-0004"  # financing (intermediate): the loan fund's step done 2026-09-15
    r = cedta(shipped_copy, "need", cid, "add", "--topic", "financing", "--level", "advanced", "--today", "2026-11-27")
    assert r.exit_code == 0, r.output
    r = cedta(shipped_copy, "match", cid, "--plan", "--yes", "--today", "2026-11-27")
    text = " ".join(r.stdout.split())
    assert "+ Business financing (loans and grants) · advanced → Loans of up to $15,000" in text, text
    assert "met by the same service" not in text
    r = cedta(shipped_copy, "status", "--all", "--today", "2026-11-28")
    line = next(x for x in r.stdout.splitlines() if cid in x)
    assert "has no step" not in " ".join(r.stdout.split()), r.stdout


def test_a_need_with_only_services_to_confirm_is_counted_once(ottawa, cedta, tmp_path):
    """C15-2: a Somali speaker's need whose one service is to confirm, through the hub's interpreter,
    was counted both as "met only through an interpreter" and as "only services to confirm"."""
    import json

    answers = tmp_path / "so.yaml"
    answers.write_text("kind: individual\nhub: immigrants\nconsent: yes\nprofile:\n  populations: [immigrants, women]\n"
                       "  languages: {speaks: [so], reads_writes: [so], interpreter: [en]}\n  birth_year: 1979\n"
                       "  employment: {status: unemployed}\n  ei: {status: never}\n  stage: idea\n"
                       "  has: [business-idea]\n  budget: {max_fee: 0}\n  availability: [weekdays]\n"
                       "needs: [{topic: self-employment, level: beginner}]\n", encoding="utf-8")
    r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "ociso", "--id", "c-2027-9101", "--today", "2027-01-06")
    assert r.exit_code == 0, r.output
    needs = json.loads(cedta(ottawa, "gaps", "--hub", "immigrants", "--today", "2027-01-10", "--format", "json").stdout)["needs"]
    assert needs["total"] == 1 and needs["only_to_confirm"] == 1 and needs["interpreted"] == 0, needs


def test_the_hubs_population_is_not_asked_for_a_client_within_it(data):
    """Newcomer 15, N15-2: typing `franco-ontariens` (part of francophones) at the francophone hub
    was asked whether to add francophones, default yes, though `part_of` makes it so already."""
    import yaml
    from typer.testing import CliRunner

    from cedta.cli import app

    data.write("vocab.yaml", "populations:\n  franco-ontariens:\n    en: Franco-Ontarians\n    fr: Franco-Ontariens\n"
                             "    part_of: [francophones]\n")
    answers = ["o", "", "1", "1", "", "franco-ontariens, femmes", "français", "français", "?", "?", "?", "?"] + \
        ["?"] * 7 + ["marketing", "", "", "n", "", "", "", "", "o"]
    r = CliRunner().invoke(app, ["--today", "2026-11-26", "--lang", "fr", "--data", str(data.root), "intake"],
                           input="\n".join(answers) + "\n")
    assert "l’ajouter aux populations" not in r.stdout, r.stdout[-3000:]
    assert r.exit_code == 0, r.stdout[-3000:]
    (cid,) = sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")
    assert yaml.safe_load(data.read(f"clients/{cid}.yaml"))["profile"]["populations"] == ["franco-ontariens", "women"]


def test_answers_take_words_of_a_label_as_the_interactive_intake_finds_them(ottawa, cedta, tmp_path):
    """Newcomer 15, N15-3: `Travail autonome`, `en soirée`, `une idée` were refused in an answers file
    and a walk-in profile, though the interactive intake, `need add` and `find` take them."""
    import yaml

    answers = tmp_path / "n3.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: {given: 2026-10-02, scope: hub}\nprofile:\n"
                       "  populations: [francophones]\n  languages: {speaks: [fr], reads_writes: [fr]}\n"
                       "  has: [une idée]\n  availability: [en soirée]\nneeds:\n  - {topic: Travail autonome, level: débutant}\n",
                       encoding="utf-8")
    r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "rdee-ontario", "--id", "c-2026-0777",
              "--today", "2026-10-02", lang="fr")
    assert r.exit_code == 0, r.output
    c = yaml.safe_load((ottawa / "clients" / "c-2026-0777.yaml").read_text(encoding="utf-8"))
    assert c["profile"]["has"] == ["business-idea"] and c["profile"]["availability"] == ["evenings"]
    assert c["needs"] == [{"topic": "self-employment", "level": "beginner"}]
    r = cedta(ottawa, "match", "--profile", str(answers), "--today", "2026-10-02", lang="fr")
    assert r.exit_code == 0 and "Travail autonome et démarrage d’entreprise · débutant" in r.stdout, r.output
    # one word found inside a label is no answer: said by the checks, nothing taken silently
    # (review 15, R15-2, R15-8: `emploi` was written `unemployed`, `formation` partnership-building)
    for old, new in (("Travail autonome", "entreprise"), ("Travail autonome", "formation"),
                     ("has: [une idée]", "employment: {status: emploi}")):
        answers.write_text(answers.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "rdee-ontario", "--today", "2026-10-02", lang="fr")
        assert r.exit_code == 1, (new, r.output)
        answers.write_text(answers.read_text(encoding="utf-8").replace(new, old), encoding="utf-8")


def test_one_day_is_said_in_the_singular_and_a_need_at_no_level_is_said_so(shipped_copy, cedta):
    """C15-7: « passed 1 days ago » / « dépassée depuis 1 jours »; and `need add` said « already has
    the need Marketing at that level » of a need with no level."""
    r = cedta(shipped_copy, "plan", "c-2026-0002", "add", "--topic", "marketing", "--target", "2027-02-28",
              "--today", "2027-02-01")
    assert r.exit_code == 0, r.output
    out = " ".join(cedta(shipped_copy, "status", "--all", "--today", "2027-03-01").stdout.split())
    assert "target 2027-02-28 passed 1 day ago" in out, out
    out = " ".join(cedta(shipped_copy, "status", "--all", "--today", "2027-03-01", lang="fr").stdout.split())
    assert "échéance du 2027-02-28 dépassée depuis 1 jour c-" in out, out
    cedta(shipped_copy, "need", "c-2026-0002", "add", "--topic", "marketing")
    r = cedta(shipped_copy, "need", "c-2026-0002", "add", "--topic", "marketing", "--level", "advanced", lang="fr")
    assert r.exit_code == 2 and "l’un sans niveau et l’autre au niveau avancé" in r.output, r.output


def test_a_priority_is_not_closed_while_a_need_of_its_kind_is_met_only_through_an_interpreter(ottawa, cedta, tmp_path):
    """C15-10: a priority "a cohort in Spanish" read "closed" because another client's need of the
    kind was met, while the Spanish speaker's had only services to confirm (or an interpreter)."""
    import json

    base = ("kind: individual\nhub: immigrants\nconsent: yes\nprofile:\n  populations: [immigrants]\n"
            "  languages: {languages}\n  birth_year: 1980\n  employment: {{status: unemployed}}\n"
            "  ei: {{status: never}}\n  stage: idea\n  has: [business-idea]\n  budget: {{max_fee: 500}}\n"
            "  availability: [weekdays, evenings, weekends]\nneeds: [{{topic: marketing, level: beginner}}]\n")
    for cid, languages in (("c-2027-0101", "{speaks: [en], reads_writes: [en]}"),
                           ("c-2027-0102", "{speaks: [so], reads_writes: [so], interpreter: [en]}")):
        answers = tmp_path / f"{cid}.yaml"
        answers.write_text(base.format(languages=languages), encoding="utf-8")
        r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "ociso", "--id", cid, "--today", "2027-01-06")
        assert r.exit_code == 0, r.output
    network = ottawa / "network.yaml"
    text = network.read_text(encoding="utf-8")
    if "\npriorities:" in text:
        text = text.replace("\npriorities:\n", "\npriorities:\n  - {gap: demand/immigrants/marketing/beginner, "
                                              "date: 2026-06-18, decision: A cohort in Somali.}\n", 1)
    else:
        text += ("priorities:\n  - {gap: demand/immigrants/marketing/beginner, date: 2026-06-18, "
                 "decision: A cohort in Somali.}\n")
    network.write_text(text, encoding="utf-8")
    out = json.loads(cedta(ottawa, "gaps", "--format", "json", "--today", "2027-01-10").stdout)
    assert out["needs"]["interpreted"] + out["needs"]["only_to_confirm"] == 1, out["needs"]
    state = next(p for p in out["priorities"] if p["gap"] == "demand/immigrants/marketing/beginner")
    assert state["status"] == "open", (state, out["needs"])


def test_the_names_coordinators_use_for_languages_and_topics_are_found(shipped_copy, cedta):
    """C15-5, C15-6: Mandarin, Farsi, Filipino, Nepali were unknown (Mandarin "did you mean `ro`?"),
    and co-op, cooperative, incorporation found no topic."""
    from cedta.records.vocab import builtin

    v = builtin()
    assert [v.lookup("languages", w) for w in ("Mandarin", "Putonghua", "Farsi", "Dari", "Filipino", "Nepali", "Oromo")] \
        == ["zh", "zh", "fa", "fa", "tl", "ne", "om"]
    assert v.lookup("topics", "incorporation") == "administrative-procedures"
    r = cedta(shipped_copy, "find", "--language", "Mandarin")
    assert r.exit_code == 0 and "Chinese" in r.stdout, r.output
    r = cedta(shipped_copy, "find", "--topic", "co-op")
    assert r.exit_code == 0 and "social-economy-model" in r.stdout, r.output


def test_a_french_only_membership_note_is_not_printed_in_english_after_the_fees(shipped_copy, cedta, tmp_path):
    """C15-8: English `match` printed the Small Business Association's French-only note, which
    repeats the fees it follows: "… $10 membership a year (spouse); cotisation annuelle : 100 $ …"."""
    walk_in = tmp_path / "w.yaml"
    walk_in.write_text("kind: individual\nhub: immigrants\nprofile:\n  populations: [immigrants]\n"
                       "  languages: {speaks: [en, fr], reads_writes: [en, fr]}\n  birth_year: 1980\n"
                       "  stage: start-up\n  budget: {max_fee: 100}\nneeds: [{topic: marketing, level: advanced}]\n",
                       encoding="utf-8")
    r = cedta(shipped_copy, "match", "--profile", str(walk_in), "--all-candidates", "--today", "2026-10-01")
    text = " ".join(r.stdout.split())
    assert "$10 membership a year (spouse)" in text, text
    assert "cotisation annuelle" not in text.lower()
    r = cedta(shipped_copy, "match", "--profile", str(walk_in), "--all-candidates", "--today", "2026-10-01", lang="fr")
    assert "cotisation annuelle" in " ".join(r.stdout.split()).lower()


def test_a_need_without_a_step_is_said_with_its_level(shipped_copy, cedta):
    """C15-11: "the need Accounting has no step" for a client with Accounting at two levels; the JSON
    had no level, and the README did not list the code."""
    import json

    cid = "c-2026-0004"
    cedta(shipped_copy, "need", cid, "add", "--topic", "financing", "--level", "advanced", "--today", "2026-11-27")
    assert cedta(shipped_copy, "step", cid, "1", "--done", "2026-11-27", "--today", "2026-11-27").exit_code == 0
    out = json.loads(cedta(shipped_copy, "status", "--all", "--format", "json", "--today", "2026-11-28").stdout)
    mine = next(c for c in out["clients"] if c["id"] == cid)
    reason = next(w for w in mine["why"] if w["code"] == "stalled-need-without-step")
    assert reason["level"] == "advanced" and "the need Business financing (loans and grants) · advanced has no step" \
        in reason["en"], reason
    from pathlib import Path

    assert "`stalled-need-without-step`" in (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_a_priority_on_a_group_within_a_hubs_population_is_examined(shipped_copy, cedta):
    """Newcomer 15, N15-1: a coverage priority on Métis (part of the Indigenous hub's population)
    read « non examinée ici (autre centre ou population) » in the network's and the hub's gaps and
    report; only `gaps --population metis` examined it."""
    import json

    vocab = shipped_copy / "vocab.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\npopulations:\n  metis: {en: Métis, fr: Métis, part_of: [immigrants]}\n",
                     encoding="utf-8")
    network = shipped_copy / "network.yaml"
    text = network.read_text(encoding="utf-8")
    network.write_text(text.replace("priorities:\n", "priorities:\n  - {gap: coverage/metis/business-plan/beginner, "
                                    "date: 2026-06-18, decision: Business plan help for Métis clients.}\n", 1), encoding="utf-8")
    for args in ((), ("--hub", "immigrants")):
        out = json.loads(cedta(shipped_copy, "gaps", "--format", "json", "--today", "2026-11-26", *args).stdout)
        state = next(p for p in out["priorities"] if p["gap"] == "coverage/metis/business-plan/beginner")
        assert state["status"] == "closed", (args, state)
    out = json.loads(cedta(shipped_copy, "gaps", "--format", "json", "--today", "2026-11-26", "--hub", "francophones").stdout)
    state = next(p for p in out["priorities"] if p["gap"] == "coverage/metis/business-plan/beginner")
    assert state["status"] == "outside", state


def test_a_priority_written_with_a_hub_id_and_french_words_gets_the_whole_id_to_write(shipped_copy, cedta):
    """Newcomer 15, N15-16: `demand/jeunes/mise-en-marche/debutant` took three runs (one part each),
    never a did-you-mean, and the list of known populations stopped before the answer."""
    network = shipped_copy / "network.yaml"
    text = network.read_text(encoding="utf-8")
    assert "  - gap: demand/immigrants/business-plan/beginner" in text
    network.write_text(text.replace("  - gap: demand/immigrants/business-plan/beginner",
                                    "  - gap: demand/immigrants/plan-d-affaires/debutant"), encoding="utf-8")
    r = cedta(shipped_copy, "validate", lang="fr")
    assert "vouliez-vous dire « demand/immigrants/business-plan/beginner » ?" in r.output, r.output
    # a hub's id for its population
    network.write_text(text.replace("  - gap: demand/immigrants/business-plan/beginner",
                                    "  - gap: coverage/francophones/publicite/debutant"), encoding="utf-8")
    (shipped_copy / "hubs" / "francophones.yaml").rename(shipped_copy / "hubs" / "franco.yaml")
    f = shipped_copy / "hubs" / "franco.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("id: francophones", "id: franco"), encoding="utf-8")
    network.write_text(text.replace("  - gap: demand/immigrants/business-plan/beginner",
                                    "  - gap: coverage/franco/publicite/debutant"), encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert "did you mean `coverage/francophones/marketing/beginner`?" in r.output, r.output


def test_gaps_reads_the_files_as_they_stood_on_today_and_status_says_a_later_intake(shipped_copy, cedta):
    """C15-9: `gaps --today D` counted needs added after D (the report for the quarter ending D did
    not); H15-23: a client taken in after --today vanished from `status` without a word."""
    import json

    def needs(today: str) -> int:
        return json.loads(cedta(shipped_copy, "gaps", "--format", "json", "--today", today).stdout)["needs"]["total"]

    before = needs("2026-11-27")
    r = cedta(shipped_copy, "need", "c-2026-0002", "add", "--topic", "marketing", "--today", "2027-05-10")
    assert r.exit_code == 0, r.output
    assert needs("2026-11-27") == before and needs("2027-05-10") == before + 1
    f = shipped_copy / "clients" / "c-2026-0002.yaml"
    text = f.read_text(encoding="utf-8")
    import re

    f.write_text(re.sub(r"intake: \{date: [0-9-]+", "intake: {date: 2027-03-01", text, count=1), encoding="utf-8")
    r = cedta(shipped_copy, "status", "--today", "2027-01-15")
    assert "1 client taken in after 2027-01-15 is not listed" in r.stderr, r.output


def test_french_category_names_and_financement_as_a_mode(shipped_copy, cedta):
    """Newcomer 15, N15-11, N15-12: `cedta --lang fr vocab régions` was refused with no suggestion;
    `log --mode financement` had none either (the mode is « Prêts et subventions », funding)."""
    r = cedta(shipped_copy, "vocab", "régions", lang="fr")
    assert r.exit_code == 0 and "ottawa" in r.stdout, r.output
    assert cedta(shipped_copy, "vocab", "moments", lang="fr").exit_code == 0
    r = cedta(shipped_copy, "log", "c-2026-0002", "--org", "ociso", "--mode", "financement", "--minutes", "5", lang="fr")
    assert r.exit_code == 0, r.output
    assert "mode: funding" in (shipped_copy / "clients" / "c-2026-0002.yaml").read_text(encoding="utf-8")


def test_french_messages_say_lacune_and_put_a_space_before_the_semicolon(shipped_copy, cedta):
    """Newcomer 15, N15-13: validate said « l'écart » of a priority (gaps and the report say
    « lacune »), and joined a message and its advice with an English « ; »."""
    network = shipped_copy / "network.yaml"
    network.write_text(network.read_text(encoding="utf-8").replace(
        "  - gap: demand/immigrants/business-plan/beginner", "  - gap: demand/immigrants/xyzzy/beginner"), encoding="utf-8")
    r = cedta(shipped_copy, "validate", lang="fr")
    assert "la lacune « demand/immigrants/xyzzy/beginner » de cette priorité" in r.output, r.output
    assert "écart" not in r.output


def test_diff_says_a_moved_target_with_both_days(shipped_copy, cedta):
    """C15-13: `cedta diff` said only "step 2 updated" for a target moved."""
    from tests.test_hostile15 import committed

    committed(shipped_copy)
    assert cedta(shipped_copy, "plan", "c-2026-0002", "target", "2", "2027-03-15", "--today", "2026-11-27").exit_code == 0
    r = cedta(shipped_copy, "diff", "HEAD")
    assert "c-2026-0002: step 2: target 2027-06-30 → 2027-03-15" in " ".join(r.stdout.split()), r.stdout
