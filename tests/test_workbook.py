"""The workbook reader: every error and warning of the contract (docs/workbook.md) with its exact located
message, the values it produces, and its refusal of hostile files before parsing."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference

from reporter.config import Config, LimitsConfig
from reporter.model import Direction, KpiClass, Question, Role, Severity, WorkbookError
from reporter.workbook import (
    check_workbook,
    inspect_workbook,
    parse_month,
    parse_number_text,
    read_workbook,
    slugify,
)
from tests.workbooks import kpi, make_workbook, measure

SAVE_AS = "open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# Months of make_workbook's default three-month series; columns J, K, L of the Kennzahlen sheet.
M1, M2, M3 = "2026-08", "2026-09", "2026-10"


def texts(path: Path, config: Config | None = None, severity: Severity | None = None) -> list[str]:
    return [str(p) for p in check_workbook(path, config) if severity is None or p.severity is severity]


def errors(path: Path, config: Config | None = None) -> list[str]:
    return texts(path, config, Severity.ERROR)


def warnings_of(path: Path, config: Config | None = None) -> list[str]:
    return texts(path, config, Severity.WARNING)


def edit(path: Path, sheet: str, changes: dict[str, Any], number_format: str | None = None) -> Path:
    """Set cells of a saved workbook, as an account manager would type them."""
    wb = openpyxl.load_workbook(path)
    for ref, value in changes.items():
        wb[sheet][ref] = value
        if number_format:
            wb[sheet][ref].number_format = number_format
    wb.save(path)
    return path


def patch_xml(path: Path, member: str, change: Callable[[str], str]) -> Path:
    """Rewrite one XML part of the package, for files that Excel or a hostile tool could produce."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return path


