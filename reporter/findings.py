"""Findings: what the month's numbers mean for the client.

Takes one client's data (``ClientData``) and the classifier's judgement on each KPI and derives, as plain
data: per-KPI trends and target status, the article's four misconceptions, the interplay of measures
(isolated measures, questions nobody measures, vanity-only success), a deterministic summary paragraph in
German and English and at most three next steps towards clarity. ``report_data`` turns the result into the
JSON sidecar (docs/report-data.md).

Months without a value are "not measured" everywhere here, never zero.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__, impact
from .config import Config, ThresholdsConfig
from .formatting import MISSING, Fmt, points_decimals
from .impact import QUESTION_LABEL, QUESTION_TEXT, Classification
from .model import (
    Client,
    ClientData,
    Direction,
    Kpi,
    KpiClass,
    Measure,
    Problem,
    Question,
    Role,
    WorkbookError,
    month_add,
    month_range,
    months_between,
)
from .vocabulary import ROLES, label, normalize

SCHEMA_VERSION = 1

# Severity order for sorting: the most pressing first.
SEVERITIES = ("critical", "attention", "info")

# The article's four misconceptions (ids are a public interface).
MISCONCEPTIONS = (
    "traffic_without_inquiries",
    "social_replaces_sales",
    "seo_short_term",
    "website_sells_itself",
)
# Every finding id in its fixed order (used after severity for sorting).
FINDING_IDS = (
    *MISCONCEPTIONS,
    "vanity_only_success",
    "question_not_measured",
    "isolated_measure",
    "anomaly",
)

TARGET_STATUSES = ("reached", "close", "missed", "not_measured", "none")
QUESTION_STATUSES = (
    "reached", "close", "missed", "improving", "declining", "stable", "measured", "not_measured",
)

# Topics (see impact.Classification.topic) that count as traffic for the first misconception. Social reach is
# left to social_replaces_sales so the same numbers do not make two findings.
TRAFFIC_TOPICS = frozenset({"traffic", "reach"})
SOCIAL_GROWTH_TOPICS = frozenset({"reach", "social_audience", "social_engagement", "clicks"})

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
    r"\bads\b|adwords|anzeige|kampagne|campaign|\bcpc\b|\bcpm\b|\broas\b|\bsea\b|werbung|paid",
    re.IGNORECASE,
)
_EMAIL_NAME = re.compile(
    r"newsletter|e-?mail|mailing|öffnungsrate|open rate|abonnent|subscriber", re.IGNORECASE
)

# A measure's discipline links to KPIs of these channels when a KPI names no measure of its own.
DISCIPLINE_CHANNELS: dict[str, frozenset[str]] = {
    "website": frozenset({"website"}),
    "seo": frozenset({"seo"}),
    "social": frozenset({"social"}),
    "ads": frozenset({"ads"}),
    "email": frozenset({"email"}),
    "content": frozenset({"website", "seo"}),
    "other": frozenset(),
}
# Campaigns and social posts need a landing page ("ohne sinnvolle Zielseite verpufft der Effekt").
NEEDS_LANDING_PAGE = frozenset({"ads", "social"})

# Own fallback when the catalog cannot suggest KPIs for a question (names as agencies write them).
_FALLBACK_SUGGESTIONS: dict[Question, dict[str, tuple[str, ...]]] = {
    Question.UNDERSTANDING: {
        "de": ("Absprungrate der Leistungsseiten", "Engagement-Zeit auf Leistungsseiten", "Scrolltiefe"),
        "en": ("Bounce rate of service pages", "Engagement time on service pages", "Scroll depth"),
    },
    Question.FINDABILITY: {
        "de": ("Ladezeit mobil (LCP)", "Suchen ohne Ergebnis", "Klicks bis zur Kontaktseite"),
        "en": ("Mobile load time (LCP)", "Site searches without results", "Clicks to the contact page"),
    },
    Question.TRUST: {
        "de": ("Google-Bewertungen", "Durchschnittliche Bewertung", "Wiederkehrende Besucher"),
        "en": ("Google reviews", "Average rating", "Returning visitors"),
    },
    Question.NEXT_STEP: {
        "de": ("Kontaktanfragen", "Anrufe über die Website", "Conversion-Rate"),
        "en": ("Contact inquiries", "Calls from the website", "Conversion rate"),
    },
}


# ---- formatting: reporter.formatting, shared with the report, the overview and the mail ---------------------


def format_month(month: str, lang: str) -> str:
    return Fmt(lang).month(month)


def format_value(value: float | None, unit: str | None, lang: str) -> str:
    return Fmt(lang).value(value, unit)


def format_change_pct(pct: float | None, lang: str) -> str:
    return Fmt(lang).change_pct(pct)


def _join(items: Sequence[str], lang: str) -> str:
    return Fmt(lang).join(items)


def _quote(text: str, lang: str) -> str:
    return Fmt(lang).quote(text)


# ---- per-KPI trends ----------------------------------------------------------------------------------------


def _finite(value: float | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _pct(new: float | None, old: float | None) -> float | None:
    """Relative change in percent; ``None`` when a side is missing or the base is zero."""
    if new is None or old is None or old == 0:
        return None
    pct = (new - old) / abs(old) * 100.0
    return pct if math.isfinite(pct) else None  # next to 0 a tiny base gives infinity: not computable either


def _gain(pct: float | None, direction: Direction) -> float | None:
    """Direction-aware change: positive is good for the client (a falling bounce rate is a gain)."""
    if pct is None:
        return None
    return pct if direction == Direction.HIGHER else -pct


def _mean(values: Iterable[float | None], minimum: int) -> float | None:
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
        return _gain(self.trend_3m_pct, self.direction)

    @property
    def change_gain(self) -> float | None:
        return _gain(self.change_pct, self.direction)

    def measured_recently(self, months: int = 3) -> bool:
        """A value in the report month or the ``months - 1`` before it."""
        return any(v is not None for _, v in self.series[-months:])

    @property
    def measured(self) -> bool:
        return any(v is not None for _, v in self.series)

    def anomaly_reason(self, lang: str) -> str | None:
        return self.anomaly_reason_de if lang == "de" else self.anomaly_reason_en

    def format_value(self, value: float | None, lang: str) -> str:
        return format_value(value, self.kpi.unit, lang)

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


def _anomaly(
    kpi: Kpi, month: str, value: float | None, previous: float | None, sigma: float
) -> tuple[bool, str | None, str | None]:
    """Flag a value whose change is far outside the KPI's own last-12-month variation.

    Both must hold: the change to the previous month lies more than ``sigma`` standard deviations from the
    mean month-to-month change of the year before, and the value lies clearly outside that year's range.
    """
    if value is None or previous is None:
        return False, None, None
    history = [_finite(kpi.value(m)) for m in month_range(month_add(month, -1), 12)]
    changes = [b - a for a, b in zip(history, history[1:], strict=False) if a is not None and b is not None]
    if len(changes) < _ANOMALY_MIN_CHANGES:
        return False, None, None
    levels = [v for v in history if v is not None]
    level = statistics.fmean(abs(v) for v in levels)
    spread = max(statistics.pstdev(changes), _ANOMALY_FLOOR_SHARE * level)
    if spread == 0:
        return False, None, None
    if abs(value - previous - statistics.fmean(changes)) <= sigma * spread:
        return False, None, None
    low, high = min(levels), max(levels)
    margin = max(_ANOMALY_RANGE_SHARE * (high - low), _ANOMALY_LEVEL_SHARE * level)
    if low - margin <= value <= high + margin:
        return False, None, None
    unit = kpi.unit
    texts = {}
    for lang in ("de", "en"):
        now, before = format_value(value, unit, lang), format_value(previous, unit, lang)
        lo, hi = format_value(low, unit, lang), format_value(high, unit, lang)
        if lang == "de":
            texts[lang] = (
                f"{now} nach {before} im Vormonat – in den 12 Monaten davor lag der Wert zwischen {lo} und "
                f"{hi}. Ein Erfassungsfehler oder ein echtes Ereignis?"
            )
        else:
            texts[lang] = (
                f"{now} after {before} the month before – in the 12 months before it ranged from {lo} to "
                f"{hi}. A data error or a real event?"
            )
    return True, texts["de"], texts["en"]


def kpi_trend(kpi: Kpi, classification: Classification, month: str, thresholds: ThresholdsConfig) -> KpiTrend:
    """Everything the report says about one KPI in ``month``."""
    months = month_range(month, 13)
    series = tuple((m, _finite(kpi.value(m))) for m in months)
    values = [v for _, v in series]
    value, previous, last_year = values[-1], values[-2], values[0]
    direction = classification.direction
    change_pct = _pct(value, previous)
    improvement: bool | None = None
    if value is not None and previous is not None and value != previous:
        improvement = (value > previous) == (direction == Direction.HIGHER)
    recent, before = _mean(values[-3:], 2), _mean(values[-6:-3], 2)
    trend = _pct(recent, before)
    target = _finite(kpi.target)
    anomaly, reason_de, reason_en = _anomaly(kpi, month, value, previous, thresholds.anomaly_sigma)
    return KpiTrend(
        kpi=kpi,
        classification=classification,
        month=month,
        value=value,
        previous=previous,
        last_year=last_year,
        change_pct=change_pct,
        change_yoy_pct=_pct(value, last_year),
        improvement=improvement,
        target=target,
        target_status=_target_status(value, target, direction, thresholds.target_close_pct),
        anomaly=anomaly,
        anomaly_reason_de=reason_de,
        anomaly_reason_en=reason_en,
        series=series,
        trend_3m_pct=trend,
    )


# ---- measures and their links to KPIs ----------------------------------------------------------------------


def _month_of(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def start_of(measure: Measure) -> str:
    """The start month of a measure that has a start date."""
    assert measure.start is not None
    return _month_of(measure.start)


def end_of(measure: Measure) -> str:
    """The end month of a measure that has an end date."""
    assert measure.end is not None
    return _month_of(measure.end)


def measure_active(measure: Measure, month: str) -> bool:
    """Status ``active``; or, with no status, dates covering the month (no dates at all: assumed running)."""
    if measure.status:
        return measure.status == "active"
    if measure.start is not None and _month_of(measure.start) > month:
        return False
    return not (measure.end is not None and _month_of(measure.end) < month)


@dataclass(frozen=True)
class MeasureLink:
    """A measure, whether it runs in the report month, and the KPIs that measure it."""

    measure: Measure
    active: bool
    kpis: tuple[str, ...]  # linked KPI names, in workbook order
    effect_kpis: tuple[str, ...]  # the linked effect KPIs that have data
    isolated: bool  # active and (no effect KPI, or a campaign/social measure without landing page)
    missing_effect_kpi: bool
    missing_landing_page: bool

    @property
    def name(self) -> str:
        return self.measure.name


def _linked_kpis(measure: Measure, trends: Sequence[KpiTrend], measure_names: set[str]) -> list[KpiTrend]:
    """KPIs naming this measure in their Maßnahme column, plus KPIs naming no (known) measure whose channel
    (given, or read from the name) matches the measure's discipline."""
    key = normalize(measure.name)
    channels = DISCIPLINE_CHANNELS.get(measure.discipline or "", frozenset())
    linked = []
    for trend in trends:
        named = normalize(trend.kpi.measure) if trend.kpi.measure else None
        if named == key or (named not in measure_names and trend.channel in channels):
            linked.append(trend)
    return linked


