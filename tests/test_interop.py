"""What the imports share: provider records written as YAML in `cedta fmt`'s canonical layout, text that
YAML 1.1 would misread quoted, unchanged files left alone, comments kept in changed ones."""

from __future__ import annotations

import datetime as dt

from cedta.interop.common import check_plan, record_yaml
from cedta.io.store import DataRoot
from cedta.io.yamlread import parse
from cedta.review.fmt import format_text


def test_record_yaml_is_canonical_and_reads_back_the_same():
    data = {"id": "x", "name": {"en": "no", "fr": "on"}, "kind": "non-profit", "services": [
        {"id": "s", "name": {"en": "0123"}, "topic": "marketing", "modes": ["workshops"], "languages": ["en"],
         "fees": [{"amount": 25, "unit": "hour", "label": {"en": "yes", "fr": "12:30"}}],
         "valid": {"from": "2008-05-01"}, "notes": {"en": "x " * 80}}]}
    text = record_yaml(data)
    back = parse(text).data
    assert back["name"] == {"en": "no", "fr": "on"}
    assert back["services"][0]["name"] == {"en": "0123"}
    assert back["services"][0]["fees"][0]["label"] == {"en": "yes", "fr": "12:30"}
    assert back["services"][0]["valid"]["from"] == dt.date(2008, 5, 1)
    assert "valid: {from: 2008-05-01}" in text
    assert format_text(text, "provider").text == text


def test_an_unchanged_provider_is_not_rewritten_and_a_changed_one_keeps_its_comments(data):
    data.write("providers/acme-centre.yaml", "# kept\n" + data.read("providers/acme-centre.yaml"))
    root = DataRoot(data.root)
    from cedta.records import checks

    ds = checks.load_dataset([root.read(f) for f in root.files()])
    acme = ds.providers["acme-centre"].record.model_dump(mode="json", by_alias=True, exclude_unset=True)
    plan = check_plan(root, {"acme-centre": acme}, dt.date(2026, 11, 26))
    assert plan.files == {} and plan.comparison.empty
    acme["services"][0]["languages"] = ["fr"]
    plan = check_plan(root, {"acme-centre": acme}, dt.date(2026, 11, 26))
    (text,) = plan.files.values()
    assert text.startswith("# kept\n") and "languages: [fr]" in text
    assert not plan.errors and len(plan.comparison.records) == 1


def test_a_file_changed_after_the_import_read_it_is_not_overwritten(data):
    """Hostile pass 11, 19: two imports at once (or an editor's save during one) lost a change: the
    import wrote its plan over a file changed since it was read."""
    import pytest

    from cedta.interop.common import write_plan
    from cedta.io.store import StoreError
    from cedta.records import checks

    root = DataRoot(data.root)
    ds = checks.load_dataset([root.read(f) for f in root.files()])
    acme = ds.providers["acme-centre"].record.model_dump(mode="json", by_alias=True, exclude_unset=True)
    acme["services"][0]["languages"] = ["fr"]
    plan = check_plan(root, {"acme-centre": acme, "new-org": {**acme, "id": "new-org"}}, dt.date(2026, 11, 26))
    assert len(plan.files) == 2
    saved = data.read("providers/acme-centre.yaml").replace("Acme Enterprise Centre", "Acme Centre (saved meanwhile)")
    data.write("providers/acme-centre.yaml", saved)
    with pytest.raises(StoreError) as caught:
        write_plan(root, plan)
    assert caught.value.code == "changed-on-disk"
    assert data.read("providers/acme-centre.yaml") == saved  # the save is kept
    assert not (data.root / "providers" / "new-org.yaml").exists()  # nothing half done
    write_plan(root, check_plan(root, {"acme-centre": acme}, dt.date(2026, 11, 26)))  # planned again: fine
    assert "languages: [fr]" in data.read("providers/acme-centre.yaml")
