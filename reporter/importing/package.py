"""The client workbook as Excel stores it, a zip package of XML parts, edited in place for ``reporter import``.

Only the parts an import changes are parsed and written again (the KPI sheet; the styles when a cell needs a
number format; on a column insert also the parts that refer to the moved cells); every other part is copied as it
is. So images, charts, pivot tables, macros, comments, dropdowns, extensions and the saved results of formulas stay
exactly as Excel or LibreOffice wrote them, which a load and save with openpyxl would not keep.

Parts are parsed with defusedxml (no DTDs, entities or external references), as openpyxl parses them for the
reader, and only after the reader's package checks (``reporter/xlsx.py``) passed. A changed part is written by
:func:`serialize`, which keeps every namespace declaration where the part had it, with its prefix: Excel reads
``mc:Ignorable="x14ac xr"`` by those prefixes and refuses a part where they are missing (the standard library's
serializer would rename them ``ns0``, ``ns1`` and drop the unused ones).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from ..i18n import _

PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
MAX_PART_BYTES = 20_000_000  # a client's KPI sheet or styles are kilobytes; as the reader's limit on whole parts
XML_NS = "http://www.w3.org/XML/1998/namespace"
_CELL_REF = re.compile(r"^([A-Za-z]{1,3})(\d{1,7})$")


class PackageError(Exception):
    """The workbook's package is not what Excel writes; the message (translated) says what is wrong."""


def split_ref(ref: str) -> tuple[int, int]:
    """``K7`` → (7, 11): row and column, both 1-based."""
    found = _CELL_REF.match(ref)
    if not found:
        raise PackageError(_("the cell reference {ref} is not valid").format(ref=ref))
    return int(found[2]), column_index_from_string(found[1].upper())