def link_measures(
    measures: Sequence[Measure], trends: Sequence[KpiTrend], month: str
) -> tuple[MeasureLink, ...]:
    names = {normalize(m.name) for m in measures}
    links = []
    for measure in measures:
        linked = _linked_kpis(measure, trends, names)
        effect = tuple(t.name for t in linked if t.is_effect and t.measured)
        active = measure_active(measure, month)
        no_effect = not effect
        no_page = measure.discipline in NEEDS_LANDING_PAGE and not (measure.landing_page or "").strip()
        links.append(
            MeasureLink(
                measure=measure,
                active=active,
                kpis=tuple(t.name for t in linked),
                effect_kpis=effect,
                isolated=active and (no_effect or no_page),
                missing_effect_kpi=no_effect,
                missing_landing_page=no_page,
            )
        )
    return tuple(links)


# ---- findings ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing the month's data mean, with the evidence in numbers, in German and English."""

    id: str
    severity: str  # info | attention | critical
    title_de: str
    title_en: str
    text_de: str
    text_en: str
    headline_de: str  # one sentence for the summary paragraph
    headline_en: str
    kpis: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    question: Question | None = None
    suggested_kpis_de: tuple[str, ...] = ()  # question_not_measured: what would answer the question
    suggested_kpis_en: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Unique within an analysis: the id, plus the question where one applies."""
        return f"{self.id}:{self.question}" if self.question else self.id

    @property
    def misconception(self) -> bool:
        return self.id in MISCONCEPTIONS

    def title(self, lang: str) -> str:
        return self.title_de if lang == "de" else self.title_en

    def text(self, lang: str) -> str:
        return self.text_de if lang == "de" else self.text_en

    def headline(self, lang: str) -> str:
        return self.headline_de if lang == "de" else self.headline_en

    def suggested_kpis(self, lang: str) -> tuple[str, ...]:
        return self.suggested_kpis_de if lang == "de" else self.suggested_kpis_en


MISCONCEPTION_TITLE = {
    "traffic_without_inquiries": (
        "Mehr Traffic bedeutet automatisch mehr Anfragen",
        "More traffic automatically means more inquiries",
    ),
    "social_replaces_sales": ("Social Media ersetzt Vertrieb", "Social media replaces sales"),
    "seo_short_term": ("SEO wirkt kurzfristig", "SEO works in the short term"),
    "website_sells_itself": (
        "Eine schöne Website überzeugt von selbst",
        "A beautiful website convinces on its own",
    ),
}


def _misconception_titles(finding_id: str) -> tuple[str, str]:
    de, en = MISCONCEPTION_TITLE[finding_id]
    return _quote(de, "de"), _quote(en, "en")


def _evidence(trends: Iterable[KpiTrend], lang: str, attr: str = "trend_3m_pct") -> str:
    """``Seitenaufrufe +19 %, Sitzungen +17 %``."""
    parts = []
    for t in trends:
        pct = getattr(t, attr)
        parts.append(f"{t.name} {format_change_pct(pct, lang)}")
    return ", ".join(parts)


def _names(names: Iterable[str], lang: str) -> str:
    return _join([_quote(n, lang) for n in names], lang)


class _Context:
    """What every detector needs, computed once."""

    def __init__(self, data: ClientData, month: str, trends: Sequence[KpiTrend], links: Sequence[MeasureLink],
                 thresholds: ThresholdsConfig, suggest: Callable[[Question, str], tuple[str, ...]]) -> None:
        self.data = data
        self.month = month
        self.trends = list(trends)
        self.by_name = {t.name: t for t in trends}
        self.links = list(links)
        self.th = thresholds
        self.suggest = suggest

    def effect(self, question: Question | None = None) -> list[KpiTrend]:
        return [t for t in self.trends if t.is_effect and (question is None or question in t.questions)]

    def primary_next_step(self) -> list[KpiTrend]:
        """The client's primary next-step KPIs (by role), else every next-step effect KPI."""
        candidates = [t for t in self.effect(Question.NEXT_STEP) if t.measured]
        primary = [t for t in candidates if t.primary]
        return primary or candidates

    def active_links(self, discipline: str) -> list[MeasureLink]:
        return [link for link in self.links if link.active and link.measure.discipline == discipline]

    def kpis_of(self, link: MeasureLink) -> list[KpiTrend]:
        return [self.by_name[n] for n in link.kpis]

    def young_seo(self) -> list[tuple[MeasureLink, int]]:
        """Active SEO measures younger than ``seo_months``, with their age in months."""
        young = []
        for link in self.active_links("seo"):
            if link.measure.start is None:
                continue
            age = months_between(_month_of(link.measure.start), self.month)
            if 0 <= age < self.th.seo_months:
                young.append((link, age))
        return young


