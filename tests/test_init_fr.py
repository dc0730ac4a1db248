"""`cedta --lang fr init`: every explanatory comment of the new repository in French (the privacy
warning first), the same keys, ids and values as in English, and files that validate and are canonical;
`--lang en init` writes what it always wrote."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cedta.cli import app
from cedta.review import scaffold

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]
PLACES = {"network": "network.yaml", "vocab": "vocab.yaml", "provider": "providers/new-provider.yaml",
          "hub": "hubs/new-hub.yaml", "client": "clients/c-2026-0000.yaml"}

# English words that French prose never uses (French homographs such as "on", "or", "an", "as", "a"
# are left out). A comment line holding one of them, outside `code`, paths and `en:` labels, is English.
ENGLISH = {"the", "and", "of", "to", "is", "in", "for", "this", "that", "these", "those", "with", "from",
           "each", "its", "it", "are", "be", "by", "at", "not", "no", "never", "only", "must", "your",
           "you", "which", "what", "when", "after", "here", "there", "file", "files", "name", "phone",
           "address", "stay", "keep", "run", "runs", "write", "writes", "add", "copy", "see", "example",
           "record", "records", "categories", "needs", "steps", "outcomes"}
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A line of French prose has one of these (or an accented letter); a line of three words or more
# without any is not French. Vocabulary category names (YAML keys) and commented-out YAML are not prose.
FRENCH = {"le", "la", "les", "l", "d", "de", "des", "du", "un", "une", "et", "ou", "dans", "pour", "sur",
          "au", "aux", "ce", "ces", "cet", "cette", "qui", "que", "qu", "est", "sont", "par", "avec", "ni",
          "son", "sa", "ses", "leur", "vos", "votre", "y", "en", "ne", "pas", "s", "c", "n", "aucun",
          "aucune", "tout", "tous", "chaque", "plus", "sans", "si", "se", "il", "elle", "vous", "mais"}
KEYS = set("topics modes levels stages populations client_kinds org_types schedules times intakes fee_units "
           "outcome_kinds sectors regions languages".split())


def _comment(line: str) -> str | None:
    """The comment of a YAML/shell/gitignore line (from a `#` at its start or after a space), or None."""
    match = re.search(r"(?:^|\s)#(.*)$", line)
    return match.group(1) if match else None


def _english_words(text: str) -> set[str]:
    text = re.sub(r"`[^`]*`", " ", text)                                # code
    text = re.sub(r"\ben:\s*[^,}\n]*", " ", text)                       # an English label
    text = re.sub(r"\S*[/.:]\S+", " ", text)                           # paths, URLs, file names
    text = re.sub(r"\b[a-z][a-z0-9]*_[a-z0-9_]*:", " ", text)          # a commented-out key (`part_of:`)
    text = re.sub(r"(?:^|[{,-])\s*[a-z][a-z0-9]*:", " ", text)          # and `- name:`, `{name: ...`
    return {w for w in WORD.findall(text) if w.lower() in ENGLISH or w.lower().endswith(("'s", "’s"))}


def _not_french(text: str) -> bool:
    """Three words or more of prose and no French word or accented letter among them."""
    if re.match(r"\s*(?:-\s*)?\{?\s*[a-z][a-z0-9_-]*:(\s|$)", text):  # commented-out YAML (`# topics:`, `#   - {name: ...`)
        return False
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\S*[/.:@]\S+", " ", text)
    words = [w for w in re.findall(r"[^\W\d]+", text) if w not in KEYS]
    if len(words) < 3:
        return False
    return not any(w.lower() in FRENCH or re.search(r"[À-ÿŒœ]", w) for w in words)


def english_lines(files: dict[str, str]) -> list[tuple[str, str, set]]:
    """(file, line, English words) for each explanatory line in English: the comments of the YAML
    files and of .gitignore, and every line of the Markdown guide. A line is English when it holds
    an English word French never uses, or when it is prose without a single French word."""
    found = []
    for rel, text in files.items():
        if rel.endswith(".json"):
            continue
        for line in text.splitlines():
            prose = line if rel.endswith(".md") else _comment(line)
            if prose is None or "yaml-language-server: $schema=" in prose:
                continue
            words = _english_words(prose)
            if words or _not_french(prose):
                found.append((rel, line, words or {"(no French word)"}))
    return found


def _written(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("init-fr")
    out = {}
    for lang in ("en", "fr"):
        target = base / f"réseau {lang}"
        r = runner.invoke(app, ["--lang", lang, "init", str(target), "--name", "Moncton", "--name-fr",
                                "Réseau de Moncton", "--no-git"])
        assert r.exit_code == 0, r.output
        out[lang] = target
    return out


def test_french_files_say_it_in_french(both):
    fr = both["fr"]
    client = (fr / "templates/client.yaml").read_text(encoding="utf-8")
    assert ("# Copiez dans data/clients/<id>.yaml. AUCUN nom, téléphone, courriel, adresse ou NAS dans "
            "ce fichier :\n# ces renseignements restent dans data/.private/ (ignoré par git).") in client
    assert "Le plan d'AT d'un client" in client
    guide = (fr / "templates/README.md").read_text(encoding="utf-8")
    assert guide.startswith("# Ajouter une fiche\n")
    assert "ni nom, ni téléphone, ni courriel, ni adresse, ni NAS" in guide and "data/.private/" in guide
    assert "cp templates/provider.yaml data/providers/<id>.yaml" in guide and "cedta schema" in guide
    network = (fr / "data/network.yaml").read_text(encoding="utf-8")
    assert "# Le réseau : son Forum des centres, ses seuils et sa Table du leadership" in network
    assert "# aucun contact noté depuis ce nombre de jours : client au point mort" in network
    assert 'name: {en: "Moncton", fr: "Réseau de Moncton"}' in network
    assert "retirez le « # » au début des lignes" in (fr / "data/vocab.yaml").read_text(encoding="utf-8")
    hub = (fr / "templates/hub.yaml").read_text(encoding="utf-8")
    assert "Un centre : des organismes" in hub and "Coordonnateur (à remplacer)" in hub
    assert (fr / ".gitignore").read_text().startswith("# Les identifiants directs des clients")
    workflow = (fr / ".github/workflows/cedta.yml").read_text(encoding="utf-8")
    assert "# À RENSEIGNER : d'où l'intégration continue installe cedta." in workflow
    assert "::error::renseignez CEDTA_PACKAGE dans .github/workflows/cedta.yml" in workflow


def test_no_english_comment_left_in_french_and_the_check_finds_english(both):
    fr, en = _written(both["fr"]), _written(both["en"])
    assert english_lines(fr) == []
    # The check itself: it finds the English comments of every kind of file, the privacy warning too.
    found = english_lines(en)
    assert {rel for rel, _, _ in found} == {rel for rel in en if not rel.endswith(".json")}
    assert any("NO name, phone, e-mail, address or SIN" in line for _, line, _ in found)
    assert any(line.startswith("Client files hold no name") for _, line, _ in found)
    # One English comment slipped into a French file is found, with or without a common English word.
    for slipped in ("# Counts below this are suppressed", "# A client's TA plan (§9): needs, outcomes",
                    "# Categories: topics modes"):
        text = fr["templates/client.yaml"].replace("id: c-2026-0000", f"id: c-2026-0000  {slipped}")
        assert [line for _, line, _ in english_lines({"templates/client.yaml": text})] == \
            [f"id: c-2026-0000  {slipped}"], slipped


def test_same_files_keys_ids_and_values_in_both_languages(both):
    fr, en = _written(both["fr"]), _written(both["en"])
    assert fr.keys() == en.keys()
    for rel in en:
        if rel.endswith(".json"):
            assert fr[rel] == en[rel], rel  # the schemas do not depend on the language
        elif rel.endswith((".yaml", ".yml")):
            doc_en, doc_fr = yaml.safe_load(en[rel]), yaml.safe_load(fr[rel])
            if rel == "templates/hub.yaml":  # the placeholder names of people are in French
                assert doc_fr["coordinator"]["name"] == "Coordonnateur (à remplacer)"
                for doc in (doc_en, doc_fr):
                    doc["coordinator"]["name"] = "-"
                    for person in doc["forum_representatives"]:
                        person["name"] = "-"
            if rel == ".github/workflows/cedta.yml":  # the error for an unset CEDTA_PACKAGE is French
                # and the checks speak French (newcomer 15, N15-8)
                assert (doc_en["env"]["CEDTA_LANG"], doc_fr["env"]["CEDTA_LANG"]) == ("en", "fr")
                for doc in (doc_en, doc_fr):
                    doc["env"]["CEDTA_LANG"] = "-"
                    doc["jobs"]["review"]["steps"][2]["run"] = doc["jobs"]["review"]["steps"][2][
                        "run"].split("::error::")[0]
            if rel == ".pre-commit-config.yaml":  # the hooks speak French
                assert "entry: cedta --lang fr validate" in fr[rel]
                doc_fr = yaml.safe_load(fr[rel].replace("cedta --lang fr ", "cedta "))
            assert doc_fr == doc_en, rel
            # Same structure line by line: only what follows a `#` differs.
            bare = [[(_comment(x) is not None and x[:x.index("#")].rstrip()) or x for x in text.splitlines()
                     if not x.lstrip().startswith("#")] for text in (en[rel], fr[rel])]
            assert len(bare[0]) == len(bare[1]), rel
    # Every English text the French workflow replaces is still in the English one.
    for english, _ in scaffold._WORKFLOW_COMMENTS_FR:
        assert english in scaffold.WORKFLOW, english


def test_french_repository_validates_and_its_templates_too(both, tmp_path):
    data = both["fr"] / "data"
    for args in (["validate", "--strict"], ["fmt", "--check"]):
        r = runner.invoke(app, ["--lang", "fr", "--data", str(data), *args])
        assert r.exit_code == 0, r.output
    root = tmp_path / "data"  # the French templates, copied into a data folder, are valid and canonical
    for kind, rel in PLACES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(both["fr"] / "templates" / f"{kind}.yaml", root / rel)
    for args in (["validate"], ["fmt", "--check"]):
        r = runner.invoke(app, ["--lang", "fr", "--data", str(root), *args])
        assert r.exit_code == 0, r.output
    # what is left to fill in is said (newcomer pass 9, S9-8): « Coordonnateur (à remplacer) »
    r = runner.invoke(app, ["--lang", "fr", "--data", str(root), "validate"])
    assert "warning placeholder: « Coordonnateur (à remplacer) » est le texte provisoire du gabarit" in r.output


def test_english_init_is_unchanged(both):
    en = both["en"]
    for kind in PLACES:
        assert (en / "templates" / f"{kind}.yaml").read_text(encoding="utf-8") == \
            (REPO / "templates" / f"{kind}.yaml").read_text(encoding="utf-8"), kind
    # the installed workflow is the template less its "Copy to .github/workflows/cedta.yml" (newcomer 13, N13-20)
    installed = (en / ".github/workflows/cedta.yml").read_text()
    template = (REPO / "templates/github-workflow-cedta.yml").read_text()
    assert "Copy to .github" not in installed and "Copy to .github" in template
    assert installed == "\n".join(x for x in template.split("\n") if not x.startswith("# Copy to .github"))
    assert (en / "templates/README.md").read_text() == scaffold.TEMPLATES_README
    assert (en / "data/vocab.yaml").read_text() == scaffold.VOCAB
    assert (en / ".gitignore").read_text() == scaffold.GITIGNORE
    assert "# no contact logged for this long: the client is stalled" in (en / "data/network.yaml").read_text()


def test_gitignore_merged_in_french(tmp_path):
    target = tmp_path / "net"
    target.mkdir()
    (target / ".gitignore").write_text("*.log\n")
    r = runner.invoke(app, ["--lang", "fr", "init", str(target), "--no-git"])
    assert r.exit_code == 0, r.output
    lines = (target / ".gitignore").read_text().splitlines()
    assert lines[:2] == ["*.log", ""]
    assert lines[2].startswith("# cedta : les identifiants directs des clients (data/.private/) jamais dans git")
    assert "data/.private/" in lines
