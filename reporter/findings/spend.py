"""What marketing costs, and what one effect costs: each measure's monthly budget spread over the days it runs,
the month's spend, the cost per primary effect (overall and per measure) and, for contrast, the cost of a
thousand impressions. A data module like ``trends`` and ``measures``: it registers no finding; the registry's
``Context`` carries its :class:`Spend` (docs/findings.md, "What one effect costs").
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Direction, Measure, Question, period_end, period_kind, period_months
from .measures import MeasureLink
from .trends import KpiTrend, series_months

# Effect topics that count results one by one (one inquiry, one application, one order): only these have a
# cost per result. Rates, amounts, ratings and times do not.
COUNTED_TOPICS = frozenset({
    "inquiries", "calls", "leads", "bookings", "applications", "orders", "customers", "conversions",
    "newsletter_signups", "brand_search", "returning",
})
# The vanity numbers a thousand of which are priced for contrast: impressions and reach, else visits.
REACH_TOPICS = ("reach", "traffic")
# Disciplines whose effect often shows late or only indirectly: their spend without a measured effect may be
# brand work, and the report says so instead of calling it wasted.
BRAND_DISCIPLINES = frozenset({"social", "content"})
PER_MILLE = 1000.0
# How a running measure's cost is judged (the sidecar's ``basis``).
BASES = ("budget_per_effect", "reported", "effect_not_counted", "no_effect")


def _bounds(month: str) -> tuple[dt.date, dt.date]:
    year, mon = int(month[:4]), int(month[5:7])
    return dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1])


def share_of_month(measure: Measure, month: str, report_month: str) -> float:
    """How much of ``month`` the measure runs: 1 for a whole month, the share of the month's days where it starts
    or ends within it (from the 16th of a 30-day month: 15/30), 0 outside its dates.

    Its status decides what its dates cannot say: a planned measure has not started; a paused one, and a
    completed one without an end date, do not run in the report month (when they stopped is unknown, so the
    months before keep their dates)."""
    if period_kind(month) != "month":  # a quarter's or year's: the months' shares added up
        return sum(share_of_month(measure, m, period_end(report_month)) for m in period_months(month))
    if measure.status == "planned":
        return 0.0
    if month == report_month and (measure.status == "paused" or (measure.status == "done" and measure.end is None)):
        return 0.0
    first, last = _bounds(month)
    start, end = max(measure.start or first, first), min(measure.end or last, last)
    return max((end - start).days + 1, 0) / last.day


def counted(trend: KpiTrend) -> bool:
    """An effect KPI that counts results one by one (inquiries, applications, orders): it has a cost per result."""
    return (trend.is_effect and trend.topic in COUNTED_TOPICS and trend.kpi.unit in (None, "count")
            and trend.direction == Direction.HIGHER)


def reports_cost(trend: KpiTrend) -> bool:
    """A KPI that already is a cost per effect (Google Ads ``Kosten/Conv.``, ``Cost per lead``), in euros."""
    return (trend.is_effect and trend.topic == "cost_efficiency" and trend.direction == Direction.LOWER
            and trend.kpi.unit in (None, "eur") and trend.measured)


def _first(trends: Iterable[KpiTrend]) -> KpiTrend | None:
    """The first KPI with a value in the report month, else the first measured at all."""
    candidates = [t for t in trends if t.measured]
    return next((t for t in candidates if t.value is not None), candidates[0] if candidates else None)


def _lead(trends: Iterable[KpiTrend]) -> KpiTrend | None:
    """The effect a cost is counted per: a primary one first, then one of the next step (workbook order)."""
    pool = [t for t in trends if counted(t)]
    return _first(sorted(pool, key=lambda t: (not t.primary, Question.NEXT_STEP not in t.questions)))


def _reach(trends: Iterable[KpiTrend]) -> KpiTrend | None:
    """The biggest impressions or reach number this month (else visits): the contrast a thousand of is priced;
    none below a thousand, where a price per thousand says nothing."""
    pool = [t for t in trends if t.is_vanity and t.value is not None and t.value >= PER_MILLE]
    for topic in REACH_TOPICS:
        found = [t for t in pool if t.topic == topic]
        if found:
            return max(found, key=lambda t: t.value or 0.0)
    return None


def per(amount: float | None, count: float | None, scale: float = 1.0) -> float | None:
    """``amount`` per ``count`` (times ``scale``); ``None`` without spend or without a result to divide by."""
    if amount is None or count is None or amount <= 0 or count <= 0:
        return None
    return amount / count * scale


@dataclass(frozen=True)
class Reported:
    """A cost per effect as a platform reports it: the KPI, where it comes from (``Quelle``), its measure."""

    kpi: str
    source: str | None
    measure: str | None  # the measure its Maßnahme column names
    value: float | None  # in the report month


@dataclass(frozen=True)
class MeasureCost:
    """One measure with a budget: what it spent in each month of the report's 13 and what its own effect cost."""

    name: str
    discipline: str | None
    budget: float  # per month, as the workbook gives it
    series: tuple[float, ...]  # spend in each of the 13 months (0 where it did not run)
    basis: str  # BASES: how its cost in the report month is judged
    effect_kpi: str | None  # its own counted effect KPI (its Maßnahme column names the measure)
    effect_value: float | None
    reach_kpi: str | None  # its own impressions or reach KPI
    reach_value: float | None
    effect_kpis: tuple[str, ...]  # every effect KPI linked to it (also by channel)
    reported: tuple[Reported, ...]  # its own costs per effect as a platform reports them

    @property
    def spend(self) -> float:
        return self.series[-1]

    @property
    def running(self) -> bool:
        return self.spend > 0

    @property
    def cost(self) -> float | None:
        return per(self.spend, self.effect_value)

    @property
    def per_mille(self) -> float | None:
        return per(self.spend, self.reach_value, PER_MILLE)

    @property
    def brand_work(self) -> bool:
        return self.discipline in BRAND_DISCIPLINES


