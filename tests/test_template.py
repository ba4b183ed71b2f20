"""``reporter template``: the drop-in workbook's structure, its refusal to overwrite, and the round trip
template → fill in as instructed → ``reporter check`` passes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.model import ReporterError, Role
from reporter.template import template_months, write_template
from reporter.vocabulary import (
    CHANNELS,
    CLASSES,
    DIRECTIONS,
    DISCIPLINES,
    QUESTIONS,
    ROLES,
    STATUSES,
    UNITS,
    label,
)
from reporter.workbook import check_workbook, read_workbook

TODAY = dt.date(2027, 1, 15)
MONTHS = ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 13)]


def validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    """Data validation formula by the first cell range it covers, e.g. ``{"B2:B202": '"Website,SEO,…"'}``."""
    return {str(v.sqref).split()[0]: v.formula1 for v in ws.data_validations.dataValidation}


def dropdown(table: dict[str, dict[str, list[str]]], lang: str) -> str:
    return '"' + ",".join(label(table, key, lang) for key in table) + '"'


def test_template_months_end_with_the_previous_month() -> None:
    assert template_months(TODAY) == MONTHS
    assert template_months(dt.date(2026, 3, 1))[-1] == "2026-02"
    assert len(template_months(dt.date(2026, 3, 1))) == 13


def test_the_command_takes_today_from_reporters_clock(tmp_path: Path, frozen_clock: dt.datetime) -> None:
    path = tmp_path / "kunde.xlsx"
    assert CliRunner().invoke(cli, ["template", str(path)]).exit_code == 0
    header = [c.value for c in openpyxl.load_workbook(path)["Kennzahlen"][1]]
    months = [f"{v.year:04d}-{v.month:02d}" for v in header if isinstance(v, dt.datetime)]
    assert months == template_months(frozen_clock.date())
    assert months[-1] == "2026-11"


@pytest.mark.parametrize(
    ("lang", "sheets", "example"),
    [
        ("de", ["Anleitung", "Kunde", "Kennzahlen", "Maßnahmen"], "Beispiel:"),
        ("en", ["Instructions", "Client", "KPIs", "Measures"], "Example:"),
    ],
)
def test_structure(tmp_path: Path, lang: str, sheets: list[str], example: str) -> None:
    path = write_template(tmp_path / "kunde.xlsx", lang, today=TODAY)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == sheets
    assert wb.active.title == sheets[0]
    instructions, client, kpis, measures = (wb[name] for name in sheets)
    assert ("Bitte füllen Sie" if lang == "de" else "Please fill in") in instructions["A3"].value
    for ws in (client, kpis, measures):
        assert ws.freeze_panes == "B2"
        assert ws["A1"].font.bold
        assert ws["A1"].fill.fgColor.rgb.endswith("1F4E79")
        assert ws.column_dimensions["A"].width >= 24
    # Kunde: one row per field, the example in its own column, dropdowns for role and language.
    assert client["A2"].value == ("Kunde" if lang == "de" else "Client")
    assert client["B6"].value == lang
    assert validations(client) == {"B5": dropdown(ROLES, lang), "B6": '"de,en"'}
    assert client["C5"].value == label(ROLES, "inquiries", lang)
    # Kennzahlen: 9 contract columns, then 13 months as dates ending with the previous month.
    headers = [c.value for c in kpis[1]]
    assert len(headers) == 9 + 13
    assert [f"{h:%Y-%m}" for h in headers[9:]] == MONTHS
    assert kpis["J1"].number_format == "MMM YYYY"
    assert kpis["A2"].value.startswith(example)
    assert kpis["A2"].font.italic
    assert validations(kpis) == {
        "B2:B202": dropdown(CHANNELS, lang),
        "C2:C202": dropdown(UNITS, lang),
        "E2:E202": dropdown(DIRECTIONS, lang),
        "G2:G202": dropdown(CLASSES, lang),
        "H2:H202": dropdown(QUESTIONS, lang),
        "I3:I202": f"'{'Maßnahmen' if lang == 'de' else 'Measures'}'!$A$3:$A$202",
    }
    # Maßnahmen: dropdowns, date and budget rules, number formats.
    assert measures["A2"].value.startswith(example)
    assert validations(measures) == {
        "B2:B202": dropdown(DISCIPLINES, lang),
        "C2:C202": "36526",
        "D2:D202": "36526",
        "E2:E202": dropdown(STATUSES, lang),
        "G2:G202": "0",
    }
    assert measures["C2"].number_format == "DD.MM.YYYY"
    assert measures["G2"].number_format == '#,##0.00 "€"'
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_german_instructions_read_well(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template(tmp_path / "kunde.xlsx", "de", today=TODAY))
    text = "\n".join(str(c.value) for c in wb["Anleitung"]["A"] if c.value)
    phrases = (
        "Bitte füllen Sie",
        "„Kunde“",
        "„Maßnahmen“",
        "12,5 %",
        "Beispiel:",
        "z. B. 2027-01 oder das Datum 01.01.2027",
    )
    for phrase in phrases:
        assert phrase in text
    for wrong in ("Massnahmen", "fuellen", " Du ", " du "):
        assert wrong not in text


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "kunde.xlsx"
    path.write_bytes(b"precious")
    with pytest.raises(ReporterError) as caught:
        write_template(path)
    assert str(caught.value.problems[0]) == f"{path}: the file already exists; use --force to overwrite it"
    result = CliRunner().invoke(cli, ["template", str(path)])
    assert result.exit_code == 1
    assert f"Error: {path}: the file already exists; use --force to overwrite it" in result.output
    assert path.read_bytes() == b"precious"
    result = CliRunner().invoke(cli, ["template", str(path), "--force", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {path}. Fill it in, then run: reporter check {path}\n"
    assert openpyxl.load_workbook(path).sheetnames[0] == "Instructions"


def test_cli_creates_folders_and_wants_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "neu" / "kunden" / "mueller.xlsx"
    assert CliRunner().invoke(cli, ["template", str(path)]).exit_code == 0
    assert path.is_file()
    result = CliRunner().invoke(cli, ["template", str(tmp_path / "kunde.xls")])
    assert result.exit_code == 2
    assert "does not end in .xlsx" in result.output


@pytest.mark.parametrize("lang", ["de", "en"])
def test_unfilled_template_gives_clear_errors(tmp_path: Path, lang: str) -> None:
    path = write_template(tmp_path / "leer.xlsx", lang, today=TODAY)
    client, kpis = ("Kunde", "Kennzahlen") if lang == "de" else ("Client", "KPIs")
    name, role = (
        ('"Kunde" (Client)', '"Rolle des Marketings" (Marketing role)')
        if lang == "de"
        else ('"Client"', '"Marketing role"')  # an English workbook is spoken to in its own words
    )
    assert [str(p) for p in check_workbook(path)] == [
        f"leer.xlsx › {client}!B2: required field {name} is empty or missing",
        f"leer.xlsx › {client}!B5: required field {role} is empty or missing",
        f"leer.xlsx › {kpis}: no KPIs: add one row per KPI below the header row",
    ]


def write_row(ws: openpyxl.worksheet.worksheet.Worksheet, row: int, values: list[object]) -> None:
    """Type a row below the example row, where an account manager starts."""
    for col, value in enumerate(values, 1):
        ws.cell(row=row, column=col, value=value)


def fill(path: Path, lang: str) -> None:
    """Fill the template as its instructions say, choosing every fixed value from its dropdown list."""
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    client, kpis, measures = wb[names[1]], wb[names[2]], wb[names[3]]
    client["B2"] = "Dachdeckerei Krämer GmbH"
    client["B5"] = label(ROLES, "inquiries", lang)
    client["B7"] = "inhaber@kraemer-dach.de; buero@kraemer-dach.de"
    client["B8"] = "Herr Krämer"
    client["B10"] = "#8B2E1F"
    client["B12"] = "Gutes Quartal.\nIm November geht es weiter."
    (path.parent / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    client["B9"] = "logo.png"
    measure_name = "Neue Leistungsseiten" if lang == "de" else "New services pages"
    write_row(
        measures,
        3,
        [
            measure_name,
            label(DISCIPLINES, "website", lang),
            dt.datetime(2026, 5, 1),
            None,
            label(STATUSES, "active", lang),
            "https://www.kraemer-dach.de/leistungen",
            1200,
            None,
        ],
    )
    rows = [
        ("Kontaktanfragen", "website", "count", 20, "higher", [10 + i for i in range(13)]),
        ("Absprungrate", "website", "percent", 45, "lower", [60 - i for i in range(13)]),
        ("Impressionen", "social", "count", 5000, None, [4000 + 100 * i for i in range(13)]),
    ]
    for row, (name, channel, unit, target, direction, values) in enumerate(rows, 3):
        write_row(
            kpis,
            row,
            [
                name,
                label(CHANNELS, channel, lang),
                label(UNITS, unit, lang),
                target,
                label(DIRECTIONS, direction, lang) if direction else None,
                "GA4",
                None,
                None,
                measure_name if name == "Kontaktanfragen" else None,
                *values,
            ],
        )
    wb.save(path)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_round_trip_template_fill_check(tmp_path: Path, lang: str) -> None:
    path = write_template(tmp_path / "kraemer.xlsx", lang, today=TODAY)
    fill(path, lang)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"{path}: OK"
    data = read_workbook(path)
    assert data.client.name == "Dachdeckerei Krämer GmbH"
    assert data.client.role is Role.INQUIRIES
    assert data.client.language == lang
    assert data.client.slug == "dachdeckerei-kraemer-gmbh"
    assert data.client.brand.logo == (tmp_path / "logo.png").resolve()
    assert data.client.comment == "Gutes Quartal.\nIm November geht es weiter."
    assert data.months == tuple(MONTHS)
    assert data.client.report_month == "2026-12"
    assert [k.name for k in data.kpis] == ["Kontaktanfragen", "Absprungrate", "Impressionen"]
    assert data.kpis[0].measure == data.measures[0].name
    assert data.kpis[1].unit == "percent"
    assert data.kpis[0].monthly["2026-12"] == 22.0
    assert [m.name for m in data.measures] == [data.measures[0].name]
    assert data.measures[0].budget == 1200.0
    assert [k.row for k in data.kpis] == [3, 4, 5]
    assert data.measures[0].row == 3


def test_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "datei").write_text("kein Ordner")
    target = tmp_path / "datei" / "kunde.xlsx"
    result = CliRunner().invoke(cli, ["template", str(target)])
    assert result.exit_code == 1
    message = f"cannot create the folder {target.parent}: a file of that name is in the way"
    assert result.output == f"Error: {target}: {message}\n"
