"""The platforms reporter can import, one module each, registered here.

A platform module declares its metrics as data (:class:`~reporter.importing.model.Metric`) and registers one
:class:`Platform` per kind of export it reads::

    @register("Search Console", "Performance › Chart", sniff=_is_chart)
    def read_chart(table: Table, siblings: Sequence[Table]) -> Reading: ...

``sniff`` looks at a table's content (never only the file name) and says whether it is this export; ``read``
turns the table into series by calendar month. ``siblings`` are the other tables that came with it (the other
files of a Search Console zip or folder, e.g. ``Filters.csv`` with the date range). Adding a platform is a new
module here plus its import in :data:`MODULES`, its rows in docs/import.md and its test exports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Reading
from ..read import Table

Sniff = Callable[[Table], bool]
Read = Callable[[Table, Sequence[Table]], Reading]

# Imported in this order; the first platform whose sniff accepts a table reads it.
MODULES = (
    "search_console",
    "ga4",
    "google_ads",
    "linkedin",  # before meta: Business Suite's generic "Date, <metric>" files would take LinkedIn's sheets
    "meta",
    "business_profile",
    "matomo",
    "newsletter",
)


@dataclass(frozen=True)
class Platform:
    name: str  # "Search Console"
    report: str  # "Performance › Chart"
    sniff: Sniff
    read: Read


PLATFORMS: list[Platform] = []


def register(name: str, report: str, *, sniff: Sniff) -> Callable[[Read], Read]:
    """Register ``read`` as the reader of the exports that ``sniff`` recognises."""

    def decorate(read: Read) -> Read:
        PLATFORMS.append(Platform(name, report, sniff, read))
        return read

    return decorate


_loaded = False


def platforms() -> list[Platform]:
    """Every registered platform export, in the order they are tried."""
    global _loaded
    if not _loaded:
        for module in MODULES:
            importlib.import_module(f"{__name__}.{module}")
        _loaded = True
    # in the order of MODULES, whichever module was imported first (a test may import one directly)
    return sorted(PLATFORMS, key=_position)


def _position(platform: Platform) -> int:
    module = platform.read.__module__.rsplit(".", 1)[-1]
    return MODULES.index(module) if module in MODULES else len(MODULES)  # others (a test's) after ours


def recognise(table: Table) -> Platform | None:
    """The platform export ``table`` is, decided by its content."""
    return next((platform for platform in platforms() if platform.sniff(table)), None)
