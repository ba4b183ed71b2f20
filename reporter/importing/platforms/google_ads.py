"""Google Ads report downloads (Campaigns › Download, or a report under Reports), German and English UI.

The download is UTF-16 with BOM and TAB ("CSV for Excel", the default) or UTF-8 with commas: row 1 the report's
name (``Campaign report`` / ``Kampagnenbericht``), row 2 its date range (``27 January 2026 - 23 February 2026``),
then the header, one row per campaign (per day or month with the segment Day or Month), and at the end several
``Total: …`` / ``Gesamt: …`` rows. Additive metrics are summed over the rows, never with the totals; CTR, rates
and costs per click or conversion are recomputed from the month's sums; impression shares cannot be recomputed and
are taken only from a month's single row or, for a report of exactly one month, from its ``Total: Account`` row.
docs/import.md › Google Ads says which report to download and what is refused.
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
from ..model import Aggregation, Reading, Series
from ..read import Table, day, decimal_mark, month_cell, month_of_day, period, plain, whole_months
from . import register
from .tabular import (
    TOTAL_LABEL,
    Cells,
    Columns,
    Header,
    amount,
    available_ratios,
    blank,
    find_header,
    metrics,
    months_text,
    norm,
    picked_series,
    ratio_note,
    span,
)

PLATFORM = "Google Ads"
REPORT = "Report download"
SUM, RATIO, TOTAL = Aggregation.SUM, Aggregation.RATIO, Aggregation.TOTAL
LOWER = Direction.LOWER


# key, Quelle word (German UI | English UI), KPI name of a new row (de | en), unit, aggregation, direction
METRICS = metrics(
    PLATFORM,
    "ads",
    [
        ("impressions", "Impressionen | Impressions", "Impressionen (Google Ads) | Impressions (Google Ads)"),
        ("clicks", "Klicks | Clicks", "Klicks (Google Ads) | Clicks (Google Ads)"),
        ("interactions", "Interaktionen | Interactions", "Interaktionen (Google Ads) | Interactions (Google Ads)"),
        ("cost", "Kosten | Cost", "Kosten (Google Ads) | Cost (Google Ads)", "eur", SUM, LOWER),
        ("conversions", "Conversions | Conversions", "Conversions (Google Ads) | Conversions (Google Ads)"),
        ("all_conversions", "Alle Conversions | All conversions",
         "Alle Conversions (Google Ads) | All conversions (Google Ads)"),
        ("conv_value", "Conv.-Wert | Conv. value", "Conversion-Wert (Google Ads) | Conversion value (Google Ads)",
         "eur"),
        ("phone_calls", "Anrufe | Phone calls", "Anrufe über Google Ads | Phone calls (Google Ads)"),
        ("ctr", "CTR | CTR", "Klickrate (Google Ads) | Click-through rate (Google Ads)", "percent", RATIO),
        ("interaction_rate", "Interaktionsrate | Interaction rate",
         "Interaktionsrate (Google Ads) | Interaction rate (Google Ads)", "percent", RATIO),
        ("avg_cpc", "Durchschn. CPC | Avg. CPC", "Kosten pro Klick (Google Ads) | Cost per click (Google Ads)", "eur",
         RATIO, LOWER),
        ("avg_cost", "Durchschn. Kosten | Avg. cost",
         "Kosten pro Interaktion (Google Ads) | Cost per interaction (Google Ads)", "eur", RATIO, LOWER),
        ("avg_cpm", "Durchschn. CPM | Avg. CPM",
         "Kosten pro 1.000 Impressionen (Google Ads) | Cost per 1,000 impressions (Google Ads)", "eur", RATIO, LOWER),
        ("conv_rate", "Conv.-Rate | Conv. rate", "Conversion-Rate (Google Ads) | Conversion rate (Google Ads)",
         "percent", RATIO),
        ("cost_per_conv", "Kosten/Conv. | Cost / conv.",
         "Kosten pro Conversion (Google Ads) | Cost per conversion (Google Ads)", "eur", RATIO, LOWER),
        ("search_is", "Anteil an möglichen Impressionen (Suche) | Search impr. share",
         "Anteil an möglichen Impressionen (Google-Suche) | Search impression share (Google Ads)", "percent", TOTAL),
        ("search_top_is", "Anteil an möglichen Impressionen oben auf der Seite (Suche) | Search top IS",
         "Anteil an möglichen Impressionen oben (Google-Suche) | Search top impression share (Google Ads)",
         "percent", TOTAL),
        ("search_abs_top_is", "Anteil an möglichen Impressionen ganz oben auf der Seite (Suche) | Search abs. top IS",
         "Anteil an möglichen Impressionen ganz oben (Google-Suche) | Search absolute top impression share "
         "(Google Ads)", "percent", TOTAL),
        ("search_lost_is_budget", "Anteil an entgangenen Impressionen (Suche, Budget) | Search lost IS (budget)",
         "Wegen Budget entgangene Impressionen (Google-Suche) | Search impression share lost to budget (Google Ads)",
         "percent", TOTAL, LOWER),
        ("search_lost_is_rank", "Anteil an entgangenen Impressionen (Suche, Rang) | Search lost IS (rank)",
         "Wegen Rang entgangene Impressionen (Google-Suche) | Search impression share lost to rank (Google Ads)",
         "percent", TOTAL, LOWER),
    ],
)  # fmt: skip

# Each column as the download heads it: (English UI, German UI). Adding a column is one line here and one above.
COLUMNS = Columns(
    {
        "impressions": (("Impr.", "Impressions", "Impr"), ("Impr.", "Impressionen")),
        "clicks": (("Clicks",), ("Klicks",)),
        "interactions": (("Interactions",), ("Interaktionen",)),
        "cost": (("Cost",), ("Kosten",)),
        "conversions": (("Conversions",), ("Conversions", "Konversionen")),
        "all_conversions": (("All conv.", "All conversions"), ("Alle Conv.", "Alle Conversions")),
        "conv_value": (("Conv. value", "Conversion value", "Total conv. value"), ("Conv.-Wert", "Conversion-Wert")),
        "phone_calls": (("Phone calls",), ("Anrufe", "Telefonanrufe")),
        "ctr": (("CTR",), ("CTR", "Klickrate")),
        "interaction_rate": (("Interaction rate",), ("Interaktionsrate",)),
        "avg_cpc": (("Avg. CPC", "Average CPC"), ("Durchschn. CPC", "Durchschnittlicher CPC")),
        "avg_cost": (("Avg. cost", "Average cost"), ("Durchschn. Kosten", "Durchschnittliche Kosten")),
        "avg_cpm": (("Avg. CPM", "Average CPM"), ("Durchschn. CPM", "Durchschnittlicher CPM")),
        "conv_rate": (("Conv. rate", "Conversion rate"), ("Conv.-Rate", "Conversion-Rate")),
        "cost_per_conv": (("Cost / conv.", "Cost/conv.", "Cost per conversion"),
                          ("Kosten/Conv.", "Kosten / Conv.", "Kosten pro Conversion")),
        "search_is": (("Search impr. share", "Search impression share"),
                      ("Anteil an möglichen Impressionen (Suche)", "Anteil an möglichen Impr. (Suche)")),
        "search_top_is": (("Search top IS",), ("Anteil an möglichen Impressionen oben auf der Seite (Suche)",)),
        "search_abs_top_is": (("Search abs. top IS",),
                              ("Anteil an möglichen Impressionen ganz oben auf der Seite (Suche)",)),
        "search_lost_is_budget": (("Search lost IS (budget)",),
                                  ("Anteil an entgangenen Impressionen (Suche, Budget)",)),
        "search_lost_is_rank": (("Search lost IS (rank)",), ("Anteil an entgangenen Impressionen (Suche, Rang)",)),
        # what the rows are
        "campaign": (("Campaign", "Campaign name"), ("Kampagne", "Kampagnenname")),
        "account": (("Account", "Account name", "Customer ID"), ("Konto", "Kontoname", "Kundennummer")),
        "finer": (("Ad group", "Keyword", "Search keyword", "Search term", "Ad", "Asset", "Landing page",
                   "Audience segment", "Item ID"),
                  ("Anzeigengruppe", "Keyword", "Suchkeyword", "Suchbegriff", "Anzeige", "Asset", "Landingpage",
                   "Zielgruppensegment", "Artikel-ID")),
        "day": (("Day", "Date"), ("Tag", "Datum")),
        "month": (("Month",), ("Monat",)),
        "coarse": (("Week", "Quarter", "Year"), ("Woche", "Quartal", "Jahr")),
        "currency": (("Currency code", "Currency"), ("Währungscode", "Währung")),
    }
)  # fmt: skip

# ratio column → (numerator, denominators in order of preference, factor): Google's own definitions
RATIOS: dict[str, tuple[str, tuple[str, ...], float]] = {
    "ctr": ("clicks", ("impressions",), 100.0),
    "interaction_rate": ("interactions", ("impressions",), 100.0),
    "avg_cpc": ("cost", ("clicks",), 1.0),
    "avg_cost": ("cost", ("interactions",), 1.0),
    "avg_cpm": ("cost", ("impressions",), 1000.0),
    "conv_rate": ("conversions", ("interactions", "clicks"), 100.0),
    "cost_per_conv": ("cost", ("conversions",), 1.0),
}
ADDITIVE = tuple(key for key, metric in METRICS.items() if metric.aggregation is SUM)
MONEY = frozenset(key for key, metric in METRICS.items() if metric.unit == "eur")
ACCOUNT_TOTAL = frozenset({"account", "konto"})


# Spellings only Google Ads writes (Meta says "Impressions", "Campaign name", "Amount spent"): a table without its
# title rows is taken for Google Ads only with one of them
OWN_SPELLINGS = frozenset(
    norm(text)
    for text in ("Impr.", "Currency code", "Währungscode", "Campaign", "Kampagne", "Cost", "Kosten", "Avg. CPC",
                 "Durchschn. CPC", "Conv. rate", "Conv.-Rate", "Cost / conv.", "Kosten/Conv.", "Search impr. share")
)  # fmt: skip


def _is_ads_report(table: Table) -> bool:
    header = find_header(table, COLUMNS, least=2, within=8)
    if header is None or not any(key in METRICS for key in header.columns):
        return False
    if any(period(cells[0]) for _index, cells in list(table.text_rows())[: header.index] if cells):
        return True  # the download's title and range rows
    named = any(header.has(key) for key in ("campaign", "account", "finer"))
    return named and any(norm(cell) in OWN_SPELLINGS for cell in table.rows[header.index])


@dataclass
class _Rows:
    """The report's body: data rows, the ``Total: …`` rows by their label, and each data row's time."""

    data: list[int] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # "account" → row index
    when: dict[int, str | dt.date] = field(default_factory=dict)  # row → "YYYY-MM" or a day
    range_row: int | None = None
    first: dt.date | None = None
    last: dt.date | None = None


@register(PLATFORM, REPORT, sniff=_is_ads_report)
def read_report(table: Table, siblings: Sequence[Table]) -> Reading:
    """A Google Ads report download → series by calendar month."""
    reading = Reading(table.name, PLATFORM, REPORT)
    header = find_header(table, COLUMNS, least=2, within=8)
    assert header is not None  # the sniff found it
    report = _Report(table, header, reading)
    report.read()
    return reading


class _Report:
    def __init__(self, table: Table, header: Header, reading: Reading) -> None:
        self.table, self.header, self.reading = table, header, reading
        self.rows = _Rows()
        self.metrics = [key for key in header.columns if key in METRICS]

    def refuse(self, message: str, row: int | None = None) -> None:
        """An error: at ``row`` when given, else on the file."""
        if row is None:
            self.reading.problems.append(Problem(self.table.name, message))
        else:
            self.reading.problems.append(Problem.at(self.table.origin(row), message))

    def read(self) -> None:
        self._split()
        if not self.rows.data:
            message = _("the report has no rows, so there is nothing to import")
            self.reading.problems.append(Problem(self.table.name, message, severity=Severity.WARNING))
            return
        for index in self.rows.data + list(self.rows.totals.values()):
            for key in ADDITIVE:
                if self.header.has(key):
                    self.cells.value(index, key)
        if self.header.has("finer"):
            self._from_account_total()
        elif not self.cells.broken and self._times():
            self._series()
        if self.cells.broken:  # text where a number belongs: nothing of the table is used
            self.reading.series.clear()
            self.reading.problems[:] = self.cells.refusal()
            return
        self.reading.problems.extend(self.cells.problems)
        if self.reading.series and not self.header.has("finer"):
            self._cross_check()

    # ---- the rows ------------------------------------------------------------------------------------------
    def _split(self) -> None:
        for index, cells in self.table.text_rows():
            if index < self.header.index:
                if self.rows.range_row is None and cells and (found := period(cells[0])):
                    self.rows.range_row, (self.rows.first, self.rows.last) = index, found
                continue
            if index == self.header.index or blank(cells):
                continue
            label = next((cell for cell in cells[:3] if TOTAL_LABEL.match(cell)), None)
            if label is not None:
                self.rows.totals.setdefault(norm(label.split(":", 1)[-1]), index)
            else:
                self.rows.data.append(index)

    @cached_property
    def cells(self) -> Cells:
        """The number cells, read with the decimal mark the report's own cells show (the UI language's if none)."""
        rows = [self.table.rows[i] for i in self.rows.data + list(self.rows.totals.values())]
        sample = [self.header.cell(row, key) for row in rows for key in self.metrics]
        return Cells(self.table, self.header, decimal_mark(sample, "," if self.header.german else "."))

    def value(self, index: int, key: str) -> float | None:
        return self.cells.value(index, key)

    def _account_total(self) -> int | None:
        if len(self._distinct("account")) > 1:
            return None  # several accounts: no one account's total
        return next((row for label, row in self.rows.totals.items() if label in ACCOUNT_TOTAL), None)

    def _distinct(self, key: str) -> set[str]:
        return {plain(self.header.cell(self.table.rows[i], key)) for i in self.rows.data} - {"", "--"}

    # ---- the months ----------------------------------------------------------------------------------------
    def _times(self) -> bool:
        """Each data row's month or day; ``False`` (and the refusal) when the report cannot be split into months."""
        rows, header = self.rows, self.header
        for key, read_cell in (("day", _day), ("month", _month)):
            if not header.has(key):
                continue
            for index in rows.data:
                cell = header.cell(self.table.rows[index], key)
                when = read_cell(cell)
                if when is None:
                    message = _("{value} in the column {column} is not a date, so nothing was imported").format(
                        value=quote(plain(cell)), column=quote(header.names[key])
                    )
                    self.refuse(message, index)
                    return False
                rows.when[index] = when
            return True
        if header.has("coarse"):
            message = _(
                "the report is segmented by {segment}, which does not split into calendar months, so nothing was "
                "imported: use the segment Day or Month instead"
            ).format(segment=quote(header.names["coarse"]))
            self.refuse(message, header.index)
            return False
        return self._one_period()

    def _one_period(self) -> bool:
        rows = self.rows
        if rows.first is None or rows.last is None:
            self.refuse(
                _(
                    "the report has neither its date range (row 2 of the download) nor a Day or Month column, so its "
                    "month is unknown and nothing was imported: download it from Google Ads again, with the segment "
                    "Month"
                ),
                self.header.index,
            )
            return False
        months = whole_months(rows.first, rows.last)
        if months is None:
            message = _(
                "the report covers {period}, which is not whole calendar months, and it has no Day or Month column, "
                "so nothing was imported: download it again for whole months (for example 1–31 January), or with "
                "the segment Month (Segment › Time › Month)"
            ).format(period=span(rows.first, rows.last))
            self.refuse(message, rows.range_row)
            return False
        if len(months) > 1:
            message = _(
                "the report covers {period} without a Day or Month column, so its numbers cannot be split into "
                "months and nothing was imported: add the segment Month (Segment › Time › Month) and download it "
                "again, or download one report per month"
            ).format(period=span(rows.first, rows.last))
            self.refuse(message, rows.range_row)
            return False
        rows.when = dict.fromkeys(rows.data, months[0])
        return True

    def _month_of(self, index: int) -> str:
        when = self.rows.when[index]
        return when if isinstance(when, str) else month_of_day(when)

    def _one_month(self) -> str | None:
        """The month when the report covers exactly one whole calendar month (its totals are that month's)."""
        if self.rows.first is None or self.rows.last is None:
            return None
        months = whole_months(self.rows.first, self.rows.last)
        return months[0] if months and len(months) == 1 else None

    # ---- the series ----------------------------------------------------------------------------------------
    def _series(self) -> None:
        additive = [key for key in ADDITIVE if self.header.has(key)]
        months = self._monthly(additive)
        ratios = available_ratios(self.header, RATIOS)
        found = series(
            self.table,
            months,
            {key: METRICS[key] for key in additive + list(ratios)},
            ratios=ratios,
        )
        summed = self._summed_note()
        for item in found:
            parts = ratios.get(item.metric.key)
            ratio = parts and ratio_note(self.header.names[parts[0]], self.header.names[parts[1]])
            item.note = "; ".join(note for note in (ratio, summed) if note) or None
        found.extend(self._totals(months, [key for key in self.metrics if key not in additive and key not in ratios]))
        self._currency(found)
        self.reading.series.extend(found)
        if warning := partial_months_note(self.table, months):
            self.reading.problems.append(warning)

    def _monthly(self, additive: list[str]) -> Months:
        records = []
        by_day = self.header.has("day")
        for index in self.rows.data:
            record: dict[str, object] = {"row": index, ("day" if by_day else "month"): self.rows.when[index]}
            record.update({key: self.value(index, key) for key in additive})
            records.append(record)
        frame = pd.DataFrame.from_records(records, columns=["row", "day" if by_day else "month", *additive])
        frame[additive] = frame[additive].astype(float)
        if by_day or self.header.has("month"):
            return monthly(frame, additive, first=self.rows.first, last=self.rows.last)
        return monthly(frame, additive)

    def _summed_note(self) -> str | None:
        accounts, campaigns = len(self._distinct("account")), len(self._distinct("campaign"))
        if accounts > 1:
            return ngettext("summed over {n} account", "summed over {n} accounts", accounts).format(n=accounts)
        if campaigns > 1:
            return ngettext("summed over {n} campaign", "summed over {n} campaigns", campaigns).format(n=campaigns)
        return None

    def _totals(self, months: Months, keys: list[str]) -> list[Series]:
        """Metrics that cannot be added up: a month's value from its only row, or from ``Total: Account`` when
        the report is exactly that month; the other months refused."""
        out: list[Series] = []
        account_total, one_month = self._account_total(), self._one_month()
        per_month: dict[str, list[int]] = {}
        for index in self.rows.data:
            per_month.setdefault(self._month_of(index), []).append(index)
        for key in keys:
            picked: dict[str, tuple[float, int]] = {}
            refused = []
            for month in months.sums:
                source = account_total if account_total is not None and month == one_month else None
                if source is None and len(per_month.get(month, [])) == 1:
                    source = per_month[month][0]
                if source is None:
                    refused.append(month)
                elif (value := self.value(source, key)) is not None:
                    picked[month] = (value, source)
            if refused:
                self.refuse(self._not_additive(key, refused))
            if found := picked_series(METRICS[key], self.table, picked):
                found.note = self._picked_note(found, account_total)
                out.append(found)
        return out

    def _account_label(self) -> str:
        """The account total row's label as this report writes it: ``Total: Account`` / ``Gesamt: Konto``."""
        row = self._account_total()
        if row is not None:
            return next(cell for cell in self.table.rows[row][:3] if TOTAL_LABEL.match(plain(cell)))
        return "Gesamt: Konto" if self.header.german else "Total: Account"

    def _from_total_note(self) -> str:
        return _("from the report's row {label}").format(label=quote(self._account_label()))

    def _picked_note(self, found: Series, account_total: int | None) -> str:
        rows = {value.origin for value in found.values.values()}
        if account_total is not None and rows == {self.table.origin(account_total)}:
            return self._from_total_note()
        return _("from the month's only row")

    def _not_additive(self, key: str, months: list[str]) -> str:
        return _(
            "{column} cannot be added up over campaigns or days, and the report has no account total for {months}, "
            "so it was not imported for them: download the report for one month at a time (its row {label} holds "
            "the account's value)"
        ).format(column=quote(self.header.names[key]), months=months_text(months), label=quote(self._account_label()))

    def _from_account_total(self) -> None:
        """Ad group, keyword or search term rows do not add up to the account (search terms leave out the rare
        ones; Performance Max has no keywords): only a one-month report's ``Total: Account`` row is used."""
        account_total, month = self._account_total(), self._one_month()
        if account_total is None or month is None:
            message = _(
                "the rows are {dimension} rows, which do not add up to the account, and the report is not one whole "
                "month with a row {label}, so nothing was imported: download the Campaign report (Campaigns › "
                "Download) with the segment Month"
            ).format(dimension=quote(self.header.names["finer"]), label=quote(self._account_label()))
            self.refuse(message, self.header.index)
            return
        note = self._from_total_note()
        for key in self.metrics:
            value = self.value(account_total, key)
            if value is not None and (
                found := picked_series(METRICS[key], self.table, {month: (value, account_total)})
            ):
                found.note = note
                self.reading.series.append(found)
        self._currency(self.reading.series)

    # ---- checks --------------------------------------------------------------------------------------------
    def _currency(self, found: list[Series]) -> None:
        codes = sorted({code.upper() for code in self._distinct("currency")})
        if len(codes) > 1:
            message = _(
                "the rows are in several currencies ({currencies}), so no amounts were imported: download one "
                "account at a time"
            ).format(currencies=", ".join(codes))
            self.refuse(message, self.header.index)
            found[:] = [item for item in found if item.metric.key not in MONEY]
        elif codes:
            for item in found:
                if item.metric.key in MONEY:
                    item.currency = codes[0]

    def _cross_check(self) -> None:
        """The rows must add up to ``Total: Account``; when they do not, the table was filtered."""
        total = self._account_total()
        if total is None:
            return
        tolerance = 0.005 * (len(self.rows.data) + 1) + 1e-9
        for key in (key for key in ADDITIVE if self.header.has(key)):
            stated = self.value(total, key)
            summed = sum(v for i in self.rows.data if (v := self.value(i, key)) is not None)
            if stated is not None and abs(stated - summed) > tolerance:
                message = _(
                    "{column}: the rows add up to {rows}, but the row {label} says {total}: the table was filtered "
                    "(for example removed campaigns hidden), and the rows' sum was imported; download it without "
                    "a filter to import the whole account"
                ).format(
                    column=quote(self.header.names[key]),
                    rows=amount(summed),
                    label=quote(self._account_label()),
                    total=amount(stated),
                )
                self.reading.problems.append(Problem.at(self.table.origin(total), message, Severity.WARNING))


def _day(cell: object) -> dt.date | None:
    """A Day segment's cell: ``2026-01-27``, ``Jan 27, 2026``, also after a weekday (``Tue, Jan 27, 2026``)."""
    return day(re.sub(r"^[^\W\d_]{2,3}\.?,\s*", "", plain(cell)))


def _month(cell: object) -> str | None:
    """A Month segment's cell: ``January 2026``, ``Januar 2026``, ``2026-01`` or its first day ``2026-01-01``."""
    found = month_cell(cell)
    if found:
        return found
    first = day(cell)
    return month_of_day(first) if first is not None and first.day == 1 else None
