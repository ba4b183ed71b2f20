"""Reading and validating one client workbook into ``ClientData``, reporting every problem with its location.

The contract is documented in ``docs/workbook.md``. The workbook is one source of client data: ``reporter/xlsx.py``
reads what is Excel's (the package's safety, the sheets, the cells) into values with their origin, and
``reporter/validate.py`` judges them as it would judge any source's. This module ties the two together sheet by
sheet, so that a bug met on one sheet is reported there and the other sheets are still read.
"""

from __future__ import annotations

import re
import traceback
import warnings
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .config import Config
from .i18n import _
from .model import ClientData, Kpi, Measure, Problem, ProblemLog, ReporterError, Severity, WorkbookError
from .validate import WINDOWS_RESERVED as WINDOWS_RESERVED
from .validate import Validator
from .validate import slugify as slugify
from .values import parse_date as parse_date
from .values import parse_month as parse_month
from .values import parse_number_text as parse_number_text
from .values import quote as _quote  # noqa: F401  (the property tests import it from here)
from .values import read_number_text as read_number_text
from .vocabulary import KPI_COLUMNS, MEASURE_COLUMNS, SHEETS, Labels, lookup
from .xlsx import FOLDER_SUFFIXES, SAVE_AS, Package, Sheets, _column_index, _Refused
from .xlsx import _bounded_get_size as _bounded_get_size  # installed into openpyxl when xlsx is imported


class _Reader:
    """One workbook read sheet by sheet: each sheet is drafted by ``Sheets`` and judged by ``Validator``."""

    def __init__(self, path: Path, config: Config) -> None:
        self.path = path
        self.file = path.name
        self.problem_log = ProblemLog(self.file)
        self.labels = Labels()
        self.package = Package(path, config.limits, self.problem_log)
        self.sheets = Sheets(self.file, config.limits, self.problem_log, self.labels)
        self.validator = Validator(path, config, self.problem_log, self.labels)

    @property
    def problems(self) -> list[Problem]:
        return self.problem_log.problems

    def internal(self, exc: BaseException, sheet: str | None = None) -> None:
        """Our own code failed on this file: a bug to report, kept apart from the file's problems."""
        details = "".join(traceback.format_exception(exc))
        self.problems.append(Problem.internal_error(self.file, sheet, details))

    def preflight(self) -> bytes | None:
        return self.package.preflight()

    def open(self, data: bytes) -> Any:
        return self.package.open(data)

    def read_client(self, ws: Any) -> dict[str, Any]:
        return self.validator.client(self.sheets.client(ws))

    def read_measures(self, ws: Any) -> list[Measure]:
        table = self.sheets.table(ws, MEASURE_COLUMNS, months=False)
        return self.validator.measures(table) if table is not None else []

    def read_kpis(self, ws: Any, measures: list[Measure]) -> tuple[list[Kpi], list[str]]:
        table = self.sheets.table(ws, KPI_COLUMNS, months=True)
        return self.validator.kpis(table, measures) if table is not None else ([], [])

    def read(self, month: str | None) -> ClientData | None:
        data = self.preflight()
        if data is None:
            return None
        wb = self.open(data)
        if wb is None:
            return None
        try:
            return self._read_open(wb, month)
        finally:
            wb.close()

    def _read_open(self, wb: Any, month: str | None) -> ClientData | None:
        sheets = self.sheets.find(wb)
        client_values = self.guarded(sheets.get("client"), self.read_client, {})
        measures = self.guarded(sheets.get("measures"), self.read_measures, [])
        kpis, months = self.guarded(sheets.get("kpis"), lambda ws: self.read_kpis(ws, measures), ([], []))
        if self.problem_log.has_errors:
            return None
        return self.validator.finish(month, client_values, kpis, months, measures)

    def guarded(self, ws: Any, read: Callable[[Any], Any], default: Any) -> Any:
        """Read one sheet. A sheet the parser refuses becomes an error at that sheet; an exception of our own
        code becomes an internal error at that sheet (a bug to report), and the other sheets are still read."""
        if ws is None:
            return default
        try:
            return read(ws)
        except (ReporterError, MemoryError):
            raise
        except _Refused as refusal:
            if refusal.entities:
                self.problem_log.error(
                    _("the sheet contains XML entity declarations: refused as a possible XML entity attack"),
                    ws.title,
                )
            else:
                message = _("the sheet cannot be read ({reason}): {fix}").format(reason=refusal, fix=_(SAVE_AS))
                self.problem_log.error(message, ws.title)
        except Exception as exc:
            self.internal(exc, ws.title)
        return default

