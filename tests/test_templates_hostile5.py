"""Hostile pass 5 on the templates a network can override (P3, P4, M14, M16): a template read through a
link or from outside templates/report/, a template that loops for ever or asks for gigabytes, a
runtime error without its file and line, and `report -o x.html` writing terminal text. Each runs the
real CLI on a small data folder and checks what the user sees."""

from __future__ import annotations

import json
import os
import sys
import threading

import pytest

from cedta.forum import render as render_module

SECRET = "Amira Haddad, phone 613-555-0188"


@pytest.fixture
def net(data):
    """The data folder with a secret in its identity store and an empty templates/report/ beside it."""
    data.write(".private/identities.yaml", f"c-0001: {{note: {SECRET}}}\n")
    folder = data.root.parent / "templates" / "report"
    folder.mkdir(parents=True)
    return data, folder


def _refused(result, *words):
    assert result.exit_code == 2, result.stdout[:300]
    assert SECRET not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in result.stderr, result.stderr


# ---- P3: links and names that leave templates/report/ -----------------------------------------------

@pytest.mark.parametrize("tag", ["include", "import", "extends", "from"])
def test_a_template_reached_through_a_link_is_refused_naming_it(net, cedta, tag):
    data, folder = net
    (folder / "ids.j2").symlink_to(data.root / ".private" / "identities.yaml")
    use = {"include": '{% include "ids.j2" %}', "import": '{% import "ids.j2" as x %}',
           "extends": '{% extends "ids.j2" %}', "from": '{% from "ids.j2" import y %}'}[tag]
    (folder / "report.txt.j2").write_text(f"REPORT\n{use}\n")
    result = cedta(data, "report")
    _refused(result, "templates/report/report.txt.j2:2", "templates/report/ids.j2 is a symbolic link")
    fr = cedta(data, "report", lang="fr")
    _refused(fr, "gabarit de rapport templates/report/report.txt.j2:2 : templates/report/ids.j2 est un lien symbolique")


@pytest.mark.parametrize("command, name, option", [
    (("report",), "report.md.j2", ("--format", "markdown")),
    (("report",), "report.html.j2", ("--format", "html")),
    (("gaps",), "gaps.txt.j2", ()),
])
def test_a_template_that_is_a_link_is_refused_even_to_a_file_beside_it(net, cedta, command, name, option):
    data, folder = net
    (folder / "mine.j2").write_text("{{ title }}\n")
    (folder / name).symlink_to("mine.j2")  # a link inside the folder is a link all the same
    result = cedta(data, *command, *option)
    _refused(result, f"templates/report/{name}: the file is a symbolic link")
    (folder / name).unlink()
    (folder / name).symlink_to(data.root / ".private" / "identities.yaml")
    _refused(cedta(data, *command, *option), "symbolic link")


@pytest.mark.parametrize("link", ["report", "templates"])
def test_a_templates_folder_that_is_a_link_is_refused(data, cedta, tmp_path, link):
    elsewhere = tmp_path / "elsewhere" / "report"
    elsewhere.mkdir(parents=True)
    (elsewhere / "report.txt.j2").write_text("{% include 'ids.yaml' %}")
    data.write(".private/identities.yaml", f"c-0001: {{note: {SECRET}}}\n")
    (elsewhere / "ids.yaml").write_text(SECRET)
    templates = data.root.parent / "templates"
    if link == "report":
        templates.mkdir()
        (templates / "report").symlink_to(elsewhere)
        shown = "templates/report is a symbolic link"
    else:
        templates.symlink_to(elsewhere.parent)
        shown = "templates is a symbolic link"
    _refused(cedta(data, "report"), shown)
    (elsewhere / "report.txt.j2").unlink()
    plain = cedta(data, "report", "--quarter", "2026Q2")  # no such template behind the link: cedta's own
    assert plain.exit_code == 0 and "Hub Forum report, 2026Q2" in plain.stdout


