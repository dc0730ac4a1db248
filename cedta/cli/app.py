"""The command line's shared part: the Typer app, the global options (--data, --lang, --today), the
settings they make, the exit codes and the helpers every command group uses (`fail`, `data_root`,
`selected_files`, `vocabulary`).

Each command group lives in a module of its own beside this one and imports only this module; heavy
modules are imported inside the commands that need them, so that `cedta --help` stays fast."""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import datetime as dt
import io
import os
import signal
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from cedta import __version__
from cedta.cli import startup

startup.install()  # typer.rich_utils, when help or an error needs it, without rich.markdown nor rich.traceback
startup.plain_values()  # text, paths and flags read without pydantic (every run reads the global options)


def _one_line_summaries(rich_utils) -> None:
    """A command's summary in a help's command list reads as one paragraph: Typer's rich renderer
    keeps the line ends of a docstring's first paragraph, which broke "supply risks;" from "unmet
    demand" mid-sentence (newcomer 11, NC11-7)."""
    original = getattr(rich_utils, "_make_command_help", None)
    if original is None or getattr(original, "_cedta", False):
        return

    def joined(*, help_text: str, markup_mode):
        import inspect

        first, sep, rest = inspect.cleandoc(help_text).partition("\n\n")
        return original(help_text=" ".join(first.split("\n")) + sep + rest, markup_mode=markup_mode)

    joined._cedta = True
    rich_utils._make_command_help = joined


startup.with_rich_utils(_one_line_summaries)

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

# Global options and whether they take a value; people also type them after the command.
# Global options, and whether each takes a value.
GLOBAL_OPTIONS = {"--data": True, "--lang": True, "--today": True, "--no-cache": False}


def hoist_global_options(group, args: list[str]) -> list[str]:
    """`cedta validate --lang fr` → `cedta --lang fr validate`: global options found after the
    command name move before it (unless that command has an option of the same name), so they work
    for every command, those added later included. Nothing after `--` moves."""
    args = list(args)
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":  # options before the command
        name = args[i].split("=", 1)[0]
        i += 2 if GLOBAL_OPTIONS.get(name) and "=" not in args[i] else 1
    if i >= len(args) or args[i] == "--":
        return args
    own = _options_of(group, args[i:])
    front, rest, j = [], args[:i + 1], i + 1
    while j < len(args):
        token = args[j]
        if token == "--":
            rest += args[j:]
            break
        name = token.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and name not in own:
            if "=" in token or not GLOBAL_OPTIONS[name]:
                front.append(token)
                j += 1
                continue
            if j + 1 < len(args):
                front += [token, args[j + 1]]
                j += 2
                continue
        rest.append(token)
        j += 1
    return rest[:i] + front + rest[i:]


def _options_of(group, words: list[str]) -> set[str]:
    """The option names of the command (and sub-command) the words name."""
    found: set[str] = set()
    command = group
    for word in words[:2]:
        commands = getattr(command, "commands", None)
        if not commands or word not in commands:
            break
        command = commands[word]
        for param in getattr(command, "params", ()):
            found.update(getattr(param, "opts", ()))
    return found


def language_of(args: list[str]) -> str:
    """The language asked for on the command line (or CEDTA_LANG), before Typer parses anything."""
    value = os.environ.get("CEDTA_LANG", "en")
    for k, token in enumerate(args):
        if token == "--":
            break
        if token == "--lang" and k + 1 < len(args):
            value = args[k + 1]
        elif token.startswith("--lang="):
            value = token.split("=", 1)[1]
    return "fr" if (value or "").strip().lower().startswith("fr") else "en"


def _french_usage_error(exc) -> None:
    """Put a click/Typer usage error in French (its message; the frame is patched by _in_french)."""
    from cedta.messages.core import metavar_in_french, usage_in_french

    if isinstance(getattr(exc, "param_hint", None), str):  # a command's own hint: KIND → TYPE
        exc.param_hint = metavar_in_french(exc.param_hint)
    text = usage_in_french(exc.format_message())
    exc.format_message = lambda: text


_FILE_OUTPUTS = {"report", "gaps", "csv", "xlsx", "sqlite"}  # commands whose --out names a file


def _check_out_file(args: list[str]) -> None:
    """`-o " "` or `--out=` refused for every command, and `-o reports/` (a folder's name: Typer's
    Path drops the slash, and a file `reports` was written) for those whose --out names a file,
    before any work; a `~` the shell left (`--out=~/q2.md`) is the home folder, in `args` itself."""
    words = [a for a in args if not a.startswith("-")]
    files = bool(_FILE_OUTPUTS & set(words)) and not {"hsds", "schema"} & set(words)
    for k, token in enumerate(args):
        if token == "--":
            break
        value = None
        if token in ("-o", "--out") and k + 1 < len(args):
            value = args[k + 1]
        elif token.startswith("--out="):
            value = token.split("=", 1)[1]
        elif token.startswith("-o") and not token.startswith("--") and len(token) > 2:
            value = token[2:]  # `-orep/`
        if value is None or value == "-":
            continue
        expanded = os.path.expanduser(value) if value.startswith("~") else value
        if expanded != value:
            # `--out=~/q2.md` (the shell expands no `~` after `=`) or `-o '~/x'`: a folder named `~`
            # was made in the working one; read as the shell would have (hostile pass 11, 20)
            if token in ("-o", "--out"):
                args[k + 1] = expanded
            else:
                args[k] = token[:len(token) - len(value)] + expanded
            value = expanded
        folder = value.endswith(("/", os.sep)) or os.path.basename(value) in (".", "..")  # `rep/.`
        # blank: refused for every command (`schema --out=` wrote into the working folder)
        code = "out-blank" if not value.strip() else "out-is-folder" if folder and files else None
        if code:
            from cedta.messages import render_message

            sys.stderr.write("cedta: " + render_message(code, {"path": value}, language_of(args)) + "\n")
            sys.exit(2)