def pad_xml(path: Path, member: str, after: str, pad: str, count: int) -> Path:
    """``patch_xml(path, member, lambda xml: xml.replace(after, after + pad * count))`` for a part of hundreds of
    MB: the same zip, byte for byte (the part's bytes go to the same deflate stream in pieces, never whole in
    memory)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    piece = (pad * (1_000_000 // len(pad) + 1)).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != member:
                target.writestr(item, data)
                continue
            head, found, tail = data.decode("utf-8").partition(after)
            assert found, f"{after!r} not in {member}"
            assert after not in tail, f"{after!r} more than once in {member}"
            item.file_size = len(data) + len(pad.encode("utf-8")) * count  # as writestr sets it: zip64 or not
            with target.open(item, "w") as out:
                out.write((head + after).encode("utf-8"))
                left = len(pad.encode("utf-8")) * count
                while left:
                    out.write(piece[:left])
                    left -= min(left, len(piece))
                out.write(tail.encode("utf-8"))
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return make_workbook(
        tmp_path / "kunde.xlsx",
        kpis=[
            kpi(
                "Kontaktanfragen",
                [10, 12, 14],
                target=15,
                channel="Website",
                unit="Anzahl",
                measure="Relaunch",
            ),
            kpi(
                "Absprungrate",
                [55.5, 52.0, 48.25],
                target=50,
                unit="%",
                direction="niedriger ist besser",
                klass="Wirkung",
                question="Verständnis",
                source="GA4",
            ),
        ],
        measures=[
            measure(
                "Relaunch",
                discipline="Website",
                start=dt.datetime(2026, 3, 1),
                status="aktiv",
                landing_page="https://www.muster.de/leistungen",
                budget=1500,
                note="Neue Texte",
            )
        ],
    )


# ---- a good workbook -------------------------------------------------------------------------------------


def test_a_good_workbook_is_read_completely(good: Path) -> None:
    data = read_workbook(good)
    assert data.client.name == "Muster GmbH"
    assert data.client.slug == "muster-gmbh"
    assert data.client.role is Role.INQUIRIES
    assert data.client.report_month == M3
    assert data.client.recipients == ("chefin@muster.de",)
    assert data.client.contact == "Frau Muster"
    assert data.months == (M1, M2, M3)
    first, second = data.kpis
    assert first.name == "Kontaktanfragen"
    assert first.channel == "website"
    assert first.unit == "count"
    assert first.monthly == {M1: 10.0, M2: 12.0, M3: 14.0}
    assert first.target == 15.0
    assert first.measure == "Relaunch"
    assert first.row == 2
    assert second.unit == "percent"
    assert second.direction is Direction.LOWER
    assert second.class_override is KpiClass.EFFECT
    assert second.question_override is Question.UNDERSTANDING
    assert second.source == "GA4"
    assert second.monthly[M3] == 48.25
    (relaunch,) = data.measures
    assert relaunch.discipline == "website"
    assert relaunch.status == "active"
    assert relaunch.start == dt.date(2026, 3, 1)
    assert relaunch.budget == 1500.0
    assert relaunch.landing_page == "https://www.muster.de/leistungen"
    assert relaunch.note == "Neue Texte"
    assert data.warnings == ()
    assert check_workbook(good) == []


def test_english_and_oddly_written_names_are_accepted(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "  CLIENT "
    for row in (
        ["field", "VALUE"],
        ["Client name", "Acme Ltd"],
        ["marketing role", "Sell online"],
        ["Language", "English"],
        ["Recipients", "Anna <anna@acme.com>, bob@acme.com"],
        ["Primary colour", "#1f5c99"],
        ["Report month", "Sep 2026"],
    ):
        ws.append(row)
    ws = wb.create_sheet("metrics")
    ws.append(["Metric", "Channel", "Unit", "Target per month", "Direction", "Notes", "08/2026", "2026-09"])
    ws.append(["Orders", "paid", "number", 100, "higher", "ignored", 90, 95])
    ws = wb.create_sheet("Activities")
    ws.append(["Activity", "Status", "Landing page"])
    ws.append(["Shopping ads", "running", "www.acme.com/shop"])
    wb.save(tmp_path / "acme.xlsx")
    data = read_workbook(tmp_path / "acme.xlsx")
    assert data.client.role is Role.SALES
    assert data.client.language == "en"
    assert data.client.recipients == ("anna@acme.com", "bob@acme.com")
    assert data.client.brand.primary == "#1F5C99"
    assert data.client.report_month == "2026-09"
    assert data.months == ("2026-08", "2026-09")
    assert data.kpis[0].channel == "ads"
    assert data.kpis[0].direction is Direction.HIGHER
    assert data.measures[0].status == "active"
    assert data.measures[0].landing_page == "https://www.acme.com/shop"


def test_report_month_defaults_to_the_latest_month_with_data(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, None], unit="Anzahl", target=2)])
    assert read_workbook(path).client.report_month == M2
    assert read_workbook(path).months == (M1, M2, M3)
    assert read_workbook(path).kpis[0].monthly == {M1: 1.0, M2: 2.0, M3: None}


def test_month_argument_overrides_the_workbook(good: Path) -> None:
    assert read_workbook(good, month=M2).client.report_month == M2
    with pytest.raises(WorkbookError) as caught:
        read_workbook(good, month="2026-11")
    assert [str(p) for p in caught.value.problems] == [
        "kunde.xlsx › Kennzahlen: the report month 2026-11 has no column on the Kennzahlen sheet"
    ]
    with pytest.raises(WorkbookError) as caught:
        read_workbook(good, month="11/2026")
    assert (
        str(caught.value.problems[0])
        == 'kunde.xlsx: "11/2026" is not a month (expected YYYY-MM, e.g. 2026-10)'
    )


def test_berichtsmonat_must_be_a_month_with_a_column(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Berichtsmonat": "2026-09"})
    assert read_workbook(path).client.report_month == "2026-09"
    edit(path, "Kunde", {"B7": dt.datetime(2026, 10, 1)})
    assert read_workbook(path).client.report_month == "2026-10"
    edit(path, "Kunde", {"B7": "2027-01"})
    assert errors(path) == [
        "k.xlsx › Kunde!B7: the report month 2027-01 has no column on the Kennzahlen sheet"
    ]
    edit(path, "Kunde", {"B7": "irgendwann"})
    assert errors(path) == [
        'k.xlsx › Kunde!B7: "irgendwann" is not a month (expected YYYY-MM text such as 2026-10, '
        "or a date between 2000 and 2100)"
    ]


def test_read_workbook_raises_with_every_error_not_only_the_first(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "kunde.xlsx",
        client={"Rolle des Marketings": "Umsatz", "Primärfarbe": "blau"},
        kpis=[kpi("Anfragen", [1, "viel", 3], channel="Insta")],
    )
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    assert [str(p) for p in caught.value.problems] == [
        'kunde.xlsx › Kunde!B3: unknown marketing role "Umsatz" (expected one of: Anfragen gewinnen, '
        "Bewerber gewinnen, Online verkaufen, Bekanntheit aufbauen, Kunden binden)",
        'kunde.xlsx › Kunde!B7: "blau" is not a colour (expected #RRGGBB, e.g. #1F5C99)',
        'kunde.xlsx › Kennzahlen!K2: "viel" is not a number',
    ]
    assert all(p.severity is Severity.ERROR for p in caught.value.problems)


# ---- sheets ----------------------------------------------------------------------------------------------


def test_missing_sheets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Tabelle1"
    wb.save(tmp_path / "leer.xlsx")
    assert texts(tmp_path / "leer.xlsx") == [
        'leer.xlsx: missing sheet "Kunde" (Client)',
        'leer.xlsx: missing sheet "Kennzahlen" (KPIs)',
        'leer.xlsx: missing sheet "Maßnahmen" (Measures): the report will list no measures',
    ]


def test_missing_measures_sheet_is_only_a_warning(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    del wb["Maßnahmen"]
    wb.save(good)
    assert texts(good) == [
        'kunde.xlsx: missing sheet "Maßnahmen" (Measures): the report will list no measures',
        'kunde.xlsx › Kennzahlen!I2: measure "Relaunch" is not on the Maßnahmen sheet',
    ]
    assert read_workbook(good).measures == ()


def test_two_sheets_with_the_same_role_and_hidden_sheets(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    wb.copy_worksheet(wb["Kennzahlen"]).title = "KPIs"
    wb["Maßnahmen"].sheet_state = "hidden"
    wb.save(good)
    assert texts(good) == [
        'kunde.xlsx › KPIs: two sheets are the Kennzahlen sheet: "Kennzahlen" and "KPIs"; rename or delete '
        "one "
        "of them",
        'kunde.xlsx › Maßnahmen: the sheet "Maßnahmen" is hidden; it was read anyway',
    ]


def test_header_row_is_required(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx")
    edit(path, "Kennzahlen", {"A1": "Name"})
    edit(path, "Maßnahmen", {"A1": "Was"})
    assert errors(path) == [
        'k.xlsx › Kennzahlen: no header row with a "Kennzahl" (KPI) column',
        'k.xlsx › Maßnahmen: no header row with a "Maßnahme" (Measure) column',
    ]


def test_title_rows_above_the_header_extra_columns_and_blank_rows_are_fine(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    ws = wb["Kennzahlen"]
    ws.insert_rows(1, 2)
    ws["A1"] = "Kennzahlen Muster GmbH"
    ws.insert_rows(5, 3)
    ws["Z3"] = "Interne Spalte"
    ws["Z4"] = "egal"
    wb.save(good)
    data = read_workbook(good)
    assert [k.name for k in data.kpis] == ["Kontaktanfragen", "Absprungrate"]
    assert [k.row for k in data.kpis] == [4, 8]


def test_every_value_keeps_the_cell_it_came_from(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "kunde.xlsx",
        kpis=[kpi("Anfragen", [1, 2, 3], target=3), kpi("Klicks", [1, 2, 3], source="GA4")],
        measures=[measure("SEO", landing_page="https://example.com")],
    )
    wb = openpyxl.load_workbook(path)
    wb["Kunde"].move_range("A1:B9", cols=2)  # Feld | Wert in columns C and D
    wb.save(path)
    data = read_workbook(path)
    assert data.origin("client", "name") == ("Kunde", "D2")
    assert data.origin("kpis", 1, "name") == ("Kennzahlen", "A3")
    assert data.origin("kpis", 1, "source") == ("Kennzahlen", "F3")
    assert data.origin("measures", 0, "landing_page") == ("Maßnahmen", "F2")
    assert data.origin("kpis", 2, "name") == (None, None)


# ---- the Kunde sheet -------------------------------------------------------------------------------------


def test_required_client_fields(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Kunde": None})
    edit(path, "Kunde", {"B2": None})
    assert errors(path) == [
        'k.xlsx › Kunde: required field "Kunde" (Client) is empty or missing',
        'k.xlsx › Kunde!B2: required field "Rolle des Marketings" (Marketing role) is empty or missing',
    ]


def test_field_given_twice_and_unknown_fields(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Telefon": "0123"})
    edit(path, "Kunde", {"A8": "Kunde", "B8": "Andere GmbH"})
    assert texts(path) == [
        'k.xlsx › Kunde!A8: the field "Kunde" appears twice (also in A2)',
        'k.xlsx › Kunde!A7: unknown field "Telefon" was ignored',
    ]


def test_unknown_language(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Sprache": "fr"})
    assert errors(path) == ['k.xlsx › Kunde!B4: unknown language "fr" (expected one of: de, en)']


@pytest.mark.parametrize(
    ("recipients", "message"),
    [
        ("chef@muster", '"chef@muster" is not a valid e-mail address'),
        ("a@b.de; keine Adresse", '"keine Adresse" is not a valid e-mail address'),
        (
            "a@b.de\r\nBcc: x@y.de",
            '"a@b.de\\nBcc: x@y.de": the recipients contain a line break; separate addresses with ; or ,',
        ),
    ],
)
def test_bad_recipients(tmp_path: Path, recipients: str, message: str) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Empfänger": recipients})
    assert errors(path) == [f"k.xlsx › Kunde!B5: {message}"]


def test_recipients_are_split_and_deduplicated(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Empfänger": "a@b.de; A@B.de, c@müller.de ;"})
    assert read_workbook(path).client.recipients == ("a@b.de", "c@müller.de")


def test_no_recipients_is_a_warning(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Empfänger": None})
    assert texts(path) == ["k.xlsx › Kunde: no Empfänger (Recipients): the report cannot be e-mailed"]


@pytest.mark.parametrize("colour", ["blue", "#12345", "#1234567", "url(http://x/)", "#12345G", "1F5C99"])
def test_colours_must_be_hex(tmp_path: Path, colour: str) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Akzentfarbe": colour})
    assert errors(path) == [f'k.xlsx › Kunde!B7: "{colour}" is not a colour (expected #RRGGBB, e.g. #1F5C99)']


def test_slug_from_kuerzel_or_name(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Kunde": "Bäckerei Öztürk & Söhne"})
    assert read_workbook(path).client.slug == "baeckerei-oeztuerk-soehne"
    path = make_workbook(tmp_path / "k.xlsx", client={"Kürzel": "oeztuerk"})
    assert read_workbook(path).client.slug == "oeztuerk"
    path = make_workbook(tmp_path / "k.xlsx", client={"Kürzel": "../Öztürk"})
    assert read_workbook(path).client.slug == "oeztuerk"
    assert warnings_of(path) == [
        'k.xlsx › Kunde!B7: the Kürzel "../Öztürk" is used as "oeztuerk" (file names allow only a–z, 0–9 and '
        "-)"
    ]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Müller GmbH", "mueller-gmbh"),
        ("..", None),
        ("CON", "con-client"),
        ("Ça va / Ñandú", "ca-va-nandu"),
        ("株式会社", None),
        ("a" * 100, "a" * 60),
        ("x" * 59 + " y", "x" * 59),
    ],
)
def test_slugify(text: str, slug: str | None) -> None:
    result = slugify(text)
    assert result == slug if slug else result.startswith("client-")
    assert result not in ("", ".", "..")
    assert len(result) <= 60
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") and not ch.isupper() for ch in result)


# ---- logo ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (
            "https://example.com/logo.png",
            'logo "https://example.com/logo.png" is a web address or URL; put the '
            "image file beside the workbook and give its name, e.g. logo.png",
        ),
        (
            "file:///etc/passwd",
            'logo "file:///etc/passwd" is a web address or URL; put the image file beside the '
            "workbook and give its name, e.g. logo.png",
        ),
        (
            "/etc/passwd",
            'logo "/etc/passwd" is an absolute path; give a path relative to the workbook\'s folder, '
            "e.g. logo.png",
        ),
        (
            "C:\\Logos\\kunde.png",
            'logo "C:\\Logos\\kunde.png" is an absolute path; give a path relative to the '
            "workbook's folder, e.g. logo.png",
        ),
        (
            "../../etc/passwd",
            'logo "../../etc/passwd" points outside the workbook\'s folder; put the image beside '
            "the workbook",
        ),
        ("fehlt.png", 'logo "fehlt.png": file not found beside the workbook'),
        ("notes.png", 'logo "notes.png" is not a PNG, JPEG or SVG image'),
        ("fake.svg", 'logo "fake.svg" is not a PNG, JPEG or SVG image'),
    ],
)
def test_bad_logos(tmp_path: Path, logo: str, message: str) -> None:
    folder = tmp_path / "kunden"
    folder.mkdir()
    (folder / "notes.png").write_text("not an image")
    (folder / "fake.svg").write_text("<html><body>no svg</body></html>")
    path = make_workbook(folder / "k.xlsx", client={"Logo": logo})
    assert errors(path) == [f"k.xlsx › Kunde!B7: {message}"]


def test_good_logos_resolve_inside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "kunde.png").write_bytes(PNG)
    (tmp_path / "logo.svg").write_text(
        '<?xml version="1.0"?>\n<!-- Logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    (tmp_path / "foto.jpeg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    for logo, expected in [
        ("logos\\kunde.png", "logos/kunde.png"),
        ("./logo.svg", "logo.svg"),
        ("foto.jpeg", "foto.jpeg"),
    ]:
        path = make_workbook(tmp_path / "k.xlsx", client={"Logo": logo})
        assert read_workbook(path).client.brand.logo == (tmp_path / expected).resolve()


def test_logo_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "geheim.png"
    outside.write_bytes(PNG)
    folder = tmp_path / "kunden"
    folder.mkdir()
    (folder / "logo.png").symlink_to(outside)
    path = make_workbook(folder / "k.xlsx", client={"Logo": "logo.png"})
    assert errors(path) == [
        'k.xlsx › Kunde!B7: logo "logo.png" points outside the workbook\'s folder; put the image beside the '
        "workbook"
    ]


def test_a_logo_that_cannot_be_followed_or_read_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "schleife.png").symlink_to(tmp_path / "schleife.png")
    (tmp_path / "gesperrt.png").write_bytes(PNG)
    real_open = Path.open

    def no_permission(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "gesperrt.png":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", no_permission)  # the tests run as root, who may read anything
    loop = make_workbook(tmp_path / "loop.xlsx", client={"Logo": "schleife.png"})
    assert [p.message for p in check_workbook(loop) if p.severity is Severity.ERROR] == [
        'logo "schleife.png" cannot be followed (a loop of links); put the image file beside the workbook'
    ]
    locked = make_workbook(tmp_path / "locked.xlsx", client={"Logo": "gesperrt.png"})
    assert errors(locked) == ['locked.xlsx › Kunde!B7: logo "gesperrt.png" cannot be read (Permission denied)']


# ---- the Kennzahlen sheet: numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("viel", '"viel" is not a number'),
        ("#DIV/0!", 'Excel error "#DIV/0!" where a number belongs: fix the formula or clear the cell'),
        ("#NV", 'Excel error "#NV" where a number belongs: fix the formula or clear the cell'),
        (True, '"True" is not a number'),
        (dt.datetime(2026, 3, 1), '"2026-03-01" is a date or time, not a number'),
        (1e308, '"1e+308" is not a usable number (too large or not finite)'),
        (-5, 'negative value "-5" for a count'),
    ],
)
def test_bad_kpi_values(tmp_path: Path, value: Any, message: str) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], unit="Anzahl", target=3)])
    edit(path, "Kennzahlen", {"K2": value})
    assert errors(path) == [f"kunde.xlsx › Kennzahlen!K2: {message}"]


def test_negative_values_without_unit_get_a_hint_and_are_fine_for_points(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        kpis=[
            kpi("NPS", [10, -20, 5], target=0),
            kpi("Net Promoter Score", [10, -20, 5], unit="Punkte", target=0),
        ],
    )
    assert errors(path) == [
        'k.xlsx › Kennzahlen!K2: negative value "-20" for a count (set the Einheit to Punkte, € or % if '
        "negative "
        "values are possible)"
    ]


@pytest.mark.parametrize(
    ("stored", "message"),
    [("NaN", '"NaN"'), ("INF", '"INF"'), ("-inf", '"-inf"')],
)
def test_nan_and_infinity_in_the_file(tmp_path: Path, stored: str, message: str) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], unit="Anzahl", target=3)])
    patch_xml(path, "xl/worksheets/sheet2.xml", lambda xml: xml.replace("<v>2</v>", f"<v>{stored}</v>", 1))
    assert errors(path) == [
        f"k.xlsx › Kennzahlen!K2: the stored value {message} is not a usable number, date or text"
    ]


def test_overflowing_number_in_the_file(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], unit="Anzahl", target=3)])
    patch_xml(path, "xl/worksheets/sheet2.xml", lambda xml: xml.replace("<v>2</v>", "<v>1e999</v>", 1))
    assert errors(path) == ['k.xlsx › Kennzahlen!K2: "inf" is not a usable number (too large or not finite)']


def test_text_numbers_and_empty_markers(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        kpis=[
            kpi("Umsatz", ["1.234,50 €", "12,5", "-"], unit="€", target="2.000.000"),
            kpi("Quote", ["12,5 %", " 7.25 ", "–"], unit="%", target="1,234.5"),
        ],
    )
    first, second = read_workbook(path).kpis
    assert first.monthly == {M1: 1234.5, M2: 12.5, M3: None}
    assert first.target == 2_000_000
    assert second.monthly == {M1: 12.5, M2: 7.25, M3: None}
    assert second.target == 1234.5


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234", 1234),
        ("12,5", 12.5),
        ("0.5", 0.5),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("1,234.5", 1234.5),
        ("−3", -3),
        ("12 %", 12),
        ("1 234", 1234),
        ("1.234", 1234),  # without a unit, a German workbook's dot groups thousands
        ("1,234", None),  # ... and its comma before three digits may be either
        ("12,5,3", None),
        ("zwölf", None),
        ("1e5", None),
        ("€" + " " * 5_000 + "1" * 5_000 + "x", None),  # refused at once, not after seconds of backtracking
    ],
)
def test_parse_number_text(text: str, number: float | None) -> None:
    assert parse_number_text(text) == number


GERMAN_FORMS = "1234 · 1.234.567 · 1.234,5 · 12,5 · 12,5 % · 1.200 € · 1.200,50 EUR"
ENGLISH_FORMS = "1234 · 1,234,567 · 1,234.5 · 12.5 · 12.5 % · €1,200 · 1,200.50 EUR"


@pytest.mark.parametrize(
    ("lang", "unit", "text", "number"),
    [
        ("de", "Anzahl", "1.234", 1234),
        ("de", None, "1.234", 1234),
        ("de", "Anzahl", "1,234", 1234),  # a count has no decimals, so the comma cannot be one
        ("de", "€", "€ 1.200", 1200),
        ("de", None, "€ 1.200", 1200),  # the € says it is an amount
        ("de", "%", "1.200 €", 1200),
        ("de", "€", "1.200,50 EUR", 1200.5),
        ("de", "€", "−1.200 €", -1200),
        ("de", "€", "(1.200)", -1200),
        ("de", "%", "12,5 %", 12.5),
        ("de", "%", "1.234,5", 1234.5),
        ("de", "%", "1,234", 1.234),
        ("de", "Sekunden", "0.500", 0.5),
        ("de", "Anzahl", "1'234", 1234),
        ("de", "Anzahl", "1\u202f234", 1234),
        ("de", "Anzahl", "1\u00a0234,5", 1234.5),
        ("en", "Count", "1,234", 1234),
        ("en", None, "1,234", 1234),
        ("en", "Count", "1.234", 1234),
        ("en", "EUR", "€1,200", 1200),
        ("en", "EUR", "1,200 €", 1200),
        ("en", "EUR", "1,200.50 EUR", 1200.5),
        ("en", "Percent", "12.5 %", 12.5),
        ("en", "Percent", "1,234.5", 1234.5),
        ("en", "Percent", "1.234", 1.234),
        ("en", "Count", "1.234,5", 1234.5),
    ],
)
def test_numbers_as_agencies_type_them(tmp_path: Path, lang: str, unit: str | None, text: str, number: float) -> None:
    """A German agency types 1.234 for one thousand two hundred thirty-four; an English one 1,234."""
    path = make_workbook(
        tmp_path / "k.xlsx", lang=lang, kpis=[kpi("Kontaktanfragen", [10, text, 12], unit=unit, target=text)]
    )
    assert errors(path) == []
    (read,) = read_workbook(path).kpis
    assert read.monthly[M2] == number
    assert read.target == number


@pytest.mark.parametrize(
    ("lang", "unit", "text", "message"),
    [
        (
            "de",
            "%",
            "1.234",
            '"1.234" is ambiguous for a value in % (a thousands separator or a decimal point?): type 1234 or '
            f"1,234; accepted forms: {GERMAN_FORMS}",
        ),
        (
            "de",
            "Sekunden",
            "-1.234",
            '"-1.234" is ambiguous for a value in seconds (a thousands separator or a decimal point?): type -1234 '
            f"or -1,234; accepted forms: {GERMAN_FORMS}",
        ),
        (
            "de",
            None,
            "1,234",
            '"1,234" is ambiguous for a KPI without a unit (a thousands separator or a decimal comma?): type 1234, '
            f"or set the Einheit (e.g. Anzahl or %); accepted forms: {GERMAN_FORMS}",
        ),
        (
            "en",
            "Percent",
            "1,234",
            '"1,234" is ambiguous for a value in % (a thousands separator or a decimal comma?): type 1234 or '
            f"1.234; accepted forms: {ENGLISH_FORMS}",
        ),
        (
            "en",
            None,
            "1.234",
            '"1.234" is ambiguous for a KPI without a unit (a thousands separator or a decimal point?): type 1234, '
            f"or set the Unit (e.g. Count or Percent); accepted forms: {ENGLISH_FORMS}",
        ),
        ("de", "Anzahl", "12,5,3", f'"12,5,3" is not a number; accepted forms: {GERMAN_FORMS}'),
        ("en", "Count", "1.2.3", f'"1.2.3" is not a number; accepted forms: {ENGLISH_FORMS}'),
        ("de", "€", "CHF 1'200", "\"CHF 1'200\" is not in euros: the report shows amounts in €; convert it to euros"),
    ],
)
def test_ambiguous_number_text_lists_the_accepted_forms(
    tmp_path: Path, lang: str, unit: str | None, text: str, message: str
) -> None:
    """Where decimals are usual (a rate, seconds), 1.234 in a German workbook may be a pasted decimal."""
    path = make_workbook(
        tmp_path / "k.xlsx", lang=lang, kpis=[kpi("Conversion-Rate", [2.5, text, 3.25], unit=unit, target=3)]
    )
    sheet = "Kennzahlen" if lang == "de" else "KPIs"
    assert errors(path) == [f"k.xlsx › {sheet}!K2: {message}"]


def test_budget_text_is_read_as_euros(tmp_path: Path) -> None:
    measures = [measure("SEO", budget="€ 1.500"), measure("Ads", budget="1.250,50 €")]
    path = make_workbook(tmp_path / "k.xlsx", measures=measures)
    assert [m.budget for m in read_workbook(path).measures] == [1500, 1250.5]


def test_percent_formatted_cells_become_percent_numbers(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        kpis=[kpi("Conversion-Rate", [0.02, 0.025, 0.031], unit="%"), kpi("Absprungrate", [0.5, 0.45, 0.4])],
    )
    wb = openpyxl.load_workbook(path)
    for ref in ("J2", "K2", "L2", "J3", "K3", "L3"):
        wb["Kennzahlen"][ref].number_format = "0.0%"
    wb.save(path)
    first, second = read_workbook(path).kpis
    assert first.monthly == {M1: 2.0, M2: 2.5, M3: 3.1}
    assert second.unit == "percent"
    assert second.monthly == {M1: 50.0, M2: 45.0, M3: 40.0}


def test_durations_are_seconds(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx", kpis=[kpi("Ladezeit", [2.5, 2.0, 1.5], unit="Sekunden", target=2)]
    )
    edit(path, "Kennzahlen", {"K2": dt.time(0, 1, 30)}, number_format="mm:ss")
    assert read_workbook(path).kpis[0].monthly[M2] == 90.0


def test_formula_without_saved_result(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "kunde.xlsx", kpis=[kpi("Anfragen", [1, "=J2*2", 3], unit="Anzahl", target=3)]
    )
    assert errors(path) == [
        "kunde.xlsx › Kennzahlen!K2: the formula here has no saved result (the file was written by a program "
        "that does not calculate): open the file in Excel or LibreOffice and save it"
    ]


def test_the_same_message_on_a_run_of_cells_is_one_message_naming_the_range(tmp_path: Path) -> None:
    """A row of formulas without results is one line (Kennzahlen!K3:V3), not twelve; so is a column of the
    same unknown unit. Different messages and cells that are not neighbours stay apart."""
    path = make_workbook(
        tmp_path / "k.xlsx",
        kpis=[
            kpi("Anfragen", [1] * 13, unit="Stk", target=1),
            kpi("Anrufe", [1] + ["=J3*2"] * 12, unit="Stk", target=1),
            kpi("Termine", [1] * 13, unit="Stk", target=1),
            kpi("Angebote", [1, "=J5*2", 3, "=L5*2"] + [1] * 9, unit="Anzahl", target=1),
        ],
    )
    formula = (
        "the formula here has no saved result (the file was written by a program that does not calculate): open "
        "the file in Excel or LibreOffice and save it"
    )
    assert errors(path) == [
        f"k.xlsx › Kennzahlen!K3:V3: {formula}",
        f"k.xlsx › Kennzahlen!K5: {formula}",
        f"k.xlsx › Kennzahlen!M5: {formula}",
    ]
    edit(path, "Kennzahlen", {f"{col}{row}": 2 for col in "KLMNOPQRSTUV" for row in (3, 5)})
    assert warnings_of(path) == [
        'k.xlsx › Kennzahlen!C2:C4: unknown unit "Stk" was ignored (expected one of: Anzahl, %, €, Sekunden, '
        "Punkte)"
    ]
    (problem,) = check_workbook(path)
    assert (problem.sheet, problem.cell) == ("Kennzahlen", "C2:C4")


def test_formula_with_saved_result_uses_the_result(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "kunde.xlsx", kpis=[kpi("Anfragen", [1, "=J2*2", 3], unit="Anzahl", target=3)]
    )
    patch_xml(
        path, "xl/worksheets/sheet2.xml", lambda xml: xml.replace("<f>J2*2</f><v />", "<f>J2*2</f><v>2</v>")
    )
    assert read_workbook(path).kpis[0].monthly[M2] == 2.0


# ---- the Kennzahlen sheet: rows and headers --------------------------------------------------------------


def test_duplicate_kpi_names(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1], target=1), kpi(" anfragen ", [2], target=1)]
    )
    assert errors(path) == ['k.xlsx › Kennzahlen!A3: duplicate KPI "anfragen" (also in A2)']


def test_kpi_row_without_name(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1], target=1), kpi(None, [5], target=1)])
    assert errors(path) == ["k.xlsx › Kennzahlen!A3: the KPI has no name (column Kennzahl)"]


def test_no_kpis(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[], month_count=3)
    assert errors(path) == ["k.xlsx › Kennzahlen: no KPIs: add one row per KPI below the header row"]


def test_example_rows_are_skipped(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        kpis=[kpi("Beispiel: Kontaktanfragen", [1, 2, 3]), kpi("Anfragen", [1, 2, 3], target=3)],
        measures=[measure("Example: Relaunch", budget=-5), measure("SEO")],
    )
    data = read_workbook(path)
    assert [k.name for k in data.kpis] == ["Anfragen"]
    assert [m.name for m in data.measures] == ["SEO"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "2026-13",
            '"2026-13" is not a month header (expected YYYY-MM text such as 2026-10, or a date between '
            "2000 and 2100)",
        ),
        (
            dt.datetime(1900, 1, 1),
            '"1900-01-01" is not a month header (expected YYYY-MM text such as 2026-10, '
            "or a date between 2000 and 2100)",
        ),
        (
            dt.datetime(9999, 12, 1),
            '"9999-12-01" is not a month header (expected YYYY-MM text such as 2026-10, '
            "or a date between 2000 and 2100)",
        ),
        (
            "Oktober 3026",
            '"Oktober 3026" is not a month header (expected YYYY-MM text such as 2026-10, or a date '
            "between 2000 and 2100)",
        ),
        (
            45000,
            '"45000" is not a month header (expected YYYY-MM text such as 2026-10, or a date between 2000 '
            "and 2100)",
        ),
        ("2026-09", "the month 2026-09 appears twice (also in K1)"),
    ],
)
def test_bad_month_headers(tmp_path: Path, header: Any, message: str) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    edit(path, "Kennzahlen", {"M1": header, "M2": 4})
    assert errors(path) == [f"kunde.xlsx › Kennzahlen!M1: {message}"]


@pytest.mark.parametrize(
    ("header", "month"),
    [
        ("2026-10", "2026-10"),
        ("10/2026", "2026-10"),
        ("10.2026", "2026-10"),
        ("Okt 2026", "2026-10"),
        ("Okt. 2026", "2026-10"),
        ("October 2026", "2026-10"),
        ("März 2026", "2026-03"),
        ("Mrz 2026", "2026-03"),
        ("2026-10-01", "2026-10"),
        ("01.10.2026", "2026-10"),
        (dt.datetime(2026, 10, 15), "2026-10"),
        ("2026-13", None),
        ("Quelle", None),
        ("1999-12", None),
        ("Okt 26", "2026-10"),
        ("Dez. '25", "2025-12"),
        ("Okt 2", None),
        ("Oct-26", "2026-10"),
        ("Okt-2026", "2026-10"),
        ("10-2026", "2026-10"),
    ],
)
def test_parse_month(header: Any, month: str | None) -> None:
    assert parse_month(header) == month


def test_no_month_columns(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [], target=3)], month_count=1)
    edit(path, "Kennzahlen", {"J1": None})
    assert errors(path) == [
        "k.xlsx › Kennzahlen: no month columns: head each month's column with YYYY-MM text (e.g. 2026-10) or "
        "a date"
    ]


def test_duplicate_column(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx")
    edit(path, "Kennzahlen", {"M1": "kanal"})
    assert errors(path) == ['k.xlsx › Kennzahlen!M1: the column "kanal" appears twice (also in B1)']


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("B", "Insta", 'unknown channel "Insta" was ignored (expected one of: Website, SEO, Social Media, '
         "Anzeigen, E-Mail, Vertrieb, Sonstiges)"),
        ("C", "Meter", 'unknown unit "Meter" was ignored (expected one of: Anzahl, %, €, Sekunden, Punkte)'),
        ("E", "mehr", 'unknown direction "mehr" was ignored (expected one of: höher ist besser, niedriger ist '
         "besser)"),
        ("G", "Eitelkeit", 'unknown classification "Eitelkeit" was ignored (expected one of: Wirkung, Vanity)'),
        (
            "H",
            "Vertrauen?",
            'unknown impact question "Vertrauen?" was ignored (expected one of: Verständnis, Orientierung, '
            "Vertrauen, Nächster Schritt)",
        ),
    ],
)
def test_unknown_vocabulary_values_are_ignored_with_a_warning(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    """An agency's own word in an optional column must not stop the report: the value is inferred instead."""
    path = make_workbook(tmp_path / "k.xlsx")
    edit(path, "Kennzahlen", {f"{column}2": value})
    assert errors(path) == []
    assert warnings_of(path) == [f"k.xlsx › Kennzahlen!{column}2: {message}"]


