"""Benchmark of reading platform exports for ``reporter import`` (issue 14: a year of daily Search Console data
plus a GA4 export into one workbook in under 1 s). A script, not a test.

Writes, with the tests' own export writers (``tests/exports_google.py``), in a temporary folder:

* the Search Console export of one year, 1 January – 31 December 2025, as its zip (``Chart.csv`` with 365 days,
  the query, page, country, device, appearance and filter tables);
* a GA4 standard report of the same year with the dimension Date and the channel group (365 × 6 rows, sessions,
  engaged sessions, engagement rate, engagement time, event count, key events, revenue).

Then measures, ``--repeat`` times each, and prints the medians as a Markdown table:

1. ``read_exports`` of both files in this (warm) process: recognising, reading and aggregating to months;
2. the same in a fresh Python process, imports included (pandas alone takes a few hundred milliseconds): what a
   user waits for, but for the workbook; its CPU time beside (user + system, the interpreter's start-up
   included), which a busy machine does not inflate as it does the wall time;
3. when ``reporter.importing.write`` exists (it is built beside this benchmark): the whole import into a fresh
   template workbook, again in a fresh process.

    python benchmarks/bench_import.py              # 7 rounds
    python benchmarks/bench_import.py --repeat 15
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the export writers live with the tests
from tests.exports_google import ga4_block, gsc_days, gsc_zip  # noqa: E402

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
CHANNELS = ("Organic Search", "Direct", "Paid Search", "Referral", "Organic Social", "Email")
TARGET_S = 1.0

# Runs in a fresh interpreter: import, read and aggregate (and write, when asked); prints the wall seconds.
FRESH = textwrap.dedent(
    """
    import sys, time
    start = time.perf_counter()
    from pathlib import Path
    from reporter.importing import read_exports
    exports = read_exports([Path(p) for p in sys.argv[2:]])
    assert not exports.has_errors, [str(p) for p in exports.problems]
    if sys.argv[1] != "-":
        from reporter.importing import write
        write.import_into(Path(sys.argv[1]), exports)
    print(time.perf_counter() - start)
    """
)


def write_exports(folder: Path) -> list[Path]:
    """The Search Console zip and the GA4 report of one year."""
    gsc = gsc_zip(
        folder / "muster.de-Performance-on-Search-2026-01-03.zip", gsc_days(*YEAR), date="1 Jan 2025-31 Dec 2025"
    )
    header = [
        "Date", "Session primary channel group (Default Channel Group)", "Sessions", "Engaged sessions",
        "Engagement rate", "Average engagement time per session", "Event count", "Key events", "Total revenue",
    ]  # fmt: skip
    rows = []
    for n in range((YEAR[1] - YEAR[0]).days + 1):
        date = YEAR[0] + dt.timedelta(days=n)
        for i, channel in enumerate(CHANNELS):
            sessions = 40 + 7 * i + date.day
            engaged = sessions * 2 // 3
            rows.append(
                [f"{date:%Y%m%d}", channel, sessions, engaged, engaged / sessions, 41.5 + i, sessions * 5, i, 0.0]
            )
    ga4 = folder / "traffic-acquisition-2025.csv"
    ga4.write_bytes(ga4_block("Traffic acquisition: Session primary channel group", *YEAR, header, rows))
    return [gsc, ga4]


def warm(paths: list[Path], repeat: int) -> list[float]:
    from reporter.importing import read_exports

    read_exports(paths)  # imports and first use out of the way
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        exports = read_exports(paths)
        samples.append(time.perf_counter() - start)
    assert not exports.has_errors, [str(p) for p in exports.problems]
    months = {m for r in exports.readings for s in r.series for m in s.values}
    assert months == {f"2025-{m:02d}" for m in range(1, 13)}, sorted(months)
    return samples


def fresh(paths: list[Path], repeat: int, workbook: Path | None) -> tuple[list[float], list[float]]:
    """Wall seconds (as the child measured them, start-up of the interpreter aside) and CPU seconds (user +
    system of the child, which a busy machine does not inflate) of each run."""
    samples, cpu = [], []
    for _ in range(repeat):
        target = "-"
        if workbook is not None:
            from reporter.template import write_template

            target = str(write_template(workbook, "de", force=True, today=dt.date(2026, 1, 5)))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            [sys.executable, "-c", FRESH, target, *map(str, paths)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return samples, cpu


def row(name: str, samples: list[float]) -> str:
    median = statistics.median(samples)
    verdict = "✓" if median < TARGET_S else "✗"
    return f"| {name} | {median * 1000:.0f} ms | {min(samples) * 1000:.0f}–{max(samples) * 1000:.0f} ms | {verdict} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds per measurement (default 7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as temp:
        folder = Path(temp)
        paths = write_exports(folder)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1000:.0f} kB" for p in paths)
        sys.stderr.write(f"exports: {sizes}\n")
        lines = [
            f"| Step (median of {args.repeat}) | Median | Range | < {TARGET_S:g} s |",
            "| --- | ---: | ---: | :---: |",
            row("`read_exports`, warm process (wall)", warm(paths, args.repeat)),
        ]
        wall, cpu = fresh(paths, args.repeat, None)
        lines.append(row("the same in a fresh process, imports included (wall)", wall))
        lines.append(row("the same in a fresh process, imports included (CPU, start-up included)", cpu))
        if importlib.util.find_spec("reporter.importing.write") is not None:
            wall, cpu = fresh(paths, args.repeat, folder / "kunde.xlsx")
            lines.append(row("whole import into a template workbook, fresh process (wall)", wall))
            lines.append(row("whole import into a template workbook, fresh process (CPU)", cpu))
        else:
            sys.stderr.write(
                "reporter.importing.write does not exist yet: the import into a workbook is not measured\n"
            )
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