def test_a_subfolder_link_inside_the_templates_folder_is_refused(net, cedta):
    data, folder = net
    (folder / "parts").symlink_to(data.root / ".private")
    (folder / "report.txt.j2").write_text('{% include "parts/identities.yaml" %}')
    _refused(cedta(data, "report"), "templates/report/parts is a symbolic link")
    (folder / "parts").unlink()
    (folder / "parts").mkdir()
    (folder / "parts" / "head.j2").write_text("HEAD {{ quarter.code }}\n")
    (folder / "report.txt.j2").write_text('{% include "parts/head.j2" %}')
    ok = cedta(data, "report", "--quarter", "2026Q2")
    assert ok.exit_code == 0 and ok.stdout == "HEAD 2026Q2\n"  # a real subfolder is fine


@pytest.mark.parametrize("name", ["../../data/.private/identities.yaml", "/etc/hostname", "./report.txt.j2",
                                  "parts//x.j2", "..\\\\x.j2", "C:x.j2"])
def test_a_name_that_leaves_the_folder_is_refused(net, cedta, name):
    data, folder = net
    (folder / "report.txt.j2").write_text(f'x\n{{% include "{name}" %}}\n')
    _refused(cedta(data, "report"), "templates/report/report.txt.j2:2", "leaves templates/report/")
    _refused(cedta(data, "report", lang="fr"), "sort de templates/report/")


def test_a_hard_link_and_a_pipe_are_refused_and_nothing_waits(net, cedta):
    data, folder = net
    os.link(data.root / ".private" / "identities.yaml", folder / "report.txt.j2")
    _refused(cedta(data, "report"), "report.txt.j2: the file has other hard links")
    (folder / "report.txt.j2").unlink()
    os.mkfifo(folder / "report.txt.j2")  # opened without waiting for a writer, then refused
    _refused(cedta(data, "report"), "is not a regular file")


def test_without_nofollow_the_portable_reader_refuses_the_same(net, cedta, monkeypatch):
    """Where O_NOFOLLOW or dir_fd are missing (Windows), each step is looked at with lstat instead."""
    data, folder = net
    monkeypatch.setattr(render_module, "_SAFE_OPEN", False)
    (folder / "ids.j2").symlink_to(data.root / ".private" / "identities.yaml")
    (folder / "report.txt.j2").write_text('x\n{% include "ids.j2" %}\n')
    _refused(cedta(data, "report"), "templates/report/report.txt.j2:2: templates/report/ids.j2 is a symbolic link")
    (folder / "ids.j2").unlink()
    (folder / "ids.j2").symlink_to(data.root / ".private")
    (folder / "report.txt.j2").write_text('{% include "ids.j2/identities.yaml" %}')
    _refused(cedta(data, "report"), "templates/report/ids.j2 is a symbolic link")
    (folder / "report.txt.j2").unlink()
    os.mkfifo(folder / "report.txt.j2")
    _refused(cedta(data, "report"), "is not a regular file")
    (folder / "report.txt.j2").unlink()
    (folder / "report.txt.j2").write_text("{{ quarter.code }}\n")
    assert cedta(data, "report", "--quarter", "2026Q2").stdout == "2026Q2\n"


def test_cedtas_own_templates_may_be_hard_links(data, cedta, monkeypatch, tmp_path):
    """Installers such as uv hard-link a package's files from their cache: cedta's own templates are
    read all the same (only a network's own file with other hard links is refused)."""
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    for f in render_module.DEFAULTS.iterdir():
        if f.suffix == ".j2":
            (tmp_path / f.name).write_bytes(f.read_bytes())
            os.link(tmp_path / f.name, shipped / f.name)
    monkeypatch.setattr(render_module, "DEFAULTS", shipped)
    result = cedta(data, "report", "--quarter", "2026Q2")
    assert result.exit_code == 0 and "Hub Forum report, 2026Q2" in result.stdout


def test_ignore_missing_skips_a_missing_template_but_not_a_link(net, cedta):
    data, folder = net
    (folder / "report.txt.j2").write_text('{% include "nope.j2" ignore missing %}fine\n')
    result = cedta(data, "report")
    assert result.exit_code == 0 and result.stdout == "fine\n"
    (folder / "ids.j2").symlink_to(data.root / ".private" / "identities.yaml")
    for body in ('{% include "ids.j2" ignore missing %}', '{% include ["ids.j2", "report.txt.j2"] %}'):
        (folder / "report.txt.j2").write_text(body)
        _refused(cedta(data, "report"), "templates/report/ids.j2 is a symbolic link")