def _check_repeated(group, args: list[str]) -> None:
    """An option that takes one value given twice (`--note a --note b`, `--data A ... --data B`):
    refused before any work, instead of the last one winning in silence (hostile pass 10, B); and,
    in the same walk over the words, an empty value or argument (`_refuse_empty`)."""
    command, seen, k = group, {}, 0

    def options(cmd) -> dict:
        return {o: p for p in getattr(cmd, "params", ()) if getattr(p, "param_type_name", "") == "option"
                for o in (*p.opts, *p.secondary_opts)}

    def takes(param) -> bool:
        return not getattr(param, "is_flag", False) and not getattr(param, "count", False)

    def given_in(token: str) -> list:
        """The options a token gives: (name, param, its value in the token, or None for the next
        argument); `-yfjson`, a cluster of short ones, gives -y and -f json."""
        if token.startswith("--"):
            name, eq, value = token.partition("=")
            return [(name, known[name], value if eq else None)] if name in known else []
        out = []
        for i, c in enumerate(token[1:], 1):
            param = known.get("-" + c)
            if param is None:
                return out
            if takes(param):
                return out + [("-" + c, param, token[i + 1:] or None)]
            out.append(("-" + c, param, ""))
        return out

    known = options(group)
    while k < len(args):
        token = args[k]
        if token == "--":  # what follows is arguments only, an empty one refused all the same
            if any(not a.strip() for a in args[k + 1:]):
                _refuse_empty("argument-empty", args, command=getattr(command, "name", None) or "cedta")
            break
        found = given_in(token) if token.startswith("-") and token != "-" else []
        if found:
            step = 1
            for name, param, value in found:
                if not takes(param):
                    continue
                given = value if value is not None else (args[k + 1] if k + 1 < len(args) else None)
                step = 2 if value is None else 1
                if given is not None and not given.strip() and name not in ("--data",):
                    _refuse_empty("option-empty", args, option=name)
                if value is None and given is not None and given.startswith("-") and given != "-" \
                        and (given.startswith("--") or len(given) == 2) and given_in(given):
                    # `--note --again`, `report --out --no-suppress`: the next option taken for the
                    # value, into a tracked file or as a file's name (hostile 14, 1)
                    from cedta.messages import render_message

                    sys.stderr.write("cedta: " + render_message("option-value-is-option", {
                        "option": name, "next": given[:40]}, language_of(args)) + "\n")
                    sys.exit(2)
                given = given or ""
                # (--lang twice is harmless, the last wins: an alias `cedta --lang fr` can be overridden)
                if getattr(param, "multiple", False) or name == "--lang":
                    continue
                key = (id(command), param.name)
                if key in seen and seen[key][1] != given:
                    from cedta.messages import render_message

                    sys.stderr.write("cedta: " + render_message("option-twice", {
                        "option": name, "first": seen[key][1][:40], "second": given[:40]}, language_of(args)) + "\n")
                    sys.exit(2)
                seen.setdefault(key, (name, given))
            k += step
            continue
        if not token.strip():
            # `cedta init ""`, `init --no-git ""` (an unset variable); `--id ""` is above (review 13, R13-2)
            _refuse_empty("argument-empty", args, command=getattr(command, "name", None) or "cedta")
        if not token.startswith("-"):
            sub = getattr(command, "commands", {}).get(token) if hasattr(command, "commands") else None
            if sub is not None:
                command = sub
                known = {**known, **options(sub)}
        k += 1


def _refuse_empty(code: str, args: list[str], **params) -> None:
    """An empty value typed for an option or an argument (`--id ""`, `cedta init "$UNSET"`): it
    meant the current folder, a placeholder id, or "none" in silence (hostile 13, 8 and 9)."""
    from cedta.messages import render_message

    sys.stderr.write("cedta: " + render_message(code, params, language_of(args)) + "\n")
    sys.exit(2)


_LOOKALIKE_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


def _check_dashes(group, args: list[str]) -> None:
    """`—lang fr` or `–org x`, an option pasted from a document where a dash became a long one:
    said as such ("type two hyphens") instead of "No such command" or "Missing option --org"
    (hostile pass 10, F). Only a word that names one of cedta's options is taken for one."""
    suspects = [t for t in args if t[:1] in _LOOKALIKE_DASHES]
    if not suspects:
        return
    names: set[str] = set()

    def collect(cmd) -> None:
        for p in getattr(cmd, "params", ()):
            names.update(o.lstrip("-") for o in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ())))
        for sub in (getattr(cmd, "commands", None) or {}).values():
            collect(sub)

    collect(group)
    for token in suspects:
        word = token.lstrip(_LOOKALIKE_DASHES + "-").split("=", 1)[0]
        if word in names:
            from cedta.messages import render_message

            sys.stderr.write("cedta: " + render_message("option-lookalike-dash", {
                "token": token[:40], "option": ("--" if len(word) > 1 else "-") + word}, language_of(args)) + "\n")
            sys.exit(2)


# commands that change the data and then say so on standard output
_WRITERS = {"intake", "need", "plan", "step", "log", "outcome", "evaluate", "forget", "import", "init"}


