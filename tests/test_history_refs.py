"""A client's history (done or dropped steps, past contacts) may name an organisation or a service
no longer in the directory: a program that ended, an organisation that closed (newcomer 11, NC11-5).
That is a warning, and every command still reads the client; an open step on it stays an error,
with what to do."""

from __future__ import annotations

import json

GAMMA = """\
id: gamma-fund
name: {en: Gamma Loan Fund, fr: Fonds Gamma}
kind: non-profit
languages: [en, fr]
services:
  - id: microloans
    topic: financing
    modes: [funding]
    languages: [en, fr]
    levels: {from: beginner, to: advanced}
    fees: free
    schedule: {frequency: year-round}
"""

HISTORY = """\
  - {topic: financing, service: gamma-fund/microloans, status: done, done: 2026-03-01}
  - {topic: marketing, service: acme-centre/marketing-consulting, status: dropped, dropped: 2026-03-02}
contacts:
  - {date: 2026-02-10, org: acme-centre, service: acme-centre/business-plan-workshops, mode: workshops, minutes: 120}
  - {date: 2026-02-20, org: gamma-fund, service: gamma-fund/microloans, mode: funding, minutes: 60}
"""


def _network_with_history(data):
    data.write("providers/gamma-fund.yaml", GAMMA)
    text = data.read("clients/c-0001.yaml")
    head, _, _ = text.partition("contacts:\n")
    data.write("clients/c-0001.yaml", head + HISTORY)


def test_history_naming_a_removed_service_or_provider_is_a_warning(data, cedta):
    _network_with_history(data)
    r = cedta(data, "validate", "--strict")
    assert r.exit_code == 0, r.output
    (data.root / "providers" / "gamma-fund.yaml").unlink()
    provider = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", provider[:provider.index("  - id: marketing-consulting")])
    r = cedta(data, "validate")
    assert r.exit_code == 0, r.output
    assert "warning history-unknown-service: service `acme-centre/marketing-consulting` is not in the directory " \
           "(removed, or misspelt): kept as the client's history" in r.output, r.output
    assert "warning history-unknown-provider: provider `gamma-fund` is not in the directory" in r.output
    assert "0 error(s), 3 warning(s)" in r.output, r.output
    assert cedta(data, "validate", "--strict").exit_code == 1  # a warning: --strict still stops
    r = cedta(data, "validate", lang="fr")
    assert "l’organisme « gamma-fund » n’est pas dans le répertoire (fermé, ou mal écrit)" in r.output, r.output
    assert r.output.count("gamma-fund") == 2, r.output  # the done step, and the contact said once
    # every command still reads the client
    r = cedta(data, "show", "c-0001")
    assert r.exit_code == 0 and "gamma-fund/microloans" in r.output, r.output
    r = cedta(data, "status")
    assert r.exit_code == 0 and "c-0001" in r.output and "left out" not in r.output, r.output
    for fmt in ("terminal", "markdown", "html", "json"):
        r = cedta(data, "report", "--quarter", "2025Q4", "--format", fmt)
        assert r.exit_code == 0, (fmt, r.output)
    doc = json.loads(cedta(data, "report", "--quarter", "2025Q4", "-f", "json").stdout)
    assert doc  # (the counts are suppressed at one client; the report is built)
    assert cedta(data, "match", "c-0001").exit_code == 0
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--minutes", "10", "--note", "Call")
    assert r.exit_code == 0, r.output


def test_an_open_step_on_a_removed_service_is_an_error_that_says_what_to_do(data, cedta):
    provider = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", provider.replace("id: business-plan-workshops", "id: bp-workshops"))
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "error unknown-service: unknown service `acme-centre/business-plan-workshops`" in r.output, r.output
    # the open step (line 16) is an error; the past contact naming it (line 18) a warning
    assert "c-0001.yaml:16:54: error unknown-service" in r.output, r.output
    assert "c-0001.yaml:18:51: warning history-unknown-service" in r.output, r.output
    data.write("providers/acme-centre.yaml", provider.replace("id: business-plan-workshops", "id: zz-other"))
    r = cedta(data, "validate")
    assert "a program that ended: drop the step (`cedta plan CLIENT drop N`), or keep the service with " \
           "`valid: {until: DATE}`" in r.output, r.output


def test_a_step_on_a_removed_service_can_be_dropped_done_or_forgotten(data, cedta):
    """Review 11b, R0: once the service of an open step was removed, dropping the step, marking it
    done and `forget` were refused ("would make the record invalid"): the new history warning was
    taken for a new reference."""
    provider = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", provider.replace("id: business-plan-workshops", "id: bp-workshops"))
    r = cedta(data, "validate")
    assert "error unknown-service" in r.output and "a program that ended: drop the step" in r.output, r.output
    r = cedta(data, "plan", "c-0001", "drop", "1", "--note", "Program closed")
    assert r.exit_code == 0, r.output
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "warning history-unknown-service" in r.output, r.output
    r = cedta(data, "forget", "c-0001", "-y")
    assert r.exit_code == 0, r.output


def test_a_misspelt_reference_in_the_history_is_still_an_error(data, cedta):
    """Review 11b, R3: a contact typed by hand with `ottawa-ced-netwrok` was only a warning, and the
    shared report then had a contacts row of that name."""
    text = data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", text + "  - {date: 2026-02-20, org: acme-centr, mode: workshops}\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "error unknown-provider: unknown provider `acme-centr` (did you mean `acme-centre`?)" \
        in r.output, r.output
