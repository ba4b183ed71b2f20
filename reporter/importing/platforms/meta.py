"""Meta: the Ads Manager's "Export table data" (Facebook and Instagram ads) and Meta Business Suite's insights
export (a Facebook Page's and an Instagram account's reach, visits, follows, link clicks), German and English UI.

Ads Manager: UTF-8 with commas, the header's fields quoted, one row per campaign (ad set, ad) and period, the period
in each row (``Reporting starts``/``Reporting ends``; one row per month with Breakdown › By time › Month); the
currency inside a column's name (``Amount spent (USD)``); ``No data available.`` as the only body line for a period
without delivery. Reach and frequency count people, so they are never added up over campaigns or months: a month's
value comes from its only row or the export's summary row. ``Results`` count a different action per campaign
objective: they are kept apart by the ``Result indicator`` (``Ergebnisse: Leads``, ``Ergebnisse: Link-Klicks``).

Business Suite (not seen, built from Meta's documentation): one row per day (``Date``/``Datum``), either one
column per metric (with a description row under the header in the older Page insights layout) or one metric per
file, named in a title line above ``"Date","Primary"``. Daily reach cannot be added up to a month and is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from ...i18n import _, ngettext, quote
from ...model import Direction, Problem, Severity
from ..aggregate import Months, monthly, partial_months_note, series
from ..model import Aggregation, Metric, Reading, Series
from ..read import Table, day, decimal_mark, month_of_day, plain, whole_months
from . import register
from .tabular import (
    TOTAL_LABEL,
    Cells,
    Columns,
    Header,
    available_ratios,
    blank,
    currency_in,
    find_header,
    metrics,
    months_text,
    norm,
    picked_series,
    ratio_note,
    span,
)

PLATFORM = "Meta Ads"
REPORT = "Ads Manager › Export table data"
SUM, RATIO, TOTAL, LAST = Aggregation.SUM, Aggregation.RATIO, Aggregation.TOTAL, Aggregation.LAST
LOWER = Direction.LOWER

# key, Quelle word (German UI | English UI), KPI name of a new row (de | en), unit, aggregation, direction
METRICS = metrics(
    PLATFORM,
    "ads",
    [
        ("spend", "Ausgegebener Betrag | Amount spent", "Werbeausgaben (Meta Ads) | Amount spent (Meta Ads)", "eur",
         SUM, LOWER),
        ("impressions", "Impressionen | Impressions", "Impressionen (Meta Ads) | Impressions (Meta Ads)"),
        ("reach", "Reichweite | Reach", "Reichweite (Meta Ads) | Reach (Meta Ads)", "count", TOTAL),
        ("frequency", "Frequenz | Frequency", "Frequenz (Meta Ads) | Frequency (Meta Ads)", "count", TOTAL),
        ("link_clicks", "Link-Klicks | Link clicks", "Link-Klicks (Meta Ads) | Link clicks (Meta Ads)"),
        ("clicks_all", "Klicks (alle) | Clicks (all)", "Klicks, alle (Meta Ads) | Clicks, all (Meta Ads)"),
        ("ctr_link", "CTR (Link-Klickrate) | CTR (link click-through rate)",
         "Link-Klickrate (Meta Ads) | Link click-through rate (Meta Ads)", "percent", RATIO),
        ("ctr_all", "CTR (alle) | CTR (all)", "Klickrate, alle (Meta Ads) | Click-through rate, all (Meta Ads)",
         "percent", RATIO),
        ("cpc_link", "CPC (Kosten pro Link-Klick) | CPC (cost per link click)",
         "Kosten pro Link-Klick (Meta Ads) | Cost per link click (Meta Ads)", "eur", RATIO, LOWER),
        ("cpc_all", "CPC (alle) | CPC (all)", "Kosten pro Klick, alle (Meta Ads) | Cost per click, all (Meta Ads)",
         "eur", RATIO, LOWER),
        ("cpm", "CPM (Kosten pro 1.000 Impressionen) | CPM (cost per 1,000 impressions)",
         "Kosten pro 1.000 Impressionen (Meta Ads) | Cost per 1,000 impressions (Meta Ads)", "eur", RATIO, LOWER),
        ("leads", "Leads | Leads", "Leads (Meta Ads) | Leads (Meta Ads)"),
        ("messaging", "Begonnene Messaging-Unterhaltungen | Messaging conversations started",
         "Begonnene Messaging-Unterhaltungen (Meta Ads) | Messaging conversations started (Meta Ads)"),
        ("landing_page_views", "Aufrufe der Zielseite | Landing page views",
         "Aufrufe der Zielseite (Meta Ads) | Landing page views (Meta Ads)"),
        ("purchases", "Käufe | Purchases", "Käufe (Meta Ads) | Purchases (Meta Ads)"),
        ("post_engagement", "Beitragsinteraktionen | Post engagements",
         "Beitragsinteraktionen (Meta Ads) | Post engagements (Meta Ads)"),
        ("thruplays", "ThruPlays | ThruPlays", "ThruPlays (Meta Ads) | ThruPlays (Meta Ads)"),
    ],
)  # fmt: skip

COLUMNS = Columns(
    {
        "spend": (("Amount spent",), ("Ausgegebener Betrag",)),
        "impressions": (("Impressions",), ("Impressionen",)),
        "reach": (("Reach",), ("Reichweite",)),
        "frequency": (("Frequency",), ("Frequenz",)),
        "link_clicks": (("Link clicks",), ("Link-Klicks", "Linkklicks")),
        "clicks_all": (("Clicks (all)",), ("Klicks (alle)",)),
        "ctr_link": (("CTR (link click-through rate)",), ("CTR (Link-Klickrate)",)),
        "ctr_all": (("CTR (all)",), ("CTR (alle)",)),
        "cpc_link": (("CPC (cost per link click)",), ("CPC (Kosten pro Link-Klick)",)),
        "cpc_all": (("CPC (all)",), ("CPC (alle)",)),
        "cpm": (("CPM (cost per 1,000 impressions)",), ("CPM (Kosten pro 1.000 Impressionen)",)),
        "leads": (("Leads",), ("Leads",)),
        "messaging": (("Messaging conversations started",), ("Begonnene Messaging-Unterhaltungen",)),
        "landing_page_views": (("Landing page views",), ("Aufrufe der Zielseite", "Zielseitenaufrufe")),
        "purchases": (("Purchases",), ("Käufe",)),
        "post_engagement": (("Post engagements", "Post engagement"), ("Beitragsinteraktionen",)),
        "thruplays": (("ThruPlays",), ("ThruPlays",)),
        "results": (("Results",), ("Ergebnisse",)),
        "cost_per_result": (("Cost per result", "Cost per results"), ("Kosten pro Ergebnis",)),
        "indicator": (("Result indicator", "Result type"), ("Ergebnisindikator", "Ergebnistyp")),
        # what the rows are, the most specific first
        "ad": (("Ad name",), ("Anzeigenname", "Name der Anzeige")),
        "ad_set": (("Ad set name",), ("Anzeigengruppenname", "Name der Anzeigengruppe")),
        "campaign": (("Campaign name",), ("Kampagnenname", "Name der Kampagne")),
        "account": (("Account name",), ("Kontoname", "Name des Werbekontos")),
        "starts": (("Reporting starts",), ("Berichtsbeginn", "Beginn des Berichtszeitraums")),
        "ends": (("Reporting ends",), ("Berichtsende", "Ende des Berichtszeitraums")),
        "day": (("Day",), ("Tag",)),
    }
)  # fmt: skip
NAMES = ("ad", "ad_set", "campaign", "account")
RATIOS: dict[str, tuple[str, tuple[str, ...], float]] = {
    "ctr_link": ("link_clicks", ("impressions",), 100.0),
    "ctr_all": ("clicks_all", ("impressions",), 100.0),
    "cpc_link": ("spend", ("link_clicks",), 1.0),
    "cpc_all": ("spend", ("clicks_all",), 1.0),
    "cpm": ("spend", ("impressions",), 1000.0),
}
ADDITIVE = tuple(key for key, metric in METRICS.items() if metric.aggregation is SUM)
NO_DATA = frozenset(norm(text) for text in ("No data available.", "No data available", "Keine Daten verfügbar."))

# What a Result indicator (or a Result type) counts: words in it → key, Quelle word (de | en); None: not additive
RESULT_KINDS: tuple[tuple[tuple[str, ...], str, str, bool], ...] = (
    (("fb_pixel_lead", "website lead", "leads (website)", "leads auf der website"), "website_leads",
     "Leads auf der Website | Website leads", True),
    (("lead",), "leads", "Leads | Leads", True),
    (("messaging", "messaging_conversation", "unterhaltung"), "messaging",
     "Begonnene Messaging-Unterhaltungen | Messaging conversations started", True),
    (("purchase", "kauf", "käufe"), "purchases", "Käufe | Purchases", True),
    (("landing_page", "landing page", "zielseite"), "landing_page_views", "Aufrufe der Zielseite | Landing page views",
     True),
    (("link_click", "link click", "link-klick"), "link_clicks", "Link-Klicks | Link clicks", True),
    (("thruplay",), "thruplays", "ThruPlays | ThruPlays", True),
    (("post_engagement", "post engagement", "beitragsinteraktion"), "post_engagement",
     "Beitragsinteraktionen | Post engagements", True),
    (("page_like", "like", "gefällt"), "page_likes", "„Gefällt mir“-Angaben der Seite | Page likes", True),
    (("reach", "reichweite"), "reach", "Reichweite | Reach", False),
    (("impressions", "impressionen"), "impressions", "Impressionen | Impressions", True),
)  # fmt: skip


def result_metrics(indicator: str) -> tuple[Metric, Metric, bool]:
    """The metrics for the Results and the Cost per result of one result indicator, and whether its results add
    up (reach does not)."""
    text = indicator.strip().casefold()
    if not text:  # no Result indicator column: the export's one kind of result, unnamed
        return (
            Metric(
                PLATFORM,
                "results",
                {"de": "Ergebnisse", "en": "Results"},
                {"de": "Ergebnisse (Meta Ads)", "en": "Results (Meta Ads)"},
                "ads",
                "count",
            ),
            Metric(
                PLATFORM,
                "cost_per_result",
                {"de": "Kosten pro Ergebnis", "en": "Cost per result"},
                {"de": "Kosten pro Ergebnis (Meta Ads)", "en": "Cost per result (Meta Ads)"},
                "ads",
                "eur",
                LOWER,
                RATIO,
            ),
            True,
        )
    kind = next((kind for kind in RESULT_KINDS if any(word in text for word in kind[0])), None)
    if kind is None:  # an action we do not know: named as the export names it
        key, de, en, additive = re.sub(r"[^a-z0-9_.]+", "_", text).strip("_"), indicator, indicator, True
    else:
        key, de, en, additive = kind[1], *(part.strip() for part in kind[2].split("|")), kind[3]
    results = Metric(
        PLATFORM,
        f"results:{key}",
        {"de": f"Ergebnisse: {de}", "en": f"Results: {en}"},
        {"de": f"Ergebnisse: {de} (Meta Ads)", "en": f"Results: {en} (Meta Ads)"},
        "ads",
        "count",
        Direction.HIGHER,
        SUM if additive else TOTAL,
    )
    cost = Metric(
        PLATFORM,
        f"cost_per_result:{key}",
        {"de": f"Kosten pro Ergebnis: {de}", "en": f"Cost per result: {en}"},
        {"de": f"Kosten pro Ergebnis: {de} (Meta Ads)", "en": f"Cost per result: {en} (Meta Ads)"},
        "ads",
        "eur",
        LOWER,
        RATIO,
    )
    return results, cost, additive


def _is_ads_export(table: Table) -> bool:
    header = find_header(table, COLUMNS, least=2, within=3)
    if header is None:
        return False
    dated = header.has("starts") and header.has("ends")
    return (dated or header.has("spend")) and any(header.has(key) for key in (*ADDITIVE, "reach", "results"))


@register(PLATFORM, REPORT, sniff=_is_ads_export)
def read_ads_export(table: Table, siblings: Sequence[Table]) -> Reading:
    """An Ads Manager table export → series by calendar month."""
    reading = Reading(table.name, PLATFORM, REPORT)
    header = find_header(table, COLUMNS, least=2, within=3)
    assert header is not None  # the sniff found it
    _AdsExport(table, header, reading).read()
    return reading


@dataclass
class _Times:
    """Each row's month (a whole calendar month) or day, and the months only partly in the export."""

    month: dict[int, str] = field(default_factory=dict)
    day: dict[int, dt.date] = field(default_factory=dict)
    partial: set[str] = field(default_factory=set)


