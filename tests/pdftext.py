"""The text of a PDF as pypdf extracts it, for the tests: one helper instead of one per module, and faster.

``page_texts(source)`` is exactly ``tuple(page.extract_text() for page in PdfReader(source).pages)`` and
``pdf_text(source)`` exactly ``"\\n".join(page_texts(source))`` — every test keeps its own joining and
normalisation on top. Two things make it cheaper (benchmarks/bench_pdftext.py proves the text identical on every
page of the sample reports and measures the gain):

- a cache keyed by the SHA-256 of the PDF's bytes: the suite reads the same shared sample reports from many tests
  and modules, in both xdist workers. Per process in memory, and, once ``share_between_workers`` has named a
  folder (tests/conftest.py: one under the run's shared root), on disk for every worker of the run: a lock per
  document lets one worker extract it while the others wait for its result instead of doing the same work;
- while one document is extracted, ``Font.from_font_resource`` (pypdf 7: the font's ToUnicode CMap, encoding and
  glyph widths, rebuilt by ``PageObject._extract_text`` for every page) is memoised per font dictionary. Every page
  of a WeasyPrint PDF shares the same font objects, so pypdf parsed the same CMaps once per page. The font
  dictionaries are the reader's own resolved objects, alive as long as the reader: keyed by their identity they
  cannot be confused; each call gets its own shallow copy, since ``_extract_text`` sets ``space_width`` on it.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
from pypdf._text_extraction import _text_extractor
from pypdf.generic._font import Font

from tests.shared import file_lock

_TEXTS: dict[str, tuple[str, ...]] = {}
_SHARED: list[Path] = []  # the run's folder for the texts, once named


@contextlib.contextmanager
def fonts_built_once() -> Iterator[None]:
    """Within the block, each font dictionary's ``Font`` is built once and copied for every later page; and the
    text extractor's fallback font gets its (always equal) WinAnsi table from a dictionary made once."""
    original = Font.__dict__["from_font_resource"]  # the classmethod object itself, to put back unchanged
    built: dict[int, tuple[Any, Font]] = {}

    def from_font_resource(cls: type[Font], pdf_font_dict: Any) -> Font:
        key = id(pdf_font_dict)
        if key not in built:  # keep the dictionary alive with its font: its id cannot be reused meanwhile
            built[key] = (pdf_font_dict, original.__func__(cls, pdf_font_dict))
        return copy.copy(built[key][1])

    named = _text_extractor.encoding_dict_from_named_encoding
    tables: dict[str, dict[int, str]] = {}

    def encoding_dict_from_named_encoding(encoding: str) -> dict[int, str]:
        if encoding not in tables:
            tables[encoding] = named(encoding)
        return dict(tables[encoding])  # a table of its own for each caller, as before

    Font.from_font_resource = classmethod(from_font_resource)  # type: ignore[method-assign,assignment]
    _text_extractor.encoding_dict_from_named_encoding = encoding_dict_from_named_encoding
    try:
        yield
    finally:
        Font.from_font_resource = original  # type: ignore[method-assign]
        _text_extractor.encoding_dict_from_named_encoding = named


def _extract(data: bytes) -> tuple[str, ...]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    with fonts_built_once():
        return tuple(page.extract_text() for page in reader.pages)


def share_between_workers(folder: Path) -> None:
    """Keep the texts in ``folder`` too, for every process of the test run (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    _SHARED[:] = [folder]


def _shared_extract(data: bytes, key: str) -> tuple[str, ...]:
    if not _SHARED:
        return _extract(data)
    folder = _SHARED[0]
    with file_lock(folder / f"{key}.lock"):
        done = folder / f"{key}.json"
        if done.exists():
            return tuple(json.loads(done.read_text(encoding="ascii")))
        texts = _extract(data)
        part = folder / f"{key}.{os.getpid()}.part"
        part.write_text(json.dumps(texts), encoding="ascii")  # ASCII escapes: every str comes back exactly
        part.replace(done)
        return texts


def page_texts(source: Path | bytes) -> tuple[str, ...]:
    """The text of every page, as ``page.extract_text()`` gives it; cached by the PDF's content."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _TEXTS:
        _TEXTS[key] = _shared_extract(data, key)
    return _TEXTS[key]


def pdf_text(source: Path | bytes) -> str:
    """The text of the whole document: its pages' texts joined by newlines."""
    return "\n".join(page_texts(source))
