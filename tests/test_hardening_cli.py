"""The command line as people type it (issue 11): global options anywhere, French everywhere in
French mode, metavars people read, dates checked, JSON `ok` agreeing with the exit code."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cedta.cli import app
from tests.conftest import TODAY

runner = CliRunner()


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), catch_exceptions=False, env=env)


@pytest.mark.parametrize("order", [
    ("validate", "--lang", "fr", "--data", "{d}", "--today", TODAY),
    ("validate", "--lang=fr", "--data={d}", "--today=" + TODAY),
    ("--data", "{d}", "validate", "--lang", "fr", "--today", TODAY),
    ("--lang", "fr", "validate", "--data", "{d}", "--today", TODAY, "--strict"),
])
def test_global_options_after_the_command(data, order):
    result = run(*[a.replace("{d}", str(data.root)) for a in order])
    assert result.exit_code == 0, result.output
    assert "fichiers vérifiés" in result.output


def test_global_options_after_every_command_including_later_ones(data):
    """Generic: every registered command and sub-command takes them after its name."""
    from cedta.cli.app import hoist_global_options
    from typer.main import get_command

    group = get_command(app)
    for name, command in group.commands.items():
        hoisted = hoist_global_options(group, [name, "x", "--lang", "fr", "--data", "d"])
        assert hoisted[:4] == ["--lang", "fr", "--data", "d"], (name, hoisted)
        for sub in getattr(command, "commands", {}):
            hoisted = hoist_global_options(group, [name, sub, "--today", TODAY])
            assert hoisted[:2] == ["--today", TODAY], (name, sub, hoisted)


def test_options_after_double_dash_do_not_move():
    from cedta.cli.app import hoist_global_options
    from typer.main import get_command

    assert hoist_global_options(get_command(app), ["validate", "--", "--lang", "fr"]) == \
        ["validate", "--", "--lang", "fr"]


def test_a_match_with_the_data_option_last(data):
    result = run("--today", TODAY, "validate", "data/clients/c-0001.yaml", "--data", str(data.root))
    assert result.exit_code in (0, 2)
    assert "No such option" not in result.output


@pytest.mark.parametrize("args,ok,code", [
    (("--strict",), False, 1), ((), True, 0),
])
def test_json_ok_agrees_with_the_exit_code(data, cedta, args, ok, code):
    data.write("hubs/francophones.yaml", data.read("hubs/francophones.yaml").replace(
        "  - {name: Rep B (fictitious), org: beta-coop, since: 2026-01-01}\n", ""))  # a warning
    result = cedta(data, "validate", "--format", "json", *args)
    payload = json.loads(result.stdout)
    assert payload["warnings"] >= 1 and payload["errors"] == 0
    assert payload["ok"] is ok and result.exit_code == code


@pytest.mark.parametrize("value,words", [
    ("20260101", "YYYY-MM-DD"),
    ("2026-1-1", "YYYY-MM-DD"),
    ("2026-02-30", "has no day 30"),
    ("2026-02-29", "has no day 29"),
    ("2026-13-01", "no month 13"),
    ("2026-04-31", "has no day 31"),
    ("tomorrow", "YYYY-MM-DD"),
    ("0000-01-01", "YYYY-MM-DD"),  # no year 0: was a traceback (fuzz pass, session 6)
])
def test_today_is_checked_and_says_what_is_wrong(data, value, words):
    result = run("--today", value, "--data", str(data.root), "validate")
    assert result.exit_code == 2
    assert words in result.output


def test_today_on_a_leap_day_is_fine(data):
    assert run("--today", "2028-02-29", "--data", str(data.root), "validate").exit_code == 0


def test_today_error_in_french(data):
    result = run("--lang", "fr", "--today", "2026-02-30", "--data", str(data.root), "validate")
    assert result.exit_code == 2
    assert "n’a pas de jour 30" in result.output and "Invalid" not in result.output


@pytest.mark.parametrize("args,french", [
    (("validate", "--bogus"), "option inconnue : --bogus"),
    (("bogus",), "commande inconnue « bogus »"),
    (("validate", "-f", "xml"), "« xml » n’est pas l’une des"),
    ((), "Utilisation"),
    (("schema", "nope"), "type d’enregistrement inconnu « nope »"),
    (("vocab", "nope"), "catégorie de vocabulaire inconnue « nope »"),
    (("fmt", "--check", "--format"), "attend une valeur"),
])
def test_usage_errors_in_french(data, args, french):
    result = run("--lang", "fr", "--data", str(data.root), *args)
    assert result.exit_code == 2, result.output
    assert french in result.output, result.output
    for english in ("Usage:", "Try '", "No such", "Invalid value", "Missing", "Error", "unknown kind",
                    "choose from"):
        assert english not in result.output, result.output
    assert "'" not in result.output, result.output  # French quotes and apostrophes: « » and ’


def test_french_error_frame_does_not_leak_into_the_next_english_run(data):
    run("--lang", "fr", "validate", "--bogus")
    result = run("validate", "--bogus")
    assert "No such option" in result.output and "Usage:" in result.output


def test_french_help_lists_commands_and_options_in_french(data):
    result = run("--lang", "fr", "--help")
    out = result.output
    assert "Vérifie chaque enregistrement" in out and "Commandes" in out
    assert "Check every record" not in out and "Show this message" not in out
    assert "Affiche cette aide" in out and "Dossier de données" in out
    sub = run("--lang", "fr", "validate", "--help").output
    assert "Code de sortie 1 aussi pour les avertissements" in sub and "Exit 1 on warnings" not in sub
    assert "Show this message and exit" in run("--help").output  # English again afterwards


@pytest.mark.parametrize("command", ["", "validate", "fmt", "schema", "vocab", "diff", "init"])
def test_help_never_shows_python_types_as_metavars(command):
    result = runner.invoke(app, [c for c in (command, "--help") if c], terminal_width=200,
                           env={"COLUMNS": "200"})
    for bad in ("<bool>", "<list[", "<str>", "<path>", "{directory}", "<Path"):
        assert bad not in result.output, (command, result.output)


def test_a_new_file_from_a_template_shows_all_its_errors_at_once(data, cedta):
    from pathlib import Path

    template = (Path(__file__).resolve().parents[1] / "templates" / "client.yaml").read_text()
    data.write("clients/c-2026-0100.yaml", template)
    result = cedta(data, "validate")
    out = result.output
    assert "id-mismatch" in out and "unknown-hub" in out and "unknown-provider" in out
    assert "(hubs: francophones)" in out
    assert "providers: acme-centre, beta-coop" in out
    fr = cedta(data, "validate", lang="fr")
    assert "(centres : francophones)" in fr.output


def test_two_copies_of_a_template_are_both_checked(data, cedta):
    from pathlib import Path

    template = (Path(__file__).resolve().parents[1] / "templates" / "client.yaml").read_text()
    data.write("clients/c-2026-0100.yaml", template)
    data.write("clients/c-2026-0101.yaml", template)
    out = cedta(data, "validate").output
    assert "c-2026-0100.yaml:" in out and "c-2026-0101.yaml:" in out
    assert out.count("id-mismatch") == 2


def test_an_uppercase_vocabulary_id_is_a_bad_id_in_both_languages(data, cedta):
    data.write("vocab.yaml", "topics:\n  Bee-Keeping: {en: beekeeping, fr: apiculture}\n")
    for lang, words in (("en", "`Bee-Keeping` is not a valid id"), ("fr", "« Bee-Keeping » n’est pas")):
        result = cedta(data, "validate", lang=lang)
        assert result.exit_code == 1 and words in result.output, result.output
        assert "String should match" not in result.output
        assert "unknown-term" not in result.output  # no cascade from the broken vocabulary


@pytest.mark.parametrize("text", ["id: [a\n", "a: b: c\n", '"a\n', "a:\n  - b\n c: d\n", "[a, b\n",
                                  "- a\nb: c\n", "a: 'b\n"])
def test_yaml_syntax_errors_in_french_leave_no_english(data, cedta, text):
    data.write("clients/c-0001.yaml", text)
    result = cedta(data, "validate", lang="fr")
    line = next(ln for ln in result.output.splitlines() if "c-0001.yaml" in ln)
    assert "erreur de syntaxe YAML" in line or "error" in line
    message = line.split(": ", 2)[-1]
    for english in (" found", "expected", "could not", "did not", "while ", " not allowed"):
        assert english not in message, line


def test_a_closed_pipe_stops_cedta_quietly():
    """`cedta ... | head -1`: no BrokenPipeError, no error exit; killed by SIGPIPE like `cat`."""
    import signal
    import subprocess
    import sys

    if not hasattr(signal, "SIGPIPE"):
        pytest.skip("no SIGPIPE on this platform")
    cmd = [sys.executable, "-m", "cedta", "--today", "2026-11-26", "find", "--topic", "marketing"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parents[1])
    proc.stdout.readline()
    proc.stdout.close()  # the reader has had enough
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert proc.returncode in (0, -signal.SIGPIPE), (proc.returncode, err)
    assert b"Traceback" not in err and b"BrokenPipe" not in err


# ---- --out: only a regular file is replaced, and it keeps its permissions; `-` is standard output ------

@pytest.fixture
def outputs(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("command", [["report", "-o"], ["gaps", "-o"], ["export", "csv", "-o"],
                                     ["export", "xlsx", "-o"], ["export", "sqlite"]])
def test_an_output_over_a_pipe_or_a_link_is_refused_and_left_alone(data, cedta, outputs, command):
    pipe = outputs / "pipe"
    os.mkfifo(pipe)
    real = outputs / "real.txt"
    real.write_text("kept\n")
    link = outputs / "link.txt"
    link.symlink_to(real)
    for target, word in ((pipe, "not a regular file"), (link, "symbolic link")):
        r = cedta(data, *command, str(target))
        assert r.exit_code == 2 and word in r.output, r.output
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and link.is_symlink() and real.read_text() == "kept\n"
    r = cedta(data, *command, str(link), lang="fr")
    assert r.exit_code == 2 and "lien symbolique" in r.output


def test_a_report_written_over_an_owner_only_file_stays_owner_only(data, cedta, outputs):
    target = outputs / "r.md"
    target.write_text("old\n")
    target.chmod(0o600)
    assert cedta(data, "report", "--no-suppress", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and "Hub Forum report" in target.read_text()


def test_dash_is_standard_output(data, cedta, outputs, monkeypatch):
    monkeypatch.chdir(outputs)
    r = cedta(data, "report", "-o", "-")
    assert r.exit_code == 0 and "Hub Forum report" in r.stdout
    r = cedta(data, "export", "csv", "-o", "-")
    assert r.exit_code == 0 and r.stdout.startswith("Organisation,")  # no byte-order mark on a pipe
    r = cedta(data, "export", "sqlite", "-o", "-")
    assert r.exit_code == 2 and "standard output" in r.output
    assert not (outputs / "-").exists()


@pytest.mark.parametrize("typed", ["2026-11-26 ", " 2026-11-26", "2026-11-26\n"])
def test_today_with_spaces_or_a_line_end_around_it_is_read(data, typed):
    r = CliRunner().invoke(app, ["--today", typed, "--data", str(data.root), "status"])
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    # the date is taken, not ignored: the same as the date typed plainly, not as another day's
    plain = CliRunner().invoke(app, ["--today", "2026-11-26", "--data", str(data.root), "status"]).output
    later = CliRunner().invoke(app, ["--today", "2027-06-01", "--data", str(data.root), "status"]).output
    assert r.output == plain and plain != later


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1899-12-31"])
@pytest.mark.parametrize("command", [["report"], ["gaps"], ["status"]])
def test_today_outside_the_years_a_report_can_reckon_is_a_usage_error(data, typed, command):
    r = CliRunner().invoke(app, ["--today", typed, "--data", str(data.root), *command])
    assert r.exit_code == 2 and "1900 to 9998" in r.output and "Traceback" not in r.output, r.output


def test_diagnostics_name_files_from_the_working_directory_with_a_relative_data(tmp_path, monkeypatch):
    """`--data nest/data` said `data/clients/...`: from the working directory, another file (an editor
    jumping to file:line opened the wrong client's)."""
    from tests.conftest import Data

    data = Data(tmp_path / "nest" / "data")
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace("kind: individual", "kind: individul"))
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["--today", TODAY, "--data", "nest/data", "validate"])
    assert r.exit_code == 1 and "nest/data/clients/c-0001.yaml:" in r.output, r.output
    monkeypatch.chdir(tmp_path / "nest")
    r = CliRunner().invoke(app, ["--today", TODAY, "--data", "data", "validate"])
    assert "\ndata/clients/c-0001.yaml:" in "\n" + r.output


