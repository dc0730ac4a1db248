"""`cedta match --plan` on the shipped directory, with profiles from the 2008 report (coordinator's
session 5, F1 and F12): every need left without a step is named with why (a gap, services to
confirm, the same program as another step), one program is never proposed twice, and nothing the
plan writes makes `cedta validate` warn."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[1] / "data"

HEAD = """\
id: {id}
kind: individual
hub: francophones
intake: {date: 2026-08-12, by: ociso}
consent: {given: 2026-08-12, scope: hub}
"""

# §4.1.1, §7.4: no Canadian credit history, wants microcredit; accounting second
MICROCREDIT = HEAD + """\
profile:
  populations: [immigrants, francophones, women]
  languages: {speaks: [fr, ht], reads_writes: [fr]}
  birth_year: 1988
  ei: {status: never}
  employment: {status: employed, hours_per_week: 30}
  region: ottawa
  stage: start-up
  has: [business-idea]  # no plan yet: the community loan fund asks for one
  budget: {max_fee: 0}
  availability: [evenings, weekends]
  preferred_modes: [consulting]
needs:
  - {topic: financing, level: beginner, priority: 1}
  - {topic: accounting, level: beginner, priority: 2}
"""

# §4.1.5 l.188: the Summer Company meets both needs (its grants are the financing)
SUMMER = HEAD + """\
profile:
  populations: [francophones, youth]
  languages: {speaks: [fr], reads_writes: [fr]}
  birth_year: 2009
  ei: {status: never}
  employment: {status: student, hours_per_week: 8}
  region: ottawa
  stage: idea
  has: [business-idea]
  budget: {max_fee: 0}
  returning_to_school: true
needs:
  - {topic: self-employment, priority: 1}
  - {topic: financing, level: beginner, priority: 2}
"""


def _data(tmp_path: Path, **clients: str) -> Path:
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root)
    for cid, text in clients.items():
        (root / "clients" / f"{cid}.yaml").write_text(text.replace("{id}", cid), encoding="utf-8")
    return root


def test_a_need_without_a_fitting_service_is_named_as_a_gap_in_both_languages(tmp_path, cedta):
    root = _data(tmp_path, **{"c-2026-0103": MICROCREDIT})
    r = cedta(root, "match", "c-2026-0103", "--plan", "--yes")
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())
    assert "Proposed for c-2026-0103: 1 step" in out
    assert ("No step for this need: - Business financing (loans and grants) · beginner: no fitting service — "
            "a gap; add a step by hand or record it") in out
    fr = cedta(root, "match", "c-2026-0103", "--plan", "--yes", "--format", "json", lang="fr")
    assert json.loads(fr.stdout)["unplanned"] == [{"topic": "financing", "level": "beginner", "why": "gap"}]
    again = cedta(root, "match", "c-2026-0103", "--plan", "--yes", lang="fr")
    assert "Rien à ajouter au plan de c-2026-0103." in again.stdout
    assert "aucun service ne convient — une lacune ; ajouter une étape à la main ou consigner la lacune" in " ".join(
        again.stdout.split())


def test_one_program_for_two_needs_is_one_step_and_validate_does_not_warn(tmp_path, cedta):
    root = _data(tmp_path, **{"c-2026-0105": SUMMER})
    r = cedta(root, "match", "c-2026-0105", "--plan", "--yes", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [s["service"] for s in out["steps"]] == ["ocri-entrepreneurship-centre/summer-company"]
    assert out["unplanned"] == [{"topic": "financing", "level": "beginner", "why": "same-service",
                                 "service": "ocri-entrepreneurship-centre/summer-company",
                                 "step_topic": "self-employment"}]
    v = cedta(root, "validate", str(root / "clients" / "c-2026-0105.yaml"))
    assert v.exit_code == 0 and "step-topic-mismatch" not in v.output, v.output
    text = cedta(root, "match", "c-2026-0105", "--plan", "--yes", lang="fr").stdout
    assert ("Financement d’entreprise (prêts et subventions) · débutant : couvert par le même service que "
            "l’étape « Travail autonome et démarrage d’entreprise »") in " ".join(text.split())


# §4.1.6: "le seul programme ... pour ce groupe": online, with mentoring, filed under self-employment
DISABILITY = HEAD + """\
profile:
  populations: [francophones, disabilities]
  languages: {speaks: [fr, en], reads_writes: [fr, en]}
  birth_year: 1970
  ei: {status: never}
  employment: {status: unemployed}
  stage: idea
  has: [business-idea]
  budget: {max_fee: 0}
  preferred_modes: [online-support, mentoring]
