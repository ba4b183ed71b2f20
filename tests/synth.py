"""The project's own client workbooks: a writer for the workbook contract and a synthetic-client generator.

A development fixture, not part of the package (the wheel does not ship it). ``write_client_workbook`` turns a
:class:`WorkbookSpec` into an ``.xlsx`` file as an agency would keep it (styled, frozen header rows; month columns
headed by real Excel dates or ``YYYY-MM`` text). The sample inputs (``scripts/make_samples.py``), tests and the
benchmark use it; ``synthetic_clients`` makes any number of varied, deterministic clients for batch tests and
benchmarks. Slugs and logo initials come from the runtime (:func:`reporter.workbook.slugify`,
:func:`reporter.report.initials`), so generated clients look like what the reporter itself derives. Output is
byte-for-byte reproducible: zip entry times and document properties are fixed, so regenerating the samples does
not change committed files.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from reporter import vocabulary as voc
from reporter.model import Direction, KpiClass, Question, Role, month_range
from reporter.report import initials
from reporter.workbook import slugify

# One fixed timestamp for zip entries and document properties: regenerated files equal the committed ones.
_FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
_HEADER_FILL = PatternFill("solid", fgColor="2F3B4C")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)

UNIT_FORMATS = {"count": "#,##0", "percent": "0.0", "eur": '#,##0.00 "€"', "seconds": "0.0", "points": "0.0"}


@dataclass
class KpiSpec:
    """One row of the Kennzahlen sheet. Fixed values use the canonical ids of :mod:`reporter.vocabulary`."""

    name: str
    values: Sequence[float | None]  # oldest first, aligned to the workbook's last months
    channel: str | None = None  # website, seo, social, ads, email, sales, other
    unit: str | None = None  # count, percent, eur, seconds, points
    target: float | None = None
    direction: Direction | None = None  # usually empty: the classifier infers it
    source: str | None = None
    klass: KpiClass | None = None
    question: Question | None = None
    measure: str | None = None
    number_format: str | None = None  # default by unit


@dataclass
class MeasureSpec:
    """One row of the Maßnahmen sheet."""

    name: str
    discipline: str | None = None  # website, seo, social, ads, email, content, other
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None  # planned, active, paused, done
    landing_page: str | None = None
    budget: float | None = None
    note: str | None = None


@dataclass
class WorkbookSpec:
    """Everything one client workbook holds, plus how to write it.

    ``labels`` picks the vocabulary for sheet names, headers, field names and fixed values: ``"de"`` (the
    contract's German names, used by every sample) or ``"en"`` (the English aliases the reader also accepts).
    ``month_headers`` is ``"date"`` (first of month as an Excel date, shown with ``month_format``) or
    ``"text"`` (``YYYY-MM``).
    """

    name: str
    role: Role
    kpis: list[KpiSpec]
    measures: list[MeasureSpec] = field(default_factory=list)
    last_month: str = "2026-10"
    slug: str | None = None
    report_month: str | None = None  # written to Berichtsmonat when set
    report_month_as_date: bool = False
    language: str = "de"
    recipients: Sequence[str] = ()
    recipient_separator: str = "; "
    contact: str | None = None
    logo: str | None = None  # relative to the workbook's folder
    primary: str | None = None
    accent: str | None = None
    comment: str | None = None
    month_headers: Literal["date", "text"] = "text"
    month_format: str = "MMM YYYY"
    labels: Literal["de", "en"] = "de"


# ---- writing -----------------------------------------------------------------------------------------------


class _ReproducibleZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one fixed timestamp, so equal content gives equal bytes."""

    def writestr(
        self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(str(zinfo_or_arcname), date_time=_FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        # openpyxl streams each worksheet through a temporary file; its mtime would make the output differ
        with open(filename, "rb") as handle:
            self.writestr(arcname or Path(filename).name, handle.read(), compress_type, compresslevel)


def _style_header(ws: Worksheet, columns: int, freeze: str) -> None:
    for col in range(1, columns + 1):
        cell = ws.cell(row=1, column=col)
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = _HEADER_ALIGN
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = freeze


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _month_date(month: str) -> dt.datetime:
    return dt.datetime(int(month[:4]), int(month[5:7]), 1)


def _fixed(table: dict[str, dict[str, list[str]]], key: str | None, lang: str) -> str | None:
    return None if key is None else voc.label(table, str(key), lang)


def _write_client_sheet(wb: Workbook, spec: WorkbookSpec) -> None:
    lang = spec.labels
    ws = wb.active
    assert ws is not None
    ws.title = voc.label(voc.SHEETS, "client", lang)
    ws.append([voc.label(voc.CLIENT_HEADER, "field", lang), voc.label(voc.CLIENT_HEADER, "value", lang)])
    report_month: Any = spec.report_month
    if report_month and spec.report_month_as_date:
        report_month = _month_date(report_month)
    rows: list[tuple[str, Any]] = [
        ("name", spec.name),
        ("slug", spec.slug),
        ("report_month", report_month),
        ("role", voc.label(voc.ROLES, spec.role, lang)),
        ("language", spec.language),
        ("recipients", spec.recipient_separator.join(spec.recipients) or None),
        ("contact", spec.contact),
        ("logo", spec.logo),
        ("primary", spec.primary),
        ("accent", spec.accent),
        ("comment", spec.comment),
    ]
    for key, value in rows:
        if value is None:
            continue
        ws.append([voc.label(voc.CLIENT_FIELDS, key, lang), value])
        cell = ws.cell(row=ws.max_row, column=2)
        if isinstance(value, dt.datetime):
            cell.number_format = spec.month_format
            cell.alignment = Alignment(horizontal="left")
        if key == "comment":
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[ws.max_row].height = 15 * max(2, len(value) // 80 + 1)
    _style_header(ws, 2, "A2")
    _widths(ws, [24, 90])


def _write_kpi_sheet(wb: Workbook, spec: WorkbookSpec, months: list[str]) -> None:
    lang = spec.labels
    ws = wb.create_sheet(voc.label(voc.SHEETS, "kpis", lang))
    keys = list(voc.KPI_COLUMNS)
    header: list[Any] = [voc.label(voc.KPI_COLUMNS, key, lang) for key in keys]
    header += [_month_date(m) if spec.month_headers == "date" else m for m in months]
    ws.append(header)
    fixed = len(keys)
    for kpi in spec.kpis:
        padding: list[float | None] = [None] * (len(months) - len(kpi.values))
        values = padding + list(kpi.values)
        row: list[Any] = [
            kpi.name,
            _fixed(voc.CHANNELS, kpi.channel, lang),
            _fixed(voc.UNITS, kpi.unit, lang),
            kpi.target,
            _fixed(voc.DIRECTIONS, kpi.direction, lang),
            kpi.source,
            _fixed(voc.CLASSES, kpi.klass, lang),
            _fixed(voc.QUESTIONS, kpi.question, lang),
            kpi.measure,
        ]
        ws.append(row + values)
        fmt = kpi.number_format or UNIT_FORMATS.get(kpi.unit or "count", "General")
        r = ws.max_row
        for col in [keys.index("target") + 1, *range(fixed + 1, fixed + len(months) + 1)]:
            ws.cell(row=r, column=col).number_format = fmt
    if spec.month_headers == "date":
        for col in range(fixed + 1, fixed + len(months) + 1):
            ws.cell(row=1, column=col).number_format = spec.month_format
    _style_header(ws, fixed + len(months), "B2")
    _widths(ws, [36, 13, 10, 10, 19, 22, 12, 16, 30] + [11] * len(months))


def _write_measure_sheet(wb: Workbook, spec: WorkbookSpec) -> None:
    lang = spec.labels
    ws = wb.create_sheet(voc.label(voc.SHEETS, "measures", lang))
    ws.append([voc.label(voc.MEASURE_COLUMNS, key, lang) for key in voc.MEASURE_COLUMNS])
    for m in spec.measures:
        ws.append(
            [
                m.name,
                _fixed(voc.DISCIPLINES, m.discipline, lang),
                m.start,
                m.end,
                _fixed(voc.STATUSES, m.status, lang),
                m.landing_page,
                m.budget,
                m.note,
            ]
        )
        r = ws.max_row
        for col in (3, 4):
            ws.cell(row=r, column=col).number_format = "DD.MM.YYYY"
        ws.cell(row=r, column=7).number_format = '#,##0 "€"'
    _style_header(ws, len(voc.MEASURE_COLUMNS), "B2")
    _widths(ws, [40, 14, 12, 12, 14, 48, 11, 60])


def write_client_workbook(path: Path, spec: WorkbookSpec) -> Path:
    """Write ``spec`` as a client workbook in the contract of docs/workbook.md; returns ``path``."""
    count = max((len(k.values) for k in spec.kpis), default=1)
    months = month_range(spec.last_month, count)
    wb = Workbook()
    wb.properties.creator = "reporter"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    _write_client_sheet(wb, spec)
    _write_kpi_sheet(wb, spec, months)
    _write_measure_sheet(wb, spec)
    buffer = io.BytesIO()
    archive = _ReproducibleZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


# ---- logos -------------------------------------------------------------------------------------------------

def logo_svg(text: str, colour: str, accent: str | None = None) -> str:
    """A square mark: ``text`` in white on a rounded square in ``colour``, with an optional accent bar."""
    bar = f'<rect x="56" y="176" width="128" height="10" rx="5" fill="{accent}"/>' if accent else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240">'
        # a white rim keeps the mark visible on a cover filled with the same colour
        f'<rect x="5" y="5" width="230" height="230" rx="44" fill="{colour}" stroke="#FFFFFF" '
        'stroke-width="6"/>'
        '<text x="120" y="150" text-anchor="middle" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" '
        f'font-weight="bold" font-size="92" fill="#FFFFFF">{text}</text>{bar}</svg>\n'
    )


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def write_logo(path: Path, text: str, colour: str, accent: str | None = None) -> Path:
    """Write a logo mark as SVG or PNG (by ``path``'s suffix)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".svg":
        path.write_text(logo_svg(text, colour, accent), encoding="utf-8")
        return path
    # Pillow comes with WeasyPrint; imported here so that writing workbooks does not pay for it
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((2, 2, 238, 238), radius=46, fill=_rgb(colour), outline=(255, 255, 255), width=6)
    font = ImageFont.load_default(size=92)
    draw.text((120, 112), text, font=font, fill=(255, 255, 255), anchor="mm")
    if accent:
        draw.rounded_rectangle((56, 176, 184, 186), radius=5, fill=_rgb(accent))
    image.save(path, format="PNG", optimize=False)
    return path


# ---- synthetic clients -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PoolKpi:
    """A KPI as agencies name it, with a plausible level and behaviour for generating its series."""

    name: str
    channel: str
    unit: str
    kind: str  # count | cumulative | percent | seconds | rating | eur | index
    low: float
    high: float
    lower_better: bool = False
    effect: bool = False
    roles: tuple[Role, ...] = ()  # roles for which this KPI is a primary effect metric


_R = Role
KPI_POOL: tuple[_PoolKpi, ...] = (
    # traffic and reach (vanity)
    _PoolKpi("Sitzungen (GA4)", "website", "count", "count", 800, 20000),
    _PoolKpi("Seitenaufrufe", "website", "count", "count", 2000, 60000),
    _PoolKpi("Nutzer (GA4)", "website", "count", "count", 600, 15000),
    _PoolKpi("Neue Nutzer", "website", "count", "count", 400, 12000),
    _PoolKpi("Impressionen (Google Search Console)", "seo", "count", "count", 5000, 150000),
    _PoolKpi("Klicks (Google Search Console)", "seo", "count", "count", 200, 6000),
    _PoolKpi("Sichtbarkeitsindex (Sistrix)", "seo", "points", "index", 0.01, 0.9),
    _PoolKpi("Keywords in den Top 10", "seo", "count", "count", 10, 300),
    _PoolKpi("Backlinks", "seo", "count", "cumulative", 50, 1500),
    _PoolKpi("Follower Instagram", "social", "count", "cumulative", 300, 9000),
    _PoolKpi("Reichweite Instagram", "social", "count", "count", 2000, 60000),
    _PoolKpi("Likes Instagram", "social", "count", "count", 100, 4000),
    _PoolKpi("Follower LinkedIn", "social", "count", "cumulative", 200, 6000),
    _PoolKpi("Impressionen LinkedIn", "social", "count", "count", 2000, 40000),
    _PoolKpi("Interaktionen LinkedIn", "social", "count", "count", 50, 900),
    _PoolKpi("Fans Facebook", "social", "count", "cumulative", 300, 5000),
    _PoolKpi("Reichweite Facebook", "social", "count", "count", 1000, 30000),
    _PoolKpi("Videoaufrufe YouTube", "social", "count", "count", 100, 8000),
    _PoolKpi("Veröffentlichte Beiträge", "social", "count", "count", 4, 20),
    _PoolKpi("Klicks Google Ads", "ads", "count", "count", 150, 4000),
    _PoolKpi("Impressionen Google Ads", "ads", "count", "count", 5000, 120000),
    _PoolKpi("CTR Google Ads", "ads", "percent", "percent", 2, 9),
    _PoolKpi("Reichweite Meta Ads", "ads", "count", "count", 5000, 80000),
    _PoolKpi("Newsletter-Empfänger", "email", "count", "cumulative", 300, 8000),
    _PoolKpi("Öffnungsrate Newsletter", "email", "percent", "percent", 20, 45),
    # understanding
    _PoolKpi(
        "Absprungrate Leistungsseite", "website", "percent", "percent", 35, 70, lower_better=True, effect=True
    ),
    _PoolKpi("Ø Verweildauer Leistungsseiten", "website", "seconds", "count", 35, 140, effect=True),
    _PoolKpi("Engagement-Rate (GA4)", "website", "percent", "percent", 45, 75, effect=True),
    _PoolKpi("Scrolltiefe Angebotsseite", "website", "percent", "percent", 30, 70, effect=True),
    _PoolKpi("Downloads Broschüre", "website", "count", "count", 10, 150, effect=True),
    # findability
    _PoolKpi(
        "Ladezeit mobil (LCP)", "website", "seconds", "seconds", 1.6, 4.2, lower_better=True, effect=True
    ),
    _PoolKpi("Suchen ohne Ergebnis", "website", "count", "count", 5, 120, lower_better=True, effect=True),
    # trust
    _PoolKpi("Google-Bewertungen", "seo", "count", "cumulative", 15, 400, effect=True),
    _PoolKpi("Ø Bewertung (Google)", "seo", "points", "rating", 4.0, 4.9, effect=True),
    _PoolKpi(
        "Wiederkehrende Besucher", "website", "count", "count", 150, 4000, effect=True, roles=(_R.RETENTION,)
    ),
    _PoolKpi(
        "Suchanfragen nach Firmenname", "seo", "count", "count", 50, 2500, effect=True, roles=(_R.AWARENESS,)
    ),
    _PoolKpi("Aufrufe Referenzen", "website", "count", "count", 30, 600, effect=True),
    _PoolKpi(
        "Net Promoter Score (NPS)", "other", "points", "index", 20, 70, effect=True, roles=(_R.RETENTION,)
    ),
    # next step
    _PoolKpi("Kontaktanfragen", "website", "count", "count", 5, 80, effect=True, roles=(_R.INQUIRIES,)),
    _PoolKpi("Anrufe über Website", "website", "count", "count", 5, 90, effect=True, roles=(_R.INQUIRIES,)),
    _PoolKpi(
        "Klicks auf Telefonnummer", "website", "count", "count", 10, 200, effect=True, roles=(_R.INQUIRIES,)
    ),
    _PoolKpi("Angebotsanfragen", "website", "count", "count", 3, 40, effect=True, roles=(_R.INQUIRIES,)),
    _PoolKpi(
        "Online-Terminbuchungen", "website", "count", "count", 10, 150, effect=True, roles=(_R.INQUIRIES,)
    ),
    _PoolKpi("Qualifizierte Leads", "sales", "count", "count", 2, 40, effect=True, roles=(_R.INQUIRIES,)),
    _PoolKpi(
        "Kosten pro Anfrage",
        "ads",
        "eur",
        "eur",
        15,
        140,
        lower_better=True,
        effect=True,
        roles=(_R.INQUIRIES,),
    ),
    _PoolKpi("Conversions Google Ads", "ads", "count", "count", 3, 90, effect=True),
    _PoolKpi("Bewerbungen", "website", "count", "count", 2, 40, effect=True, roles=(_R.APPLICANTS,)),
    _PoolKpi(
        "Kosten pro Bewerbung",
        "ads",
        "eur",
        "eur",
        40,
        300,
        lower_better=True,
        effect=True,
        roles=(_R.APPLICANTS,),
    ),
    _PoolKpi("Aufrufe Karriereseite", "website", "count", "count", 150, 3000),
    _PoolKpi("Bestellungen", "website", "count", "count", 40, 2500, effect=True, roles=(_R.SALES,)),
    _PoolKpi("Umsatz", "website", "eur", "eur", 2000, 120000, effect=True, roles=(_R.SALES,)),
    _PoolKpi("Conversion Rate", "website", "percent", "percent", 0.8, 3.5, effect=True, roles=(_R.SALES,)),
    _PoolKpi(
        "Newsletter-Anmeldungen",
        "email",
        "count",
        "count",
        10,
        400,
        effect=True,
        roles=(_R.RETENTION, _R.AWARENESS),
    ),
    _PoolKpi("Wiederkaufrate", "website", "percent", "percent", 15, 45, effect=True, roles=(_R.RETENTION,)),
)

# trade, services (for measure names and landing pages), roles it plausibly has
TRADES: tuple[tuple[str, tuple[str, ...], tuple[Role, ...]], ...] = (
    ("Dachdeckerei", ("Dachsanierung", "Flachdach", "Dachfenster"), (_R.INQUIRIES, _R.APPLICANTS)),
    (
        "Steuerkanzlei",
        ("Lohnbuchhaltung", "Steuererklärung", "Existenzgründung"),
        (_R.INQUIRIES, _R.APPLICANTS),
    ),
    ("Zahnarztpraxis", ("Implantate", "Prophylaxe", "Kinderzahnheilkunde"), (_R.INQUIRIES, _R.APPLICANTS)),
    ("Physiotherapie", ("Krankengymnastik", "Manuelle Therapie", "Rückenkurs"), (_R.INQUIRIES, _R.RETENTION)),
    ("Elektrotechnik", ("Photovoltaik", "Wallbox", "Smart Home"), (_R.INQUIRIES, _R.APPLICANTS)),
    ("Sanitär & Heizung", ("Wärmepumpe", "Badsanierung", "Heizungswartung"), (_R.INQUIRIES, _R.APPLICANTS)),
    ("Autohaus", ("Probefahrt", "Werkstatttermin", "Leasing"), (_R.INQUIRIES, _R.RETENTION)),
    ("Tischlerei", ("Einbauschränke", "Küchen", "Treppen"), (_R.INQUIRIES,)),
    ("Immobilien", ("Immobilienbewertung", "Verkauf", "Vermietung"), (_R.INQUIRIES, _R.AWARENESS)),
    ("Rechtsanwaltskanzlei", ("Arbeitsrecht", "Familienrecht", "Erbrecht"), (_R.INQUIRIES,)),
    ("Hotel", ("Wellness-Wochenende", "Tagungen", "Hochzeiten"), (_R.SALES, _R.RETENTION)),
    ("Weinhandel", ("Probierpakete", "Rotwein", "Geschenkboxen"), (_R.SALES, _R.RETENTION)),
    ("Modeboutique", ("Damenmode", "Accessoires", "Gutscheine"), (_R.SALES, _R.AWARENESS)),
    ("Pflegedienst", ("Pflegefachkräfte", "Ambulante Pflege", "Betreuung"), (_R.APPLICANTS, _R.INQUIRIES)),
    ("Maschinenbau", ("Sondermaschinen", "Automatisierung", "Ersatzteile"), (_R.INQUIRIES, _R.APPLICANTS)),
    ("Architekturbüro", ("Neubau", "Sanierung", "Energieberatung"), (_R.INQUIRIES, _R.AWARENESS)),
    ("Garten- und Landschaftsbau", ("Gartenplanung", "Pflasterarbeiten", "Baumpflege"), (_R.INQUIRIES,)),
    ("Fitnessstudio", ("Probetraining", "Rückenfit", "Firmenfitness"), (_R.RETENTION, _R.INQUIRIES)),
    ("Bäckerei", ("Torten", "Catering", "Frühstück"), (_R.AWARENESS, _R.APPLICANTS)),
    ("IT-Systemhaus", ("IT-Sicherheit", "Cloud", "Managed Services"), (_R.INQUIRIES, _R.APPLICANTS)),
    ("Hörakustik", ("Hörtest", "Hörgeräte", "Gehörschutz"), (_R.INQUIRIES, _R.RETENTION)),
    ("Fahrschule", ("Führerschein Klasse B", "Motorrad", "Intensivkurs"), (_R.INQUIRIES, _R.AWARENESS)),
)
SURNAMES = (
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Köhler",
    "Maier",
    "Fuchs",
    "Vogel",
    "Jäger",
    "Roth",
    "Baumann",
    "Frank",
    "Graf",
    "Engel",
    "Seidel",
    "Brandt",
    "Kühn",
    "Sommer",
    "Winter",
)
FORMS = ("GmbH", "e. K.", "GmbH & Co. KG", "", "& Partner")
COLOURS = (
    ("#1F5C99", "#F2A900"),
    ("#8B2E1F", "#D9A441"),
    ("#2E6B4F", "#E3B505"),
    ("#5B3A8E", "#F28C28"),
    ("#0F6E75", "#F25C54"),
    ("#374151", "#10B981"),
    ("#9B2242", "#F4B942"),
    ("#1D4E89", "#7FB800"),
)

_SOURCES = {
    "website": "GA4",
    "seo": "Google Search Console",
    "social": "Meta Business Suite",
    "ads": "Google Ads",
    "email": "Brevo",
    "sales": "CRM",
    "other": "manuell",
}

_MEASURE_NAMES: dict[str, tuple[str, ...]] = {
    "website": ("Website-Betreuung", "Landingpage {service}", "Ladezeit-Optimierung", "Website-Relaunch"),
    "seo": ("SEO-Betreuung", "Lokale SEO & Google-Unternehmensprofil", "SEO Leistungsseite {service}"),
    "social": ("Instagram-Redaktionsplan", "LinkedIn-Beiträge", "Facebook-Community"),
    "ads": ("Google Ads {service}", "Meta Ads {service}", "Google Ads Markenkampagne"),
    "email": ("Newsletter", "Reaktivierungs-Mailing"),
    "content": ("Ratgeber-Serie {service}", "Kundenvideos"),
    "other": ("Messeauftritt", "Flyer-Aktion {service}", "Bewertungsmanagement"),
}

# English clients get English names, as an agency writes them for an English-speaking owner.
_MEASURE_NAMES_EN: dict[str, tuple[str, ...]] = {
    "website": ("Website care", "Landing page {service}", "Page speed optimisation", "Website relaunch"),
    "seo": ("SEO support", "Local SEO and Google Business Profile", "SEO service page {service}"),
    "social": ("Instagram content plan", "LinkedIn posts", "Facebook community"),
    "ads": ("Google Ads {service}", "Meta Ads {service}", "Google Ads brand campaign"),
    "email": ("Newsletter", "Win-back mailing"),
    "content": ("Guide series {service}", "Customer videos"),
    "other": ("Trade fair", "Flyer campaign {service}", "Review management"),
}
ENGLISH_KPI_NAMES: dict[str, str] = {
    "Sitzungen (GA4)": "Sessions (GA4)",
    "Seitenaufrufe": "Page views",
    "Nutzer (GA4)": "Users (GA4)",
    "Neue Nutzer": "New users",
    "Impressionen (Google Search Console)": "Impressions (Google Search Console)",
    "Klicks (Google Search Console)": "Clicks (Google Search Console)",
    "Sichtbarkeitsindex (Sistrix)": "Visibility index (Sistrix)",
    "Keywords in den Top 10": "Keywords in top 10",
    "Backlinks": "Backlinks",
    "Follower Instagram": "Instagram followers",
    "Reichweite Instagram": "Instagram reach",
    "Likes Instagram": "Instagram likes",
    "Follower LinkedIn": "LinkedIn followers",
    "Impressionen LinkedIn": "LinkedIn impressions",
    "Interaktionen LinkedIn": "LinkedIn engagements",
    "Fans Facebook": "Facebook fans",
    "Reichweite Facebook": "Facebook reach",
    "Videoaufrufe YouTube": "YouTube video views",
    "Veröffentlichte Beiträge": "Posts published",
    "Klicks Google Ads": "Google Ads clicks",
    "Impressionen Google Ads": "Google Ads impressions",
    "CTR Google Ads": "Google Ads CTR",
    "Reichweite Meta Ads": "Meta Ads reach",
    "Newsletter-Empfänger": "Newsletter recipients",
    "Öffnungsrate Newsletter": "Newsletter open rate",
    "Absprungrate Leistungsseite": "Bounce rate service page",
    "Ø Verweildauer Leistungsseiten": "Avg. engagement time service pages",
    "Engagement-Rate (GA4)": "Engagement rate (GA4)",
    "Scrolltiefe Angebotsseite": "Scroll depth offer page",
    "Downloads Broschüre": "Brochure downloads",
    "Ladezeit mobil (LCP)": "Mobile load time (LCP)",
    "Suchen ohne Ergebnis": "Site searches without results",
    "Google-Bewertungen": "Google reviews",
    "Ø Bewertung (Google)": "Average rating (Google)",
    "Wiederkehrende Besucher": "Returning visitors",
    "Suchanfragen nach Firmenname": "Branded searches",
    "Aufrufe Referenzen": "Case study views",
    "Net Promoter Score (NPS)": "Net Promoter Score (NPS)",
    "Kontaktanfragen": "Contact form submissions",
    "Anrufe über Website": "Calls from website",
    "Klicks auf Telefonnummer": "Clicks on phone number",
    "Angebotsanfragen": "Quote requests",
    "Online-Terminbuchungen": "Online bookings",
    "Qualifizierte Leads": "Qualified leads",
    "Kosten pro Anfrage": "Cost per lead",
    "Conversions Google Ads": "Google Ads conversions",
    "Bewerbungen": "Job applications",
    "Kosten pro Bewerbung": "Cost per application",
    "Aufrufe Karriereseite": "Careers page views",
    "Bestellungen": "Orders",
    "Umsatz": "Revenue",
    "Conversion Rate": "Conversion rate",
    "Newsletter-Anmeldungen": "Newsletter sign-ups",
    "Wiederkaufrate": "Repeat purchase rate",
}


def _season(month: str, amplitude: float, peak: int) -> float:
    """A gentle yearly wave peaking in month ``peak`` (1–12)."""
    return 1.0 + amplitude * math.cos(2 * math.pi * (int(month[5:7]) - peak) / 12)


def _series(pool: _PoolKpi, months: list[str], rng: random.Random) -> list[float | None]:
    """A plausible monthly series: level, yearly trend, seasonal wave and noise, rounded like real data."""
    n = len(months)
    level = rng.uniform(pool.low, pool.high)
    growth = rng.uniform(-0.12, 0.45)  # over the whole period
    if pool.lower_better:
        growth = -growth * 0.6
    amplitude = rng.uniform(0.0, 0.15) if pool.kind in ("count", "eur") else 0.0
    peak = rng.randint(1, 12)
    noise = {
        "count": 0.08,
        "eur": 0.08,
        "cumulative": 0.0,
        "percent": 0.03,
        "seconds": 0.04,
        "rating": 0.0,
        "index": 0.05,
    }[pool.kind]
    values: list[float | None] = []
    total = level
    for i, month in enumerate(months):
        trend = level * (1 + growth * i / max(n - 1, 1))
        if pool.kind == "cumulative":
            total += max(0.0, level * (0.01 + growth / n) * rng.uniform(0.5, 1.5))
            values.append(round(total))
            continue
        if pool.kind == "rating":
            values.append(round(min(5.0, level + rng.choice((-0.1, 0.0, 0.0, 0.1))), 1))
            continue
        value = trend * _season(month, amplitude, peak) * (1 + rng.gauss(0, noise))
        if pool.kind == "percent":
            values.append(round(min(max(value, 0.1), 99.0), 1 if pool.high > 5 else 2))
        elif pool.kind == "seconds":
            values.append(round(max(value, 0.5), 1))
        elif pool.kind == "index":
            values.append(round(max(value, 0.0), 3 if pool.high < 1 else 0))
        elif pool.kind == "eur" and pool.high <= 300:
            values.append(round(max(value, 1.0), 2))
        else:
            values.append(round(max(value, 0.0)))
    # a KPI introduced during the year, or a month somebody forgot to fill: both happen in real workbooks
    if rng.random() < 0.12:
        for i in range(rng.randint(2, 6)):
            values[i] = None
    if rng.random() < 0.08:
        values[rng.randint(1, n - 2)] = None
    return values


def _measures(
    rng: random.Random,
    services: tuple[str, ...],
    domain: str,
    last_month: str,
    channels: set[str],
    english: bool = False,
) -> list[MeasureSpec]:
    report = dt.date(int(last_month[:4]), int(last_month[5:7]), 1)
    disciplines: list[str] = [d for d in ("website", "seo", "social", "ads", "email") if d in channels]
    disciplines += ["content", "other"]
    rng.shuffle(disciplines)
    count = rng.randint(2, min(8, len(disciplines) + 2))
    chosen = (disciplines * 2)[:count]
    out: list[MeasureSpec] = []
    names: set[str] = set()
    for discipline in chosen:
        service = rng.choice(services)
        templates = (_MEASURE_NAMES_EN if english else _MEASURE_NAMES)[discipline]
        name = rng.choice(templates).format(service=service)
        if name in names:
            name = f"{name} {len(names) + 1}"
        names.add(name)
        start = report - dt.timedelta(days=rng.randint(20, 900))
        start = start.replace(day=1)
        status = rng.choices(("active", "done", "paused", "planned"), weights=(6, 2, 1, 1))[0]
        end = None
        if status == "done":
            end = min(report, start + dt.timedelta(days=rng.randint(30, 240)))
        if status == "planned":
            start = report + dt.timedelta(days=rng.randint(15, 90))
            start = start.replace(day=1)
        landing = None
        if rng.random() < 0.85:
            landing = f"https://www.{domain}/{slugify(service)}"
        budget = float(rng.choice((0, 150, 250, 400, 600, 900, 1200, 2000)))
        out.append(MeasureSpec(name, discipline, start, end, status, landing, budget or None, None))
    return out


def synthetic_spec(index: int, rng: random.Random, last_month: str = "2026-10") -> WorkbookSpec:
    """One varied, plausible client: trade, role, 8–25 KPIs over 13 months, 2–8 measures."""
    trade, services, roles = TRADES[rng.randrange(len(TRADES))]
    surname = rng.choice(SURNAMES)
    form = rng.choice(FORMS)
    name = " ".join(part for part in (trade, surname, form) if part)
    role = rng.choice(roles)
    domain = f"{slugify(trade)}-{slugify(surname)}.example"
    months = month_range(last_month, 13)

    primary = [p for p in KPI_POOL if role in p.roles]
    others = [p for p in KPI_POOL if role not in p.roles]
    count = rng.randint(8, 25)
    picked = rng.sample(primary, k=min(len(primary), rng.randint(2, 3)))
    picked += rng.sample(others, k=count - len(picked))

    primary_colour, accent = COLOURS[rng.randrange(len(COLOURS))]
    english = index % 5 == 4  # one client in five is reported in English
    measures = _measures(rng, services, domain, last_month, {p.channel for p in picked}, english)
    by_discipline = {m.discipline: m.name for m in measures if m.status == "active"}
    kpis: list[KpiSpec] = []
    for pool in picked:
        values = _series(pool, months, rng)
        last = next((v for v in reversed(values) if v is not None), None)
        target = None
        if pool.effect and last is not None and rng.random() < 0.6:
            factor = rng.uniform(0.8, 1.0) if pool.lower_better else rng.uniform(1.0, 1.25)
            target = round(last * factor, 1 if pool.kind in ("percent", "seconds", "rating") else 0)
        measure = by_discipline.get(pool.channel) if rng.random() < 0.7 else None
        direction = None
        if pool.lower_better and rng.random() < 0.3:
            direction = Direction.LOWER  # some agencies fill the column, most leave it to inference
        kpis.append(
            KpiSpec(
                ENGLISH_KPI_NAMES[pool.name] if english else pool.name,
                values,
                channel=pool.channel,
                unit=pool.unit,
                target=target,
                direction=direction,
                source=_SOURCES.get(pool.channel),
                measure=measure,
                number_format="0.000" if pool.kind == "index" and pool.high < 1 else None,
            )
        )

    slug = f"{index:03d}-{slugify(trade)}-{slugify(surname)}"
    logo_ext = "png" if index % 6 == 5 else "svg"
    return WorkbookSpec(
        name=name,
        role=role,
        kpis=kpis,
        measures=measures,
        last_month=last_month,
        slug=slug,
        report_month=last_month if rng.random() < 0.7 else None,
        language="en" if english else "de",
        recipients=(f"inhaber@{domain}",) + ((f"marketing@{domain}",) if rng.random() < 0.4 else ()),
        contact=f"{rng.choice(('Frau', 'Herr'))} {surname}" if not english else f"Ms {surname}",
        logo=f"logos/{slug}.{logo_ext}",
        primary=primary_colour,
        accent=accent,
        comment=(
            "Here is your monthly report. We look forward to discussing it with you."
            if english
            else "Anbei Ihr Monatsbericht. Wir besprechen die Zahlen gern mit Ihnen im nächsten Termin."
        ),
        month_headers="date" if rng.random() < 0.5 else "text",
        month_format=rng.choice(("MMM YYYY", "mmm yy")),
        labels="en" if index % 10 == 7 else "de",
    )


def synthetic_clients(n: int, folder: Path, seed: int = 0, last_month: str = "2026-10") -> list[Path]:
    """Write ``n`` deterministic, varied client workbooks and their logos into ``folder``; returns paths."""
    folder = Path(folder)
    rng = random.Random(seed)
    paths = []
    for index in range(n):
        spec = synthetic_spec(index, random.Random(rng.getrandbits(64)), last_month)
        assert spec.logo is not None
        assert spec.primary is not None
        write_logo(folder / spec.logo, initials(spec.name), spec.primary, spec.accent)
        paths.append(write_client_workbook(folder / f"{spec.slug}.xlsx", spec))
    return paths