def cell_ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def local(element: Any) -> str:
    """An element's tag without its namespace."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def relationship_id(element: Any) -> str | None:
    """The ``r:id`` of an element, whichever namespace spelling the file uses."""
    for namespace in DOC_RELS:
        value = element.get(f"{{{namespace}}}id")
        if value:
            return str(value)
    return None


@dataclass(frozen=True)
class SheetRef:
    """A sheet as the workbook lists it."""

    name: str
    path: str  # the part: "xl/worksheets/sheet3.xml"
    index: int  # 0-based position in the workbook
    state: str = "visible"
    chart: bool = False  # a chart sheet, not a worksheet


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str  # the last part of the relationship type URI: "worksheet", "comments", "drawing" …
    target: str  # the part it points at (resolved), or the external address


class Book:
    """The parts of one workbook package; parsed on demand, written back only when changed."""

    def __init__(self, data: bytes) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            self.infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackageError(_("the file is not a readable zip archive ({reason})").format(reason=exc)) from exc
        self.names = {info.filename for info in self.infos}
        self.trees: dict[str, Any] = {}
        self.declared: dict[str, dict[Any, list[tuple[str, str]]]] = {}  # part → element → its xmlns
        self.changed: set[str] = set()
        self.removed: set[str] = set()
        self.replaced: dict[str, bytes] = {}  # parts changed as bytes, not as a parsed tree
        self.workbook_path = self._office_document()
        self._styles: Styles | None = None
        self._strings: list[str] | None = None

    # -- parts -------------------------------------------------------------------------------------------------
    def read(self, name: str) -> bytes:
        if name in self.replaced:
            return self.replaced[name]
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            message = _("the part {part} is too large to edit ({size} MB)")
            raise PackageError(message.format(part=name, size=f"{info.file_size / 1e6:.0f}"))
        return self.archive.read(name)

    def xml(self, name: str) -> Any:
        """The root element of an XML part, parsed once."""
        if name not in self.trees:
            if name not in self.names:
                raise PackageError(_("the part {part} is missing").format(part=name))
            try:
                self.trees[name], self.declared[name] = parse(self.read(name))
            except (ET.ParseError, DefusedXmlException) as exc:
                message = _("the part {part} is not valid XML ({reason})")
                raise PackageError(message.format(part=name, reason=exc)) from exc
        return self.trees[name]

    def touch(self, name: str) -> None:
        """The part's tree was changed: it is written when the package is saved."""
        self.changed.add(name)

    def remove(self, name: str) -> None:
        self.removed.add(name)

    def replace(self, name: str, data: bytes) -> None:
        """Write ``data`` as the part ``name`` (a part that is not XML, or not parsed as such)."""
        self.replaced[name] = data

    @property
    def modified(self) -> bool:
        return bool(self.changed or self.removed or self.replaced)

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of a part (``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``)."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.names:
            return []
        found = []
        for element in self.xml(rels):
            if local(element) != "Relationship":
                continue
            target = element.get("Target", "")
            if element.get("TargetMode") != "External":
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target)
                )
            kind = element.get("Type", "").rsplit("/", 1)[-1]
            found.append(Relationship(element.get("Id", ""), kind, target))
        return found

    def rels_part(self, part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def _office_document(self) -> str:
        for rel in self.relationships(""):
            if rel.type == "officeDocument":
                return rel.target
        if "xl/workbook.xml" in self.names:
            return "xl/workbook.xml"
        raise PackageError(_("the package has no workbook part"))

    # -- the workbook ------------------------------------------------------------------------------------------
    def sheets(self) -> list[SheetRef]:
        """Every sheet in the workbook's order."""
        targets = {rel.id: rel for rel in self.relationships(self.workbook_path)}
        root = self.xml(self.workbook_path)
        found = []
        for element in root.iter():
            if local(element) != "sheet":
                continue
            rel = targets.get(relationship_id(element) or "")
            if rel is None:
                continue
            found.append(
                SheetRef(
                    element.get("name", ""), rel.target, len(found), element.get("state", "visible"),
                    rel.type == "chartsheet",
                )
            )
        return found

    @property
    def date1904(self) -> bool:
        for element in self.xml(self.workbook_path):
            if local(element) == "workbookPr":
                return element.get("date1904") in ("1", "true")
        return False

    def recalculate_on_load(self) -> None:
        """Ask Excel to calculate every formula when it opens the workbook (``calcPr fullCalcOnLoad``)."""
        root = self.xml(self.workbook_path)
        calc = next((e for e in root if local(e) == "calcPr"), None)
        if calc is None:
            calc = ET.Element(root.tag.split("}")[0] + "}calcPr")
            after = [i for i, e in enumerate(root) if local(e) in ("sheets", "functionGroups", "externalReferences",
                                                                   "definedNames")]
            root.insert(max(after) + 1 if after else len(root), calc)
        if calc.get("fullCalcOnLoad") != "1":
            calc.set("fullCalcOnLoad", "1")
            self.touch(self.workbook_path)

    def part_of(self, kind: str) -> str | None:
        """The workbook's part of one relationship type (``sharedStrings``, ``styles``, ``calcChain``)."""
        return next((rel.target for rel in self.relationships(self.workbook_path) if rel.type == kind), None)

    @property
    def strings(self) -> list[str]:
        """The shared strings, as text (rich text runs joined; phonetic hints left out)."""
        if self._strings is None:
            path = self.part_of("sharedStrings")
            self._strings = [] if path is None or path not in self.names else [
                _string_item(item) for item in self.xml(path) if local(item) == "si"
            ]
        return self._strings

    @property
    def styles(self) -> Styles:
        if self._styles is None:
            self._styles = Styles(self, self.part_of("styles"))
        return self._styles

    # -- writing -----------------------------------------------------------------------------------------------
    def save(self) -> bytes:
        """The package with every changed part written again and every other part as it was, in the same order."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                if info.filename in self.removed:
                    continue
                if info.filename in self.replaced:
                    data = self.replaced[info.filename]
                elif info.filename in self.changed:
                    data = serialize(self.trees[info.filename], self.declared[info.filename])
                else:
                    data = self.archive.read(info.filename)
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = zipfile.ZIP_STORED if info.compress_type == zipfile.ZIP_STORED else (
                    zipfile.ZIP_DEFLATED
                )
                copy.external_attr = info.external_attr
                out.writestr(copy, data)
        return buffer.getvalue()


def _string_item(item: Any) -> str:
    parts = []
    for child in item:
        name = local(child)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if local(t) == "t")
    return "".join(parts)


class Styles:
    """The cell formats of ``styles.xml``: each cell's number format, and copies of a format with another one."""

    def __init__(self, book: Book, path: str | None) -> None:
        self.book = book
        self.path = path
        self.root = book.xml(path) if path is not None and path in book.names else None
        self.ns = self.root.tag.split("}")[0][1:] if self.root is not None else ""
        self.formats: dict[int, str] = {}
        self.xfs: list[Any] = []
        self.container: Any = None  # the cellXfs element
        self.copies: dict[tuple[int, str], int] = {}
        if self.root is None:
            return
        for element in self.root:
            if local(element) == "numFmts":
                for fmt in element:
                    if local(fmt) == "numFmt":
                        self.formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "General")
            elif local(element) == "cellXfs":
                self.container = element
                self.xfs = [xf for xf in element if local(xf) == "xf"]

    def number_format(self, style: int) -> str:
        if not 0 <= style < len(self.xfs):
            return "General"
        fmt_id = int(self.xfs[style].get("numFmtId", "0"))
        return self.formats.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "General")

    def with_format(self, style: int, code: str) -> int:
        """A cell format like ``style`` but with the number format ``code`` (added to the styles once)."""
        if self.number_format(style) == code:
            return style
        if (style, code) in self.copies:
            return self.copies[(style, code)]
        if self.root is None or not self.xfs:
            raise PackageError(_("the workbook has no cell formats (styles.xml) to copy"))
        fmt_id = self._format_id(code)
        source = self.xfs[style] if 0 <= style < len(self.xfs) else self.xfs[0]
        made = copy.deepcopy(source)
        made.set("numFmtId", str(fmt_id))
        made.set("applyNumberFormat", "1")
        self.container.append(made)
        self.xfs.append(made)
        self.container.set("count", str(len(self.xfs)))
        index = len(self.xfs) - 1
        self.copies[(style, code)] = index
        self.book.touch(self.path or "")
        return index

    def _format_id(self, code: str) -> int:
        for fmt_id, known in list(self.formats.items()) + list(BUILTIN_FORMATS.items()):
            if known == code:
                return fmt_id
        fmt_id = max([163, *self.formats]) + 1  # custom formats are numbered from 164
        container = next((e for e in self.root if local(e) == "numFmts"), None)
        if container is None:
            container = ET.Element(f"{{{self.ns}}}numFmts")
            self.root.insert(0, container)
        element = ET.SubElement(container, f"{{{self.ns}}}numFmt")
        element.set("numFmtId", str(fmt_id))
        element.set("formatCode", code)
        container.set("count", str(len(container)))
        self.formats[fmt_id] = code
        return fmt_id


