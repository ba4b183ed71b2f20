"""Reading workbooks, before and after a change: identical results, and how much faster. A script, not a test.

Runs ``check_workbook`` (and ``read_workbook``) over every file of

* the real-world corpus beside the repository (``../shared/xlsx-corpus``, ~300 files from Excel, LibreOffice,
  Google Sheets, libraries, fuzzers),
* the hostile corpus of ``tests/hostile.py`` (entity bombs, zip bombs, 100,000 rows, a million cells in a row …),
* ``sample_inputs/*.xlsx`` and 40 synthetic clients of ``tests/synth.py`` (seed 0),

once with the reader of a *before* checkout (e.g. a second worktree of ``main``) and once with this checkout's,
each in its own Python process (``--repo`` puts the checkout first on ``sys.path``). Every problem (``str`` and
every field), in German and in English, the ``repr`` of what ``read_workbook`` returns (or the problems of its
``WorkbookError``), and what reading every sheet as the Kennzahlen and as the Kunde sheet gives (as
``tests/test_corpus.py`` does) must be the same; the script exits 1 when they are not and prints the first differences.
Then it times one pass of ``check_workbook`` over all files in fresh processes, before and after interleaved
(``--repeat`` rounds), and prints the medians of the CPU time and their ratio.

    python benchmarks/bench_read.py --before /work/wt/reader-base --repeat 5
    python benchmarks/bench_read.py --before BASE --inputs DIR    # reuse generated inputs (DIR is kept)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent


def prepare(folder: Path) -> None:
    """Write the hostile corpus and the synthetic clients into ``folder`` (skipped when already there)."""
    sys.path.insert(0, str(HERE / "tests"))
    sys.path.insert(0, str(HERE))
    from tests.hostile import Env, generate, make_secret
    from tests.synth import synthetic_clients

    if not (folder / "hostile").is_dir():
        env = Env(make_secret(folder / "secret"), 9)  # the port only appears in the files' text
        paths = generate(folder / "hostile", env)
        (folder / "hostile.json").write_text(json.dumps(sorted(str(p) for p in paths.values())))
    if not (folder / "synth").is_dir():
        synthetic_clients(40, folder / "synth", seed=0)


def inputs(folder: Path) -> list[Path]:
    corpus = next(
        (p for p in (HERE.parent / "shared" / "xlsx-corpus", HERE.parents[1] / "shared" / "xlsx-corpus") if p.is_dir()),
        None,
    )
    files = sorted(corpus.iterdir()) if corpus else []
    files += [Path(p) for p in json.loads((folder / "hostile.json").read_text())]
    files += sorted((HERE / "sample_inputs").glob("*.xlsx"))
    files += sorted((folder / "synth").glob("*.xlsx"))
    return files


def _problem(problem: Any, repo: str) -> dict[str, Any]:
    fields = {k: str(v) for k, v in dataclasses.asdict(problem).items()}
    if fields.get("details"):  # a traceback (an internal error) names the checkout's own paths
        fields["details"] = fields["details"].replace(repo, "REPO")
    return {"text": str(problem), **fields}


def worker(repo: str, folder: Path, dump: Path | None, timed: bool, fuzzing: int = 0) -> None:
    """In a fresh process: the results of the checkout ``repo`` as JSON, or the CPU time of one pass."""
    sys.path.insert(0, repo)
    import warnings

    import reporter
    from reporter.i18n import use_language
    from reporter.model import WorkbookError
    from reporter.workbook import check_workbook, read_workbook

    assert Path(reporter.__file__).resolve().is_relative_to(Path(repo).resolve()), reporter.__file__
    warnings.simplefilter("ignore")
    files = inputs(folder)
    if fuzzing:
        say(json.dumps(fuzz(fuzzing)))
        return
    if timed:
        check_workbook(files[-1])  # imports and first-use caches out of the measurement
        start, wall = time.process_time(), time.perf_counter()
        for path in files:
            check_workbook(path)
        spent = {"cpu": time.process_time() - start, "wall": time.perf_counter() - wall, "files": len(files)}
        say(json.dumps(spent))
        return
    results: dict[str, Any] = {}
    for path in files:
        entry: dict[str, Any] = {}
        for lang in ("en", "de"):
            with use_language(lang):
                entry[f"check-{lang}"] = [_problem(p, repo) for p in check_workbook(path)]
        try:
            entry["read"] = repr(read_workbook(path))
        except WorkbookError as exc:
            entry["read"] = [_problem(p, repo) for p in exc.problems]
        entry["sheets"] = every_sheet(path, repo)
        results[str(path)] = entry
    assert dump is not None
    dump.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def every_sheet(path: Path, repo: str) -> Any:
    """Every sheet read as the Kennzahlen sheet and as the Kunde sheet (as tests/test_corpus.py does), in
    German and in English: what each reading returns and the problems after it."""
    import functools

    from reporter.config import Config
    from reporter.i18n import use_language
    from reporter.workbook import _Reader

    results: dict[str, Any] = {}
    for lang in ("en", "de"):
        with use_language(lang):
            reader = _Reader(path, Config())
            data = reader.preflight()
            workbook = reader.open(data) if data is not None else None
            readings: list[Any] = []
            if workbook is not None:
                try:
                    for sheet in workbook.worksheets:
                        kpis = reader.guarded(sheet, functools.partial(reader.read_kpis, measures=[]), None)
                        client = reader.guarded(sheet, reader.read_client, None)
                        readings.append([sheet.title, repr(kpis), repr(client), len(reader.problems)])
                finally:
                    workbook.close()
            results[lang] = {"readings": readings, "problems": [_problem(p, repo) for p in reader.problems]}
    return results


def fuzz_sheet(rng: Any) -> bytes:
    """A random, often broken, sheet-like XML document: cells of every kind, nested and misplaced elements,
    entities, comments, namespaces, merged ranges, padding across the parser's 16 KiB chunks, truncation."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    texts = [
        "1",
        "2.5",
        "1e999",
        "NaN",
        "INF",
        "-0",
        "abc",
        "",
        " ",
        "7",
        "99999",
        "2026-10-01",
        "x&amp;y",
        "1<!--c-->2",
        "<![CDATA[3]]>",
        "&#49;",
        "1e5",
        "0x10",
        "TRUE",
    ]
    kinds = [None, "n", "s", "str", "b", "e", "d", "inlineStr", "x"]

    def cell(depth: int) -> str:
        attrs = ""
        if rng.random() < 0.8:
            attrs += f' r="{rng.choice("ABCDEFZ")}{rng.randint(1, 9)}"' if rng.random() < 0.9 else ' r=""'
        kind = rng.choice(kinds)
        if kind:
            attrs += f' t="{kind}"'
        parts = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            choice = rng.random()
            if choice < 0.4:
                parts.append(f"<v>{rng.choice(texts)}</v>")
            elif choice < 0.6:
                parts.append("<f>SUM(A1)</f>" if rng.random() < 0.8 else "<f/>")
            elif choice < 0.7:
                parts.append("<is><t>x</t><r><t>y</t></r></is>")
            elif choice < 0.78:
                parts.append(f"<v>{rng.choice(texts)}<x/>{rng.choice(texts)}</v>")
            elif choice < 0.84 and depth < 2:
                parts.append(cell(depth + 1))
            elif choice < 0.88:
                parts.append('<row r="3"/>')
            elif choice < 0.92:
                parts.append('<y:v xmlns:y="urn:y">5</y:v>')
            else:
                parts.append("<t>" + "<r/>" * rng.randint(1, 30) + "</t>")
        return f"<c{attrs}>{''.join(parts)}</c>"

    rows = []
    for index in range(rng.randint(0, 40)):
        number = rng.choice([f' r="{index + 1}"', "", f' r="{index + 1}.0"', ' r="x"', f' r="{index + 3}"'])
        rows.append(f"<row{number}>{''.join(cell(0) for _ in range(rng.randint(0, 8)))}</row>")
        if rng.random() < 0.05:
            rows.append("<!--" + "p" * rng.randint(1000, 20000) + "-->")
    merges = "".join(
        f'<mergeCell ref="{rng.choice(["A1:B1", "C2:D4", "", "A1"])}"/>' if rng.random() < 0.9 else "<mergeCell/>"
        for _ in range(rng.randint(0, 6))
    )
    after = rng.choice(["", "<sheetProtection/>", "<conditionalFormatting/>", "<autoFilter/>", "<foo/>"])
    tail = rng.choice(["", "<conditionalFormatting/>", "<extLst/>", "<bad>", "</worksheet>", "&x;", "<c/>"])
    body = f"<sheetData>{''.join(rows)}</sheetData>{after}" + (f"<mergeCells>{merges}</mergeCells>" if merges else "")
    doc = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {main}><dimension ref="A1"/>{body}{tail}</worksheet>'
    if rng.random() < 0.1:
        doc = doc[: rng.randint(0, len(doc))]
    if rng.random() < 0.05:
        doc = doc.replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY e "x">]><worksheet', 1)
    if rng.random() < 0.03:
        doc = doc.replace("<worksheet", '<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:9/x.dtd"><worksheet', 1)
    if rng.random() < 0.05:
        position = rng.randint(0, len(doc))
        doc = doc[:position] + rng.choice(["<", "&", "</row>", "\x00", "]]>", "&undefined;"]) + doc[position:]
    return doc.encode("utf-8")


