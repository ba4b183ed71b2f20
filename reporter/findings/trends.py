"""Per KPI: the month's values, changes, 3-month trend, target status and anomaly flag; and the finding that
names the anomalies.

``kpi_trend`` turns one KPI of the workbook into a :class:`KpiTrend` for the report month: months without a
value are "not measured", never zero, and every "improved" is judged by the KPI's direction.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from ..config import ThresholdsConfig
from ..formatting import MISSING, Fmt, points_decimals
from ..impact import Classification
from ..model import PERIODS_PER_YEAR, Direction, Kpi, KpiClass, Question, month_add, month_range, period_kind
from .wording import Wording, load_wording

TARGET_STATUSES = ("reached", "close", "missed", "not_measured", "none")

# Social networks as agencies name them in KPI names ("Follower Instagram", "Reichweite LinkedIn").
_SOCIAL_NAME = re.compile(
    r"instagram|facebook|linkedin|tiktok|xing|youtube|pinterest|twitter|threads|mastodon|social|\bmeta\b"
    r"|\bfb\b|\big\b|\byt\b",
    re.IGNORECASE,
)
SOCIAL_TOPICS = frozenset({"social_audience", "social_engagement"})
# Search numbers as agencies name them ("Impressionen (Google Search Console)", "Organic clicks", "Sistrix").
_SEO_NAME = re.compile(
    r"organi[cs]|organisch|search console|\bgsc\b|sistrix|\bseo\b|ranking|keyword|suchbegriff|sichtbarkeit"
    r"|visibility|google[- ]?suche|google search|backlink|suchmaschine",
    re.IGNORECASE,
)
SEO_TOPICS = frozenset({"visibility", "backlinks"})
_ADS_NAME = re.compile(
    r"\bads\b|adwords|anzeige|kampagne|campaign|\bcpc\b|\bcpm\b|\broas\b|\bsea\b|(?<!be)werbung|paid",
    re.IGNORECASE,
)
_EMAIL_NAME = re.compile(
    r"newsletter|e-?mail|mailing|öffnungsrate|open rate|abonnent|subscriber", re.IGNORECASE
)


def finite(value: float | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def pct_change(new: float | None, old: float | None) -> float | None:
    """Relative change in percent; ``None`` when a side is missing or the base is zero."""
    if new is None or old is None or old == 0:
        return None
    pct = (new - old) / abs(old) * 100.0
    return pct if math.isfinite(pct) else None  # next to 0 a tiny base gives infinity: not computable either


def gain(pct: float | None, direction: Direction) -> float | None:
    """Direction-aware change: positive is good for the client (a falling bounce rate is a gain)."""
    if pct is None:
        return None
    return pct if direction == Direction.HIGHER else -pct


def mean(values: Iterable[float | None], minimum: int) -> float | None:
    measured = [v for v in values if v is not None]
    return statistics.fmean(measured) if len(measured) >= minimum else None


@dataclass(frozen=True)
class KpiTrend:
    """One KPI in the report month: values, changes, target status, anomaly and its 13-month series."""

    kpi: Kpi
    classification: Classification
    month: str
    value: float | None
    previous: float | None
    last_year: float | None
    change_pct: float | None  # vs the previous month; None when not computable (missing, or previous is 0)
    change_yoy_pct: float | None  # vs the same month last year
    improvement: bool | None  # direction-aware; None when unchanged or not computable
    target: float | None
    target_status: str  # reached | close | missed | not_measured | none
    anomaly: bool
    anomaly_reason_de: str | None
    anomaly_reason_en: str | None
    series: tuple[tuple[str, float | None], ...]  # 13 months ending with the report month
    trend_3m_pct: float | None  # mean of the last 3 months vs the 3 before (each needs 2 measured months)

    @property
    def name(self) -> str:
        return self.kpi.name

    @property
    def kpi_class(self) -> KpiClass:
        return self.classification.kpi_class

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.classification.questions

    @property
    def direction(self) -> Direction:
        return self.classification.direction

    @property
    def topic(self) -> str | None:
        return self.classification.topic

    @property
    def primary(self) -> bool:
        return self.classification.primary

    @property
    def is_effect(self) -> bool:
        return self.kpi_class == KpiClass.EFFECT

    @property
    def is_vanity(self) -> bool:
        return self.kpi_class == KpiClass.VANITY

    @property
    def is_social(self) -> bool:
        """A social-media number: by its channel, its kind (followers, likes) or a network in its name."""
        if self.kpi.channel:
            return self.kpi.channel == "social"
        return self.topic in SOCIAL_TOPICS or bool(_SOCIAL_NAME.search(self.name))

    @property
    def is_seo(self) -> bool:
        """A search number: by its channel, its kind (visibility, backlinks) or a search tool in its name."""
        if self.kpi.channel:
            return self.kpi.channel == "seo"
        return self.topic in SEO_TOPICS or bool(_SEO_NAME.search(self.name))

    @property
    def channel(self) -> str:
        """The workbook's ``Kanal``; when it is empty, read from the name (``Klicks Google Ads`` is ads,
        ``Follower Instagram`` social, ``Öffnungsrate Newsletter`` e-mail), else the website, where most
        numbers without a channel come from."""
        if self.kpi.channel:
            return self.kpi.channel
        if _ADS_NAME.search(self.name):
            return "ads"
        if self.is_social:
            return "social"
        if self.is_seo:
            return "seo"
        if _EMAIL_NAME.search(self.name):
            return "email"
        return "website"

    @property
    def series_12m(self) -> tuple[tuple[str, float | None], ...]:
        """The 12-month window ending with the report month (for charts that want exactly a year)."""
        return self.series[1:]

    @property
    def change_abs(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def trend_gain(self) -> float | None:
        """``trend_3m_pct`` made direction-aware (positive = good)."""
        return gain(self.trend_3m_pct, self.direction)

    @property
    def change_gain(self) -> float | None:
        return gain(self.change_pct, self.direction)

    def measured_recently(self, months: int = 3) -> bool:
        """A value in the report month or the ``months - 1`` before it."""
        return any(v is not None for _, v in self.series[-months:])

    @property
    def measured(self) -> bool:
        return any(v is not None for _, v in self.series)

    def anomaly_reason(self, lang: str) -> str | None:
        return self.anomaly_reason_de if lang == "de" else self.anomaly_reason_en

    def format_value(self, value: float | None, lang: str) -> str:
        return Fmt(lang).value(value, self.kpi.unit)

    def format_trend(self, lang: str) -> str:
        """The 3-month trend as texts show it: points for percentages (mean of the last 3 months minus the mean
        of the 3 before), else percent; ``–`` when there is none."""
        if self.kpi.unit != "percent":
            return Fmt(lang).change_pct(self.trend_3m_pct)
        values = [v for _, v in self.series]
        now, before = mean(values[-3:], 2), mean(values[-6:-3], 2)
        if now is None or before is None:
            return MISSING
        return Fmt(lang).change_points(now - before, points_decimals(now, before))

    def format_change(self, lang: str) -> str:
        """Change vs the previous month as every surface shows it (:meth:`Fmt.change`): points for percentages,
        else percent; the absolute change when the previous month was 0."""
        return Fmt(lang).change(self.value, self.previous, self.kpi.unit) or MISSING


def _target_status(value: float | None, target: float | None, direction: Direction, close_pct: float) -> str:
    if target is None:
        return "none"
    if value is None:
        return "not_measured"
    # Within close_pct of the target counts as close; a target of 0 has no band (0 is either met or not).
    band = abs(target) * close_pct / 100.0
    if direction == Direction.HIGHER:
        if value >= target:
            return "reached"
        return "close" if band > 0 and value >= target - band else "missed"
    if value <= target:
        return "reached"
    return "close" if band > 0 and value <= target + band else "missed"


# Below this many month-to-month changes in the year before, the KPI's own variation is not known well enough.
_ANOMALY_MIN_CHANGES = 5
# The typical variation never counts as smaller than this share of the KPI's level, so that a perfectly smooth
# series does not flag every small wobble.
_ANOMALY_FLOOR_SHARE = 0.05
# How far outside its own 12-month range a value must lie: a whole range beyond it, and at least a quarter of
# the KPI's level. Ordinary ups and downs of marketing numbers stay inside; a tenfold value or a sudden 0 not.
_ANOMALY_RANGE_SHARE = 1.0
_ANOMALY_LEVEL_SHARE = 0.25


def _anomaly(kpi: Kpi, month: str, value: float | None, previous: float | None,
             sigma: float) -> tuple[float, float] | None:
    """The range of the year before when the value's change is far outside the KPI's own last-12-month
    variation, else ``None``.

    Both must hold: the change to the previous month lies more than ``sigma`` standard deviations from the
    mean month-to-month change of the year before, and the value lies clearly outside that year's range.
    """
    if value is None or previous is None:
        return None
    history = [finite(kpi.value(m)) for m in month_range(month_add(month, -1), 12)]
    changes = [b - a for a, b in zip(history, history[1:], strict=False) if a is not None and b is not None]
    if len(changes) < _ANOMALY_MIN_CHANGES:
        return None
    levels = [v for v in history if v is not None]
    level = statistics.fmean(abs(v) for v in levels)
    spread = max(statistics.pstdev(changes), _ANOMALY_FLOOR_SHARE * level)
    if spread == 0:
        return None
    if abs(value - previous - statistics.fmean(changes)) <= sigma * spread:
        return None
    low, high = min(levels), max(levels)
    margin = max(_ANOMALY_RANGE_SHARE * (high - low), _ANOMALY_LEVEL_SHARE * level)
    if low - margin <= value <= high + margin:
        return None
    return low, high


def _anomaly_reason(kpi: Kpi, values: tuple[float, float, float, float], wording: Wording, lang: str) -> str:
    fmt = Fmt(lang)
    value, previous, low, high = (fmt.value(v, kpi.unit) for v in values)
    return wording.phrases(lang, "anomaly")("reason", value=value, previous=previous, low=low, high=high)


# Periods a trend's series shows: 13 months, 5 quarters (the quarter and the same one a year before), 3 years.
SERIES_LENGTH = {12: 13, 4: 5, 1: 3}


def series_months(month: str) -> list[str]:
    """The months (quarters, years) a series shows, ending with ``month``: 13 months, 5 quarters or 3 years."""
    per_year = PERIODS_PER_YEAR[period_kind(month)]
    return month_range(month, SERIES_LENGTH.get(per_year, per_year + 1))


def kpi_trend(kpi: Kpi, classification: Classification, month: str, thresholds: ThresholdsConfig,
              wording: Wording | None = None) -> KpiTrend:
    """Everything the report says about one KPI in ``month`` (texts from ``wording``, default: the packaged)."""
    per_year = PERIODS_PER_YEAR[period_kind(month)]  # a quarter report: 4 quarters back is a year ago
    months = series_months(month)
    series = tuple((m, finite(kpi.value(m))) for m in months)
    values = [v for _, v in series]
    value, previous, last_year = values[-1], values[-2], values[-1 - per_year]
    direction = classification.direction
    change_pct = pct_change(value, previous)
    improvement: bool | None = None
    if value is not None and previous is not None and value != previous:
        improvement = (value > previous) == (direction == Direction.HIGHER)
    recent, before = mean(values[-3:], 2), mean(values[-6:-3], 2)
    target = finite(kpi.target)
    # An odd value is a month's matter (a typing error, a tracking gap): a quarter's or year's report does not
    # judge it again, its sums would only dilute it.
    odd = _anomaly(kpi, month, value, previous, thresholds.anomaly_sigma) if per_year == 12 else None
    reasons: dict[str, str | None] = {"de": None, "en": None}
    if odd is not None and value is not None and previous is not None:
        reasons = {lang: _anomaly_reason(kpi, (value, previous, *odd), wording or load_wording(), lang)
                   for lang in reasons}
    return KpiTrend(
        kpi=kpi,
        classification=classification,
        month=month,
        value=value,
        previous=previous,
        last_year=last_year,
        change_pct=change_pct,
        change_yoy_pct=pct_change(value, last_year),
        improvement=improvement,
        target=target,
        target_status=_target_status(value, target, direction, thresholds.target_close_pct),
        anomaly=odd is not None,
        anomaly_reason_de=reasons["de"],
        anomaly_reason_en=reasons["en"],
        series=series,
        trend_3m_pct=pct_change(recent, before),
    )


def evidence(trends: Iterable[KpiTrend], lang: str, basis: str = "trend") -> str:
    """``Seitenaufrufe +19 %, Absprungrate −2 Pkt.``: each KPI with its 3-month trend (``basis="trend"``) or its
    change to the previous month (``"month"``); a KPI measured in percent changes in points."""
    return ", ".join(
        f"{t.name} {t.format_trend(lang) if basis == 'trend' else t.format_change(lang)}" for t in trends
    )