class _AdsExport:
    def __init__(self, table: Table, header: Header, reading: Reading) -> None:
        self.table, self.header, self.reading = table, header, reading
        self.rows = [i for i, cells in table.text_rows() if i > header.index and not blank(cells)]
        self.names = [key for key in NAMES if header.has(key)]

    def refuse(self, message: str, row: int | None = None) -> None:
        """An error: at ``row`` when given, else on the file."""
        if row is None:
            self.reading.problems.append(Problem(self.table.name, message))
        else:
            self.reading.problems.append(Problem.at(self.table.origin(row), message))

    @cached_property
    def cells(self) -> Cells:
        sample = [self.header.cell(self.table.rows[i], key) for i in self.rows for key in self.header.columns]
        return Cells(self.table, self.header, decimal_mark(sample, "," if self.header.german else "."))

    def value(self, index: int, key: str) -> float | None:
        return self.cells.value(index, key)

    def read(self) -> None:
        first_cells = [plain(self.table.rows[i][0]) if self.table.rows[i] else "" for i in self.rows]
        if all(norm(cell) in NO_DATA for cell in first_cells):
            message = _(
                "the export has no data for its period ({text}), so there is nothing to import: choose a date range "
                "in which the ads ran"
            ).format(text=quote(first_cells[0] if first_cells else "—"))
            self.reading.problems.append(Problem(self.table.name, message, severity=Severity.WARNING))
            return
        times = self._times()
        if times is None:
            return
        for index in self.rows:
            for key in (*ADDITIVE, "results"):
                if self.header.has(key):
                    self.value(index, key)
        if not self.cells.broken:
            self._series(times)
        if self.cells.broken:
            self.reading.series.clear()
            self.reading.problems[:] = self.cells.refusal()
            return
        self.reading.problems.extend(self.cells.problems)

    # ---- the periods ---------------------------------------------------------------------------------------
    def _times(self) -> _Times | None:
        times = _Times()
        for index in self.rows:
            period = self._period(index)
            if period is None:
                return None
            first, last = period
            if (first.year, first.month) != (last.year, last.month):
                self._refuse_span(index, first, last)
                return None
            if whole_months(first, last):
                times.month[index] = month_of_day(first)
            elif first == last:
                times.day[index] = first
            else:
                times.partial.add(month_of_day(first))
        if times.day and times.month:
            self.refuse(
                _(
                    "the export mixes rows of single days and of whole months, so nothing was imported: "
                    "choose one Breakdown › By time (Day or Month)"
                ),
                self.header.index,
            )
            return None
        return times

    def _period(self, index: int) -> tuple[dt.date, dt.date] | None:
        row = self.table.rows[index]
        if self.header.has("day"):
            first = last = day(self.header.cell(row, "day"))
            key = "day"
        else:
            first, last = day(self.header.cell(row, "starts")), day(self.header.cell(row, "ends"))
            key = "starts" if first is None else "ends"
        if first is None or last is None or last < first:
            if not self.header.has(key):
                message = _(
                    "the export has no columns {starts} and {ends}, so its period is unknown and nothing was "
                    "imported: add them (Columns › Customise columns) or choose Breakdown › By time › Month"
                ).format(**self._period_columns())
            else:
                message = _("{value} in the column {column} is not a date, so nothing was imported").format(
                    value=quote(plain(self.header.cell(row, key))), column=quote(self.header.names[key])
                )
            self.refuse(message, index)
            return None
        return first, last

    def _period_columns(self) -> dict[str, str]:
        """The period's column names as this export's UI language writes them, quoted."""
        starts, ends = (
            ("Berichtsbeginn", "Berichtsende") if self.header.german else ("Reporting starts", "Reporting ends")
        )
        return {"starts": quote(starts), "ends": quote(ends)}

    def _refuse_span(self, index: int, first: dt.date, last: dt.date) -> None:
        if whole_months(first, last):
            message = _(
                "the row covers {period}, several months at once, so its numbers cannot be split into months and "
                "nothing was imported: choose Breakdown › By time › Month and export again"
            ).format(period=span(first, last))
        else:
            message = _(
                "the row covers {period}, which is not whole calendar months, so nothing was imported: choose a "
                "date range of whole months and Breakdown › By time › Month, and export again"
            ).format(period=span(first, last))
        self.refuse(message, index)

    # ---- the series ----------------------------------------------------------------------------------------
    def _summary(self, index: int) -> bool:
        """The export's summary row: no campaign (ad set, ad) named where the other rows name one."""
        row = self.table.rows[index]
        return bool(self.names) and not any(plain(self.header.cell(row, key)) for key in self.names)

    def _series(self, times: _Times) -> None:
        data = [i for i in self.rows if not self._summary(i) and (i in times.month or i in times.day)]
        additive = [key for key in ADDITIVE if self.header.has(key)]
        results = self._result_columns(data)
        frame = self._frame(data, times, additive, results)
        columns = [*additive, *(c for pair in results.values() for c in pair)]
        months = self._monthly(frame, columns, times)
        ratios = available_ratios(self.header, RATIOS)
        found = series(self.table, months, {key: METRICS[key] for key in [*additive, *ratios]}, ratios=ratios)
        summed = self._summed_note(data)
        for item in found:
            parts = ratios.get(item.metric.key)
            ratio = parts and ratio_note(self.header.names[parts[0]], self.header.names[parts[1]])
            item.note = "; ".join(note for note in (ratio, summed) if note) or None
        found.extend(self._results(months, results, data))
        found.extend(self._people(months, times, data))
        self._currency(found)
        self.reading.series.extend(found)
        if warning := partial_months_note(self.table, months):
            self.reading.problems.append(warning)

    def _monthly(self, frame: pd.DataFrame, columns: list[str], times: _Times) -> Months:
        months = monthly(frame, columns)
        months.partial = sorted(set(months.partial) | {m for m in times.partial if m not in months.sums})
        return months

    def _frame(self, data: list[int], times: _Times, additive: list[str], results: dict) -> pd.DataFrame:
        records = []
        for index in data:
            when = {"day": times.day[index]} if times.day else {"month": times.month[index]}
            record: dict[str, object] = {"row": index, **when, **{key: self.value(index, key) for key in additive}}
            indicator = self._indicator(index)
            for kind, (count, spend) in results.items():
                mine = kind == indicator
                record[count] = self.value(index, "results") if mine else None
                record[spend] = self.value(index, "spend") if mine and self.header.has("spend") else None
            records.append(record)
        columns = ["row", "day" if times.day else "month", *additive, *(c for p in results.values() for c in p)]
        frame = pd.DataFrame.from_records(records, columns=columns)
        frame[columns[2:]] = frame[columns[2:]].astype(float)
        return frame

    def _indicator(self, index: int) -> str:
        return plain(self.header.cell(self.table.rows[index], "indicator"))

    def _result_columns(self, data: list[int]) -> dict[str, tuple[str, str]]:
        """Each result indicator of the export → its frame columns (results, the amount spent on them)."""
        if not self.header.has("results"):
            return {}
        if not self.header.has("indicator"):
            if len(self._distinct(data)) > 1:
                self.refuse(
                    _(
                        "{column} counts a different action in each campaign, by its objective, and the export has no "
                        "column {indicator}, so it was not imported: export with that column, or one campaign at a time"
                    ).format(
                        column=quote(self.header.names["results"]),
                        indicator=quote("Ergebnisindikator" if self.header.german else "Result indicator"),
                    ),
                    self.header.index,
                )
                return {}
            return {"": ("results:", "spend:")}
        kinds = sorted({self._indicator(i) for i in data} - {""})
        return {kind: (f"results:{kind}", f"spend:{kind}") for kind in kinds}

    def _results(self, months: Months, results: dict[str, tuple[str, str]], data: list[int]) -> list[Series]:
        out: list[Series] = []
        for kind, (count, spend) in results.items():
            metric, cost, additive = result_metrics(kind)
            if not additive:
                continue  # results that count people (reach) come from one row per month: _people
            wanted = {count: metric}
            if self.header.has("cost_per_result") and self.header.has("spend"):
                wanted[f"cost:{kind}"] = cost
            found = series(self.table, months, wanted, ratios={f"cost:{kind}": (spend, count, 1.0)})
            summed = self._summed_note([i for i in data if self._indicator(i) == kind] if kind else data)
            ratio = ratio_note(self.header.names["spend"], self.header.names["results"]) if spend else None
            for item in found:
                notes = (ratio, summed) if item.metric is cost else (summed,)
                item.note = "; ".join(note for note in notes if note) or None
            out.extend(found)
        return out

    def _people(self, months: Months, times: _Times, data: list[int]) -> list[Series]:
        """Reach, frequency and reach-type results count people: never added up over campaigns or days; a
        month's value is its summary row's or its only row's."""
        keys = [key for key in ("reach", "frequency") if self.header.has(key)]
        kinds = [kind for kind in self._kinds(data) if not result_metrics(kind)[2]]
        if not keys and not kinds:
            return []
        if times.day:
            names = ", ".join(quote(self.header.names[key]) for key in keys) or quote(self.header.names["results"])
            self.refuse(
                _(
                    "{columns} count people, who cannot be added up over days, so they were not imported: "
                    "choose Breakdown › By time › Month and export again"
                ).format(columns=names)
            )
            return []
        rows = self._rows_per_month(times)
        out = [found for key in keys if (found := self._picked(METRICS[key], key, rows, months))]
        for kind in kinds:
            metric = result_metrics(kind)[0]
            if found := self._picked(metric, "results", rows, months, kind):
                out.append(found)
        return out

    def _kinds(self, data: list[int]) -> list[str]:
        if not self.header.has("results") or not self.header.has("indicator"):
            return []
        return sorted({self._indicator(i) for i in data} - {""})

    def _rows_per_month(self, times: _Times) -> dict[str, list[int]]:
        """month → its summary row, or else its data rows."""
        summary: dict[str, list[int]] = {}
        data: dict[str, list[int]] = {}
        for index, month in times.month.items():
            (summary if self._summary(index) else data).setdefault(month, []).append(index)
        return {month: summary.get(month) or rows for month, rows in data.items()}

    def _picked(
        self, metric: Metric, key: str, rows: dict[str, list[int]], months: Months, kind: str | None = None
    ) -> Series | None:
        picked: dict[str, tuple[float, int]] = {}
        refused = []
        summary = False
        for month in months.sums:
            candidates = [i for i in rows.get(month, []) if kind is None or self._indicator(i) == kind]
            if len(candidates) != 1:
                refused.append(month)
            elif (value := self.value(candidates[0], key)) is not None:
                picked[month] = (value, candidates[0])
                summary = summary or self._summary(candidates[0])
        if refused:
            self.refuse(
                _(
                    "{column} counts people, who cannot be added up over campaigns, and the export has no summary row "
                    "for {months}, so it was not imported for them: export with the summary row (Export table data › "
                    "Include summary row), or one row per month for the whole account"
                ).format(column=quote(self._column(metric, key)), months=months_text(refused))
            )
        found = picked_series(metric, self.table, picked)
        if found is not None:
            found.note = _("from the export's summary row") if summary else _("from the month's only row")
        return found

    def _column(self, metric: Metric, key: str) -> str:
        """A metric as the export names it: its column, or for a kind of result ``Results: Reach``."""
        if key == "results":
            return metric.label["de" if self.header.german else "en"]
        return self.header.names[key]

    def _distinct(self, data: list[int]) -> set[str]:
        if not self.names:
            return set()
        key = self.names[0]
        return {plain(self.header.cell(self.table.rows[i], key)) for i in data} - {""}

    def _summed_note(self, data: list[int]) -> str | None:
        count = len(self._distinct(data))
        if count <= 1:
            return None
        what = self.names[0]
        if what == "campaign":
            return ngettext("summed over {n} campaign", "summed over {n} campaigns", count).format(n=count)
        if what == "ad_set":
            return ngettext("summed over {n} ad set", "summed over {n} ad sets", count).format(n=count)
        if what == "ad":
            return ngettext("summed over {n} ad", "summed over {n} ads", count).format(n=count)
        return ngettext("summed over {n} account", "summed over {n} accounts", count).format(n=count)

    def _currency(self, found: list[Series]) -> None:
        codes = sorted({code for name in self.table.rows[self.header.index] if (code := currency_in(name))})
        if len(codes) > 1:
            self.refuse(
                _(
                    "the columns name several currencies ({currencies}), so no amounts were imported: export "
                    "one ad account at a time"
                ).format(currencies=", ".join(codes)),
                self.header.index,
            )
            found[:] = [item for item in found if item.metric.unit != "eur"]
        elif codes:
            for item in found:
                if item.metric.unit == "eur":
                    item.currency = codes[0]