def _check_closed_output(group, args: list[str]) -> None:
    """With standard output closed before cedta started, a command that changes files would make
    its change and then fail to say so (exit 2), and a script that retries on failure would log a
    contact twice (review 10b, R6): refused before anything is done."""
    if not isinstance(sys.stdout, _ClosedOutput):
        return
    if {"--dry-run", "-h", "--help"} & set(args):  # nothing would change: the usual failure to write says it
        return
    # the command: the first word that names one (global options and their values come before it)
    command = next((a for a in args if a in (getattr(group, "commands", None) or {})), None)
    if not (command in _WRITERS or (command == "match" and "--plan" in args)
            or (command == "fmt" and "--check" not in args)):
        return
    from cedta.messages import render_message

    sys.stderr.write("cedta: " + render_message("stdout-closed-writer", {}, language_of(args)) + "\n")
    sys.exit(2)


class _Group(typer.core.TyperGroup):
    """The top command group: global options anywhere, usage errors and help in the user's language."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        given = list(sys.argv[1:] if args is None else args)
        args = hoist_global_options(self, given)
        _check_out_file(args)
        _check_dashes(self, args)
        _check_repeated(self, args)
        _check_closed_output(self, args)
        if language_of(args) != "fr":
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        with _in_french(self):
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)

    def list_commands(self, ctx) -> list[str]:
        """Commands in the order of the work: check the data, a client's path, the forum, review."""
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: (COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER), n))


COMMAND_ORDER = ["validate", "intake", "need", "match", "find", "plan", "step", "log", "outcome", "evaluate", "show",
                 "status", "stalled", "forget", "gaps", "report", "diff", "fmt", "init", "export", "import", "schema",
                 "vocab"]


def _french_half(text: str | None) -> str | None:
    """`English. / Français.` or `English.\n\nFrançais.` → the French part (else the text)."""
    if not text:
        return text
    if " / " in text:
        return text.split(" / ", 1)[1]
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    # English first, French last: "summary\n\nFrench", or "summary\n\nmore English\n\nFrench"
    return paragraphs[-1] if len(paragraphs) > 1 else text


_TYPER_HELP_FR = {
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Install completion for the current shell.": "Installe la complétion pour le shell courant.",
    "Show completion for the current shell, to copy it or customize the installation.":
        "Affiche la complétion pour le shell courant, à copier ou à adapter.",
}


class _in_french:
    """While it lasts: help texts, help and error frames, and usage errors in French."""

    def __init__(self, group):
        self.group, self.saved, self.cancel = group, [], None

    def _set(self, obj, name, value) -> None:
        if hasattr(obj, name):
            self.saved.append((obj, name, getattr(obj, name)))
            setattr(obj, name, value)

    def __enter__(self):
        try:
            self._patch()
        except (ImportError, AttributeError):  # another Typer: what could be put in French is
            pass
        return self

    def _patch(self) -> None:
        from typer._click import exceptions, formatting

        # Typer's help and error renderer: now if loaded, else once (and only if) the run needs it
        self.cancel = startup.with_rich_utils(self._patch_rich_utils)
        write_usage = formatting.HelpFormatter.write_usage

        def usage_fr(this, prog, args="", prefix=None):
            return write_usage(this, prog, args.replace("COMMAND [ARGS]", "COMMANDE [ARGS]"),
                               prefix="Utilisation : " if prefix in (None, "Usage: ") else prefix)

        self._set(formatting.HelpFormatter, "write_usage", usage_fr)
        show = exceptions.UsageError.show

        def show_fr(this, file=None):
            _french_usage_error(this)
            return show(this, file)

        self._set(exceptions.UsageError, "show", show_fr)
        from cedta.messages.core import metavar_in_french

        display_type = typer.core._TyperParameter.display_type

        def display_type_fr(param, ctx):
            return metavar_in_french(display_type(param, ctx))

        self._set(typer.core._TyperParameter, "display_type", display_type_fr)
        for command in [self.group, *self._commands(self.group)]:
            self._set(command, "help", _french_half(command.help))
            self._set(command, "short_help", _french_half(command.short_help))
            for param in command.params:
                self._set(param, "help", _TYPER_HELP_FR.get(param.help, _french_half(param.help))
                          if getattr(param, "help", None) else None)
                # the value's name in usage lines, help and errors: `NUMÉRO`, not `NUMBER` (nor `number`)
                if isinstance(param, typer.core.TyperArgument):
                    self._set(param, "metavar", metavar_in_french(param.metavar or (param.name or "").upper()))
                elif getattr(param, "metavar", None):
                    self._set(param, "metavar", metavar_in_french(param.metavar))
        from typer._click import core as click_core

        get_help_option = click_core.Command.get_help_option

        def help_option_fr(command, ctx):
            option = get_help_option(command, ctx)
            if option is not None and option.help in _TYPER_HELP_FR:
                self._set(option, "help", _TYPER_HELP_FR[option.help])
            return option

        self._set(click_core.Command, "get_help_option", help_option_fr)

    def _patch_rich_utils(self, rich_utils) -> None:
        """Panel titles, the default and required marks, and usage errors, in Typer's renderer."""
        try:
            from typer._click import exceptions

            for name, fr in (("OPTIONS_PANEL_TITLE", "Options"), ("COMMANDS_PANEL_TITLE", "Commandes"),
                             ("ARGUMENTS_PANEL_TITLE", "Arguments"), ("ERRORS_PANEL_TITLE", "Erreur"),
                             ("DEFAULT_STRING", "[par défaut : {}]"), ("ENVVAR_STRING", "[variable : {}]"),
                             ("REQUIRED_LONG_STRING", "[obligatoire]"), ("ABORTED_TEXT", "Interrompu."),
                             ("RICH_HELP", "Essayez [blue]« {command_path} {help_option} »[/] pour l’aide.")):
                self._set(rich_utils, name, fr)
            original = rich_utils.rich_format_error
        except (ImportError, AttributeError):  # another Typer: its own words
            return

        def french_error(exc):
            if isinstance(exc, exceptions.UsageError):
                _french_usage_error(exc)
            return original(exc)

        self._set(rich_utils, "rich_format_error", french_error)

    def _commands(self, group):
        for command in getattr(group, "commands", {}).values():
            yield command
            yield from self._commands(command)

    def __exit__(self, *exc):
        if self.cancel is not None:
            self.cancel()
        for obj, name, value in reversed(self.saved):
            setattr(obj, name, value)
        return False


