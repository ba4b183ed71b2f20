"""The JSON sidecar: ``report_data(analysis)`` is the public ``<slug>.json`` beside each PDF
(docs/report-data.md) — plain dicts and lists, stable key order, no NaN."""

from __future__ import annotations

import math
from typing import Any

from .. import __version__
from ..formatting import Fmt
from ..vocabulary import ROLES, label
from .analysis import Analysis
from .spend import MeasureCost, Reported, Spend
from .trends import KpiTrend

SCHEMA_VERSION = 1


def _num(value: float | None, digits: int | None = None) -> float | int | None:
    """JSON-safe number: never NaN/inf; whole numbers as int so the file reads like the workbook."""
    if value is None or not math.isfinite(value):
        return None
    if digits is not None:
        value = round(value, digits)
    return int(value) if float(value).is_integer() else value


def _kpi_entry(t: KpiTrend, lang: str) -> dict[str, Any]:
    """One KPI of ``kpis[]``."""
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


def _period_entry(analysis: Analysis) -> dict[str, Any]:
    """What the report covers: a month, or a quarter or year with its months and the KPIs shown as means."""
    period = analysis.data.period
    if period is None:
        return {"kind": "month", "key": analysis.month, "months": [analysis.month], "averaged": []}
    return {"kind": period.kind, "key": period.key, "months": list(period.months),
            "averaged": [t.name for t in analysis.trends if t.name in period.averaged]}


def _euros(value: float | None) -> float | int | None:
    """An amount in euros, to the cent."""
    return _num(value, 2)


def _series(months: tuple[str, ...], values: tuple[float | None, ...]) -> list[dict[str, Any]]:
    return [{"month": m, "value": _euros(v)} for m, v in zip(months, values, strict=True)]


def _spend(spend: Spend) -> dict[str, Any]:
    """The ``spend`` block: the month's spend from the measures' budgets, and each measure's share of it."""
    return {
        "total": _euros(spend.spend),
        "series": _series(spend.months, spend.total),
        "measures": [
            {"measure": m.name, "budget": _euros(m.budget), "spend": _euros(m.spend),
             "series": _series(spend.months, m.series)}
            for m in spend.measures
        ],
        "without_budget": list(spend.without_budget),
    }


def _reported(r: Reported) -> dict[str, Any]:
    return {"kpi": r.kpi, "source": r.source, "measure": r.measure, "value": _euros(r.value)}


def _measure_cost(m: MeasureCost) -> dict[str, Any]:
    return {
        "measure": m.name,
        "spend": _euros(m.spend),
        "basis": m.basis,
        "kpi": m.effect_kpi,
        "value": _num(m.effect_value),
        "cost": _euros(m.cost),
        "reach_kpi": m.reach_kpi,
        "cost_per_1000": _euros(m.per_mille),
        "reported": [_reported(r) for r in m.reported],
    }


def _cost_per_effect(spend: Spend) -> dict[str, Any]:
    """The ``cost_per_effect`` block: spend ÷ the primary effect, overall and per running measure."""
    return {
        "kpi": spend.effect_kpi,
        "value": _num(spend.effects[-1]),
        "cost": _euros(spend.cost),
        "series": _series(spend.months, spend.costs),
        "reach_kpi": spend.reach_kpi,
        "reach_value": _num(spend.reach_value),
        "cost_per_1000": _euros(spend.per_mille),
        "reported": [_reported(r) for r in spend.reported],
        "measures": [_measure_cost(m) for m in spend.running],
    }


def report_data(analysis: Analysis) -> dict[str, Any]:
    """The JSON sidecar object (docs/report-data.md): plain dicts and lists, stable key order, no NaN."""
    client = analysis.data.client
    lang = client.language
    return {
        "schema": SCHEMA_VERSION,
        "tool_version": __version__,
        "client": client.name,
        "slug": client.slug,
        "month": analysis.month,
        "month_label": Fmt(lang).month(analysis.month),
        "period": _period_entry(analysis),
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
        "kpis": [_kpi_entry(t, lang) for t in analysis.trends],
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
        "spend": _spend(analysis.spend),
        "cost_per_effect": _cost_per_effect(analysis.spend),
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