# ---- Meta Business Suite: insights export ---------------------------------------------------------------------
SUITE = "Meta Business Suite"
SUITE_REPORT = "Insights › Export"

# What a column (or a one-metric file's title) counts: words in it → key, Quelle word (de | en), aggregation.
# The first that matches wins: "new followers" are follows, "followers" alone the level. A kind marked True is
# Meta's own word and recognises the export without a network name ("Reach", "Follows").
SUITE_KINDS: tuple[tuple[tuple[str, ...], str, str, Aggregation, bool], ...] = (
    (("new follow", "neue follower", "follows", "new likes", "new page likes", "neue „gefällt mir“", "neue gefällt"),
     "follows", "Neue Follower | Follows", SUM, True),
    (("follower", "total likes", "gefällt mir insgesamt", "fans"), "followers", "Follower | Followers", LAST, True),
    (("page visits", "seitenbesuche", "besuche der facebook-seite", "facebook-seitenbesuche"), "page_visits",
     "Seitenbesuche | Page visits", SUM, True),
    (("profile visits", "profilbesuche", "profilaufrufe", "besuche des instagram-profils"), "profile_visits",
     "Profilaufrufe | Profile visits", SUM, True),
    (("link click", "link-klick", "linkklick", "external link taps", "taps auf externe links"), "link_clicks",
     "Link-Klicks | Link clicks", SUM, True),
    (("reach", "reichweite"), "reach", "Reichweite | Reach", TOTAL, True),
    (("content interactions", "interactions", "interaktionen", "engagement"), "interactions",
     "Interaktionen | Interactions", SUM, False),
    (("impressions", "impressionen", "views", "aufrufe"), "views", "Aufrufe | Views", SUM, False),
)  # fmt: skip
NETWORKS = (("instagram", "Instagram"), ("facebook", "Facebook"))
NOT_META = ("linkedin", "organic", "sponsored", "organisch", "gesponsert", "auto-invited")  # LinkedIn's followers
SUITE_COLUMNS = Columns({"date": (("Date",), ("Datum",)), "primary": (("Primary",), ("Primär", "Primärwert"))})


