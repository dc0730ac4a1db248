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