def _friendly_metavars() -> None:
    """Help shows PATH, KIND, text|json, nothing for a flag: never Python types (`<bool>`,
    `<list[Path]>`) nor `{directory}` for a required argument."""
    core = typer.core
    try:
        display_type = core._TyperParameter.display_type
    except AttributeError:  # another Typer: keep its own
        return

    def friendly(self, ctx):
        if getattr(self, "is_flag", False) or getattr(self, "count", False):
            return None
        label = display_type(self, ctx).strip("<>")
        desc = self.type_descriptor
        if desc.is_choice:
            return label.replace("list[", "").rstrip("]")
        if desc.is_path:
            return "PATH"
        return "YYYY-MM-DD" if label == "datetime" else (self.name or "value").upper()

    def usage(self):
        name = (self.metavar or self.name or "").upper()
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    core._TyperParameter.display_type = friendly
    core.TyperArgument._usage_display_name = usage


_friendly_metavars()

app = typer.Typer(
    cls=_Group,
    name="cedta",
    help="Technical assistance for community economic development: the directory of providers, "
    "the hubs and the clients' plans, on plain YAML files.\n\n"
    "Assistance technique pour le DÉC : répertoire des fournisseurs, centres et plans des clients, "
    "sur des fichiers YAML.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    text = "text"
    json = "json"


@dataclass
class Settings:
    data: Path
    lang: str
    today: dt.date


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cedta {__version__}")
        raise typer.Exit()


def _message(code: str, **params) -> str:
    from cedta.messages import render_message

    return render_message(code, params, language_of(sys.argv[1:]) if _CURRENT_LANG[0] is None
                          else _CURRENT_LANG[0])


_CURRENT_LANG: list = [None]  # the language of the run being parsed (set by --lang, eager)


def _parse_lang(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    """en or fr; also takes EN, fr_CA, fr_CA.UTF-8 (as locale variables are written). Typed empty
    (`--lang ''`) it is refused, as every empty option is; an empty CEDTA_LANG is unset."""
    from typer._click.core import ParameterSource

    if value is not None and not value.strip() and ctx.get_parameter_source("lang") == ParameterSource.COMMANDLINE:
        raise typer.BadParameter("empty / vide")
    code = (value or "en").strip().lower()[:2]
    if code not in ("en", "fr") or (len(value) > 2 and value[2] not in "_-."):
        raise typer.BadParameter(f"expected en or fr, got {value!r} / en ou fr attendu, reçu {value!r}")
    _CURRENT_LANG[0] = code
    return code


def parse_day(value: str) -> dt.date | None:
    """A date written YYYY-MM-DD; raises ValueError with a message code and parameters."""
    import calendar
    import re

    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        raise ValueError("bad-today-format", {"value": value})
    year, month, day = (int(g) for g in m.groups())
    if year < 1:  # there is no year 0 (Python's dates start at year 1)
        raise ValueError("bad-today-format", {"value": value})
    if not 1 <= month <= 12:
        raise ValueError("bad-today-month", {"value": value, "month": month})
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError("bad-today-day", {"value": value, "month": month, "year": year, "day": day,
                                           "last": last})
    return dt.date(year, month, day)


TODAY_YEARS = (1900, 9998)  # quarters, reports and stalls reckon a year or two around today


def _parse_today(value: Optional[str]) -> Optional[str]:
    """--today as typed (spaces and a line end around it allowed: CEDTA_TODAY read from a file), as
    YYYY-MM-DD; years outside TODAY_YEARS refused (a report's quarters would leave the calendar)."""
    if value is not None:
        try:
            day = parse_day(value)
        except ValueError as exc:
            code, params = exc.args
            raise typer.BadParameter(_message(code, **params)) from None
        if not TODAY_YEARS[0] <= day.year <= TODAY_YEARS[1]:
            raise typer.BadParameter(_message("bad-today-year", value=value.strip(), low=TODAY_YEARS[0],
                                              high=TODAY_YEARS[1]))
        return day.isoformat()
    return value


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[str, typer.Option("--data", envvar="CEDTA_DATA", help="Data directory. / Dossier de données.",
                                      show_default=True)] = "data",
    lang: Annotated[str, typer.Option("--lang", envvar="CEDTA_LANG", callback=_parse_lang,
                                      metavar="en|fr", is_eager=True,
                                      help="Language of messages and labels: en or fr. / Langue des messages : en ou fr.")] = "en",
    today: Annotated[Optional[str], typer.Option(
        "--today", envvar="CEDTA_TODAY", callback=_parse_today, metavar="YYYY-MM-DD",
        help="Take this date as today (reproducible checks). / Prendre cette date pour aujourd'hui.")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Parse every file again instead of using the parse cache (also CEDTA_NO_CACHE=1). "
        "/ Relire chaque fichier sans le cache d'analyse.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit. / Affiche la version.")] = False,
) -> None:
    _CURRENT_LANG[0] = None
    if no_cache:  # (whatever CEDTA_NO_CACHE says: the option is the later word; review 10, V9)
        before = os.environ.get("CEDTA_NO_CACHE")
        os.environ["CEDTA_NO_CACHE"] = "1"  # read by cedta.io.cache; undone when the command ends

        def undo() -> None:
            if before is None:
                os.environ.pop("CEDTA_NO_CACHE", None)
            else:
                os.environ["CEDTA_NO_CACHE"] = before

        ctx.call_on_close(undo)
    if not data.strip():  # `--data ''` read the current folder as the data folder
        raise typer.BadParameter("empty / vide", param_hint="'--data'")
    _said_where_from(ctx, data, lang)
    ctx.obj = Settings(data=Path(data), lang=lang,
                       today=dt.date.fromisoformat(today) if today else dt.date.today())


