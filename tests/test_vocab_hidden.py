"""A network elsewhere hides built-in terms it does not use (Ottawa's regions): `hidden: true` in
data/vocab.yaml keeps them out of menus, listings, suggestions and schemas; records using them still
read, with a warning."""

from __future__ import annotations

import json

VOCAB = """\
regions:
  southeast-nb: {en: Southeast New Brunswick, fr: Sud-Est du Nouveau-Brunswick}
  ottawa: {hidden: true}
  outaouais: {hidden: true}
"""


def test_hidden_built_in_terms_leave_listings_and_schemas_but_still_read(data, cedta, tmp_path):
    data.write("vocab.yaml", VOCAB)
    r = cedta(data, "vocab", "regions", "--format", "json")
    ids = [t["id"] for t in json.loads(r.stdout)]
    assert "southeast-nb" in ids and "ottawa" not in ids and "outaouais" not in ids and "renfrew" in ids
    assert cedta(data, "schema", "client", "--out", str(tmp_path / "s")).exit_code == 0
    schema = (tmp_path / "s" / "client.schema.json").read_text()
    assert '"southeast-nb"' in schema and '"outaouais"' not in schema
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "profile:\n", "profile:\n  region: ottawa\n", 1))
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "warning hidden-term" in r.output and "`ottawa` of regions" in r.output
    # what to write instead: the regions in force (newcomer 13, N13-13)
    assert "the network does not offer it (in force: " in r.output and "southeast-nb" in r.output
    assert "outaouais" not in r.output.split("in force:")[1]
    r = cedta(data, "validate", lang="fr")
    assert "est masqué par data/vocab.yaml" in r.output and "(en vigueur : " in r.output


def test_a_hidden_term_is_never_suggested(data, cedta):
    data.write("vocab.yaml", VOCAB)
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "profile:\n", "profile:\n  region: ottawaa\n", 1))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "unknown term `ottawaa`" in r.output and "did you mean `ottawa`" not in r.output


def test_an_alias_that_names_another_term_is_a_warning(data, cedta):
    data.write("vocab.yaml", "topics:\n  marketing: {aliases: [Accounting, Comptabilité, Mercatique]}\n")
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "warning vocab-alias-taken" in r.output and "`marketing` (topics)" in r.output
    data.write("vocab.yaml", "topics:\n  marketing: {aliases: [Mercatique, Publicité]}\n")
    assert "vocab-alias-taken" not in cedta(data, "validate").output


def test_a_hidden_term_is_refused_for_new_entries(data, cedta, tmp_path):
    """Hostile pass 4, K11: the interactive intake refused a hidden term, the other writers took it."""
    data.write("vocab.yaml", "topics:\n  marketing: {hidden: true}\n")
    before = data.read("clients/c-0001.yaml")
    for command in (["need", "c-0001", "add", "--topic", "marketing"],
                    ["plan", "c-0001", "add", "--topic", "Marketing"]):
        r = cedta(data, *command)
        assert r.exit_code == 2 and "hidden by data/vocab.yaml" in r.output, r.output
    assert data.read("clients/c-0001.yaml") == before
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: marketing}]\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre")
    assert r.exit_code == 1 and "error hidden-term" in r.output