# ---- P4: limits on what a rendering may take ----------------------------------------------------------

@pytest.mark.parametrize("body, reason", [
    ("{% set l = [1] %}{% for i in l %}{% if l.append(i) %}{% endif %}{% endfor %}done", "loops turned more than"),
    ("{% for a in [0]*999999 %}{% for b in [0]*999999 %}{% endfor %}{% endfor %}done", "loops turned more than"),
    ("{% for x in [[[0]*3000]*3000] recursive %}{{ loop(x) if x is iterable else '' }}{% endfor %}",
     "loops turned more than"),
    ("{{ lipsum(10000000)|length }}", "lipsum() asks for 10,000,000, over the limit of 100"),
    ("{{ ([0]*19999999)|length }}", "a repetition or concatenation would make more than 1,000,000 items"),
    ('{{ "x".ljust(1500000000)|length }}', "ljust() asks for 1,500,000,000"),
    ('{{ "{:>1500000000}".format(1)|length }}', "format() asks for"),
    ('{{ ("%1500000000d" % 1)|length }}', "% asks for"),
    ('{{ "%.1500000000f"|format(1)|length }}', "% asks for"),
    ('{{ ("x"*1000000)|replace("x", "y"*5000)|length }}', "replace would make about 5,000,000,000"),
    ('{{ ("x"*1000000).replace("", "y"*5000)|length }}', "replace() would make"),
    ('{{ ("a"*100000)|join("b"*1000)|length }}', "join would make"),
    ('{{ ("x\\n"*1000000)|indent(1000)|length }}', "indent would make"),
    ("{{ [1]|batch(1000000000, 0)|list|length }}", "batch asks for"),
    ('{{ text_table(["x"*10000000], [["a"]]*1000)|length }}', "text_table() would make"),
    ('{{ ("{0}"*1000000).format("x"*1000)|length }}', "format() would make"),
    ('{{ (("%(a)s"*1000000) % {"a": "x"*1000})|length }}', "% would make"),
    ('{{ ("x"*1000000).translate({120: "y"*1000})|length }}', "translate() would make"),
    ('{{ ("a".encode() * 1000000000)|length }}', "repetition or concatenation"),
    ('{{ "a".encode().ljust(1000000000)|length }}', "ljust() asks for"),
    ("{{ (((((2**64)**64)**64)**64)**64)|string|length }}", "more than 1,000,000 bits"),
    ("{% set ns = namespace(n=3) %}{% for i in range(60) %}{% set ns.n = ns.n * ns.n %}{% endfor %}x",
     "more than 1,000,000 bits"),
    ("{% set ns = namespace(l=[1]*600000) %}{% for i in range(5) %}{% if ns.l.extend(ns.l) %}{% endif %}{% endfor %}",
     "extend() would make"),
    ("{% set ns = namespace(l=[1]*600000) %}{% for i in range(5) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
     "repetition or concatenation"),
    # `~`, Jinja's own concatenation (review 7: only the memory cap, Linux only, stopped it)
    ('{% set ns = namespace(s="x" * 10000000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}x',
     "repetition or concatenation"),
    ('{{ ("x" * 15000000) ~ 1 ~ ("y" * 15000000) }}', "repetition or concatenation"),
])
def test_a_template_asking_too_much_stops_with_its_line(net, cedta, monkeypatch, body, reason):
    data, folder = net
    monkeypatch.setattr(render_module, "MAX_LOOPS", 100_000)  # 1,000,000 shipped: the same stop, sooner
    (folder / "report.txt.j2").write_text("first line\n" + body)
    result = cedta(data, "report")
    assert result.exit_code == 2 and result.stdout == "", result.stdout[:200]
    assert "report template templates/report/report.txt.j2:2: " in result.stderr and reason in result.stderr, \
        result.stderr
    assert "Traceback" not in result.stderr