def test_warnings_target_missing_value_gap_and_unknown_measure(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        kpis=[
            kpi("Anfragen", [1, None, 3, None], measure="Gibt es nicht", target=2),
            kpi("Kontaktanfragen", [100, 200, 300, 400]),
        ],
    )
    assert texts(path) == [
        'k.xlsx › Kennzahlen!I2: measure "Gibt es nicht" is not on the Maßnahmen sheet',
        'k.xlsx › Kennzahlen!K2: the KPI "Anfragen" has no value for 2026-08',
        'k.xlsx › Kennzahlen!M2: the KPI "Anfragen" has no value for the report month 2026-10',
        'k.xlsx › Kennzahlen!D3: the KPI "Kontaktanfragen" has no target (Ziel)',
    ]
    data = read_workbook(path)
    assert data.client.report_month == "2026-10"
    assert [str(w) for w in data.warnings] == texts(path)


def test_vanity_kpis_need_no_target(tmp_path: Path) -> None:
    """Nobody sets a target for impressions: only effect (and unknown) KPIs are reminded of theirs; the
    agency's own Einstufung counts."""
    path = make_workbook(
        tmp_path / "k.xlsx",
        kpis=[
            kpi("Impressionen", [100, 200, 300]),
            kpi("Seitenaufrufe", [100, 200, 300]),
            kpi("Kontaktanfragen", [1, 2, 3]),
            kpi("Follower", [1, 2, 3], klass="Wirkung"),
            kpi("Anrufe", [1, 2, 3], klass="Vanity"),
            kpi("Zauberzahl", [1, 2, 3]),
        ],
    )
    assert warnings_of(path) == [
        'k.xlsx › Kennzahlen!D4: the KPI "Kontaktanfragen" has no target (Ziel)',
        'k.xlsx › Kennzahlen!D5: the KPI "Follower" has no target (Ziel)',
        'k.xlsx › Kennzahlen!D7: the KPI "Zauberzahl" has no target (Ziel)',
    ]


