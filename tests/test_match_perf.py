"""The fast paths of matching give the same answers as the plain ones (correctness only, no timing):
`judge_codes` (a summary's codes without words) against `judge`, and `cedta match --all/--hub
--summary`, which reads clients one at a time, against matching every valid client in-process."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from cedta.match import Directory, match_client, places_taken
from cedta.match.engine import Facts, client_kind_check, judge, judge_codes
from cedta.match.summary import summarize, summary_json

from tests.test_match import _shipped_dataset, _variants

TODAY = dt.date(2026, 11, 26)
SHIPPED = Path(__file__).resolve().parents[1] / "data"


def _directory(ds):
    return Directory.build([e.record for e in ds.providers.values()], [e.record for e in ds.hubs.values()],
                           ds.network.record, ds.vocab, TODAY)


def test_judge_codes_gives_judges_codes_and_questions_for_every_service_and_client():
    ds = _shipped_dataset()
    d = _directory(ds)
    clients = _variants(ds)
    full = places_taken(clients)
    assert any(o.service.capacity for o in d.offers.values())
    seen_codes: set[str] = set()
    asked = 0
    for taken in (None, full, {ref: 1000 for ref in d.offers}):  # nothing taken, as counted, all full
        for c in clients:
            facts = Facts(c, d)
            for need in c.needs:
                for offer in d.by_topic.get(need.topic, ()):
                    _, out, ask, _ = judge(offer, c, need, d, TODAY, taken, facts)
                    codes, question = judge_codes(offer, c, need, d, TODAY, taken, facts)
                    assert codes == [r.code for r in out], (c.id, offer.ref)
                    assert question == bool(ask), (c.id, offer.ref)
                    seen_codes.update(codes)
                    asked += question
                    # the summary's extra code for money only for another kind of client
                    client_kind_check(offer, c)
    assert {"language", "level", "fee", "eligibility", "capacity", "client-kind"} <= seen_codes
    assert asked


def test_judge_codes_follows_judge_on_prices_the_shipped_data_lacks():
    """Review 11, Y2: a price in another currency is asked by `judge`; `judge_codes` compared it as
    dollars (the summary counted a fit, or a fee out, where `match` asked)."""
    from tests.test_match import client, directory, service

    d = directory(service("eur", fees=[{"amount": 40, "currency": "EUR", "unit": "session"}]),
                  service("range", fees=[{"min": 40, "max": 150, "unit": "session"}]),
                  service("members", fees=[{"amount": 10, "applies_to": "members"}]),
                  service("cad", fees=[{"amount": 45}]),
                  service("none", fees=[]),
                  service("public", fees=[{"amount": 20, "applies_to": "non-members"}]))
    seen = set()
    for budget, memberships in ((None, []), (0, []), (30, []), (60, []), (200, []), (0, ["p"]), (10, ["p"])):
        c = client(budget={"max_fee": budget} if budget is not None else None, memberships=memberships)
        facts = Facts(c, d)
        for need in c.needs:
            for offer in d.by_topic.get(need.topic, ()):
                _, out, ask, _ = judge(offer, c, need, d, TODAY, None, facts)
                codes, question = judge_codes(offer, c, need, d, TODAY, None, facts)
                assert (codes, question) == ([r.code for r in out], bool(ask)), (budget, offer.ref)
                seen.add((offer.ref, tuple(codes), question))
    assert ("p/eur", (), True) in seen and ("p/cad", ("fee",), False) in seen


def _copy(tmp_path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".*"))
    return root


def _reference(root: Path, hub: str | None = None) -> dict:
    """The summary made the plain way: every valid client loaded at once, matched in full."""
    from cedta.io.store import DataRoot
    from cedta.records import checks

    dr = DataRoot(root)
    ds = checks.load_dataset([dr.read(f) for f in dr.files()])
    d = _directory(ds)
    every = [e.record for e in ds.clients.values()
             if all(ds.vocab.has(cat, t) for _, cat, t in checks.iter_terms(e.record))
             and (e.record.hub is None or e.record.hub in ds.hubs)]
    taken = places_taken(every)
    chosen = [c for c in every if hub is None or c.hub == hub]
    return summary_json(summarize((match_client(c, d, TODAY, taken) for c in chosen), d.levels))


def test_the_streamed_summary_counts_like_matching_every_client_and_names_the_files_left_out(tmp_path, cedta):
    root = _copy(tmp_path)
    clients = root / "clients"
    (clients / "c-2026-0002.yaml").write_text("id: c-2026-0002\nkind: [\n", encoding="utf-8")  # not YAML
    text = (clients / "c-2026-0003.yaml").read_text(encoding="utf-8")
    assert "speaks:" in text
    (clients / "c-2026-0003.yaml").write_text(text.replace("speaks: [", "speaks: [zz, ", 1)
                                              if "speaks: [" in text else text, encoding="utf-8")
    expected = _reference(root)
    r = cedta(root, "match", "--all", "--summary", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == expected
    assert expected["clients"] < len(list(clients.glob("*.yaml")))
    assert "client files have errors and were left out" in r.stderr or "client file has errors" in r.stderr
    fr = cedta(root, "match", "--all", "--summary", lang="fr")
    assert fr.exit_code == 0 and "laissé" in fr.stderr


def test_a_hubs_streamed_summary_counts_its_clients_against_places_taken_by_all(tmp_path, cedta):
    from cedta.io.store import DataRoot

    root = _copy(tmp_path)
    dr = DataRoot(root)
    hubs = {dr.read(f).document.data.get("hub") for f in dr.files({"client"})} - {None}
    assert hubs
    for hub in sorted(hubs):
        r = cedta(root, "match", "--hub", hub, "--summary", "--format", "json")
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout) == _reference(root, hub), hub


def test_the_streamed_summary_without_any_capacity_reads_each_client_once(data, cedta):
    # the small directory has no service with a capacity: one pass, same counts as one client named
    r = cedta(data, "match", "--all", "--summary", "--format", "json")
    one = cedta(data, "match", "c-0001", "--summary", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == json.loads(one.stdout)
    (data.root / "clients" / "c-0009.yaml").write_text("id: c-0009\nkind: individual\nneeds: 3\n", encoding="utf-8")
    r = cedta(data, "match", "--all", "--summary", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == json.loads(one.stdout)
    assert "1 client file has errors and was left out" in r.stderr
    listed = cedta(data, "match", "--all")
    assert listed.exit_code == 0 and "1 client file has errors and was left out" in listed.stderr


def test_places_taken_for_one_client_count_only_valid_open_steps(data, cedta):
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "    intake: registration\n", "    intake: registration\n    capacity: {count: 1, per: year}\n", 1))
    mine = data.read("clients/c-0001.yaml")
    assert "status: active" in mine

    def codes():
        r = cedta(data, "match", "c-0001", "--format", "json")
        assert r.exit_code == 0, r.output
        return [x["code"] for e in json.loads(r.stdout)["needs"][0]["excluded"] for x in e["reasons"]]

    assert "capacity" not in codes()  # its own step takes no place from it (newcomer 9, S9-2)
    data.write("clients/c-0002.yaml", mine.replace("id: c-0001", "id: c-0002").replace("status: active", "status: done"))
    data.write("clients/c-0003.yaml", mine.replace("id: c-0001", "id: c-0003").replace("kind: individual", "kind: 3"))
    data.write("clients/c-0004.yaml", "id: c-0004\nkind: [broken\n")
    assert "capacity" not in codes()  # a step done, a file that does not validate, one not YAML: not counted
    data.write("clients/c-0005.yaml", mine.replace("id: c-0001", "id: c-0005").replace("status: active", "status: planned"))
    assert "capacity" in codes()  # a second open step: full


def test_clients_sharing_a_profile_are_counted_like_matching_each_one():
    from cedta.match.summary import summarize_clients

    ds = _shipped_dataset()
    d = _directory(ds)
    base = _variants(ds)
    hubs = sorted(d.hubs)
    # the same profiles again under other ids and hubs, with each other's needs: the memo of
    # outcomes per profile must not carry one client's needs or hub to another
    twins = [c.model_copy(update={"id": f"{c.id}-t{i}", "hub": hubs[i % len(hubs)],
                                  "needs": base[(i + 7) % len(base)].needs})
             for i, c in enumerate(base)]
    clients = base + twins
    taken = places_taken(clients)
    slow = summarize((match_client(c, d, TODAY, taken) for c in clients), d.levels)
    fast = summarize_clients(clients, d, TODAY, taken)
    assert fast.clients == slow.clients == len(clients)
    assert [vars(g) for g in fast.groups] == [vars(g) for g in slow.groups]


def test_the_streamed_listing_is_the_json_list_of_each_clients_match(cedta):
    r = cedta(SHIPPED, "match", "--all", "--format", "json")
    assert r.exit_code == 0, r.output
    listed = json.loads(r.stdout)
    ids = sorted(p.stem for p in (SHIPPED / "clients").glob("*.yaml"))
    assert [x["client"] for x in listed] == ids
    first = json.loads(cedta(SHIPPED, "match", ids[0], "--format", "json").stdout)
    assert listed[0] == first
    assert r.stdout.startswith("[\n  {\n    \"client\": ") and r.stdout.endswith("\n]\n")


def test_a_file_left_out_for_a_misspelt_term_still_holds_its_places(tmp_path):
    """Review 11, Y13: `match ID` counted the places of every file that loads, `match --all` only of
    the files matched (a misspelt contact mode left the client's place free there)."""
    from cedta.io.store import DataRoot
    from cedta.match.loading import _places_counted, group_records, load, places_taken_for

    root = _copy(tmp_path)
    ref = "ottawa-ced-network/business-plan-workshops"
    provider = root / "providers" / "ottawa-ced-network.yaml"
    text = provider.read_text(encoding="utf-8")
    provider.write_text(text.replace("  - id: business-plan-workshops\n",
                                     "  - id: business-plan-workshops\n    capacity: {count: 9}\n", 1), encoding="utf-8")
    client = root / "clients" / "c-2026-0001.yaml"
    body = client.read_text(encoding="utf-8")
    assert f"service: {ref}" in body and "mode: workshops" in body
    client.write_text(body.replace("mode: workshops", "mode: workshopz", 1), encoding="utf-8")
    dr = DataRoot(root)
    loaded = load(TODAY, dr, list(dr.files({"client"})))
    assert "c-2026-0001" not in loaded.ds.clients  # left out of matching for its misspelt term
    counted = _places_counted(dr, loaded)[ref]
    assert counted >= 1
    assert places_taken_for(dr, loaded, [e.record for e in loaded.ds.clients.values()], all_loaded=True)[ref] == counted
    _, taken = group_records(dr, loaded, None, [])
    assert taken[ref] == counted
