"""What a hostile tester tried on `cedta gaps` and `cedta report`: --out over the data, a quarter
not begun, a template that misbehaves (sandbox, endless loops, huge output, recursion, division by
zero), priorities that name nothing real, a threshold of 1. Clear message, right exit code."""

from __future__ import annotations

import pytest

TEMPLATE_DIR = "../templates/report"


def _tpl(data, name: str, text: str) -> None:
    data.write(f"{TEMPLATE_DIR}/{name}", text)


@pytest.mark.parametrize("command", [("report",), ("gaps",)])
@pytest.mark.parametrize("where", ["network.yaml", "clients/c-0001.yaml", "new.md", "."])
def test_out_may_not_write_inside_the_data_folder(data, cedta, command, where):
    before = data.read("network.yaml"), data.read("clients/c-0001.yaml")
    result = cedta(data, *command, "--out", str(data.root / where))
    assert result.exit_code == 2
    assert "inside the data folder" in result.stderr and "Traceback" not in result.stderr
    assert (data.read("network.yaml"), data.read("clients/c-0001.yaml")) == before
    assert not (data.root / "new.md").exists()


def test_out_inside_the_data_folder_through_a_link_is_refused_in_french(data, cedta, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(data.root)
    result = cedta(data, "report", "--out", str(link / "r.md"), lang="fr")
    assert result.exit_code == 2 and "dans le dossier de données" in result.stderr


def test_out_onto_a_folder_is_a_usage_error(data, cedta, tmp_path):
    result = cedta(data, "report", "--out", str(tmp_path))
    assert result.exit_code == 2 and "folder" in result.stderr


def test_a_quarter_that_has_not_begun_is_refused(data, cedta):
    result = cedta(data, "report", "--quarter", "2030Q1")  # today is 2026-11-26
    assert result.exit_code == 2 and "2030-04-01" in result.stderr and "after today" in result.stderr
    result = cedta(data, "report", "--quarter", "2030Q1", lang="fr")
    assert result.exit_code == 2 and "rien à rapporter" in result.stderr


def test_the_quarter_in_progress_says_so(data, cedta):
    result = cedta(data, "report", "--quarter", "2026Q3")  # October to December 2026
    assert result.exit_code == 0
    assert "in progress: counts up to November 26, 2026" in result.stdout
    import json
    j = json.loads(cedta(data, "report", "--quarter", "2026Q3", "--format", "json").stdout)
    assert j["quarter"]["complete"] is False
    j = json.loads(cedta(data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    assert j["quarter"]["complete"] is True and "in progress" not in j["quarter"]["text"]


@pytest.mark.parametrize("body, reason", [
    ('{{ "".__class__.__mro__ }}', "unsafe"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "range"),
    ('{{ "x" * 1000000000 }}', "repetition"),
    ('{% for i in range(1000) %}{% for j in range(1000) %}{{ "x" * 50 }}{% endfor %}{% endfor %}', "output"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "RecursionError"),
    ("{{ nosuch }}", "undefined"),
    ("{% for x in %}", "report.md.j2:1"),
])
def test_a_misbehaving_template_is_reported_not_run_wild(data, cedta, body, reason):
    _tpl(data, "report.md.j2", body)
    result = cedta(data, "report", "--format", "markdown")
    assert result.exit_code == 2, result.stdout[:200]
    assert "report template" in result.stderr and reason in result.stderr
    assert result.stdout == ""


def test_a_broken_gaps_template_is_reported(data, cedta, tmp_path):
    _tpl(data, "gaps.txt.j2", "{{ 1 / 0 }}")
    out = tmp_path / "g.txt"
    result = cedta(data, "gaps", "--out", str(out))
    assert result.exit_code == 2 and "ZeroDivisionError" in result.stderr and not out.exists()


def test_priorities_naming_nothing_real_are_not_recognised_never_closed(data, cedta):
    text = data.read("network.yaml")
    extra = """
priorities:
  - {gap: demand/nobody/nothing/beginner, date: 2026-06-18, decision: typo one}
  - {gap: supply/ending/nobody/nothing, date: 2026-06-18, decision: typo two}
  - {gap: coverage/francophones/marketing/expert, date: 2026-06-18, decision: typo three}
  - {gap: coverage/women/marketing/advanced, date: 2026-06-18, decision: no hub for women}
"""
    assert "priorities" not in text
    data.write("network.yaml", text + extra)
    import json
    j = json.loads(cedta(data, "gaps", "--format", "json").stdout)
    status = {p["gap"]: p["status"] for p in j["priorities"]}
    assert status == {"demand/nobody/nothing/beginner": "unknown", "supply/ending/nobody/nothing": "unknown",
                      "coverage/francophones/marketing/expert": "unknown",
                      "coverage/women/marketing/advanced": "outside"}
    r = json.loads(cedta(data, "report", "--format", "json").stdout)
    typo = next(g for g in r["gaps"] if g["id"] == "demand/nobody/nothing/beginner")
    assert typo["status"] == "unknown" and "needs" not in typo


def test_a_threshold_of_one_says_nothing_is_hidden(data, cedta):
    text = data.read("network.yaml")
    data.write("network.yaml", text.replace("small_cell_threshold: 5", "small_cell_threshold: 1")
               if "small_cell_threshold" in text else text + "small_cell_threshold: 1\n")
    result = cedta(data, "report")
    assert result.exit_code == 0
    assert "no count is hidden" in result.stdout and "<1" not in result.stdout
    assert "aucun nombre n’est masqué" in cedta(data, "report", lang="fr").stdout


def test_html_sets_commands_as_code_not_backticks(data, cedta):
    html = cedta(data, "report", "--format", "html").stdout
    assert "<code>cedta gaps</code>" in html and "`cedta gaps`" not in html
    md = cedta(data, "report", "--format", "markdown").stdout
    assert "`cedta gaps`" in md


@pytest.mark.parametrize("command", [("report",), ("gaps",), ("report", "--format", "html")])
def test_data_that_validate_rejects_gives_no_report(data, cedta, command, tmp_path):
    # a client in a hub that does not exist would have made a column of its own
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace("hub: francophones", "hub: nowhere"))
    out = tmp_path / "r.txt"
    result = cedta(data, *command, "--out", str(out))
    assert result.exit_code == 1
    assert "c-0001.yaml:" in result.stderr and "unknown-hub" in result.stderr and "cedta validate" in result.stderr
    assert not out.exists()
    fr = cedta(data, *command, lang="fr")
    assert fr.exit_code == 1 and "lancez `cedta validate`" in fr.stderr


def test_unknown_population_lists_the_known_ones(data, cedta):
    result = cedta(data, "gaps", "--population", "nope")
    assert result.exit_code == 2 and "populations:" in result.stderr and "francophones" in result.stderr


def test_out_under_a_file_says_which_is_not_a_folder(data, cedta, tmp_path):
    (tmp_path / "plain").write_text("x")
    result = cedta(data, "gaps", "--out", str(tmp_path / "plain" / "g.md"))
    assert result.exit_code == 2 and "plain is a file, not a folder" in result.stderr
    result = cedta(data, "report", "--out", str(tmp_path / "plain" / "r.md"), lang="fr")
    assert result.exit_code == 2 and "est un fichier, pas un dossier" in result.stderr


def test_a_huge_template_file_is_refused_before_it_is_read(data, cedta):
    _tpl(data, "report.txt.j2", "{{ title }}\n" + "x" * 1_200_000)
    result = cedta(data, "report")
    assert result.exit_code == 2 and "report.txt.j2" in result.stderr and "at most" in result.stderr


def test_markdown_reports_make_html_and_links_from_the_data_inert(tmp_path, cedta):
    """Hostile pass 4, K26: a provider's name with <img onerror> or a javascript: link came out
    verbatim in Markdown (pasted into wikis and e-mails that render inline HTML)."""
    import shutil
    from pathlib import Path

    root = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", root)
    p = root / "providers" / "ocri-entrepreneurship-centre.yaml"
    p.write_text(p.read_text().replace("name: {en: OCRI Entrepreneurship Centre",
                                       'name: {en: "OCRI <img src=x onerror=alert(1)> [x](javascript:alert(1))"', 1))
    p = root / "providers" / "ottawa-ced-network.yaml"  # the one `gaps` names in its levers
    p.write_text(p.read_text().replace("name: {en: Ottawa CED Network",
                                       'name: {en: "Ottawa CED <img src=x onerror=alert(1)> [x](javascript:alert(1))"', 1))
    for command in (["report"], ["gaps"]):
        out = cedta(root, *command, "--format", "markdown").stdout
        assert "<img" not in out and "](javascript" not in out and "&lt;img" in out
        assert "<5" in out or command == ["gaps"]


def test_a_decision_in_the_other_language_only_is_marked_as_written(tmp_path, cedta):
    """Hostile pass 4, K12: `decision: {en: ...}` came out unmarked in the French report."""
    import shutil
    from pathlib import Path

    root = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", root)
    net = root / "network.yaml"
    text = net.read_text()
    start = text.index("    decision:\n      en: >-\n        Ask the business-plan")
    end = text.index("    owner: ottawa-ced-network", start)
    net.write_text(text[:start] + "    decision: {en: Only in English.}\n" + text[end:])
    assert cedta(root, "validate").exit_code == 0
    fr = cedta(root, "report", lang="fr").stdout
    assert "Only in English. (texte tel que consigné dans network.yaml)" in fr
    en = cedta(root, "report").stdout
    assert "Only in English. (carried by" in en and "Only in English. (as written" not in en