@dataclass(frozen=True)
class SuiteKind:
    metric: Metric
    own_word: bool  # Meta's own word or a network named: enough to recognise the export


def suite_kind(text: str) -> SuiteKind | None:
    """The metric a Business Suite column (or title) names: ``Instagram-Reichweite`` → Instagram › Reichweite."""
    value = norm(text)
    kind = next((kind for kind in SUITE_KINDS if any(word in value for word in kind[0])), None)
    if kind is None:
        return None
    words, key, label, aggregation, own = kind
    network = next((name for word, name in NETWORKS if word in value), None)
    de, en = (part.strip() for part in label.split("|"))
    platform = network or SUITE
    names = {"de": f"{de} ({platform})", "en": f"{en} ({platform})"}
    metric = Metric(platform, key, {"de": de, "en": en}, names, "social", "count", Direction.HIGHER, aggregation)
    return SuiteKind(metric, own or network is not None)


@dataclass
class _Layout:
    """Where a Business Suite export keeps its days and values: the header row, and column → metric."""

    header: Header
    kinds: dict[str, SuiteKind]  # column key ("col3") → what it counts


def _suite_layout(table: Table) -> _Layout | None:
    rows = list(table.text_rows())[:6]
    for index, cells in rows:
        if not cells or SUITE_COLUMNS.key(cells[0]) != "date":
            continue
        german = norm(cells[0]) == "datum"
        if len(cells) >= 2 and SUITE_COLUMNS.key(cells[1]) == "primary":
            titles = [c for _i, row in rows[:index] for c in row if c and not c.lower().startswith("sep=")]
            kind = suite_kind(titles[-1]) if titles else None
            if kind is None:
                return None
            header = Header(index, {"date": 0, "col1": 1}, {"date": cells[0], "col1": titles[-1]}, german)
            return _Layout(header, {"col1": kind})
        kinds = {f"col{i}": suite_kind(cell) for i, cell in enumerate(cells) if i and cell}
        if not kinds or None in kinds.values() or not any(k.own_word for k in kinds.values() if k):
            return None  # every column must be one Meta counts, and one of them in Meta's own words
        if any(word in norm(cell) for cell in cells for word in NOT_META):
            return None
        columns = {"date": 0, **{key: int(key[3:]) for key in kinds}}
        names = {key: cells[position] for key, position in columns.items()}
        return _Layout(Header(index, columns, names, german), {k: v for k, v in kinds.items() if v})
    return None


