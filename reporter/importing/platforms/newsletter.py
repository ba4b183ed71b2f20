"""Newsletter tools: the list of sent campaigns with their numbers, as Mailchimp, CleverReach and Brevo (formerly
Sendinblue) export it, one row per campaign with its send date.

Not seen: built from the vendors' documentation and public code that reads these files (docs/import.md says so).
Mailchimp's campaign list is English (``Title``, ``Send Date`` ``Jun 09, 2018 09:30 pm``, ``Open Rate``
``27.78%``); CleverReach's German (semicolon-separated, decimal comma); Brevo's in the UI's language.

How the months are made: each campaign counts in the month it was sent. Counts (recipients, deliveries, opens,
clicks, unsubscribes, bounces) are summed over the month's campaigns; rates are recomputed from the month's
sums, never averaged over campaigns: open rate = unique opens ÷ the vendor's base, click rate = unique clicks ÷
the same base, click-to-open rate = unique clicks ÷ unique opens. The base is the one the vendor's own rates in
the file use (Mailchimp: successful deliveries; CleverReach: recipients; Brevo: delivered): reporter checks it
against each campaign's rate in the export and refuses a rate it cannot reproduce.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...i18n import _, quote
from ...model import Direction, Problem
from ..aggregate import monthly, series
from ..columns import Aliases, find_header, header_key
from ..model import Aggregation, Metric, Reading
from ..read import Censored, ExportError, Table, day, decimal_mark, month_of_day, number, plain
from . import register

# Column ids → header spellings, per vendor: English UI first, then German UI.
MAILCHIMP: Aliases = {
    "name": ("Title", "Titel"),
    "send_date": ("Send Date", "Sendedatum", "Versanddatum"),
    "recipients": ("Total Recipients", "Empfänger insgesamt"),
    "delivered": ("Successful Deliveries", "Erfolgreiche Zustellungen"),
    "unique_opens": ("Unique Opens", "Eindeutige Öffnungen"),
    "total_opens": ("Total Opens", "Öffnungen insgesamt"),
    "open_rate": ("Open Rate", "Öffnungsrate"),
    "unique_clicks": ("Unique Clicks", "Eindeutige Klicks"),
    "total_clicks": ("Total Clicks", "Klicks insgesamt"),
    "click_rate": ("Click Rate", "Klickrate"),
    "unsubscribes": ("Unsubscribes", "Abmeldungen"),
    "hard_bounces": ("Hard Bounces",),
    "soft_bounces": ("Soft Bounces",),
    "bounces": ("Total Bounces", "Bounces insgesamt"),
}
CLEVERREACH: Aliases = {
    "name": ("Name", "Mailing", "Mailingname"),
    "send_date": ("Sent date", "Sent on", "Versanddatum", "Versendet am", "Versandzeitpunkt"),
    "recipients": ("Recipients", "Empfänger"),
    "delivered": ("Delivered", "Zugestellt"),
    "unique_opens": ("Opens", "Unique opens", "Öffnungen", "Öffnungen (einzeln)", "Einzelne Öffnungen"),
    "total_opens": ("Total opens", "All opens", "Öffnungen gesamt", "Alle Öffnungen"),
    "open_rate": ("Open rate", "Öffnungsrate"),
    "unique_clicks": ("Clicks", "Unique clicks", "Klicks", "Klicks (einzeln)", "Einzelne Klicks"),
    "total_clicks": ("Total clicks", "All clicks", "Klicks gesamt", "Alle Klicks"),
    "click_rate": ("Click rate", "Klickrate"),
    "unsubscribes": ("Unsubscribes", "Abmeldungen"),
    "bounces": ("Bounces",),
}
BREVO: Aliases = {
    "name": ("Campaign name", "Campaign", "Kampagnenname", "Kampagne"),
    "send_date": ("Sent date", "Sent at", "Sending date", "Versanddatum", "Gesendet am"),
    "recipients": ("Recipients", "Sent", "Empfänger", "Gesendet"),
    "delivered": ("Delivered", "Zugestellt"),
    "unique_opens": ("Unique opens", "Opened", "Unique openers", "Eindeutige Öffnungen", "Geöffnet"),
    "total_opens": ("Total opens", "Opens", "Öffnungen insgesamt", "Öffnungen"),
    "open_rate": ("Open rate", "Öffnungsrate"),
    "unique_clicks": ("Unique clicks", "Clicked", "Unique clickers", "Eindeutige Klicks", "Geklickt"),
    "total_clicks": ("Total clicks", "Clicks", "Klicks insgesamt", "Klicks"),
    "click_rate": ("Click rate", "Klickrate"),
    "unsubscribes": ("Unsubscribed", "Unsubscriptions", "Abgemeldet", "Abmeldungen"),
    "hard_bounces": ("Hard bounces", "Hardbounces"),
    "soft_bounces": ("Soft bounces", "Softbounces"),
}


@dataclass(frozen=True)
class Vendor:
    name: str  # the platform, first part of the Quelle: "Mailchimp"
    columns: Aliases
    signature: tuple[tuple[str, ...], ...]  # header words (any of each tuple) only this vendor's export has
    bases: tuple[str, ...]  # what its open and click rates are divided by, in the order to try


VENDORS = (
    Vendor("Mailchimp", MAILCHIMP, (("successful deliveries", "erfolgreiche zustellungen"),), ("delivered",)),
    Vendor(
        "Brevo",
        BREVO,
        (("campaign name", "kampagnenname", "opened", "geöffnet", "unique openers", "unsubscribed", "abgemeldet"),),
        ("delivered", "recipients"),
    ),
    Vendor(
        "CleverReach",
        CLEVERREACH,
        (("name", "mailing", "mailingname"), ("öffnungen", "opens"), ("versanddatum", "versendet am", "sent date")),
        ("recipients", "delivered"),
    ),
)
SUMMED = (
    "campaigns", "recipients", "delivered", "unique_opens", "total_opens", "unique_clicks", "total_clicks",
    "unsubscribes", "hard_bounces", "soft_bounces", "bounces",
)  # fmt: skip
TOTAL_ROWS = {"total", "totals", "gesamt", "summe", "insgesamt", "grand total", "gesamtsumme"}

# The KPI each column becomes: Quelle words (de, en), KPI name (de, en), unit, direction.
KPIS: dict[str, tuple[str, str, str, str, str, Direction]] = {
    "campaigns": ("Versendete Kampagnen", "Campaigns sent", "Versendete Newsletter", "Newsletters sent", "count",
                  Direction.HIGHER),
    "recipients": ("Empfänger", "Recipients", "Newsletter-Empfänger", "Newsletter recipients", "count",
                   Direction.HIGHER),
    "delivered": ("Zugestellt", "Delivered", "Zugestellte Newsletter", "Newsletters delivered", "count",
                  Direction.HIGHER),
    "unique_opens": ("Eindeutige Öffnungen", "Unique opens", "Newsletter-Öffnungen (eindeutig)",
                     "Newsletter opens (unique)", "count", Direction.HIGHER),
    "total_opens": ("Öffnungen insgesamt", "Total opens", "Newsletter-Öffnungen (gesamt)", "Newsletter opens (total)",
                    "count", Direction.HIGHER),
    "open_rate": ("Öffnungsrate", "Open rate", "Öffnungsrate (Newsletter)", "Open rate (newsletter)", "percent",
                  Direction.HIGHER),
    "unique_clicks": ("Eindeutige Klicks", "Unique clicks", "Newsletter-Klicks (eindeutig)",
                      "Newsletter clicks (unique)", "count", Direction.HIGHER),
    "total_clicks": ("Klicks insgesamt", "Total clicks", "Newsletter-Klicks (gesamt)", "Newsletter clicks (total)",
                     "count", Direction.HIGHER),
    "click_rate": ("Klickrate", "Click rate", "Klickrate (Newsletter)", "Click rate (newsletter)", "percent",
                   Direction.HIGHER),
    "click_to_open": ("Klick-Öffnungs-Rate", "Click-to-open rate", "Klick-Öffnungs-Rate (Newsletter)",
                      "Click-to-open rate (newsletter)", "percent", Direction.HIGHER),
    "unsubscribes": ("Abmeldungen", "Unsubscribes", "Newsletter-Abmeldungen", "Newsletter unsubscribes", "count",
                     Direction.LOWER),
    "hard_bounces": ("Hard Bounces", "Hard bounces", "Hard Bounces (Newsletter)", "Hard bounces (newsletter)",
                     "count", Direction.LOWER),
    "soft_bounces": ("Soft Bounces", "Soft bounces", "Soft Bounces (Newsletter)", "Soft bounces (newsletter)",
                     "count", Direction.LOWER),
    "bounces": ("Bounces", "Bounces", "Bounces (Newsletter)", "Bounces (newsletter)", "count", Direction.LOWER),
}  # fmt: skip
RATES = {"open_rate": "unique_opens", "click_rate": "unique_clicks"}  # rate → its numerator


def metric(vendor: str, key: str) -> Metric:
    de, en, name_de, name_en, unit, direction = KPIS[key]
    aggregation = Aggregation.RATIO if unit == "percent" else Aggregation.SUM
    labels, names = {"de": de, "en": en}, {"de": name_de, "en": name_en}
    return Metric(vendor, key, labels, names, "email", unit, direction, aggregation)


def _header(table: Table, vendor: Vendor) -> tuple[int, dict[str, int]] | None:
    def accept(columns: dict[str, int]) -> bool:
        return "send_date" in columns and ("unique_opens" in columns or "open_rate" in columns)

    found = find_header(table, vendor.columns, accept)
    if found is None:
        return None
    keys = {header_key(cell) for cell in table.rows[found[0]]}
    return found if all(any(word in keys for word in words) for words in vendor.signature) else None


def _register(vendor: Vendor) -> None:
    def sniff(table: Table) -> bool:
        return _header(table, vendor) is not None

    def read(table: Table, siblings: Sequence[Table]) -> Reading:
        return read_campaigns(table, vendor)

    register(vendor.name, "Campaign reports (one row per campaign)", sniff=sniff)(read)


for _vendor in VENDORS:
    _register(_vendor)


def read_campaigns(table: Table, vendor: Vendor) -> Reading:
    found = _header(table, vendor)
    assert found is not None  # the sniff found it
    start, columns = found
    reading = Reading(table.name, vendor.name, "Campaign reports")
    body, rates = _campaigns(table, start, columns, reading)
    if body.empty:
        raise ExportError(_("the export lists no sent campaign with a send date"))
    # a campaign list covers no period of its own: each month with campaigns counts as sent (no coverage check)
    body["month"] = body.pop("day").map(month_of_day)
    months = monthly(body, [c for c in SUMMED if c in body.columns])
    wanted = {c: metric(vendor.name, c) for c in SUMMED if c in body.columns}
    ratios: dict[str, tuple[str, str, float]] = {}
    for rate, top in RATES.items():
        if top not in body.columns:
            continue
        base = _base(table, body, rates.get(rate), top, vendor)
        if base is not None:
            wanted[rate] = metric(vendor.name, rate)
            ratios[rate] = (top, base, 100.0)
        elif rate in columns:
            reading.problems.append(_unreproduced(table, start, columns, rate, rates[rate]))
    if "unique_clicks" in body.columns and "unique_opens" in body.columns:
        wanted["click_to_open"] = metric(vendor.name, "click_to_open")
        ratios["click_to_open"] = ("unique_clicks", "unique_opens", 100.0)
    reading.series = series(table, months, wanted, ratios=ratios)
    return reading


def _unreproduced(table: Table, start: int, columns: dict[str, int], rate: str, stated: Rate) -> Problem:
    """The refusal of a rate whose per-campaign values reporter cannot reproduce from the export's counts."""
    names = {column: _text(table.rows[start], position) for column, position in columns.items()}
    index = next(iter(stated.values))
    message = _(
        "the export's {rate} is not {numerator} ÷ {recipients} nor ÷ {delivered} of each campaign, so reporter "
        "cannot recompute it for a month and did not import it (docs/import.md, Newsletters)"
    ).format(
        rate=quote(names[rate]),
        numerator=quote(names.get(RATES[rate], RATES[rate])),
        recipients=quote(names.get("recipients", "recipients")),
        delivered=quote(names.get("delivered", "delivered")),
    )
    return Problem.at(table.origin(index), message)


