"""Measures on the time axis: where in the report's 13 months each measure started and ended, as chart markers
in the report's words ("Start Google Ads", "Ende Relaunch", "2 Maßnahmen"), so that a client sees "since the
relaunch, inquiries rose" without reading a table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .charts import Marker
from .findings import end_of, start_of
from .formatting import Fmt
from .model import Measure, period_kind, period_of
from .resources import fill


def measure_markers(measures: Iterable[Measure], months: Sequence[str], t: Mapping[str, Any],
                    fmt: Fmt) -> list[Marker]:
    """The starts and ends of ``measures`` that fall into ``months`` (planned measures have not started); a
    measure that starts and ends in the same month is one marker with its name."""
    markers = []
    kind = period_kind(months[-1]) if months else "month"  # a quarter's chart marks the quarter of a start
    for measure in measures:
        if measure.status == "planned":
            continue
        start = period_of(start_of(measure), kind) if measure.start else None
        end = period_of(end_of(measure), kind) if measure.end else None
        events = [("marker_start", start), ("marker_end", end)] if start != end else [("marker_both", start)]
        for key, month in events:
            if month in months:
                markers.append(Marker(
                    index=months.index(month),
                    label=fill(t[key], name=measure.name),
                    text=fill(t[key], name=fmt.quote(measure.name)),
                    kind="end" if key == "marker_end" else "start",
                ))
    return sorted(markers, key=lambda m: m.index)


def merged_label(t: Mapping[str, Any]) -> Callable[[int], str]:
    """What a month where several measures start or end is called on the chart: "2 Maßnahmen"."""
    return lambda n: fill(t["markers_merged"], n=n)