def test_a_template_asking_too_much_says_so_in_french(net, cedta, monkeypatch):
    data, folder = net
    monkeypatch.setattr(render_module, "MAX_LOOPS", 100_000)
    (folder / "report.txt.j2").write_text("{% set l = [1] %}{% for i in l %}{% if l.append(i) %}{% endif %}{% endfor %}")
    result = cedta(data, "report", lang="fr")
    assert result.exit_code == 2
    assert "gabarit de rapport templates/report/report.txt.j2:1 : ses boucles ont tourné plus de 100\u202f000 fois" \
        in result.stderr


SLOW = '{% for i in range(400) %}{% set s = ("ab"*10000000).upper() %}{% endfor %}done'  # ~10 s, 400 loop turns


def test_a_slow_template_is_stopped_by_the_timer(net, cedta, monkeypatch):
    data, folder = net
    monkeypatch.setattr(render_module, "MAX_SECONDS", 1)
    (folder / "gaps.md.j2").write_text(SLOW)
    import time

    start = time.monotonic()
    result = cedta(data, "gaps", "--format", "markdown")
    assert time.monotonic() - start < 6
    assert result.exit_code == 2 and "still running after 1 seconds, stopped" in result.stderr
    assert "report template templates/report/gaps.md.j2:1" in result.stderr
    fr = cedta(data, "gaps", "--format", "markdown", lang="fr")
    assert fr.exit_code == 2 and "toujours en cours après 1 secondes, arrêté" in fr.stderr
    import signal

    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_the_time_is_checked_between_loop_turns(net, cedta, monkeypatch):
    data, folder = net
    monkeypatch.setattr(render_module, "MAX_SECONDS", 1)
    (folder / "report.txt.j2").write_text(
        '{% for i in range(900000) %}{% set s = ("ab"*1000).upper() %}{% endfor %}done')  # ~10 s
    results = []
    worker = threading.Thread(target=lambda: results.append(cedta(data, "report")))
    worker.start()
    worker.join(30)
    assert results and results[0].exit_code == 2 and "still running after 1 seconds" in results[0].stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory cap is Linux's RLIMIT_AS")
def test_a_template_doubling_a_text_runs_out_of_its_memory_not_the_machines(net, cedta, monkeypatch):
    data, folder = net
    monkeypatch.setattr(render_module, "MAX_MEMORY", 300 << 20)
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    (folder / "report.txt.j2").write_text(  # each text under the size limit; together, too much memory
        '{% set ns = namespace(l=[]) %}{% for i in range(200) %}{% if ns.l.append("x"*(19000000 + i)) %}'
        "{% endif %}{% endfor %}{{ ns.l|length }}")
    result = cedta(data, "report")
    assert result.exit_code == 2 and "needs more memory than a rendering may take (300 MB more" in result.stderr
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_formatting_within_the_limits_works_as_before(net, cedta):
    data, folder = net
    (folder / "report.txt.j2").write_text(
        '{{ "{0} and {1:>5}".format("a", 3) }} {{ "%s-%05d" % ("a", 3) }} {{ "%(x)s!"|format(x=1) }} '
        '{{ "abc".translate({97: "zz"}) }} {{ "x".ljust(3) }}| {{ ["a", "b"]|join(", ") }} {{ "a b"|replace(" ", "_") }}\n')
    result = cedta(data, "report")
    assert result.exit_code == 0 and result.stdout == "a and     3 a-00003 1! zzbc x  | a, b a_b\n"