# What the client's next step is called in texts, by marketing role (plural, used with "die").
_OUTCOME_NOUN = {
    Role.INQUIRIES: ("Anfragen", "inquiries"),
    Role.APPLICANTS: ("Bewerbungen", "applications"),
    Role.SALES: ("Bestellungen", "orders"),
    # a plural whose dative is the same word: "führen nicht zu mehr Folgebestellungen"
    Role.RETENTION: ("Folgebestellungen", "repeat orders"),
}


def _traffic_without_inquiries(ctx: _Context) -> Finding | None:
    # A young SEO measure's visibility is an early indicator, not yet a promise of inquiries (seo_short_term).
    early = {t.name for link, _ in ctx.young_seo() for t in ctx.kpis_of(link)}
    rising = [
        t
        for t in ctx.trends
        if t.is_vanity
        and t.topic in TRAFFIC_TOPICS
        and not t.is_social
        and t.name not in early
        and t.trend_3m_pct is not None
        and t.trend_3m_pct >= ctx.th.traffic_rise_pct
    ]
    if not rising:
        return None
    steps = [t for t in ctx.primary_next_step() if t.trend_gain is not None]
    if not steps or any((t.trend_gain or 0.0) > ctx.th.inquiries_flat_pct for t in steps):
        return None
    fell = all((t.trend_gain or 0.0) < -ctx.th.inquiries_flat_pct for t in steps)
    title_de, title_en = _misconception_titles("traffic_without_inquiries")
    noun_de, noun_en = _OUTCOME_NOUN.get(ctx.data.client.role, _OUTCOME_NOUN[Role.INQUIRIES])
    rise = {lang: _evidence(rising, lang) for lang in ("de", "en")}
    flat = {lang: _evidence(steps, lang) for lang in ("de", "en")}
    # The summary sentence names the strongest evidence only; the finding's text has all of it.
    strongest = sorted(rising, key=lambda t: -(t.trend_3m_pct or 0.0))[:2]
    short = {lang: _evidence(strongest, lang) for lang in rise}
    short_flat = {lang: _evidence(steps[:2], lang) for lang in rise}
    text_de = (
        f"{rise['de']} (letzte 3 Monate gegenüber den 3 Monaten davor) – {flat['de']}. "
        + (
            f"Die Reichweite ist gewachsen, die {noun_de} sind sogar gesunken: "
            if fell
            else f"Die Reichweite ist gewachsen, die {noun_de} nicht: "
        )
        + f"Mehr Besuche allein führen nicht zu mehr {noun_de}."
    )
    text_en = (
        f"{rise['en']} (last 3 months vs the 3 before) – {flat['en']}. "
        + (f"Reach grew while {noun_en} even fell: " if fell else f"Reach grew, {noun_en} did not: ")
        + f"more visits alone do not bring more {noun_en}."
    )
    return Finding(
        id="traffic_without_inquiries",
        severity="critical" if fell else "attention",
        title_de=title_de,
        title_en=title_en,
        text_de=text_de,
        text_en=text_en,
        headline_de=(
            f"Die Reichweite ist gewachsen ({short['de']}), die {noun_de} nicht ({short_flat['de']})."
        ),
        headline_en=f"Reach grew ({short['en']}) but {noun_en} did not ({short_flat['en']}).",
        kpis=tuple(t.name for t in [*rising, *steps]),
    )


def _social_replaces_sales(ctx: _Context) -> Finding | None:
    cases: list[tuple[MeasureLink, list[KpiTrend], list[KpiTrend]]] = []
    for link in ctx.active_links("social"):
        linked = [ctx.by_name[n] for n in link.kpis]
        growing = [
            t
            for t in linked
            if t.is_vanity
            and (t.topic in SOCIAL_GROWTH_TOPICS or t.is_social)
            and t.trend_3m_pct is not None
            and t.trend_3m_pct >= ctx.th.social_growth_pct
        ]
        if not growing:
            continue
        steps = [t for t in linked if t.is_effect and Question.NEXT_STEP in t.questions and t.measured]
        steps_flat = all(t.trend_gain is None or t.trend_gain <= ctx.th.flat_pct for t in steps)
        if steps_flat or link.missing_landing_page:
            cases.append((link, growing, steps))
    if not cases:
        return None
    parts_de: list[str] = []
    parts_en: list[str] = []
    kpis: list[str] = []
    for link, growing, steps in cases:
        no_page = link.missing_landing_page
        flat = bool(steps) and all(t.trend_gain is None or t.trend_gain <= ctx.th.flat_pct for t in steps)
        if no_page and not steps:
            why_de = "es gibt weder eine Zielseite noch eine Kennzahl für den nächsten Schritt"
            why_en = "there is neither a landing page nor a next-step metric"
        elif not steps:
            why_de = "mit ihr ist keine Kennzahl für den nächsten Schritt verbunden"
            why_en = "no next-step metric is connected to it"
        elif flat:
            why_de = f"die Kennzahlen für den nächsten Schritt stagnieren ({_evidence(steps, 'de')})"
            why_en = f"its next-step metrics are flat ({_evidence(steps, 'en')})"
            if no_page:
                why_de = "es gibt keine Zielseite, und " + why_de
                why_en = "there is no landing page, and " + why_en
        else:
            why_de, why_en = "es gibt keine Zielseite", "there is no landing page"
        parts_de.append(
            f"Bei der Maßnahme {_quote(link.name, 'de')} wächst die Reichweite ({_evidence(growing, 'de')}), "
            f"aber {why_de}"
        )
        parts_en.append(
            f"For the measure {_quote(link.name, 'en')}, reach grows ({_evidence(growing, 'en')}), but "
            f"{why_en}"
        )
        kpis.extend(t.name for t in [*growing, *steps])
    title_de, title_en = _misconception_titles("social_replaces_sales")
    names = [link.name for link, _, _ in cases]
    return Finding(
        id="social_replaces_sales",
        severity="attention",
        title_de=title_de,
        title_en=title_en,
        text_de=(
            ". ".join(parts_de)
            + ". Verglichen sind jeweils die letzten 3 Monate mit den 3 Monaten davor. Reichweite in "
              "sozialen Netzwerken ersetzt keinen Vertrieb: Ohne sinnvolle Zielseite und einen klaren "
              "nächsten Schritt verpufft der Effekt."
        ),
        text_en=(
            ". ".join(parts_en)
            + ". The figures compare the last 3 months with the 3 before. Reach on social networks does not "
              "replace sales: without a suitable landing page and a clear next step, the effect fizzles out."
        ),
        headline_de=(
            f"Die Reichweite {'der Maßnahme' if len(names) == 1 else 'der Maßnahmen'} {_names(names, 'de')} "
            "wächst, führt aber nicht zu einem messbaren nächsten Schritt."
        ),
        headline_en=f"The reach of {_names(names, 'en')} grows but leads to no measurable next step.",
        kpis=tuple(dict.fromkeys(kpis)),
        measures=tuple(names),
    )