def test_an_english_workbook_hears_its_own_column_names(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        lang="en",
        client={"Empfänger": None},
        kpis=[
            kpi("Impressions", [100, 200, 300]),
            kpi("Contact requests", [1, 2, 3], channel="Insta"),
            kpi("Calls", [1, 2, 3], target=3, measure="Nowhere"),
        ],
    )
    assert warnings_of(path) == [
        "k.xlsx › Client: no Recipients: the report cannot be e-mailed",
        'k.xlsx › KPIs!B3: unknown channel "Insta" was ignored (expected one of: Website, SEO, Social media, Ads, '
        "Email, Sales, Other)",
        'k.xlsx › KPIs!D3: the KPI "Contact requests" has no target (Target)',
        'k.xlsx › KPIs!I4: measure "Nowhere" is not on the Measures sheet',
    ]
    edit(path, "KPIs", {"K4": -2, "D1": "Goal", "A5": None, "B5": "Website"})
    assert errors(path) == [
        'k.xlsx › KPIs!K4: negative value "-2" for a count (set the Unit to Points, EUR or Percent if negative '
        "values are possible)",
        "k.xlsx › KPIs!A5: the KPI has no name (column KPI)",
    ]
    edit(path, "KPIs", {"K4": 2, "B5": None})
    assert "k.xlsx › KPIs: no Target column: no KPI has a target" in warnings_of(path)


