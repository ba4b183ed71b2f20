"""Finding an export's header row and its columns by the spellings a platform module declares (German and
English UI, API names), whatever their case or spacing, and despite a leading ``'`` (Matomo writes one before a
cell that a spreadsheet could take for a formula).

A platform module declares ``{column id: (spelling, …)}``; :func:`match` maps a header row's cells to those ids
and :func:`find_header` finds the row among a table's first rows (LinkedIn puts a note above its header).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .read import Table, plain

Aliases = Mapping[str, Sequence[str]]


def header_key(cell: Any) -> str:
    """A header cell as compared: no formula guard, no colon at the end, single spaces, case folded."""
    text = plain(cell).lstrip("'").replace("\u00a0", " ").replace("\ufeff", "")
    return " ".join(text.split()).rstrip(":").strip().casefold()


def index(aliases: Aliases) -> dict[str, str]:
    """Every spelling (as :func:`header_key` writes it) → its column id."""
    return {header_key(spelling): column for column, spellings in aliases.items() for spelling in spellings}


def match(cells: Iterable[Any], aliases: Aliases) -> dict[str, int]:
    """Column id → position of its first header cell in ``cells``."""
    spellings = index(aliases)
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        column = spellings.get(header_key(cell))
        if column is not None and column not in found:
            found[column] = position
    return found


def find_header(
    table: Table, aliases: Aliases, accept: Callable[[dict[str, int]], bool], within: int = 10
) -> tuple[int, dict[str, int]] | None:
    """The first of the table's first ``within`` rows whose matched columns ``accept`` takes, with its columns."""
    for position, row in enumerate(table.rows[:within]):
        found = match(row, aliases)
        if found and accept(found):
            return position, found
    return None
