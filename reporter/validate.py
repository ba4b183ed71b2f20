"""The one validation pass over what a source read (``reporter/draft.py``), whatever the source: required fields,
fixed values, duplicates, negative counts, percent scaling, the report month, missing values, the logo. It
builds ``ClientData`` and reports every problem at the origin of the value it concerns.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .config import Config
from .draft import Row, Section, Table, Value, ValueReader
from .i18n import _
from .impact import catalog_for_config, classify_kpi
from .logo import check_logo
from .model import (
    Brand,
    Client,
    ClientData,
    Direction,
    Kpi,
    KpiClass,
    Measure,
    Origin,
    ProblemLog,
    Question,
    ReporterError,
    Role,
    Severity,
    month_add,
    months_between,
)
from .values import MAX_YEAR, MIN_YEAR, is_example, parse_month, plain, quote
from .vocabulary import (
    CHANNELS,
    CLASSES,
    CLIENT_FIELDS,
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
    Labels,
    label,
    lookup,
    normalize,
)

SLUG_MAX = 60
WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,}", re.UNICODE
)
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def slugify(text: str) -> str:
    """A file-name-safe id: lowercase ascii, umlauts transliterated, ``[a-z0-9-]``, never empty, short."""
    folded = text.strip().lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(src, dst)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:SLUG_MAX].strip("-")
    if not slug:
        # Names without any latin letter or digit still need a stable, distinct file name.
        slug = "client-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    if slug in WINDOWS_RESERVED:
        slug += "-client"
    return slug


class Validator(ValueReader):
    """Judges the client's fields, the measures and the KPIs of one source, in that order, then the whole.

    The problems go to the shared ``log``; ``labels`` says how the source names its columns and in which
    language. Where each value was read is kept for ``ClientData.origins``."""

    def __init__(self, path: Path, config: Config, log: ProblemLog, labels: Labels) -> None:
        super().__init__(log, labels)
        self.path = path
        self.config = config
        self.origins: dict[str, Origin] = {}
        self.sections: dict[str, Origin] = {}  # client, kpis, measures → the sheet or export read for it

    # -- the client ----------------------------------------------------------------------------------------
    def client(self, section: Section) -> dict[str, Any]:
        """The client's fields judged one by one; the values are kept with ``ClientData.origins``."""
        self.sections["client"] = section.origin
        fields = section.fields
        values: dict[str, Any] = {}
        for key in ("name", "role"):
            if key not in fields or fields[key].empty:
                where = fields[key].origin if key in fields else section.origin
                message = _("required field {field} is empty or missing")
                self.error(message.format(field=self.labels.named(CLIENT_FIELDS, key)), where)
        for key, given in fields.items():
            values[key] = self._client_value(key, given)
            self.origins[f"client.{key}"] = given.origin
        return values

    def _client_value(self, key: str, given: Value) -> Any:
        if key == "role":
            role = self.choice(given, ROLES, "marketing role", required=True)
            return Role(role) if role else None
        if key == "language":
            return self.choice(given, LANGUAGES, "language", required=True)
        if key == "report_month":
            if self.unavailable(given) or given.empty:
                return None
            month = parse_month(given.raw)
            if month is None:
                message = _(
                    "{value} is not a month (expected YYYY-MM text such as 2026-10, or a date between {first} "
                    "and {last})"
                )
                self.error(message.format(value=quote(given.raw), first=MIN_YEAR, last=MAX_YEAR), given.origin)
            return month
        if key == "recipients":
            return self._recipients(given)
        if key in ("primary", "accent"):
            text = self.text(given)
            if text is None:
                return None
            if not _COLOUR.fullmatch(text):
                message = _("{value} is not a colour (expected #RRGGBB, e.g. #1F5C99)")
                self.error(message.format(value=quote(text)), given.origin)
                return None
            return text.upper()
        if key == "logo":
            return self._logo(given)
        return self.text(given, multiline=key == "comment")

    def _recipients(self, given: Value) -> tuple[str, ...]:
        if self.unavailable(given) or given.empty:
            return ()
        raw = plain(given.raw)
        if "\n" in raw or "\r" in raw:
            message = _("{value}: the recipients contain a line break; separate addresses with ; or ,")
            self.error(message.format(value=quote(raw)), given.origin)
            return ()
        found: list[str] = []
        for part in re.split(r"[;,]", raw):
            part = part.strip()
            if not part:
                continue
            named = re.fullmatch(r"[^<>]*<([^<>]+)>", part)
            address = named[1].strip() if named else part
            if not _EMAIL.fullmatch(address) or len(address) > 254:
                self.error(_("{value} is not a valid e-mail address").format(value=quote(part)), given.origin)
                continue
            if address.lower() not in (a.lower() for a in found):
                found.append(address)
        return tuple(found)

    def _logo(self, given: Value) -> Path | None:
        text = self.text(given)
        if text is None:
            return None
        found = check_logo(text, self.path.parent)
        if isinstance(found, str):
            self.error(found, given.origin)
            return None
        return found

    # -- the measures --------------------------------------------------------------------------------------
    def measures(self, table: Table) -> list[Measure]:
        self.sections["measures"] = table.origin
        measures: list[Measure] = []
        seen: dict[str, str | None] = {}
        for row in table.rows:
            name_value = row.get("name")
            name = self.text(name_value)
            if name is not None and is_example(name):
                continue
            if name is None:
                if any(not row.get(k).empty for k in table.columns if k != "name"):
                    column = self.labels.column(table.origin.sheet, MEASURE_COLUMNS, "name")
                    self.error(_("the measure has no name (column {column})").format(column=column), name_value.origin)
                continue
            key = normalize(name)
            if key in seen:
                message = _("duplicate measure {name} (also in {cell})")
                self.error(message.format(name=quote(name), cell=seen[key]), name_value.origin)
                continue
            seen[key] = name_value.origin.cell
            measures.append(self._measure(name, row, f"measures.{len(measures)}"))
        return measures

    def _measure(self, name: str, row: Row, prefix: str) -> Measure:
        start = self.date(row.get("start"))
        end = self.date(row.get("end"))
        if start and end and end < start:
            message = _("the end {end} is before the start {start}")
            self.error(message.format(end=f"{end:%d.%m.%Y}", start=f"{start:%d.%m.%Y}"), row.get("end").origin)
        budget = self.number(row.get("budget"), what="a budget", unit="eur")
        if budget is not None and budget < 0:
            message = _("negative budget {value}").format(value=quote(row.get("budget").raw))
            self.error(message, row.get("budget").origin)
            budget = None
        self.note_origins(prefix, row.fields)
        return Measure(
            name=name,
            discipline=self.choice(row.get("discipline"), DISCIPLINES, "discipline"),
            start=start,
            end=end,
            status=self.choice(row.get("status"), STATUSES, "status"),
            landing_page=self.url(row.get("landing_page")),
            budget=budget,
            note=self.text(row.get("note"), multiline=True),
            row=row.number,
        )

    def note_origins(self, prefix: str, values: Mapping[str, Value]) -> None:
        """Remember where each value of one table row was read (``kpis.3.name`` → ``… › Kennzahlen!A5``)."""
        for key, given in values.items():
            self.origins[f"{prefix}.{key}"] = given.origin

    # -- the KPIs ------------------------------------------------------------------------------------------
    def kpis(self, table: Table, measures: list[Measure]) -> tuple[list[Kpi], list[str]]:
        """The KPIs of the table and its month columns, ascending; ``measures`` are those a KPI may track."""
        self.sections["kpis"] = table.origin
        sheet = table.origin.sheet
        if not table.months:
            self.error(
                _("no month columns: head each month's column with YYYY-MM text (e.g. 2026-10) or a date"),
                table.origin,
            )
        if "target" not in table.columns:
            column = self.labels.named(KPI_COLUMNS, "target", quoted=False)
            self.warn(_("no {column} column: no KPI has a target").format(column=column), table.origin)
        measure_names = {normalize(m.name): m.name for m in measures}
        kpis: list[Kpi] = []
        seen: dict[str, str | None] = {}
        for row in table.rows:
            name_value = row.get("name")
            name = self.text(name_value)
            if name is not None and is_example(name):
                continue
            if name is None:
                filled = [row.get(k) for k in table.columns if k != "name"] + list(row.months.values())
                if any(not given.empty for given in filled):
                    column = self.labels.column(sheet, KPI_COLUMNS, "name")
                    self.error(_("the KPI has no name (column {column})").format(column=column), name_value.origin)
                continue
            if row.only_name:
                # Agencies group KPIs under heading rows ("Website", "Social Media"): a name and nothing else.
                message = _("the row {name} has no other entries and was skipped as a heading")
                self.warn(message.format(name=quote(name)), name_value.origin)
                continue
            key = normalize(name)
            if key in seen:
                message = _("duplicate KPI {name} (also in {cell})")
                self.error(message.format(name=quote(name), cell=seen[key]), name_value.origin)
                continue
            seen[key] = name_value.origin.cell
            kpis.append(self._kpi(name, row, table, measure_names, f"kpis.{len(kpis)}"))
        if not kpis and not self.problem_log.has_error_in(sheet):
            self.error(_("no KPIs: add one row per KPI below the header row"), table.origin)
        return kpis, sorted(table.months)

    def _kpi(self, name: str, row: Row, table: Table, measure_names: dict[str, str], prefix: str) -> Kpi:
        unit = self.choice(row.get("unit"), UNITS, "unit")
        if unit is None and row.get("unit").empty and any(given.percent for given in row.months.values()):
            unit = "percent"  # formatted as percent in Excel: that is the unit
        monthly = {m: self._kpi_value(given, unit) for m, given in row.months.items()}
        target_value = row.get("target")
        target = self._kpi_value(target_value, unit) if "target" in table.columns else None
        no_target = target is None and "target" in table.columns and not self._has_problem_at(target_value.origin)
        measure_name = self._measure_of(row.get("measure"), measure_names)
        direction = self.choice(row.get("direction"), DIRECTIONS, "direction")
        klass = self.choice(row.get("class_override"), CLASSES, "classification")
        question = self._question(row.get("question_override"))
        self.note_origins(prefix, row.fields)
        self.note_origins(f"{prefix}.monthly", row.months)
        kpi = Kpi(
            name=name,
            channel=self.choice(row.get("channel"), CHANNELS, "channel"),
            unit=unit,
            target=target,
            direction=Direction(direction) if direction else None,
            source=self.text(row.get("source")),
            class_override=KpiClass(klass) if klass else None,
            question_override=Question(question) if question else None,
            measure=measure_name,
            monthly=dict(sorted(monthly.items())),
            row=row.number,
        )
        if no_target and self._wants_target(kpi):
            target_column = self.labels.column(table.origin.sheet, KPI_COLUMNS, "target")
            message = _("the KPI {name} has no target ({column})")
            self.warn(message.format(name=quote(name), column=target_column), target_value.origin)
        return kpi

    def _measure_of(self, given: Value, measure_names: dict[str, str]) -> str | None:
        """The measure a KPI tracks, as the measures name it; an unknown one is kept with a warning."""
        measure_name = self.text(given)
        if measure_name is None:
            return None
        known = measure_names.get(normalize(measure_name))
        if known is None:
            measures_title = self.labels.titles.get("measures") or label(SHEETS, "measures", self.labels.lang)
            message = _("measure {name} is not on the {sheet} sheet")
            self.warn(message.format(name=quote(measure_name), sheet=measures_title), given.origin)
        return known or measure_name

    def _wants_target(self, kpi: Kpi) -> bool:
        """Whether a KPI without a target is worth a warning: not a vanity metric (nobody sets a target for
        impressions), by the agency's Einstufung or else the catalog; unknown KPIs may be effect metrics."""
        try:
            catalog = catalog_for_config(self.config)
        except ReporterError:  # a broken agency catalog is reported where it is used; the packaged one judges here
            catalog = None
        return classify_kpi(kpi, None, catalog).kpi_class is not KpiClass.VANITY

    def _question(self, given: Value) -> str | None:
        """One impact question; of several (``Vertrauen, Nächster Schritt``) the first counts (a warning)."""
        text = self.text(given)
        if text is None or lookup(QUESTIONS, text):
            return lookup(QUESTIONS, text) if text else None
        parts = [part.strip() for part in re.split(r"[,;/+&]|\bund\b|\band\b", text) if part.strip()]
        keys = [lookup(QUESTIONS, part) for part in parts]
        if len(parts) > 1 and all(keys):
            message = _("{value} names several impact questions; the override takes one, {used} was used")
            self.warn(message.format(value=quote(text), used=quote(parts[0])), given.origin)
            return keys[0]
        return self.choice(given, QUESTIONS, "impact question")

    def _kpi_value(self, given: Value, unit: str | None) -> float | None:
        value = self.number(given, unit=unit)
        if value is None:
            return None
        if given.percent and isinstance(given.raw, int | float):
            if unit in (None, "percent"):
                value *= 100  # Excel stores 12,5 % as 0.125; the contract keeps percent numbers 0–100
            else:
                message = _(
                    "{value} is formatted as a percentage but the unit is not %; the value was read as it is stored"
                )
                self.warn(message.format(value=quote(given.raw)), given.origin)
        if value < 0 and unit in (None, "count", "seconds"):
            if unit:
                message = _("negative value {value} for a count").format(value=quote(given.raw))
            else:
                message = _(
                    "negative value {value} for a count (set the {column} to {units} or {percent} if negative "
                    "values are possible)"
                ).format(
                    value=quote(given.raw),
                    column=self.labels.column(given.origin.sheet, KPI_COLUMNS, "unit"),
                    units=", ".join(label(UNITS, key, self.labels.lang) for key in ("points", "eur")),
                    percent=label(UNITS, "percent", self.labels.lang),
                )
            self.error(message, given.origin)
            return None
        return round(value, 10)

    def _has_problem_at(self, origin: Origin) -> bool:
        return any(p.sheet == origin.sheet and p.cell == origin.cell for p in self.problem_log.problems)

    # -- the whole -----------------------------------------------------------------------------------------
    def finish(
        self,
        month: str | None,
        client_values: dict[str, Any],
        kpis: list[Kpi],
        months: list[str],
        measures: list[Measure],
    ) -> ClientData | None:
        """The client data, once every section is judged without errors; ``month`` overrides the report month.
        ``None`` when the report month cannot be reported."""
        report_month = self._report_month(month, client_values, months, kpis)
        if report_month is None:
            return None
        self._missing_value_warnings(kpis, months, report_month)
        client_origin = self.sections["client"]
        name = client_values["name"]
        slug_text = client_values.get("slug")
        slug = slugify(slug_text or name)
        if slug_text and slug != slug_text:
            message = _("the {field} {value} is used as {slug} (file names allow only a–z, 0–9 and -)").format(
                field=self.labels.column(client_origin.sheet, CLIENT_FIELDS, "slug"),
                value=quote(slug_text),
                slug=quote(slug),
            )
            self.warn(message, self.origins["client.slug"])
        recipients = client_values.get("recipients") or ()
        if not recipients:
            field = self.labels.named(CLIENT_FIELDS, "recipients", quoted=False)
            self.warn(_("no {field}: the report cannot be e-mailed").format(field=field), client_origin)
        client = Client(
            name=name,
            slug=slug,
            report_month=report_month,
            role=client_values["role"],
            language=client_values.get("language") or "de",
            recipients=recipients,
            contact=client_values.get("contact"),
            brand=Brand(
                logo=client_values.get("logo"),
                primary=client_values.get("primary"),
                accent=client_values.get("accent"),
            ),
            comment=client_values.get("comment"),
        )
        return ClientData(
            source=self.path,
            client=client,
            kpis=tuple(kpis),
            measures=tuple(measures),
            months=tuple(months),
            warnings=tuple(p for p in self.problem_log.problems if p.severity is Severity.WARNING),
            origins=dict(self.origins),
        )

    def _report_month(
        self, month: str | None, client_values: dict[str, Any], months: list[str], kpis: list[Kpi]
    ) -> str | None:
        kpi_origin = self.sections["kpis"]
        if month is not None:
            if parse_month(month) != month:
                message = _("{value} is not a month (expected YYYY-MM, e.g. 2026-10)").format(value=quote(month))
                self.error(message, Origin(self.path.name))
                return None
            wanted, where = month, kpi_origin
        elif client_values.get("report_month"):
            wanted, where = client_values["report_month"], self.origins["client.report_month"]
        else:
            with_data = [m for m in months if any(k.monthly.get(m) is not None for k in kpis)]
            if not with_data:
                self.error(_("no KPI has any monthly value yet"), kpi_origin)
                return None
            return with_data[-1]
        if wanted not in months:
            message = _("the report month {month} has no column on the {sheet} sheet")
            self.error(message.format(month=wanted, sheet=kpi_origin.sheet), where)
            return None
        if all(k.monthly.get(wanted) is None for k in kpis):
            self.error(_("no KPI has a value for the report month {month}").format(month=wanted), where)
            return None
        return wanted

    def _missing_value_warnings(self, kpis: list[Kpi], months: list[str], report_month: str) -> None:
        kpi_origin = self.sections["kpis"]
        present = set(months)
        gaps = [m for m in _month_span(months[0], months[-1]) if m not in present] if months else []
        if gaps:
            self.warn(_("no column for the month(s) {months}").format(months=", ".join(gaps)), kpi_origin)
        for index, kpi in enumerate(kpis):
            monthly = f"kpis.{index}.monthly."
            if kpi.monthly.get(report_month) is None:
                message = _("the KPI {name} has no value for the report month {month}")
                origin = self.origins[monthly + report_month]
                self.warn(message.format(name=quote(kpi.name), month=report_month), origin)
            filled = [m for m in months if m <= report_month and kpi.monthly.get(m) is not None]
            if filled:
                inner = [m for m in months if filled[0] < m < report_month and kpi.monthly.get(m) is None]
                if inner:
                    message = _("the KPI {name} has no value for {months}")
                    origin = self.origins[monthly + inner[0]]
                    self.warn(message.format(name=quote(kpi.name), months=", ".join(inner)), origin)


def _month_span(first: str, last: str) -> list[str]:
    return [month_add(first, i) for i in range(months_between(first, last) + 1)]
