"""Assembling the report: everything a template may show, already formatted for the report's language.

``ReportContext`` is the one object the templates receive (as ``r``). Numbers, percentages, currency and
months are formatted here with Babel (``1.234``, ``12,5 %``, ``Oktober 2026``), so the templates stay dumb
and an agency's override template cannot get a number wrong. Charts arrive as finished SVG markup from
:mod:`reporter.charts`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.dates import format_date, get_month_names
from babel.numbers import format_currency, format_decimal, format_percent
from markupsafe import Markup

from .model import Direction, RenderError
from .resources import templates_dir

LOCALES = {"de": "de_DE", "en": "en_GB"}
MINUS = "\u2212"  # a real minus sign: a hyphen next to a number reads as a dash in print


# ---- formatting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fmt:
    """Locale-aware formatting of the report's numbers, for one language."""

    lang: str

    @property
    def locale(self) -> str:
        return LOCALES.get(self.lang, "de_DE")

    def number(self, value: float, decimals: int | None = None) -> str:
        if decimals is None:
            decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(round(value, decimals), format=pattern, locale=self.locale)

    def percent(self, value: float, decimals: int = 1) -> str:
        """``value`` in percent (12.5 → ``12,5 %``); whole numbers without decimals."""
        rounded = round(value, decimals)
        return format_percent(rounded / 100, locale=self.locale, decimal_quantization=False)

    def value(self, value: float | None, unit: str | None, missing: str) -> str:
        """A KPI value with its unit: ``1.234``, ``12,5 %``, ``1.234 €``, ``2,3 s``."""
        if value is None:
            return missing
        if unit == "percent":
            return self.percent(value)
        if unit == "eur":
            digits = 0 if abs(value) >= 100 or float(value).is_integer() else 2
            text: str = format_currency(
                round(value, digits),
                "EUR",
                locale=self.locale,
                format="#,##0 ¤" if not digits else None,
                currency_digits=bool(digits),
            )
            return (
                text.replace(" ", "\u00a0")
                if self.lang == "de"
                else text.replace("\u00a0", "").replace(" ", "")
            )
        if unit == "seconds":
            return f"{self.number(value)}\u00a0s"
        return self.number(value)

    def axis(self, unit: str | None) -> Any:
        """A short tick formatter for chart axes."""
        if unit == "percent":
            return lambda v: self.percent(v, 0 if float(v).is_integer() else 1)
        if unit == "seconds":
            return lambda v: f"{self.number(v)}\u00a0s"
        return lambda v: self.number(v)

    def signed(self, text: str, value: float) -> str:
        if round(value, 1) == 0:
            return "±" + text.lstrip("-" + MINUS)
        return ("+" if value > 0 else MINUS) + text.lstrip("-" + MINUS)

    def change(
        self,
        change_pct: float | None,
        value: float | None,
        previous: float | None,
        unit: str | None,
        points: str,
    ) -> str:
        """Change against the previous month: percent, or percentage points for KPIs that are percentages."""
        if unit == "percent" and value is not None and previous is not None:
            delta = value - previous
            return f"{self.signed(self.number(abs(delta), 1), delta)}\u00a0{points}"
        if change_pct is None:
            return ""
        return self.signed(self.percent(abs(change_pct)), change_pct)

    def month(self, month: str) -> str:
        """``2026-10`` → ``Oktober 2026`` / ``October 2026``."""
        return format_date(_month_date(month), "MMMM yyyy", locale=self.locale)

    def month_name(self, month: str) -> str:
        """``2026-10`` → ``Oktober``."""
        return format_date(_month_date(month), "MMMM", locale=self.locale)

    def month_short(self, month: str) -> str:
        """``2026-10`` → ``Okt``; January carries the year (``Jan 26``) so a 13-month axis reads clearly."""
        names = get_month_names("abbreviated", context="stand-alone", locale=self.locale)
        label = str(names[int(month[5:7])]).rstrip(".")
        return f"{label} {month[2:4]}" if month.endswith("-01") else label

    def date(self, value: dt.date) -> str:
        return format_date(value, "MMMM yyyy", locale=self.locale)


