"""Small, readable client workbooks for tests, written with openpyxl exactly as an account manager would fill them.

    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Kontaktanfragen", [10, 12, 14], target=15)])

``lang="en"`` writes the same workbook with English sheet names, field names and column headers, as the English
template does (rows are still given with the German names).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from reporter.vocabulary import CLIENT_FIELDS, CLIENT_HEADER, KPI_COLUMNS, MEASURE_COLUMNS, SHEETS, label, lookup

DEFAULT_CLIENT: dict[str, Any] = {
    "Kunde": "Muster GmbH",
    "Rolle des Marketings": "Anfragen gewinnen",
    "Sprache": "de",
    "Empfänger": "chefin@muster.de",
    "Ansprechpartner": "Frau Muster",
}

# Client names in every script a report must show (issue 12), by the slug the tests give them.
NAMES_IN_EVERY_SCRIPT = {
    "mix": "Müller & Söhne — Ærø 株式会社 🚀",
    "tuerkisch": "İstanbul Şişli Kebap",
    "polnisch": "Łódź Żółć Sp. z o.o.",
    "vietnamesisch": "Đà Nẵng Phở",
    "griechisch": "Αθήνα Ταβέρνα ΑΕ",
    "kyrillisch": "Москва Пекарня ООО",
    "arabisch": "مطعم القاهرة",
    "hebraeisch": "מאפיית תל אביב",
    "koreanisch": "서울 카페",
}

KPI_HEADER = ["Kennzahl", "Kanal", "Einheit", "Ziel", "Richtung", "Quelle", "Einstufung", "Wirkungsfrage", "Maßnahme"]
MEASURE_HEADER = ["Maßnahme", "Disziplin", "Start", "Ende", "Status", "Zielseite", "Budget", "Notiz"]
ENGLISH_CLIENT: dict[str, Any] = {
    "Kunde": "Muster Ltd",
    "Rolle des Marketings": "Win inquiries",
    "Sprache": "English",
    "Empfänger": "boss@muster.example",
    "Ansprechpartner": "Ms Muster",
}


def _in(table: dict[str, dict[str, list[str]]], name: str, lang: str) -> str:
    """A German sheet, field or column name in ``lang``; names the vocabulary does not know stay as they are."""
    key = lookup(table, name)
    return label(table, key, lang) if key is not None else name


def months_ending(last: str, count: int) -> list[str]:
    year, mon = int(last[:4]), int(last[5:7])
    out = []
    for i in range(count - 1, -1, -1):
        index = year * 12 + mon - 1 - i
        out.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
    return out


def kpi(name: str, values: list[Any], **columns: Any) -> dict[str, Any]:
    """One KPI row: ``values`` are the monthly values, oldest first, aligned to the workbook's last months."""
    row = {"Kennzahl": name, "values": values}
    aliases = {
        "channel": "Kanal", "unit": "Einheit", "target": "Ziel", "direction": "Richtung", "source": "Quelle",
        "klass": "Einstufung", "question": "Wirkungsfrage", "measure": "Maßnahme",
    }
    for key, value in columns.items():
        row[aliases.get(key, key)] = value
    return row


def measure(name: str, **columns: Any) -> dict[str, Any]:
    aliases = {
        "discipline": "Disziplin", "start": "Start", "end": "Ende", "status": "Status",
        "landing_page": "Zielseite", "budget": "Budget", "note": "Notiz",
    }
    row = {"Maßnahme": name}
    for key, value in columns.items():
        row[aliases.get(key, key)] = value
    return row


def make_workbook(
    path: Path,
    *,
    client: dict[str, Any] | None = None,
    kpis: list[dict[str, Any]] | None = None,
    measures: list[dict[str, Any]] | None = None,
    last_month: str = "2026-10",
    month_count: int | None = None,
    lang: str = "de",
) -> Path:
    """Write a workbook in the contract of docs/workbook.md. Month headers are ``YYYY-MM`` text."""
    client = {**(ENGLISH_CLIENT if lang == "en" else DEFAULT_CLIENT), **(client or {})}
    kpis = kpis if kpis is not None else [kpi("Kontaktanfragen", [10, 11, 12], target=12)]
    measures = measures or []
    count = month_count or max((len(k["values"]) for k in kpis), default=1)
    months = months_ending(last_month, count)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _in(SHEETS, "Kunde", lang)
    ws.append([_in(CLIENT_HEADER, "Feld", lang), _in(CLIENT_HEADER, "Wert", lang)])
    for field, value in client.items():
        if value is not None:
            ws.append([_in(CLIENT_FIELDS, field, lang), value])

    ws = wb.create_sheet(_in(SHEETS, "Kennzahlen", lang))
    ws.append([_in(KPI_COLUMNS, name, lang) for name in KPI_HEADER] + months)
    for row in kpis:
        values = list(row["values"])
        values = [None] * (count - len(values)) + values
        ws.append([row.get(col) for col in KPI_HEADER] + values)

    ws = wb.create_sheet(_in(SHEETS, "Maßnahmen", lang))
    ws.append([_in(MEASURE_COLUMNS, name, lang) for name in MEASURE_HEADER])
    for row in measures:
        ws.append([row.get(col) for col in MEASURE_HEADER])

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
