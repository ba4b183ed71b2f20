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

``--keep DIR`` builds into DIR (and reuses its PDFs when they are there already).
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdf

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        pdfs = build(folder)
        documents = [p.read_bytes() for p in pdfs]

        problems, pages, characters = [], 0, 0
        for path, data in zip(pdfs, documents, strict=True):
            old = plain(data)
            name = str(path.relative_to(folder))
            problems += differences(name, old, pdftext._extract(data))
            problems += differences(f"{name} (cached)", old, pdftext.page_texts(data))
            problems += differences(f"{name} (cached again)", old, pdftext.page_texts(path))
            if pdftext.pdf_text(path) != "\n".join(old):
                problems.append(f"{name}: pdf_text differs")
            pages += len(old)
            characters += sum(map(len, old))
        sys.stderr.write(f"{len(pdfs)} PDFs, {pages} pages, {characters} characters compared\n")

        times: dict[str, list[float]] = {"plain": [], "helper": [], "cached": []}
        for round_ in range(args.repeat):
            times["plain"].append(cpu(plain, documents))
            times["helper"].append(cpu(pdftext._extract, documents))
            times["cached"].append(cpu(pdftext.page_texts, documents))
            laps = ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items())
            sys.stderr.write(f"round {round_ + 1}/{args.repeat}: {laps}\n")
    median = {name: statistics.median(samples) for name, samples in times.items()}
    lines = [
        f"| {len(pdfs)} sample PDFs, {pages} pages: CPU s, median of {args.repeat} | s | × faster |",
        "|---|---:|---:|",
        f"| plain pypdf: `page.extract_text()` of every page | {median['plain']:.2f} | 1.00 |",
        f"| tests/pdftext.py, fonts built once per document (uncached) | {median['helper']:.2f} | "
        f"{median['plain'] / median['helper']:.2f} |",
        f"| tests/pdftext.py, the same bytes again (content cache) | {median['cached']:.4f} | "
        f"{median['plain'] / max(median['cached'], 1e-9):.0f} |",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    if problems:
        sys.stderr.write("\n".join(["TEXT DIFFERS:", *problems]) + "\n")
        return 1
    sys.stdout.write(f"\nIdentical text: every page of the {len(pdfs)} PDFs ({pages} pages, {characters} chars).\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