def _said_where_from(ctx: typer.Context, data: str, lang: str) -> None:
    """A CEDTA_DATA left in the environment (a shell profile, a tmux server's) that names another
    folder than the `data/` of the current one: said on stderr, once, since it wins without a word
    (`validate` passed on the other network, `--by` named an "unknown" organisation: newcomer 15,
    N15-7). `--data` given on the command line is the user's own word: nothing said."""
    try:
        source = ctx.get_parameter_source("data")
    except Exception:  # pragma: no cover
        return
    if getattr(source, "name", None) != "ENVIRONMENT" or not Path("data/network.yaml").is_file():
        return
    if os.path.realpath("data") == os.path.realpath(data):
        return
    from cedta.messages import render_message

    typer.echo(f"cedta: {render_message('data-from-env', {'path': data}, lang)}", err=True)


# ---- shell completion of ids and terms (cedta --install-completion) ----

def _completion_root(ctx: typer.Context) -> Path:
    root = ctx.find_root()
    given = root.params.get("data") if root.params else None
    return Path(given or os.environ.get("CEDTA_DATA") or "data")


def _stems(folder: Path, incomplete: str) -> list[str]:
    try:
        return sorted(p.stem for p in folder.iterdir()
                      if p.suffix == ".yaml" and not p.name.startswith(".") and p.stem.startswith(incomplete))
    except OSError:
        return []


def complete_client(ctx: typer.Context, incomplete: str) -> list[str]:
    """Client ids from the data directory's file names (no file is parsed)."""
    return _stems(_completion_root(ctx) / "clients", incomplete)


def complete_provider(ctx: typer.Context, incomplete: str) -> list[str]:
    return _stems(_completion_root(ctx) / "providers", incomplete)


def complete_hub(ctx: typer.Context, incomplete: str) -> list[str]:
    return _stems(_completion_root(ctx) / "hubs", incomplete)