@dataclass
class Rate:
    """A rate column as the export states it per campaign: the value (percent) and how precisely it is shown."""

    values: dict[int, tuple[float, float]]  # row index → (percent, tolerance)


def _campaigns(
    table: Table, start: int, columns: dict[str, int], reading: Reading
) -> tuple[pd.DataFrame, dict[str, Rate]]:
    """One record per sent campaign: ``day`` (its send date), ``row``, ``campaigns`` = 1 and its counts."""
    rows = table.rows[start + 1 :]
    german = any("ö" in header_key(cell) or header_key(cell) == "versanddatum" for cell in table.rows[start])
    decimal = decimal_mark((cell for row in rows for cell in row), "," if german else ".")
    records: list[dict[str, Any]] = []
    rates: dict[str, Rate] = {rate: Rate({}) for rate in RATES if rate in columns}
    for offset, cells in enumerate(rows):
        index = start + 1 + offset
        text = {column: _text(cells, position) for column, position in columns.items()}
        if not any(plain(cell) for cell in cells) or text.get("name", "").casefold() in TOTAL_ROWS:
            continue  # a blank line, or the export's own total (never added to the sum)
        sent = _send_day(text["send_date"])
        if sent is None:
            if text["send_date"] or any(text.get(c) not in ("", "0") for c in ("recipients", "delivered")):
                message = _("{value} is not a send date; the campaign was left out").format(
                    value=quote(text["send_date"])
                )
                reading.problems.append(Problem.at(table.origin(index), message))
            continue
        record: dict[str, Any] = {"day": sent, "row": index, "campaigns": 1.0}
        for column in (c for c in SUMMED if c in columns):
            record[column] = _number(table, index, text[column], decimal, reading)
        for rate, found in rates.items():
            value = _number(table, index, text[rate], decimal, reading)
            if value is not None:
                found.values[index] = _percent(text[rate], value)
        records.append(record)
    return pd.DataFrame.from_records(records), rates