def test_an_hsds_package_to_standard_output_is_refused(data, outputs, monkeypatch):
    monkeypatch.chdir(outputs)
    r = CliRunner().invoke(app, ["--today", TODAY, "--data", str(data.root), "export", "hsds", "-o", "-"])
    assert r.exit_code == 2 and "folder" in r.output and not (outputs / "-").exists()


def test_a_read_only_file_is_not_replaced_by_an_output(data, cedta, outputs):
    target = outputs / "kept.md"
    target.write_text("keep\n")
    target.chmod(0o444)
    r = cedta(data, "report", "-o", str(target))
    assert r.exit_code == 2 and "read-only" in r.output and target.read_text() == "keep\n"


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_an_output_that_cannot_show_every_character_gets_plain_stand_ins(encoding, tmp_path):
    """Fuzz pass (session 6), Z7: `cedta report > report.txt` on Windows writes cp1252; ✗, → and ·
    ended the report with a UnicodeEncodeError half-way through."""
    import shutil
    import subprocess
    import sys

    here = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(here / "data", data)
    env = dict(os.environ, PYTHONIOENCODING=encoding, CEDTA_TODAY=TODAY)
    for args in (["match", "c-2026-0001"], ["--lang", "fr", "report"], ["gaps"]):
        r = subprocess.run([sys.executable, "-m", "cedta", "--data", str(data), *args], env=env, cwd=here,
                           capture_output=True, timeout=120)
        assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr.decode(errors="replace")[-800:]
        if encoding != "ascii":  # (click writes UTF-8 to an ASCII stdout, which it takes as misconfigured)
            r.stdout.decode(encoding)  # what was written is that encoding throughout
    assert b"x Business plan development" in subprocess.run(
        [sys.executable, "-m", "cedta", "--data", str(data), "match", "c-2026-0001"], env=env, cwd=here,
        capture_output=True, timeout=120).stdout