def _months_phrase(count: int, lang: str) -> str:
    if lang == "de":
        return "einem Monat" if count == 1 else f"{count} Monaten"
    return "one month" if count == 1 else f"{count} months"


def _seo_short_term(ctx: _Context) -> Finding | None:
    young = ctx.young_seo()
    if not young:
        return None
    noun_de, noun_en = _OUTCOME_NOUN.get(ctx.data.client.role, _OUTCOME_NOUN[Role.INQUIRIES])
    parts_de: list[str] = []
    parts_en: list[str] = []
    kpis: list[str] = []
    for link, age in young:
        start_month = start_of(link.measure)
        judge = month_add(start_month, ctx.th.seo_months)
        # Early indicators: visibility and how visitors engage, not yet the next step itself.
        watch = [t for t in ctx.kpis_of(link) if t.measured and Question.NEXT_STEP not in t.questions]
        if age == 0:
            since_de, since_en = "ist in diesem Monat gestartet", "started this month"
        else:
            since_de = (
                f"läuft erst seit {_months_phrase(age, 'de')} (Start im {format_month(start_month, 'de')})"
            )
            since_en = (
                f"has been running for only {_months_phrase(age, 'en')} (since "
                f"{format_month(start_month, 'en')})"
            )
        part_de = (
            f"Die SEO-Maßnahme {_quote(link.name, 'de')} {since_de}. An {noun_de} lässt sie sich frühestens "
            f"ab {format_month(judge, 'de')} beurteilen."
        )
        part_en = (
            f"The SEO measure {_quote(link.name, 'en')} {since_en}. It can be judged by {noun_en} from "
            f"{format_month(judge, 'en')} at the earliest."
        )
        measured_watch = [t for t in watch if t.trend_3m_pct is not None]
        if measured_watch:
            part_de += (
                " Bis dahin zeigen erste Signale, ob die Arbeit greift: "
                f"{_evidence(measured_watch, 'de')}."
            )
            part_en += (
                " Until then, early signals show whether the work takes hold: "
                f"{_evidence(measured_watch, 'en')}."
            )
        else:
            part_de += (
                " Bis dahin zählen erste Signale: Impressionen und Klicks in der Google Search Console "
                "und die Positionen der wichtigsten Suchbegriffe."
            )
            part_en += (
                " Until then, watch early signals: impressions and clicks in Google Search Console and "
                "the rankings of the most important search terms."
            )
        parts_de.append(part_de)
        parts_en.append(part_en)
        kpis.extend(t.name for t in watch)
    title_de, title_en = _misconception_titles("seo_short_term")
    names = [link.name for link, _ in young]
    months = ctx.th.seo_months
    return Finding(
        id="seo_short_term",
        severity="info",
        title_de=title_de,
        title_en=title_en,
        text_de=" ".join(parts_de)
        + f" SEO braucht in der Regel mindestens {months} Monate, bis es {noun_de} bringt.",
        text_en=" ".join(parts_en)
        + f" SEO usually needs at least {months} months before it brings {noun_en}.",
        headline_de=f"Für ein Urteil über die SEO-Arbeit ({_names(names, 'de')}) ist es noch zu früh.",
        headline_en=f"It is too early to judge the SEO work ({_names(names, 'en')}).",
        kpis=tuple(dict.fromkeys(kpis)),
        measures=tuple(names),
    )


# How long after its end a website measure is still judged, and how many months before/after are compared.
_WEBSITE_WINDOW_MONTHS = 12
_WEBSITE_COMPARE_MONTHS = 3


def _website_evidence(ctx: _Context) -> list[KpiTrend]:
    """KPIs that show whether a website convinces: understanding, and the rate of the next step.

    Volumes (orders, inquiries) follow traffic and season; a conversion rate does not. Only when no rate is
    measured do the next-step volumes stand in for it.
    """
    measured = [t for t in ctx.trends if t.is_effect and t.measured]
    understanding = [t for t in measured if Question.UNDERSTANDING in t.questions]
    steps = [t for t in measured if Question.NEXT_STEP in t.questions and t not in understanding]
    rates = [t for t in steps if t.topic == "conversion_rate"]
    return understanding + (rates or steps)


def _website_sells_itself(ctx: _Context) -> Finding | None:
    evidence = _website_evidence(ctx)
    missing: list[MeasureLink] = []
    stalled: list[tuple[MeasureLink, list[tuple[KpiTrend, float, float]]]] = []
    for link in ctx.links:
        measure = link.measure
        if measure.discipline != "website" or measure.status in ("planned", "paused"):
            continue
        ended = measure.end is not None and end_of(measure) < ctx.month
        if ended and months_between(end_of(measure), ctx.month) > _WEBSITE_WINDOW_MONTHS:
            continue
        if not (link.active or ended):
            continue
        if not evidence:
            missing.append(link)
            continue
        if not ended:
            continue
        after = [m for m in month_range(ctx.month, _WEBSITE_COMPARE_MONTHS) if m > end_of(measure)]
        base_end = month_add(start_of(measure), -1) if measure.start else end_of(measure)
        before = month_range(base_end, _WEBSITE_COMPARE_MONTHS)
        changes = []
        for t in evidence:
            now = _mean((_finite(t.kpi.value(m)) for m in after), 2)
            then = _mean((_finite(t.kpi.value(m)) for m in before), 2)
            if now is not None and then is not None and then != 0:
                changes.append((t, now, then))
        if changes and all(
            (_gain(_pct(now, then), t.direction) or 0.0) <= ctx.th.flat_pct for t, now, then in changes
        ):
            stalled.append((link, changes))
    if not missing and not stalled:
        return None
    parts_de: list[str] = []
    parts_en: list[str] = []
    kpis: list[str] = []
    names: list[str] = []
    for link in missing:
        names.append(link.name)
        parts_de.append(
            f"Für die Website-Maßnahme {_quote(link.name, 'de')} fehlen Kennzahlen dafür, ob Besucher das "
            "Angebot verstehen und den nächsten Schritt gehen – gemessen wird nur Reichweite."
        )
        parts_en.append(
            f"For the website measure {_quote(link.name, 'en')}, no metric shows whether visitors understand "
            "the offer and take the next step – only reach is measured."
        )
    for link, changes in stalled:
        names.append(link.name)
        end_month = end_of(link.measure)
        ev = {}
        for lang, word in (("de", "vorher"), ("en", "before")):
            ev[lang] = ", ".join(
                f"{t.name} {t.format_value(now, lang)} ({word} {t.format_value(then, lang)})"
                for t, now, then in changes
            )
        parts_de.append(
            f"Seit die Maßnahme {_quote(link.name, 'de')} im {format_month(end_month, 'de')} abgeschlossen "
            "wurde, zeigen die Kennzahlen für Verständnis und nächsten Schritt keine Verbesserung: "
            f"{ev['de']}. Verglichen ist der Durchschnitt seither mit den {_WEBSITE_COMPARE_MONTHS} Monaten "
            "vor dem Start."
        )
        parts_en.append(
            f"Since the measure {_quote(link.name, 'en')} was completed in {format_month(end_month, 'en')}, "
            "the metrics for understanding and the next step show no improvement: "
            f"{ev['en']}. The average since then is compared with the {_WEBSITE_COMPARE_MONTHS} months "
            "before it started."
        )
        kpis.extend(t.name for t, _, _ in changes)
    title_de, title_en = _misconception_titles("website_sells_itself")
    return Finding(
        id="website_sells_itself",
        severity="attention",
        title_de=title_de,
        title_en=title_en,
        text_de=" ".join(parts_de)
        + " Eine Website kann technisch sauber sein – ohne klare Nutzerführung bleibt sie wirkungslos.",
        text_en=" ".join(parts_en)
        + " A website can be technically sound – without clear guidance for visitors it has no effect.",
        headline_de=f"Ob die Website-Arbeit ({_names(names, 'de')}) Besucher überzeugt, ist nicht belegt.",
        headline_en=(
            f"There is no evidence yet that the website work ({_names(names, 'en')}) convinces visitors."
        ),
        kpis=tuple(dict.fromkeys(kpis)),
        measures=tuple(names),
    )


