"""The Ottawa directory as data (issue 3): the annex rows are all there, a sample of them is
faithful, and the example clients hold no identifiers and no date after 2026-11-26.

Plain PyYAML, no cedta import: these tests check the data files against the 2008 report
(shared/seed/000_b7e26db3b7f981f0.txt), not the code.

The expected counts below were derived from the seed, not from the data files: the annex tables
were parsed from the text export (each cell is a tab-indented line, wrapped lines continue the cell,
a row is seven cells: organisation, topic, mode, language, level, fees, availability; blank cells
are merged with the row above). The 1,029 tab-indented lines of lines 452-1713 are 8 header rows
and 139 data rows of 7 cells each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
# The report sits in shared/ beside the repository (the workspace and CI both lay it there).
_SEED_NAME = Path("shared/seed/000_b7e26db3b7f981f0.txt")
SEED = next((base / _SEED_NAME for base in (DATA.parent.parent, Path("/work"))
             if (base / _SEED_NAME).exists()), DATA.parent.parent / _SEED_NAME)
LAST_DAY = dt.date(2026, 11, 26)

GENERAL = "Annex A, Population en général"
IMMIGRANTS = "Annex A, Immigrants"
WOMEN = "Annex A, Femmes"
FRANCOPHONES = "Annex A, Francophones"
VOLUNTARY = "Annex B, Secteur bénévole"

EXPECTED_ROWS = {  # (table, provider id): rows in that table
    (GENERAL, "ocri-entrepreneurship-centre"): 16,
    (GENERAL, "ymca-ywca-enterprise-centre"): 4,
    (GENERAL, "ottawa-chamber-of-commerce"): 8,
    (GENERAL, "small-business-association-of-canada"): 3,
    (GENERAL, "consultants"): 4,
    (IMMIGRANTS, "ottawa-ced-network"): 8,
    (IMMIGRANTS, "ottawa-chinese-community-services-centre"): 7,
    (IMMIGRANTS, "chambers-and-associations"): 2,
    (WOMEN, "e-women-network"): 4,
    (WOMEN, "womens-business-network-ottawa"): 1,
    (WOMEN, "biz-savvy-woman"): 2,
    (FRANCOPHONES, "rdee-ontario"): 8,
    (FRANCOPHONES, "rga"): 4,
    (FRANCOPHONES, "cco"): 15,
    (VOLUNTARY, "causeway-work-centre"): 12,
    (VOLUNTARY, "groupe-convex"): 13,
    (VOLUNTARY, "family-services-ottawa"): 8,
    (VOLUNTARY, "cco"): 15,
    (VOLUNTARY, "rdee-ontario"): 4,
    (VOLUNTARY, "ocri-entrepreneurship-centre"): 1,
}
EXPECTED_TABLES = {GENERAL: 35, IMMIGRANTS: 17, WOMEN: 7, FRANCOPHONES: 27, VOLUNTARY: 53}

FORBIDDEN_KEYS = {"name", "phone", "email", "e-mail", "address", "sin", "telephone", "courriel"}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def providers() -> dict[str, dict]:
    out = {}
    for path in sorted((DATA / "providers").glob("*.yaml")):
        record = load(path)
        assert record["id"] == path.stem, path
        out[record["id"]] = record
    return out


@pytest.fixture(scope="module")
def annex_services(providers) -> list[tuple[str, dict]]:
    return [
        (pid, s)
        for pid, p in providers.items()
        for s in p["services"]
        if str(s.get("source", {}).get("where", "")).startswith("Annex")
    ]


@pytest.fixture(scope="module")
def clients() -> dict[str, dict]:
    return {p.stem: load(p) for p in sorted((DATA / "clients").glob("*.yaml"))}


# ---------------------------------------------------------------- counts: no row lost, none added


def test_expected_table_adds_up():
    per_table = Counter()
    for (table, _), n in EXPECTED_ROWS.items():
        per_table[table] += n
    assert dict(per_table) == EXPECTED_TABLES
    assert sum(EXPECTED_TABLES.values()) == 139


def test_services_per_annex_table(annex_services):
    got = Counter(s["source"]["where"] for _, s in annex_services)
    assert dict(got) == EXPECTED_TABLES


def test_services_per_organisation_and_table(annex_services):
    got = Counter((s["source"]["where"], pid) for pid, s in annex_services)
    assert dict(got) == EXPECTED_ROWS


def test_each_annex_row_once(annex_services):
    lines = Counter(s["source"]["line"] for _, s in annex_services)
    assert [line for line, n in lines.items() if n > 1] == []
    assert all(452 <= line <= 1713 for line in lines)


def test_annex_provenance_has_six_cells(annex_services):
    for pid, s in annex_services:
        cells = s["source"]["fr"].split(" | ")
        assert len(cells) == 6, (pid, s["id"], cells)
        assert all(c.strip() for c in cells), (pid, s["id"])


def test_service_ids_unique_per_provider(providers):
    for pid, p in providers.items():
        ids = [s["id"] for s in p["services"]]
        assert len(ids) == len(set(ids)), pid
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) and len(i) <= 64 for i in ids), pid


def test_categories(providers):
    assert providers["consultants"]["category"] is True
    assert providers["chambers-and-associations"]["category"] is True
    assert providers["ocri-entrepreneurship-centre"]["category"] is False


# ---------------------------------------------------------------- a dozen rows, cell by cell

R = {"b": "beginner", "i": "intermediate", "a": "advanced"}

# (provider, seed line of the row's first cell, topic, modes, languages, levels, fees);
# rows marked "merged" have blank cells in the export that repeat the cell above.
SAMPLE = [
    ("ocri-entrepreneurship-centre", 462, "business-plan", ["workshops"], ["en"], "ba", "free"),
    # merged: topic
    ("ocri-entrepreneurship-centre", 470, "business-plan", ["referral"], ["en"], "bb", "free"),
    ("ocri-entrepreneurship-centre", 487, "business-plan", ["consulting"], ["en", "fr"], "ba",
     [{"amount": 45, "unit": "hour"}, {"amount": 60, "unit": "hour"}]),
    ("ocri-entrepreneurship-centre", 555, "legal", ["workshops"], ["en"], "aa",
     [{"amount": 4320, "unit": "program"}, {"amount": 540, "unit": "module"}]),
    ("ocri-entrepreneurship-centre", 579, "mentoring", ["workshops"], ["en"], "aa",
     [{"amount": 1345, "unit": "program", "sessions": 5}]),
    ("ymca-ywca-enterprise-centre", 605, "business-plan", ["workshops", "follow-up"], ["en"], "bb", "free"),
    # merged: mode, language, level, fees, availability
    ("ottawa-chamber-of-commerce", 684, "marketing", ["workshops"], ["en"], "aa",
     [{"min": 40, "max": 150, "applies_to": "non-members"}, {"min": 0, "max": 99, "applies_to": "members"}]),
    # merged: fees, availability
    ("small-business-association-of-canada", 724, "management", ["workshops"], ["en"], "aa",
     [{"amount": 10, "applies_to": "members"}, {"amount": 15, "applies_to": "non-members"}]),
    ("consultants", 740, "business-plan", ["consulting", "facilitation"], ["en", "fr"], "ba",
     [{"min": 75, "max": 300, "unit": "hour"}]),
    # merged: topic
    # "Chinois, cantonais et anglais": Cantonese is `yue`
    ("ottawa-chinese-community-services-centre", 856, "accounting", ["referral"], ["zh", "yue", "en"], "bb", "free"),
    # merged: language, level, fees, availability
    ("e-women-network", 952, "management-advice", ["workshops"], ["en"], "ba", "user-pays"),
    # merged: topic
    ("rga", 1096, "marketing", ["magazine"], ["en"], "aa", "free"),
    # merged: mode, language, level, fees, availability
    ("cco", 1182, "needs-assessment", ["consulting"], ["fr"], "ba", "user-pays"),
    # merged: language, availability
    ("groupe-convex", 1365, "administrative-procedures", ["referral"], ["fr", "en"], "bb", "free"),
    ("family-services-ottawa", 1509, "feasibility-studies", ["referral"], ["fr", "en"], "aa", "user-pays"),
    ("rdee-ontario", 1660, "business-plan", ["workshops", "online-resources", "studies"], ["fr"], "ba", "free"),
    # merged: everything but the topic
    ("cco", 1596, "leadership-management", ["consulting"], ["fr", "en"], "ba", "user-pays"),
]


def find_row(providers, pid, line):
    found = [s for s in providers[pid]["services"] if s.get("source", {}).get("line") == line]
    assert len(found) == 1, (pid, line)
    return found[0]


@pytest.mark.parametrize("pid,line,topic,modes,langs,levels,fees", SAMPLE)
def test_sample_rows(providers, pid, line, topic, modes, langs, levels, fees):
    s = find_row(providers, pid, line)
    assert s["topic"] == topic
    assert s["modes"] == modes
    assert s["languages"] == langs
    assert s["levels"] == {"from": R[levels[0]], "to": R[levels[1]]}
    if isinstance(fees, str):
        assert s["fees"] == fees
    else:
        assert len(s["fees"]) == len(fees)
        for got, want in zip(s["fees"], fees):
            assert {k: got.get(k) for k in want} == want


def test_restrictions_from_availability_cells(providers):
    chamber_net = find_row(providers, "ottawa-chamber-of-commerce", 659)
    assert {"member_of": {"org": "ottawa-chamber-of-commerce"}} in chamber_net["eligibility"]
    assert chamber_net["schedule"]["frequency"] == "by-appointment"
    cco_fr = find_row(providers, "cco", 1105)
    assert cco_fr["intake"] == "first-come-first-served"
    # "Réservé aux coopératives", and a group founding one qualifies (§4.2.3 l.227)
    assert {"org_type": {"in": ["co-operative"], "founding": True}} in cco_fr["eligibility"]
    sfo = find_row(providers, "family-services-ottawa", 1459)
    assert sfo["capacity"] == {"count": 5, "per": "year", "unit": "organisations"}
    convex = find_row(providers, "groupe-convex", 1440)
    # "Subvention échue en 2009": the grant ended, not the service; fees since 2009 (§4.2.3 l.223)
    assert "valid" not in convex and convex["fees"] == "user-pays"
    assert convex["intake"] == "first-come-first-served"
    ymca = find_row(providers, "ymca-ywca-enterprise-centre", 613)
    assert ymca["intake"] == "application"
    assert find_row(providers, "ocri-entrepreneurship-centre", 478)["schedule"]["frequency"] == "any-time"
    assert find_row(providers, "ocri-entrepreneurship-centre", 496)["schedule"]["frequency"] == "once-a-year"
    assert find_row(providers, "e-women-network", 933)["schedule"]["frequency"] == "monthly"


def test_section4_programs(providers):
    ymca = {s["id"]: s for s in providers["ymca-ywca-enterprise-centre"]["services"]}
    seb = ymca["self-employment-benefit-program"]
    assert {"ei": {"within_years": 3}} in seb["eligibility"]
    assert seb["schedule"]["duration_weeks"] == 52
    youth = ymca["youth-self-employment-program"]
    assert {"age": {"min": 15, "max": 30}} in youth["eligibility"]
    assert youth["schedule"]["duration_weeks"] == 36
    summer = {s["id"]: s for s in providers["ocri-entrepreneurship-centre"]["services"]}["summer-company"]
    assert {"age": {"min": 15, "max": 29}} in summer["eligibility"]
    assert {"returning_to_school": {"value": True}} in summer["eligibility"]
    assert {"employment": {"max_hours_per_week": 12}} in summer["eligibility"]
    csd = providers["canadian-social-development"]["services"][0]
    assert {"population": {"in": ["disabilities"]}} in csd["eligibility"]
    assert {"ei": {"not_within_years": 3}} in csd["eligibility"]
    assert {"has": {"all": ["business-idea"]}} in csd["eligibility"]
    loans = providers["ottawa-community-loan-fund"]["services"][0]
    assert {"has": {"all": ["business-plan"]}} in loans["eligibility"]


def _fold(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").replace("\u2011", "-").split())


@pytest.mark.skipif(not SEED.exists(), reason="the seed report is not available here")
def test_provenance_quotes_the_report(providers):
    seed = _fold(SEED.read_text(encoding="utf-8"))
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for pid, p in providers.items():
        for s in p["services"]:
            src = s.get("source") or {}
            if str(src.get("where", "")).startswith("§"):
                assert _fold(src["fr"]) in seed, (pid, s["id"])
                assert _fold(src["fr"])[:40] in _fold(lines[src["line"] - 1]), (pid, s["id"])


# ---------------------------------------------------------------- clients


def _walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, path + (i,))


def test_enough_clients(clients):
    assert len(clients) >= 10
    for cid, c in clients.items():
        assert c["id"] == cid
        assert re.fullmatch(r"c-2026-\d{4}", cid)


def test_clients_have_no_identifiers(clients):
    phone = re.compile(r"\(?\b\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b")
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    sin = re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{3}\b")
    for cid, c in clients.items():
        for path, node in _walk(c):
            if isinstance(node, dict):
                assert not FORBIDDEN_KEYS & {str(k).lower() for k in node}, (cid, path)
            if isinstance(node, str):
                for pattern in (phone, email, sin):
                    assert not pattern.search(node), (cid, path, node)


def _is_plan_target(path) -> bool:
    # A plan step's `target` is meant to lie ahead (the validator no longer flags future targets),
    # so it is the one date allowed after the cut-off.
    return len(path) == 3 and path[0] == "plan" and path[2] == "target"


def test_clients_have_no_date_after_cutoff(clients):
    for cid, c in clients.items():
        for path, node in _walk(c):
            if _is_plan_target(path):
                continue
            if isinstance(node, dt.date):
                assert node <= LAST_DAY, (cid, path, node)
            if isinstance(node, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", node):
                assert dt.date.fromisoformat(node) <= LAST_DAY, (cid, path, node)


def test_open_plan_steps_have_a_target(clients):
    for cid, c in clients.items():
        for i, step in enumerate(c.get("plan", [])):
            if step.get("status") in ("planned", "active"):
                assert "target" in step, (cid, i, step)


def test_clients_contacts_not_before_intake(clients):
    for cid, c in clients.items():
        intake = c["intake"]["date"]
        for contact in c.get("contacts", []):
            assert contact["date"] >= intake, (cid, contact)


def test_plan_steps_name_real_services_with_the_step_topic(clients, providers):
    for cid, c in clients.items():
        for step in c.get("plan", []):
            if not step.get("service"):
                continue
            pid, sid = step["service"].split("/")
            services = {s["id"]: s for s in providers[pid]["services"]}
            assert sid in services, (cid, step)
            assert services[sid]["topic"] == step["topic"], (cid, step)
        for contact in c.get("contacts", []):
            if contact.get("service"):
                pid, sid = contact["service"].split("/")
                assert pid == contact["org"], (cid, contact)
                assert sid in {s["id"] for s in providers[pid]["services"]}, (cid, contact)


def test_hubs_and_network(providers):
    network = load(DATA / "network.yaml")
    assert network["stalled_after_days"] == 60
    assert network["small_cell_threshold"] == 5
    assert network["fiscal_year_start_month"] == 4
    assert network["forum"]["meets"] == "quarterly"
    assert set(network["sectors"]) == {"green-economy", "arts-culture", "accessible-tourism", "home-care"}
    assert "ottawa-ced-network" in providers
    for hub_id in ("immigrants", "francophones"):
        hub = load(DATA / "hubs" / f"{hub_id}.yaml")
        assert hub["director"] in hub["members"]
        assert all(m in providers for m in hub["members"])
        assert len(hub["forum_representatives"]) == 2
        assert all("fictif" in r["name"] for r in hub["forum_representatives"])


def _service(providers, pid: str, sid: str) -> dict:
    return {s["id"]: s for s in providers[pid]["services"]}[sid]


def test_fixes_that_matching_exposed(providers):
    """Issue 8, item 9: each restriction the report states is a rule, and no rule the report lacks."""
    # §4.1.1 l.154: loans to individuals and non-profits; no region rule in the report
    loans = _service(providers, "ottawa-community-loan-fund", "loans")
    assert {"any_of": [{"client_kind": {"in": ["individual"]}},
                       {"org_type": {"in": ["non-profit", "charity"]}}]} in loans["eligibility"]
    assert not any("region" in r for r in loans["eligibility"])
    # §4.1.2 l.166: foreign-trained professionals only
    olsi = providers["olsi-competences-mondiales"]["services"][0]
    assert olsi["eligibility"] == [{"foreign_trained_professional": {"value": True}}]
    # §4.3 l.234: Hintonburg only
    creative = providers["creative-neighbourhoods"]["services"][0]
    assert {"region": {"in": ["hintonburg"]}} in creative["eligibility"]
    # §4.1.4 l.181: one to three years; §4.2.3 l.227: groups founding a co-operative
    accompaniment = _service(providers, "cco", "co-operative-accompaniment")
    assert (accompaniment["schedule"]["duration_weeks_min"], accompaniment["schedule"]["duration_weeks"]) == (52, 156)
    for s in providers["cco"]["services"]:
        for r in s.get("eligibility", []):
            if "org_type" in r and "co-operative" in r["org_type"]["in"]:
                assert r["org_type"].get("founding") is True, s["id"]
    # §4.1.7 l.196: majority Indigenous ownership
    abc = providers["aboriginal-business-canada"]["services"][0]
    assert {"indigenous_owned": {"min_percent": 51}} in abc["eligibility"]
    # Annex B l.1440, l.1451: the grant ended in 2009, not the service
    # ... and §4.2.3 l.223 says registration fees for its workshops from 2009, whatever the row says
    for sid in ("social-economy-model-workshops", "social-economy-model-referral", "business-plan-workshops"):
        convex = _service(providers, "groupe-convex", sid)
        assert "valid" not in convex and convex["fees"] == "user-pays"
    # Annex A l.859: "Chinois, cantonais et anglais"
    assert providers["ottawa-chinese-community-services-centre"]["languages"] == ["zh", "yue", "en"]
