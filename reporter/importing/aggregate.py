"""From an export's rows to calendar months, with pandas: additive metrics summed, ratios recomputed from their
parts, means weighted; months the export covers only in part are left out, never written as if whole.

A platform module collects its rows as a :class:`pandas.DataFrame` (one column per metric, a ``day`` or
``month`` column, and ``row``: the row's index in its :class:`~reporter.importing.read.Table`) and asks
:func:`monthly` for the month totals.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..i18n import _
from ..model import Problem, Severity
from .model import Aggregation, Metric, MonthValue, Series
from .read import Table, month_of_day


@dataclass
class Months:
    """Month totals of one table: ``sums[month][column]`` and the rows each month came from."""

    sums: dict[str, dict[str, float | None]] = field(default_factory=dict)
    rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # month → (first, last) row index
    partial: list[str] = field(default_factory=list)  # months the data covers only in part, left out


def monthly(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
    levels: Sequence[str] = (),
) -> Months:
    """Sum ``columns`` of a frame with a ``day`` (a date per row) or ``month`` (``YYYY-MM``) column by calendar
    month. With days, a month counts only when the period ``first``..``last`` (default: the first and last day
    in the data) covers it from its first to its last day. A column that is empty for a whole month gives
    ``None`` for it (not measured), never 0. ``levels`` are columns that state a level, not a count (followers):
    their month's value is the one on the month's last day (:attr:`Aggregation.LAST`), never a sum."""
    result = Months()
    if frame.empty:
        return result
    frame = frame.copy()
    if "month" not in frame.columns:
        frame["month"] = frame["day"].map(month_of_day)
        first = first or min(frame["day"])
        last = last or max(frame["day"])
    if levels and "day" in frame.columns:
        frame = frame.sort_values(["day", "row"], kind="stable")
    wanted = list(dict.fromkeys([*columns, *levels]))
    grouped = frame.groupby("month", sort=True)
    sums = grouped[wanted].sum(min_count=1)
    if levels:
        sums[list(levels)] = grouped[list(levels)].agg(lambda values: values.iloc[-1])
    spans = grouped["row"].agg(["min", "max"])
    for month, values in sums.iterrows():
        month = str(month)
        if first is not None and last is not None and not _covers(first, last, month):
            result.partial.append(month)
            continue
        result.sums[month] = {c: (None if pd.isna(values[c]) else float(values[c])) for c in wanted}
        result.rows[month] = (int(spans.loc[month, "min"]), int(spans.loc[month, "max"]))
    return result


def _covers(first: dt.date, last: dt.date, month: str) -> bool:
    year, mon = int(month[:4]), int(month[5:7])
    start = dt.date(year, mon, 1)
    end = dt.date(year, mon, calendar.monthrange(year, mon)[1])
    return first <= start and end <= last


def series(
    table: Table,
    months: Months,
    metrics: Mapping[str, Metric],
    *,
    ratios: Mapping[str, tuple[str, str, float]] | None = None,
    weighted: Mapping[str, tuple[str, str]] | None = None,
) -> list[Series]:
    """Series for ``metrics`` (column → metric) from month totals. A ``SUM`` metric is its column's sum;
    ``ratios`` maps a column to (numerator column, denominator column, factor), e.g. CTR = clicks ÷ impressions
    × 100; ``weighted`` maps a column to (column of value × weight sums, weight column), e.g. position by
    impressions. A ``TOTAL`` or ``LAST`` metric's value is its column's month value as the caller put it there
    (the export's own total for the month; the month's last day, see ``monthly(levels=…)``)."""
    out: list[Series] = []
    for column, metric in metrics.items():
        found = Series(metric)
        for month, sums in months.sums.items():
            value: float | None
            if ratios and column in ratios:
                top, bottom, factor = ratios[column]
                value = _divide(sums.get(top), sums.get(bottom), factor)
            elif weighted and column in weighted:
                product, weight = weighted[column]
                value = _divide(sums.get(product), sums.get(weight), 1.0)
            elif metric.aggregation in (Aggregation.SUM, Aggregation.TOTAL, Aggregation.LAST):
                value = sums.get(column)
            else:
                raise ValueError(f"{metric.key}: {metric.aggregation} needs a ratio or weight")
            if value is not None:
                first, last = months.rows[month]
                found.values[month] = MonthValue(value, table.origin(first, last))
        if found.values:
            out.append(found)
    return out


def _divide(top: float | None, bottom: float | None, factor: float) -> float | None:
    if top is None or not bottom:
        return None
    return top / bottom * factor


def partial_months_note(table: Table, months: Months) -> Problem | None:
    """The warning that months only partly in the export were left out, or ``None``."""
    if not months.partial:
        return None
    message = _(
        "{months}: only part of the month is in the export, so it was not imported (export whole calendar months)"
    ).format(months=", ".join(months.partial))
    return Problem(table.name, message, severity=Severity.WARNING)