def test_month_gap_and_empty_report_month(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=2)], client={"Berichtsmonat": "2026-10"}
    )
    edit(path, "Kennzahlen", {"K1": "2026-06", "L2": None})
    assert texts(path) == ["k.xlsx › Kunde!B7: no KPI has a value for the report month 2026-10"]
    edit(path, "Kunde", {"B7": None})
    assert warnings_of(path) == ["k.xlsx › Kennzahlen: no column for the month(s) 2026-07, 2026-09"]


def test_no_target_column_is_one_warning(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3]), kpi("Anrufe", [1, 2, 3])])
    edit(path, "Kennzahlen", {"D1": "Zielwert?"})
    assert texts(path) == ["k.xlsx › Kennzahlen: no Ziel (Target) column: no KPI has a target"]


# ---- the Maßnahmen sheet ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "C",
            "irgendwann",
            '"irgendwann" is not a date (expected a date such as 01.03.2026 or 2026-03-01, between '
            "2000 and 2100)",
        ),
        (
            "C",
            dt.datetime(1900, 1, 1),
            '"1900-01-01" is not a date (expected a date such as 01.03.2026 or '
            "2026-03-01, between 2000 and 2100)",
        ),
        ("D", "01.01.2026", "the end 01.01.2026 is before the start 01.03.2026"),
        ("F", "javascript:alert(1)", '"javascript:alert(1)" is not a web address (expected https://…)'),
        ("G", -100, 'negative budget "-100"'),
        ("G", "viel", '"viel" is not a number'),
    ],
)
def test_bad_measure_values(tmp_path: Path, column: str, value: Any, message: str) -> None:
    path = make_workbook(tmp_path / "k.xlsx", measures=[measure("SEO", start="01.03.2026")])
    edit(path, "Maßnahmen", {f"{column}2": value})
    assert errors(path) == [f"k.xlsx › Maßnahmen!{column}2: {message}"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("B", "Print", 'unknown discipline "Print" was ignored (expected one of: Website, SEO, Social Media, '
         "Anzeigen, E-Mail, Content, Sonstiges)"),
        ("E", "fertig?", 'unknown status "fertig?" was ignored (expected one of: geplant, aktiv, pausiert, '
         "abgeschlossen)"),
    ],
)
def test_unknown_measure_vocabulary_is_a_warning(tmp_path: Path, column: str, value: Any, message: str) -> None:
    path = make_workbook(tmp_path / "k.xlsx", measures=[measure("SEO", start="01.03.2026")])
    edit(path, "Maßnahmen", {f"{column}2": value})
    assert errors(path) == []
    assert warnings_of(path) == [f"k.xlsx › Maßnahmen!{column}2: {message}"]


