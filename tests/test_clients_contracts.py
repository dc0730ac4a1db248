"""The two contracts other stages code against: `edit_client` (checked, round-trip writes of a client
file) and `case_state` (where a client stands: closed, stalled and why)."""

from __future__ import annotations

import datetime as dt

import pytest

from cedta.clients.caseload import case_state
from cedta.clients.context import ClientError
from cedta.clients.path import edit_client
from cedta.io.store import DataRoot
from cedta.records import model as m

TODAY = dt.date(2026, 11, 26)

COMMENTED = """\
# FICTITIOUS: a test client with comments that must survive.
id: c-0001
kind: individual
hub: francophones   # the hub that took the intake
intake: {date: 2026-02-03, by: acme-centre}
consent: {given: 2026-02-03, scope: hub}
profile:
  populations: [francophones]
  birth_year: 1990
needs:
  - {topic: business-plan, level: beginner, priority: 1}
plan:
  - {topic: business-plan, level: beginner, service: acme-centre/business-plan-workshops, target: 2026-12-31, status: active}
contacts:
  # first meeting
  - {date: 2026-02-10, org: acme-centre, mode: workshops, minutes: 120}
"""


def test_edit_keeps_comments_and_untouched_parts_byte_for_byte(data):
    data.write("clients/c-0001.yaml", COMMENTED)
    root = DataRoot(data.root)

    def change(doc):
        doc["contacts"].append({"date": dt.date(2026, 11, 20), "org": "acme-centre"})

    result = edit_client(root, "c-0001", change, today=TODAY)
    assert result.written and result.refused is None
    text = data.read("clients/c-0001.yaml")
    assert text.startswith(COMMENTED)  # everything before stays as written
    assert text[len(COMMENTED):] == "  - date: 2026-11-20\n    org: acme-centre\n"
    assert result.record.contacts[-1].date == dt.date(2026, 11, 20)


def test_a_change_that_would_make_the_record_invalid_is_refused_and_nothing_written(data):
    data.write("clients/c-0001.yaml", COMMENTED)
    before = data.read("clients/c-0001.yaml")
    root = DataRoot(data.root)

    def change(doc):
        doc["contacts"].append({"date": dt.date(2026, 11, 20), "org": "acme-centr"})  # unknown org

    result = edit_client(root, "c-0001", change, today=TODAY)
    assert not result.written and result.refused == "invalid-after"
    assert [d.code for d in result.diagnostics] == ["unknown-provider"]  # a slip of the keys: an error
    assert result.diagnostics[0].line == 18  # the line the new contact's org would have had
    assert "acme-centre" in result.diagnostics[0].message()  # did you mean
    assert data.read("clients/c-0001.yaml") == before


def test_a_note_with_a_phone_number_is_refused_as_validate_refuses_it(data):
    root = DataRoot(data.root)
    before = data.read("clients/c-0001.yaml")

    def change(doc):
        doc["contacts"][0]["note"] = "call back at 613-555-0199"

    result = edit_client(root, "c-0001", change, today=TODAY)
    assert not result.written and [d.code for d in result.diagnostics] == ["identifier-in-note"]
    assert data.read("clients/c-0001.yaml") == before


def test_a_record_that_already_has_errors_is_reported_and_not_touched(data):
    # (a hub or provider gone from the directory is tolerated: it is the directory that changed)
    broken = data.read("clients/c-0001.yaml").replace("consent: {given: 2026-02-03", "consent: {given: 2026-13-03")
    assert broken != data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", broken)
    called = []
    result = edit_client(DataRoot(data.root), "c-0001", lambda d: called.append(1), today=TODAY)
    assert not result.written and result.refused == "invalid-before"
    assert [d.code for d in result.diagnostics] == ["bad-date"]
    assert not called and data.read("clients/c-0001.yaml") == broken


def test_a_file_that_does_not_parse_is_reported_and_not_touched(data):
    data.write("clients/c-0001.yaml", "id: c-0001\nkind: [\n")
    result = edit_client(DataRoot(data.root), "c-0001", lambda d: None, today=TODAY)
    assert not result.written and result.refused == "invalid-before"
    assert result.diagnostics[0].code == "yaml-syntax"


def test_an_unknown_client_raises_with_a_did_you_mean(data):
    with pytest.raises(ClientError) as err:
        edit_client(DataRoot(data.root), "c-0002", lambda d: None, today=TODAY)
    assert err.value.code == "unknown-client" and err.value.params["suggestion"] == "c-0001"