def complete_service(ctx: typer.Context, incomplete: str) -> list[str]:
    """`provider/service`: the provider from file names, then the service ids read from its file."""
    folder = _completion_root(ctx) / "providers"
    if "/" not in incomplete:
        return [f"{p}/" for p in _stems(folder, incomplete)]
    provider, _, start = incomplete.partition("/")
    import re

    try:
        text = (folder / f"{provider}.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    ids = re.findall(r"^  - id: ([a-z0-9][a-z0-9-]*)\s*$", text, flags=re.M)
    return [f"{provider}/{i}" for i in ids if i.startswith(start)]


def complete_term(category: str):
    """A completion callback for terms of one vocabulary category (built-in plus data/vocab.yaml)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from cedta.records.vocab import builtin

        terms = list(builtin().terms(category))  # an unknown category gives none
        extra = _completion_root(ctx) / "vocab.yaml"
        try:
            text = extra.read_text(encoding="utf-8", errors="replace") if extra.is_file() else ""
        except OSError:
            text = ""
        if text:
            import re

            block = re.search(rf"^{category}:\n((?:[ #].*\n|\n)*)", text, flags=re.M)
            if block:
                terms += re.findall(r"^  ([a-z0-9][a-z0-9-]*):", block.group(1), flags=re.M)
        return sorted({t for t in terms if t.startswith(incomplete)})

    return complete


def inside_data(settings: Settings, path: Path) -> bool:
    """True when `path` (links resolved) is the data folder or inside it: an export, a report or a
    schema written there would be taken for a record by `cedta validate` and committed with them."""
    data = Path(os.path.realpath(settings.data))
    target = Path(os.path.realpath(path))
    return target == data or data in target.parents


class loading:
    """`with loading(total, lang) as tick:` a progress bar on stderr for a long load: on a terminal
    only, once a second has passed, gone when done; `tick(files done)`, or None off a terminal."""

    def __init__(self, total: int, lang: str):
        import time

        self.total, self.lang, self.bar, self.task = total, lang, None, None
        self.start = time.perf_counter()
        self.show = sys.stderr.isatty()

    def __enter__(self):
        return self.tick if self.show else None

    def tick(self, done: int) -> None:
        import time

        if self.bar is None and time.perf_counter() - self.start > 1.0:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            from cedta.messages import render_message

            # no time-remaining column: the steps are not alike (a parallel parse, then a quick pass),
            # so an estimate from the speed so far jumps about
            self.bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                                TaskProgressColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                                transient=True)
            self.bar.start()
            self.task = self.bar.add_task(render_message("progress-load", {}, self.lang), total=self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def fail(code: str, lang: str, **params) -> typer.Exit:
    from cedta.messages import render_message

    typer.echo(f"cedta: {render_message(code, params, lang)}", err=True)
    return typer.Exit(EXIT_USAGE)


def stdin_open() -> bool:
    """Whether there is a standard input to read (cron and CI may start a command with it closed)."""
    return sys.stdin is not None and not sys.stdin.closed


def read_stdin_bytes(limit: int) -> bytes:
    """At most `limit` bytes of standard input (b"" when it is closed): an endless pipe is cut."""
    if not stdin_open():
        return b""
    try:
        return sys.stdin.buffer.read(limit) if hasattr(sys.stdin, "buffer") else sys.stdin.read(limit).encode()
    except (OSError, ValueError):
        return b""


def read_bounded(path, limit: int) -> bytes:
    """At most `limit` bytes of a file named on the command line. A named pipe nobody writes to is
    read as empty instead of waiting for ever (opened without blocking, then read as usual: a
    process substitution, `<(cmd)`, has its writer and is read whole). Raises OSError."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit)
    finally:
        os.close(fd)


def ask_yes(question: str, lang: str, err: bool = False) -> bool:
    """A yes or no typed at the terminal, in the user's language: y, yes, o, oui; n, no, non or
    nothing (the default) for no. The end of input, a closed one or an answer of more than a line's
    worth raises typer.Abort; Ctrl-C stops the command (exit 130)."""
    from cedta.messages import render_message

    hint = "[o/N]" if lang == "fr" else "[y/N]"
    while True:
        typer.echo(f"{question} {hint}: ", nl=False, err=err)  # (err: seen when the output is kept)
        if not stdin_open():
            raise typer.Abort()
        try:
            if sys.stdin.isatty():
                answer = input()
            else:  # piped: one bounded line (`< /dev/zero` is not read for ever)
                answer = sys.stdin.readline(1002)
                if not answer or len(answer.rstrip("\r\n")) > 1000:
                    raise typer.Abort()
        except (EOFError, OSError, ValueError, UnicodeDecodeError):
            raise typer.Abort() from None
        answer = answer.strip().lower()
        if answer in ("", "n", "no", "non"):
            return False
        if answer in ("y", "yes", "o", "oui"):
            return True
        typer.echo(render_message("answer-yes-no", {}, lang), err=True)


def not_a_folder(path, lang: str) -> str:
    """Why an output folder cannot be made at `path`: `x is a file, not a folder`, or, for a pipe, a
    device or a link that leads nowhere, `x is not a folder` (hostile 13, #24: a FIFO was "a file")."""
    import os

    from cedta.messages import render_message

    code = "forum-out-not-folder" if os.path.isfile(path) else "not-a-folder"
    return render_message(code, {"path": str(path)}, lang)


def target_day(text: str, today, lang: str):
    """A target typed as `match --plan --target` and `plan target` take it: YYYY-MM-DD, or +N days
    from today; today or later."""
    import datetime as dt
    import re

    typed = text.strip()
    days = re.fullmatch(r"\+\s*([0-9]{1,5})\s*[dj]?", typed)  # (ASCII digits: not `+٣٠`)
    if days:
        if int(days.group(1)) > 3660:  # ten years: a plan step's target, not a typo's zeros
            raise fail("match-target-far", lang, text=text)
        try:
            return today + dt.timedelta(days=int(days.group(1)))
        except OverflowError:
            raise fail("match-target-far", lang, text=text) from None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", typed):
        raise fail("match-target-bad", lang, text=text)
    try:
        day = dt.date.fromisoformat(typed)
    except ValueError:
        raise fail("match-target-bad", lang, text=text) from None
    if day < today:
        raise fail("match-target-past", lang, date=typed, today=today.isoformat())
    return day


def weeks_after(day, weeks: int):
    """`day` plus `weeks` weeks, or the last day there is when that is past it (a program's end
    near the year 9999: an OverflowError traceback after the step was written, hostile 15, H15-19)."""
    import datetime as dt

    try:
        return day + dt.timedelta(weeks=weeks)
    except OverflowError:
        return dt.date.max


def path_name_usable(path, lang: str, code: str = "write-failed") -> None:
    """Exit 2 with the system's reason when a typed path cannot even be looked at (a name over 255
    bytes, a path too long, a loop of links, a NUL): Path.exists and is_dir raise those."""
    import errno
    import os

    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return
        text = str(path)
        raise fail(code, lang, path=text[:200] + ("…" if len(text) > 200 else ""),
                   reason=write_reason(exc, lang)) from None
    except ValueError:  # an embedded NUL
        raise fail(code, lang, path=repr(str(path))[:200], reason="NUL") from None


def write_reason(exc: OSError, lang: str) -> str:
    """Why an output could not be written, in the reader's language."""
    from cedta.io.store import NotRegular
    from cedta.messages import render_message
    from cedta.messages.clients import os_reason

    if isinstance(exc, NotRegular):
        return render_message(f"out-not-regular-{exc.what}", {}, lang)
    return os_reason(exc.errno, exc.strerror or str(exc), lang)


def data_root(settings: Settings):
    from cedta.io.store import DataRoot, StoreError

    root = DataRoot(settings.data)
    try:
        root.check()
    except StoreError as exc:
        raise fail(exc.code, settings.lang, **{**exc.params, "path": exc.path}) from None
    return root


def _in_root(root, p: Path, folder: bool) -> Path:
    """`p` named the way the data root names its files: a folder or file reached through a link
    to the data (`lk/clients` where lk -> data) is that folder or file of the data; anything else
    comes back as it was (and is then refused as outside)."""
    if ".." in Path(p).parts:  # `lnk/../providers/x.yaml`: `..` after a link, as the system reads it
        p = Path(os.path.realpath(Path(p).parent)) / Path(p).name
    absolute = Path(os.path.abspath(p))
    try:
        absolute.relative_to(root.path)
        return absolute
    except ValueError:
        pass
    real_root = os.path.realpath(root.path)
    real = os.path.realpath(absolute if folder else absolute.parent)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        return absolute
    inside = root.path / os.path.relpath(real, real_root) if real != real_root else root.path
    return Path(os.path.normpath(inside if folder else inside / absolute.name))


def _record_folder(root, folder: Path) -> bool:
    """Whether `folder` is the data folder or one of its record folders (empty ones included)."""
    from cedta.io.store import FOLDERS

    return folder == root.path or any(folder == root.path / name for name in FOLDERS)


def selected_files(root, paths: list[Path], lang: str):
    """The record files named on the command line (files or folders), or None for all."""
    from cedta.io.store import StoreError

    if not paths:
        return None
    chosen = []
    for p in paths:
        try:
            missing = not p.exists() and not p.is_symlink()
        except OSError as exc:
            raise fail("unreadable-path", lang, path=str(p), reason=exc.strerror or str(exc)) from None
        if missing:
            raise fail("no-such-path", lang, path=str(p))
        try:
            if p.is_dir():
                absolute = _in_root(root, p, folder=True)
                if absolute == root.path:  # the whole data folder: as if no path were given
                    return None
                if not root.inside(absolute) and absolute != root.path:
                    raise StoreError("outside-data", str(p), root=str(root.given))
                inner = [f for f in root.files() if f.path == absolute or absolute in f.path.parents]
                if not inner and not _record_folder(root, absolute):
                    # `validate data/client` or `data/clients/old`: "0 files checked, 0 errors"
                    # would pass a folder cedta never reads as checked
                    raise StoreError("not-a-record-folder", root.shown(absolute))
                chosen += inner
            else:
                chosen.append(root.record_file(_in_root(root, p, folder=False)))
        except StoreError as exc:
            raise fail(exc.code, lang, path=exc.path, **exc.params) from None
        except OSError as exc:
            raise fail("unreadable-path", lang, path=str(p), reason=exc.strerror or str(exc)) from None
    # a file named twice (`fmt a.yaml a.yaml`, a folder and a file in it) is one file (hostile 13, 24)
    unique: dict = {}
    for f in chosen:
        unique.setdefault(f.path, f)
    return list(unique.values())


def vocabulary(settings: Settings):
    """The built-in vocabulary plus data/vocab.yaml when the data directory has one."""
    from cedta.records.vocab import builtin

    vocab_terms = builtin()
    vocab_file = settings.data / "vocab.yaml"
    try:
        present = vocab_file.is_file() or vocab_file.is_symlink()
    except OSError:
        present = True  # reading it will say why it cannot be read
    if present:
        from cedta.records import checks

        root = data_root(settings)
        ds = checks.load_dataset([root.read(root.record_file(vocab_file))], vocab_terms)
        if any(d.severity == "error" for d in ds.diagnostics):
            from cedta.render import diagnostic_line

            for d in ds.diagnostics:
                typer.echo(diagnostic_line(d, settings.lang), err=True)
            raise typer.Exit(EXIT_DATA)
        vocab_terms = ds.vocab
    return vocab_terms


# What cedta prints beyond ASCII, as ASCII, for an output that cannot show it (a redirected stdout
# on Windows is cp1252, `LC_ALL=C` is ASCII): the marks first, then accents dropped (é -> e).
_PLAIN = {"✓": "+", "✗": "x", "→": "->", "←": "<-", "↑": "^", "↓": "v", "·": "-", "–": "-", "—": "-",
          "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "\u202f": " ", "\u00a0": " ", "«": "<<",
          "»": ">>", "•": "*", "≤": "<=", "≥": ">=", "×": "x", "█": "#", "░": ".", "│": "|", "─": "-"}


def _plain(err: UnicodeError) -> tuple[str, int]:
    import unicodedata

    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for c in err.object[err.start:err.end]:
        plain = _PLAIN.get(c)
        if plain is None:
            plain = "".join(x for x in unicodedata.normalize("NFKD", c) if x.isascii()) or "?"
        out.append(plain)
    return "".join(out), err.end


def _closed() -> OSError:
    import errno

    return OSError(errno.EBADF, os.strerror(errno.EBADF))


class _ClosedBytes(io.RawIOBase):
    """The bytes side of a standard output closed before cedta started (see `_ClosedOutput`)."""

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        raise _closed()

    def write(self, data) -> int:
        if not len(data):
            return 0
        raise _closed()


class _ClosedOutput(io.TextIOBase):
    """Standard output that was closed before cedta started: writing to it fails with EBADF."""

    encoding = "utf-8"

    def __init__(self):
        self.buffer = _ClosedBytes()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise _closed()

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise _closed()


def _output_that_never_fails() -> None:
    """Standard output and error that print every character they can and a plain stand-in for the
    others (✓ as +, → as ->), instead of a UnicodeEncodeError half-way through a report."""
    import codecs
    import os

    # started with standard output closed (`>&-`, cron, a service): the first thing a command
    # prints fails as a full disk does (said on stderr, exit 2), as `cat` fails there, instead of
    # an export sent nowhere with exit 0; a command that prints nothing is not stopped. A closed
    # standard error: what would be said goes nowhere, instead of a traceback on `None.isatty()`
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    codecs.register_error("cedta-plain", _plain)
    # answers typed or piped are read as UTF-8 whatever the locale says (`LC_ALL=C`, a
    # PYTHONIOENCODING=latin-1 left in a profile): a name read as mojibake or lone surrogates would
    # be stored so, and the privacy guard would no longer find it (hostile 11, #12); bytes that are
    # not UTF-8 are refused where they are read, with what to do
    encoding = (getattr(sys.stdin, "encoding", None) or "").lower().replace("_", "-")
    errors = getattr(sys.stdin, "errors", "strict")
    # (UTF-8 with surrogateescape, under C.UTF-8 or PYTHONUTF8=1, lets bytes that are not UTF-8
    # through as lone surrogates: hostile 12, #4)
    if sys.stdin is not None and (encoding not in ("utf-8", "utf8") or errors != "strict") \
            and hasattr(sys.stdin, "reconfigure"):
        try:
            sys.stdin.reconfigure(encoding="utf-8", errors="strict")
        except Exception:
            pass
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="cedta-plain")
            except Exception:
                pass


