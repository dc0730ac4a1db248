"""A number as text, exactly as it is: `12345.67`, never the six significant digits of `:g`
(`12345.7`), and `15000` for the float 15000.0. Used wherever a number goes into a file or a
message (the HSDS export, `diff`, the model's own messages). Pure."""

from __future__ import annotations


def number_text(x) -> str:
    """`x` written so that reading it back gives the same number."""
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e16:
            return str(int(x))
        return repr(x)
    return str(x)


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
