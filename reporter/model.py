"""The data that flows through the pipeline: frozen dataclasses, the problem type and the one exception family.

Nothing here does I/O. Months are plain ``"YYYY-MM"`` strings: they sort, compare and serialise as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .i18n import N_, _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Origin:
    """Where one value was read: the source file, its sheet (or export) and the cell (or row), if known.

    ``str()`` is the location messages show: ``kunde.xlsx › Kennzahlen!H7``."""

    file: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet and self.cell:
            where += f" › {self.sheet}!{self.cell}"
        elif self.sheet or self.cell:  # a sheet, or a place in a file without sheets: "export.csv › row 12"
            where += f" › {self.sheet or self.cell}"
        return where


# The one message for a bug of ours, by what the tool was doing when it met it.
INTERNAL_ERROR = {
    "reading": N_("internal error while reading {where}; please report it (run with --debug for details)"),
    "building": N_("internal error while building {where}; please report it (run with --debug for details)"),
}


@dataclass(frozen=True)
class Problem:
    """One located message about an input: ``kunde.xlsx › Kennzahlen!H7: "viel" is not a number``."""

    file: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    severity: Severity = Severity.ERROR
    internal: bool = False  # a bug in reporter met while handling this input, not a fault of the input
    details: str | None = field(default=None, compare=False, repr=False)  # its traceback, for ``--debug``

    @classmethod
    def at(cls, origin: Origin, message: str, severity: Severity = Severity.ERROR) -> Problem:
        """A problem with the value read at ``origin``."""
        return cls(origin.file, message, origin.sheet, origin.cell, severity)

    @classmethod
    def internal_error(
        cls, file: str, sheet: str | None = None, details: str | None = None, doing: str = "reading"
    ) -> Problem:
        """The one message for a bug: where it happened and what to do, never the exception's own text."""
        where = cls(file, "", sheet).location
        message = _(INTERNAL_ERROR.get(doing, INTERNAL_ERROR["reading"])).format(where=where)
        return cls(file, message, sheet, None, Severity.ERROR, True, details)

    @property
    def location(self) -> str:
        return str(Origin(self.file, self.sheet, self.cell))

    def __str__(self) -> str:
        return self.message if self.internal else f"{self.location}: {self.message}"  # it names the location

    def as_dict(self) -> dict[str, str | bool | None]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "severity": str(self.severity),
            "message": self.message,
            "text": str(self),
            "internal": self.internal,
        }


class ProblemLog:
    """The problems found in one input so far, in the order found; shared by the stages that read it."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, sheet, cell, Severity.ERROR))

    def warn(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, sheet, cell, Severity.WARNING))

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def has_error_in(self, sheet: str | None) -> bool:
        """Whether a sheet (or export) already has an error: a later one would only repeat it."""
        return any(p.sheet == sheet and p.severity is Severity.ERROR for p in self.problems)


def once_each(lines: Iterable[str]) -> list[str]:
    """Each distinct line once, in the order first seen, with ``(×N)`` when it came N times."""
    return [line if n == 1 else f"{line} (×{n})" for line, n in Counter(lines).items()]


class ReporterError(Exception):
    """The only exception the CLI expects; it carries the problems to show the user."""

    def __init__(self, problems: Problem | list[Problem] | tuple[Problem, ...] | str) -> None:
        if isinstance(problems, str):
            problems = Problem(file="", message=problems)
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) if p.file else p.message for p in self.problems))


class WorkbookError(ReporterError):
    """A workbook cannot be reported on."""


class ConfigError(ReporterError):
    """reporter.toml or an option is invalid."""


class RenderError(ReporterError):
    """The PDF could not be rendered."""


class MailError(ReporterError):
    """A message could not be composed or sent."""


class Role(StrEnum):
    """What marketing is for, for this client (``Rolle des Marketings``)."""

    INQUIRIES = "inquiries"  # Anfragen gewinnen
    APPLICANTS = "applicants"  # Bewerber gewinnen
    SALES = "sales"  # Online verkaufen
    AWARENESS = "awareness"  # Bekanntheit aufbauen
    RETENTION = "retention"  # Kunden binden


class Direction(StrEnum):
    HIGHER = "higher"  # höher ist besser
    LOWER = "lower"  # niedriger ist besser


class KpiClass(StrEnum):
    EFFECT = "effect"
    VANITY = "vanity"
    UNCLASSIFIED = "unclassified"


class Question(StrEnum):
    """The article's four impact questions, in their fixed order."""

    UNDERSTANDING = "understanding"
    FINDABILITY = "findability"
    TRUST = "trust"
    NEXT_STEP = "next_step"


@dataclass(frozen=True)
class Brand:
    logo: Path | None = None
    primary: str | None = None  # "#RRGGBB", validated by the reader
    accent: str | None = None


@dataclass(frozen=True)
class Client:
    name: str
    slug: str
    report_month: str  # "YYYY-MM"
    role: Role
    language: str = "de"  # "de" | "en"
    recipients: tuple[str, ...] = ()
    contact: str | None = None
    brand: Brand = field(default_factory=Brand)
    comment: str | None = None