def test_an_unchanged_record_is_not_rewritten(data):
    result = edit_client(DataRoot(data.root), "c-0001", lambda d: None, today=TODAY)
    assert not result.written and result.refused == "unchanged"


# ---- case_state ---------------------------------------------------------------------------------

NETWORK = m.Network(id="n", name=m.Bilingual(en="N"), stalled_after_days=60)


def client(**kw) -> m.Client:
    base = dict(id="c-1", kind="individual", hub="h", intake={"date": "2026-01-05", "by": "o"},
                consent={"given": "2026-01-05"})
    base.update(kw)
    return m.Client.model_validate(base)


def test_no_contact_counts_from_intake():
    state = case_state(client(), NETWORK, TODAY)
    assert state.stalled and not state.closed
    assert [r.code for r in state.why] == ["stalled-no-contact-since-intake"]
    assert state.last_contact is None and state.days_since_contact is None
    assert "325" in state.why[0].en and "325" in state.why[0].fr and state.why[0].text("fr") == state.why[0].fr


def test_a_recent_contact_is_not_stalled_and_the_limit_is_strict():
    c = client(contacts=[{"date": "2026-09-27", "org": "o"}])  # 60 days: not longer than the limit
    state = case_state(c, NETWORK, TODAY)
    assert not state.stalled and state.days_since_contact == 60 and state.last_contact == dt.date(2026, 9, 27)
    c = client(contacts=[{"date": "2026-09-26", "org": "o"}])
    assert case_state(c, NETWORK, TODAY).stalled


def test_a_passed_target_on_an_open_step_stalls_and_says_which():
    c = client(contacts=[{"date": "2026-11-20", "org": "o"}],
               plan=[{"topic": "marketing", "target": "2026-10-01", "status": "done", "done": "2026-10-01"},
                     {"topic": "business-plan", "target": "2026-11-01", "status": "active"},
                     {"topic": "financing", "target": "2027-02-01"}])
    state = case_state(c, NETWORK, TODAY)
    assert state.stalled and [r.code for r in state.why] == ["stalled-target-passed"]
    assert state.why[0].params["step"] == 2
    assert "Business plan" in state.why[0].en and "plan d" in state.why[0].fr
    # the next target is the next still to come; the passed one is said overdue (coordinator 14, C14-12)
    assert state.current_step == 2 and state.next_target == dt.date(2027, 2, 1) and state.overdue == [2]


def test_closed_clients_are_never_stalled():
    done = client(plan=[{"topic": "marketing", "status": "done", "done": "2026-02-01"},
                        {"topic": "financing", "status": "dropped", "target": "2026-03-01"}])
    state = case_state(done, NETWORK, TODAY)
    assert state.closed and not state.stalled and state.why == [] and state.current_step is None
    withdrawn = client(consent={"given": "2026-01-05", "withdrawn": "2026-03-01"},
                       plan=[{"topic": "marketing", "target": "2026-02-01"}])
    assert case_state(withdrawn, NETWORK, TODAY).closed
    assert not case_state(client(), NETWORK, TODAY).closed  # no step at all: not closed


def test_current_step_is_the_first_active_else_planned_and_the_network_limit_applies():
    c = client(contacts=[{"date": "2026-11-01", "org": "o"}],
               plan=[{"topic": "marketing", "status": "planned"}, {"topic": "financing", "status": "active"}])
    assert case_state(c, NETWORK, TODAY).current_step == 2
    c = client(contacts=[{"date": "2026-11-01", "org": "o"}], plan=[{"topic": "marketing"}])
    assert case_state(c, NETWORK, TODAY).current_step == 1
    strict = NETWORK.model_copy(update={"stalled_after_days": 10})
    assert case_state(c, strict, TODAY).stalled
    assert not case_state(c, None, TODAY).stalled  # default 60 days without a network file