def test_a_record_folder_that_is_a_file_is_said_so_and_fmt_leaves_text_alone(data, cedta):
    """Fuzz pass (session 6), Z8: `clients` as a file was read as a client record (its phone not
    flagged), and fmt rewrote it, and any plain-text .yaml, folding the lines and adding `...`."""
    import shutil

    shutil.rmtree(data.root / "clients")
    (data.root / "clients").write_text("some notes\nCall 613-555-0199\n")
    out = cedta(data, "validate")
    assert out.exit_code == 1 and "`clients` should be a folder" in out.stdout
    assert "identifier-in-loose-file" in out.stdout  # the phone in it, as in any loose file
    assert cedta(data, "fmt").exit_code in (0, 1)
    assert (data.root / "clients").read_text() == "some notes\nCall 613-555-0199\n"
    (data.root / "clients").unlink()
    (data.root / "clients").mkdir()
    (data.root / "clients" / "c-0050.yaml").write_text("just text\nline two\n")
    r = cedta(data, "fmt")
    assert "not a mapping of keys" in r.output and "Traceback" not in r.output
    assert (data.root / "clients" / "c-0050.yaml").read_text() == "just text\nline two\n"
    (data.root / ".private").write_text("Amira Haddad 613-555-0142\n")
    assert "error client-private-not-folder" in cedta(data, "validate").stdout


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="/dev/zero and fd 0 as on Linux")
@pytest.mark.parametrize("args", [["forget", "c-2026-0001"], ["match", "c-2026-0011", "--plan"],
                                  ["intake", "--answers", "-"], ["match", "--profile", "-"]])