needs:
  - {topic: business-plan, level: beginner, priority: 1}
  - {topic: mentoring, level: beginner, priority: 2}
"""

CSD = "canadian-social-development/online-self-employment-program"


def test_a_whole_self_employment_program_meets_a_beginners_business_plan_and_mentoring_need(tmp_path, cedta):
    root = _data(tmp_path, **{"c-2026-0106": DISABILITY})
    r = cedta(root, "match", "c-2026-0106", "--format", "json")
    plan_need, mentoring = json.loads(r.stdout)["needs"]
    assert plan_need["matches"][0]["service"] == CSD and mentoring["matches"][0]["service"] == CSD
    assert "a whole program, filed under Self-employment and business start-up, that includes it" in {
        x["detail"] for x in mentoring["matches"][0]["reasons"]}
    # an organisation's business plan is not a self-employment program's business
    org = HEAD + "profile: {org_type: co-operative, languages: {speaks: [fr], reads_writes: [fr]}}\n" \
                 "needs: [{topic: business-plan, level: beginner}]\n"
    root = _data(tmp_path / "o", **{"c-2026-0200": org.replace("kind: individual", "kind: organisation")})
    out = json.loads(cedta(root, "match", "c-2026-0200", "--format", "json").stdout)["needs"][0]
    assert not any(c["service"] == CSD for k in ("matches", "to_confirm", "excluded") for c in out[k])
    # the plan files it under the business-plan need (validate accepts a step on a topic its service
    # meets), and says the mentoring need is met by the same program
    root = _data(tmp_path / "p", **{"c-2026-0106": DISABILITY})
    r = cedta(root, "match", "c-2026-0106", "--plan", "--yes", "--format", "json")
    out = json.loads(r.stdout)
    assert [(s["topic"], s["service"]) for s in out["steps"]] == [("business-plan", CSD)], out
    assert [(u["topic"], u["why"], u["service"]) for u in out["unplanned"]] == [("mentoring", "same-service", CSD)]
    r = cedta(root, "validate")
    assert r.exit_code == 0 and "step-topic-mismatch" not in r.output


def test_plan_add_takes_a_program_for_a_topic_it_meets(tmp_path, cedta):
    root = _data(tmp_path, **{"c-2026-0106": DISABILITY})
    r = cedta(root, "plan", "c-2026-0106", "add", "--topic", "mentoring", "--service", CSD)
    assert r.exit_code == 0, r.output
    r = cedta(root, "plan", "c-2026-0106", "add", "--topic", "accounting", "--service", CSD)
    assert r.exit_code == 2 and "offers Self-employment and business start-up, not Accounting" in r.output
    assert cedta(root, "validate").exit_code == 0


def test_a_step_planned_by_someone_else_meanwhile_is_not_written_twice(tmp_path, cedta, monkeypatch):
    """Hostile pass 10, K: the proposal was checked before the write lock and not again, so a step
    another coordinator added for the same need while the proposal waited for "y" was doubled."""
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns("clients", ".*"))
    (root / "clients").mkdir()
    path = root / "clients" / "c-2026-0101.yaml"
    path.write_text(MICROCREDIT.replace("{id}", "c-2026-0101"), encoding="utf-8")
    trial = tmp_path / "trial"  # what the proposal is: written on a copy
    shutil.copytree(root, trial)
    proposed = json.loads(cedta(trial, "match", "c-2026-0101", "--plan", "--yes", "--format", "json").stdout)
    first = proposed["steps"][0]

    from cedta.clients import path as client_path

    real = client_path.edit_client

    def others_first(root_, client_id, change, **kw):  # the other coordinator's step lands first
        text = path.read_text(encoding="utf-8")
        line = f"plan:\n  - {{topic: {first['topic']}, level: {first['level']}, service: {first['service']}, status: planned}}\n"
        path.write_text(text + line if "plan:" not in text else text, encoding="utf-8")
        return real(root_, client_id, change, **kw)

    monkeypatch.setattr(client_path, "edit_client", others_first)
    r = cedta(root, "match", "c-2026-0101", "--plan", "--yes")
    assert r.exit_code == 0, r.output
    assert "proposed step(s) not written: the plan got a step for the same need or service meanwhile" in r.output
    assert path.read_text(encoding="utf-8").count(f"service: {first['service']}") == 1
