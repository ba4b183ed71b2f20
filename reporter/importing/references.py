"""References to the KPI sheet's cells, anywhere in the workbook: moving them when empty columns are inserted, as
Excel's *Insert column* does, and finding the formulas that use cells the import wrote.

On an insert every cell from the insertion on moves right, and so does every reference to it: formulas in every
sheet (shared formulas written out per cell first), defined names (print areas), merged cells, dropdowns,
conditional formats, comments and their note boxes, hyperlinks, filters, page breaks, column widths, the frozen
pane and the selection.

What reporter cannot move stops the insert before anything changed (:class:`InsertRefused` names it): drawings,
charts, pivot tables, Excel tables, form controls or slicers on or about the sheet, and what-if data tables. A
person then inserts the column by hand, and the import fills it.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError
from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.utils.cell import column_index_from_string, get_column_letter

from ..i18n import N_, _
from .package import Book, Sheet, cell_ref, local

# Relationships of the sheet that stay right when columns move (comments and their boxes are moved here).
MOVABLE = {"comments", "vmlDrawing", "printerSettings", "hyperlink", "image", "threadedComment", "customProperty"}
# What a relationship or part the insert cannot move is, for the message (translated where used).
KINDS = {
    "drawing": N_("drawings, images or charts"),
    "chart": N_("charts"),
    "table": N_("Excel tables"),
    "pivotTable": N_("pivot tables"),
    "pivotCacheDefinition": N_("pivot tables"),
    "queryTable": N_("data connections"),
    "connections": N_("data connections"),
    "ctrlProp": N_("form controls"),
    "control": N_("form controls"),
    "oleObject": N_("embedded objects"),
    "package": N_("embedded objects"),
    "slicer": N_("slicers"),
    "slicerCache": N_("slicers"),
    "timeline": N_("timelines"),
    "dataTable": N_("what-if data tables"),
}
# Parts anywhere in the package that may point into the sheet by its name.
_NAMED_PARTS = (
    ("xl/charts/", "chart"),
    ("xl/pivotCache/", "pivotCacheDefinition"),
    ("xl/tables/", "table"),
    ("xl/slicerCaches/", "slicerCache"),
    ("xl/queryTables/", "queryTable"),
    ("xl/connections.xml", "connections"),
)
_CELL = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$")
_COLUMN = re.compile(r"^(\$?)([A-Za-z]{1,3})$")


def formulas_using(book: Book, sheet: Sheet, cells: set[tuple[int, int]]) -> list[tuple[str, str]]:
    """The formula cells (sheet title, reference) of every sheet that refer to one of ``cells`` (row, column) of
    ``sheet``: their saved results are from before the cells changed. References through defined names are not
    followed; a formula reporter cannot read counts as one that may."""
    if not cells:
        return []
    found: list[tuple[str, str]] = []
    for ref in book.sheets():
        if ref.chart:
            continue
        other = sheet if ref.path == sheet.path else Sheet(book, ref)
        masters: dict[str, tuple[str, str]] = {}
        for cell in other.root.iter(other.q("c")):
            formula = next((f for f in cell if local(f) == "f"), None)
            if formula is None:
                continue
            here = cell.get("r", "")
            text = formula.text or ""
            if formula.get("t") == "shared":
                if formula.get("ref") and text:
                    masters[formula.get("si", "")] = (here, text)
                elif formula.get("si") in masters:
                    origin, master = masters[formula.get("si", "")]
                    text = _translated(master, origin, here)
            if text and _refers(text, sheet.ref.name, other is sheet, cells):
                found.append((ref.name, here))
    return found


def _translated(text: str, origin: str, here: str) -> str:
    try:
        return Translator("=" + text, origin=origin).translate_formula(here)[1:]
    except (TokenizerError, TranslatorError, ValueError):
        return text


def _refers(text: str, title: str, home: bool, cells: set[tuple[int, int]]) -> bool:
    try:
        tokens = Tokenizer("=" + text).items
    except TokenizerError:
        return True
    for token in tokens:
        if token.type != Token.OPERAND or token.subtype != Token.RANGE:
            continue
        value = token.value
        if "!" in value:
            sheet, value = value.rsplit("!", 1)
            name = sheet[1:-1].replace("''", "'") if sheet.startswith("'") and sheet.endswith("'") else sheet
            if name.casefold() != title.casefold():
                continue
        elif not home:
            continue
        bounds = _bounds(value.replace("$", ""))
        if bounds is not None and any(_inside(cell, bounds) for cell in cells):
            return True
    return False


def _bounds(area: str) -> tuple[int, int, int, int] | None:
    """First column, first row, last column, last row of ``K7``, ``K7:V9``, ``K:V`` or ``7:9``; ``None`` for a
    name."""
    parts = area.split(":")
    if len(parts) > 2:
        return None
    found = [_CELL.match(part) for part in parts]
    if all(found):
        cols = [column_index_from_string(m[2].upper()) for m in found if m]
        rows = [int(m[4]) for m in found if m]
        return min(cols), min(rows), max(cols), max(rows)
    if len(parts) == 2 and all(_COLUMN.match(part) for part in parts):
        cols = [column_index_from_string(part.upper()) for part in parts]
        return min(cols), 1, max(cols), 1_048_576
    if len(parts) == 2 and all(part.isdigit() for part in parts):
        return 1, min(map(int, parts)), 16_384, max(map(int, parts))
    return None


def _inside(cell: tuple[int, int], bounds: tuple[int, int, int, int]) -> bool:
    row, col = cell
    return bounds[0] <= col <= bounds[2] and bounds[1] <= row <= bounds[3]


class InsertRefused(Exception):
    """The sheet holds things the insert cannot move; the message (translated) names them."""


def blockers(book: Book, sheet: Sheet) -> list[str]:
    """What would have to move with the sheet's columns but cannot (translated, each once)."""
    found: list[str] = []
    for rel in book.relationships(sheet.path):
        if rel.type not in MOVABLE:
            found.append(_(KINDS[rel.type]) if rel.type in KINDS else rel.type)
    title = sheet.ref.name.casefold()
    for name in sorted(book.names):
        kind = next((kind for prefix, kind in _NAMED_PARTS if name.startswith(prefix)), None)
        if kind is not None and name.endswith(".xml"):
            if title in book.read(name).decode("utf-8", "replace").casefold():
                found.append(_(KINDS[kind]))
    if any(f.get("t") == "dataTable" for f in sheet.root.iter(sheet.q("f"))):
        found.append(_(KINDS["dataTable"]))
    return list(dict.fromkeys(found))