@dataclass(frozen=True)
class Cell:
    """A cell's content as the reader sees it: the stored value (a formula's saved result), its number format."""

    raw: Any  # None, str, int, float, bool, datetime, time, timedelta
    number_format: str
    style: int
    formula: bool = False
    error: bool = False  # an Excel error value such as #DIV/0!

    @property
    def empty(self) -> bool:
        return not self.formula and (self.raw is None or (isinstance(self.raw, str) and not self.raw.strip()))

    @property
    def percent(self) -> bool:
        return "%" in self.number_format


class Sheet:
    """One worksheet's XML: its cells by position, read as the reader reads them and written in place."""

    def __init__(self, book: Book, ref: SheetRef) -> None:
        self.book = book
        self.ref = ref
        self.path = ref.path
        self.root = book.xml(ref.path)
        self.ns = self.root.tag.split("}")[0][1:]
        data = self.child("sheetData")
        if data is None:
            data = ET.SubElement(self.root, self.q("sheetData"))
        self.data = data
        self.rows: dict[int, Any] = {}
        self.cells: dict[tuple[int, int], Any] = {}
        self.row_cells: dict[int, dict[int, Any]] = {}  # row → column → cell, for going along a row
        self.index()

    def q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    def child(self, name: str) -> Any:
        return next((e for e in self.root if local(e) == name), None)

    def index(self) -> None:
        """Find every row and cell; rows and cells without an ``r`` get theirs written out."""
        self.rows.clear()
        self.cells.clear()
        self.row_cells.clear()
        number = 0
        for row in self.data:
            if local(row) != "row":
                continue
            number = int(row.get("r") or number + 1)
            row.set("r", str(number))
            self.rows[number] = row
            along = self.row_cells.setdefault(number, {})
            col = 0
            for cell in row:
                if local(cell) != "c":
                    continue
                ref = cell.get("r")
                col = split_ref(ref)[1] if ref else col + 1
                cell.set("r", cell_ref(number, col))
                self.cells[(number, col)] = cell
                along[col] = cell

    # -- reading -----------------------------------------------------------------------------------------------
    def style(self, row: int, col: int) -> int | None:
        cell = self.cells.get((row, col))
        if cell is None or cell.get("s") is None:
            return None
        return int(cell.get("s"))

    def cell(self, row: int, col: int) -> Cell:
        element = self.cells.get((row, col))
        if element is None:
            return Cell(None, "General", 0)
        style = int(element.get("s") or 0)
        fmt = self.book.styles.number_format(style)
        kind = element.get("t", "n")
        formula = any(local(c) == "f" for c in element)
        stored = next((c.text for c in element if local(c) == "v"), None)
        raw: Any = stored
        if kind == "inlineStr":
            raw = "".join(_string_item(c) for c in element if local(c) == "is")
        elif kind == "s":
            strings = self.book.strings
            index = int(stored) if stored is not None and stored.strip().isdigit() else -1
            raw = strings[index] if 0 <= index < len(strings) else None
        elif kind == "b":
            raw = None if stored is None else stored.strip() in ("1", "true")
        elif kind == "e":
            return Cell(stored, fmt, style, formula, True)
        elif kind == "d":
            raw = from_ISO8601(stored) if stored else None
        elif kind == "n" and stored is not None:
            raw = _number(stored, fmt, self.book.date1904)
        return Cell(raw, fmt, style, formula)

    def row_numbers(self) -> list[int]:
        return sorted(self.rows)

    def columns_of(self, row: int) -> list[int]:
        return sorted(self.row_cells.get(row, ()))

    def used(self, row: int) -> bool:
        """Whether a row holds any value or formula (styled empty cells do not count)."""
        return any(not self.cell(row, col).empty for col in self.columns_of(row))

    def column_used(self, col: int) -> bool:
        return any(not self.cell(row, c).empty for (row, c) in self.cells if c == col)

    # -- writing -----------------------------------------------------------------------------------------------
    def ensure_row(self, number: int, like: int | None = None) -> Any:
        """The ``row`` element, created in order (with the height and row format of row ``like``)."""
        if number in self.rows:
            return self.rows[number]
        row = ET.Element(self.q("row"))
        row.set("r", str(number))
        if like is not None and like in self.rows:
            for key in ("ht", "customHeight", "s", "customFormat"):
                if self.rows[like].get(key) is not None:
                    row.set(key, self.rows[like].get(key))
        following = [n for n in self.rows if n > number]
        if following:
            self.data.insert(list(self.data).index(self.rows[min(following)]), row)
        else:
            self.data.append(row)
        self.rows[number] = row
        self.book.touch(self.path)
        return row

    def ensure_cell(self, row: int, col: int) -> Any:
        if (row, col) in self.cells:
            return self.cells[(row, col)]
        parent = self.ensure_row(row)
        cell = ET.Element(self.q("c"))
        cell.set("r", cell_ref(row, col))
        later = [c for c in self.columns_of(row) if c > col]
        if later:
            parent.insert(list(parent).index(self.cells[(row, min(later))]), cell)
        else:
            parent.append(cell)
        self.cells[(row, col)] = cell
        self.row_cells.setdefault(row, {})[col] = cell
        parent.attrib.pop("spans", None)  # an optional hint that would now be wrong
        self.book.touch(self.path)
        return cell

    def _clear(self, cell: Any, style: int | None) -> None:
        for child in list(cell):
            cell.remove(child)
        for key in ("t", "vm", "cm", "ph"):
            cell.attrib.pop(key, None)
        if style is not None:
            cell.set("s", str(style))

    def set_number(self, row: int, col: int, value: float, style: int | None = None) -> None:
        cell = self.ensure_cell(row, col)
        self._clear(cell, style)
        ET.SubElement(cell, self.q("v")).text = format_number(value)
        self.book.touch(self.path)

    def set_text(self, row: int, col: int, text: str, style: int | None = None) -> None:
        cell = self.ensure_cell(row, col)
        self._clear(cell, style)
        cell.set("t", "inlineStr")
        container = ET.SubElement(cell, self.q("is"))
        element = ET.SubElement(container, self.q("t"))
        element.text = text
        if text != text.strip():
            element.set(f"{{{XML_NS}}}space", "preserve")
        self.book.touch(self.path)

    def set_style(self, row: int, col: int, style: int) -> None:
        self.ensure_cell(row, col).set("s", str(style))
        self.book.touch(self.path)

    def refresh_dimension(self) -> None:
        """The ``dimension`` element covers every cell again."""
        element = self.child("dimension")
        if element is None or not self.cells:
            return
        rows = [r for r, _c in self.cells]
        cols = [c for _r, c in self.cells]
        ref = f"{cell_ref(min(rows), min(cols))}:{cell_ref(max(rows), max(cols))}"
        if element.get("ref") != ref:
            element.set("ref", ref)
            self.book.touch(self.path)

    # -- columns -----------------------------------------------------------------------------------------------
    def column_widths(self) -> dict[int, dict[str, str]]:
        """Every column's ``col`` attributes (width, style, hidden …) by column number."""
        found: dict[int, dict[str, str]] = {}
        cols = self.child("cols")
        for element in cols if cols is not None else ():
            if local(element) != "col":
                continue
            attrs = {k: v for k, v in element.attrib.items() if k not in ("min", "max")}
            for col in range(int(element.get("min", "1")), min(int(element.get("max", "1")), 16384) + 1):
                found[col] = attrs
        return found

    def set_column_widths(self, widths: dict[int, dict[str, str]]) -> None:
        """Write the ``cols`` element from per-column attributes, runs of equal columns as one range."""
        cols = self.child("cols")
        if cols is None:
            if not widths:
                return
            cols = ET.Element(self.q("cols"))
            self.root.insert(list(self.root).index(self.data), cols)
        for element in list(cols):
            cols.remove(element)
        for first, last, attrs in _runs(widths):
            element = ET.SubElement(cols, self.q("col"))
            element.set("min", str(first))
            element.set("max", str(last))
            for key, value in attrs.items():
                element.set(key, value)
        if not len(cols):
            self.root.remove(cols)
        self.book.touch(self.path)


