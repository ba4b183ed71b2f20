"""Cheaper constructions of test inputs against the ones they replaced: the same bytes, and how much cheaper. A
script, not a test.

- ``tests/test_workbook.py::pad_xml`` (the 300 MB sheet of ``test_zip_bomb_is_refused_before_parsing``) against
  ``patch_xml`` with ``xml.replace("<sheetData>", "<sheetData>" + " " * 300_000_000)``, as the test built it
  before: both from one copy of the same workbook (so the zip's time stamps agree), then byte for byte. Any
  difference is printed and the script exits 1. Prints the CPU time of each.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_workbook import pad_xml, patch_xml  # noqa: E402
from tests.workbooks import make_workbook  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        before = make_workbook(Path(folder) / "kunde.xlsx")
        after = Path(folder) / "copy.xlsx"
        after.write_bytes(before.read_bytes())
        started = time.process_time()
        patch_xml(
            before,
            "xl/worksheets/sheet2.xml",
            lambda xml: xml.replace("<sheetData>", "<sheetData>" + " " * 300_000_000),
        )
        middle = time.process_time()
        pad_xml(after, "xl/worksheets/sheet2.xml", "<sheetData>", " ", 300_000_000)
        ended = time.process_time()
        old, new = before.read_bytes(), after.read_bytes()
        print(f"patch_xml: {middle - started:.2f} CPU-s  sha256 {hashlib.sha256(old).hexdigest()}")  # noqa: T201
        print(f"pad_xml:   {ended - middle:.2f} CPU-s  sha256 {hashlib.sha256(new).hexdigest()}")  # noqa: T201
        if old != new:
            print("DIFFERENT bytes")  # noqa: T201
            return 1
        print(f"identical: {len(new):,} bytes")  # noqa: T201
        return 0


if __name__ == "__main__":
    sys.exit(main())