def _vanity_only_success(ctx: _Context, earlier: Sequence[Finding]) -> Finding | None:
    movers = sorted(
        (
            t
            for t in ctx.trends
            if t.kpi_class != KpiClass.UNCLASSIFIED and (t.change_gain or 0.0) > ctx.th.flat_pct
        ),
        key=lambda t: (-(t.change_gain or 0.0), t.name),
    )[:3]
    if not movers or any(not t.is_vanity for t in movers):
        return None
    if (movers[0].change_gain or 0.0) < ctx.th.traffic_rise_pct:
        return None
    effects = [t for t in ctx.effect() if t.change_gain is not None]
    if not effects or any((t.change_gain or 0.0) > ctx.th.flat_pct for t in effects):
        return None
    # Already the evidence of another finding: saying it twice would not add clarity.
    named = {k for f in earlier for k in f.kpis}
    if all(t.name in named for t in movers):
        return None
    month = {lang: format_month(ctx.month, lang) for lang in ("de", "en")}
    up = {lang: _evidence(movers, lang, "change_pct") for lang in ("de", "en")}
    flat = {lang: _evidence(effects[:4], lang, "change_pct") for lang in ("de", "en")}
    return Finding(
        id="vanity_only_success",
        severity="attention",
        title_de="Erfolg nur bei Vanity-Kennzahlen",
        title_en="Success only in vanity metrics",
        text_de=(
            f"Die größten Zuwächse im {month['de']} sind Vanity-Kennzahlen: {up['de']} (gegenüber dem "
            f"Vormonat). Die Wirkungskennzahlen stagnieren: {flat['de']}. Diese Zuwächse zeigen "
            "Sichtbarkeit, nicht Wirkung – als Erfolgsmeldung taugen sie nicht."
        ),
        text_en=(
            f"The biggest gains in {month['en']} are vanity metrics: {up['en']} (vs the previous month). The "
            f"effect metrics are flat: {flat['en']}. These gains show visibility, not effect – they are not "
            "a success story."
        ),
        headline_de=f"Gewachsen sind nur Vanity-Kennzahlen ({up['de']}), die Wirkung stagniert.",
        headline_en=f"Only vanity metrics grew ({up['en']}); the effect is flat.",
        kpis=tuple(t.name for t in [*movers, *effects[:4]]),
    )


def _suggestions(ctx: _Context, question: Question, lang: str) -> tuple[str, ...]:
    found = tuple(ctx.suggest(question, lang))[:3]
    return found if len(found) >= 2 else _FALLBACK_SUGGESTIONS[question][lang]


def _question_not_measured(ctx: _Context) -> list[Finding]:
    out = []
    for question in Question:
        if any(t.measured_recently() for t in ctx.effect(question)):
            continue
        unmeasured = [t.name for t in ctx.effect(question)]
        suggest_de, suggest_en = _suggestions(ctx, question, "de"), _suggestions(ctx, question, "en")
        q_de, q_en = _quote(QUESTION_TEXT[question]["de"], "de"), _quote(QUESTION_TEXT[question]["en"], "en")
        stale_de = stale_en = ""
        if unmeasured:
            one = len(unmeasured) == 1
            stale_de = (
                f" {_names(unmeasured, 'de')} {'wurde' if one else 'wurden'} in den letzten 3 Monaten nicht "
                "erfasst."
            )
            stale_en = (
                f" {_names(unmeasured, 'en')} {'has' if one else 'have'} not been recorded in the last 3 "
                "months."
            )
        out.append(
            Finding(
                id="question_not_measured",
                severity="critical" if question == Question.NEXT_STEP else "attention",
                question=question,
                title_de=f"{QUESTION_LABEL[question]['de']} wird nicht gemessen",
                title_en=f"{QUESTION_LABEL[question]['en']} is not measured",
                text_de=(
                    f"Keine Wirkungskennzahl beantwortet die Frage {q_de}{stale_de} Messen lässt sich das "
                    f"zum Beispiel mit {_names(suggest_de, 'de')}."
                ),
                text_en=(
                    f"No effect metric answers the question {q_en}{stale_en} It could be measured, for "
                    f"example, with {_names(suggest_en, 'en')}."
                ),
                headline_de=f"Noch keine Kennzahl beantwortet die Frage {q_de}",
                headline_en=f"No metric answers the question {q_en} yet.",
                kpis=tuple(unmeasured),
                suggested_kpis_de=suggest_de,
                suggested_kpis_en=suggest_en,
            )
        )
    return out


def _isolated_measure(ctx: _Context) -> Finding | None:
    isolated = [link for link in ctx.links if link.isolated]
    if not isolated:
        return None
    parts_de, parts_en = [], []
    for link in isolated:
        why_de, why_en = [], []
        if link.missing_landing_page:
            why_de.append("keine Zielseite")
            why_en.append("no landing page")
        if link.missing_effect_kpi:
            why_de.append("keine Wirkungskennzahl")
            why_en.append("no effect metric")
        parts_de.append(f"{_quote(link.name, 'de')} ({_join(why_de, 'de')})")
        parts_en.append(f"{_quote(link.name, 'en')} ({_join(why_en, 'en')})")
    names = [link.name for link in isolated]
    one = len(isolated) == 1
    return Finding(
        id="isolated_measure",
        severity="attention",
        title_de="Maßnahme ohne Verbindung zur Wirkung" if one else "Maßnahmen ohne Verbindung zur Wirkung",
        title_en="A measure not connected to any effect" if one else "Measures not connected to any effect",
        text_de=(
            ("Diese Maßnahme läuft isoliert: " if one else "Diese Maßnahmen laufen isoliert: ")
            + _join(parts_de, "de")
            + ". Gutes Marketing entsteht durch das Zusammenspiel der Maßnahmen: Ohne sinnvolle Zielseite "
              "und eine Kennzahl, die die Wirkung zeigt, verpufft der Effekt."
        ),
        text_en=(
            ("This measure runs in isolation: " if one else "These measures run in isolation: ")
            + _join(parts_en, "en")
            + ". Good marketing comes from measures working together: without a suitable landing page and a "
              "metric that shows the effect, the effect fizzles out."
        ),
        headline_de=(
            f"{_names(names, 'de')} {'läuft' if one else 'laufen'} ohne Verbindung zu einer Wirkungskennzahl."
        ),
        headline_en=f"{_names(names, 'en')} {'runs' if one else 'run'} without a link to an effect metric.",
        kpis=(),
        measures=tuple(names),
    )


def _anomaly_finding(ctx: _Context) -> Finding | None:
    odd = [t for t in ctx.trends if t.anomaly]
    if not odd:
        return None
    text_de = " ".join(f"{t.name}: {t.anomaly_reason('de')}" for t in odd)
    text_en = " ".join(f"{t.name}: {t.anomaly_reason('en')}" for t in odd)
    names = {lang: _names([t.name for t in odd], lang) for lang in ("de", "en")}
    return Finding(
        id="anomaly",
        severity="attention",
        title_de="Auffälliger Wert" if len(odd) == 1 else "Auffällige Werte",
        title_en="Unusual value" if len(odd) == 1 else "Unusual values",
        text_de=text_de + " Bitte prüfen Sie den Wert, bevor Sie Schlüsse daraus ziehen.",
        text_en=text_en + " Please check the value before drawing conclusions from it.",
        headline_de=f"Ungewöhnlicher Ausschlag bei {names['de']}: bitte die Erfassung prüfen.",
        headline_en=f"Unusual swing in {names['en']}: please check how it was recorded.",
        kpis=tuple(t.name for t in odd),
    )


