"""The tagged PDF: the sample reports and the agency overview, built once through the CLI, their structure
tree and content walked with pypdf.

The reports declare PDF/UA-1. The walk decides what the outside checker ``pdfua`` decides (``make pdfua`` runs it;
it is not a test dependency because it brings lxml, which switches openpyxl to another XML parser) and what it
leaves out about our files: the document is tagged, has a language, a title shown as the window title and the
PDF/UA identification; all content is marked as tagged or as an artifact, and no tagged content belongs to an
element outside the tree (WeasyPrint's page footer did); every table has header cells, every header cell says
what it heads (/Scope) and agrees with the /Headers WeasyPrint gave the data cells, the IDs those name resolve
through the /IDTree; every heading has text, every figure an alternative text. What the reports claim and what
is checked: docs/templates.md ("Accessibility").
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from reporter.render import SafeURLFetcher, html_to_pdf
from tests.pdftext import content_streams_parsed_fast, page_texts

MONTH = "2026-10"
PDFS = ["dachdecker-kraemer", "maschinenbau-hofmann", "kaffee-bohnenglueck", "pflegedienst-sonnenschein",
        "steuerkanzlei-berger", "zahnarzt-weber", "elektro-schneider", "_overview"]
SCOPES = {"/Row", "/Column", "/Both"}
HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
# operators that put something on the page: text, images and forms, paths, shadings
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"sh"}


@pytest.fixture(scope="module")
def built(sample_reports: Path) -> Path:
    """The sample reports and the overview (tests/conftest.py builds them once per run)."""
    return sample_reports / MONTH


# ---- the walk of the structure tree -------------------------------------------------------------------------


def _kids(node: DictionaryObject) -> list[Any]:
    kids = node.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _elements(node: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every structure element below ``node``, depth first, in reading order."""
    for kid in _kids(node):
        kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _parent(element: DictionaryObject) -> int:
    """The object number of the element's parent (for a cell: its row)."""
    parent = element.raw_get("/P")
    assert isinstance(parent, IndirectObject)
    return parent.idnum


def _table(element: DictionaryObject) -> DictionaryObject:
    while element["/S"] != "/Table":
        element = element["/P"].get_object()
    return element


