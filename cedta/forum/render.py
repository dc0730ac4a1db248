"""The forum's outputs from Jinja2 templates: the report as terminal text, Markdown or one
self-contained HTML file, and `cedta gaps` as terminal text or Markdown; JSON straight from the dicts.

Templates are looked up first in `templates/report/` beside the network's `data/` folder (a network
overrides a default by putting a file of the same name there), then in `cedta/forum/templates/`.
They are read only from regular files inside those folders, never through a link (_read_inside).

A template is data a network edits, not code: it runs in Jinja2's sandbox (no reaching Python
internals through `__class__` and the like) within limits no real report comes near: loop turns
and `range` items, the size of what an operation makes (repetition, padding, replace, join, format),
whole numbers, the output, the time (a SIGALRM timer) and, on Linux, the memory. Any failure (a
syntax error, an undefined name, a division by zero, endless recursion, a limit) is a
`TemplateProblem` naming the template file and line, its reason a message in either language.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any


class TemplateProblem(Exception):
    """A template that cannot be used: `where` names the file (and its line when known), `code` and
    `params` the reason, a message of cedta/messages/forum.py (so that it is said in either language)."""

    def __init__(self, where: str, code: str, **params: Any):
        super().__init__(f"{where}: {code}")
        self.where, self.code, self.params = where, code, params

    @property
    def path(self) -> str:
        return self.where

    def reason(self, lang: str = "en") -> str:
        from cedta.messages import render_message

        shown = {k: number(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v
                 for k, v in self.params.items()}
        if shown.get("name") == self.where:  # the template named is the one refused: "the file is a link"
            shown["name"] = render_message("tpl-this-file", {}, lang)
        return render_message(self.code, shown, lang)


DEFAULTS = Path(__file__).parent / "templates"


def number(value: Any, lang: str = "en") -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
        return text.replace(",", "\u202f") if lang == "fr" else text
    if isinstance(value, float):
        text = f"{value:,.1f}"
        return text.replace(",", "\u202f").replace(".", ",") if lang == "fr" else text
    return str(value)


def text_table(header: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    """Columns padded to their widest cell; numbers right-aligned."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    _grows("text_table()", (sum(widths) + 2 * len(widths)) * (len(rows) + 1))  # a template may call it
    out = []
    for r in [header] + rows:
        cells = [str(c).rjust(w) if i >= right_from else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        out.append("  ".join(cells).rstrip())
    return out


def md_escape(text: Any) -> str:
    """Text safe inside Markdown table cells and lists (backticks kept: they mark commands); a word
    joiner after `@` or `#` before a word: a report pasted into GitHub must not mention a user or
    link an issue from a provider's name (hostile 14, 12), as `cedta diff` does."""
    import re

    text = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
    return re.sub(r"([@#])(?=\w)", "\\1\u2060", text)


def code_html(text: Any):
    """HTML: the text escaped, `commands` between backticks set as <code>."""
    import re

    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def bar_width(value: Any, peak: Any) -> int:
    if not isinstance(value, (int, float)) or not isinstance(peak, (int, float)) or peak <= 0:
        return 0
    return max(1, round(100 * value / peak)) if value > 0 else 0


def heat(count: int) -> str:
    """A background colour for a coverage cell: none is a gap (red), more is greener."""
    return {0: "#f4c7c3", 1: "#fce8b2", 2: "#d9ead3"}.get(count, "#b7e1cd")


MAX_OUTPUT = 20_000_000  # characters: far above any real report, far below what a machine holds
MAX_STEPS = 1_000_000  # items all `range` calls of one rendering may give together (a report at 50,000 clients: ~170)
MAX_LOOPS = 1_000_000  # turns of all `for` loops of one rendering together (a report at 50,000 clients: ~3,200)
MAX_TEMPLATE = 1_000_000  # bytes of a template file: the defaults are under 20,000
MAX_WIDTH = 100_000  # a padding width (ljust, center, "{:>N}", "%Nd"), a batch or a lipsum size
MAX_BITS = 1_000_000  # bits of a whole number a template computes (2**64 has 65)
MAX_SECONDS = 20  # wall-clock time of one rendering (a report at 50,000 clients renders in 0.1 s)
MAX_MEMORY = 1 << 30  # bytes of address space a rendering may add, on Linux (a report needs a few MB)


class _Stop(Exception):
    """Raised inside the rendering by a limit; becomes a TemplateProblem with the template's line."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


class _Budget:
    """The limits one rendering counts against: `range` items, loop turns, the deadline."""

    def __init__(self, seconds: float | None = None) -> None:
        import time

        seconds = MAX_SECONDS if seconds is None else seconds
        self.steps = 0
        self.loops = 0
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False

    def range(self, *args: Any) -> range:
        r = range(*args)
        self.steps += len(r)
        if self.steps > MAX_STEPS:
            raise _Stop("tpl-range", limit=MAX_STEPS)
        return r

    def check_time(self) -> None:
        import time

        if self.expired or time.monotonic() > self.deadline:
            self.expired = True
            raise _Stop("tpl-time", seconds=self.seconds)

    def loop(self, iterable: Any):
        """Every `for` of a template iterates through this: a loop over a list it keeps growing, or
        loops nested over huge lists, end at MAX_LOOPS turns (or at the deadline)."""
        for item in iterable:
            self.loops += 1
            if self.loops > MAX_LOOPS:
                raise _Stop("tpl-loops", limit=MAX_LOOPS)
            if not self.loops & 1023:
                self.check_time()
            yield item


def _width(what: str, value: Any, limit: int = MAX_WIDTH) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value > limit:
        raise _Stop("tpl-limit", op=what, value=value, limit=limit)


def _grows(what: str, size: int) -> None:
    if size > MAX_OUTPUT:
        raise _Stop("tpl-grow", op=what, size=size, limit=MAX_OUTPUT)


_SPEC_NUMBER = re.compile(r"\d+")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_spec(spec: str) -> None:
    """A format spec ("{:>N}", "{:.Nf}"): no width or precision over MAX_WIDTH."""
    for digits in _SPEC_NUMBER.findall(spec or ""):
        _width("format()", int(digits) if len(digits) < 12 else MAX_WIDTH + 1)


def _check_percent(fmt: Any, values: Any) -> None:
    """`"%Nd" % x` and `|format`: no width or precision over MAX_WIDTH, `*` ones included."""
    if not isinstance(fmt, str) or "%" not in fmt:
        return
    star, conversions = False, 0
    for m in _PERCENT.finditer(fmt):
        conversions += 1
        for g in m.groups():
            if g == "*":
                star = True
            elif g:
                _width("%", int(g) if len(g) < 12 else MAX_WIDTH + 1)
    items = values if isinstance(values, tuple) else tuple(values.values()) if isinstance(values, dict) else (values,)
    if star:
        for v in items:
            _width("%", v)
    _grows("%", len(fmt) + conversions * max((_sized(v) for v in items), default=0))


_SEQUENCES = (str, bytes, bytearray, list, tuple)


def _sized(value: Any) -> int:
    return len(value) if isinstance(value, _SEQUENCES) else 0


def _most(value: Any) -> int:
    """The longest a text (MAX_OUTPUT characters) or a list (MAX_STEPS items) a template makes may be."""
    return MAX_STEPS if isinstance(value, (list, tuple)) else MAX_OUTPUT


def _check_str_call(obj: Any, args: tuple, kwargs: dict) -> tuple:
    """A call of a str method that pads or multiplies its text: refused over the limits."""
    name = getattr(obj, "__name__", "")
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, list) and name == "extend" and args:
        extra = list(args[0])
        if len(owner) + len(extra) > MAX_STEPS:
            raise _Stop("tpl-grow", op="extend()", size=len(owner) + len(extra), limit=MAX_STEPS)
        return (extra,) + args[1:]
    if not isinstance(owner, (str, bytes, bytearray)):
        return args
    if name in ("ljust", "rjust", "center", "zfill") and args:
        _width(f"{name}()", args[0])
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        _width("expandtabs()", size)
        if isinstance(size, int):
            _grows("expandtabs()", len(owner) + owner.count("\t") * size)
    elif name == "replace" and len(args) >= 2 and all(isinstance(a, (str, bytes, bytearray)) for a in args[:2]):
        _grows("replace()", _replaced_size(owner, args[0], args[1]))
    elif name == "translate" and args and isinstance(args[0], dict) and isinstance(owner, str):
        longest = max((_sized(v) for v in args[0].values()), default=1)
        _grows("translate()", len(owner) * max(1, longest))
    elif name == "join" and args:
        items = list(args[0])
        _grows("join()", len(owner) * max(0, len(items) - 1) + sum(_sized(i) for i in items))
        return (items,) + args[1:]
    return args


def _replaced_size(text: str, old: str, new: str) -> int:
    times = len(text) + 1 if old == "" else text.count(old)
    return len(text) + times * (len(new) - len(old))


def _checked_filters(filters: dict) -> dict:
    """The built-in filters that can make a huge text from a small one, with their sizes checked."""
    from functools import wraps

    def wrap(name: str, check):
        original = filters[name]

        @wraps(original)
        def checked(*args: Any, **kwargs: Any) -> Any:
            args = check(*args, **kwargs) or args
            return original(*args, **kwargs)

        return checked

    def indent(s: Any = "", width: Any = 4, *rest: Any, **kw: Any) -> None:
        width = kw.get("width", width)
        _width("indent", width)
        pad = width if isinstance(width, int) else len(str(width))
        _grows("indent", len(str(s)) + (str(s).count("\n") + 1) * pad)

    def center(value: Any = "", width: Any = 80, **kw: Any) -> None:
        _width("center", kw.get("width", width))

    def fmt(value: Any = "", *args: Any, **kwargs: Any) -> None:
        _check_percent(value, tuple(args) if args else tuple(kwargs.values()))

    def batch(value: Any = (), linecount: Any = 0, *rest: Any, **kw: Any) -> None:
        _width("batch", kw.get("linecount", linecount))

    def slices(value: Any = (), count: Any = 0, *rest: Any, **kw: Any) -> None:
        _width("slice", kw.get("slices", count))

    def tojson(ctx: Any, value: Any = None, indent: Any = None, **kw: Any) -> None:
        _width("tojson", kw.get("indent", indent), 100)

    def replace(ctx: Any, s: Any = "", old: Any = "", new: Any = "", *rest: Any, **kw: Any) -> None:
        _grows("replace", _replaced_size(str(s), str(old), str(new)))

    def join(ctx: Any, value: Any = (), d: Any = "", *rest: Any, **kw: Any):
        items = list(value)
        d = kw.get("d", d)
        _grows("join", len(str(d)) * max(0, len(items) - 1) + sum(_sized(i) for i in items))
        return (ctx, items, d) + rest if "d" not in kw else (ctx, items) + rest

    def wordwrap(env: Any, s: Any = "", width: Any = 79, *rest: Any, **kw: Any) -> None:
        wrap_with = kw.get("wrapstring", rest[1] if len(rest) > 1 else None) or "\n"
        _grows("wordwrap", len(str(s)) * (1 + len(str(wrap_with))))

    checks = {"indent": indent, "center": center, "format": fmt, "batch": batch, "slice": slices,
              "tojson": tojson, "replace": replace, "join": join, "wordwrap": wordwrap}
    return {name: wrap(name, check) for name, check in checks.items() if name in filters}


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    from jinja2.utils import generate_lorem_ipsum

    _width("lipsum()", n, 100)
    _width("lipsum()", max, 1000)
    _width("lipsum()", min, 1000)
    return generate_lorem_ipsum(n, html, min, max)


def _concat(eval_ctx, parts: list) -> str:
    """Jinja's `~` (`a ~ b ~ c`), sized like `+` before it is made: a text doubled in a loop with
    `~` grew until the machine's memory ran out where no memory cap applies (macOS, Windows)."""
    from jinja2.runtime import markup_join, str_join

    size = 0
    for part in parts:
        size += len(part) if isinstance(part, str) else len(str(part))
        if size > MAX_OUTPUT:
            raise _Stop("tpl-repeat", limit=MAX_OUTPUT)
    return markup_join(parts) if eval_ctx.autoescape else str_join(parts)


def _sized_concat_class():
    from jinja2 import nodes
    from jinja2.visitor import NodeTransformer

    class SizedConcat(NodeTransformer):
        """Every `~` of a template runs as the filter `cedta_concat` over the list of its parts."""

        def visit_Concat(self, node):
            self.generic_visit(node)
            return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "cedta_concat", [], [], None, None,
                                lineno=node.lineno)

    return SizedConcat


