"""Finishing leftovers of issue 11 and its siblings: each test is a repro that failed before."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("phone", ["(613)5550142", "( 613 )5550142", "(613 ) 5550142", "+1(613)5550142"])
def test_validate_finds_a_phone_number_with_a_bracketed_area_code_glued_to_the_rest(data, cedta, phone):
    text = data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", text.replace("kind: individual", f"kind: individual\nstage_note: 'call {phone}'", 1))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "identifier-in-text" in r.stdout + r.stderr
    assert phone not in r.stdout + r.stderr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_log_refuses_a_note_with_a_phone_number_glued_to_its_bracketed_area_code(data, cedta, lang):
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "call back (613)5550142", lang=lang)
    assert r.exit_code != 0
    assert data.read("clients/c-0001.yaml") == before
    assert "5550142" not in r.stdout + r.stderr


# ---- 2. a writer never overwrites an edit saved meanwhile ------------------------------------------------

EDIT = "# saved in an editor meanwhile\n"


def _edit_between_read_and_write(monkeypatch, module):
    """Make `module.write` change the target file on disk first, as an editor's save would."""
    real = module.write

    def racing(root, path, text, **kw):
        racing.called = True
        p = root.path / path if not str(path).startswith("/") else path
        old = p.read_text("utf-8") if p.exists() else ""
        p.write_text(EDIT + old, "utf-8")
        return real(root, path, text, **kw)

    racing.called = False
    monkeypatch.setattr(module, "write", racing)
    return racing


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("args", [
    ("log", "c-0001", "--org", "acme-centre", "--minutes", "30"),
    ("log", "c-0001", "--org", "acme-centre", "--note", "a first meeting, \"quoted\": yes"),
    ("plan", "c-0001", "add", "--topic", "marketing"),
    ("step", "c-0001", "1", "--done"),
    ("outcome", "c-0001", "business-started"),
    ("evaluate", "c-0001", "--satisfaction", "4"),
    ("forget", "c-0001", "--yes"),
    ("match", "c-0001", "--plan", "--yes"),
])
def test_an_edit_saved_while_a_command_runs_survives_and_the_command_says_so(data, cedta, monkeypatch, args, lang):
    import cedta.clients.path as path

    if args[0] == "match":  # a need without a step, so that the plan has something to add
        text = data.read("clients/c-0001.yaml")
        data.write("clients/c-0001.yaml", text.replace("plan:\n  - {topic: business-plan", "x_plan:\n  - {topic: business-plan")
                   .replace("x_plan:", "plan: []\nx_plan:").split("x_plan:")[0] + "contacts:" + text.split("contacts:")[1])
    racing = _edit_between_read_and_write(monkeypatch, path)
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, *args, lang=lang)
    after = data.read("clients/c-0001.yaml")
    assert racing.called, (r.exit_code, r.stdout, r.stderr)
    assert after == EDIT + before  # the editor's save is kept, nothing of the command's written over it
    assert r.exit_code == 2, r.stdout + r.stderr
    said = "changed on disk" if lang == "en" else "a changé sur le disque"
    assert said in r.stderr, r.stderr


def test_intake_never_overwrites_a_file_created_meanwhile_with_its_id(data, cedta, monkeypatch):
    import cedta.clients.intake as intake

    from tests.test_intake import ANSWERS

    _edit_between_read_and_write(monkeypatch, intake)
    answers = data.write("../answers.yaml", ANSWERS)
    r = cedta(data, "intake", "--answers", str(answers), "--id", "c-2026-0999", "--by", "acme-centre")
    assert r.exit_code == 2 and "changed on disk" in r.stderr, (r.stdout, r.stderr)
    assert data.read("clients/c-2026-0999.yaml") == EDIT
    store = data.root / ".private" / "identities.yaml"
    assert not store.exists() or "c-2026-0999" not in store.read_text("utf-8")  # no entry without its file