@pytest.mark.parametrize("stdin", ["closed", "zero"])
def test_every_reader_of_standard_input_takes_it_closed_or_endless(tmp_path, args, stdin):
    """Review (session 6): the fix for a closed or endless standard input covered the interactive
    intake only; forget, match --plan's question, --answers - and --profile - gave tracebacks
    (AttributeError on None, input(): lost sys.stdin) or read /dev/zero without end."""
    import shutil
    import subprocess
    import sys

    here = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(here / "data", data)
    before = {p.name: p.read_bytes() for p in (data / "clients").iterdir()}
    cmd = [sys.executable, "-m", "cedta", "--today", TODAY, "--data", str(data), *args]
    env = dict(os.environ)
    if stdin == "closed":
        r = subprocess.run(cmd, preexec_fn=lambda: os.close(0), capture_output=True, cwd=here, timeout=120, env=env)
    else:
        with open("/dev/zero", "rb") as zero:
            r = subprocess.run(cmd, stdin=zero, capture_output=True, cwd=here, timeout=120, env=env)
    assert b"Traceback" not in r.stderr and r.returncode in (0, 1, 2, 130), r.stderr.decode(errors="replace")[-600:]
    if args[0] == "match" and args[-1] != "-":  # a question not answered: nothing written
        assert {p.name: p.read_bytes() for p in (data / "clients").iterdir()} == before
    if args[0] == "forget":  # no answer could be read: nothing forgotten, --yes asked for (exit 2)
        assert r.returncode == 2 and b"--yes" in r.stderr
        assert {p.name: p.read_bytes() for p in (data / "clients").iterdir()} == before


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="fd 1 and 2 as on Linux")
def test_closed_output_streams_never_crash_and_the_exit_code_still_tells(tmp_path):
    """Fuzz pass 2 (session 6): validate with standard output closed was a traceback (None.isatty)
    and exit 1 on valid data; with standard error closed, exit 1 too. Since hostile pass 9b (#21),
    a closed standard output is an output error, as for `cat` (exit 2, said on stderr): an export
    sent nowhere is not a success."""
    import shutil
    import subprocess
    import sys

    here = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(here / "data", data)
    cmd = [sys.executable, "-m", "cedta", "--today", TODAY, "--data", str(data)]
    for fd in (1, 2):
        for args in (["validate"], ["export", "csv", "--out", "-"], ["report"]):
            r = subprocess.run(cmd + args, preexec_fn=lambda fd=fd: os.close(fd),
                               stderr=subprocess.PIPE if fd == 1 else None,
                               stdin=subprocess.DEVNULL, cwd=here, timeout=120)
            if fd == 1:
                assert r.returncode == 2 and b"cannot write to standard output" in r.stderr, (args, r.stderr)
                assert b"Traceback" not in r.stderr
            else:
                assert r.returncode == 0, (fd, args)
    (data / "clients" / "c-2026-0003.yaml").write_text((data / "clients" / "c-2026-0003.yaml").read_text() + "bogus: 1\n")
    r = subprocess.run(cmd + ["validate"], preexec_fn=lambda: os.close(2), stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, cwd=here, timeout=120)
    assert r.returncode == 1


