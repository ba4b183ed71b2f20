"""Benchmark of ``reporter build`` against the PDF engine's floor (issue 9). A script, not a test.

Generates synthetic clients with the project's own generator (:func:`tests.synth.synthetic_clients`) in a
temporary folder, then measures on this machine, in one run:

1. ``reporter build --jobs 1 --force`` (the real CLI in a subprocess, a fresh output folder each time):
   wall time per report, start-up, overview and manifest included;
2. **the floor**: the same self-contained HTML files (``--html`` output of that build) rendered to PDF in one
   warm Python process by WeasyPrint alone (one shared ``FontConfiguration``, the same PDF variant), per
   report;
3. ``reporter build --jobs <cores>`` and its speedup over ``--jobs 1``;
4. peak memory of the whole build: the process tree (CLI, fork server, workers) is polled and the resident
   sizes (RSS) summed; the proportional size (PSS, shared pages counted once) is shown beside it;
5. time to the first PDF of a single client, start-up included: from starting ``reporter build one.xlsx``
   until its PDF is at its final path.

Sizes: the first size of ``--clients`` (default 30) gets every measurement, ``--repeat`` times (interleaved:
one ``--jobs 1`` build, one floor pass, one ``--jobs <cores>`` build per round, so a change in the machine's
load hits all three alike). Every further size (default 120) gets ``--jobs <cores>`` builds only, for memory
and throughput, ``--large-repeat`` times (default 1) — ``--full`` measures them completely as well (slow).

Prints a Markdown table of medians (and ratios) on stdout, progress on stderr; ``--json FILE`` keeps the raw
samples. Needs psutil (``pip install -e '.[bench]'``). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import psutil
except ImportError:  # pragma: no cover - a message instead of a traceback
    sys.exit("bench_build.py needs psutil: pip install -e '.[bench]'")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the generator lives with the tests
from tests.synth import synthetic_clients  # noqa: E402

POLL_S = 0.05  # memory / CPU sampling interval of the process tree
MB = 1024 * 1024

# Runs in a fresh interpreter: WeasyPrint alone, warm (imported, one font configuration, one warm-up render),
# then every HTML file rendered once per pass; prints the seconds of each pass as JSON.
FLOOR_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    variant, passes, files = sys.argv[1], int(sys.argv[2]), [Path(p) for p in sys.argv[3:]]
    font_config, cache = FontConfiguration(), {}
    htmls = [f.read_text(encoding="utf-8") for f in files]

    def render(html):
        document = HTML(string=html).render(font_config=font_config, pdf_variant=variant, cache=cache)
        return document.write_pdf(pdf_variant=variant)

    render(htmls[0])  # warm-up: fonts loaded, caches filled, like a warm worker
    times = []
    for _ in range(passes):
        started, cpu = time.perf_counter(), time.process_time()
        for html in htmls:
            render(html)
        times.append([time.perf_counter() - started, time.process_time() - cpu])
    print(json.dumps(times))
    """
)