def insert_columns(book: Book, sheet: Sheet, at: int, by: int = 1) -> None:
    """Insert ``by`` empty columns before column ``at`` of ``sheet``; raises :class:`InsertRefused` first when
    something would not move with them."""
    found = blockers(book, sheet)
    if found:
        raise InsertRefused(", ".join(found))
    mover = _Mover(sheet.ref.name, at, by)
    others = [Sheet(book, ref) for ref in book.sheets() if not ref.chart and ref.path != sheet.path]
    try:
        _unshare(sheet, lambda text: True)
        for other in others:
            _unshare(other, lambda text: sheet.ref.name.casefold() in text.casefold())
        _move_sheet(sheet, mover)
        for other in others:
            if _move_formulas(other.root, mover, home=False):
                book.touch(other.path)
        _move_names(book, mover)
    except (TokenizerError, TranslatorError, ValueError) as exc:
        raise InsertRefused(_("a formula reporter cannot read ({reason})").format(reason=exc)) from exc
    _move_comments(book, sheet, mover)
    _drop_calc_chain(book)
    sheet.index()
    sheet.refresh_dimension()
    book.touch(sheet.path)


class _Mover:
    """Moves column numbers, references, areas and formulas for one insert."""

    def __init__(self, title: str, at: int, by: int) -> None:
        self.title = title.casefold()
        self.at = at
        self.by = by

    def col(self, col: int) -> int:
        return col + self.by if col >= self.at else col

    def area(self, ref: str) -> str:
        """``K7``, ``$K$7``, ``K7:V9``, ``K:V`` moved; whole rows and names stay as they are."""
        parts = ref.split(":")
        if all(_CELL.match(part) for part in parts) and len(parts) <= 2:
            return ":".join(self._cell(part) for part in parts)
        if len(parts) == 2 and all(_COLUMN.match(part) for part in parts):
            return ":".join(self._column(part) for part in parts)
        return ref

    def _cell(self, part: str) -> str:
        found = _CELL.match(part)
        assert found is not None
        col = self.col(column_index_from_string(found[2].upper()))
        return f"{found[1]}{get_column_letter(col)}{found[3]}{found[4]}"

    def _column(self, part: str) -> str:
        found = _COLUMN.match(part)
        assert found is not None
        return f"{found[1]}{get_column_letter(self.col(column_index_from_string(found[2].upper())))}"

    def areas(self, text: str) -> str:
        """A space-separated list of areas (``sqref``)."""
        return " ".join(self.area(part) for part in text.split())

    def formula(self, text: str, home: bool) -> str:
        """A formula (without ``=``) with its references into the sheet moved; ``home``: it lives on the sheet,
        so references without a sheet name are to it."""
        tokens = Tokenizer("=" + text)
        changed = False
        for token in tokens.items:
            if token.type == Token.OPERAND and token.subtype == Token.RANGE:
                moved = self._operand(token.value, home)
                if moved != token.value:
                    token.value = moved
                    changed = True
        return "".join(token.value for token in tokens.items) if changed else text

    def _operand(self, value: str, home: bool) -> str:
        if "!" not in value:
            return self.area(value) if home else value
        sheet, area = value.rsplit("!", 1)
        if sheet.startswith("["):
            return value  # another workbook
        name = sheet[1:-1].replace("''", "'") if sheet.startswith("'") and sheet.endswith("'") else sheet
        return f"{sheet}!{self.area(area)}" if name.casefold() == self.title else value


