"""Measures and their KPIs: whether a measure runs in the report month, which KPIs measure it, and the finding
that names the measures running in isolation (no effect KPI, or a campaign without a landing page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Measure, period_end, period_start
from ..vocabulary import normalize
from .trends import KpiTrend

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


def month_of(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def start_of(measure: Measure) -> str:
    """The start month of a measure that has a start date."""
    assert measure.start is not None
    return month_of(measure.start)


def end_of(measure: Measure) -> str:
    """The end month of a measure that has an end date."""
    assert measure.end is not None
    return month_of(measure.end)


def measure_active(measure: Measure, month: str) -> bool:
    """Status ``active``; or, with no status, dates covering the month (a quarter or year: any month of it; no
    dates at all: assumed running)."""
    if measure.status:
        return measure.status == "active"
    if measure.start is not None and month_of(measure.start) > period_end(month):
        return False
    return not (measure.end is not None and month_of(measure.end) < period_start(month))


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
    own_kpis: tuple[str, ...] = ()  # the linked KPIs that name this measure in their Maßnahme column

    @property
    def name(self) -> str:
        return self.measure.name


def _linked_kpis(measure: Measure, trends: Sequence[KpiTrend], measure_names: set[str]) -> list[KpiTrend]:
    """KPIs naming this measure in their Maßnahme column, plus KPIs naming no (known) measure whose channel
    (given, or read from the name) matches the measure's discipline."""
    channels = DISCIPLINE_CHANNELS.get(measure.discipline or "", frozenset())
    linked = []
    for trend in trends:
        named = normalize(trend.kpi.measure) if trend.kpi.measure else None
        if names_measure(trend, measure) or (named not in measure_names and trend.channel in channels):
            linked.append(trend)
    return linked


def names_measure(trend: KpiTrend, measure: Measure) -> bool:
    """Whether the KPI's Maßnahme column names this measure (the precise link, not the channel's)."""
    return bool(trend.kpi.measure) and normalize(trend.kpi.measure or "") == normalize(measure.name)


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
                own_kpis=tuple(t.name for t in linked if names_measure(t, measure)),
            )
        )
    return tuple(links)
