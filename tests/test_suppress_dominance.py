"""A dollar or jobs total that one or two clients dominate is hidden, whatever the number of clients
behind it (hostile pass 5, P6: seven clients, one of whom got $250,000 of $262,500, published that
loan to within a few thousand dollars)."""

from __future__ import annotations

import json

from cedta.suppress import SHOWN, Table, dominated, suppress
from tests.conftest import CLIENT


def test_the_rule():
    assert dominated({"a": 250_000, **{c: 2_000 for c in "bcdefg"}}, 262_000)
    assert dominated({"a": 50, "b": 40, "c": 5, "d": 5}, 100)  # the two largest: 90 %
    assert not dominated({c: 1_000 for c in "abcdefg"}, 7_000)
    assert not dominated({}, 0)


def test_a_dominated_total_and_its_complement_are_hidden():
    t = Table("financing", ["amount"], ["h1", "h2", "network"], col_total="network", client_count=False,
              money=True, dominance=True)
    for i in range(6):
        t.add("amount", "h1", 2_000, f"a{i}")
    t.add("amount", "h1", 250_000, "big")
    for i in range(7):
        t.add("amount", "h2", 1_500, f"b{i}")
    suppress([t], 5)
    h1, h2, total = (t.cell("amount", c) for c in ("h1", "h2", "network"))
    assert h1.state != SHOWN
    assert total.state != SHOWN or h2.state != SHOWN  # or h1 = total - h2
    assert t.shown_value("amount", "h1", 5) == "x"


def _client(cid: str, amount: int, jobs: int = 0) -> str:
    text = CLIENT.replace("id: c-0001", f"id: {cid}")
    text += f"outcomes:\n  - {{date: 2026-08-01, kind: financing-obtained, amount: {amount}}}\n"
    if jobs:
        text += f"  - {{date: 2026-08-02, kind: jobs-created, count: {jobs}}}\n"
    return text


def test_the_report_hides_a_dominated_dollar_total(data, cedta):
    (data.root / "clients" / "c-0001.yaml").unlink()
    data.write("clients/c-0001.yaml", _client("c-0001", 250_000, jobs=40))
    for i in range(2, 8):
        data.write(f"clients/c-{i:04d}.yaml", _client(f"c-{i:04d}", 2_000, jobs=1))
    r = cedta(data, "report", "--quarter", "2026Q2", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    amount = next(row for row in out["tables"]["financing"]["rows"] if row["key"] == "amount")["cells"]
    assert set(amount.values()) == {"x"}, amount
    jobs = next(row for row in out["tables"]["jobs"]["rows"] if row["key"] == "jobs-created")["cells"]
    assert set(jobs.values()) == {"x"}, jobs
    assert "262,000" not in cedta(data, "report", "--quarter", "2026Q2").stdout
    open_ = json.loads(cedta(data, "report", "--quarter", "2026Q2", "--format", "json", "--no-suppress").stdout)
    amount = next(row for row in open_["tables"]["financing"]["rows"] if row["key"] == "amount")["cells"]
    assert amount["network"] == 262_000


def test_the_hidden_cells_of_a_line_are_safe_together():
    """Forum 12, #4: $10,000 for six clients of h1, $10,000 for one of h2, $200,000 for one of h3,
    total $270,000 shown: h2 and h3 hidden, but their sum ($210,000, total less h1) rested on two
    clients, and h2's client, knowing its own $10,000, read h3's loan."""
    t = Table("financing", ["amount"], ["h1", "h2", "h3", "network"], col_total="network", client_count=False,
              money=True, dominance=True)
    for i in range(6):
        t.add("amount", "h1", 10_000, f"a{i}")
    t.add("amount", "h2", 10_000, "b0")
    t.add("amount", "h3", 200_000, "c0")
    suppress([t], 5)
    hidden = [c for c in ("h1", "h2", "h3") if not t.cell("amount", c).shown]
    assert {"h2", "h3"} <= set(hidden)
    if t.cell("amount", "network").shown:
        clients = set()
        for c in hidden:
            clients |= t._clients[("financing", "amount", c)]
        assert len(clients) >= 5  # the sum a reader can work out rests on enough clients