def _sort_key(finding: Finding) -> tuple[int, int, int]:
    question_order = list(Question).index(finding.question) if finding.question else -1
    return SEVERITIES.index(finding.severity), FINDING_IDS.index(finding.id), question_order


def _detect(ctx: _Context) -> list[Finding]:
    found: list[Finding] = []
    detectors = (_traffic_without_inquiries, _social_replaces_sales, _seo_short_term, _website_sells_itself)
    for detector in detectors:
        finding = detector(ctx)
        if finding:
            found.append(finding)
    # The later detectors look at what the misconceptions already said, so nothing is said twice.
    found.extend(f for f in [_vanity_only_success(ctx, found)] if f)
    found.extend(_question_not_measured(ctx))
    found.extend(f for f in [_isolated_measure(ctx), _anomaly_finding(ctx)] if f)
    return sorted(found, key=_sort_key)


# ---- question scorecard ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionStatus:
    """One of the four questions in the report month: a status word and the effect KPIs that answer it."""

    question: Question
    status: str  # reached | close | missed | improving | declining | stable | measured | not_measured
    kpis: tuple[str, ...]  # effect KPIs answering the question (workbook order, primary first)
    lead: str | None  # the KPI the status is read from

    def label(self, lang: str) -> str:
        return QUESTION_LABEL[self.question][lang]

    def text(self, lang: str) -> str:
        return QUESTION_TEXT[self.question][lang]


def _question_status(question: Question, trends: Sequence[KpiTrend], flat_pct: float) -> QuestionStatus:
    answering = sorted(
        (t for t in trends if t.is_effect and question in t.questions),
        key=lambda t: not t.primary,  # stable sort keeps workbook order within each group
    )
    current = [t for t in answering if t.value is not None]
    names = tuple(t.name for t in answering)
    if not current:
        return QuestionStatus(question, "not_measured", names, None)
    lead = current[0]
    if lead.target_status in ("reached", "close", "missed"):
        return QuestionStatus(question, lead.target_status, names, lead.name)
    gain = lead.trend_gain if lead.trend_gain is not None else lead.change_gain
    if gain is None:
        status = "measured"
    elif gain > flat_pct:
        status = "improving"
    elif gain < -flat_pct:
        status = "declining"
    else:
        status = "stable"
    return QuestionStatus(question, status, names, lead.name)


# ---- summary and next steps --------------------------------------------------------------------------------

_ROLE_JOB = {
    Role.INQUIRIES: ("Anfragen gewinnen", "winning inquiries"),
    Role.APPLICANTS: ("Bewerberinnen und Bewerber gewinnen", "winning applicants"),
    Role.SALES: ("online verkaufen", "selling online"),
    Role.AWARENESS: ("Ihr Unternehmen bekannter machen", "making your company better known"),
    Role.RETENTION: ("Kundinnen und Kunden binden", "retaining customers"),
}
# "Beim nächsten Schritt wurde das Ziel verfehlt": dative phrases keep the verb free of KPI-name agreement.
_QUESTION_DATIVE = {
    Question.UNDERSTANDING: ("beim Verständnis", "understanding"),
    Question.FINDABILITY: ("bei der Orientierung", "findability"),
    Question.TRUST: ("beim Vertrauen", "trust"),
    Question.NEXT_STEP: ("beim nächsten Schritt", "the next step"),
}
_QUESTION_ACCUSATIVE = {
    Question.UNDERSTANDING: "das Verständnis",
    Question.FINDABILITY: "die Orientierung",
    Question.TRUST: "das Vertrauen",
    Question.NEXT_STEP: "den nächsten Schritt",
}
_STATUS_CLAUSE = {
    "reached": ("wurde das Ziel erreicht", "reached its target"),
    "close": ("wurde das Ziel knapp verfehlt", "narrowly missed its target"),
    "missed": ("wurde das Ziel verfehlt", "missed its target"),
    "improving": ("gab es Fortschritte", "improved"),
    "declining": ("gab es Rückschritte", "declined"),
    "stable": ("blieb die Entwicklung stabil", "held steady"),
    "measured": ("liegt ein erster Wert vor", "has a first value"),
}


def _contradicts(status: str, t: KpiTrend, flat_pct: float) -> bool:
    """Whether the month-on-month change says the opposite of a status read from the 3-month trend."""
    if status not in ("improving", "declining", "stable") or t.trend_gain is None:
        return False
    gain = t.change_gain
    if gain is None:
        return t.change_abs is not None
    if status == "improving":
        return gain < 0
    if status == "declining":
        return gain > 0
    return abs(gain) > flat_pct


def _trend_change(t: KpiTrend, lang: str) -> str | None:
    """The 3-month trend as shown in texts: points for percentages (mean of the last 3 months minus the mean
    of the 3 before), else percent."""
    if t.kpi.unit == "percent":
        values = [v for _, v in t.series]
        now, before = _mean(values[-3:], 2), _mean(values[-6:-3], 2)
        if now is None or before is None:
            return None
        return Fmt(lang).change_points(now - before, points_decimals(now, before))
    return format_change_pct(t.trend_3m_pct, lang)


def _status_evidence(status: QuestionStatus, by_name: dict[str, KpiTrend], lang: str,
                     flat_pct: float = 5.0) -> str:
    t = by_name[status.lead]  # type: ignore[index]
    value = t.format_value(t.value, lang)
    if status.status in ("reached", "close", "missed"):
        word = "Ziel" if lang == "de" else "target"
        return f"{t.name}: {value}, {word} {t.format_value(t.target, lang)}"
    if status.status == "measured" or t.change_pct is None and t.change_abs is None:
        return f"{t.name}: {value}"
    if _contradicts(status.status, t, flat_pct):
        # The status comes from the 3-month trend; a month-on-month change pointing the other way would read
        # as a contradiction ("Fortschritte … −15 % zum Vormonat"), so the evidence is the trend itself.
        trend = _trend_change(t, lang)
        if trend:
            word = "im Dreimonatsvergleich" if lang == "de" else "over three months"
            return f"{t.name}: {value}, {trend} {word}"
    word = "zum Vormonat" if lang == "de" else "vs previous month"
    return f"{t.name}: {value}, {t.format_change(lang)} {word}"


def _summary(analysis_month: str, role: Role, statuses: Sequence[QuestionStatus], findings: Sequence[Finding],
             by_name: dict[str, KpiTrend], lang: str, flat_pct: float = 5.0) -> str:
    job_de, job_en = _ROLE_JOB[role]
    sentences = [
        f"Ihr Marketing hat eine klare Aufgabe: {job_de}."
        if lang == "de"
        else f"Your marketing has one clear job: {job_en}."
    ]
    measured = [s for s in statuses if s.status != "not_measured"]
    missing = [s for s in statuses if s.status == "not_measured"]
    month = format_month(analysis_month, lang)
    if measured:
        clauses = []
        for s in measured:
            ev = _status_evidence(s, by_name, lang, flat_pct)
            phrase_de, phrase_en = _STATUS_CLAUSE[s.status]
            dative_de, subject_en = _QUESTION_DATIVE[s.question]
            clauses.append(
                f"{dative_de} {phrase_de} ({ev})" if lang == "de" else f"{subject_en} {phrase_en} ({ev})"
            )
        first = clauses[0][0].upper() + clauses[0][1:] if lang == "de" else clauses[0]
        body = _join([first, *clauses[1:]], lang)
        sentences.append(
            f"{month} im Überblick: {body}." if lang == "de" else f"{month} at a glance: {body}."
        )
    if missing:
        if lang == "de":
            sentences.append(
                f"Für {_join([_QUESTION_ACCUSATIVE[s.question] for s in missing], 'de')} fehlen noch "
                "Wirkungskennzahlen."
            )
        else:
            labels = _join([_QUESTION_DATIVE[s.question][1] for s in missing], "en")
            sentences.append(f"No effect metric measures {labels} yet.")
    if findings:
        top = findings[0]
        prefix = "Wichtigster Befund: " if lang == "de" else "Most important finding: "
        sentences.append(prefix + top.headline(lang))
    else:
        sentences.append(
            "Es gibt in diesem Monat keine Auffälligkeiten."
            if lang == "de"
            else "Nothing unusual stands out this month."
        )
    return " ".join(sentences)