@dataclass(frozen=True)
class Spend:
    """The month's marketing spend from the measures' budgets and what one effect cost, over 13 months."""

    months: tuple[str, ...]  # the 13 months ending with the report month
    total: tuple[float | None, ...]  # spend per month; None everywhere when no measure has a budget
    measures: tuple[MeasureCost, ...]  # every measure with a budget, in workbook order
    without_budget: tuple[str, ...]  # measures running in the report month without a budget
    effect_kpi: str | None  # the primary effect the overall cost is counted per
    effects: tuple[float | None, ...]  # its value in each month
    reach_kpi: str | None
    reach_value: float | None
    reported: tuple[Reported, ...]  # every KPI that is a cost per effect, in workbook order

    @property
    def budgeted(self) -> bool:
        return bool(self.measures)

    @property
    def spend(self) -> float | None:
        return self.total[-1]

    @property
    def costs(self) -> tuple[float | None, ...]:
        """The cost per effect in each month: spend ÷ the effect's value (None without either)."""
        return tuple(per(s, e) for s, e in zip(self.total, self.effects, strict=True))

    @property
    def cost(self) -> float | None:
        return self.costs[-1]

    @property
    def per_mille(self) -> float | None:
        return per(self.spend, self.reach_value, PER_MILLE)

    @property
    def running(self) -> tuple[MeasureCost, ...]:
        """The measures that spent money in the report month."""
        return tuple(m for m in self.measures if m.running)

    def mean_spend(self, months: Sequence[str]) -> float | None:
        """Mean monthly spend over ``months`` (of the 13); None without a budget."""
        values = [v for m, v in zip(self.months, self.total, strict=True) if m in months and v is not None]
        return sum(values) / len(values) if values else None


def _reported(trend: KpiTrend) -> Reported:
    return Reported(trend.name, trend.kpi.source, trend.kpi.measure, trend.value)


def _measure_cost(link: MeasureLink, by_name: dict[str, KpiTrend], months: Sequence[str]) -> MeasureCost:
    measure = link.measure
    assert measure.budget is not None
    own = [by_name[n] for n in link.own_kpis]
    effect, reach = _lead(own), _reach(own)
    reported = tuple(_reported(t) for t in own if reports_cost(t))
    if effect is not None:
        basis = "budget_per_effect"
    elif reported:
        basis = "reported"
    else:
        basis = "effect_not_counted" if link.effect_kpis else "no_effect"
    return MeasureCost(
        name=measure.name,
        discipline=measure.discipline,
        budget=measure.budget,
        series=tuple(measure.budget * share_of_month(measure, m, months[-1]) for m in months),
        basis=basis,
        effect_kpi=effect.name if effect else None,
        effect_value=effect.value if effect else None,
        reach_kpi=reach.name if reach else None,
        reach_value=reach.value if reach else None,
        effect_kpis=link.effect_kpis,
        reported=reported,
    )


def spend_of(trends: Sequence[KpiTrend], links: Sequence[MeasureLink], month: str) -> Spend:
    """The spend and the cost per effect of the 13 months ending with ``month``."""
    months = tuple(series_months(month))  # a quarter's report: the 5 quarters of its series
    by_name = {t.name: t for t in trends}
    measures = tuple(_measure_cost(link, by_name, months) for link in links if link.measure.budget is not None)
    total = tuple(sum(m.series[i] for m in measures) if measures else None for i in range(len(months)))
    lead, reach = _lead(trends), _reach(trends)
    return Spend(
        months=months,
        total=total,
        measures=measures,
        without_budget=tuple(link.name for link in links if link.active and link.measure.budget is None),
        effect_kpi=lead.name if lead else None,
        effects=tuple(v for _, v in lead.series) if lead else (None,) * len(months),
        reach_kpi=reach.name if reach else None,
        reach_value=reach.value if reach else None,
        reported=tuple(_reported(t) for t in trends if reports_cost(t)),
    )
