"""KPI-name classification before and after a change of ``reporter/impact.py``: identical results, and how much
faster. A script, not a test (timings depend on the machine and its load).

    python benchmarks/bench_classify.py                 # compare with the code before the speed-up (e96c964)
    python benchmarks/bench_classify.py --before main   # or any other git revision
    python benchmarks/bench_classify.py --repeat 7 --variants 4000

The "before" module is ``git show REV:reporter/impact.py`` loaded as ``reporter._impact_before`` beside the
working tree's ``reporter.impact`` (both share ``reporter.model``, so their results compare directly).

The names: every KPI name the tests know (``tests/kpi_names*.py``, the platform lists also as an importer writes
them, with the platform in brackets and as a source path), every example name and keyword of the packaged catalog,
the KPI names of the sample workbooks, and ``--variants`` generated variants of them (typos, umlauts written out,
camelCase, separators, platform suffixes, two names joined, very long names); seed 0, so every run uses the same
names. For every name both modules must agree on the whole ``classify_name`` result (rule id, class, questions,
topic, direction, reasons, hints, in German and English) and on ``Catalog.best``; on ``Catalog.closest`` (asked of
known names too) in German for every name, in English and with 5 hints for every 4th. Also with an agency catalog
that changes and adds rules (hints for every 3rd name). Any difference is printed and the script exits 1.

Timing (median of ``--repeat`` rounds, CPU time of this process): classifying all names with ``classify_name``

* before: a fresh ``Catalog`` with the same rules every round (its id-keyed vocabulary cache starts empty);
* after, cold: a fresh ``Catalog`` every round, so its index and memo are built inside the timing;
* after, warm: the same ``Catalog`` again (every name memoised), as in a test session that classifies the same
  names many times.

The keyword regexes are compiled once before timing in both modules (a ``Term`` compiles its regex on first use).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the name lists live with the tests

from reporter import impact  # noqa: E402
from tests.kpi_names import KPI_NAMES  # noqa: E402
from tests.kpi_names_blind import BLIND, FRESH  # noqa: E402
from tests.kpi_names_offline import OFFLINE  # noqa: E402
from tests.kpi_names_platforms import PLATFORMS, SOURCES  # noqa: E402
from tests.kpi_names_platforms_blind import PLATFORMS_BLIND  # noqa: E402

BEFORE = "e96c964"  # main before the catalog speed-up (branch h-catalog)

AGENCY_CATALOG = """
[[rule]]
id = "leads"
priority = 30
example_de = "Qualifizierte Kontakte"

[[rule]]
id = "fax_orders"
class = "effect"
questions = ["next_step"]
topic = "orders"
match = ["fax*|telefax", "bestell*|auftr*"]
exclude = ["test*"]
reason_de = "Bestellungen per Fax sind Umsatz."
reason_en = "Orders by fax are revenue."
example_de = "Faxbestellungen"
example_en = "Fax orders"

