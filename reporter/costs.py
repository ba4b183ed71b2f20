"""The report's section "Was kostet eine Wirkung?" ("What does one result cost?"): the month's spend from the
measures' budgets, what one primary effect cost overall and per measure, a thousand impressions for contrast, a
platform's own cost per result beside ours (each labelled with where it comes from), spend that no effect KPI
measures, and the 13 months as two small charts. Everything formatted for the report's language; the words are
in ``texts.toml`` (``spend_*``, ``[de.cost_per]``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from . import charts
from .findings import Analysis, KpiTrend, MeasureCost, Reported
from .formatting import MISSING, Fmt
from .resources import fill
from .vocabulary import KPI_COLUMNS, MEASURE_COLUMNS, SHEETS, label

Texts = Mapping[str, Any]
Markers = Callable[[Sequence[Any]], dict[str, Any]]  # measures → the chart arguments that put them on the axis


@dataclass(frozen=True)
class CostFact:
    """One number at the top of the section, with what it is computed from (``laut Google Ads`` /
    ``aus Budget ÷ Kontaktanfragen``). ``kind``: spend | effect | vanity | reported."""

    label: str
    value: str
    basis: str
    kind: str


@dataclass(frozen=True)
class CostRow:
    """One measure that spent money in the report month."""

    measure: str
    spend: str
    effect: str  # its own counted effect with the month's value, or how it is measured
    cost: str  # its budget ÷ that effect, or "–"
    basis: tuple[str, ...]  # where the cost comes from; a platform's own figure beside it
    per_mille: str  # its budget per 1,000 of its own impressions or reach, or "–"
    no_effect: bool  # spend without a measurable effect


@dataclass(frozen=True)
class ChartView:
    caption: str
    svg: Markup


@dataclass(frozen=True)
class SpendView:
    """Everything the section shows. ``missing`` replaces all of it when no measure has a budget."""

    lead: str = ""
    facts: tuple[CostFact, ...] = ()
    charts: tuple[ChartView, ...] = ()
    rows: tuple[CostRow, ...] = ()
    notes: tuple[str, ...] = ()
    missing: str = ""
    vanity_column: bool = False  # a row has a price per thousand impressions


class _CostWriter:
    """Words and numbers of the section for one report."""

    def __init__(self, analysis: Analysis, t: Texts, fmt: Fmt) -> None:
        self.a, self.s, self.t, self.f = analysis, analysis.spend, t, fmt
        self.lang = fmt.lang
        self.by_name: dict[str, KpiTrend] = {trend.name: trend for trend in analysis.trends}

    def pick(self, key: str, n: int) -> str:
        """The text ``key``, or ``key_one`` when one thing is counted and the theme has that form."""
        return str(self.t[f"{key}_one"] if n == 1 and f"{key}_one" in self.t else self.t[key])

    def money(self, value: float | None) -> str:
        return self.f.money(value) if value is not None else MISSING

    def count(self, kpi: str | None, value: float | None) -> str:
        return self.f.value(value, self.by_name[kpi].kpi.unit) if kpi and value is not None else MISSING

    @property
    def result(self) -> str:
        """What one result is called: the client's role's (``Anfrage``) when the effect counted is one of its
        primary KPIs, else ``Ergebnis``."""
        lead = self.by_name.get(self.s.effect_kpi or "")
        key = self.a.client.role.value if lead is not None and lead.primary else "other"
        return str(self.t["result"][key])

    def missing(self) -> str:
        where = {"sheet": self.f.quote(label(SHEETS, "measures", self.lang)),
                 "column": self.f.quote(label(MEASURE_COLUMNS, "budget", self.lang))}
        return fill(self.t["spend_missing" if self.a.measures else "spend_missing_measures"], **where)

    def lead(self) -> str:
        month = self.f.month(self.a.month)
        if not self.s.spend:  # budgets, but none of their measures ran this month
            return fill(self.t["spend_nothing"], month=month)
        sentences = [fill(self.t["spend_sentence"], month=month, spend=self.money(self.s.spend))]
        if self.s.effect_kpi is None:
            sentences.append(self.t["spend_no_effect_kpi"])
        elif self.s.cost is None:
            sentences.append(fill(self.t["spend_no_cost"], kpi=self.s.effect_kpi, month=month))
        else:
            sentences.append(fill(self.t["spend_cost"], count=self.count(self.s.effect_kpi, self.s.effects[-1]),
                                  kpi=self.s.effect_kpi, cost=self.money(self.s.cost), result=self.result))
        return " ".join(sentences)

    def reported(self, r: Reported) -> str:
        return fill(self.t["spend_reported"], source=r.source or self.f.quote(r.kpi))

    def facts(self) -> tuple[CostFact, ...]:
        s, t = self.s, self.t
        facts = [CostFact(fill(t["spend_fact"], month=self.f.month(self.a.month)), self.money(s.spend),
                          t["spend_fact_basis"], "spend")]
        if s.effect_kpi is not None:
            facts.append(CostFact(fill(t["spend_cost_label"], result=self.result), self.money(s.cost),
                                  fill(t["spend_from_budget"], kpi=s.effect_kpi), "effect"))
        facts += [CostFact(r.kpi, self.money(r.value), self.reported(r), "reported") for r in s.reported]
        if s.reach_kpi is not None and s.per_mille is not None:
            facts.append(CostFact(fill(t["spend_per_mille"], kpi=s.reach_kpi, thousand=self.f.number(1000)),
                                  self.money(s.per_mille), fill(t["spend_vanity_basis"], kpi=s.reach_kpi),
                                  "vanity"))
        return tuple(facts)

    def row(self, m: MeasureCost) -> CostRow:
        t = self.t
        if m.effect_kpi is not None:
            effect = f"{m.effect_kpi}: {self.count(m.effect_kpi, m.effect_value)}"
        elif m.basis == "effect_not_counted":
            effect = fill(t["spend_measured_by"], kpis=", ".join(m.effect_kpis))
        else:
            effect = t["spend_no_effect_kpi_short"] if m.basis == "no_effect" else MISSING
        # the column heading says how a measure's cost is counted; beside a platform's own figure it is said here
        bases = [fill(t["spend_from_measure"], kpi=m.effect_kpi)] if m.cost is not None and m.reported else []
        bases += [f"{self.money(r.value)} {self.reported(r)}" for r in m.reported]
        per_mille = MISSING
        if m.per_mille is not None and m.reach_kpi:
            per_mille = fill(t["spend_per_mille_row"], value=self.money(m.per_mille), kpi=m.reach_kpi,
                             thousand=self.f.number(1000))
        return CostRow(m.name, self.money(m.spend), effect, self.money(m.cost), tuple(bases), per_mille,
                       m.basis == "no_effect")

    def notes(self) -> tuple[str, ...]:
        s, t, f = self.s, self.t, self.f
        notes = []
        blind = [m for m in s.running if m.basis == "no_effect"]
        if blind:
            items = f.join(fill(t["spend_item"], measure=f.quote(m.name), spend=self.money(m.spend)) for m in blind)
            said = [fill(self.pick("spend_without_effect", len(blind)), items=items)]
            brand = [m.name for m in blind if m.brand_work]
            if brand:  # not blamed: social media and content often work as brand work, slowly and indirectly
                said.append(fill(self.pick("spend_brand_work", len(brand)), measures=f.names(brand)))
            notes.append(" ".join(said))
        if s.reported and (s.cost is not None or any(m.cost is not None for m in s.running)):
            notes.append(t["spend_two_numbers"])
        notes.append(fill(t["spend_method"], column=f.quote(label(KPI_COLUMNS, "measure", self.lang)),
                          sheet=f.quote(label(SHEETS, "kpis", self.lang))))
        if s.without_budget:
            notes.append(fill(self.pick("spend_without_budget", len(s.without_budget)),
                              measures=f.names(s.without_budget),
                              sheet=f.quote(label(SHEETS, "measures", self.lang)),
                              column=f.quote(label(MEASURE_COLUMNS, "budget", self.lang))))
        return tuple(notes)

    def charts(self, ink: str, markers: Markers) -> tuple[ChartView, ...]:
        """Spend per month with the budgeted measures on the time axis, and the cost per result."""
        s, t, f = self.s, self.t, self.f
        months = [f.month_short(m) for m in s.months]
        common = {"fmt": f.money, "y_title": t["unit_eur"], "x_title": t["month_axis"], "width": charts.HALF_WIDTH,
                  "height": 130}
        budgeted = [m for m in self.a.data.measures if m.budget is not None]
        spend = charts.trend_chart(months, list(s.total), color=charts.GREY_REACH, title=t["spend_chart"],
                                   **common, **markers(budgeted))
        views = [ChartView(t["spend_chart"], Markup(spend))]
        if s.effect_kpi is not None:
            caption = fill(t["cost_chart"], result=self.result)
            title = f"{caption} ({fill(t['spend_from_budget'], kpi=s.effect_kpi)})"
            cost = charts.trend_chart(months, list(s.costs), color=ink, title=title, **common)
            views.append(ChartView(caption, Markup(cost)))
        return tuple(views)


def spend_view(analysis: Analysis, t: Texts, fmt: Fmt, ink: str, markers: Markers) -> SpendView:
    """The section "Was kostet eine Wirkung?" of ``analysis``; only what to fill in when nothing has a budget."""
    writer = _CostWriter(analysis, t, fmt)
    if not analysis.spend.budgeted:
        return SpendView(missing=writer.missing())
    rows = tuple(writer.row(m) for m in analysis.spend.running)
    return SpendView(
        lead=writer.lead(),
        facts=writer.facts(),
        charts=writer.charts(ink, markers),
        rows=rows,
        notes=writer.notes(),
        vanity_column=any(row.per_mille != MISSING for row in rows),
    )

