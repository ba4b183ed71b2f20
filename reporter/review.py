"""What a quarter's or year's report shows beyond a month's: its texts (``periods.toml`` of the theme) and the
year report's review page, "what worked / what did not / what we change next year".

The review is built from the year's analysis only: the effect KPIs' change against the previous year (direction
aware), the measures with the effect KPIs linked to them, and the findings' next steps. Nothing is invented: a
column without evidence says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .findings import Analysis, KpiTrend
from .formatting import Fmt
from .i18n import N_
from .model import Period
from .resources import merge_tables, read_theme_toml, theme_files

AVERAGE_MARK = "Ø"


def period_texts(texts: dict[str, Any], lang: str, period: Period | None,
                 override: Path | None = None) -> dict[str, Any]:
    """``texts`` (of texts.toml) with the keys a quarter's or year's report words differently; a month's
    report's texts unchanged ("how to read this report" explains sums and means, "Ø")."""
    if period is None:
        return texts
    changed = _period_table(lang, period.kind, override)
    changed.pop("overview", None)  # the agency overview's, below
    changed.pop("findings", None)  # the findings' wording: Wording.for_period
    return {**texts, **changed}


def overview_period_texts(texts: Mapping[str, Any], lang: str, kind: str,
                          override: Path | None = None) -> dict[str, Any]:
    """The agency overview's texts (``[overview]`` of texts.toml) for a quarter's or year's overview."""
    if kind == "month":
        return dict(texts)
    return {**texts, **_period_table(lang, kind, override).get("overview", {})}


def _period_table(lang: str, kind: str, override: Path | None) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for path in theme_files("periods.toml", override):
        merge_tables(changed, read_theme_toml(path, N_("the report texts")).get(lang, {}).get(kind, {}))
    return changed


def marked_mean(name: str) -> bool:
    """Whether a KPI's own name already says it is an average ("Ø Bewertung (Google)"): then "Ø" stays off its
    value, so it reads once."""
    return name.lstrip().startswith(AVERAGE_MARK)


def shown(fmt: Fmt, period: Period | None, trend: KpiTrend) -> Callable[[float | None, str], str]:
    """How a KPI's period value is printed: with "Ø" when it is the period's mean (never for a missing one)."""
    mean = period is not None and trend.name in period.averaged and not marked_mean(trend.name)

    def value(number: float | None, missing: str) -> str:
        text = fmt.value(number, trend.kpi.unit, missing)
        return f"{AVERAGE_MARK}\u00a0{text}" if mean and number is not None else text

    return value


@dataclass(frozen=True)
class YearReview:
    """The year report's last page: three lists of sentences."""

    worked: tuple[str, ...]
    not_worked: tuple[str, ...]
    change: tuple[str, ...]


def year_review(analysis: Analysis, t: Mapping[str, Any], fmt: Fmt) -> YearReview | None:
    """The review of a year's analysis; ``None`` for any other report."""
    period = analysis.data.period
    if period is None or period.kind != "year":
        return None
    lang = fmt.lang
    effects = [x for x in analysis.trends if x.is_effect]
    better = [x for x in effects if x.improvement is True]
    worse = [x for x in effects if x.improvement is False]

    def line(trend: KpiTrend) -> str:
        value = shown(fmt, period, trend)
        return t["review_kpi"].format(kpi=trend.name, value=value(trend.value, "–"),
                                      previous=value(trend.previous, "–"),
                                      change=fmt.change(trend.value, trend.previous, trend.kpi.unit))

    worked = [line(x) for x in better]
    not_worked = [line(x) for x in worse]
    names_better = {x.name for x in better}
    names_worse = {x.name for x in worse}
    for link in analysis.measures:
        if link.measure.status == "planned":
            continue
        good = [k for k in link.effect_kpis if k in names_better]
        bad = [k for k in link.effect_kpis if k in names_worse]
        if good:
            worked.append(_counted(t, "review_measure_effect", good).format(measure=link.name, kpis=fmt.join(good)))
        if bad:
            not_worked.append(_counted(t, "review_measure_worse", bad).format(measure=link.name, kpis=fmt.join(bad)))
        if not link.effect_kpis:
            not_worked.append(t["review_measure_none"].format(measure=link.name))
    not_worked.extend(f.title(lang) for f in analysis.findings if f.misconception)
    change = [s.text(lang) for s in analysis.next_steps]
    return YearReview(
        worked=tuple(worked) or (t["review_none_worked"],),
        not_worked=tuple(dict.fromkeys(not_worked)) or (t["review_none_not"],),
        change=tuple(dict.fromkeys(change)) or (t["review_none_change"],),
    )


def _counted(t: Mapping[str, Any], key: str, items: list[str]) -> str:
    """The text of ``key``, or its ``_one`` variant (German "entwickelte sich") for a single item."""
    return str(t.get(f"{key}_one", t[key]) if len(items) == 1 else t[key])