def _month_date(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


# ---- colours -------------------------------------------------------------------------------------

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def valid_color(value: str | None, default: str) -> str:
    """A ``#rrggbb`` colour, or the default when missing or malformed (never raw text into CSS)."""
    if value and _HEX.fullmatch(value.strip()):
        return value.strip().lower()
    return default


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG)."""
    return "#ffffff" if contrast(background, "#ffffff") >= contrast(background, "#111111") else "#111111"


def mix(color: str, other: str, share: float) -> str:
    """``share`` of ``color`` blended into ``other`` (for light tints of a brand colour)."""
    a = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True))


def readable_ink(color: str, background: str = "#ffffff") -> str:
    """The brand colour for text and lines on white, darkened until it reaches WCAG AA (4.5:1)."""
    ink = color
    for _ in range(20):
        if contrast(ink, background) >= 4.5:
            return ink
        ink = mix(ink, "#000000", 0.85)
    return ink


@dataclass(frozen=True)
class Colors:
    primary: str  # cover band, headings, effect line
    on_primary: str  # text on the primary colour (black or white by contrast)
    accent: str
    on_accent: str
    ink: str  # primary colour darkened to AA on white, for headings and lines
    tint: str  # a very light primary, for boxes

    @classmethod
    def from_brand(cls, primary: str, accent: str) -> Colors:
        return cls(
            primary=primary,
            on_primary=text_on(primary),
            accent=accent,
            on_accent=text_on(accent),
            ink=readable_ink(primary),
            tint=mix(primary, "#ffffff", 0.07),
        )


# ---- the context the templates receive -----------------------------------------------------------


@dataclass(frozen=True)
class KpiView:
    """One KPI, formatted. ``tone``: good/bad/neutral for the client (direction-aware); ``trend``: arrow."""

    name: str
    kpi_class: str  # effect | vanity | unclassified
    class_label: str
    questions: str  # labels of the questions it answers, joined
    value: str
    previous: str
    last_year: str
    change: str
    trend: str  # up | down | flat | none
    tone: str  # good | bad | neutral
    target: str
    target_status: str  # reached | close | missed | no_target
    target_label: str
    reason: str
    chart: Markup = Markup("")
    primary: bool = False
    note: str = ""


@dataclass(frozen=True)
class FindingView:
    id: str
    severity: str  # info | attention | critical
    severity_label: str
    title: str
    text: str


@dataclass(frozen=True)
class QuestionView:
    key: str
    label: str  # Verständnis
    text: str  # the question, verbatim
    status: str  # reached | close | missed | growing | stable | declining | not_measured
    status_label: str
    kpis: tuple[KpiView, ...]
    notes: tuple[FindingView, ...] = ()


@dataclass(frozen=True)
class MeasureView:
    name: str
    status: str
    period: str
    landing_page: str
    kpis: str
    isolated: bool
    note: str = ""


@dataclass(frozen=True)
class DisciplineView:
    label: str
    measures: tuple[MeasureView, ...]


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template may show, already formatted. Documented in docs/templates.md."""

    lang: str
    t: Mapping[str, Any]  # the fixed texts of texts.toml for the language
    title: str  # PDF title: "<Kunde> – Marketing-Wirkungsbericht <Monat>"
    author: str  # the agency
    client_name: str
    month: str  # "2026-10"
    month_label: str  # "Oktober 2026"
    cover_question: str
    prepared_by: str
    role_label: str
    summary: str
    colors: Colors
    agency_name: str
    agency_footer: str
    agency_contact: str
    font_family: str
    scorecard: tuple[QuestionView, ...]
    effect_count: str
    vanity_count: str
    unclassified_count: str
    headline: FindingView | None
    vanity: tuple[KpiView, ...]
    reach_chart: Markup
    reach_findings: tuple[FindingView, ...]
    misconceptions: tuple[FindingView, ...]
    interplay: tuple[DisciplineView, ...]
    interplay_findings: tuple[FindingView, ...]
    next_steps: tuple[str, ...]
    comment: str
    contact: str
    kpis: tuple[KpiView, ...]
    unclassified: tuple[str, ...]
    client_logo: Path | None = None
    client_initials: str = ""
    agency_logo: Path | None = None
    font_file: Path | None = None
    other_findings: tuple[FindingView, ...] = field(default=())


# ---- texts ---------------------------------------------------------------------------------------


def load_texts(lang: str, override: Path | None = None) -> dict[str, Any]:
    """The fixed report texts for ``lang``; an agency's ``texts.toml`` in its template folder wins per key."""
    texts: dict[str, Any] = {}
    for folder in (templates_dir(), override):
        if folder is None or not (folder / "texts.toml").is_file():
            continue
        path = folder / "texts.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise RenderError(f"{path}: cannot read the report texts: {exc}") from None
        for key, value in data.get(lang, {}).items():
            if isinstance(value, dict) and isinstance(texts.get(key), dict):
                texts[key] = {**texts[key], **value}
            else:
                texts[key] = value
    if not texts:
        raise RenderError(f"no report texts for language {lang!r}")
    return texts


def initials(name: str) -> str:
    """Two letters for a logo placeholder: ``Dachdeckerei Krämer GmbH`` → ``DK``."""
    legal = {
        "gmbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "e.k.",
        "ek",
        "gbr",
        "mbh",
        "co.",
        "co",
        "&",
        "und",
        "ltd",
        "inc",
    }
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower().strip(".,()") not in legal]
    letters = [w[0] for w in words if w[0].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def tone_of(change: float | None, direction: Direction | str | None) -> tuple[str, str]:
    """(trend, tone): the arrow's direction and whether that is good for the client."""
    if change is None:
        return "none", "neutral"
    if round(change, 1) == 0:
        return "flat", "neutral"
    trend = "up" if change > 0 else "down"
    better = (change > 0) != (str(direction) == Direction.LOWER.value)
    return trend, "good" if better else "bad"


def fill(template: str, **values: object) -> str:
    """``str.format`` for the texts, so a placeholder an agency mistyped is a clear error, not a crash."""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise RenderError(f"report text {template!r}: unknown placeholder {exc}") from None


def join(items: Sequence[str], lang: str) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    word = " und " if lang == "de" else " and "
    return ", ".join(items[:-1]) + word + items[-1]