def fuzz(count: int) -> list[Any]:
    """What the sheet scan makes of ``count`` random sheets (seeded: the same sheets in every checkout)."""
    import io
    import random

    from reporter import xlsx
    from reporter.config import LimitsConfig
    from reporter.xlsx import _parsing, _Refused, _SheetScan

    rng = random.Random(13)
    results = []
    for index in range(count):
        doc = fuzz_sheet(rng)
        limits = LimitsConfig(max_rows=rng.choice([3, 10, 5000]), max_columns=rng.choice([2, 5, 400]))
        shared = rng.choice([None, ["a", "b", "c"]])
        small = rng.random() < 0.3  # the scan's own limits low enough for random sheets to reach them
        limited = (5, 3, 6) if small else (10_000, 10_000, 16_384)
        xlsx.MAX_CELL_PARTS, xlsx.MAX_MERGED_RANGES, xlsx.MAX_SHEET_COLUMNS = limited
        scan = _SheetScan(limits, shared)
        try:
            with _parsing():
                scan.run(io.BytesIO(doc))
            outcome: Any = [
                sorted(scan.missing),
                sorted(map(list, scan.broken.items())),
                scan.merged,
                scan.last_row,
                scan.refusal,
            ]
        except _Refused as refused:
            outcome = ["refused", str(refused), refused.entities]
        except Exception as exc:  # noqa: BLE001 - an internal error, to compare as well
            outcome = ["raised", type(exc).__name__, str(exc)]
        results.append([index, outcome])
    return results