def _unshare(sheet: Sheet, concerned: Any) -> None:
    """Write out shared formulas as one formula per cell where their master's text is ``concerned`` (a shared
    formula's cells would otherwise be worked out from a moved master at moved distances)."""
    masters: dict[str, tuple[str, str]] = {}
    formulas = [(cell.get("r"), f) for cell in sheet.root.iter(sheet.q("c")) for f in cell if local(f) == "f"]
    for ref, element in formulas:
        if element.get("t") == "shared" and element.get("ref") and element.text:
            masters[element.get("si", "")] = (ref, element.text)
    for here, element in formulas:
        if element.get("t") != "shared" or element.get("si") not in masters:
            continue
        origin, text = masters[element.get("si", "")]
        if not concerned(text):
            continue
        element.text = text if here == origin else Translator("=" + text, origin=origin).translate_formula(here)[1:]
        for key in ("t", "si", "ref"):
            element.attrib.pop(key, None)
        sheet.book.touch(sheet.path)


def _move_sheet(sheet: Sheet, mover: _Mover) -> None:
    for (row, col), cell in sheet.cells.items():
        if col >= mover.at:
            cell.set("r", cell_ref(row, mover.col(col)))
    for row in sheet.rows.values():
        row.attrib.pop("spans", None)
    for element in sheet.root.iter():
        name = local(element)
        for key in ("ref", "sqref"):
            if element.get(key) and name != "f":
                element.set(key, mover.areas(element.get(key)))
        if name == "f" and element.get("ref"):
            element.set("ref", mover.areas(element.get("ref")))
        if name in ("pane", "selection", "customSheetView") and element.get("topLeftCell"):
            element.set("topLeftCell", mover.area(element.get("topLeftCell")))
        if name == "selection" and element.get("activeCell"):
            element.set("activeCell", mover.area(element.get("activeCell")))
        if name == "sqref" and element.text:  # extension lists keep their ranges as element text
            element.text = mover.areas(element.text)
        if name == "colBreaks":
            for brk in element:
                if brk.get("id"):  # 0-based: the page break is after that column
                    brk.set("id", str(mover.col(int(brk.get("id")) + 1) - 1))
    _move_filter(sheet, mover)
    _move_frozen(sheet, mover)
    _move_formulas(sheet.root, mover, home=True)
    widths = sheet.column_widths()
    if widths:
        sheet.set_column_widths({mover.col(col): attrs for col, attrs in widths.items()})


def _move_filter(sheet: Sheet, mover: _Mover) -> None:
    """A filter counts its columns from its first one: the columns after an insert inside it move on."""
    for element in sheet.root.iter(sheet.q("autoFilter")):
        found = _CELL.match(element.get("ref", "").split(":")[0])
        if not found:
            continue
        start = column_index_from_string(found[2].upper())  # where it starts now: its area was moved already
        before = start - mover.by if start >= mover.at + mover.by else start
        for column in element.iter(sheet.q("filterColumn")):
            offset = int(column.get("colId", "0"))
            column.set("colId", str(mover.col(before + offset) - start))