def test_an_identity_store_edited_meanwhile_is_not_overwritten_by_an_intake(data, cedta, monkeypatch):
    import cedta.clients.identity as identity

    from tests.test_intake import ANSWERS

    answers = data.write("../answers.yaml", ANSWERS)
    assert cedta(data, "intake", "--answers", str(answers), "--id", "c-2026-0001", "--by", "acme-centre").exit_code == 0
    store = data.root / ".private" / "identities.yaml"
    racing = _edit_between_read_and_write(monkeypatch, identity)
    r = cedta(data, "intake", "--answers", str(answers), "--id", "c-2026-0002", "--by", "acme-centre")
    assert racing.called and r.exit_code == 2 and "changed on disk" in r.stderr, (r.stdout, r.stderr)
    assert store.read_text("utf-8").startswith(EDIT) and "c-2026-0002" not in store.read_text("utf-8")
    assert not (data.root / "clients" / "c-2026-0002.yaml").exists()  # nothing at all was written


# ---- 3. the forum's priorities name gaps that can exist ---------------------------------------------------

def _priorities(data, *gaps):
    text = data.read("network.yaml")
    assert "priorities" not in text
    items = "".join(f"  - {{gap: {g}, date: 2026-06-18, decision: Look for one}}\n" for g in gaps)
    data.write("network.yaml", text.rstrip("\n") + "\npriorities:\n" + items)


def test_priorities_naming_gaps_that_can_exist_pass(data, cedta):
    _priorities(data, "coverage/francophones/business-plan/beginner", "continuum/francophones/no-mentoring",
                "continuum/general/no-follow-through/established", "continuum/francophones/user-pays/marketing",
                "continuum/francophones/beginner-only/financing", "demand/francophones/business-plan/any",
                "supply/ending/acme-centre/business-plan-workshops")
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "priority" not in r.stdout, r.stdout


@pytest.mark.parametrize("gap,said,hint", [
    ("coverage/francophone/business-plan/beginner", "population `francophone`",
     "did you mean `coverage/francophones/business-plan/beginner`"),
    ("demand/francophones/busines-plan/beginner", "topic `busines-plan`",
     "did you mean `demand/francophones/business-plan/beginner`"),
    ("coverage/francophones/business-plan/expert", "level `expert`", "known: "),
    ("continuum/francophones/no-follow-through/grown", "stage `grown`", ""),
    ("supply/ending/acme-center/business-plan-workshops", "provider `acme-center`",
     "did you mean `supply/ending/acme-centre/business-plan-workshops`"),
    ("supply/capacity/acme-centre/business-plan-workshop", "service `business-plan-workshop`",
     "did you mean `supply/capacity/acme-centre/business-plan-workshops`"),  # (the whole id: newcomer 15, N15-16)
    ("continuum/francophones/no-mentor", "not a kind of gap", "did you mean `continuum/<population>/no-mentoring`"),
    ("gaps/francophones/business-plan", "not a kind of gap", ""),
])
def test_a_priority_naming_a_gap_that_cannot_exist_is_a_warning_at_its_line(data, cedta, gap, said, hint):
    _priorities(data, "continuum/francophones/no-mentoring", gap)
    r = cedta(data, "validate")
    lines = [ln for ln in r.stdout.splitlines() if "warning" in ln and "priorit" in ln]
    assert len(lines) == 1, r.stdout
    line_no = data.read("network.yaml").splitlines().index(
        f"  - {{gap: {gap}, date: 2026-06-18, decision: Look for one}}") + 1
    assert f"network.yaml:{line_no}:" in lines[0] and said in lines[0] and hint in lines[0], lines[0]
    assert r.exit_code == 0
    assert cedta(data, "validate", "--strict").exit_code == 1
    fr = cedta(data, "validate", lang="fr")
    assert "priorité" in fr.stdout and "did you mean" not in fr.stdout