def test_duplicate_and_nameless_measures(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx", measures=[measure("SEO"), measure("seo"), measure(None, budget=5)]
    )
    assert errors(path) == [
        'k.xlsx › Maßnahmen!A3: duplicate measure "seo" (also in A2)',
        "k.xlsx › Maßnahmen!A4: the measure has no name (column Maßnahme)",
    ]


def test_measure_dates_in_several_forms(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        measures=[
            measure("A", start="2026-03-05", end="31.12.2026"),
            measure("B", start="03/2026"),
            measure("C", start=dt.datetime(2026, 2, 1, 12, 30)),
        ],
    )
    starts = [(m.start, m.end) for m in read_workbook(path).measures]
    assert starts == [
        (dt.date(2026, 3, 5), dt.date(2026, 12, 31)),
        (dt.date(2026, 3, 1), None),
        (dt.date(2026, 2, 1), None),
    ]


# ---- the file as a whole: kinds, sizes, hostile content --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "kunde.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            f"this is an old Excel 97–2003 file (.xls): {SAVE_AS}",
        ),
        ("kunde.csv", b"Kennzahl;2026-10\nAnfragen;5\n", f"this is a CSV file: {SAVE_AS}"),
        ("kunde.ods", b"PK\x03\x04", f"this is an OpenDocument spreadsheet (.ods): {SAVE_AS}"),
        (
            "kunde.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            f"this is an old Excel 97–2003 file (.xls): {SAVE_AS}",
        ),
        (
            "kunde.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"),
            "the file is password-protected (encrypted): remove the password in Excel (File › Info › Protect "
            "Workbook › Encrypt with Password) and save it again",
        ),
        ("kunde.xlsx", b"", "the file is empty (0 bytes)"),
        (
            "kunde.xlsx",
            b"Kennzahl;2026-10\nAnfragen;5\n",
            f"this is not an Excel workbook (.xlsx): {SAVE_AS}",
        ),
        (
            "kunde.xlsx",
            b"<html><body>Export</body></html>",
            f"this is an XML or HTML file, not an Excel workbook: {SAVE_AS}",
        ),
        (
            "kunde.xlsx",
            b"PK\x03\x04" + b"\x00" * 100,
            f"the file is damaged (not a readable zip archive: File is not a zip file): {SAVE_AS}",
        ),
    ],
)
def test_files_that_are_not_xlsx(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    assert texts(tmp_path / name) == [f"{name}: {message}"]
    with pytest.raises(WorkbookError):
        read_workbook(tmp_path / name)


def test_ods_content_and_plain_zip_are_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "kunde.xlsx", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with zipfile.ZipFile(tmp_path / "fotos.xlsx", "w") as archive:
        archive.writestr("bild.txt", "hallo")
    assert texts(tmp_path / "kunde.xlsx") == [
        f"kunde.xlsx: this is an OpenDocument spreadsheet (.ods): {SAVE_AS}"
    ]
    assert texts(tmp_path / "fotos.xlsx") == [
        f"fotos.xlsx: this is a zip archive, not an Excel workbook: {SAVE_AS}"
    ]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert texts(tmp_path / "weg.xlsx") == ["weg.xlsx: file not found"]
    (tmp_path / "ordner.xlsx").mkdir()
    assert texts(tmp_path / "ordner.xlsx") == ["ordner.xlsx: is a folder, not a workbook"]


def test_file_size_limit(good: Path) -> None:
    config = Config(limits=LimitsConfig(max_file_mb=0.001))
    size = good.stat().st_size / 1e6
    assert texts(good, config) == [
        f"kunde.xlsx: the file is too large ({size:.1f} MB; the limit is 0.001 MB, limits.max_file_mb in "
        "reporter.toml)"
    ]


def test_uncompressed_size_limit(good: Path) -> None:
    config = Config(limits=LimitsConfig(max_uncompressed_mb=0.01))
    with zipfile.ZipFile(good) as archive:
        total = sum(m.file_size for m in archive.infolist())
    assert texts(good, config) == [
        f"kunde.xlsx: the uncompressed content is too large ({total / 1e6:.0f} MB; the limit is 0.01 MB, "
        "limits.max_uncompressed_mb in reporter.toml)"
    ]


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every file openpyxl is asked to read: a file refused from its zip directory alone is not among them
    (a check of what was done, instead of a time limit that a busy machine breaks)."""
    calls: list[object] = []

    def record(source: object, *args: object, **kwargs: object) -> None:
        calls.append(source)
        raise ValueError("not parsed in this test")

    monkeypatch.setattr(openpyxl, "load_workbook", record)
    return calls


def test_zip_bomb_is_refused_before_parsing(good: Path, parsed: list[object]) -> None:
    # A 300 MB sheet in a small file: over the uncompressed limit, refused without decompressing it.
    pad_xml(good, "xl/worksheets/sheet2.xml", "<sheetData>", " ", 300_000_000)
    assert good.stat().st_size < 1_000_000
    assert texts(good)[0].startswith("kunde.xlsx: the uncompressed content is too large (30")
    assert parsed == []


def test_highly_compressed_part_is_refused(good: Path) -> None:
    patch_xml(
        good,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace("<sheetData>", "<sheetData>" + " " * 5_000_000),
    )
    (message,) = texts(good)
    assert message.startswith('kunde.xlsx: the part "xl/worksheets/sheet2.xml" is compressed ')
    assert message.endswith(":1, which only crafted files do (a zip bomb): refused")


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>'
)


def test_xml_entity_bomb_is_refused(good: Path) -> None:
    patch_xml(good, "xl/worksheets/sheet1.xml", lambda xml: BOMB + xml.replace("Muster GmbH", "&lol3;"))
    assert texts(good) == [
        'kunde.xlsx: the part "xl/worksheets/sheet1.xml" declares an XML document type (DOCTYPE), which '
        "Excel never "
        "writes: refused as a possible XML entity attack"
    ]


def test_openpyxl_itself_refuses_entities_through_defusedxml(good: Path) -> None:
    """The second line of defence: even without our pre-check, openpyxl parses through defusedxml."""
    import defusedxml

    assert openpyxl.DEFUSEDXML is True
    patch_xml(good, "xl/worksheets/sheet1.xml", lambda xml: BOMB + xml.replace("Muster GmbH", "&lol3;"))
    with pytest.raises(ValueError, match="could not read worksheets") as caught:
        openpyxl.load_workbook(io.BytesIO(good.read_bytes()), read_only=True)
    assert isinstance(caught.value.__context__, defusedxml.EntitiesForbidden)


def test_row_and_column_limits(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi(f"KPI {i}", [1, 2, 3], target=1) for i in range(30)])
    assert errors(path, Config(limits=LimitsConfig(max_rows=20))) == [
        "k.xlsx › Kennzahlen!A21: the sheet has more than 20 rows; the limit is 20 (limits.max_rows in "
        "reporter.toml)"
    ]
    assert errors(path, Config(limits=LimitsConfig(max_columns=11))) == [
        "k.xlsx › Kennzahlen!L1: the sheet has more than 11 columns; the limit is 11 (limits.max_columns in "
        "reporter.toml)"
    ]


def test_declared_dimensions_are_not_trusted(good: Path) -> None:
    patch_xml(
        good,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace('<dimension ref="A1:L3" />', '<dimension ref="A1:XFD1048576" />'),
    )
    assert "XFD1048576" in zipfile.ZipFile(good).read("xl/worksheets/sheet2.xml").decode()
    started = time.monotonic()
    assert len(read_workbook(good).kpis) == 2
    # milliseconds; trusting the dimension would mean 16,384 × 1,048,576 cells
    assert time.monotonic() - started < 20


def test_a_million_rows_stop_at_the_limit_quickly(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx")
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>K{r}</t></is></c></row>' for r in range(3, 200_000)
    )
    patch_xml(
        path, "xl/worksheets/sheet2.xml", lambda xml: xml.replace("</sheetData>", rows + "</sheetData>")
    )
    started = time.monotonic()
    assert errors(path) == [
        "k.xlsx › Kennzahlen!A5001: the sheet has more than 5000 rows; the limit is 5000 (limits.max_rows in "
        "reporter.toml)"
    ]
    # about 0.4 s (1 s on a loaded machine); reading all 200,000 rows takes tens of seconds
    assert time.monotonic() - started < 15


def test_xlsm_is_read_without_macros(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx")
    path.rename(tmp_path / "k.xlsm")
    assert read_workbook(tmp_path / "k.xlsm").client.name == "Muster GmbH"


def test_huge_text_is_cut_and_reported(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Kommentar": "x" * 20_000})
    assert errors(path) == ["k.xlsx › Kunde!B7: the text is too long (more than 10,000 characters)"]


def test_text_cleaning(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx", client={"Kunde": "  Muster \t GmbH ", "Kommentar": "Zeile 1\n  Zeile 2 "}
    )
    client = read_workbook(path).client
    assert client.name == "Muster GmbH"
    assert client.comment == "Zeile 1\nZeile 2"


# ---- our own bugs versus damaged files -------------------------------------------------------------------

INTERNAL = "internal error while reading {}; please report it (run with --debug for details)"


def injected(*_args: object, **_kwargs: object) -> Any:
    raise TypeError("injected bug quoting a cell: 'geheim'")


@pytest.mark.parametrize(
    ("target", "sheets"),
    [
        ("reporter.xlsx._number_format", {"Kunde", "Kennzahlen", "Maßnahmen"}),  # every filled cell
        ("reporter.draft.ValueReader.number", {"Kennzahlen", "Maßnahmen"}),  # every number cell
        ("reporter.xlsx.parse_month", {"Kennzahlen"}),  # the month headers
        ("reporter.xlsx._row_number", {"Kunde", "Kennzahlen", "Maßnahmen"}),  # inside the XML scan
        # a callback of ours that openpyxl calls while it opens the file: the frame that raised decides
        ("openpyxl.worksheet._read_only.ReadOnlyWorksheet._get_size", {None}),
    ],
)
def test_an_exception_of_our_own_code_is_an_internal_error_not_a_problem_of_the_file(
    good: Path, monkeypatch: pytest.MonkeyPatch, target: str, sheets: set[str | None]
) -> None:
    monkeypatch.setattr(target, injected)
    problems = check_workbook(good)
    internal = [p for p in problems if p.internal]
    assert {p.sheet for p in internal} == sheets
    for problem in internal:
        assert problem.severity is Severity.ERROR
        assert str(problem) == problem.message == INTERNAL.format(problem.location)
        assert problem.details is not None
        assert "TypeError: injected bug" in problem.details
    assert not any("injected" in p.message or "geheim" in p.message for p in problems)
    assert not any("cannot be read" in p.message for p in problems)
    with pytest.raises(WorkbookError) as raised:
        read_workbook(good)
    assert set(internal) <= set(raised.value.problems)


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (lambda xml: xml.replace('<row r="2">', '<row r="zwei">'), "could not convert string to float: 'zwei'"),
        (lambda xml: xml.replace("</sheetData>", "</sheetDaten>"), "invalid XML: mismatched tag: line 1, column"),
        (lambda xml: xml.replace('<c r="J2"', '<c r="2J"'), "invalid literal for int() with base 10: '2J'"),
    ],
)
def test_what_the_parser_refuses_is_a_damaged_sheet_not_an_internal_error(
    good: Path, change: Callable[[str], str], detail: str
) -> None:
    patch_xml(good, "xl/worksheets/sheet2.xml", change)
    (problem,) = check_workbook(good)
    assert not problem.internal
    assert problem.sheet == "Kennzahlen"
    assert problem.message.startswith(f"the sheet cannot be read ({detail}")
    assert problem.message.endswith(f"): {SAVE_AS}")


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (
            lambda xml: re.sub(r"<fill>.*?</fill>", "<fill/>", xml, count=1),
            "expected <class 'openpyxl.styles.fills.Fill'>",
        ),
        (  # openpyxl wraps this one ("Unable to read workbook: could not read stylesheet from …"): its cause says why
            lambda xml: xml.replace('<color theme="1" />', '<color rgb="blau" />'),
            "could not read stylesheet: Colors must be aRGB hex values",
        ),
    ],
)
def test_what_openpyxl_refuses_while_opening_is_a_damaged_file_not_an_internal_error(
    good: Path, change: Callable[[str], str], detail: str
) -> None:
    patch_xml(good, "xl/styles.xml", change)
    assert [str(p) for p in check_workbook(good)] == [
        f"kunde.xlsx: the file cannot be read as an Excel workbook ({detail}): {SAVE_AS}"
    ]


def test_an_empty_style_attribute_is_the_default_style(good: Path) -> None:
    """``s=""`` on a cell is valid XML that some generators write; openpyxl keeps the empty string as the
    style index and fails when the cell's number format is looked up. The reader reads such a file as if the
    attribute were absent."""
    expected = read_workbook(good)
    for sheet in (1, 2, 3):
        patch_xml(good, f"xl/worksheets/sheet{sheet}.xml", lambda xml: re.sub(r'<c (?![^>]*\bs=")', '<c s="" ', xml))
    workbook = openpyxl.load_workbook(io.BytesIO(good.read_bytes()), read_only=True)
    with pytest.raises(TypeError, match="list indices must be integers"):  # the library's own behaviour
        [cell.number_format for row in workbook["Kennzahlen"].iter_rows() for cell in row]
    workbook.close()
    assert check_workbook(good) == []
    assert read_workbook(good) == expected


def test_check_never_raises(tmp_path: Path) -> None:
    (tmp_path / "kaputt.xlsx").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (problem,) = check_workbook(tmp_path / "kaputt.xlsx")
    assert problem.severity is Severity.ERROR
    assert problem.file == "kaputt.xlsx"
    data, problems = inspect_workbook(tmp_path / "kaputt.xlsx")
    assert data is None
    assert problems == [problem]


def test_labels_as_people_write_them(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    edit(path, "Kunde", {"A2": "Kunde:", "A3": "Rolle des Marketings*"})
    headers = {"D1": "Ziel (pro Monat)", "M1": "Summe 2026", "M2": 6, "N1": "Notizen", "N2": "x"}
    edit(path, "Kennzahlen", headers)
    assert texts(path) == [
        'k.xlsx › Kennzahlen!M1: the column "Summe 2026" is neither a known column nor a month and was '
        "ignored"
    ]
    data = read_workbook(path)
    assert data.client.name == "Muster GmbH"
    assert data.kpis[0].target == 3
    assert data.months == (M1, M2, M3)


def test_docs_name_every_accepted_label() -> None:
    from reporter import vocabulary

    docs = (Path(__file__).resolve().parents[1] / "docs" / "workbook.md").read_text(encoding="utf-8")
    tables = [n for n in dir(vocabulary) if n.isupper() and isinstance(getattr(vocabulary, n), dict)]
    missing = [
        f"{table}: {text}"
        for table in tables
        for labels in getattr(vocabulary, table).values()
        for names in labels.values()
        for text in names
        if f"`{text}`" not in docs
    ]
    assert missing == []


CELL_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
    st.sampled_from(
        ["#DIV/0!", "#N/A", "=1/0", "=SUM(J2:L2)", "1.234", "12,5 %", "-", "Okt 2026", "Website"]
    ),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    row=st.lists(CELL_VALUES, min_size=12, max_size=12),
    header=st.lists(CELL_VALUES, min_size=3, max_size=3),
    client=st.lists(CELL_VALUES, min_size=4, max_size=4),
)
def test_arbitrary_cells_give_data_or_located_errors(
    tmp_path: Path, row: list[Any], header: list[Any], client: list[Any]
) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    wb = openpyxl.load_workbook(path)
    for col, value in enumerate(row, 1):
        wb["Kennzahlen"].cell(row=3, column=col, value=value)
    for col, value in enumerate(header, 10):
        wb["Kennzahlen"].cell(row=1, column=col, value=value)
    for row_index, value in enumerate(client, 2):
        wb["Kunde"].cell(row=row_index, column=2, value=value)
    wb.save(path)
    data, problems = inspect_workbook(path)
    assert all(p.file == "k.xlsx" and p.message for p in problems)
    assert not any(p.internal for p in problems), [p.details for p in problems]
    if data is None:
        assert any(p.severity is Severity.ERROR for p in problems)
    else:
        assert data.client.report_month in data.months
        assert all(set(k.monthly) == set(data.months) for k in data.kpis)
        assert all(v is None or math.isfinite(v) for k in data.kpis for v in k.monthly.values())


def test_no_values_at_all(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [None, None, None], target=3)])
    assert errors(path) == ["k.xlsx › Kennzahlen: no KPI has any monthly value yet"]


def test_percent_format_on_a_count_is_a_warning(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], unit="Anzahl", target=3)])
    edit(path, "Kennzahlen", {"L2": 0.5}, number_format="0%")
    assert texts(path) == [
        'k.xlsx › Kennzahlen!L2: "0.5" is formatted as a percentage but the unit is not %; the value was '
        "read as "
        "it is stored"
    ]
    assert read_workbook(path).kpis[0].monthly[M3] == 0.5


def test_excel_error_in_a_text_field(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", client={"Ansprechpartner": "#REF!"})
    assert errors(path) == ['k.xlsx › Kunde!B6: Excel error "#REF!": fix the formula or clear the cell']


def test_chart_sheet_with_a_data_sheet_name(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    wb.remove(wb["Maßnahmen"])
    chart = BarChart()
    chart.add_data(Reference(wb["Kennzahlen"], min_col=10, max_col=12, min_row=2, max_row=3))
    wb.create_chartsheet("Maßnahmen").add_chart(chart)
    wb.save(good)
    assert errors(good) == ['kunde.xlsx › Maßnahmen: "Maßnahmen" is a chart sheet, not a table']


def test_binary_workbook_inside_a_zip(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "k.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01")
    assert texts(tmp_path / "k.xlsx") == [f"k.xlsx: this is a binary Excel file (.xlsb): {SAVE_AS}"]


def test_heading_rows_are_skipped_with_a_warning(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Website", []), kpi("Anfragen", [1, 2, 3], target=3)])
    assert texts(path) == [
        'k.xlsx › Kennzahlen!A2: the row "Website" has no other entries and was skipped as a heading'
    ]
    assert [k.name for k in read_workbook(path).kpis] == ["Anfragen"]


def test_month_header_formula_without_result(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    edit(path, "Kennzahlen", {"M1": "=EDATE(L1,1)", "M2": 4})
    assert errors(path) == [
        "k.xlsx › Kennzahlen!M1: the formula here has no saved result (the file was written by a program "
        "that "
        "does not calculate): open the file in Excel or LibreOffice and save it"
    ]


def test_oversized_shared_strings_are_refused_before_parsing(good: Path, parsed: list[object]) -> None:
    """openpyxl loads the shared strings whole: 55 MB of them took 17 s and 300 MB before this limit."""
    strings = "".join(f"<si><t>{i:08d}-abcdefghijklmnopqrstuvwxyz</t></si>" for i in range(500_000))
    with zipfile.ZipFile(good, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", f"<sst>{strings}</sst>")
    assert texts(good) == [
        'kunde.xlsx: the part "xl/sharedStrings.xml" is 26 MB, far more than a client workbook needs (at '
        "most "
        "20 MB): refused"
    ]
    assert parsed == []


def test_client_sheet_with_title_rows_and_moved_columns(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Kunde"]
    ws.insert_rows(1, 2)
    ws.insert_cols(1)
    ws["A1"] = "Stammdaten"
    wb.save(path)
    assert texts(path) == []
    assert read_workbook(path).client.name == "Muster GmbH"


def test_several_impact_questions_use_the_first(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        kpis=[kpi("Anfragen", [1, 2, 3], target=3, question="Vertrauen, Nächster Schritt")],
    )
    assert texts(path) == [
        'k.xlsx › Kennzahlen!H2: "Vertrauen, Nächster Schritt" names several impact questions; the override '
        'takes one, "Vertrauen" was used'
    ]
    assert read_workbook(path).kpis[0].question_override is Question.TRUST
    edit(path, "Kennzahlen", {"H2": "Vertrauen und Glück"})
    assert errors(path) == []
    assert 'k.xlsx › Kennzahlen!H2: unknown impact question "Vertrauen und Glück" was ignored (expected one of: ' \
        "Verständnis, Orientierung, Vertrauen, Nächster Schritt)" in warnings_of(path)


def _walked(table: dict[str, dict[str, list[str]]], text: object) -> tuple[str | None, set[str]]:
    """``lookup`` and ``languages_of`` as they walk a table, without its index or the long-text shortcut."""
    from reporter.vocabulary import _normalize

    wanted = _normalize(text)
    keys = [str(key) for key, labels in table.items() for names in labels.values() if wanted in map(_normalize, names)]
    langs = {lang for labels in table.values() for lang, names in labels.items() if wanted in map(_normalize, names)}
    return (keys[0] if keys else None), langs


_SEPARATORS = st.sampled_from([" ", "\t", "\n", "_", "-", "\u00a0", "\u2003", "\u3000", "\ufe63", "\uff0d", "\uff3f"])


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["SHEETS", "CLIENT_HEADER", "CLIENT_FIELDS", "KPI_COLUMNS", "UNITS", "CHANNELS", "STATUSES"]),
    st.data(),
)
def test_label_lookups_find_what_walking_the_table_finds(name: str, data: st.DataObject) -> None:
    """The index of a table and the shortcut for long text (``vocabulary._too_long``) find exactly what walking
    the table finds, also for long text that does normalise to a label (runs of separators, combining marks,
    surrounding space), and for long text one letter or digit too long for any label."""
    from reporter import vocabulary

    table = getattr(vocabulary, name)
    labels = [text for entry in table.values() for names in entry.values() for text in names]
    label = data.draw(st.sampled_from(labels))
    run = data.draw(_SEPARATORS) * data.draw(st.sampled_from([1, 2, 50, 201]))
    marks = data.draw(st.sampled_from(["", "\u0301", "\u0308"]))
    stretched = run.join("".join(c + marks for c in word) for word in label.split(" "))
    padding = " " * data.draw(st.integers(0, 250))
    longest = vocabulary._index(table).longest
    text = data.draw(
        st.sampled_from(
            [
                padding + stretched.upper() + padding,
                stretched + "x" * data.draw(st.integers(0, 3)),
                "a1" * ((longest + 1) // 2) + run + " " * 201,  # just past the shortcut's bound, or just within it
                "a" * longest + run + " " * 201,
                "Ä" * 300 + label,
                " " * 201 + max(labels, key=lambda text: len(vocabulary.normalize(text))),  # the bound itself
            ]
        )
    )
    assert (vocabulary.lookup(table, text), vocabulary.languages_of(table, text)) == _walked(table, text)