def main() -> None:
    """The `cedta` entry point."""
    import cedta.cli  # noqa: F401 - registers every command group on `app`

    _output_that_never_fails()
    from cedta.io import env_flag

    if not env_flag("CEDTA_DEBUG"):
        # "Exception ignored in: <generator ...>" and its traceback, after a clean message (openpyxl's
        # writer closed by the garbage collector once a disk full had stopped the export): nothing
        # a user can act on; CEDTA_DEBUG=1 shows them
        sys.unraisablehook = lambda unraisable: None

    if hasattr(signal, "SIGPIPE"):
        # `cedta ... | head`: stop quietly when the reader has had enough, as `cat` does, instead
        # of an error exit (1, the data-error code) from a BrokenPipeError half-way through printing
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for name in ("SIGTERM", "SIGHUP"):
        # a closed terminal or a `kill`: stopped as Ctrl-C stops it, so that what rolls back on
        # Ctrl-C (an import half-written) rolls back here too
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stopped)
    code = None
    try:
        app()
    except KeyboardInterrupt:
        code = 128 + _signal_seen[0] if _signal_seen else 130  # SIGTERM 143, SIGHUP 129, Ctrl-C 130
    except SystemExit as exc:  # (a command that caught the interrupt itself exits 130: the signal's)
        code = 128 + _signal_seen[0] if _signal_seen and exc.code == 130 else exc.code
    except OSError as exc:
        if not _output_failed(exc):
            raise
        code = 2
    finally:
        _say_cache_refused()
    try:  # what is still buffered: a full disk says so here, not as "Exception ignored" at exit
        sys.stdout.flush()
    except OSError as exc:
        if not _output_failed(exc):
            raise
        code = 2
    sys.exit(code)