def test_init_with_a_name_too_long_for_the_file_system_says_so(tmp_path, cedta):
    r = cedta(None, "init", "--no-git", str(tmp_path / ("d" * 300)))
    assert r.exit_code == 2 and "too long" in r.output and "Traceback" not in r.output


def test_forget_with_a_clock_set_back_never_withdraws_before_the_consent(data, cedta):
    """Fuzz pass 2 (session 6): `--today` before the consent wrote a withdrawal before it."""
    from typer.testing import CliRunner

    from cedta.cli import app

    r = CliRunner().invoke(app, ["--today", "2000-01-01", "--data", str(data.root), "forget", "c-0001", "--yes"])
    assert r.exit_code == 0, r.output
    text = data.read("clients/c-0001.yaml")
    assert "withdrawn: 2026-02-03" in text  # the consent's own day (the latest of today, consent, intake)
    data.write("clients/c-0001.yaml", text.replace("withdrawn: 2026-02-03", "withdrawn: 2026-01-01"))
    v = cedta(data, "validate")
    assert v.exit_code == 1 and "consent withdrawn on 2026-01-01, before it was given on 2026-02-03" in v.stdout


@pytest.mark.parametrize("typed, code, forgotten", [("n\n", 1, False), ("\n", 1, False), ("y\n", 0, True),
                                                    ("", 2, False)])
def test_forget_off_a_terminal_reads_the_answer_piped_in(data, typed, code, forgotten):
    """Fuzz pass 2 (session 6), I: off a terminal forget never asked: `echo n | cedta forget X`
    removed the identity entry for good. Now the answer is read from the pipe; none at all asks
    for --yes."""
    from typer.testing import CliRunner

    from cedta.cli import app

    before = data.read("clients/c-0001.yaml")
    r = CliRunner().invoke(app, ["--today", TODAY, "--data", str(data.root), "forget", "c-0001"], input=typed)
    assert r.exit_code == code, r.output
    assert ("withdrawn:" in data.read("clients/c-0001.yaml")) is forgotten
    if not forgotten:
        assert data.read("clients/c-0001.yaml") == before
    if code == 2:
        assert "add --yes to confirm" in r.output


@pytest.mark.parametrize("args", [["gaps", "--out"], ["report", "-o"], ["export", "csv", "--out"],
                                  ["export", "hsds", "--out"], ["export", "sqlite"], ["import", "providers"],
                                  ["import", "hsds"]])