def test_the_shipped_templates_stay_far_within_the_limits(data, cedta, monkeypatch):
    """The defaults render with every limit a hundred times lower than shipped."""
    for name in ("MAX_LOOPS", "MAX_STEPS"):
        monkeypatch.setattr(render_module, name, getattr(render_module, name) // 100)
    monkeypatch.setattr(render_module, "MAX_WIDTH", 1000)
    for fmt in ("terminal", "markdown", "html"):
        assert cedta(data, "report", "--format", fmt).exit_code == 0
    for fmt in ("terminal", "markdown"):
        assert cedta(data, "gaps", "--format", fmt).exit_code == 0


# ---- M14: runtime errors name the file and line, in both languages ------------------------------------

@pytest.mark.parametrize("line, en, fr", [
    ("{{ nope.x }}", "`nope` is undefined", "« nope » n’est pas défini"),
    ("{{ quarter.nope }}", "a dict has no attribute `nope`", "un objet dict n’a pas d’attribut « nope »"),
    ("{{ 1 / 0 }}", "division by zero", "division par zéro"),
    ("{{ ''.__class__ }}", "access to the attribute `__class__` of a str is unsafe",
     "l’accès à l’attribut « __class__ » d’un objet str est dangereux"),
    ("{% for %}", "syntax error: ", "erreur de syntaxe (selon Jinja : « "),
    ('{% include "nothing.j2" %}', "no template named `nothing.j2`", "aucun gabarit nommé « nothing.j2 »"),
])
def test_an_error_in_an_included_template_names_that_file_and_line(net, cedta, line, en, fr):
    data, folder = net
    (folder / "report.txt.j2").write_text('top\n{% include "part.j2" %}\n')
    (folder / "part.j2").write_text(f"a\nb\n{line}\n")
    result = cedta(data, "report")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"cedta: report template templates/report/part.j2:3: {en}" in result.stderr, result.stderr
    french = cedta(data, "report", lang="fr")
    assert french.exit_code == 2
    assert f"cedta: gabarit de rapport templates/report/part.j2:3 : {fr}" in french.stderr, french.stderr
    assert "Error" not in french.stderr  # no Python class name (UndefinedError, ZeroDivisionError) in French


# ---- M16: the format follows --out's extension ---------------------------------------------------------

@pytest.mark.parametrize("name, starts", [("r.html", "<!DOCTYPE html>"), ("r.HTM", "<!DOCTYPE html>"),
                                          ("r.md", "# "), ("r.markdown", "# "), ("r.json", "{"),
                                          ("r.txt", "Hub Forum report"), ("r.out", "Hub Forum report")])
def test_report_out_takes_the_format_of_its_extension(data, cedta, tmp_path, name, starts):
    out = tmp_path / name
    result = cedta(data, "report", "--out", str(out))
    assert result.exit_code == 0 and "warning" not in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(starts), text[:80]
    if name.endswith(".json"):
        assert json.loads(text)["schema"] == 1


def test_a_format_that_contradicts_the_extension_is_kept_with_a_warning(data, cedta, tmp_path):
    out = tmp_path / "r.html"
    result = cedta(data, "report", "--format", "markdown", "--out", str(out))
    assert result.exit_code == 0
    assert f"cedta: warning: --format markdown writes Markdown into {out}, whose extension is that of --format html" \
        in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")
    fr = cedta(data, "report", "--format", "terminal", "--out", str(tmp_path / "r.json"), lang="fr")
    assert fr.exit_code == 0 and "attention : --format terminal écrit du texte pour le terminal dans" in fr.stderr
    quiet = cedta(data, "report", "--format", "html", "--out", str(tmp_path / "r.htm"))
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_gaps_out_takes_the_format_of_its_extension_and_refuses_html(data, cedta, tmp_path):
    md = tmp_path / "g.md"
    assert cedta(data, "gaps", "--out", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# ")
    js = tmp_path / "g.json"
    assert cedta(data, "gaps", "-o", str(js)).exit_code == 0 and "coverage" in json.loads(js.read_text())
    html = tmp_path / "g.html"
    result = cedta(data, "gaps", "--out", str(html))
    assert result.exit_code == 2 and "cedta gaps has no HTML format" in result.stderr and not html.exists()
    fr = cedta(data, "gaps", "--out", str(html), lang="fr")
    assert fr.exit_code == 2 and "cedta gaps n’a pas de format HTML" in fr.stderr
    forced = cedta(data, "gaps", "--format", "terminal", "--out", str(html))
    assert forced.exit_code == 0 and "warning: --format terminal" in forced.stderr and html.exists()
