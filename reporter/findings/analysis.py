"""The month's analysis of one client: per-KPI trends, measures and their KPIs, every registered rule's
findings, the question scorecard, the summary and the next steps (:func:`analyse`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import impact
from ..config import Config
from ..i18n import _
from ..model import Client, ClientData, KpiClass, Problem, Question, Role, WorkbookError
from ..vocabulary import SHEETS
from .measures import MeasureLink, link_measures
from .narrative import QuestionStatus, next_steps, question_status, summary
from .registry import Context, Finding, NextStep, detect
from .spend import Spend, spend_of
from .trends import KpiTrend, finite, kpi_trend
from .wording import Wording, load_wording


@dataclass(frozen=True)
class Analysis:
    """Everything the report and the JSON sidecar say about one client in one month."""

    data: ClientData
    month: str
    trends: tuple[KpiTrend, ...]
    measures: tuple[MeasureLink, ...]
    spend: Spend
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


def analyse(data: ClientData, config: Config | None = None, catalog: Any = None, *,
            templates: Path | None = None, wording: Wording | None = None) -> Analysis:
    """The month's analysis for one client: a pure function of the workbook's data, the settings, the KPI
    catalog and the findings' wording (``findings.toml`` of the theme; ``templates``, else ``[report]
    templates``, is the agency's folder that may override it)."""
    config = config or Config()
    month = data.client.report_month
    if not any(finite(k.value(month)) is not None for k in data.kpis):
        # the KPI table's own sheet (or export), wherever the source read it
        table = next((o for o in (data.located("kpis", i, "name") for i in range(len(data.kpis))) if o), None)
        raise WorkbookError(
            Problem(
                file=data.source.name if isinstance(data.source, Path) else str(data.source),
                # data built without a reader (tests, a future source without sheets): the contract's name
                sheet=table.sheet if table else SHEETS["kpis"]["de"][0],
                message=_("the report month {month} has no value for any KPI; fill in that month's column or "
                          "set another Berichtsmonat").format(month=month),
            )
        )
    if catalog is None:
        catalog = impact.catalog_for_config(config)
    if wording is None:
        wording = load_wording(templates or config.resolve(config.report.templates))
    if data.period is not None:  # a quarter's or year's report: "zum Vorquartal", not "zum Vormonat"
        wording = wording.for_period(data.period.kind, templates or config.resolve(config.report.templates))
    role, th = data.client.role, config.thresholds
    trends = tuple(kpi_trend(k, impact.classify_kpi(k, role, catalog), month, th, wording) for k in data.kpis)
    links = link_measures(data.measures, trends, month)
    spend = spend_of(trends, links, month)
    ctx = Context(data, month, trends, links, th, _default_suggest(catalog, role), wording, spend)
    findings = detect(ctx)
    statuses = tuple(question_status(q, trends, th.flat_pct) for q in Question)
    return Analysis(
        data=data,
        month=month,
        trends=trends,
        measures=links,
        spend=spend,
        findings=findings,
        question_status=statuses,
        summary_de=summary(month, role, statuses, findings, ctx.by_name, wording, "de", th.flat_pct),
        summary_en=summary(month, role, statuses, findings, ctx.by_name, wording, "en", th.flat_pct),
        next_steps=next_steps(findings, ctx, statuses),
    )