def _is_suite_export(table: Table) -> bool:
    return _suite_layout(table) is not None


@register(SUITE, SUITE_REPORT, sniff=_is_suite_export)
def read_suite_export(table: Table, siblings: Sequence[Table]) -> Reading:
    """A Business Suite insights export (one row per day) → series by calendar month."""
    reading = Reading(table.name, SUITE, SUITE_REPORT)
    layout = _suite_layout(table)
    assert layout is not None  # the sniff found it
    days = _suite_days(table, layout, reading)
    if days is None or not days:
        if days is not None:
            message = _("the export has no days, so there is nothing to import")
            reading.problems.append(Problem(table.name, message, severity=Severity.WARNING))
        return reading
    sample = (cell for i in days for cell in table.rows[i][1:])
    cells = Cells(table, layout.header, decimal_mark(sample, "," if layout.header.german else "."))
    values = {i: cells.values(i, layout.kinds) for i in days}
    if cells.broken:
        reading.problems.extend(cells.refusal())
        return reading
    reading.problems.extend(cells.problems)
    _suite_series(table, layout, days, values, reading)
    return reading


def _suite_days(table: Table, layout: _Layout, reading: Reading) -> dict[int, dt.date] | None:
    """Each data row's day; the description row under the header and total rows are no data. ``None`` (and the
    refusal) for a row whose date cannot be read."""
    days: dict[int, dt.date] = {}
    for index, cells in table.text_rows():
        if index <= layout.header.index or blank(cells):
            continue
        when = day(cells[0])
        if when is not None:
            days[index] = when
        elif index == layout.header.index + 1 or not cells[0] or TOTAL_LABEL.match(cells[0]):
            continue  # the description row ("Lifetime: The total number of people …"), a total
        else:
            message = _("{value} in the column {column} is not a date, so nothing was imported").format(
                value=quote(cells[0]), column=quote(layout.header.names["date"])
            )
            reading.problems.append(Problem.at(table.origin(index), message))
            return None
    return days