def _move_frozen(sheet: Sheet, mover: _Mover) -> None:
    """Frozen columns count columns (a split pane counts twips): an insert among them freezes one more, and the
    scrolling part starts right after them, as before."""
    for pane in sheet.root.iter(sheet.q("pane")):
        if pane.get("state") not in ("frozen", "frozenSplit") or not pane.get("xSplit"):
            continue
        frozen = int(float(pane.get("xSplit")))
        if mover.at <= frozen:
            frozen += mover.by
            pane.set("xSplit", str(frozen))
        found = _CELL.match(pane.get("topLeftCell", ""))
        if found:
            pane.set("topLeftCell", f"{get_column_letter(frozen + 1)}{found[4]}")


def _move_formulas(root: Any, mover: _Mover, *, home: bool) -> bool:
    """Move the references in every formula of a sheet: cells, conditional formats, dropdowns, extensions."""
    changed = False
    for element in root.iter():
        if local(element) in ("f", "formula", "formula1", "formula2") and element.text:
            moved = mover.formula(element.text, home)
            if moved != element.text:
                element.text = moved
                changed = True
    return changed


def _move_names(book: Book, mover: _Mover) -> None:
    root = book.xml(book.workbook_path)
    for element in root.iter():
        if local(element) == "definedName" and element.text:
            moved = mover.formula(element.text, home=False)
            if moved != element.text:
                element.text = moved
                book.touch(book.workbook_path)


def _move_comments(book: Book, sheet: Sheet, mover: _Mover) -> None:
    for rel in book.relationships(sheet.path):
        if rel.target not in book.names:
            continue
        if rel.type in ("comments", "threadedComment"):
            root = book.xml(rel.target)
            for element in root.iter():
                if local(element) in ("comment", "threadedComment") and element.get("ref"):
                    element.set("ref", mover.area(element.get("ref")))
            book.touch(rel.target)
        elif rel.type == "vmlDrawing":
            # VML is not always well-formed XML (Excel writes <br> in it): the note boxes are moved as text
            text = book.read(rel.target).decode("utf-8", "replace")
            book.replace(rel.target, _move_vml(text, mover).encode("utf-8"))


def _move_vml(text: str, mover: _Mover) -> str:
    """Move each note box whose cell moved: its ``Column`` (0-based) and the columns of its ``Anchor`` (Excel
    writes the prefix ``x:``, other programs their own)."""

    def box(found: re.Match[str]) -> str:
        block = found[0]
        column = re.search(r"<((?:[\w-]+:)?)Column>\s*(\d+)\s*</\1Column>", block)
        if column is None or int(column[2]) + 1 < mover.at:
            return block
        block = re.sub(
            r"<((?:[\w-]+:)?)Column>\s*(\d+)\s*</\1Column>",
            lambda m: f"<{m[1]}Column>{int(m[2]) + mover.by}</{m[1]}Column>",
            block,
        )

        def anchor(m: re.Match[str]) -> str:
            parts = [p.strip() for p in m[2].split(",")]
            if len(parts) == 8:
                parts[0] = str(int(parts[0]) + mover.by)
                parts[4] = str(int(parts[4]) + mover.by)
            return f"<{m[1]}Anchor>{', '.join(parts)}</{m[1]}Anchor>"

        return re.sub(r"<((?:[\w-]+:)?)Anchor>([^<]*)</\1Anchor>", anchor, block)

    return re.sub(r"<((?:[\w-]+:)?)ClientData\b.*?</\1ClientData>", box, text, flags=re.S)


def _drop_calc_chain(book: Book) -> None:
    """The calculation chain lists formula cells by place; Excel rebuilds it when it is missing."""
    path = book.part_of("calcChain")
    if path is None:
        return
    book.remove(path)
    rels = book.rels_part(book.workbook_path)
    root = book.xml(rels)
    for element in list(root):
        if element.get("Type", "").endswith("/calcChain"):
            root.remove(element)
    book.touch(rels)
    if "[Content_Types].xml" in book.names:
        types = book.xml("[Content_Types].xml")
        for element in list(types):
            if element.get("PartName", "").lstrip("/") == path:
                types.remove(element)
        book.touch("[Content_Types].xml")