def _read(path: Path, config: Config | None, month: str | None) -> tuple[ClientData | None, list[Problem]]:
    reader = _Reader(Path(path), config or Config())
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (extensions, styles); none of them matters for the data
            warnings.simplefilter("ignore")
            data = reader.read(month)
    except ReporterError as exc:
        reader.problems.extend(exc.problems)
        data = None
    except MemoryError:
        reader.problem_log.error(_("reading the file needs more memory than is available"))
        data = None
    except Exception as exc:  # a bug of ours, met on this file: reported as such, never as the file's fault
        reader.internal(exc)
        data = None
    # The same cell can be looked at twice (e.g. a formula without result as a name); say it once.
    problems = sorted(merge_runs(dict.fromkeys(reader.problems)), key=_problem_order)
    if reader.problem_log.has_errors:
        return None, problems
    if data is not None:
        data = replace(data, warnings=tuple(p for p in problems if p.severity is Severity.WARNING))
    return data, problems


def merge_runs(problems: Iterable[Problem]) -> list[Problem]:
    """The same message at neighbouring cells of one row or column as one problem at their range
    (``Kennzahlen!K3:V3``): a row of thirteen formulas without a result is one thing to fix, not thirteen.
    Runs along a row are taken first; the cells left over are joined along their columns."""
    merged: list[Problem] = []
    cells: dict[tuple[str, str | None, Severity, str], list[tuple[int, int, Problem]]] = {}
    for problem in problems:
        match = re.fullmatch(r"([A-Z]{1,3})(\d+)", problem.cell or "")
        if match is None:
            merged.append(problem)
            continue
        key = (problem.file, problem.sheet, problem.severity, problem.message)
        cells.setdefault(key, []).append((int(match[2]), _column_index(match[1]), problem))
    for group in cells.values():
        rest = group  # (row, column, problem)
        for along_row in (True, False):
            # where a cell sits: (the row or column that stays, the index that counts up)
            position: Callable[[tuple[int, int, Problem]], tuple[int, int]] = (
                (lambda c: (c[0], c[1])) if along_row else (lambda c: (c[1], c[0]))
            )
            runs: list[list[tuple[int, int, Problem]]] = []
            for cell in sorted(rest, key=position):
                line, step = position(cell)
                if runs and position(runs[-1][-1]) == (line, step - 1):
                    runs[-1].append(cell)
                else:
                    runs.append([cell])
            merged += [replace(run[0][2], cell=f"{run[0][2].cell}:{run[-1][2].cell}") for run in runs if len(run) > 1]
            rest = [run[0] for run in runs if len(run) == 1]
        merged += [problem for _row, _col, problem in rest]
    return merged


def _problem_order(problem: Problem) -> tuple[int, int, int, int]:
    """Errors before warnings; then file-level, Kunde, Kennzahlen, Maßnahmen; then row and column."""
    sheet_rank = {None: 0, "client": 1, "kpis": 2, "measures": 3}.get(
        lookup(SHEETS, problem.sheet) if problem.sheet else None, 4
    )
    row = col = 0
    match = re.match(r"([A-Z]+)(\d+)", problem.cell or "")  # a range is ordered by its first cell
    if match:
        row, col = int(match[2]), _column_index(match[1])
    return (0 if problem.severity is Severity.ERROR else 1, sheet_rank, row, col)


def read_workbook(path: Path, config: Config | None = None, month: str | None = None) -> ClientData:
    """Read one workbook; raise ``WorkbookError`` with every error; warnings go to ``ClientData.warnings``."""
    data, problems = _read(path, config, month)
    if data is None:
        errors = [p for p in problems if p.severity is Severity.ERROR]
        raise WorkbookError(errors or [Problem(Path(path).name, _("the workbook could not be read"))])
    return data


def inspect_workbook(path: Path, config: Config | None = None) -> tuple[ClientData | None, list[Problem]]:
    """The data (``None`` when there are errors) and every error and warning; never raises for a bad file."""
    return _read(path, config, None)


def check_workbook(path: Path, config: Config | None = None) -> list[Problem]:
    """Every error and warning of one workbook; never raises for a bad file."""
    return inspect_workbook(path, config)[1]



def find_workbooks(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    """Files as given, also missing ones (reading them says so); folders expanded to their workbooks and the
    spreadsheets that must be saved as workbooks first (``FOLDER_SUFFIXES``), without lock files and hidden
    files: a lock file is a warning on the workbook beside it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                child
                for child in sorted(path.iterdir())
                if child.suffix.lower() in FOLDER_SUFFIXES
                and child.is_file()
                and not child.name.startswith(("~$", "."))
            )
        else:
            found.append(path)
    # A file named twice (or by itself and through its folder) is checked and built once.
    return list(dict.fromkeys(found))
