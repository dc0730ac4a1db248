"""A number as text, exactly as it is: `12345.67`, never the six significant digits of `:g`
(`12345.7`), and `15000` for the float 15000.0. Used wherever a number goes into a file or a
message (the HSDS export, `diff`, the model's own messages). Pure."""

from __future__ import annotations

import re
import unicodedata


def number_text(x) -> str:
    """`x` written so that reading it back gives the same number."""
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e16:
            return str(int(x))
        text = repr(x)
        if "e-" in text:  # 1e-07: as a decimal, which a spreadsheet or a person reads (hostile 10b, 11)
            from decimal import Decimal

            text = format(Decimal(text), "f")
        return text
    return str(x)


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")


def day_words(day) -> tuple[str, str]:
    """A date as a sentence says it, in English and French: ("March 31, 2027", "31 mars 2027"),
    ("April 1, 2027", "1er avril 2027"), as the forum report writes dates."""
    fr = f"{day.day}{'er' if day.day == 1 else ''} {MONTHS_FR[day.month - 1]} {day.year}"
    return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}", fr


def money(amount: float, currency: str = "CAD", lang: str = "en", whole: bool = False) -> str:
    """An amount as each language writes it, one way for every command: `$1,500.50` and
    `1 500,50 $` (a narrow no-break space between thousands, a decimal comma) for Canadian dollars;
    `1,500.50 EUR` / `1 500,50 EUR` for another currency. `whole`: rounded to dollars (totals)."""
    value = float(amount)
    if whole or value.is_integer():
        text = f"{round(value):,}"
    else:
        text = f"{value:,.2f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    if currency != "CAD":
        return f"{text} {currency}"
    return f"{text} $" if lang == "fr" else f"${text}"


_AMOUNT = re.compile(r"^\+?\d+(?:[.,]\d{1,2})?$")
_GROUPED = re.compile(r"\+?[1-9]\d{0,2}(?:([ ,])\d{3})(?:\1\d{3})*(?:(?!\1)[.,]\d{1,2})?")


class AmountError(ValueError):
    """An amount that cannot be read: `code` says why (`ambiguous`, `bad`)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def amount_value(text: str, lang: str = "en") -> int | float:
    """An amount of dollars as a person types it: `15000`, `+5000`, `1 500`, `$2,000`, `2 000,50 $`,
    `12000.50`; AmountError when it is not a finite number of zero or more. Thousands are grouped by
    threes after a first group that does not start with 0 (`0,500` is refused, not 500); in French
    `1,500` could be one and a half as well as fifteen hundred: refused as `ambiguous`."""
    t = "".join(" " if unicodedata.category(c) == "Zs" else c for c in str(text))  # every space alike
    t = t.strip().replace("$", "").strip()
    if lang == "fr" and re.fullmatch(r"\+?\d{1,3},\d{3}", t):
        raise AmountError("ambiguous")
    if _GROUPED.fullmatch(t):
        sep = _GROUPED.fullmatch(t).group(1)
        whole, dec = (t[:-3], t[-3:]) if re.search(r"[.,]\d{2}$", t) and t[-3] != sep else \
            (t[:-2], t[-2:]) if re.search(r"[.,]\d$", t) and t[-2] != sep else (t, "")
        t = whole.replace(sep, "") + dec  # thousands in groups of three: 1 500, 2,000, 2 000,50
    if not _AMOUNT.match(t):  # (a space left is not a thousands separator: "15 00", "1 5 0 0")
        raise AmountError("bad")
    value = float(t.replace(",", ".").lstrip("+"))
    return int(value) if value.is_integer() else value