def log(message: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def reporter_command() -> list[str]:
    """The installed ``reporter`` entry point beside this interpreter, else ``python -m reporter``."""
    script = shutil.which("reporter", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "reporter"]


@dataclass
class Sample:
    """One subprocess run: wall seconds, peak summed RSS/PSS of its process tree, CPU seconds of the tree."""

    wall_s: float
    peak_rss: int = 0
    peak_pss: int = 0
    cpu_s: float = 0.0
    first_pdf_s: float | None = None
    first_pdf_cpu_s: float | None = None  # CPU of all processes until the first PDF was there
    extra: dict[str, Any] = field(default_factory=dict)


class TreeWatch(threading.Thread):
    """Polls a process and all its descendants: the peak of the summed RSS (and PSS), and the last CPU times
    seen per process (a process's final few milliseconds after the last poll are not counted)."""

    def __init__(self, pid: int, pss: bool = True) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.pss = pss
        self.stop = threading.Event()
        self.peak_rss = 0
        self.peak_pss = 0
        self.cpu: dict[tuple[int, float], float] = {}  # (pid, create time) → user + system seconds

    def tree(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return []

    def sample(self) -> None:
        rss = pss = 0
        for proc in self.tree():
            try:
                with proc.oneshot():
                    rss += proc.memory_info().rss
                    times = proc.cpu_times()
                    self.cpu[(proc.pid, proc.create_time())] = times.user + times.system
                if self.pss:
                    pss += proc.memory_full_info().pss
            except (psutil.Error, AttributeError):
                continue  # ended between listing and reading
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(POLL_S)

    @property
    def cpu_s(self) -> float:
        return sum(list(self.cpu.values()))


def run_watched(command: list[str], first_pdf_in: Path | None = None) -> Sample:
    """Run ``command``; with ``first_pdf_in``, also the seconds until a client PDF appears there."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watch = TreeWatch(proc.pid)
    watch.start()
    first = first_cpu = None
    if first_pdf_in is not None:
        while proc.poll() is None and first is None:
            if any(p.name != "_overview.pdf" for p in first_pdf_in.glob("*/*.pdf")):
                first = time.perf_counter() - started
                watch.sample()
                first_cpu = watch.cpu_s
            else:
                time.sleep(0.005)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    watch.stop.set()
    watch.join()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(command)}\n{out.decode()}\n{err.decode()}")
    if first_pdf_in is not None and first is None:
        if any(p.name != "_overview.pdf" for p in first_pdf_in.glob("*/*.pdf")):
            first = wall  # appeared between the last poll and the end
    return Sample(wall, watch.peak_rss, watch.peak_pss, watch.cpu_s, first, first_cpu)


def build(folder: Path, out: Path, jobs: int, html: bool = True) -> Sample:
    shutil.rmtree(out, ignore_errors=True)
    command = [*reporter_command(), "build", str(folder), "--out", str(out), "--jobs", str(jobs)]
    command += ["--force", "-q"]
    return run_watched(command + (["--html"] if html else []))


def floor(html_files: list[Path], passes: int = 1) -> list[list[float]]:
    """[wall, CPU] seconds per pass over ``html_files`` in one warm WeasyPrint process."""
    from reporter.render import PDF_VARIANT  # the variant reporter writes, so both make the same PDF

    done = subprocess.run(
        [sys.executable, "-c", FLOOR_SCRIPT, PDF_VARIANT, str(passes), *map(str, html_files)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"floor render failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def client_html(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*/*.html"))


# ---- the run ----------------------------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def measure_size(
    n: int, folder: Path, work: Path, jobs: int, rounds: int, full: bool
) -> dict[str, list[Any]]:
    """``rounds`` rounds over one client folder; without ``full`` only ``--jobs <cores>`` builds."""
    raw: dict[str, list[Any]] = {"jobs1": [], "floor": [], "floor_cpu": [], "jobsN": []}
    for number in range(1, rounds + 1):
        if full:
            log(f"{n} clients, round {number}/{rounds}: reporter build --jobs 1")
            sample = build(folder, work / "out-jobs1", 1)
            raw["jobs1"].append(sample)
            log(f"  {sample.wall_s:.1f} s; floor: WeasyPrint alone on the same {n} HTML files")
            html = client_html(work / "out-jobs1")
            if len(html) != n:
                sys.exit(f"expected {n} HTML files, found {len(html)}")
            wall, cpu = floor(html)[0]
            raw["floor"].append(wall)
            raw["floor_cpu"].append(cpu)
            log(f"  {wall:.1f} s")
        log(f"{n} clients, round {number}/{rounds}: reporter build --jobs {jobs}")
        sample = build(folder, work / "out-jobsN", jobs)
        raw["jobsN"].append(sample)
        log(f"  {sample.wall_s:.1f} s, peak RSS {sample.peak_rss / MB:.0f} MB")
    return raw


def first_pdf(workbook: Path, work: Path, rounds: int) -> tuple[list[Sample], list[float]]:
    """Time to the first PDF of one client (``--jobs 1``), and ``reporter --version`` start-up."""
    single = work / "single"
    single.mkdir(exist_ok=True)
    shutil.copy2(workbook, single / workbook.name)
    logos = workbook.parent / "logos"
    if logos.is_dir():
        shutil.copytree(logos, single / "logos", dirs_exist_ok=True)
    samples, versions = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([*reporter_command(), "--version"], capture_output=True, check=True)
        versions.append(time.perf_counter() - started)
        out = work / "out-single"
        shutil.rmtree(out, ignore_errors=True)
        command = [*reporter_command(), "build", str(single / workbook.name), "--out", str(out)]
        command += ["--jobs", "1", "--force", "-q"]
        samples.append(run_watched(command, first_pdf_in=out))
    return samples, versions


def machine() -> dict[str, Any]:
    model = platform.processor() or "unknown CPU"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in lscpu.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    import weasyprint

    import reporter

    try:
        from weasyprint.text.ffi import harfbuzz_subset  # type: ignore[attr-defined]

        subsetter = "HarfBuzz" if harfbuzz_subset is not None else "fontTools"
    except ImportError:
        subsetter = "fontTools"
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "font_subsetter": subsetter,
        "reporter": f"{reporter.__version__} from {Path(reporter.__file__).parent.parent}",
        "load_before": os.getloadavg(),
    }


def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def fmt_mb(value: float | None) -> str:
    return "—" if value is None else f"{value / MB:.0f} MB"


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def table(results: dict[str, Any], jobs: int) -> str:
    sizes: list[int] = results["sizes"]
    per: dict[int, dict[str, Any]] = {}
    for n in sizes:
        raw = results["raw"][str(n)]
        jobs1 = median([s["wall_s"] for s in raw["jobs1"]])
        jobsn = median([s["wall_s"] for s in raw["jobsN"]])
        fl = median(raw["floor"])
        fl_cpu = median(raw["floor_cpu"])
        per[n] = {
            "floor": fl / n if fl else None,
            "jobs1": jobs1 / n if jobs1 else None,
            "jobsN": jobsn / n if jobsn else None,
            "ratio": jobs1 / fl if jobs1 and fl else None,
            "floor_cpu": fl_cpu / n if fl_cpu else None,
            "speedup": jobs1 / jobsn if jobs1 and jobsn else None,
            "cpu1": median([s["cpu_s"] for s in raw["jobs1"]]),
            "rss1": median([s["peak_rss"] for s in raw["jobs1"]]),
            "rssN": median([s["peak_rss"] for s in raw["jobsN"]]),
            "pssN": median([s["peak_pss"] for s in raw["jobsN"]]),
        }
        per[n]["cpu1"] = per[n]["cpu1"] / n if per[n]["cpu1"] else None
        per[n]["cpu_ratio"] = (
            per[n]["cpu1"] / per[n]["floor_cpu"] if per[n]["cpu1"] and per[n]["floor_cpu"] else None
        )
    small, large = sizes[0], sizes[-1]
    rows = [
        ("Floor: WeasyPrint alone, warm, per report", [fmt_s(per[n]["floor"]) for n in sizes], ""),
        ("Floor: CPU per report", [fmt_s(per[n]["floor_cpu"]) for n in sizes], ""),
        ("`build --jobs 1`, wall per report", [fmt_s(per[n]["jobs1"]) for n in sizes], ""),
        ("`build --jobs 1`, CPU per report (all processes)", [fmt_s(per[n]["cpu1"]) for n in sizes], ""),
        ("**Build ÷ floor** (`--jobs 1`, wall)", [fmt_ratio(per[n]["ratio"]) for n in sizes], "≤ 1.3"),
        ("Build ÷ floor (CPU)", [fmt_ratio(per[n]["cpu_ratio"]) for n in sizes], ""),
        (f"`build --jobs {jobs}`, wall per report", [fmt_s(per[n]["jobsN"]) for n in sizes], ""),
        (f"**Speedup** `--jobs {jobs}` over `--jobs 1`", [fmt_ratio(per[n]["speedup"]) for n in sizes],
         "≥ 1.6"),
        ("Peak memory `--jobs 1` (RSS, all processes)", [fmt_mb(per[n]["rss1"]) for n in sizes], ""),
        (f"Peak memory `--jobs {jobs}` (RSS, all processes)", [fmt_mb(per[n]["rssN"]) for n in sizes], ""),
        (f"Peak memory `--jobs {jobs}` (PSS: shared once)", [fmt_mb(per[n]["pssN"]) for n in sizes], ""),
    ]
    if large != small and per[small]["rssN"] and per[large]["rssN"]:
        growth = per[large]["rssN"] / per[small]["rssN"]
        rows.append(
            (f"**Memory {large} ÷ {small} clients** (RSS, `--jobs {jobs}`)",
             ["" for _ in sizes[:-1]] + [fmt_ratio(growth)], "≤ 1.3")
        )
    first = results["first_pdf"]
    rows.append(("**First PDF of one client**, start-up included",
                 [fmt_s(median(first["first_pdf_s"]))] + ["" for _ in sizes[1:]], "≤ 2 s"))
    rows.append(("First PDF: CPU of all processes until then (idle-machine estimate)",
                 [fmt_s(median(first.get("first_pdf_cpu_s") or []))] + ["" for _ in sizes[1:]], ""))
    rows.append(("`build` of one client, whole command (with overview)",
                 [fmt_s(median(first["wall_s"]))] + ["" for _ in sizes[1:]], ""))
    rows.append(("`reporter --version` (CLI start-up)",
                 [fmt_s(median(first["version_s"]))] + ["" for _ in sizes[1:]], ""))
    header = "| Measure (median) | " + " | ".join(f"{n} clients" for n in sizes) + " | Target |"
    rule = "|---|" + "---:|" * len(sizes) + "---|"
    body = ["| " + " | ".join([name, *cells, target]) + " |" for name, cells, target in rows]
    lines = [header, rule, *body]
    return "\n".join(lines)


def describe(results: dict[str, Any]) -> str:
    m = results["machine"]
    rounds = results["rounds"]
    sizes = results["sizes"]
    only = "" if results["full"] else f", `--jobs {results['jobs']}` only"
    rounds_text = f"{sizes[0]} clients: {rounds[str(sizes[0])]} round(s)" + "".join(
        f"; {n} clients: {rounds[str(n)]} round(s){only}" for n in sizes[1:]
    )
    load_before = ", ".join(f"{x:.1f}" for x in m["load_before"])
    load_after = ", ".join(f"{x:.1f}" for x in m["load_after"])
    return (
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, "
        f"WeasyPrint {m['weasyprint']} (font subsetting: {m['font_subsetter']}); reporter {m['reporter']}. "
        f"{rounds_text}. "
        f"Load average before {load_before}, after {load_after}. Whole benchmark: "
        f"{results['seconds'] / 60:.1f} min."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[30, 120], metavar="N",
                        help="batch sizes; the first is measured fully (default: 30 120)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds for the first size (default 3)")
    parser.add_argument("--large-repeat", type=int, default=1,
                        help="rounds for the other sizes (default 1)")
    parser.add_argument("--full", action="store_true",
                        help="measure the other sizes fully as well (--jobs 1 and floor: slow)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel jobs to compare (default: cores)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--json", type=Path, help="also write the raw samples to this file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.clients))
    jobs = args.jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
    started = time.perf_counter()
    info = machine()
    with tempfile.TemporaryDirectory(prefix="reporter-bench-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        folders = {}
        for n in sizes:
            log(f"generating {n} synthetic clients")
            folders[n] = work / f"clients-{n}"
            shutil.rmtree(folders[n], ignore_errors=True)
            synthetic_clients(n, folders[n], seed=args.seed)
        first_workbook = sorted(folders[sizes[0]].glob("*.xlsx"))[0]
        log("warm-up: one single-client build (page cache, fork server, compiled bytecode)")
        first_pdf(first_workbook, work, 1)
        log(f"time to first PDF ({first_workbook.name}), {args.repeat} rounds")
        firsts, versions = first_pdf(first_workbook, work, args.repeat)
        raw: dict[str, Any] = {}
        rounds: dict[str, int] = {}
        for index, n in enumerate(sizes):
            full = index == 0 or args.full
            rounds[str(n)] = args.repeat if index == 0 else args.large_repeat
            raw[str(n)] = measure_size(n, folders[n], work, jobs, rounds[str(n)], full)
    info["load_after"] = os.getloadavg()
    results = {
        "machine": info,
        "sizes": sizes,
        "jobs": jobs,
        "full": args.full,
        "rounds": rounds,
        "seconds": time.perf_counter() - started,
        "first_pdf": {
            "first_pdf_s": [s.first_pdf_s for s in firsts if s.first_pdf_s is not None],
            "first_pdf_cpu_s": [s.first_pdf_cpu_s for s in firsts if s.first_pdf_cpu_s is not None],
            "wall_s": [s.wall_s for s in firsts],
            "version_s": versions,
        },
        "raw": {
            n: {k: [v.__dict__ if isinstance(v, Sample) else v for v in vs] for k, vs in sample.items()}
            for n, sample in raw.items()
        },
    }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(table(results, jobs) + "\n\n" + describe(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