def _marks_content(element: DictionaryObject) -> bool:
    for kid in _kids(element):
        kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(kid, int) or (isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR"):
            return True
        if isinstance(kid, DictionaryObject) and _marks_content(kid):
            return True
    return False


def _names(tree: DictionaryObject) -> Iterator[tuple[str, IndirectObject]]:
    """The keys and values of a name tree, in the order written."""
    names = tree.get("/Names", [])
    for i in range(0, len(names), 2):
        yield str(names[i]), names[i + 1]  # array items stay indirect references in pypdf
    for kid in tree.get("/Kids", []):
        yield from _names(kid.get_object())


def _document_problems(reader: pypdf.PdfReader, operations: list[list[tuple[Any, bytes]]]) -> Iterator[str]:
    root = reader.trailer["/Root"]
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", str(root.get("/Lang", ""))):
        yield "no document language"
    if not (reader.metadata and reader.metadata.title) or not root.get("/ViewerPreferences", {}).get(
        "/DisplayDocTitle"
    ):
        yield "no title, or not shown as the window title"
    xmp = reader.xmp_metadata
    if xmp is None or not re.search(r"pdfuaid:part\W+1\b", xmp.stream.get_data().decode("utf-8")):
        yield "no PDF/UA-1 identification in the XMP metadata"
    for number, page in enumerate(operations, start=1):
        depth = 0
        for _, operator in page:
            depth += (operator in (b"BDC", b"BMC")) - (operator == b"EMC")
            if depth == 0 and operator in PAINTING:
                yield f"page {number}: content neither tagged nor an artifact ({operator.decode()})"
                break


_PARSED: dict[str, tuple[pypdf.PdfReader, list[list[tuple[Any, bytes]]]]] = {}


def parsed(pdf: bytes) -> tuple[pypdf.PdfReader, list[list[tuple[Any, bytes]]]]:
    """The reader of ``pdf`` and each page's content-stream operations (operands, operator), parsed once per
    process by the PDF's SHA-256: parsing the content streams is most of a check's work, and the tests below
    walk the roofer's report again."""
    key = hashlib.sha256(pdf).hexdigest()
    if key not in _PARSED:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        with content_streams_parsed_fast():  # pypdf's operations, read faster (tests/pdftext.py)
            _PARSED[key] = reader, [ContentStream(page.get_contents(), reader).operations for page in reader.pages]
    return _PARSED[key]


def structure_problems(pdf: bytes) -> list[str]:
    """What the document, its content and its structure tree get wrong (empty when nothing)."""
    reader, operations = parsed(pdf)
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root or not root.get("/MarkInfo", {}).get("/Marked"):
        return ["not a tagged PDF"]
    tree = root["/StructTreeRoot"]
    names = list(_names(tree["/IDTree"])) if "/IDTree" in tree else []
    by_id = dict(names)
    problems = list(_document_problems(reader, operations))
    if [key for key, _ in names] != sorted(by_id):
        problems.append("the /IDTree's keys are not sorted or unique")
    in_tree = set()
    for element in _elements(tree):
        in_tree.add(element.indirect_reference)
        problems.extend(_element_problems(element, by_id))
    numbers = tree["/ParentTree"]["/Nums"]
    for page, elements in zip(numbers[::2], numbers[1::2], strict=True):
        for mcid, element in enumerate(elements.get_object() if isinstance(elements.get_object(), list) else []):
            if isinstance(element, IndirectObject) and element not in in_tree:
                problems.append(f"page {page + 1}, content {mcid}: tagged, but its element is not in the tree")
    return problems


def _element_problems(element: DictionaryObject, by_id: dict[str, IndirectObject]) -> Iterator[str]:
    role = element["/S"]
    if "/ID" in element and by_id.get(str(element["/ID"])) != element.indirect_reference:
        yield f"{role} {element['/ID']}: its /ID is not in the /IDTree"
    if role == "/Table" and not any(e["/S"] == "/TH" for e in _elements(element)):
        yield "table without a header cell (layout tagged as a data table?)"
    elif role == "/TH" and element.get("/A", {}).get("/Scope") not in SCOPES:
        yield f"header cell {element.get('/ID', '')} without /Scope"
    elif role == "/TD":
        for header_id in element.get("/A", {}).get("/Headers", []):
            if str(header_id) not in by_id:
                yield f"data cell names header {header_id}, which the /IDTree does not resolve"
                continue
            header = by_id[str(header_id)].get_object()
            scope = header.get("/A", {}).get("/Scope")
            same_row = _parent(header) == _parent(element)
            same_table = _table(header).indirect_reference == _table(element).indirect_reference
            if not same_table or (scope == "/Row") != same_row:
                where = "its own row" if same_row else "another row" if same_table else "another table"
                yield f"data cell tied to header {header_id} with /Scope {scope} in {where}"
    elif role in HEADINGS and not _marks_content(element):
        yield f"heading without text ({role})"
    elif role == "/Figure" and not str(element.get("/Alt", "")).strip():
        yield "figure without alternative text"


# ---- the sample reports -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PDFS)
def test_sample_pdfs_have_no_accessibility_problem(built: Path, name: str) -> None:
    assert structure_problems((built / f"{name}.pdf").read_bytes()) == []


def test_the_walk_has_tables_and_figures_to_check(built: Path) -> None:
    reader, _ = parsed((built / "dachdecker-kraemer.pdf").read_bytes())
    elements = list(_elements(reader.trailer["/Root"]["/StructTreeRoot"]))
    scopes = {e["/A"]["/Scope"] for e in elements if e["/S"] == "/TH"}
    assert scopes == {"/Row", "/Column"}
    assert sum(e["/S"] == "/Table" for e in elements) >= 5
    assert any(e["/S"] == "/Figure" for e in elements)


def test_the_page_footer_is_a_pagination_artifact_and_nothing_else_is(built: Path) -> None:
    """The two footer boxes of every page after the cover, and no other content, leave the structure tree."""
    reader, operations = parsed((built / "dachdecker-kraemer.pdf").read_bytes())
    artifacts = [
        sum(
            op == b"BDC" and operands[0] == "/Artifact" and operands[1].get("/Type") == "/Pagination"
            for operands, op in page
        )
        for page in operations
    ]
    assert artifacts == [0] + [2] * (len(reader.pages) - 1)
    assert "Seite 2 von" in page_texts(built / "dachdecker-kraemer.pdf")[1]  # still on the page, for the eye


# ---- the walk catches what it should ------------------------------------------------------------------------


def _pdf(body: str) -> bytes:
    html = f'<!DOCTYPE html><html lang="de"><head><title>t</title></head><body>{body}</body></html>'
    return html_to_pdf(html, SafeURLFetcher()).pdf


def test_a_layout_table_is_reported() -> None:
    assert structure_problems(_pdf("<table><tr><td>Name</td><td>12</td></tr></table>")) == [
        "table without a header cell (layout tagged as a data table?)"
    ]


def test_a_header_cell_in_the_body_without_scope_row_is_reported() -> None:
    """WeasyPrint ties it to every data cell below it in its column, while its /Scope says it heads its row."""
    rows = '<tr><th colspan="2"{scope}>Social Media</th></tr><tr><td>LinkedIn</td><td>3</td></tr>'
    head = "<thead><tr><th>Maßnahme</th><th>KPIs</th></tr></thead>"
    problems = structure_problems(_pdf(f"<table>{head}<tbody>{rows.format(scope='')}</tbody></table>"))
    assert len(problems) == 1
    assert problems[0].endswith("with /Scope /Row in another row")
    assert structure_problems(_pdf(f"<table>{head}<tbody>{rows.format(scope=' scope=row')}</tbody></table>")) == []