def _runs(widths: dict[int, dict[str, str]]) -> Iterator[tuple[int, int, dict[str, str]]]:
    columns = sorted(widths)
    start = 0
    while start < len(columns):
        end = start
        while (
            end + 1 < len(columns)
            and columns[end + 1] == columns[end] + 1
            and widths[columns[end + 1]] == widths[columns[start]]
        ):
            end += 1
        yield columns[start], columns[end], widths[columns[start]]
        start = end + 1


def _number(stored: str, fmt: str, date1904: bool) -> Any:
    try:
        value: float | int = int(stored) if re.fullmatch(r"-?\d+", stored.strip()) else float(stored)
    except ValueError:
        return stored
    if is_date_format(fmt):
        try:
            return from_excel(value, MAC_EPOCH if date1904 else WINDOWS_EPOCH, timedelta=is_timedelta_format(fmt))
        except (ValueError, OverflowError):
            return value
    return value


def format_number(value: float) -> str:
    """A number as a cell stores it: 15 significant digits, as Excel keeps them (``1234``, ``6.47``)."""
    text = f"{value:.15g}"
    return text.replace("e+", "E+").replace("e-", "E-")


def excel_date(month: str, date1904: bool) -> float:
    """The serial number of a month's first day, as a date cell stores it."""
    from openpyxl.utils.datetime import to_excel

    return float(to_excel(dt.datetime(int(month[:4]), int(month[5:7]), 1), MAC_EPOCH if date1904 else WINDOWS_EPOCH))