def _output_failed(exc: OSError) -> bool:
    """Standard output full or gone (`> /dev/full`, a disk full): said once on stderr, in the asked
    language, with what it means for a command that wrote a file; True when that was the failure."""
    import errno
    import os

    if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EPIPE, errno.EBADF):
        return False
    if getattr(exc, "filename", None) is not None:
        return False  # a named file's failure is its command's to say (a traceback here is a bug)
    try:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # nothing more to write there
    except OSError:
        pass
    if exc.errno == errno.EPIPE:
        return True
    from cedta.messages import render_message

    try:
        from cedta.messages.clients import os_reason

        lang = language_of(sys.argv[1:])
        sys.stderr.write("cedta: " + render_message("stdout-failed", {"reason": os_reason(exc.errno, os.strerror(exc.errno), lang)},
                                                    lang) + "\n")
    except Exception:
        pass
    return True


_signal_seen: list[int] = []


class writing:
    """A write that a Ctrl-C, SIGTERM or SIGHUP must not cut in two (an intake's client file and
    identity entry; a contact a script would then log twice): the signal waits for the write to end;
    the change is then said as written, with a word that the stop came too late to keep it out
    (hostile pass 11, 6)."""

    def __init__(self, lang: str):
        self.lang, self.caught, self.saved = lang, [], {}

    def __enter__(self):
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            return self
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                try:
                    self.saved[number] = signal.signal(number, lambda n, f: self.caught.append(n))
                except (ValueError, OSError):
                    pass
        return self

    def __exit__(self, kind, exc, tb):
        import signal

        for number, handler in self.saved.items():
            signal.signal(number, handler)
        if self.caught and kind is None:
            from cedta.messages import render_message

            sys.stderr.write("cedta: " + render_message("signal-after-write", {}, self.lang) + "\n")
        return False


def _say_cache_refused() -> None:
    """One line on stderr when the parse cache was not used because its folder is another user's
    or open to their writes (reading it would run what they put there)."""
    cache = sys.modules.get("cedta.io.cache")
    folder = getattr(cache, "refused", None)
    if folder:
        try:
            from cedta.messages import render_message

            lang = language_of(sys.argv[1:])
            said = render_message("cache-refused", {"folder": str(folder)}, lang)
            sys.stderr.write(("cedta : " if lang == "fr" else "cedta: ") + said + "\n")
        except Exception:
            pass


def _stopped(number, frame) -> None:
    """A SIGTERM or SIGHUP, taken as Ctrl-C is (writes under way rolled back), its exit code the
    signal's (128 + its number: 143, 129), said in the asked language."""
    _signal_seen[:] = [number]
    try:
        said = f"stopped by signal {number}" if language_of(sys.argv[1:]) == "en" else f"arrêté par le signal {number}"
        sys.stderr.write(f"\ncedta: {said}\n")
    except Exception:
        pass
    raise KeyboardInterrupt