def _text(cells: Sequence[Any], position: int) -> str:
    return plain(cells[position]) if position < len(cells) else ""


def _send_day(text: str) -> Any:
    """``Jun 09, 2018 09:30 pm``, ``Mon, Apr 26, 2021 12:25``, ``15.01.2025 10:00``, ``2025-01-15 10:00:00``."""
    found = day(text)
    if found is None:
        match = re.match(r"^(?:[^\W\d_]{2,}\.?,\s*)?(.*?\d{4})(?=$|[\sT,])", text)
        found = day(match.group(1)) if match else None
    return found


def _number(table: Table, index: int, text: str, decimal: str, reading: Reading) -> float | None:
    try:
        return number(text, decimal)
    except (ValueError, Censored):
        message = _("{value} is not a number; the cell was left out").format(value=quote(text))
        reading.problems.append(Problem.at(table.origin(index), message))
        return None


def _percent(text: str, value: float) -> tuple[float, float]:
    """A rate cell as percent and half its last shown digit: ``27.78%`` → (27.78, 0.005); ``0.2778`` → (27.78,
    0.005)."""
    digits = re.search(r"[.,](\d+)\D*$", text)
    shown = len(digits.group(1)) if digits else 0
    if "%" not in text and value <= 1:
        return value * 100, 0.5 * 10 ** (2 - shown) + 1e-9
    return value, 0.5 * 10 ** (-shown) + 1e-9


def _base(table: Table, body: pd.DataFrame, stated: Rate | None, top: str, vendor: Vendor) -> str | None:
    """What the vendor divides ``top`` by: the first of its bases that the export's own per-campaign rates agree
    with (its first base present when the export states no rate); ``None`` when none agrees."""
    bases = [base for base in vendor.bases if base in body.columns]
    if not stated or not stated.values:
        return bases[0] if bases else None
    rows = body.set_index("row")
    for base in bases:
        if all(_agrees(rows, index, top, base, value, tol) for index, (value, tol) in stated.values.items()):
            return base
    return None


def _agrees(rows: pd.DataFrame, index: int, top: str, base: str, value: float, tolerance: float) -> bool:
    numerator, denominator = rows.at[index, top], rows.at[index, base]
    if pd.isna(numerator) or pd.isna(denominator) or not denominator:
        return True  # nothing to check this campaign against
    return abs(numerator / denominator * 100 - value) <= tolerance
