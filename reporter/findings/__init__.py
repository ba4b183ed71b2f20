"""Findings: what the month's numbers mean for the client.

Takes one client's data (``ClientData``) and the classifier's judgement on each KPI and derives, as plain data:
per-KPI trends and target status, the article's four misconceptions, the interplay of measures, the questions
nobody measures, a summary paragraph in German and English and at most three next steps towards clarity.
``report_data`` turns the result into the JSON sidecar (docs/report-data.md).

One module per concern:

- ``registry``: the :class:`Rule` every finding family registers with (id, order, report section,
  dependencies, detection, next step, overview note, wording keys);
- ``wording``: the texts, from the theme's ``findings.toml`` (overridable by the agency like ``texts.toml``);
- ``trends``: per KPI, and ``anomaly``; ``measures``: measures and their KPIs, and ``isolated_measure``;
- ``spend``: what the measures cost per month and what one effect costs; ``activity``:
  ``activity_without_effect``; ``interplay`` also ``measures_off_role``;
- ``misconceptions``: the article's four; ``coverage``: ``question_not_measured``, ``vanity_only_success``;
- ``narrative``: question status, summary, next steps; ``analysis``: :func:`analyse`; ``sidecar``: the JSON.

Months without a value are "not measured" everywhere here, never zero.
"""

from __future__ import annotations

from . import activity, anomalies, coverage, interplay, misconceptions  # noqa: F401 - importing registers the rules
from .analysis import Analysis, analyse
from .measures import MeasureLink, end_of, link_measures, measure_active, start_of
from .narrative import MAX_NEXT_STEPS, QUESTION_STATUSES, QuestionStatus
from .registry import (
    OVERVIEW,
    SECTIONS,
    SEVERITIES,
    Context,
    Finding,
    NextStep,
    Rule,
    Texts,
    detection_order,
    overview_note,
    overview_shows,
    overview_title,
    register,
    registered,
    rule,
)
from .sidecar import SCHEMA_VERSION, report_data
from .spend import MeasureCost, Reported, Spend
from .trends import TARGET_STATUSES, KpiTrend, kpi_trend, series_months
from .wording import Wording, load_wording

# Every finding id in its fixed order (after severity, for sorting), and the article's four misconceptions;
# both public, both read from the registry.
FINDING_IDS = tuple(r.id for r in registered())
MISCONCEPTIONS = tuple(r.id for r in registered() if r.misconception)

__all__ = [
    "FINDING_IDS",
    "MAX_NEXT_STEPS",
    "MISCONCEPTIONS",
    "OVERVIEW",
    "QUESTION_STATUSES",
    "SCHEMA_VERSION",
    "SECTIONS",
    "SEVERITIES",
    "TARGET_STATUSES",
    "Analysis",
    "Context",
    "Finding",
    "KpiTrend",
    "MeasureCost",
    "MeasureLink",
    "NextStep",
    "QuestionStatus",
    "Reported",
    "Rule",
    "Spend",
    "Texts",
    "Wording",
    "analyse",
    "detection_order",
    "end_of",
    "kpi_trend",
    "series_months",
    "link_measures",
    "load_wording",
    "measure_active",
    "overview_note",
    "overview_shows",
    "overview_title",
    "register",
    "registered",
    "report_data",
    "rule",
    "start_of",
]