def _SizedConcat():  # noqa: N802 (made on first use: jinja2 is imported only to render)
    return _sized_concat_class()()


def _sandbox(budget: _Budget):
    from jinja2 import nodes
    from jinja2.runtime import LoopContext
    from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter

    class Formatter(SandboxedFormatter):
        """str.format in a template: no width over MAX_WIDTH, no result over MAX_OUTPUT (a field
        repeated a million times over a long text)."""

        made = 0

        def format_field(self, value: Any, format_spec: str) -> Any:
            _check_spec(format_spec)
            text = super().format_field(value, format_spec)
            self.made += len(text)
            _grows("format()", self.made)
            return text

    class EscapeFormatter(SandboxedEscapeFormatter, Formatter):
        pass

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def _parse(self, source, name, filename):
            """Every `for` loop iterates through the budget (`{% for x in xs %}` runs as
            `{% for x in xs|cedta_loop %}`), so that endless or huge loops stop."""
            tree = super()._parse(source, name, filename)
            for node in tree.find_all(nodes.For):
                node.iter = nodes.Filter(node.iter, "cedta_loop", [], [], None, None, lineno=node.iter.lineno)
            return _SizedConcat().visit(tree)

        def call_binop(self, context, operator, left, right):
            ints = isinstance(left, int) and isinstance(right, int)
            if operator == "**":
                if isinstance(right, (int, float)) and abs(right) > 64:
                    raise _Stop("tpl-number", limit=MAX_BITS)
                if ints and right > 0 and left.bit_length() * right > MAX_BITS:
                    raise _Stop("tpl-number", limit=MAX_BITS)
            elif operator == "*":
                if ints and left.bit_length() + right.bit_length() > MAX_BITS:
                    raise _Stop("tpl-number", limit=MAX_BITS)
                for a, b in ((left, right), (right, left)):
                    if isinstance(a, _SEQUENCES) and isinstance(b, int) and len(a) * b > _most(a):
                        raise _Stop("tpl-repeat", limit=_most(a))
            elif operator == "+":
                if _sized(left) + _sized(right) > _most(left):
                    raise _Stop("tpl-repeat", limit=_most(left))
            elif operator == "%":
                _check_percent(left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (jinja's own spelling)
            if isinstance(__obj, LoopContext) and args:  # `loop(children)` of a recursive loop
                args = (budget.loop(args[0]),) + args[1:]
            else:
                args = _check_str_call(__obj, args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            from markupsafe import Markup

            f_self = value.__self__
            formatter = EscapeFormatter(self, escape=f_self.escape) if isinstance(f_self, Markup) \
                else Formatter(self)
            is_map = value.__name__ == "format_map"

            def checked(*args: Any, **kwargs: Any) -> str:
                if is_map:
                    if kwargs or len(args) != 1:
                        return wrapped(*args, **kwargs)  # its own TypeError
                    args, kwargs = (), args[0]
                return type(f_self)(formatter.vformat(f_self, args, kwargs))

            return checked

    return Sandbox


def _parts(name: str) -> list[str] | None:
    """A template's name as folder names and a file name, or None when it could leave its folder
    (`..`, an absolute name, a drive, a backslash)."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name or "\0" in name:
        return None
    parts = name.split("/")
    if any(p in ("", ".", "..") or ":" in p for p in parts):
        return None
    return parts


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_SAFE_OPEN = bool(_NOFOLLOW) and os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd


def _link_problem(mode: int, shown: str, folder: bool) -> _Stop:
    if stat.S_ISLNK(mode):
        return _Stop("tpl-link", name=shown)
    return _Stop("tpl-not-regular", name=shown) if not folder else _Stop("tpl-not-folder", name=shown)


def _read_inside(base: Path, steps: list[str], shown: str, own: bool = True) -> str | None:
    """The text of the regular file base/steps[0]/.../steps[-1], every step opened without following
    a link (O_NOFOLLOW from an open folder: no race between a check and the read); None when it
    does not exist (behind a folder that is a link too: nothing is read there). A link, a folder
    that is a link with the template behind it, something other than a regular file, a file
    with other hard links (`own`: the network's; an installer may hard-link cedta's own), one over
    MAX_TEMPLATE bytes or not UTF-8 is refused (_Stop)."""
    if not _SAFE_OPEN:
        return _read_inside_portable(base, steps, shown, own)
    try:
        fd = os.open(base, os.O_RDONLY | _DIRECTORY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _Stop("tpl-unreadable", name=shown, reason=exc.strerror or str(exc)) from None
    try:
        for i, step in enumerate(steps):
            last = i == len(steps) - 1
            flags = os.O_RDONLY | _NOFOLLOW | (os.O_NONBLOCK if last else _DIRECTORY)
            try:
                nxt = os.open(step, flags, dir_fd=fd)
            except FileNotFoundError:
                return None
            except OSError as exc:
                try:
                    mode = os.stat(step, dir_fd=fd, follow_symlinks=False).st_mode
                except OSError:
                    mode = 0
                if stat.S_ISLNK(mode) and not last and not os.path.exists(base.joinpath(*steps)):
                    return None  # a folder that is a link, with no such template behind it: nothing to read
                if stat.S_ISLNK(mode) or (not last and mode and not stat.S_ISDIR(mode)):
                    raise _link_problem(mode, _shown_step(shown, steps, i), folder=not last) from None
                raise _Stop("tpl-unreadable", name=shown, reason=exc.strerror or str(exc)) from None
            os.close(fd)
            fd = nxt
        return _read_open(fd, shown, own)
    finally:
        os.close(fd)


def _shown_step(shown: str, steps: list[str], i: int) -> str:
    """`shown` cut after its i-th step from the end of `steps` (the folder that is a link)."""
    cut = len(steps) - 1 - i
    parts = shown.split("/")
    return "/".join(parts[: len(parts) - cut]) if cut else shown


def _read_open(fd: int, shown: str, own: bool = True) -> str:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise _Stop("tpl-not-regular", name=shown)
    if own and info.st_nlink > 1:
        raise _Stop("tpl-hard-link", name=shown)
    if info.st_size > MAX_TEMPLATE:
        raise _Stop("tpl-too-big", name=shown, size=info.st_size, limit=MAX_TEMPLATE)
    chunks, size = [], 0
    while size <= MAX_TEMPLATE:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_TEMPLATE:
        raise _Stop("tpl-too-big", name=shown, size=size, limit=MAX_TEMPLATE)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise _Stop("tpl-not-utf8", name=shown) from None


def _read_inside_portable(base: Path, steps: list[str], shown: str, own: bool) -> str | None:
    """Where O_NOFOLLOW or dir_fd are missing (Windows): each step looked at with lstat (a link or
    a junction refused), then the file opened and checked to be the one looked at."""
    path = base
    for i, step in enumerate(steps):
        path = path / step
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _Stop("tpl-unreadable", name=shown, reason=exc.strerror or str(exc)) from None
        last = i == len(steps) - 1
        junction = getattr(os.path, "isjunction", lambda p: False)(path)
        if (stat.S_ISLNK(info.st_mode) or junction) and not last and not os.path.exists(base.joinpath(*steps)):
            return None
        if stat.S_ISLNK(info.st_mode) or junction or (not last and not stat.S_ISDIR(info.st_mode)):
            raise _link_problem(stat.S_IFLNK if junction else info.st_mode, _shown_step(shown, steps, i),
                                folder=not last)
        if last and not stat.S_ISREG(info.st_mode):  # a pipe would block the open
            raise _Stop("tpl-not-regular", name=shown)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _Stop("tpl-unreadable", name=shown, reason=exc.strerror or str(exc)) from None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            raise _Stop("tpl-link", name=shown)
        return _read_open(fd, shown, own)
    finally:
        os.close(fd)


def _loader(data: Path | None, shown_files: set[str]):
    """Templates from the network's templates/report/ (nothing through a link, nothing outside),
    then from cedta's own."""
    import jinja2

    class Loader(jinja2.BaseLoader):
        def get_source(self, environment, template):
            steps = _parts(template)
            if steps is None:
                raise _Stop("tpl-outside", name=str(template))
            if data is not None:
                shown = "templates/report/" + "/".join(steps)
                text = _read_inside(Path(data).resolve().parent, ["templates", "report", *steps], shown)
                if text is not None:
                    shown_files.add(shown)
                    return text, shown, lambda: True
            shown = "cedta/forum/templates/" + "/".join(steps)
            text = _read_inside(DEFAULTS.resolve(), steps, shown, own=False)
            if text is None:  # Jinja's own exception: `{% include "x" ignore missing %}` skips it
                raise jinja2.TemplateNotFound(template)
            shown_files.add(shown)
            return text, shown, lambda: True

    return Loader()


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def md_inert(value: Any) -> Any:
    """What a Markdown template inserts, made inert: no HTML tag (`<img onerror=...>`, `<script>`,
    an autolink) and no link (`[x](javascript:...)`) from a provider's name or a forum decision;
    "<5" stays as it is."""
    if isinstance(value, str):
        return _TAG_START.sub("&lt;", value).replace("](", "]\\(")
    return value


def environment(data: Path | None, html: bool, markdown: bool = False, budget: _Budget | None = None,
                shown_files: set[str] | None = None):
    import jinja2

    budget = budget if budget is not None else _Budget()
    env = _sandbox(budget)(
        loader=_loader(data, shown_files if shown_files is not None else set()),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **({"finalize": md_inert} if markdown else {}),
    )
    env.filters.update(_checked_filters(env.filters))
    env.filters["cedta_loop"] = budget.loop
    from jinja2 import pass_eval_context

    env.filters["cedta_concat"] = pass_eval_context(_concat)
    env.filters["md"] = md_escape
    env.filters["code"] = code_html
    env.filters["extract"] = lambda key, mapping: mapping[key]
    env.filters["extract_network"] = lambda cells: cells.get("network")
    env.filters["dot"] = lambda v: "." if v == 0 else str(v)
    env.globals.update(text_table=text_table, bar_width=bar_width, heat=heat, range=budget.range, lipsum=_lipsum)
    return env


def render(template: str, context: dict, data: Path | None, html: bool = False) -> str:
    """`template` (a name: the network's own in templates/report/, else cedta's) filled with `context`;
    a TemplateProblem naming the file and line when it cannot be read or fails, or passes a limit."""
    from cedta.messages import render_message

    lang = context.get("lang", "en")
    def t(_code: str, /, **params: Any) -> str:
        return render_message(_code, params, lang)

    def count(code: str, n: Any) -> str:
        """'3 needs', '1 need', '<5 needs' (a hidden count takes the plural)."""
        return render_message(code, {"count": n if isinstance(n, int) else number(n, lang)}, lang) \
            if isinstance(n, int) else render_message(code, {"count": number(n, lang)}, lang)

    fr = lang == "fr"
    context = {**context, "t": t, "count": count, "colon": " :" if fr else ":", "semi": " ;" if fr else ";"}
    budget, shown_files = _Budget(), set()
    top = [("templates/report/" if data is not None else "cedta/forum/templates/") + str(template)]
    try:
        with _time_limit(budget), _memory_limit():
            env = environment(data, html, markdown=template.endswith(".md.j2"), budget=budget,
                              shown_files=shown_files)
            env.filters["num"] = lambda v: number(v, lang)
            tpl = env.get_template(template)
            top[0] = tpl.filename or top[0]
            parts, size = [], 0
            for piece in tpl.generate(**context, r=context):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise _Stop("tpl-output", limit=MAX_OUTPUT)
                parts.append(piece)
                budget.check_time()
        return "".join(parts)
    except Exception as exc:  # a template is the network's code: any failure is reported, never a traceback
        raise _problem(exc, top[0], shown_files) from None


def _where(exc: BaseException, top: str, shown_files: set[str]) -> str:
    """file:line of the innermost template frame of the exception's traceback (Jinja rewrites its
    frames to carry the template's file name and line), else the top template's name."""
    import traceback

    where = top
    for frame, line in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename in shown_files:
            where = f"{frame.f_code.co_filename}:{line}"
    return where


_UNDEFINED = re.compile(r"^'([^']*)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"^'([^']*)' has no attribute '([^']*)'$")
_UNSAFE_ATTRIBUTE = re.compile(r"^access to attribute '([^']*)' of '([^']*)' object is unsafe\.?$")


def _problem(exc: BaseException, top: str, shown_files: set[str]) -> TemplateProblem:
    """The TemplateProblem for an exception raised while a template was read or rendered."""
    import jinja2
    from jinja2.exceptions import SecurityError

    if isinstance(exc, TemplateProblem):
        return exc
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateProblem(f"{exc.filename or top}:{exc.lineno}", "tpl-syntax", detail=exc.message or str(exc))
    where = _where(exc, top, shown_files)
    if isinstance(exc, _Stop):
        return TemplateProblem(where, exc.code, **exc.params)
    if isinstance(exc, jinja2.TemplateNotFound):
        names = getattr(exc, "templates", None) or [exc.name]  # `{% include ["a", "b"] %}`: all of them
        return TemplateProblem(where, "tpl-not-found", name=", ".join(str(n) for n in names))
    text = str(exc)
    if isinstance(exc, SecurityError):
        m = _UNSAFE_ATTRIBUTE.match(text)
        return TemplateProblem(where, "tpl-unsafe-attribute", attribute=m.group(1), type=m.group(2)) if m \
            else TemplateProblem(where, "tpl-unsafe", detail=text)
    if isinstance(exc, jinja2.UndefinedError):
        m, a = _UNDEFINED.match(text), _NO_ATTRIBUTE.match(text)
        if m:
            return TemplateProblem(where, "tpl-undefined", name=m.group(1))
        if a:
            owner = a.group(1).removesuffix(" object")
            return TemplateProblem(where, "tpl-no-attribute", owner=owner, attribute=a.group(2))
        return TemplateProblem(where, "tpl-undefined-other", detail=text)
    if isinstance(exc, ZeroDivisionError):
        return TemplateProblem(where, "tpl-division")
    if isinstance(exc, RecursionError):
        return TemplateProblem(where, "tpl-recursion")
    if isinstance(exc, MemoryError):
        return TemplateProblem(where, "tpl-memory", limit=MAX_MEMORY >> 20)
    return TemplateProblem(where, "tpl-failed", kind=type(exc).__name__, detail=text)


class _time_limit:
    """Ends a rendering that runs past its budget's seconds: SIGALRM (signal.setitimer, repeated every
    half second until the rendering ends) on POSIX in the main thread; elsewhere (Windows, another
    thread) only the checks between loop turns and output pieces, which a single long operation
    does not reach (the size limits keep those short)."""

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.armed = False

    def __enter__(self) -> "_time_limit":
        import signal
        import threading

        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return self
        try:
            self.previous = signal.signal(signal.SIGALRM, self._ring)
            self.previous_timer = signal.setitimer(signal.ITIMER_REAL, self.budget.seconds, 0.5)
        except (ValueError, OSError):
            return self
        self.armed = True
        return self

    def _ring(self, signum: int, frame: Any) -> None:
        if self.armed:
            self.budget.expired = True
            raise _Stop("tpl-time", seconds=self.budget.seconds)

    def __exit__(self, *exc: Any) -> None:
        if not self.armed:
            return
        import signal

        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous if self.previous is not None else signal.SIG_DFL)
        if self.previous_timer[0] > 0:
            signal.setitimer(signal.ITIMER_REAL, *self.previous_timer)


class _memory_limit:
    """On Linux, the address space the process may use is capped at what it uses now plus MAX_MEMORY
    while a template renders (RLIMIT_AS, put back afterwards): an operation the other limits do not
    size (a text doubled over and over, a list extended by itself) gets a MemoryError, not the
    machine's memory. Elsewhere, no cap."""

    def __enter__(self) -> "_memory_limit":
        self.saved = None
        if not sys.platform.startswith("linux"):
            return self
        try:
            import resource

            with open("/proc/self/statm", "rb") as f:
                used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = used + MAX_MEMORY
            if hard != resource.RLIM_INFINITY:
                cap = min(cap, hard)
            if soft == resource.RLIM_INFINITY or soft > cap:
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
                self.saved = (soft, hard)
        except (ImportError, OSError, ValueError):
            self.saved = None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.saved is not None:
            import resource

            try:
                resource.setrlimit(resource.RLIMIT_AS, self.saved)
            except (OSError, ValueError):
                pass


def as_json(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