@dataclass(frozen=True)
class NextStep:
    """A recommended step towards clarity, and the finding it comes from (``None``: nothing needs fixing)."""

    finding: str | None
    text_de: str
    text_en: str

    def text(self, lang: str) -> str:
        return self.text_de if lang == "de" else self.text_en


# The pages where the client's next step happens, by marketing role.
_ROLE_PAGES = {
    Role.INQUIRIES: ("Leistungsseiten", "service pages"),
    Role.APPLICANTS: ("Karriereseiten", "careers pages"),
    Role.SALES: ("Produktseiten", "product pages"),
}


def _next_step(finding: Finding, findings: Sequence[Finding], ctx: _Context) -> NextStep:
    fid = finding.id
    names = {lang: _names(finding.measures, lang) for lang in ("de", "en")}
    role = ctx.data.client.role
    pages_de, pages_en = _ROLE_PAGES.get(role, ("wichtigsten Seiten", "key pages"))
    outcome_de, outcome_en = _OUTCOME_NOUN.get(role, _OUTCOME_NOUN[Role.INQUIRIES])
    if fid == "traffic_without_inquiries":
        return NextStep(
            fid,
            f"Den Weg vom Besuch zum nächsten Schritt klären: Prüfen Sie mit uns, ob die {pages_de} "
            "verständlich sind und einen klaren nächsten Schritt bieten – bevor mehr Reichweite eingekauft "
            "wird.",
            f"Clarify the path from visit to next step: let us check together whether the {pages_en} are "
            "easy to understand and offer a clear next step – before buying more reach.",
        )
    if fid == "social_replaces_sales":
        return NextStep(
            fid,
            f"{names['de']} mit einer Zielseite und einer Kennzahl für den nächsten Schritt verbinden (z. B. "
            f"{outcome_de} über diese Zielseite), statt Reichweite als Ergebnis zu werten.",
            f"Connect {names['en']} to a landing page and a next-step metric (e.g. {outcome_en} via that "
            "page) instead of counting reach as the result.",
        )
    if fid == "seo_short_term":
        starts = [
            link.measure.start for link in ctx.links if link.name in finding.measures and link.measure.start
        ]
        judge = month_add(_month_of(min(starts)), ctx.th.seo_months) if starts else ctx.month
        return NextStep(
            fid,
            f"SEO Zeit geben: {names['de']} bis {format_month(judge, 'de')} an Sichtbarkeit und Klicks "
            f"messen, nicht an {outcome_de} – erst dann über die Wirkung urteilen.",
            f"Give SEO time: measure {names['en']} by visibility and clicks until "
            f"{format_month(judge, 'en')}, not by {outcome_en} – and judge its effect only then.",
        )
    if fid == "website_sells_itself":
        return NextStep(
            fid,
            f"Prüfen, ob die Website überzeugt: Verständlichkeit und Nutzerführung der {pages_de} gemeinsam "
            "durchgehen, auf jeder Seite einen klaren nächsten Schritt anbieten und messen, ob Besucher ihn "
            f"gehen (z. B. Absprungrate und {outcome_de} über die Website).",
            f"Check whether the website convinces: review how clear and easy to navigate the {pages_en} are, "
            "offer a clear next step on every page and measure whether visitors take it (e.g. bounce rate "
            f"and {outcome_en} via the website).",
        )
    if fid == "vanity_only_success":
        effect = [t.name for t in ctx.effect() if t.measured][:2]
        effect_de = _names(effect, "de") if effect else "die Wirkungskennzahlen"
        effect_en = _names(effect, "en") if effect else "the effect metrics"
        return NextStep(
            fid,
            f"Vanity-Kennzahlen nicht mehr als Erfolg berichten: Über den Erfolg entscheiden {effect_de}.",
            f"Stop presenting vanity metrics as success: {effect_en} decide whether marketing works.",
        )
    if fid == "question_not_measured":
        missing = [f for f in findings if f.id == "question_not_measured" and f.question]
        de = _join([f"für {_QUESTION_ACCUSATIVE[f.question]} etwa {_quote(f.suggested_kpis('de')[0], 'de')}"
                    for f in missing if f.question], "de")
        en = _join([f"{_quote(f.suggested_kpis('en')[0], 'en')} for {_QUESTION_DATIVE[f.question][1]}"
                    for f in missing if f.question], "en")
        return NextStep(
            fid,
            f"Messen, was fehlt: {de} in die monatlichen Kennzahlen aufnehmen.",
            f"Measure what is missing: track, for example, {en} every month.",
        )
    if fid == "isolated_measure":
        # A measure that already has its landing page only needs the effect metric.
        pages = any(link.missing_landing_page for link in ctx.links if link.name in finding.measures)
        what_de = "einer Zielseite und einer Wirkungskennzahl" if pages else "einer Wirkungskennzahl"
        what_en = "a landing page and an effect metric" if pages else "an effect metric"
        return NextStep(
            fid,
            f"{names['de']} mit {what_de} verbinden – was sich nicht messen lässt, gehört auf den Prüfstand.",
            f"Connect {names['en']} to {what_en} – what cannot be measured should be reconsidered.",
        )
    kpis = {lang: _names(finding.kpis, lang) for lang in ("de", "en")}
    one = len(finding.kpis) == 1
    return NextStep(
        fid,
        f"{'Den auffälligen Wert' if one else 'Die auffälligen Werte'} bei {kpis['de']} prüfen: "
        "Erfassungsfehler oder echtes Ereignis?",
        f"Check the unusual {'value' if one else 'values'} of {kpis['en']}: a data error or a real event?",
    )


_STEADY = NextStep(
    None,
    "Kurs halten: Die Wirkungskennzahlen entwickeln sich gut. Weiter messen wie bisher und keine neue "
    "Maßnahme ohne Zielseite und Wirkungskennzahl starten.",
    "Stay the course: the effect metrics are developing well. Keep measuring as before and start no new "
    "measure without a landing page and an effect metric.",
)
MAX_NEXT_STEPS = 3
# No finding, but a question missed its target or went backwards: "entwickeln sich gut" would be untrue.


def _steady(statuses: Sequence[QuestionStatus]) -> NextStep:
    missed = [s.question for s in statuses if s.status in ("missed", "close")]
    falling = [s.question for s in statuses if s.status == "declining"]
    if not missed and not falling:
        return _STEADY
    de, en = [], []
    if missed:
        de.append(f"{_join([_QUESTION_DATIVE[q][0] for q in missed], 'de')} bleibt die Wirkung hinter dem "
                  "Ziel zurück")
        en.append(f"{_join([_QUESTION_DATIVE[q][1] for q in missed], 'en')} "
                  f"{'is' if len(missed) == 1 else 'are'} behind target")
    if falling:
        de.append(f"{_join([_QUESTION_DATIVE[q][0] for q in falling], 'de')} "
                  f"{'ist sie' if missed else 'ist die Wirkung'} rückläufig")
        en.append(f"{_join([_QUESTION_DATIVE[q][1] for q in falling], 'en')} "
                  f"{'is' if len(falling) == 1 else 'are'} declining")
    text_de = ", ".join(de)
    return NextStep(
        None,
        f"Ursachen klären, bevor Neues startet: {text_de[0].upper() + text_de[1:]}. Gemeinsam prüfen, woran "
        "das liegt – statt weitere Maßnahmen zu beginnen.",
        f"Understand the causes before starting anything new: {', and '.join(en)}. Let us look at why "
        "together – rather than starting more measures.",
    )