@dataclass(frozen=True)
class Kpi:
    """One row of the Kennzahlen sheet with its monthly series (``None`` = not measured)."""

    name: str
    channel: str | None = None  # canonical: website, seo, social, ads, email, sales, other
    unit: str | None = None  # canonical: count, percent, eur, seconds, points
    target: float | None = None
    direction: Direction | None = None  # None: not given in the workbook, inferred by the classifier
    source: str | None = None
    class_override: KpiClass | None = None
    question_override: Question | None = None
    measure: str | None = None
    monthly: dict[str, float | None] = field(default_factory=dict)
    row: int | None = None  # row in the Kennzahlen sheet, for messages

    def value(self, month: str) -> float | None:
        return self.monthly.get(month)


@dataclass(frozen=True)
class Measure:
    name: str
    discipline: str | None = None  # canonical: website, seo, social, ads, email, content, other
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None  # canonical: planned, active, paused, done
    landing_page: str | None = None
    budget: float | None = None
    note: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class Period:
    """What a quarter or year report covers: its key, its months, and the KPIs shown as the period's mean."""

    kind: str  # "quarter" | "year"
    key: str  # "2026-Q3" | "2026"
    months: tuple[str, ...]  # the months of the report's period, ascending
    averaged: frozenset[str] = frozenset()  # names of the KPIs whose period value is a mean (shown with "Ø")


@dataclass(frozen=True)
class ClientData:
    """Everything read from one workbook: the input of every later stage."""

    source: Path
    client: Client
    kpis: tuple[Kpi, ...]
    measures: tuple[Measure, ...]
    months: tuple[str, ...]  # every month column of the Kennzahlen sheet, ascending
    warnings: tuple[Problem, ...] = ()
    # Where each value was read: "client.name" → kunde.xlsx › Kunde!B2, "kpis.0.name" → … › Kennzahlen!A2,
    # "kpis.0.monthly.2026-10" (the index into ``kpis`` or ``measures``, then the field), for later checks
    # to point at the cell or row.
    origins: Mapping[str, Origin] = field(default_factory=dict)
    # Set for a quarter or year report (reporter/periods.py): then ``months`` and every KPI's ``monthly`` hold
    # period keys ("2026-Q3", "2026") and ``client.report_month`` is the report's period.
    period: Period | None = None

    def located(self, *path: str | int) -> Origin | None:
        """Where a value was read, e.g. ``located("kpis", 0, "name")``; ``None`` when unknown."""
        return self.origins.get(".".join(map(str, path)))

    def origin(self, *path: str | int) -> tuple[str | None, str | None]:
        """(sheet, cell) of a value, as a ``Problem`` names them; (None, None) when unknown."""
        found = self.located(*path)
        return (found.sheet, found.cell) if found else (None, None)


PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


def period_kind(key: str) -> str:
    """``"2026-10"`` → month, ``"2026-Q3"`` → quarter, ``"2026"`` → year."""
    if len(key) == 4:
        return "year"
    return "quarter" if key[5:6] == "Q" else "month"


def _period_index(key: str) -> int:
    kind, year = period_kind(key), int(key[:4])
    if kind == "year":
        return year
    return year * 4 + int(key[6]) - 1 if kind == "quarter" else year * 12 + int(key[5:7]) - 1


def _period_key(kind: str, index: int) -> str:
    if kind == "year":
        return f"{index:04d}"
    if kind == "quarter":
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def period_of(month: str, kind: str) -> str:
    """The period of ``kind`` that holds ``month``: ``period_of("2026-08", "quarter") == "2026-Q3"``."""
    if kind == "year":
        return month[:4]
    if kind == "quarter":
        return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"
    return month


def period_months(key: str) -> list[str]:
    """The months of a period, ascending (a month: itself)."""
    kind = period_kind(key)
    if kind == "year":
        return [f"{key}-{m:02d}" for m in range(1, 13)]
    if kind == "quarter":
        first = (int(key[6]) - 1) * 3 + 1
        return [f"{key[:4]}-{m:02d}" for m in range(first, first + 3)]
    return [key]


def period_end(key: str) -> str:
    """The last month of a period (a month: itself), e.g. ``"2026-Q3"`` → ``"2026-09"``."""
    return period_months(key)[-1]


def period_start(key: str) -> str:
    """The first month of a period (a month: itself)."""
    return period_months(key)[0]


def month_add(month: str, n: int) -> str:
    """``month_add("2026-01", -1) == "2025-12"``; a period moves by periods: ``month_add("2026-Q1", -1) ==
    "2025-Q4"``, ``month_add("2026", -1) == "2025"``."""
    return _period_key(period_kind(month), _period_index(month) + n)


def month_range(last: str, count: int) -> list[str]:
    """The ``count`` months (or periods) ending with ``last``, ascending."""
    return [month_add(last, i) for i in range(-count + 1, 1)]


def months_between(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is earlier); a period counts from its last
    month, so a measure's age in a quarter report is its age at the quarter's end."""
    start, end = period_end(start), period_end(end)
    return (int(end[:4]) * 12 + int(end[5:7])) - (int(start[:4]) * 12 + int(start[5:7]))
