"""How long ``reporter import`` takes to write a year of platform numbers into a client workbook (issue 14: a year of
daily Search Console data plus a GA4 export in under 1 s). The writer's share, measured in process:

    python benchmarks/bench_import_write.py [--repeat 5] [--json raw.json]

What the platform modules hand over for such exports after aggregation (Search Console: clicks, impressions, CTR,
position; GA4: sessions, users, engaged sessions, key events, engagement rate, average engagement time; 16 months
each, as a first import of Search Console's 16-month daily chart brings them) goes into a fresh template workbook
(``reporter template``, 13 months: three month columns are inserted, ten KPI rows added), then the same once more
(everything unchanged: nothing is written), then one new month (appended). Each round starts from a fresh copy.
Reading and aggregating the export files themselves is the platform modules' part and not measured here.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporter.importing import Exports  # noqa: E402
from reporter.importing.model import Aggregation, Metric, MonthValue, Reading, Series  # noqa: E402
from reporter.importing.write import ImportOptions, import_into  # noqa: E402
from reporter.model import Origin, month_range  # noqa: E402
from tests.import_fixtures import template  # noqa: E402

MONTHS = month_range("2026-10", 16)


def metric(platform: str, key: str, de: str, en: str, unit: str, channel: str) -> Metric:
    aggregation = Aggregation.SUM if unit == "count" else Aggregation.RATIO
    return Metric(platform, key, {"de": de, "en": en}, {"de": f"{de} ({platform})", "en": f"{en} ({platform})"},
                  channel, unit, aggregation=aggregation)


METRICS = [
    metric("Search Console", "clicks", "Klicks", "Clicks", "count", "seo"),
    metric("Search Console", "impressions", "Impressionen", "Impressions", "count", "seo"),
    metric("Search Console", "ctr", "CTR", "CTR", "percent", "seo"),
    metric("Search Console", "position", "Position", "Position", "points", "seo"),
    metric("GA4", "sessions", "Sitzungen", "Sessions", "count", "website"),
    metric("GA4", "users", "Aktive Nutzer", "Active users", "count", "website"),
    metric("GA4", "engaged", "Sitzungen mit Interaktion", "Engaged sessions", "count", "website"),
    metric("GA4", "key_events", "Schlüsselereignisse", "Key events", "count", "website"),
    metric("GA4", "engagement_rate", "Interaktionsrate", "Engagement rate", "percent", "website"),
    metric("GA4", "engagement_time", "Durchschnittliche Interaktionsdauer", "Average engagement time", "seconds",
           "website"),
]


def exports(months: list[str]) -> Exports:
    readings = []
    for platform in ("Search Console", "GA4"):
        found = []
        for index, m in enumerate(m for m in METRICS if m.platform == platform):
            values = {
                month: MonthValue(100.0 + 7 * index + i * 1.5, Origin(f"{platform}.csv", cell=f"rows {i * 30 + 2}"))
                for i, month in enumerate(months)
            }
            found.append(Series(m, values))
        readings.append(Reading(f"{platform}.csv", platform, "bench", found))
    return Exports(readings)


def timed(path: Path, found: Exports) -> tuple[float, object]:
    start = time.perf_counter()
    result = import_into(path, found, ImportOptions())
    return time.perf_counter() - start, result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write every sample to this file")
    args = parser.parse_args(argv)
    samples: dict[str, list[float]] = {"first": [], "again": [], "one more month": []}
    with tempfile.TemporaryDirectory() as folder:
        fresh = template(Path(folder) / "fresh.xlsx")
        timed(Path(shutil.copy(fresh, Path(folder) / "warm.xlsx")), exports(MONTHS))  # imports, caches
        for round_ in range(args.repeat):
            path = Path(shutil.copy(fresh, Path(folder) / f"kunde{round_}.xlsx"))
            seconds, result = timed(path, exports(MONTHS))
            assert result.written, result  # type: ignore[attr-defined]
            assert len(result.cells) == 160, result  # type: ignore[attr-defined]
            samples["first"].append(seconds)
            seconds, result = timed(path, exports(MONTHS))
            assert not result.changed, result  # type: ignore[attr-defined]
            samples["again"].append(seconds)
            seconds, result = timed(path, exports(["2026-11"]))
            assert result.written, result  # type: ignore[attr-defined]
            samples["one more month"].append(seconds)
    rows = [
        ("first: 10 KPIs × 16 months, 3 month columns inserted, 10 rows added", "first"),
        ("the same again: 160 values unchanged, nothing written", "again"),
        ("one more month: a column appended, 10 values", "one more month"),
    ]
    lines = [f"| import into a template workbook (median of {args.repeat}) | seconds |", "|---|---:|"]
    lines += [f"| {text} | {statistics.median(samples[key]):.3f} |" for text, key in rows]
    sys.stdout.write("\n".join(lines) + "\n")
    if args.json:
        args.json.write_text(json.dumps(samples, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