def _next_steps(findings: Sequence[Finding], ctx: _Context,
                statuses: Sequence[QuestionStatus] = ()) -> tuple[NextStep, ...]:
    if not findings:
        return (_steady(statuses),)
    steps: list[NextStep] = []
    seen: set[str] = set()
    covered: set[str] = set()  # measures an earlier step already connects to an effect KPI
    for finding in findings:
        if finding.id in seen:
            continue
        seen.add(finding.id)
        if finding.id == "isolated_measure":
            rest = tuple(m for m in finding.measures if m not in covered)
            if not rest:
                continue
            finding = replace(finding, measures=rest)
        if finding.id == "social_replaces_sales":
            covered.update(finding.measures)
        steps.append(_next_step(finding, findings, ctx))
        if len(steps) == MAX_NEXT_STEPS:
            break
    return tuple(steps)


# ---- the analysis ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """Everything the report and the JSON sidecar say about one client in one month."""

    data: ClientData
    month: str
    trends: tuple[KpiTrend, ...]
    measures: tuple[MeasureLink, ...]
    findings: tuple[Finding, ...]
    question_status: tuple[QuestionStatus, ...]
    summary_de: str
    summary_en: str
    next_steps: tuple[NextStep, ...]

    @property
    def client(self) -> Client:
        return self.data.client

    @property
    def language(self) -> str:
        return self.data.client.language

    def summary(self, lang: str | None = None) -> str:
        return self.summary_de if (lang or self.language) == "de" else self.summary_en

    def trend(self, name: str) -> KpiTrend:
        return next(t for t in self.trends if t.name == name)

    def finding_ids(self) -> list[str]:
        return [f.id for f in self.findings]

    def counts(self) -> dict[str, int]:
        return {cls.value: sum(1 for t in self.trends if t.kpi_class == cls) for cls in KpiClass}


def _default_suggest(catalog: Any, role: Role) -> Callable[[Question, str], tuple[str, ...]]:
    def run(question: Question, lang: str) -> tuple[str, ...]:
        return tuple(impact.suggest_kpis(question, lang=lang, role=role, catalog=catalog))

    return run


def analyse(data: ClientData, config: Config | None = None, catalog: Any = None) -> Analysis:
    """The month's analysis for one client (pure: reads nothing, writes nothing)."""
    config = config or Config()
    month = data.client.report_month
    if not any(_finite(k.value(month)) is not None for k in data.kpis):
        raise WorkbookError(
            Problem(
                file=data.source.name if isinstance(data.source, Path) else str(data.source),
                sheet="Kennzahlen",
                message=f"the report month {month} has no value for any KPI; fill in that month's column or "
                        "set another Berichtsmonat",
            )
        )
    if catalog is None:
        catalog = impact.catalog_for_config(config)
    role = data.client.role
    trends = tuple(
        kpi_trend(k, impact.classify_kpi(k, role, catalog), month, config.thresholds) for k in data.kpis
    )
    links = link_measures(data.measures, trends, month)
    ctx = _Context(data, month, trends, links, config.thresholds, _default_suggest(catalog, role))
    findings = tuple(_detect(ctx))
    by_name = {t.name: t for t in trends}
    statuses = tuple(_question_status(q, trends, config.thresholds.flat_pct) for q in Question)
    return Analysis(
        data=data,
        month=month,
        trends=trends,
        measures=links,
        findings=findings,
        question_status=statuses,
        summary_de=_summary(month, role, statuses, findings, by_name, "de", config.thresholds.flat_pct),
        summary_en=_summary(month, role, statuses, findings, by_name, "en", config.thresholds.flat_pct),
        next_steps=_next_steps(findings, ctx, statuses),
    )


# ---- JSON sidecar ------------------------------------------------------------------------------------------


def _num(value: float | None, digits: int | None = None) -> float | int | None:
    """JSON-safe number: never NaN/inf; whole numbers as int so the file reads like the workbook."""
    if value is None or not math.isfinite(value):
        return None
    if digits is not None:
        value = round(value, digits)
    return int(value) if float(value).is_integer() else value


def report_data(analysis: Analysis) -> dict[str, Any]:
    """The JSON sidecar object (docs/report-data.md): plain dicts and lists, stable key order, no NaN."""
    client = analysis.data.client
    lang = client.language

    def kpi_entry(t: KpiTrend) -> dict[str, Any]:
        c = t.classification
        return {
            "kpi": t.name,
            "class": c.kpi_class.value,
            "questions": [q.value for q in c.questions],
            "primary": c.primary,
            "topic": c.topic,
            "source": c.source,
            "reason": c.reason(lang),
            "channel": t.kpi.channel,
            "unit": t.kpi.unit,
            "direction": t.direction.value,
            "measure": t.kpi.measure,
            "value": _num(t.value),
            "previous": _num(t.previous),
            "last_year": _num(t.last_year),
            "change_pct": _num(t.change_pct, 1),
            "change_yoy_pct": _num(t.change_yoy_pct, 1),
            "trend_3m_pct": _num(t.trend_3m_pct, 1),
            "improvement": t.improvement,
            "target": _num(t.target),
            "target_status": t.target_status,
            "anomaly": t.anomaly,
            "anomaly_reason": t.anomaly_reason(lang),
            "series": [{"month": m, "value": _num(v)} for m, v in t.series],
        }

    return {
        "schema": SCHEMA_VERSION,
        "tool_version": __version__,
        "client": client.name,
        "slug": client.slug,
        "month": analysis.month,
        "month_label": format_month(analysis.month, lang),
        "role": client.role.value,
        "role_label": label(ROLES, client.role, lang),
        "language": lang,
        "workbook": analysis.data.source.name,
        "summary": analysis.summary(lang),
        "counts": analysis.counts(),
        "questions": [
            {
                "question": s.question.value,
                "label": s.label(lang),
                "text": s.text(lang),
                "status": s.status,
                "lead": s.lead,
                "kpis": list(s.kpis),
            }
            for s in analysis.question_status
        ],
        "kpis": [kpi_entry(t) for t in analysis.trends],
        "measures": [
            {
                "measure": link.name,
                "discipline": link.measure.discipline,
                "status": link.measure.status,
                "active": link.active,
                "start": link.measure.start.isoformat() if link.measure.start else None,
                "end": link.measure.end.isoformat() if link.measure.end else None,
                "landing_page": link.measure.landing_page,
                "kpis": list(link.kpis),
                "effect_kpis": list(link.effect_kpis),
                "isolated": link.isolated,
            }
            for link in analysis.measures
        ],
        "findings": [
            {
                "id": f.id,
                "severity": f.severity,
                "misconception": f.misconception,
                "question": f.question.value if f.question else None,
                "kpis": list(f.kpis),
                "measures": list(f.measures),
                "title": f.title(lang),
                "text": f.text(lang),
                "suggested_kpis": list(f.suggested_kpis(lang)),
            }
            for f in analysis.findings
        ],
        "next_steps": [{"finding": s.finding, "text": s.text(lang)} for s in analysis.next_steps],
    }
