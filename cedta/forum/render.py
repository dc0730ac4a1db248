"""The forum's outputs from Jinja2 templates: the report as terminal text, Markdown or one
self-contained HTML file, and `cedta gaps` as terminal text or Markdown; JSON straight from the dicts.

Templates are looked up first in `templates/report/` beside the network's `data/` folder (a network
overrides a default by putting a file of the same name there), then in `cedta/forum/templates/`.

A template is data a network edits, not code: it runs in Jinja2's sandbox (no reaching Python
internals through `__class__` and the like), `range` and the `*` and `**` operators are capped,
the output may not pass MAX_OUTPUT characters, and any failure (a syntax error, an undefined name,
a division by zero, endless recursion) is reported as a `TemplateProblem` with the template's name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any


class TemplateProblem(Exception):
    def __init__(self, path: str, reason: str):
        super().__init__(reason)
        self.path, self.reason = path, reason


DEFAULTS = Path(__file__).parent / "templates"


def override_dir(data: Path) -> Path:
    return Path(data).resolve().parent / "templates" / "report"


def number(value: Any, lang: str = "en") -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
        return text.replace(",", "\u00a0") if lang == "fr" else text
    if isinstance(value, float):
        text = f"{value:,.1f}"
        return text.replace(",", "\u00a0").replace(".", ",") if lang == "fr" else text
    return str(value)


def text_table(header: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    """Columns padded to their widest cell; numbers right-aligned."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    out = []
    for r in [header] + rows:
        cells = [str(c).rjust(w) if i >= right_from else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        out.append("  ".join(cells).rstrip())
    return out


def md_escape(text: Any) -> str:
    """Text safe inside Markdown table cells and lists (backticks kept: they mark commands)."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


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
MAX_STEPS = 2_000_000  # items all `range` calls of one rendering may give together
MAX_TEMPLATE = 1_000_000  # bytes of a network's own template file: the defaults are under 20,000


class _Budget:
    def __init__(self) -> None:
        self.steps = 0

    def range(self, *args: Any) -> range:
        r = range(*args)
        self.steps += len(r)
        if self.steps > MAX_STEPS:
            raise OverflowError(f"range() used for more than {MAX_STEPS:,} items")
        return r


def _sandbox():
    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
                raise OverflowError("exponent too large in a template")
            if operator == "*":
                for a, b in ((left, right), (right, left)):
                    if isinstance(a, (str, list, tuple)) and isinstance(b, int) and len(a) * b > MAX_OUTPUT:
                        raise OverflowError("repetition too large in a template")
            return super().call_binop(context, operator, left, right)

    return Sandbox


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def md_inert(value: Any) -> Any:
    """What a Markdown template inserts, made inert: no HTML tag (`<img onerror=...>`, `<script>`,
    an autolink) and no link (`[x](javascript:...)`) from a provider's name or a forum decision;
    "<5" stays as it is."""
    if isinstance(value, str):
        return _TAG_START.sub("&lt;", value).replace("](", "]\\(")
    return value


def environment(data: Path | None, html: bool, markdown: bool = False):
    import jinja2

    search = [str(override_dir(data))] if data is not None else []
    search.append(str(DEFAULTS))
    env = _sandbox()(
        loader=jinja2.FileSystemLoader(search),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **({"finalize": md_inert} if markdown else {}),
    )
    env.filters["md"] = md_escape
    env.filters["code"] = code_html
    env.filters["extract"] = lambda key, mapping: mapping[key]
    env.filters["extract_network"] = lambda cells: cells.get("network")
    env.filters["dot"] = lambda v: "." if v == 0 else str(v)
    env.globals.update(text_table=text_table, bar_width=bar_width, heat=heat)
    return env


def render(template: str, context: dict, data: Path | None, html: bool = False) -> str:
    import jinja2

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
    if data is not None:
        own = override_dir(data) / template
        try:
            size = own.stat().st_size if own.is_file() else 0
        except OSError:
            size = 0
        if size > MAX_TEMPLATE:
            raise TemplateProblem(str(own), f"{size:,} bytes: a report template may hold {MAX_TEMPLATE:,} at most")
    try:
        env = environment(data, html, markdown=template.endswith(".md.j2"))
        env.filters["num"] = lambda v: number(v, lang)
        env.globals["range"] = _Budget().range
        tpl = env.get_template(template)
        parts, size = [], 0
        for piece in tpl.generate(**context, r=context):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise OverflowError(f"the output passed {MAX_OUTPUT:,} characters")
            parts.append(piece)
        return "".join(parts)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or template}:{exc.lineno}", exc.message or str(exc)) from None
    except RecursionError:
        raise TemplateProblem(template, "RecursionError: a macro or include calls itself without end") from None
    except MemoryError:
        raise TemplateProblem(template, "MemoryError: the template asks for more memory than there is") from None
    except Exception as exc:  # a template is the network's code: any failure is reported, never a traceback
        raise TemplateProblem(template, f"{type(exc).__name__}: {exc}") from None


def as_json(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