def say(text: str, stream: Any = None) -> None:
    (stream or sys.stdout).write(text + "\n")


def _run(repo: str, folder: Path, *extra: str) -> str:
    command = [sys.executable, __file__, "--worker", repo, "--inputs", str(folder), *extra]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=repo).stdout


def compare(before: str, after: str, folder: Path, repeat: int, fuzz_count: int) -> int:
    prepare(folder)
    say(f"{len(inputs(folder))} files", sys.stderr)
    dumps = {}
    for name, repo in (("before", before), ("after", after)):
        out = folder / f"results-{name}.json"
        _run(repo, folder, "--dump", str(out))
        dumps[name] = json.loads(out.read_text(encoding="utf-8"))
    scans = [json.loads(_run(repo, folder, "--fuzz-only", "--fuzz", str(fuzz_count))) for repo in (before, after)]
    scans_differing = [b for b, a in zip(*scans, strict=True) if b != a]
    kinds: dict[str, int] = {}
    for _index, outcome in scans[0]:
        kind = outcome[0] if outcome[0] in ("refused", "raised") else ("stopped" if outcome[4] else "scanned")
        kinds[kind] = kinds.get(kind, 0) + 1
    say(
        f"sheet scan of {fuzz_count} random sheets ({kinds}): "
        + ("IDENTICAL" if not scans_differing else f"{len(scans_differing)} DIFFER")
    )
    for case in scans_differing[:5]:
        say(f"  sheet {case[0]}: before {case[1]}")
        say(f"  {' ' * len(str(case[0]))}        after  {scans[1][case[0]][1]}")
    differing = [k for k in dumps["before"] if dumps["before"][k] != dumps["after"].get(k)]
    differing += [k for k in dumps["after"] if k not in dumps["before"]]
    problems = sum(len(v["check-en"]) for v in dumps["before"].values())
    read_ok = sum(isinstance(v["read"], str) for v in dumps["before"].values())
    say(
        f"results: {len(dumps['before'])} files, {problems} problems (en and de), {read_ok} read into ClientData: "
        + ("IDENTICAL" if not differing else f"{len(differing)} FILES DIFFER")
    )
    for key in differing[:5]:
        say(f"  {key}:\n    before {dumps['before'].get(key)}\n    after  {dumps['after'].get(key)}")
    if not repeat:
        return 1 if differing or scans_differing else 0
    samples: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for round_ in range(repeat):
        for name, repo in (("before", before), ("after", after)):
            samples[name].append(json.loads(_run(repo, folder, "--time")))
        say(f"round {round_ + 1}: before {samples['before'][-1]} after {samples['after'][-1]}", sys.stderr)
    medians = {
        name: {k: statistics.median(s[k] for s in runs) for k in ("cpu", "wall")} for name, runs in samples.items()
    }
    say(f"check_workbook over all files, median of {repeat} fresh processes each:")
    say("| | before | after | before ÷ after |\n|---|---:|---:|---:|")
    for key in ("cpu", "wall"):
        b, a = medians["before"][key], medians["after"][key]
        say(f"| {key} s | {b:.2f} | {a:.2f} | {b / a:.2f} |")
    return 1 if differing or scans_differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", help="checkout of the code to compare against (e.g. a worktree of main)")
    parser.add_argument("--after", default=str(HERE), help="checkout with the change (default: this one)")
    parser.add_argument("--inputs", type=Path, help="folder for the generated inputs (kept; default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--time", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fuzz", type=int, default=5000, help="random sheets for the sheet scan (default 5000)")
    parser.add_argument("--fuzz-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.inputs, args.dump, args.time, args.fuzz if args.fuzz_only else 0)
        return 0
    if not args.before:
        parser.error("--before is required")
    if args.inputs:
        return compare(args.before, args.after, args.inputs, args.repeat, args.fuzz)
    with tempfile.TemporaryDirectory(prefix="bench-read-") as folder:
        return compare(args.before, args.after, Path(folder), args.repeat, args.fuzz)


if __name__ == "__main__":
    sys.exit(main())
