"""Formatting: every number, change, amount, month and date a reader sees, in German and English (Babel).

The findings' texts, the report, the agency overview and the e-mails all print through :class:`Fmt`, so the same
value reads the same on every surface. The rules, chosen once:

- **Values** get as many decimals as a reader needs: none from 100 on (and for whole numbers), one from 1, two
  below 1, three below 0.01 — ``1.234``, ``4,8``, ``0,25``. A rate in percent keeps its decimal from 100 % on
  (``44,3 %``, ``106,8 %``, ``0,45 %``). Trailing zeros are dropped.
- **Currency**: whole euros from 100 € on, cents below (``1.250 €``, ``25,10 €``; English ``€25.10``).
- **Rounding** is commercial (half away from zero) on the number as written: 250.5 → 251, 1.835 → 1.84.
- **Changes** carry a sign (``+``, a real minus U+2212, ``±0`` when the rounded change is zero). A relative change
  has no decimal from 10 % on and one below (``+19 %``, ``−4,5 %``). A KPI measured in percent changes in
  **points** (``−3 Pkt.``, ``+0.2 pts``), with the precision of its values (at least one decimal).
- A number and its unit are joined by a non-breaking space (``12,5 %``, ``2,6 s``, ``1.250 €``, ``−3 Pkt.``);
  English writes ``12.5%`` and ``€25.10`` as English does.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal

LOCALES = {"de": "de_DE", "en": "en_GB"}
NBSP = "\u00a0"  # keeps a number and its unit on one line: "12,5 %" must never break after "12,5"
MINUS = "\u2212"  # a real minus sign: a hyphen next to a number reads as a dash in print
MISSING = "–"
POINTS = {"de": "Pkt.", "en": "pts"}


def auto_decimals(value: float) -> int:
    """The decimals a value needs: 1.234 · 4,8 · 0,25 · 0,004 (never 0,0 for a small rate)."""
    size = abs(value)
    if size >= 100 or float(value).is_integer():
        return 0
    if size >= 1:
        return 1
    if size >= 0.01:
        return 2
    return 3


def percent_decimals(value: float) -> int:
    """A rate keeps one decimal also from 100 % on (``106,8 %``), two below 1 % (``0,45 %``)."""
    return max(1, auto_decimals(value)) if not float(value).is_integer() else 0


def points_decimals(*values: float) -> int:
    """Decimals of a change in points between ``values``: the finest the values themselves show, at least one."""
    return max(1, *(percent_decimals(v) for v in values))


def _rounded(value: float, decimals: int) -> decimal.Decimal:
    """``value`` rounded half away from zero, from its shortest written form (1.835 → 1.84, not 1.83)."""
    with decimal.localcontext() as context:
        context.prec = 400  # room for any float's digits: a change of 10^88 % must not crash the report
        exact = decimal.Decimal(repr(float(value))).quantize(
            decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP
        )
    return abs(exact) if exact == 0 else exact  # no "−0"


def direction(change: str) -> str:
    """The arrow that belongs to a change as printed: ``up``, ``down``, ``flat`` (``±0``) or ``none``."""
    if change.startswith("+"):
        return "up"
    if change.startswith(MINUS):
        return "down"
    return "flat" if change.startswith("±") else "none"


@dataclass(frozen=True)
class Fmt:
    """Everything a reader sees as a number, change, month or list, formatted for one language."""

    lang: str

    @property
    def locale(self) -> str:
        return LOCALES.get(self.lang, LOCALES["de"])

    # -- numbers and values --

    def _digits(self, number: decimal.Decimal, decimals: int, fixed: bool = False) -> str:
        pattern = "#,##0" + ("." + ("0" if fixed else "#") * decimals if decimals > 0 else "")
        with decimal.localcontext() as context:
            context.prec = 400
            return format_decimal(number, format=pattern, locale=self.locale).replace("-", MINUS)

    def number(self, value: float, decimals: int | None = None) -> str:
        """``1.234`` / ``1,234``; at most ``decimals`` decimals (default: :func:`auto_decimals`)."""
        if not math.isfinite(value):
            return MISSING
        places = auto_decimals(value) if decimals is None else decimals
        return self._digits(_rounded(value, places), places)

    def _percent_sign(self, number: str) -> str:
        # German sets a (non-breaking) space before the percent sign, English none: 12,5 % / 12.5%
        return f"{number}{NBSP}%" if self.lang == "de" else f"{number}%"

    def percent(self, value: float, decimals: int | None = None) -> str:
        """``value`` in percent (12.5 → ``12,5 %``, ``12.5%``; default decimals: :func:`percent_decimals`)."""
        return self._percent_sign(self.number(value, percent_decimals(value) if decimals is None else decimals))

    def money(self, value: float, cents: bool = False) -> str:
        """Euros: whole from 100 on, with cents below (``1.250 €``, ``25,10 €``; ``€1,250``, ``€25.10``); with
        ``cents`` every amount that has them shows them (``440,50 €``), as a value checked against its source."""
        places = 0 if (abs(value) >= 100 and not cents) or float(value).is_integer() else 2
        rounded = _rounded(value, places)
        number = self._digits(abs(rounded), places, fixed=True)
        sign = MINUS if rounded < 0 else ""
        return f"{sign}{number}{NBSP}€" if self.lang == "de" else f"{sign}€{number}"

    def value(self, value: float | None, unit: str | None, missing: str = MISSING) -> str:
        """A KPI value in its unit: ``1.234``, ``12,5 %``, ``1.250 €``, ``2,3 s``; ``missing`` when not
        measured."""
        if value is None:
            return missing
        if unit == "percent":
            return self.percent(value)
        if unit == "eur":
            return self.money(value)
        if unit == "seconds":
            return f"{self.number(value)}{NBSP}s"
        return self.number(value)

    def axis(self, unit: str | None) -> Callable[[float], str]:
        """A tick formatter for chart axes, in the KPI's unit."""
        if unit == "percent":
            return self.percent
        if unit == "seconds":
            return lambda v: f"{self.number(v)}{NBSP}s"
        return self.number

    # -- changes --

    def signed(self, value: float, decimals: int) -> str:
        """``+19``, ``−4,5``, ``±0``: the sign is read after rounding, so ``+0`` cannot happen."""
        if not math.isfinite(value):
            return MISSING
        rounded = _rounded(value, decimals)
        if rounded == 0:
            return "±0"
        return ("+" if rounded > 0 else MINUS) + self._digits(abs(rounded), decimals)

    def change_pct(self, pct: float | None) -> str:
        """A relative change: ``+19 %``, ``−4,5 %``, ``±0 %`` (English ``+19%``); ``–`` when not computable."""
        if pct is None or not math.isfinite(pct):
            return MISSING
        return self._percent_sign(self.signed(pct, 0 if abs(pct) >= 10 else 1))

    def change_points(self, delta: float, decimals: int = 1) -> str:
        """A change of a percentage, in points: ``−3 Pkt.`` / ``−3 pts``."""
        return f"{self.signed(delta, decimals)}{NBSP}{POINTS.get(self.lang, POINTS['de'])}"

    def change(self, value: float | None, previous: float | None, unit: str | None) -> str:
        """The change from ``previous`` to ``value`` as every surface shows it: points for a KPI measured in
        percent, else percent; the plain difference when ``previous`` is 0; empty when a side is missing."""
        if value is None or previous is None:
            return ""
        if unit == "percent":
            return self.change_points(value - previous, points_decimals(value, previous))
        pct = (value - previous) / abs(previous) * 100.0 if previous else math.inf
        if math.isfinite(pct):
            return self.change_pct(pct)
        delta = value - previous  # from 0 (or next to it) a percentage says nothing: the difference itself
        sign = self.signed(delta, auto_decimals(delta))
        return sign if sign in ("±0", MISSING) else sign[0] + self.value(abs(delta), unit)

    # -- months and dates --

    def month(self, month: str) -> str:
        """``2026-10`` → ``Oktober 2026`` / ``October 2026``; a period: ``2026-Q3`` → ``3. Quartal 2026`` /
        ``Q3 2026``, ``2026`` → ``2026``."""
        if _is_period(month):
            return self.period(month)
        return format_date(_month_date(month), "MMMM yyyy", locale=self.locale)

    def period(self, key: str) -> str:
        """A quarter or year: ``3. Quartal 2026`` / ``Q3 2026``; ``2026``."""
        if len(key) == 4:
            return key
        return f"{key[6]}. Quartal {key[:4]}" if self.lang == "de" else f"Q{key[6]} {key[:4]}"

    def month_name(self, month: str) -> str:
        """``2026-10`` → ``Oktober``; a period as :meth:`period` (``im 3. Quartal 2026``)."""
        if _is_period(month):
            return self.period(month)
        return format_date(_month_date(month), "MMMM", locale=self.locale)

    def month_short(self, month: str) -> str:
        """``2026-10`` → ``Okt``; January carries the year (``Jan 26``) so a 13-month axis reads clearly. A chart
        of quarters reads ``Q3 26``, of years ``2026``."""
        if _is_period(month):
            return month if len(month) == 4 else f"Q{month[6]} {month[2:4]}"
        names = get_month_names("abbreviated", context="stand-alone", locale=self.locale)
        label = str(names[int(month[5:7])]).rstrip(".")
        return f"{label} {month[2:4]}" if month.endswith("-01") else label

    def date(self, value: dt.date) -> str:
        """The month of a date: ``März 2026`` (measures run by the month)."""
        return format_date(value, "MMMM yyyy", locale=self.locale)

    # -- words --

    def join(self, items: Iterable[str]) -> str:
        """``a, b und c`` / ``a, b and c``."""
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        word = " und " if self.lang == "de" else " and "
        return ", ".join(items[:-1]) + word + items[-1]

    def quote(self, text: str) -> str:
        """``„Text“`` / ``“Text”``."""
        return f"„{text}“" if self.lang == "de" else f"“{text}”"

    def names(self, names: Iterable[str]) -> str:
        """Quoted and joined: ``„Google Ads“ und „Messe“``."""
        return self.join(self.quote(n) for n in names)

    def after_colon(self, text: str) -> str:
        """A full sentence after a colon: German capitalises its first letter, English does not."""
        return text[:1].upper() + text[1:] if self.lang == "de" and text else text


def _is_period(key: str) -> bool:
    """A quarter (``2026-Q3``) or a year (``2026``), not a month."""
    return len(key) == 4 or key[5:6] == "Q"


def _month_date(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)