def test_a_network_file_that_fails_to_load_is_not_also_said_to_be_missing(data, cedta):
    data.write("network.yaml", "id: [unclosed\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "network.yaml" in r.stdout
    assert "no network.yaml" not in r.stdout + r.stderr
    data.write("network.yaml", "id: Bad Id\nname: {en: N, fr: N}\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "no network.yaml" not in r.stdout + r.stderr


# ---- 4. references inside `any_of` are checked ---------------------------------------------------------

@pytest.mark.parametrize("rule,line_text,said", [
    ("      - any_of:\n          - member_of: {org: beta-cop}\n          - age: {min: 18}\n",
     "member_of: {org: beta-cop}", "unknown provider `beta-cop` (did you mean `beta-coop`?)"),
    ("      - any_of:\n          - age: {max: 30}\n          - any_of:\n              - member_of: {org: nowhere}\n"
     "              - population: {in: [youth]}\n", "member_of: {org: nowhere}", "unknown provider `nowhere`"),
    ("      - any_of:\n          - population: {in: [yuth]}\n          - age: {min: 18}\n",
     "population: {in: [yuth]}", "unknown term `yuth`"),
])
def test_references_inside_any_of_are_checked_like_top_level_ones(data, cedta, rule, line_text, said):
    text = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", text.replace("      - age: {min: 18}\n", rule))
    r = cedta(data, "validate")
    assert r.exit_code == 1, r.stdout
    line_no = next(i for i, ln in enumerate(data.read("providers/acme-centre.yaml").splitlines(), 1) if line_text in ln)
    assert any(f"acme-centre.yaml:{line_no}:" in ln and said in ln for ln in r.stdout.splitlines()), r.stdout


def test_a_known_member_of_inside_any_of_passes(data, cedta):
    text = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", text.replace(
        "      - age: {min: 18}\n", "      - any_of:\n          - member_of: {org: beta-coop}\n          - age: {min: 18}\n"))
    r = cedta(data, "validate")
    assert r.exit_code == 0, r.stdout


# ---- 5. the vocabulary's folded index is cached, and follows `extend` -----------------------------------

def test_lookup_follows_the_vocabulary_when_it_is_extended_after_a_first_lookup():
    from cedta.records.vocab import Term, builtin

    v = builtin()
    assert v.lookup("topics", "Cheese making") is None  # builds the index
    assert v.lookup("topics", "MERCATIQUE") == "marketing"
    v.extend({"topics": {"cheese-making": {"en": "Cheese making", "fr": "Fromagerie", "aliases": ["Fromages"]}}})
    assert v.lookup("topics", "cheese MAKING") == "cheese-making"
    assert v.lookup("topics", "fromagerie") == "cheese-making" and v.lookup("topics", "fromages") == "cheese-making"
    v.extend({"topics": {"marketing": {"aliases": ["Réclame"]}}})  # an alias for a built-in term
    assert v.lookup("topics", "reclame") == "marketing"
    v.categories["topics"]["bee-keeping"] = Term("bee-keeping", "Bee keeping", "Apiculture")  # added directly
    assert v.lookup("topics", "APICULTURE") == "bee-keeping"
    assert builtin().lookup("topics", "fromagerie") is None  # another vocabulary has its own index


def test_lookup_gives_the_first_term_for_a_wording_two_terms_share_as_before():
    from cedta.records.vocab import Term, Vocabulary

    v = Vocabulary({"c": {"a": Term("a", "Same", "Un"), "b": Term("b", "Other", "same")}})
    assert v.lookup("c", "SAME") == "a" and v.lookup("c", "b") == "b" and v.lookup("c", "nothing") is None
    assert v.lookup("missing-category", "x") is None


# ---- 6. Typer's own errors and metavars in French -----------------------------------------------------

def _number_params():
    """(words before the value, the parameter, its kind) for every int or float parameter of every
    command: the words fill every other argument and required option, so that only this value is bad."""
    from typer.main import get_command

    from cedta.cli import app

    found = []

    def fill(param):
        a = param.type_descriptor.annotation
        return "1" if a in (int, float) else "c-0001"

    def walk(cmd, words):
        for p in cmd.params:
            a = p.type_descriptor.annotation
            if a in (int, float) or str(a) in ("typing.Optional[int]", "typing.Optional[float]", "int | None", "float | None"):
                found.append((cmd, words, p))
        for name, sub in getattr(cmd, "commands", {}).items():
            own = [fill(p) for p in sub.params if type(p).__name__ == "TyperArgument"
                   and getattr(sub, "commands", None)]  # a group's own arguments come before its commands
            walk(sub, words + [name] + own)

    walk(get_command(app), [])
    assert found, "no int or float parameter found: the walk is broken"
    return found


