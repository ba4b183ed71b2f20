"""Completing the tags of WeasyPrint's PDF/UA-1 output: run as its ``finisher``, on the PDF's objects before they
are written.

Two gaps, both in WeasyPrint 70. Header cells: WeasyPrint ties each data cell to its header cells (/Headers
naming the /ID of each /TH) but writes no /Scope (Kozea/WeasyPrint#2508) and no /IDTree, which PDF requires once
structure elements carry IDs. The page footer: the text of the @page margin boxes is marked as real content of
structure elements that WeasyPrint leaves out of the structure tree, where PDF/UA wants pagination artifacts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf

NULL = b"null"


def complete_tags(document: Any, pdf: Any) -> None:
    """The finisher: ``document`` is WeasyPrint's, ``pdf`` the ``pydyf.PDF`` about to be written."""
    root = _resolve(pdf, pdf.catalog["StructTreeRoot"])
    _scope_header_cells(pdf, root)
    _margin_content_as_artifacts(pdf, root)


def _resolve(pdf: Any, reference: bytes) -> Any:
    """The object that an indirect reference (``b"12 0 R"``) names."""
    return pdf.objects[int(reference.split()[0])]


def _is_reference(value: object) -> bool:
    return isinstance(value, bytes) and value.endswith(b" R")


def _scope_header_cells(pdf: Any, root: Any) -> None:
    """A /Scope on every header cell and an /IDTree for the header cells' IDs.

    A header cell in the table's header rows (/THead) heads its column; any other heads its row: the templates
    mark those ``scope="row"``, which is what WeasyPrint's /Headers follow (tests/test_accessibility.py checks
    that the two agree).
    """
    ids: list[tuple[str, Any]] = []
    for element in pdf.objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        if element.get("S") == "/TH":
            group = _resolve(pdf, _resolve(pdf, element["P"])["P"])  # cell → row → /THead, /TBody or /Table
            attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
            attributes["Scope"] = "/Column" if group.get("S") == "/THead" else "/Row"
        if "ID" in element:
            ids.append((element["ID"].string, element))
    if ids:
        names = pydyf.Array()
        for key, element in sorted(ids, key=lambda pair: pair[0]):  # a name tree's keys are sorted
            names.extend([pydyf.String(key), element.reference])
        root["IDTree"] = pydyf.Dictionary({"Names": names})


def _in_tree(pdf: Any, root: Any) -> set[int]:
    """The object numbers of every structure element reachable from the structure tree's root."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        kids = stack.pop().get("K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            number = int(kid.split()[0]) if _is_reference(kid) else None
            if number is not None and number not in seen:
                seen.add(number)
                stack.append(pdf.objects[number])
    return seen


def _orphans(pdf: Any, root: Any) -> Iterator[tuple[int, int, Any]]:
    """(page index, MCID, the page's array in the /ParentTree) of content whose element is not in the tree."""
    in_tree = _in_tree(pdf, root)
    numbers = _resolve(pdf, root["ParentTree"])["Nums"]
    page_count = len(pdf.pages["Kids"]) // 3  # pydyf keeps the page references as number, 0, "R"
    for key, elements in zip(numbers[::2], numbers[1::2], strict=True):
        if key < page_count and isinstance(elements, list):
            for mcid, reference in enumerate(elements):
                if _is_reference(reference) and int(reference.split()[0]) not in in_tree:
                    yield key, mcid, elements


def _margin_content_as_artifacts(pdf: Any, root: Any) -> None:
    """The page footer's marked content becomes a pagination artifact, and leaves the /ParentTree.

    WeasyPrint builds elements for the margin boxes but links them to no parent (a structure element /Artifact
    exists only in PDF 2.0), so they are the only content whose element is not in the tree.
    """
    for page, mcid, elements in _orphans(pdf, root):
        operations = _resolve(pdf, pdf.objects[pdf.pages["Kids"][3 * page]]["Contents"]).stream
        for i, operation in enumerate(operations):
            if (
                isinstance(operation, pydyf.Dictionary)
                and operation.get("MCID") == mcid
                and operations[i + 1] == b"BDC"  # /Tag <</MCID n>> BDC: the tag comes first
            ):
                operations[i - 1] = "/Artifact"
                operations[i] = pydyf.Dictionary({"Type": "/Pagination"})
                elements[mcid] = NULL
                break
