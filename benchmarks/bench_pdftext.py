"""The tests' PDF text helper (tests/pdftext.py) against plain pypdf: the same text, and how much faster. A script,
not a test.

Builds the sample reports with the real CLI in a temporary folder (``reporter build sample_inputs --html``, the
same with ``--quarter 2026-Q3``, and ``sample_inputs/dachdecker.xlsx --year 2025``), then for every PDF:

1. **identical text**: ``page.extract_text()`` of every page by plain pypdf (a fresh ``PdfReader``, as the tests'
   helpers did before) against ``tests.pdftext`` — the extraction with the fonts built once per document, and the
   cached ``page_texts``/``pdf_text`` — page by page, character by character; any difference is printed and the
   script exits 1;
2. **speed**: CPU time of extracting all of them, ``--repeat`` rounds (default 5), plain pypdf and the helper's
   uncached extraction interleaved in each round so a change in the machine's load hits both alike; prints the
   medians and their ratio. The helper's content cache comes on top of that (a second read of the same bytes
   costs a SHA-256 only), and is shown as its own row.

3. **identical operations**: every content stream the text extraction parses (each page's contents and every
   form XObject reachable from a page's resources, recursively) read by pypdf's ``ContentStream.operations`` and by
   ``tests.pdftext.fast_operations`` (through ``content_streams_parsed_fast``) with both encodings the tests use
   (``"bytes"``: the text extraction; ``None``: tests/test_accessibility.py): the same list of (operands,
   operator), compared object by object — the same type, the same value, the same attributes;
4. **identical text in layout mode** too (``extract_text(extraction_mode="layout")``), although no test uses it;
5. **speed of the parse**: CPU of parsing every content stream, pypdf against the fast reader, interleaved rounds.

``--keep DIR`` builds into DIR (and reuses its PDFs when they are there already). ``--pdfs DIR`` (repeatable) adds
every ``*.pdf`` under DIR, e.g. a test run's ``--basetemp`` (every PDF the suite made, the names-in-every-script
build of tests/test_build.py among them); the same bytes are read once.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdf
from pypdf.generic import ContentStream, DictionaryObject, StreamObject

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import pdftext  # noqa: E402

BUILDS = {
    "month": ["sample_inputs", "--html"],
    "quarter": ["sample_inputs", "--quarter", "2026-Q3"],
    "year": ["sample_inputs/dachdecker.xlsx", "--year", "2025"],
}


def build(folder: Path) -> list[Path]:
    reporter = Path(sys.executable).with_name("reporter")
    for name, args in BUILDS.items():
        out = folder / name
        if not any(out.rglob("*.pdf")):
            sys.stderr.write(f"building {name}: reporter build {' '.join(args)}\n")
            subprocess.run([str(reporter), "build", *args, "--out", str(out), "-q"], cwd=ROOT, check=True)
    return sorted(folder.rglob("*.pdf"))


def plain(data: bytes) -> tuple[str, ...]:
    """What every test module's helper did before."""
    return tuple(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def differences(name: str, old: tuple[str, ...], new: tuple[str, ...]) -> list[str]:
    if len(old) != len(new):
        return [f"{name}: {len(old)} pages before, {len(new)} now"]
    return [f"{name} page {i + 1}: {a!r} != {b!r}" for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def cpu(extract, documents: list[bytes]) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    for data in documents:
        extract(data)
    return time.process_time() - start


def content_streams(reader: pypdf.PdfReader) -> list[tuple[str, object]]:
    """Every stream the text extraction parses: each page's contents and the form XObjects it draws."""
    found: list[tuple[str, object]] = []
    seen: set[int] = set()

    def forms(resources: object, where: str) -> None:
        resources = resources.get_object() if resources is not None else None
        xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
        for name, reference in (xobjects.get_object() if xobjects is not None else {}).items():
            xobject = reference.get_object()
            if not isinstance(xobject, StreamObject) or xobject.get("/Subtype") != "/Form" or id(xobject) in seen:
                continue
            seen.add(id(xobject))
            found.append((f"{where} {name}", xobject))
            forms(xobject.get("/Resources"), f"{where} {name}")

    for number, page in enumerate(reader.pages, start=1):
        contents = page.get("/Contents")
        if contents is not None:
            found.append((f"page {number}", contents.get_object()))
        forms(page.get("/Resources"), f"page {number}")
    return found


def same(a: object, b: object) -> bool:
    """The same type, value and attributes, all the way down."""
    if type(a) is not type(b) or getattr(a, "__dict__", None) != getattr(b, "__dict__", None):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)  # type: ignore[index,call-overload]
    return a == b and repr(a) == repr(b)


def parse_all(streams: list[bytes], fast: bool) -> list[list[object]]:
    """The operations of every (already decoded) content stream, as the text extraction asks for them."""
    parsed = []
    with pdftext.content_streams_parsed_fast() if fast else contextlib.nullcontext():
        for data in streams:
            stream = ContentStream(None, None, "bytes")
            stream.set_data(data)
            parsed.append(stream.operations)
    return parsed


def compare_operations(readers: dict[str, pypdf.PdfReader]) -> tuple[list[str], dict[str, int]]:
    problems: list[str] = []
    counts = {"streams": 0, "fast": 0, "operations": 0}
    for name, reader in readers.items():
        for where, stream in content_streams(reader):
            counts["streams"] += 1
            for encoding in ("bytes", None):
                old = ContentStream(stream, reader, encoding).operations
                with pdftext.content_streams_parsed_fast():
                    new = ContentStream(stream, reader, encoding).operations
                if not same(old, new):
                    problems.append(f"{name} {where} ({encoding}): operations differ")
            counts["operations"] += len(old)
            data = ContentStream(stream, reader).get_data()
            counts["fast"] += pdftext.fast_operations(data, "bytes") is not None
    return problems, counts


def layout_texts(data: bytes, fast: bool) -> tuple[str, ...]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    with pdftext.content_streams_parsed_fast() if fast else contextlib.nullcontext():
        return tuple(page.extract_text(extraction_mode="layout") for page in reader.pages)


def fonts_only(data: bytes) -> tuple[str, ...]:
    """The helper as it was before the fast content-stream reader: fonts built once per document."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    with pdftext.fonts_built_once():
        return tuple(page.extract_text() for page in reader.pages)


def collect(folder: Path, more: list[Path]) -> dict[str, Path]:
    """The built PDFs and every PDF under ``more``, one per distinct content (keyed by SHA-256)."""
    pdfs: dict[str, Path] = {}
    for path in [*build(folder), *(p for extra in more for p in sorted(extra.rglob("*.pdf")))]:
        data = path.read_bytes()
        try:  # a test's deliberately broken "PDF" (a hostile input, a truncated file) is no text to compare
            pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents()
        except Exception as error:  # noqa: BLE001
            sys.stderr.write(f"not a readable PDF, left out: {path} ({type(error).__name__})\n")
            continue
        pdfs.setdefault(hashlib.sha256(data).hexdigest(), path)
    return pdfs


def check_texts(pdfs: dict[str, Path], documents: list[bytes]) -> tuple[list[str], int, int]:
    problems, pages, characters = [], 0, 0
    for path, data in zip(pdfs.values(), documents, strict=True):
        old = plain(data)
        name = str(path)
        problems += differences(name, old, pdftext._extract(data))
        problems += differences(f"{name} (cached)", old, pdftext.page_texts(data))
        problems += differences(f"{name} (cached again)", old, pdftext.page_texts(path))
        if pdftext.pdf_text(path) != "\n".join(old):
            problems.append(f"{name}: pdf_text differs")
        problems += differences(f"{name} (layout)", layout_texts(data, False), layout_texts(data, True))
        pages += len(old)
        characters += sum(map(len, old))
    return problems, pages, characters


def timed(documents: list[bytes], streams: list[bytes], repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {"plain": [], "fonts": [], "helper": [], "cached": [], "parse": [], "fast": []}
    for round_ in range(repeat):
        times["plain"].append(cpu(plain, documents))
        times["fonts"].append(cpu(fonts_only, documents))
        times["helper"].append(cpu(pdftext._extract, documents))
        times["cached"].append(cpu(pdftext.page_texts, documents))
        times["parse"].append(cpu(lambda s: parse_all(s, False), [streams]))
        times["fast"].append(cpu(lambda s: parse_all(s, True), [streams]))
        laps = ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items())
        sys.stderr.write(f"round {round_ + 1}/{repeat}: {laps}\n")
    return {name: statistics.median(samples) for name, samples in times.items()}


def table(median: dict[str, float], pdfs: int, pages: int, streams: int, repeat: int) -> str:
    def row(label: str, key: str, base: str = "plain") -> str:
        return f"| {label} | {median[key]:.3f} | {median[base] / max(median[key], 1e-9):.2f} |"

    return "\n".join(
        [
            f"| {pdfs} distinct PDFs, {pages} pages, {streams} content streams: CPU s, median of {repeat} | s | × |",
            "|---|---:|---:|",
            row("plain pypdf: `page.extract_text()` of every page", "plain"),
            row("tests/pdftext.py before: fonts built once per document (uncached)", "fonts"),
            row("tests/pdftext.py now: fonts once + fast content-stream reader (uncached)", "helper"),
            row("tests/pdftext.py, the same bytes again (content cache)", "cached"),
            row("pypdf `ContentStream(...).operations` of every content stream", "parse", "parse"),
            row("the same through `content_streams_parsed_fast()`", "fast", "parse"),
            f"| now against before (extraction, uncached) | | {median['fonts'] / median['helper']:.2f} |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--pdfs", type=Path, action="append", default=[], help="also every *.pdf under this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        pdfs = collect(args.keep or Path(temporary), args.pdfs)
        documents = [p.read_bytes() for p in pdfs.values()]
        problems, pages, characters = check_texts(pdfs, documents)
        sys.stderr.write(f"{len(pdfs)} PDFs, {pages} pages, {characters} characters compared\n")
        readers = {str(p): pypdf.PdfReader(io.BytesIO(d)) for p, d in zip(pdfs.values(), documents, strict=True)}
        mismatched, counts = compare_operations(readers)
        problems += mismatched
        streams = [ContentStream(s, r).get_data() for r in readers.values() for _, s in content_streams(r)]
        median = timed(documents, streams, args.repeat)
    sys.stdout.write(table(median, len(pdfs), pages, counts["streams"], args.repeat) + "\n")
    if problems:
        sys.stderr.write("\n".join(["DIFFERS:", *problems]) + "\n")
        return 1
    sys.stdout.write(
        f"\nIdentical text (plain and layout mode): every page of the {len(pdfs)} PDFs ({pages} pages, {characters}"
        f" chars).\nIdentical operations: all {counts['streams']} content streams ({counts['operations']} operations;"
        f" {counts['fast']} read by the fast reader, {counts['streams'] - counts['fast']} handed to pypdf), with"
        " both encodings.\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
