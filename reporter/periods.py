"""Quarter and year reports: a client's monthly data turned into data whose "months" are quarters or years.

:func:`to_period` is a pure function. The result is an ordinary :class:`~reporter.model.ClientData` whose
``months`` and KPI series hold period keys (``"2026-Q3"``, ``"2026"``), so trends, findings and the report run on
it unchanged: the previous period is one key back, the same period a year before four quarters (one year) back.

The rules, chosen once (docs/operations.md):

- An **additive** KPI (inquiries, sessions, spend …) is the **sum** of its months. A **non-additive** one — a
  rate, an average, a position, a rating, a score or a level such as followers or the number of reviews so far:
  unit percent, seconds or points,
  or a catalog rule that measures one of these (``AVERAGED_RULES``) — is the period's **mean**, shown with "Ø",
  never summed.
- The workbook's ``Kommentar`` is written for its month and is left out of a period's report.
- A period value needs a value in **every** month of the period: a quarter with a month not measured is not
  measured (never a sum of two months that reads like a quarter).
- A period counts only when the workbook has a column for each of its months. The report's own period must be
  complete: without ``--month`` it is the latest complete period up to the workbook's report month (a workbook at
  October 2026 gives Q3 2026); a period whose months the workbook lacks is refused, never reported as partial.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import impact
from .i18n import _
from .model import (
    ClientData,
    ConfigError,
    Kpi,
    Measure,
    Origin,
    Period,
    Problem,
    WorkbookError,
    month_add,
    period_end,
    period_kind,
    period_months,
    period_of,
)
from .vocabulary import SHEETS

PERIOD_KINDS = ("month", "quarter", "year")
AVERAGED_UNITS = frozenset({"percent", "seconds", "points"})
# Catalog rules (reporter/catalog.toml) whose numbers are rates, averages, positions, ratings, scores or levels:
# their sum over months means nothing.
AVERAGED_RULES = frozenset({
    "inquiry_rate", "close_rate", "conversion_rate", "roas", "acos", "cost_per_result", "cost_per_result_short",
    "bounce_rate_page", "bounce_rate", "engagement_rate", "engagement_time", "pages_per_session", "scroll_depth",
    "video_completion", "video_watch_depth", "load_time", "core_web_vitals", "speed_score", "exit_rate",
    "time_to_contact_path", "time_to_contact", "accessibility", "nps_satisfaction", "brand_awareness",
    "retention", "churn", "ad_interactions", "social_engagement_platform", "ctr", "cost_per_exposure",
    "cost_per_exposure_short", "ranking_position", "rankings", "visibility", "ad_rankings", "tool_scores",
    "domain_authority", "followers", "social_contacts", "email_audience", "email_recipients", "backlinks",
    "reviews",  # "Google-Bewertungen" as agencies keep it: the total so far, a level like followers
})


def averaged(kpi: Kpi, rule: str | None) -> bool:
    """Whether a KPI's period value is its mean (``Ø``) rather than its sum."""
    return kpi.unit in AVERAGED_UNITS or (rule or "") in AVERAGED_RULES


def period_value(values: list[float | None], mean: bool) -> float | None:
    """The sum (or mean) of a period's monthly values; ``None`` unless every month has one."""
    if not values or any(v is None for v in values):
        return None
    measured = [float(v) for v in values if v is not None]
    return statistics.fmean(measured) if mean else sum(measured)


def report_period(month: str, kind: str) -> str:
    """The latest complete period of ``kind`` up to ``month``: ``("2026-09", "quarter")`` → ``2026-Q3``,
    ``("2026-10", "quarter")`` → ``2026-Q3``, ``("2026-12", "year")`` → ``2026``."""
    period = period_of(month, kind)
    return period if period_end(period) == month else month_add(period, -1)


def parse_period(text: str) -> str | None:
    """``2026-Q3`` (also ``2026-q3``, ``Q3 2026``) or ``2026`` as a period key; ``None`` if it is neither."""
    value = text.strip().upper()
    if found := re.fullmatch(r"(\d{4})-?Q([1-4])|Q([1-4])[ /-]?(\d{4})", value):
        year, quarter = (found[1], found[2]) if found[1] else (found[4], found[3])
        return f"{year}-Q{quarter}"
    return value if re.fullmatch(r"\d{4}", value) else None