def _suite_series(
    table: Table,
    layout: _Layout,
    days: dict[int, dt.date],
    values: dict[int, dict[str, float | None]],
    reading: Reading,
) -> None:
    records = [{"row": i, "day": d, **values[i]} for i, d in days.items()]
    columns = list(layout.kinds)
    frame = pd.DataFrame.from_records(records, columns=["row", "day", *columns])
    frame[columns] = frame[columns].astype(float)
    months = monthly(frame, columns)
    sums = {key: kind.metric for key, kind in layout.kinds.items() if kind.metric.aggregation is SUM}
    reading.series.extend(series(table, months, sums))
    for key, kind in layout.kinds.items():
        if kind.metric.aggregation is LAST:
            if found := _last_day(table, months, days, values, key, kind.metric):
                reading.series.append(found)
        elif kind.metric.aggregation is TOTAL:
            message = _(
                "{column} counts people, who cannot be added up over days, so it was not imported: take the month's "
                "reach from Meta Business Suite › Insights with the month as the date range, and type it into the "
                "workbook"
            ).format(column=quote(layout.header.names[key]))
            reading.problems.append(Problem(table.name, message))
    if warning := partial_months_note(table, months):
        reading.problems.append(warning)


def _last_day(
    table: Table,
    months: Months,
    days: dict[int, dt.date],
    values: dict[int, dict[str, float | None]],
    key: str,
    metric: Metric,
) -> Series | None:
    """A level (followers): the month's value is the one on its last day."""
    picked: dict[str, tuple[float, int]] = {}
    for month in months.sums:
        index = max((i for i, d in days.items() if month_of_day(d) == month), key=lambda i: days[i])
        if (value := values[index][key]) is not None:
            picked[month] = (value, index)
    found = picked_series(metric, table, picked)
    if found is not None:
        found.note = _("the value on the month's last day")
    return found
