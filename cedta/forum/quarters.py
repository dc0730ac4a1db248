"""Quarters of the Hub Forum: fiscal quarters that start in the network's `fiscal_year_start_month`
(Canadian public funders use April: 2026Q1 = April–June 2026) or calendar quarters (`--calendar`).

A fiscal year is named by the calendar year it starts in. Pure: text and dates in, `Quarter` out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*[qQtT]\s*([1-4])\s*$")  # (T: trimestre, as French writes it)


class QuarterError(ValueError):
    """A --quarter value that does not name a quarter."""

    def __init__(self, value: str):
        super().__init__(value)
        self.value = value


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the (fiscal) year the quarter belongs to
    number: int  # 1..4
    start_month: int = 4  # first month of the year: 1 for calendar quarters

    @property
    def calendar(self) -> bool:
        return self.start_month == 1

    @property
    def start(self) -> dt.date:
        month0 = self.start_month - 1 + 3 * (self.number - 1)
        return dt.date(self.year + month0 // 12, month0 % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter (inclusive)."""
        return self.next().start - dt.timedelta(days=1)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    def shown(self, lang: str = "en") -> str:
        """The quarter as a reader writes it: 2026Q3, or 2026T3 in French (trimestre)."""
        return f"{self.year}T{self.number}" if lang == "fr" else self.code

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1, self.start_month)
        return Quarter(self.year, self.number + 1, self.start_month)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4, self.start_month)
        return Quarter(self.year, self.number - 1, self.start_month)

    def months(self, lang: str = "en") -> str:
        """'July–September 2026' / 'juillet à septembre 2026'."""
        a, b = self.start, self.end
        names = MONTHS_FR if lang == "fr" else MONTHS_EN
        if lang == "fr":
            first = f"{names[a.month - 1]} {a.year}" if a.year != b.year else names[a.month - 1]
            return f"{first} à {names[b.month - 1]} {b.year}"
        first = f"{names[a.month - 1]} {a.year}" if a.year != b.year else names[a.month - 1]
        return f"{first}–{names[b.month - 1]} {b.year}"


from cedta.numbers import MONTHS_EN, MONTHS_FR  # noqa: E402 (kept here for the report's imports)


def parse(value: str, start_month: int = 4) -> Quarter:
    """'2026Q3' (also '2026-Q3', '2026q3') → a Quarter; anything else raises QuarterError."""
    found = _PATTERN.match(value or "")
    if not found:
        raise QuarterError(value)
    year = int(found.group(1))
    if not 1899 <= year <= 9998:  # the years --today takes, and the fiscal year 1899 that January 1900 ends
        raise QuarterError(value)
    return Quarter(year, int(found.group(2)), start_month)


def containing(day: dt.date, start_month: int = 4) -> Quarter:
    """The quarter that holds `day`."""
    offset = (day.month - start_month) % 12
    year = day.year if day.month >= start_month else day.year - 1
    return Quarter(year, offset // 3 + 1, start_month)


def last_complete(today: dt.date, start_month: int = 4) -> Quarter:
    """The last quarter that ended before `today`: the default report quarter."""
    return containing(today, start_month).previous()