def to_period(data: ClientData, kind: str, catalog: Any = None) -> ClientData:
    """``data`` with quarters or years for months (see the module's rules); ``kind`` "month" returns it as is.

    Raises ``WorkbookError`` when the workbook lacks a month of the report's period."""
    if kind == "month":
        return data
    key = report_period(data.client.report_month, kind)
    columns = set(data.months)
    missing = [m for m in period_months(key) if m not in columns]
    if missing:
        table = data.located("kpis", 0, "name")
        sheet = table.sheet if table else SHEETS["kpis"]["de"][0]
        raise WorkbookError(Problem(data.source.name, _incomplete_message(key, missing), sheet))
    keys = sorted({period_of(m, kind) for m in data.months})
    complete = [p for p in keys if all(m in columns for m in period_months(p))]
    catalog = catalog if catalog is not None else impact.load_catalog()
    means: set[str] = set()
    kpis = []
    for kpi in data.kpis:
        mean = averaged(kpi, impact.classify_kpi(kpi, data.client.role, catalog).source)
        if mean:
            means.add(kpi.name)
        monthly = {p: period_value([kpi.value(m) for m in period_months(p)], mean) for p in complete}
        # A target is the workbook's target for one month: a summed KPI's period target is that times the months.
        target = kpi.target if mean or kpi.target is None else kpi.target * len(period_months(key))
        kpis.append(replace(kpi, monthly=monthly, target=target))
    measures, later = _measures_of_period(data.measures, period_end(key))
    # A KPI of a measure that started after the period: left out when the period never measured it (it is that
    # measure's, "not measured" would only puzzle), else kept without the link.
    kept = [i for i, k in enumerate(kpis)
            if k.measure not in later or any(v is not None for p, v in k.monthly.items() if p <= key)]
    kpis = [replace(kpis[i], measure=None) if kpis[i].measure in later else kpis[i] for i in kept]
    origins = _renumbered(_renumbered(data.origins, "kpis", kept),
                          "measures", [i for i, m in enumerate(data.measures) if m.name not in later])
    return replace(
        data,
        # The workbook's comment speaks of its month ("im Oktober"): a period's report goes without it.
        client=replace(data.client, report_month=key, comment=None),
        kpis=tuple(kpis),
        measures=measures,
        months=tuple(complete),
        origins=origins,
        period=Period(kind, key, tuple(period_months(key)), frozenset(means)),
    )


def _measures_of_period(measures: tuple[Measure, ...], last: str) -> tuple[tuple[Measure, ...], set[str]]:
    """The measures as the period saw them: one that started after its last month is left out, one that ended
    after it was still running then. Also the names left out."""
    kept: list[Measure] = []
    later: set[str] = set()
    for measure in measures:
        if measure.start is not None and f"{measure.start.year:04d}-{measure.start.month:02d}" > last:
            later.add(measure.name)
            continue
        if measure.status == "done" and measure.end is not None and (
                f"{measure.end.year:04d}-{measure.end.month:02d}" > last):
            measure = replace(measure, status="active")
        kept.append(measure)
    return tuple(kept), later


def _renumbered(origins: Mapping[str, Origin], table: str, kept: list[int]) -> dict[str, Origin]:
    """``origins`` with the rows of ``table`` ("kpis", "measures") that were kept numbered as they are now."""
    new_index = {old: new for new, old in enumerate(kept)}
    result: dict[str, Origin] = {}
    for path, origin in origins.items():
        parts = path.split(".", 2)
        if parts[0] != table or len(parts) < 2 or not parts[1].isdigit():
            result[path] = origin
        elif int(parts[1]) in new_index:
            result[".".join([table, str(new_index[int(parts[1])]), *parts[2:]])] = origin
    return result


def _incomplete_message(key: str, missing: list[str]) -> str:
    kind = period_kind(key)
    text = (
        _("the quarter {period} needs a column for each of its months; {months} missing. Add the months or "
          "build an earlier quarter (--quarter, --month)")
        if kind == "quarter"
        else _("the year {period} needs a column for each of its months; {months} missing. Add the months or "
               "build an earlier year (--year, --month)")
    )
    return text.format(period=key, months=", ".join(missing))


_MONTH_TEXT = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def period_options(period: str | None, month: str | None, quarter: str | None = None,
                   year: str | None = None) -> tuple[str, str | None]:
    """The report's kind and last month from the options ``--period``, ``--month``, ``--quarter``, ``--year``:
    ``(None, "2026-09", "2026-Q3", None)`` → ``("quarter", "2026-09")``; ``("year", None, None, None)`` →
    ``("year", None)`` (each workbook's latest complete year). A contradiction is a ``ConfigError``."""
    kind = period or "month"
    month = month.strip() if month else None
    if month is not None and not _MONTH_TEXT.fullmatch(month):
        raise ConfigError(_("--month must look like 2026-10, not {month}").format(month=repr(month)))
    named = [(option, text, want) for option, text, want in
             (("--quarter", quarter, "quarter"), ("--year", year, "year")) if text is not None]
    if len(named) > 1 or (named and period not in (None, named[0][2])):
        raise ConfigError(_("use one of --period, --quarter and --year (they name the same thing)"))
    if named:
        option, text, kind = named[0]
        key = parse_period(text)
        if key is None or period_kind(key) != kind:
            example = "2026-Q3" if kind == "quarter" else "2026"
            raise ConfigError(_("{option} {value} is not valid; use e.g. {example}").format(
                option=option, value=repr(text), example=example))
        if month is not None and month != period_end(key):
            raise ConfigError(_("--month {month} is not the last month of {period}; leave --month out").format(
                month=month, period=key))
        return kind, period_end(key)
    if kind != "month" and month is not None and period_end(period_of(month, kind)) != month:
        end = period_end(period_of(month, kind))
        raise ConfigError((
            _("--month {month} is not the last month of a quarter; name the quarter's last month ({end}) or use "
              "--quarter {key}") if kind == "quarter" else
            _("--month {month} is not the last month of a year; name December ({end}) or use --year {key}")
        ).format(month=month, end=end, key=period_of(month, kind)))
    return kind, month
