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
  cannot be confused; each call gets its own shallow copy, since ``_extract_text`` sets ``space_width`` on it;
- while one document is extracted, its content streams are parsed by ``fast_operations`` (``content_streams_parsed_
  fast``; tests/test_accessibility.py parses with it too): one regular expression reads the small language
  WeasyPrint writes — numbers, names, hex strings, arrays, dictionaries of names, operators — into the very objects
  pypdf's ``ContentStream._parse_content_stream`` makes of the same bytes (the same classes, built by the same
  constructors: ``NumberObject``, ``FloatObject``, ``NameObject``, ``create_string_object`` with the stream's
  encoding, ``ArrayObject``, ``DictionaryObject``). Any stream holding something else (a comment, a literal string,
  an inline image, an escaped name, a boolean, a NUL byte, a token near a pypdf limit, …) is left to pypdf's own
  parser whole. benchmarks/bench_pdftext.py compares the operations of every content stream and form XObject of
  every PDF the suite makes, object by object, and the text of every page.
"""

from __future__ import annotations

import binascii
import contextlib
import copy
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
from pypdf import get_configuration
from pypdf._text_extraction import _text_extractor
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    create_string_object,
)
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


# --- content streams: the same operations as pypdf's parser, read by one regular expression -----------------------

_WS = b" \t\n\r\f"  # pypdf skips \x00 too, and ends names/operators at \x0b: streams with those go to pypdf
_DELIMITER = rb"(?=[" + _WS + rb"()<>\[\]{}/%])"
_TOKENS = re.compile(  # one token per match, each kind in its group; any other byte lands in the last group
    rb"[" + _WS + rb"]*(?:"
    rb"([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?![+,\-.0-9])(?=[\s\S])"  # a number: pypdf reads up to a non-number
    rb"|<([0-9A-Fa-f" + _WS + rb"]*)>"  # a hex string
    rb"|(/[^\x00-\x20\x7f-\xff()<>\[\]{}/%#]{0,100})" + _DELIMITER  # a name, no # escapes
    + rb"|([A-Za-z'\"][A-Za-z0-9*'\"]{0,15})(?:" + _DELIMITER + rb"|\Z)"  # an operator (pypdf: any word)
    rb"|(\[|<<)|(\]|>>)"  # an array or dictionary opens, closes
    rb"|([^" + _WS + rb"])"  # anything else: pypdf reads the stream
    rb")"
)
_PLAIN: dict[bytes, bool] = {}  # operator → pypdf reads it as an operator like any other


def _operator_is_plain(operator: bytes) -> bool:
    """False for what pypdf reads differently from other operators: an inline image (``BI``), a word that after a
    dictionary would start a stream, and an ``R`` that after two integers would make them an indirect reference."""
    if operator not in _PLAIN:
        odd = operator == b"BI" or operator.startswith(b"stream")
        _PLAIN[operator] = not odd and not (operator[:1] == b"R" and not operator[1:2].isalpha())
    return _PLAIN[operator]


def _hex_string(digits: bytes, forced_encoding: Any) -> Any:
    """What ``read_hex_string_from_stream`` makes of the digits between ``<`` and ``>``."""
    try:
        raw = binascii.unhexlify(digits)
    except binascii.Error:  # spaces inside, or an odd number of digits: pypdf skips the one, pads the other
        digits = digits.translate(None, _WS)
        raw = binascii.unhexlify(digits + b"0" if len(digits) % 2 else digits)
    if forced_encoding == "bytes":  # create_string_object's own first answer for "bytes"
        return ByteStringObject(raw)
    return create_string_object(raw, forced_encoding)


def fast_operations(data: bytes, forced_encoding: Any) -> list[tuple[Any, bytes]] | None:
    """``ContentStream(...).operations`` of a stream holding ``data``, or None where the stream holds anything
    outside the plain subset read here (comments, literal strings, inline images, escaped names, booleans in
    arrays, …): then pypdf's own parser reads it. Within the subset every token becomes the object pypdf makes of
    it, by the same constructor from the same bytes."""
    tokens = _TOKENS.findall(data)
    if len(tokens) > get_configuration().stream_parsing_work_maximum_count // 2:  # near pypdf's budget
        return None
    operations: list[tuple[Any, bytes]] = []
    stack: list[Any] = []  # the open arrays and dictionaries, innermost last (a dictionary as [key, value, ...])
    target: list[Any] = []
    for number, hexadecimal, name, operator, opening, closing, other in tokens:
        if number:
            if len(number) > 19:  # pypdf looks for the number's end within 20 bytes
                return None
            target.append(FloatObject(number) if b"." in number else NumberObject(number))
        elif operator:
            if stack or not _operator_is_plain(operator):
                return None
            operations.append((target, operator))
            target = []
        elif name:
            target.append(NameObject(name.decode("ascii")))
        elif opening:
            if len(stack) > 20:
                return None
            stack.append(target)
            target = ArrayObject() if opening == b"[" else []
        elif closing:
            target = _close(closing, target, stack)
            if target is None:
                return None
        elif other:
            return None
        else:  # the only kind that may be empty: <>
            target.append(_hex_string(hexadecimal, forced_encoding))
    return None if stack else operations


def _close(bracket: bytes, inner: Any, stack: list[Any]) -> Any:
    """Ends the innermost array or dictionary and appends it to its container, which it returns (None if the
    brackets do not match or a dictionary is not made of distinct name keys, each with a value)."""
    if not stack or (bracket == b"]") != isinstance(inner, ArrayObject):
        return None
    if bracket == b">>":
        keys, values = inner[0::2], inner[1::2]
        if len(keys) != len(values) or len(set(keys)) != len(keys):
            return None
        if not all(type(key) is NameObject for key in keys):
            return None
        if len(keys) > get_configuration().dictionary_maximum_element_count // 2:
            return None
        dictionary = DictionaryObject()
        dictionary.update(zip(keys, values, strict=True))
        inner = dictionary
    elif len(inner) > get_configuration().array_maximum_element_count // 2:
        return None
    outer = stack.pop()
    outer.append(inner)
    return outer


@contextlib.contextmanager
def content_streams_parsed_fast() -> Iterator[None]:
    """Within the block, ``ContentStream.operations`` parses a stream by ``fast_operations``, and by pypdf's own
    parser wherever that declines."""
    original = ContentStream.__dict__["_parse_content_stream"]

    def _parse_content_stream(self: ContentStream, stream: Any) -> None:
        operations = None
        if isinstance(stream, io.BytesIO):
            try:
                operations = fast_operations(stream.getvalue(), self.forced_encoding)
            except Exception:  # anything the subset did not foresee: pypdf reads it, as before
                operations = None
        if operations is None:
            original(self, stream)
        else:
            self._operations.extend(operations)

    ContentStream._parse_content_stream = _parse_content_stream  # type: ignore[method-assign]
    try:
        yield
    finally:
        ContentStream._parse_content_stream = original  # type: ignore[method-assign]


def _extract(data: bytes) -> tuple[str, ...]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    with fonts_built_once(), content_streams_parsed_fast():
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