# ---- XML that keeps its namespace declarations -------------------------------------------------------------


class _Builder(ET.TreeBuilder):
    """Builds the tree (comments and processing instructions kept) and notes which element declared which
    namespace prefixes."""

    def __init__(self) -> None:
        super().__init__(insert_comments=True, insert_pis=True)
        self.pending: list[tuple[str, str]] = []
        self.declared: dict[Any, list[tuple[str, str]]] = {}

    def start_ns(self, prefix: str, uri: str) -> None:
        self.pending.append((prefix or "", uri))

    def start(self, tag: Any, attrs: Any) -> Any:
        element = super().start(tag, attrs)
        if self.pending:
            self.declared[element] = self.pending
            self.pending = []
        return element


def parse(data: bytes) -> tuple[Any, dict[Any, list[tuple[str, str]]]]:
    """An XML part's root element and, per element, the namespaces it declares; DTDs and entities refused."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.feed(data)
    return parser.close(), builder.declared


def serialize(root: Any, declared: dict[Any, list[tuple[str, str]]]) -> bytes:
    """The part as UTF-8 XML, each namespace declared where it was, with its prefix."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n']
    _write(root, declared, {"xml": XML_NS}, out)
    return "".join(out).encode("utf-8")


def _write(element: Any, declared: dict[Any, list[tuple[str, str]]], scope: dict[str, str], out: list[str]) -> None:
    if element.tag is ET.Comment:
        out.append(f"<!--{element.text or ''}-->{_escape(element.tail)}")
        return
    if element.tag is ET.ProcessingInstruction:
        out.append(f"<?{element.text or ''}?>{_escape(element.tail)}")
        return
    own = list(declared.get(element, ()))
    scope = {**scope, **dict(own)}
    name = _name(element.tag, scope, own, attribute=False)
    attributes = [(_name(key, scope, own, attribute=True), value) for key, value in element.attrib.items()]
    spelled = [f' xmlns{":" + p if p else ""}="{_escape(u, True)}"' for p, u in own]
    spelled += [f' {key}="{_escape(value, True)}"' for key, value in attributes]
    out.append(f"<{name}{''.join(spelled)}")
    if len(element) or element.text:
        out.append(f">{_escape(element.text)}")
        for child in element:
            _write(child, declared, scope, out)
        out.append(f"</{name}>")
    else:
        out.append("/>")
    out.append(_escape(element.tail))


def _name(qname: str, scope: dict[str, str], own: list[tuple[str, str]], *, attribute: bool) -> str:
    """``{uri}local`` as ``prefix:local`` by the prefixes in scope; a namespace without one is declared here."""
    if not qname.startswith("{"):
        return qname
    uri, local_name = qname[1:].split("}", 1)
    if not attribute and scope.get("") == uri:
        return local_name
    prefix = next((p for p, u in scope.items() if u == uri and p), None)
    if prefix is None:
        prefix = next(f"ns{n}" for n in range(len(scope) + 1) if f"ns{n}" not in scope)
        scope[prefix] = uri
        own.append((prefix, uri))
    return f"{prefix}:{local_name}"


def _escape(text: str | None, attribute: bool = False) -> str:
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text