def _line_for(cmd, words, target, value):
    args = list(words)
    for p in cmd.params:
        if type(p).__name__ == "TyperArgument":
            args.append(value if p is target else ("1" if p.type_descriptor.annotation in (int, float) else "c-0001"))
        elif p is target:
            args += [p.opts[0], value]
        elif p.required:
            args += [p.opts[0], "c-0001"]
    return args


@pytest.mark.parametrize("value,english", [("x", "Input should"), ("1.5", "Input should"), ("", "Input should")])
def test_every_int_and_float_parameter_says_its_error_in_french(data, cedta, value, english):
    for cmd, words, param in _number_params():
        args = _line_for(cmd, words, param, value)
        r = cedta(data, *args, lang="fr")
        out = r.stdout + r.stderr
        assert r.exit_code == 2, (args, out)
        if not value:  # an empty value is said as such before the command reads it (hostile 13, 8)
            assert "est vide" in out and english not in out, (args, out)
            continue
        assert english not in out and "Invalid value" not in out and "valeur invalide pour" in out, (args, out)
        assert "nombre" in out, (args, out)
        en = cedta(data, *args)
        assert "Invalid value" in en.stdout + en.stderr, (args, en.stdout + en.stderr)


def test_a_missing_argument_and_the_usage_line_name_it_in_french(data, cedta):
    for args, fr_name in ((("step", "c-0001"), "NUMÉRO"), (("plan", "c-0001", "move", "1"), "PLACE"),
                          (("outcome", "c-0001"), "TYPE"), (("plan", "c-0001", "drop"), "NUMÉRO")):
        r = cedta(data, *args, lang="fr")
        out = r.stdout + r.stderr
        assert r.exit_code == 2 and "argument manquant" in out and fr_name in out, out
        for english in ("Missing", "NUMBER", "KIND", "Usage:"):
            assert english not in out, (english, out)
        en = cedta(data, *args)  # and English is English again afterwards
        assert "Missing argument" in en.stdout + en.stderr and "NUMÉRO" not in en.stdout + en.stderr


@pytest.mark.parametrize("words", [("step",), ("outcome",), ("plan", "c-0001", "move"), ("log",), ("match",),
                                   ("schema",), ("init",), ("import", "providers")])
def test_help_names_values_in_french(data, cedta, words):
    r = cedta(data, *words, "--help", lang="fr")
    assert r.exit_code == 0
    import re

    for english in ("NUMBER", "KIND", "FILE", "PROVIDER", "YYYY", "DIRECTORY", "CLIENT_ID", " TO "):
        assert not re.search(rf"(?<![\w-]){english.strip()}(?![\w])", r.stdout), (english, r.stdout)


# ---- 7. intake asks the profile facts matching uses: founding, trained abroad, Indigenous ownership --------

def _interactive(data, answers, lang="en"):
    from typer.testing import CliRunner

    from cedta.cli import app

    return CliRunner().invoke(app, ["--today", "2026-11-26", "--lang", lang, "--data", str(data.root), "intake"],
                              input="\n".join(answers) + "\n")


def _new(data):
    import yaml

    (cid,) = sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")
    return cid, yaml.safe_load(data.read(f"clients/{cid}.yaml"))


@pytest.mark.parametrize("lang,founding_q,share_q,founding_label,share_label", [
    ("en", "what type of organisation is it founding?", "owned by Indigenous people, in percent",
     "Founding: co-operative", "Owned by Indigenous people: 60%"),
    ("fr", "quel type d’organisme fonde-t-il ?", "détenue par des Autochtones, en pour cent",
     "En voie de fonder : coopérative", "Détenue par des Autochtones : 60 %"),
])
def test_an_organisation_is_asked_what_it_founds_and_its_indigenous_ownership(data, cedta, lang, founding_q,
                                                                              share_q, founding_label, share_label):
    yes = "o" if lang == "fr" else "y"
    answers = [yes, "", "2", "1", "2", "?", "fr", "?", "?",
               "not-incorporated",  # org type: a group not incorporated yet (`?` is "not known")
               "co-operative",     # founding
               "101", "60",        # Indigenous ownership: refused, then 60
               "idea", "", "", "", "", "business-plan", "", "", "n", "", "", "", "", yes]
    r = _interactive(data, answers, lang)
    assert r.exit_code == 0, r.output
    assert founding_q in r.stdout and share_q in r.stdout
    assert founding_label in r.stdout and share_label in r.stdout  # in the summary
    cid, c = _new(data)
    assert c["profile"]["founding"] == "co-operative" and c["profile"]["indigenous_ownership_percent"] == 60
    assert "foreign_trained_professional" not in c["profile"]
    shown = cedta(data, "show", cid, lang=lang)
    assert founding_label in shown.stdout and share_label in shown.stdout


