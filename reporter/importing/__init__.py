"""``reporter import``: the month's numbers from the platforms' own exports into the client's workbook.

Two steps, each a plain function the CLI calls:

1. :func:`read_exports` opens every export file given (a folder means every file in it), recognises each table
   by its content (``platforms/``), and aggregates it to calendar months: :class:`Exports`, with the problems
   met (unsupported files, refused metrics), each naming the file and, where it can, the row;
2. ``write.import_into`` finds or adds each metric's row and month column in the workbook and writes the values
   (see ``write.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _
from ..model import Problem, Severity
from .model import Reading
from .platforms import recognise
from .read import SUPPORTED_SUFFIXES, ExportError, Table, open_export, os_reason

__all__ = ["Exports", "read_exports"]


@dataclass
class Exports:
    """Everything read from the export files of one import."""

    readings: list[Reading] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def export_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The files named, a folder's files (sorted, hidden files left out), and a problem for a missing path."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            try:
                entries = sorted(p for p in path.iterdir() if not p.name.startswith((".", "~$")))
            except OSError as exc:
                message = _("the folder cannot be read ({reason})").format(reason=os_reason(exc))
                problems.append(Problem(str(path), message))
                continue
            files.extend(p for p in entries if not p.is_dir())  # links that lead nowhere are named, not skipped
        elif path.exists() or path.is_symlink():
            files.append(path)  # open_export says what is wrong with a looping link, a pipe or a locked file
        else:
            problems.append(Problem(str(path), _("file not found")))
    return files, problems


def read_exports(paths: Sequence[Path]) -> Exports:
    """Read and recognise every export in ``paths``; one file's problem never stops the others."""
    files, problems = export_files(paths)
    exports = Exports(problems=problems)
    tables: list[Table] = []
    for path in files:
        try:
            tables.extend(open_export(path))
        except ExportError as exc:
            exports.problems.append(Problem(path.name, str(exc)))
    for table in tables:
        platform = recognise(table)
        if platform is None:
            exports.problems.append(Problem(table.name, _unsupported(table)))
            continue
        siblings = [other for other in tables if other is not table]
        try:
            reading = platform.read(table, siblings)
        except ExportError as exc:
            exports.problems.append(Problem.at(exc.origin, str(exc)) if exc.origin else Problem(table.name, str(exc)))
            continue
        exports.readings.append(reading)
        exports.problems.extend(reading.problems)
    return exports


def _unsupported(table: Table) -> str:
    if table.path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return _("not an export reporter can read (docs/import.md lists the supported exports)")
    return _("not recognised as a supported platform export (docs/import.md lists them and how to download them)")
