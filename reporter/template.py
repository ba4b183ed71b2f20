"""Writing the drop-in client workbook (``reporter template``): instructions first, then the three data
sheets with styled frozen headers, dropdowns for every fixed vocabulary, number formats and one example
per sheet.

Every name and dropdown value comes from ``vocabulary.py``, so what the template offers is exactly what the
reader accepts. Example rows start with "Beispiel:" / "Example:"; the reader skips them.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import clock
from .i18n import _, quote
from .model import Problem, ReporterError, month_add, month_range
from .vocabulary import (
    CHANNELS,
    CLASSES,
    CLIENT_FIELDS,
    CLIENT_HEADER,
    DIRECTIONS,
    DISCIPLINES,
    KPI_COLUMNS,
    LANGUAGES,
    MEASURE_COLUMNS,
    QUESTIONS,
    ROLES,
    SHEETS,
    STATUSES,
    UNITS,
    label,
)

MONTHS = 13  # a year plus the same month of the year before, for comparisons
INPUT_ROWS = 200  # rows prepared with dropdowns below the example
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
EXAMPLE_FILL = PatternFill("solid", fgColor="F2F2F2")
EXAMPLE_FONT = Font(italic=True, color="7F7F7F")
INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
THIN = Side(style="thin", color="BFBFBF")
DATE_FORMAT = "DD.MM.YYYY"
MONTH_FORMAT = "MMM YYYY"
EURO_FORMAT = '#,##0.00 "€"'

# The template's texts, German (Sie-Form) and English. Keys are stable; only the wording differs.
TEXT: dict[str, dict[str, str]] = {
    "example": {"de": "Beispiel:", "en": "Example:"},
    "example_col": {"de": "Beispiel (wird nicht eingelesen)", "en": "Example (not read)"},
    "hint_col": {"de": "Hinweis", "en": "Hint"},
    "required": {"de": "Pflichtfeld.", "en": "Required."},
    "list_error": {
        "de": "Bitte wählen Sie einen Wert aus der Liste.",
        "en": "Please choose a value from the list.",
    },
    "date_error": {
        "de": "Bitte geben Sie ein Datum ein, z. B. 01.03.2026.",
        "en": "Please enter a date, e.g. 2026-03-01.",
    },
    "budget_error": {
        "de": "Bitte geben Sie einen Betrag ab 0 ein.",
        "en": "Please enter an amount of 0 or more.",
    },
}

CLIENT_HINTS: dict[str, dict[str, str]] = {
    "name": {
        "de": "Pflichtfeld. Der Name, der im Bericht steht.",
        "en": "Required. The name shown in the report.",
    },
    "slug": {
        "de": "Optional. Kurzname für Dateinamen: nur a–z, 0–9 und Bindestrich.",
        "en": "Optional. Short name for file names: only a–z, 0–9 and hyphens.",
    },
    "report_month": {
        "de": "Optional. Format JJJJ-MM. Leer = der neueste Monat mit Daten.",
        "en": "Optional. Format YYYY-MM. Empty = the latest month with data.",
    },
    "role": {
        "de": "Pflichtfeld. Wählen Sie aus der Liste, wofür das Marketing vor allem da ist.",
        "en": "Required. Choose from the list what the marketing is mainly for.",
    },
    "language": {"de": "Sprache des Berichts: de oder en.", "en": "Language of the report: de or en."},
    "recipients": {
        "de": "E-Mail-Adressen, getrennt durch ein Semikolon (;).",
        "en": "E-mail addresses, separated by a semicolon (;).",
    },
    "contact": {
        "de": "Ihr Ansprechpartner beim Kunden, für die Anrede.",
        "en": "Your contact at the client, for the greeting.",
    },
    "logo": {
        "de": "Dateiname eines Bildes (PNG, JPEG oder SVG) im selben Ordner wie diese Datei.",
        "en": "File name of an image (PNG, JPEG or SVG) in the same folder as this file.",
    },
    "primary": {"de": "Hausfarbe des Kunden als #RRGGBB.", "en": "The client's main colour as #RRGGBB."},
    "accent": {"de": "Zweite Farbe als #RRGGBB.", "en": "A second colour as #RRGGBB."},
    "comment": {
        "de": "Ihre Worte zum Monat: Was ist passiert, was ist geplant?",
        "en": "Your words on the month: what happened, what is planned?",
    },
}

CLIENT_EXAMPLES: dict[str, dict[str, str]] = {
    "name": {"de": "Dachdeckerei Muster GmbH", "en": "Sample Roofing Ltd"},
    "slug": {"de": "dachdeckerei-muster", "en": "sample-roofing"},
    "role": {"de": label(ROLES, "inquiries", "de"), "en": label(ROLES, "inquiries", "en")},
    "language": {"de": "de", "en": "en"},
    "recipients": {
        "de": "inhaber@muster-dach.de; buero@muster-dach.de",
        "en": "owner@sample-roofing.com; office@sample-roofing.com",
    },
    "contact": {"de": "Frau Muster", "en": "Ms Sample"},
    "logo": {"de": "logo.png", "en": "logo.png"},
    "primary": {"de": "#1F5C99", "en": "#1F5C99"},
    "accent": {"de": "#F2A900", "en": "#F2A900"},
    "comment": {
        "de": "Die neue Leistungsseite bringt mehr Anfragen über das Formular.",
        "en": "The new services page brings more inquiries through the form.",
    },
}

KPI_HINTS: dict[str, dict[str, str]] = {
    "name": {
        "de": "Pflichtfeld. Eine Zeile pro Kennzahl, jeder Name nur einmal.",
        "en": "Required. One row per KPI, each name only once.",
    },
    "channel": {"de": "Aus der Liste wählen.", "en": "Choose from the list."},
    "unit": {
        "de": "Aus der Liste wählen. Prozentwerte als 12,5 eingeben "
        "(oder die Zelle als Prozent formatieren).",
        "en": "Choose from the list. Enter percentages as 12.5 (or format the cell as a percentage).",
    },
    "target": {"de": "Zielwert pro Monat.", "en": "Target value per month."},
    "direction": {
        "de": "Leer lassen: wird automatisch bestimmt (z. B. Absprungrate: niedriger ist besser).",
        "en": "Leave empty to have it inferred (e.g. bounce rate: lower is better).",
    },
    "source": {"de": "Woher die Zahl stammt, z. B. GA4.", "en": "Where the number comes from, e.g. GA4."},
    "class_override": {
        "de": "Nur ausfüllen, um die automatische Einstufung zu überschreiben.",
        "en": "Only fill in to override the automatic classification.",
    },
    "question_override": {
        "de": "Nur ausfüllen, um die Wirkungsfrage festzulegen.",
        "en": "Only fill in to set the impact question yourself.",
    },
    "measure": {
        "de": "Name einer Maßnahme aus dem Blatt „Maßnahmen“, auf die diese Kennzahl einzahlt.",
        "en": "Name of a measure on the Measures sheet that this KPI tracks.",
    },
}

KPI_EXAMPLE: dict[str, dict[str, object]] = {
    "de": {
        "name": "Beispiel: Kontaktanfragen über das Formular",
        "channel": "website",
        "unit": "count",
        "target": 20,
        "direction": "higher",
        "source": "GA4",
        "measure": "Relaunch der Leistungsseiten",
    },
    "en": {
        "name": "Example: Contact form inquiries",
        "channel": "website",
        "unit": "count",
        "target": 20,
        "direction": "higher",
        "source": "GA4",
        "measure": "Services page relaunch",
    },
}
KPI_EXAMPLE_VALUES = [12, 14, 11, 13, 15, 14, 16, 18, 17, 19, 21, 20, 23]

MEASURE_HINTS: dict[str, dict[str, str]] = {
    "name": {
        "de": "Pflichtfeld. Eine Zeile pro Maßnahme, jeder Name nur einmal.",
        "en": "Required. One row per measure, each name only once.",
    },
    "discipline": {"de": "Aus der Liste wählen.", "en": "Choose from the list."},
    "start": {"de": "Datum, z. B. 01.03.2026.", "en": "Date, e.g. 2026-03-01."},
    "end": {"de": "Datum; leer, solange die Maßnahme läuft.", "en": "Date; empty while the measure runs."},
    "status": {"de": "Aus der Liste wählen.", "en": "Choose from the list."},
    "landing_page": {
        "de": "Webadresse der Seite, auf die die Maßnahme führt, z. B. https://www.muster.de/kontakt.",
        "en": "Web address of the page the measure leads to, e.g. https://www.example.com/contact.",
    },
    "budget": {"de": "Euro pro Monat.", "en": "Euros per month."},
    "note": {"de": "Freitext.", "en": "Free text."},
}

MEASURE_EXAMPLE: dict[str, dict[str, object]] = {
    "de": {
        "name": "Beispiel: Relaunch der Leistungsseiten",
        "discipline": "website",
        "status": "active",
        "landing_page": "https://www.muster-dach.de/leistungen",
        "budget": 1500,
        "note": "Neue Texte und ein klarer Kontaktbutton auf jeder Seite.",
    },
    "en": {
        "name": "Example: Services page relaunch",
        "discipline": "website",
        "status": "active",
        "landing_page": "https://www.sample-roofing.com/services",
        "budget": 1500,
        "note": "New copy and a clear contact button on every page.",
    },
}

VOCABULARY_COLUMNS = {
    "channel": CHANNELS,
    "unit": UNITS,
    "direction": DIRECTIONS,
    "class_override": CLASSES,
    "question_override": QUESTIONS,
    "discipline": DISCIPLINES,
    "status": STATUSES,
}

# fmt: off
INSTRUCTIONS: dict[str, list[tuple[str, str]]] = {
    "de": [
        ("title", "So füllen Sie diese Arbeitsmappe aus"),
        ("p", "Aus dieser Datei entsteht jeden Monat der Marketingbericht für einen Kunden. Bitte füllen Sie "
              "die drei Blätter „{client}“, „{kpis}“ und „{measures}“ aus. Benennen Sie die Blätter und die "
              "Spaltenüberschriften bitte nicht um. Zusätzliche Spalten und Blätter dürfen Sie anlegen; sie "
              "werden nicht eingelesen."),
        ("h", "1. Blatt „{client}“"),
        ("p", "Tragen Sie die Angaben in die Spalte „Wert“ ein. Pflichtfelder sind „{name}“ und „{role}“. "
              "Die Spalte „Beispiel“ zeigt, wie ein Eintrag aussehen kann; sie wird nicht eingelesen."),
        ("p", "Das Logo ist eine Bilddatei (PNG, JPEG oder SVG), die im selben Ordner liegt wie diese Datei. "
              "Tragen Sie nur ihren Dateinamen ein, z. B. logo.png. Farben schreiben Sie als #RRGGBB, "
              "z. B. #1F5C99. Mehrere Empfänger trennen Sie mit einem Semikolon."),
        ("h", "2. Blatt „{kpis}“"),
        ("p", "Jede Zeile ist eine Kennzahl. Rechts neben der Spalte „{measure}“ folgt für jeden Monat eine "
              "Spalte; tragen Sie dort den Wert des Monats ein. Lassen Sie die Zelle leer, wenn der Wert "
              "nicht gemessen wurde."),
        ("p", "Geben Sie Zahlen ohne Einheit ein, z. B. 1234 oder 12,5. Prozentwerte schreiben Sie als 12,5 "
              "für 12,5 % – oder Sie formatieren die Zelle als Prozent; beides wird richtig gelesen."),
        ("p", "Für jeden neuen Monat fügen Sie rechts eine Spalte an und schreiben den Monat in die "
              "Überschrift, z. B. {next_month} oder das Datum {next_date}."),
        ("p", "Kanal, Einheit, Richtung, Einstufung und Wirkungsfrage wählen Sie aus der Liste. Richtung, "
              "Einstufung und Wirkungsfrage dürfen leer bleiben: Das Programm bestimmt sie selbst. Füllen "
              "Sie sie nur aus, wenn Sie bewusst anders entscheiden."),
        ("h", "3. Blatt „{measures}“"),
        ("p", "Jede Zeile ist eine Maßnahme, z. B. eine Anzeigenkampagne oder die Überarbeitung einer Seite. "
              "Start und Ende sind Daten, das Budget ist in Euro pro Monat. In der Spalte „{measure}“ des "
              "Blatts „{kpis}“ können Sie jeder Kennzahl die Maßnahme zuordnen, auf die sie einzahlt."),
        ("h", "Beispielzeilen"),
        ("p", "Zeilen, deren erste Zelle mit „Beispiel:“ beginnt, sind Beispiele und werden beim Einlesen "
              "übersprungen. Sie können sie stehen lassen oder löschen."),
        ("h", "Formeln und Speichern"),
        ("p", "Formeln sind erlaubt. Speichern Sie die Datei bitte in Excel oder LibreOffice als .xlsx, "
              "damit die Ergebnisse der Formeln mitgespeichert werden."),
        ("h", "Prüfen"),
        ("p", "Vor dem Versand prüft das Programm jede Datei und nennt jede fehlende oder falsche Angabe mit "
              "Blatt und Zelle, z. B. {kpis}!H7. Korrigieren Sie die genannte Zelle und speichern Sie die "
              "Datei erneut."),
    ],
    "en": [
        ("title", "How to fill in this workbook"),
        ("p", "Every month, this file becomes the marketing report for one client. Please fill in the three "
              "sheets “{client}”, “{kpis}” and “{measures}”. Please do not rename the sheets or the column "
              "headings. You may add columns and sheets of your own; they are not read."),
        ("h", "1. The “{client}” sheet"),
        ("p", "Enter the details in the “Value” column. “{name}” and “{role}” are required. The “Example” "
              "column shows what an entry can look like; it is not read."),
        ("p", "The logo is an image file (PNG, JPEG or SVG) in the same folder as this file. Enter only its "
              "file name, e.g. logo.png. Write colours as #RRGGBB, e.g. #1F5C99. Separate several recipients "
              "with a semicolon."),
        ("h", "2. The “{kpis}” sheet"),
        ("p", "Each row is a KPI. To the right of the “{measure}” column there is one column per month; "
              "enter the month's value there. Leave a cell empty when the value was not measured."),
        ("p", "Enter numbers without a unit, e.g. 1234 or 12.5. Enter percentages as 12.5 for 12.5% – or "
              "format the cell as a percentage; both are read correctly."),
        ("p", "For each new month, add a column on the right and write the month in its heading, e.g. "
              "{next_month} or the date {next_iso}."),
        ("p", "Choose channel, unit, direction, classification and impact question from the list. Direction, "
              "classification and impact question may stay empty: the program determines them. Fill them in "
              "only when you deliberately decide otherwise."),
        ("h", "3. The “{measures}” sheet"),
        ("p", "Each row is a measure, e.g. an ad campaign or the rework of a page. Start and end are dates, "
              "the budget is in euros per month. In the “{measure}” column of the “{kpis}” sheet you can "
              "link each KPI to the measure it tracks."),
        ("h", "Example rows"),
        ("p", "Rows whose first cell starts with “Example:” are examples and are skipped when the file is "
              "read. You may keep or delete them."),
        ("h", "Formulas and saving"),
        ("p", "Formulas are allowed. Please save the file as .xlsx in Excel or LibreOffice so that the "
              "results of the formulas are saved too."),
        ("h", "Checking"),
        ("p", "Before sending, the program checks every file and names each missing or wrong entry with its "
              "sheet and cell, e.g. {kpis}!H7. Correct the cell named and save the file again."),
    ],
}
# fmt: on


def template_months(today: dt.date, count: int = MONTHS) -> list[str]:
    """The ``count`` months ending with the month before ``today``."""
    return month_range(month_add(f"{today.year:04d}-{today.month:02d}", -1), count)


def write_template(
    path: Path, lang: str = "de", *, force: bool = False, today: dt.date | None = None
) -> Path:
    """Write the drop-in workbook to ``path`` atomically; refuse to overwrite a file unless ``force``."""
    if lang not in ("de", "en"):
        message = _("unknown language {lang} (expected de or en)").format(lang=quote(lang))
        raise ReporterError(Problem(path.name, message))
    if path.exists() and not force:
        raise ReporterError(Problem(str(path), _("the file already exists; use --force to overwrite it")))
    if path.is_dir():
        raise ReporterError(Problem(str(path), _("is a folder; give a file name ending in .xlsx")))
    wb = build_template(lang, today or clock.today())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".template-", suffix=".xlsx", dir=path.parent)
    except (FileExistsError, NotADirectoryError):
        message = _("cannot create the folder {folder}: a file of that name is in the way").format(folder=path.parent)
        raise ReporterError(Problem(str(path), message)) from None
    except OSError as exc:
        raise ReporterError(Problem(str(path), cannot_write(exc))) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            wb.save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ReporterError(Problem(str(path), cannot_write(exc))) from None
        raise
    return path


def cannot_write(exc: OSError) -> str:
    return _("cannot write the file: {error}").format(error=exc.strerror or exc)


def build_template(lang: str, today: dt.date) -> Workbook:
    wb = Workbook()
    names = {key: label(SHEETS, key, lang) for key in SHEETS}
    instructions = wb.active
    assert instructions is not None
    instructions.title = names["instructions"]
    months = template_months(today)
    _instructions(instructions, lang, names, months[-1])
    _client_sheet(wb.create_sheet(names["client"]), lang, months[-1])
    _kpi_sheet(wb.create_sheet(names["kpis"]), lang, months, names["measures"])
    _measure_sheet(wb.create_sheet(names["measures"]), lang, months[-4])
    for ws in wb.worksheets:
        # Printed, each sheet fits the page width (landscape for the wide data sheets).
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        if ws is not instructions:
            ws.page_setup.orientation = "landscape"
            ws.print_title_rows = "1:1"
    wb.active = 0
    return wb


def _instructions(ws: Worksheet, lang: str, names: dict[str, str], last_month: str) -> None:
    following = month_add(last_month, 1)
    values = {
        "next_month": following,
        "next_date": f"01.{following[5:]}.{following[:4]}",
        "next_iso": f"{following}-01",
        "client": names["client"],
        "kpis": names["kpis"],
        "measures": names["measures"],
        "name": label(CLIENT_FIELDS, "name", lang),
        "role": label(CLIENT_FIELDS, "role", lang),
        "measure": label(KPI_COLUMNS, "measure", lang),
    }
    ws.column_dimensions["A"].width = 110
    ws.sheet_view.showGridLines = False
    row = 1
    for kind, text in INSTRUCTIONS[lang]:
        cell = ws.cell(row=row, column=1, value=text.format(**values))
        if kind == "title":
            cell.font = Font(bold=True, size=16, color="1F4E79")
            row += 1
        elif kind == "h":
            cell.font = Font(bold=True, size=12, color="1F4E79")
            if row > 3:
                ws.row_dimensions[row].height = 24
                cell.alignment = Alignment(vertical="bottom")
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 15 * (len(cell.value) // 105 + 1) + 3
        row += 1


def _header(ws: Worksheet, labels: list[str], hints: list[str | None], widths: Sequence[float]) -> None:
    for col, (text, hint, width) in enumerate(zip(labels, hints, widths, strict=True), 1):
        cell = ws.cell(row=1, column=col, value=text)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=THIN)
        if hint:
            cell.comment = Comment(hint, "reporter", width=260, height=90)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "B2"


def _dropdown(ws: Worksheet, values: list[str], cells: str, lang: str) -> None:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        error=TEXT["list_error"][lang],
        errorStyle="stop",
    )
    ws.add_data_validation(validation)
    validation.add(cells)


def _labels(table: dict[str, dict[str, list[str]]], lang: str) -> list[str]:
    return [label(table, key, lang) for key in table]


def _client_sheet(ws: Worksheet, lang: str, month: str) -> None:
    _header(
        ws,
        [
            label(CLIENT_HEADER, "field", lang),
            label(CLIENT_HEADER, "value", lang),
            TEXT["example_col"][lang],
            TEXT["hint_col"][lang],
        ],
        [None, None, None, None],
        [24, 48, 46, 70],
    )
    ws.freeze_panes = "B2"
    for row, key in enumerate(CLIENT_FIELDS, 2):
        name = ws.cell(row=row, column=1, value=label(CLIENT_FIELDS, key, lang))
        name.font = Font(bold=key in ("name", "role"))
        value = ws.cell(row=row, column=2, value=lang if key == "language" else None)
        value.fill = INPUT_FILL
        value.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        value.number_format = "@"  # text: Excel must not turn 2026-10 or #1F5C99 into something else
        value.alignment = Alignment(wrap_text=key == "comment", vertical="top")
        example = month if key == "report_month" else CLIENT_EXAMPLES.get(key, {}).get(lang)
        example_cell = ws.cell(row=row, column=3, value=example)
        example_cell.font = EXAMPLE_FONT
        example_cell.fill = EXAMPLE_FILL
        example_cell.alignment = Alignment(wrap_text=key == "comment", vertical="top")
        name.alignment = Alignment(vertical="top")
        ws.cell(row=row, column=4, value=CLIENT_HINTS[key][lang]).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        if key == "role":
            _dropdown(ws, _labels(ROLES, lang), value.coordinate, lang)
        elif key == "language":
            _dropdown(ws, list(LANGUAGES), value.coordinate, lang)
        ws.row_dimensions[row].height = 60 if key == "comment" else 20


def _kpi_sheet(ws: Worksheet, lang: str, months: list[str], measures_sheet: str) -> None:
    keys = list(KPI_COLUMNS)
    widths = {
        "name": 42,
        "channel": 15,
        "unit": 12,
        "target": 10,
        "direction": 20,
        "source": 16,
        "class_override": 14,
        "question_override": 18,
        "measure": 30,
    }
    _header(
        ws,
        [label(KPI_COLUMNS, key, lang) for key in keys] + [""] * len(months),
        [KPI_HINTS[key][lang] for key in keys] + [None] * len(months),
        [widths[key] for key in keys] + [11] * len(months),
    )
    first_month_col = len(keys) + 1
    for offset, month in enumerate(months):
        cell = ws.cell(
            row=1, column=first_month_col + offset, value=dt.datetime(int(month[:4]), int(month[5:]), 1)
        )
        cell.number_format = MONTH_FORMAT
        cell.alignment = Alignment(horizontal="center", vertical="center")
    example = KPI_EXAMPLE[lang]
    for col, key in enumerate(keys, 1):
        value = example.get(key)
        if key in VOCABULARY_COLUMNS and isinstance(value, str):
            value = label(VOCABULARY_COLUMNS[key], value, lang)
        if key == "measure" and value:
            value = f"{TEXT['example'][lang]} {value}"
        ws.cell(row=2, column=col, value=value)
    for offset, number in enumerate(KPI_EXAMPLE_VALUES[-len(months) :]):
        ws.cell(row=2, column=first_month_col + offset, value=number)
    last_col = first_month_col + len(months) - 1
    _style_example(ws, last_col)
    last_row = INPUT_ROWS + 2
    for col, key in enumerate(keys, 1):
        letter = get_column_letter(col)
        if key in VOCABULARY_COLUMNS:
            _dropdown(ws, _labels(VOCABULARY_COLUMNS[key], lang), f"{letter}2:{letter}{last_row}", lang)
    # The measure column offers the names on the measures sheet, but free text stays allowed.
    measure = get_column_letter(keys.index("measure") + 1)
    validation = DataValidation(
        type="list",
        formula1=f"{quote_sheetname(measures_sheet)}!$A$3:$A${last_row}",
        allow_blank=True,
        showErrorMessage=False,
    )
    ws.add_data_validation(validation)
    validation.add(f"{measure}3:{measure}{last_row}")


def _measure_sheet(ws: Worksheet, lang: str, start_month: str) -> None:
    keys = list(MEASURE_COLUMNS)
    widths = {
        "name": 42,
        "discipline": 15,
        "start": 12,
        "end": 12,
        "status": 15,
        "landing_page": 42,
        "budget": 12,
        "note": 50,
    }
    _header(
        ws,
        [label(MEASURE_COLUMNS, key, lang) for key in keys],
        [MEASURE_HINTS[key][lang] for key in keys],
        [widths[key] for key in keys],
    )
    example = MEASURE_EXAMPLE[lang]
    start = dt.datetime(int(start_month[:4]), int(start_month[5:]), 1)
    for col, key in enumerate(keys, 1):
        value = start if key == "start" else example.get(key)
        if key in VOCABULARY_COLUMNS and isinstance(value, str):
            value = label(VOCABULARY_COLUMNS[key], value, lang)
        ws.cell(row=2, column=col, value=value)
    _style_example(ws, len(keys))
    last_row = INPUT_ROWS + 2
    for col, key in enumerate(keys, 1):
        letter = get_column_letter(col)
        cells = f"{letter}2:{letter}{last_row}"
        if key in VOCABULARY_COLUMNS:
            _dropdown(ws, _labels(VOCABULARY_COLUMNS[key], lang), cells, lang)
        elif key in ("start", "end"):
            validation = DataValidation(
                type="date",
                operator="between",
                formula1="36526",
                formula2="73415",
                allow_blank=True,
                showErrorMessage=True,
                error=TEXT["date_error"][lang],
            )
            ws.add_data_validation(validation)
            validation.add(cells)
        elif key == "budget":
            validation = DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                error=TEXT["budget_error"][lang],
            )
            ws.add_data_validation(validation)
            validation.add(cells)
        number_format = {"start": DATE_FORMAT, "end": DATE_FORMAT, "budget": EURO_FORMAT}.get(key)
        if number_format:
            for row in range(2, last_row + 1):
                ws[f"{letter}{row}"].number_format = number_format


def _style_example(ws: Worksheet, last_col: int) -> None:
    for col in range(1, last_col + 1):
        cell = ws.cell(row=2, column=col)
        cell.fill = EXAMPLE_FILL
        cell.font = EXAMPLE_FONT
