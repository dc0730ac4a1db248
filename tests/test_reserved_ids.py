"""Ids the report keeps for its own totals cannot name records: a hub `network` took over the
network's total column (its own figures gone, a hidden cell found by subtraction), a provider or
a mode `total` vanished into the total row of contacts (hostile pass 5, P11, P12)."""

from __future__ import annotations

import pytest

from tests.conftest import CLIENT, HUB


def test_a_hub_named_network_is_refused_by_validate_and_the_report(data, cedta):
    data.write("hubs/network.yaml", HUB.replace("id: francophones", "id: network"))
    (data.root / "hubs" / "francophones.yaml").unlink()
    data.write("clients/c-0001.yaml", CLIENT.replace("hub: francophones", "hub: network"))
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "data/hubs/network.yaml:1:5: error reserved-id: the id `network` is kept by the report" in r.stdout
    r = cedta(data, "report", "--quarter", "2025Q4")
    assert r.exit_code == 1 and "Network | Network" not in r.stdout
    r = cedta(data, "validate", lang="fr")
    assert "l’identifiant « network » est réservé aux totaux du rapport" in r.stdout


def test_a_provider_named_total_is_refused(data, cedta):
    text = data.read("providers/beta-coop.yaml").replace("id: beta-coop", "id: total")
    data.write("providers/total.yaml", text)
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "data/providers/total.yaml:1:5: error reserved-id: the id `total`" in r.stdout


@pytest.mark.parametrize("term", ["total", "none"])
def test_a_mode_named_total_or_none_is_refused(data, cedta, term):
    data.write("vocab.yaml", f"modes:\n  {term}:\n    en: Odd\n    fr: Bizarre\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert f"data/vocab.yaml:2:3: error vocab-reserved: `{term}` cannot be a term of modes" in r.stdout


def test_other_ids_are_fine(data, cedta):
    data.write("vocab.yaml", "modes:\n  totally-online:\n    en: Totally online\n    fr: Entièrement en ligne\n")
    assert cedta(data, "validate").exit_code == 0


@pytest.mark.parametrize("name", ["Multi\\nLine Org", "Tab\\tOrg", "Sep\\u2028Org"])
def test_a_name_is_one_line(data, cedta, name):
    """A provider named over two lines (imported from a sheet cell) broke the report's Markdown
    tables and lists (hostile pass 5, M2); notes may still hold several lines."""
    text = data.read("providers/beta-coop.yaml").replace("name: {fr: Coop Bêta}", f'name: {{fr: "{name}"}}')
    data.write("providers/beta-coop.yaml", text + 'notes: {en: "two\\nlines"}\n')
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "data/providers/beta-coop.yaml:2:" in r.output and "a name is one line" in r.output
    assert "notes" not in r.output


def test_the_network_file_refuses_a_reversed_size_and_a_huge_seat_count(data, cedta):
    """`size: {min: 15, max: 12}` was a warning about the members, `count: 99999999999` printed as
    is in the roster, an extra member listed twice passed (hostile pass 5, M3)."""
    text = data.read("network.yaml")
    data.write("network.yaml", text.replace("extra_members: [{org: acme-centre, count: 1}]",
                                            "extra_members: [{org: acme-centre, count: 99999999999}]")
               + "leadership_table:\n  size: {min: 15, max: 12}\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "error too-large: `count` must be at most 100" in r.output
    assert "error size-reversed: the size goes from 15 to 12" in r.output
    data.write("network.yaml", text.replace("extra_members: [{org: acme-centre, count: 1}]",
                                            "extra_members: [{org: acme-centre, count: 1}, {org: acme-centre, count: 2}]"))
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "warning extra-member-twice: `acme-centre` is listed twice" in r.output


@pytest.mark.parametrize("name", ["Arts Ottawa\\u202eEast", "Zero\\u200bWidth", "Iso\\u2066late"])
def test_a_name_holds_no_bidi_override_nor_invisible_space(data, cedta, name):
    """U+202E turned the rest of a name round in a terminal, a Markdown table or the HTML report: a
    name made to read as another (review 7)."""
    text = data.read("providers/beta-coop.yaml").replace("name: {fr: Coop Bêta}", f'name: {{fr: "{name}"}}')
    data.write("providers/beta-coop.yaml", text)
    r = cedta(data, "validate")
    # (an override or isolate is said as such for every text since hostile pass 10, A)
    assert r.exit_code == 1 and ("a name is one line" in r.output or "direction override or isolate" in r.output)


def test_a_representatives_name_is_one_line_too(data, cedta):
    """A forum representative named over several lines (a Markdown heading injected in the roster)
    passed: the rule covered organisations only (review 7)."""
    data.write("hubs/francophones.yaml", data.read("hubs/francophones.yaml").replace(
        "{name: Rep A (fictitious),", '{name: "Rep A\\n\\n## Injected",'))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "data/hubs/francophones.yaml:" in r.output and "a name is one line" in r.output