def test_a_path_name_too_long_for_the_file_system_is_said_not_a_traceback(data, cedta, args):
    """Fuzz pass 2 (session 6), B2: Path.exists and is_dir raise ENAMETOOLONG (Python 3.11)."""
    r = cedta(data, *args, "d" * 300, *(["--dry-run"] if args[0] == "import" else []))
    assert r.exit_code == 2 and "too long" in r.output and "Traceback" not in r.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("args", [["intake", "--by", "acme-centre", "--answers"], ["match", "--profile"]])
def test_answers_or_a_profile_from_a_pipe_nobody_writes_to_never_hang(data, tmp_path, args):
    """Fuzz pass 2 (session 6), K: `--answers FIFO` with no writer waited for ever."""
    import subprocess
    import sys

    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    here = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, "-m", "cedta", "--today", TODAY, "--data", str(data.root), *args, str(fifo)],
                       capture_output=True, cwd=here, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode in (1, 2) and b"empty" in r.stderr + r.stdout and b"Traceback" not in r.stderr


@pytest.mark.parametrize("args, says", [
    (("init", ""), "an argument of `init` is empty"),
    (("intake", "--id", "", "--answers", "-"), "--id is empty"),
    (("intake", "--id=", "--answers", "-"), "--id is empty"),
    (("import", "providers", ""), "an argument of `providers` is empty"),
    (("import", "hsds", " "), "an argument of `hsds` is empty"),
    (("validate", ""), "an argument of `validate` is empty"),
    (("fmt", ""), "an argument of `fmt` is empty"),
    (("match", ""), "an argument of `match` is empty"),
    (("intake", "--answers", ""), "--answers is empty"),
    (("init", "--no-git", ""), "an argument of `init` is empty"),  # after a flag too (review 13, R13-2)
    (("fmt", "--check", ""), "an argument of `fmt` is empty"),
    (("fmt", "--", ""), "an argument of `fmt` is empty"),
    (("validate", "--strict", " "), "an argument of `validate` is empty"),
])
def test_an_empty_value_is_refused_before_anything_is_done(data, cedta, tmp_path, args, says):
    """Hostile 13, 8 and 9: `cedta init ""` (an unset variable) made the current folder a network
    repository, `intake --id ""` wrote the client as `c-0000-new`; their siblings read "" as the
    current folder. An empty value is refused, exit 2, nothing written."""
    import os

    before = sorted(str(p) for p in data.root.rglob("*"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    here = os.getcwd()
    os.chdir(elsewhere)
    try:
        from typer.testing import CliRunner

        from cedta.cli import app

        r = CliRunner().invoke(app, ["--data", str(data.root), *args])
    finally:
        os.chdir(here)
    assert r.exit_code == 2 and says in r.output, r.output
    after = sorted(str(p) for p in data.root.rglob("*"))
    assert after == before and not list(elsewhere.iterdir()), (after, list(elsewhere.iterdir()))
    assert "est vide" in cedta(data, *args, lang="fr").output


def test_dot_dot_after_a_link_is_read_as_the_system_reads_it(tmp_path, cedta):
    """Hostile 13, 11: `--data bc/..`, bc a link to B's clients, is B's data to the shell and git;
    cedta read it as the folder beside the link, A, and wrote the contact there."""
    import os
    import shutil

    shipped = Path(__file__).resolve().parents[1] / "data"
    for name in ("A", "B"):
        shutil.copytree(shipped, tmp_path / name, ignore=shutil.ignore_patterns(".*"))
    (tmp_path / "A" / "bc").symlink_to("../B/clients")
    here = os.getcwd()
    os.chdir(tmp_path / "A")
    try:
        from typer.testing import CliRunner

        from cedta.cli import app

        r = CliRunner().invoke(app, ["--today", "2026-11-26", "--data", "bc/..", "log", "c-2026-0001",
                                     "--org", "ociso", "--minutes", "8"])
    finally:
        os.chdir(here)
    assert r.exit_code == 0, r.output
    assert "minutes: 8" in (tmp_path / "B" / "clients" / "c-2026-0001.yaml").read_text(encoding="utf-8")
    assert "minutes: 8" not in (tmp_path / "A" / "clients" / "c-2026-0001.yaml").read_text(encoding="utf-8")