[[rule]]
id = "webinar_views"
class = "vanity"
topic = "reach"
match = ["webinar*", "aufruf*|view*"]
reason_de = "Aufrufe eines Webinars sagen nichts über Wirkung."
reason_en = "Webinar views say nothing about effect."
example_de = "Webinar-Aufrufe"
example_en = "Webinar views"
"""


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def load_before(revision: str) -> ModuleType:
    source = subprocess.run(
        ["git", "show", f"{revision}:reporter/impact.py"], cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="bench-classify-"))
    path = folder / "impact_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("reporter._impact_before", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _platform_names() -> list[str]:
    names = []
    for lists in (PLATFORMS, PLATFORMS_BLIND):
        for platform, items in lists.items():
            labels = SOURCES.get(platform, ())
            for name, _code in items:
                names.append(name)
                names += [f"{name} ({label})" for label in labels] + [f"{label} › {name}" for label in labels]
    return names


def _sample_names() -> list[str]:
    from reporter.workbook import read_workbook

    names = []
    for path in sorted((ROOT / "sample_inputs").glob("*.xlsx")):
        names += [kpi.name for kpi in read_workbook(path).kpis]
    return names


def _catalog_names(catalog: Any) -> list[str]:
    names = []
    for rule in catalog.rules:
        names += [rule.example_de, rule.example_en]
        names += [term.text.replace("*", "") for group in rule.groups for term in group]
        names += [term.text.replace("*", "") for term in rule.exclude]
    return names


_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_SUFFIXES = (" (GA4)", " – Google Ads", " (Meta)", " gesamt", " pro Monat", " %", " (Ø)", " im Laden", " online")
_PREFIXES = ("GA4 › ", "Ø ", "# ", "Anzahl ", "Google Analytics: ", "Messe ", "Website-")


def _variant(name: str, other: str, rng: random.Random) -> str:
    """One plausible or hostile variation of a name."""
    kind = rng.randrange(12)
    if not name:
        return other
    i = rng.randrange(len(name))
    if kind == 0:  # a letter left out
        return name[:i] + name[i + 1 :]
    if kind == 1:  # two letters swapped
        return name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :]
    if kind == 2:  # a letter doubled or replaced
        letter = rng.choice("aeiounrstkcmlp")
        return name[:i] + letter + name[i + (rng.random() < 0.5) :]
    if kind == 3:
        return "".join(_UMLAUTS.get(c, c) for c in name)
    if kind == 4:  # camelCase as an API writes it
        words = name.replace("-", " ").split()
        return (words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])) if words else name
    if kind == 5:
        return name.replace(" ", rng.choice(["-", "_", "", "  ", "/"]))
    if kind == 6:
        return name + rng.choice(_SUFFIXES)
    if kind == 7:
        return rng.choice(_PREFIXES) + name
    if kind == 8:
        return f"{name} {rng.choice(['und', '/', 'vs.', 'pro'])} {other}"
    if kind == 9:
        return rng.choice([name.upper(), name.lower(), name.title()])
    if kind == 10:  # long names are judged by their beginning
        return (name + " ") * rng.randrange(5, 30)
    return name.lower().replace(" ", "_")  # GA4 event style


def all_names(catalog: Any, variants: int, seed: int = 0) -> list[str]:
    base = [name for name, *_rest in KPI_NAMES]
    base += [name for name, _code in BLIND + FRESH + OFFLINE]
    base += _platform_names() + _catalog_names(catalog) + _sample_names()
    base += ["", " ", "–", "Ø", "search", "Search", "search (GA4)", "GA4 › search", "x" * 500, "é" * 50]
    unique = list(dict.fromkeys(base))
    rng = random.Random(seed)
    generated = []
    for _index in range(variants):
        name = _variant(rng.choice(unique), rng.choice(unique), rng)
        if rng.random() < 0.3:
            name = _variant(name, rng.choice(unique), rng)
        generated.append(name)
    return list(dict.fromkeys(unique + generated))


def _result(module: ModuleType, catalog: Any, name: str, hints: int) -> tuple[Any, ...]:
    classification = module.classify_name(name, catalog)
    best = catalog.best(name)
    result = (classification.as_dict("de"), classification.as_dict("en"), best.id if best else None)
    if hints:
        result += (catalog.closest(name, "de"),)
    if hints > 1:
        result += (catalog.closest(name, "en"), catalog.closest(name, "de", 5))
    return result


def compare(
    before: ModuleType, old_catalog: Any, new_catalog: Any, names: list[str], label: str, every: tuple[int, int],
) -> int:
    """Every name's classification and best rule; hints (``closest``) in German for every ``every[0]``-th name,
    also in English and five of them for every ``every[1]``-th (the old ``closest`` is slow)."""
    differences = 0
    for index, name in enumerate(names):
        hints = 2 if index % every[1] == 0 else int(index % every[0] == 0)
        old = _result(before, old_catalog, name, hints)
        new = _result(impact, new_catalog, name, hints)
        if old != new:
            differences += 1
            if differences <= 20:
                say(f"DIFFERENT ({label}) {name!r}:\n  before {old}\n  after  {new}")
    say(f"{label}: {len(names)} names compared, {differences} differences")
    return differences


def _cpu(func: Callable[[], object]) -> float:
    start = time.process_time()
    func()
    return time.process_time() - start


def timings(before: ModuleType, names: list[str], repeat: int) -> dict[str, list[float]]:
    old_rules, new_rules = before.load_catalog(), impact.load_catalog()
    for name in names:  # compile the keyword regexes a name needs, in both modules
        before.classify_name(name, old_rules)
        impact.classify_name(name, new_rules)
    warm = impact.Catalog(new_rules.rules, new_rules.sources)
    for name in names:
        impact.classify_name(name, warm)

    def run(module: ModuleType, catalog: Any) -> None:
        for name in names:
            module.classify_name(name, catalog)

    samples: dict[str, list[float]] = {"before": [], "after, cold": [], "after, warm": []}
    for _round in range(repeat):
        samples["before"].append(_cpu(lambda: run(before, before.Catalog(old_rules.rules, old_rules.sources))))
        samples["after, cold"].append(_cpu(lambda: run(impact, impact.Catalog(new_rules.rules, new_rules.sources))))
        samples["after, warm"].append(_cpu(lambda: run(impact, warm)))
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=BEFORE, help=f"git revision of the old code (default {BEFORE})")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--variants", type=int, default=4000)
    parser.add_argument("--no-compare", action="store_true", help="only time")
    args = parser.parse_args()
    before = load_before(args.before)
    names = all_names(impact.load_catalog(), args.variants)
    unknown = sum(impact.classify_name(n).source == "unknown" for n in names)
    say(f"{len(names)} distinct names ({unknown} unclassified)")
    failed = 0
    if not args.no_compare:
        failed += compare(before, before.load_catalog(), impact.load_catalog(), names, "packaged catalog", (1, 4))
        with tempfile.TemporaryDirectory() as folder:
            extra = Path(folder) / "catalog.toml"
            extra.write_text(AGENCY_CATALOG, encoding="utf-8")
            old_catalog, new_catalog = before.load_catalog(extra), impact.load_catalog(extra)
            failed += compare(before, old_catalog, new_catalog, names, "with an agency catalog", (3, 12))
    samples = timings(before, names, args.repeat)
    base = statistics.median(samples["before"])
    say(f"\nclassify_name over {len(names)} names, CPU seconds, median of {args.repeat}:\n")
    say("| code | median | range | per name | speed-up |\n| --- | ---: | ---: | ---: | ---: |")
    for label, values in samples.items():
        median = statistics.median(values)
        say(
            f"| {label} | {median:.3f} s | {min(values):.3f}–{max(values):.3f} s | "
            f"{median / len(names) * 1e6:.0f} µs | {base / median:.1f}× |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