def test_the_fast_append_gives_the_same_bytes_as_the_round_trip(data):
    """Logging a contact appends the item's lines without a full ruamel round trip; same result."""
    from cedta.clients import path
    from cedta.clients.context import load
    from cedta.io.store import dump_round_trip, round_trip_yaml

    root = DataRoot(data.root)
    ctx = load(root, TODAY)
    block = COMMENTED.replace("  - {date: 2026-02-10, org: acme-centre, mode: workshops, minutes: 120}\n",
                              "- date: 2026-02-10\n  org: acme-centre\n  note: 'Quoted: yes'\n")
    for text in (COMMENTED, block, COMMENTED.replace("  # first meeting\n", "")):
        for change in (path.add_contact(ctx, org="acme-centre", minutes=5, note_text="Said: 'no' # not a comment"),
                       path.add_contact(ctx, org="acme-centre", when="2026-11-01", mode="consulting")):
            fast = path._appended(text, change)
            if text is block:  # ruamel would re-indent every item here; the fast path leaves them
                assert fast.startswith(text) and fast[len(text):].startswith("- date: 2026-11-")
                continue
            yaml = round_trip_yaml()
            yaml.width = 4096
            slow_data = yaml.load(text)
            change(slow_data)
            assert fast is not None and fast == dump_round_trip(slow_data, yaml), (fast, text)
    # not the last key: the round trip is taken
    moved = COMMENTED.replace("contacts:\n  # first meeting\n  - {date: 2026-02-10, org: acme-centre, mode: workshops, minutes: 120}\n", "")
    moved = moved.replace("needs:", "contacts:\n  - {date: 2026-02-10, org: acme-centre}\nneeds:")
    assert path._appended(moved, path.add_contact(ctx, org="acme-centre")) is None


def test_an_appended_entry_goes_after_the_last_item_not_under_the_comment_of_the_next_key(data, cedta):
    """Hostile 11, #14: a comment line above the next section (or at the end of the file) ended up
    above the entry a writer appended, as if it were about it: `log` put the new contact under
    "# C8 before outcomes", `evaluate` under the file's last comment. An indented comment under
    the last item stays under it (the round trip's choice: the comment may be about the list)."""
    text = COMMENTED.replace("contacts:", "outcomes:\n  - {date: 2026-03-01, kind: business-plan-completed}\n"
                                          "# C8 before the contacts\ncontacts:")
    text = text.replace("needs:", "evaluation:\n  - {date: 2026-03-02, satisfaction: 5}\n  # about that one\n"
                                  "\n# C9 before the needs\nneeds:")
    data.write("clients/c-0001.yaml", text + "# C5 the last words\n")
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--minutes", "5").exit_code == 0
    assert cedta(data, "outcome", "c-0001", "business-started", "--date", "2026-11-01").exit_code == 0
    assert cedta(data, "evaluate", "c-0001", "--satisfaction", "4").exit_code == 0
    after = data.read("clients/c-0001.yaml")
    assert ("  - {date: 2026-03-01, kind: business-plan-completed}\n  - {date: 2026-11-01, kind: business-started}\n"
            "# C8 before the contacts\ncontacts:") in after
    assert ("  - {date: 2026-03-02, satisfaction: 5}\n  - {date: 2026-11-26, satisfaction: 4}\n  # about that one\n"
            "\n# C9 before the needs\nneeds:") in after
    assert after.endswith("minutes: 120}\n  - {date: 2026-11-26, org: acme-centre, minutes: 5}\n# C5 the last words\n")
    assert cedta(data, "validate").exit_code == 0


def test_an_entry_appended_after_a_keep_block_note_goes_above_the_next_sections_comment(data, cedta):
    """Hostile 12, #7: after a `note: |+` (which keeps the blank line it ends with), the new contact
    still landed under "# C8 before outcomes"."""
    text = COMMENTED.replace("  - {date: 2026-02-10, org: acme-centre, mode: workshops, minutes: 120}\n",
                             "  - date: 2026-02-10\n    org: acme-centre\n    note: |+\n      Line one.\n\n")
    data.write("clients/c-0001.yaml", text + "# C8 before outcomes\noutcomes:\n  - {date: 2026-03-01, kind: business-started}\n")
    assert cedta(data, "validate").exit_code == 0
    text = text.replace("contacts:", "outcomes:\n  - {date: 2026-03-01, kind: business-started}\n# C8 before the contacts\ncontacts:")
    data.write("clients/c-0001.yaml", text + "# C5 the last words\n")
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--minutes", "5").exit_code == 0
    after = data.read("clients/c-0001.yaml")
    assert after.endswith("      Line one.\n\n  - date: 2026-11-26\n    org: acme-centre\n    minutes: 5\n# C5 the last words\n"), after
    import yaml
    assert yaml.safe_load(after)["contacts"][0]["note"] == "Line one.\n\n"