def test_an_organisation_with_a_type_is_not_asked_what_it_founds(data):
    answers = ["y", "", "2", "1", "2", "?", "fr", "?", "?", "co-operative", "?",
               "idea", "", "", "", "", "business-plan", "", "", "n", "", "", "", "", "y"]
    r = _interactive(data, answers)
    assert r.exit_code == 0, r.output
    assert "is it founding?" not in r.stdout
    _, c = _new(data)
    assert c["profile"]["org_type"] == "co-operative" and "indigenous_ownership_percent" not in c["profile"]


@pytest.mark.parametrize("lang,answer,value,label", [
    ("en", "y", True, "Professional trained abroad: yes"), ("fr", "o", True, "Professionnel formé à l’étranger : oui"),
    ("en", "n", False, "Professional trained abroad: no"), ("en", "?", None, None),
])
def test_an_individual_is_asked_whether_they_are_a_professional_trained_abroad(data, cedta, lang, answer, value, label):
    from tests.test_intake_interactive import ENGLISH

    answers = ENGLISH.copy()
    at = answers.index("20") + 1  # after the hours of work
    answers[at] = answer
    if lang == "fr":
        answers = [{"y": "o", "n": "n"}.get(a, a) for a in answers]
    r = _interactive(data, answers, lang)
    assert r.exit_code == 0, r.output
    assert ("trained abroad" if lang == "en" else "formé à l’étranger") in r.stdout
    cid, c = _new(data)
    assert c["profile"].get("foreign_trained_professional") == value
    assert "founding" not in c["profile"] and "indigenous_ownership_percent" not in c["profile"]
    if label:
        assert label in cedta(data, "show", cid, lang=lang).stdout


def test_answers_may_say_a_fact_is_not_known_with_a_question_mark(data, cedta):
    answers = data.write("../answers.yaml", "kind: organisation\nhub: francophones\nconsent: true\n"
                         "profile:\n  org_type: '?'\n  founding: co-operative\n  indigenous_ownership_percent: '?'\n"
                         "  ei: {status: '?'}\nneeds:\n  - {topic: business-plan}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-0777")
    assert r.exit_code == 0, r.stdout + r.stderr
    import yaml

    c = yaml.safe_load(data.read("clients/c-2026-0777.yaml"))
    assert c["profile"] == {"founding": "co-operative"}


def test_a_priority_owner_that_is_not_a_provider_is_reported_with_a_did_you_mean(data, cedta):
    text = data.read("network.yaml")
    data.write("network.yaml", text.rstrip("\n") + "\npriorities:\n  - gap: continuum/francophones/no-mentoring\n"
               "    date: 2026-06-18\n    decision: Look for one\n    owner: acme-center\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "network.yaml:14:12: error unknown-provider" in r.stdout, r.stdout
    assert "did you mean `acme-centre`" in r.stdout


@pytest.mark.parametrize("args,fr,en", [(("schema", "zzz"), "TYPE", "KIND"), (("vocab", "zzz"), "CATÉGORIE", "CATEGORY")])
def test_a_commands_own_parameter_hint_reads_in_french(data, cedta, args, fr, en):
    r = cedta(data, *args, lang="fr")
    assert r.exit_code == 2 and f"valeur invalide pour {fr}" in r.stdout + r.stderr and en not in r.stdout + r.stderr
    assert f"Invalid value for {en}" in cedta(data, *args).stderr


def test_suggest_uses_the_same_index_and_follows_extend():
    from cedta.records.vocab import builtin

    v = builtin()
    assert v.suggest("topics", "marketting") == "marketing" and v.suggest("no-such-category", "x") is None
    v.extend({"topics": {"cheese-making": {"en": "Cheese making", "fr": "Fromagerie"}}})
    assert v.suggest("topics", "chese making") == "cheese-making"
