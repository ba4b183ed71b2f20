"""docs/import.md stays true: every ``Quelle`` a platform module can produce is listed in its reference table
(generated from the modules' own metric declarations), every platform has its section and its row in the
overview, and every ``reporter import`` example in the docs and the README parses.

Regenerate the table after adding a metric::

    python tests/test_import_docs.py --write-doc
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import shlex
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from click.testing import CliRunner

from reporter.cli import cli
from reporter.importing.model import Aggregation, Metric
from reporter.importing.platforms import MODULES

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "import.md"
MARKERS = ("<!-- quellen:start -->\n", "<!-- quellen:end -->")
SECTIONS = {  # module → its heading in docs/import.md
    "search_console": "### Google Search Console",
    "ga4": "### Google Analytics 4",
    "google_ads": "### Google Ads",
    "linkedin": "### LinkedIn page analytics",
    "meta": "### Meta Ads Manager and Meta Business Suite",
    "business_profile": "### Google Business Profile",
    "matomo": "### Matomo",
    "newsletter": "### Newsletters: Mailchimp, CleverReach, Brevo",
}
UNITS = {"count": "count", "percent": "%", "eur": "amount", "seconds": "seconds", "points": "points"}
MONTH = {
    Aggregation.SUM: "sum",
    Aggregation.RATIO: "recomputed from the month's sums",
    Aggregation.WEIGHTED: "weighted mean",
    Aggregation.TOTAL: "only the export's own total",
    Aggregation.LAST: "the month's last day",
}
EXAMPLE = "example: any event or goal name"


def _walk(value: Any, found: dict[tuple[str, ...], tuple[Metric, str]], note: str = "", depth: int = 0) -> None:
    if depth > 4:
        return
    if isinstance(value, Metric):
        found.setdefault(value.sources, (value, note))
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, found, note, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _walk(item, found, note, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _walk(getattr(value, item.name), found, note, depth + 1)


def producible() -> list[tuple[Metric, str]]:
    """Every metric the platform modules declare, and those their factories make (search types, newsletter
    vendors, Meta's result indicators and Business Suite columns, Matomo's channel types), with an example for the
    metrics named after the user's own events and goals."""
    modules: dict[str, ModuleType] = {
        name: importlib.import_module(f"reporter.importing.platforms.{name}") for name in MODULES
    }
    found: dict[tuple[str, ...], tuple[Metric, str]] = {}
    for name, module in modules.items():
        _walk([value for key, value in vars(module).items() if key.isupper()], found)
        if name == "search_console":
            for search_type in ("web", "image", "video", "news"):
                _walk(module.metrics(search_type), found)
        if name == "ga4":
            _walk([module.per_event("key_events", "generate_lead"), module.per_event("event_count", "form_submit")],
                  found, EXAMPLE)  # fmt: skip
        if name == "meta":
            _walk(module.result_metrics(""), found)
            for kind in module.RESULT_KINDS:
                _walk(module.result_metrics(kind[0][0]), found)
            for kind in module.SUITE_KINDS:
                for network in ("", "facebook ", "instagram "):
                    suite = module.suite_kind(network + kind[0][0])
                    _walk(suite.metric if suite else None, found)
        if name == "matomo":
            _walk([module.channel_metric(channel) for channel in module.CHANNELS], found)
            _walk([module._goal_metric("goal:Kontaktformular"), module._goal_metric("goal:3")], found, EXAMPLE)
        if name == "newsletter":
            for vendor in module.VENDORS:
                _walk([module.metric(vendor.name, key) for key in module.KPIS], found)
    return list(found.values())


def quellen_table() -> str:
    """The reference table of every ``Quelle``, grouped by the platform part of the text."""
    lines = [
        "| `Quelle` (German workbook) | `Quelle` (English workbook) | KPI name of a new row (de / en) | unit | month |",
        "| --- | --- | --- | --- | --- |",
    ]
    for metric, note in producible():
        de, en = metric.source("de"), metric.source("en")
        direction = ", lower is better" if metric.direction.name == "LOWER" else ""
        month = MONTH[metric.aggregation] + (f" ({note})" if note else "")
        lines.append(
            f"| `{de}` | `{en}` | {metric.name['de']} / {metric.name['en']} | {UNITS[metric.unit]}{direction} "
            f"| {month} |"
        )
    return "\n".join(lines) + "\n"


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _block(text: str) -> str:
    start, end = MARKERS
    assert start in text, f"docs/import.md lacks {start.strip()}"
    return text.split(start, 1)[1].split(end, 1)[0]


def write_doc() -> None:
    text = _doc()
    start, end = MARKERS
    head, rest = text.split(start, 1)
    DOC.write_text(head + start + quellen_table() + end + rest.split(end, 1)[1], encoding="utf-8")


def test_every_quelle_a_platform_can_produce_is_documented() -> None:
    metrics = producible()
    assert len(metrics) > 150  # every module's metrics were found, not an empty walk
    platforms = {metric.platform for metric, _note in metrics}
    assert {"Search Console", "GA4", "Google Ads", "Meta Ads", "Instagram", "Google Business Profile", "Matomo",
            "LinkedIn", "Mailchimp", "CleverReach", "Brevo"} <= platforms  # fmt: skip
    assert _block(_doc()) == quellen_table(), (
        "docs/import.md's table of Quelle texts is out of date: regenerate with "
        "`python tests/test_import_docs.py --write-doc`"
    )


def test_the_doc_has_a_section_and_an_overview_row_per_platform() -> None:
    text = _doc()
    overview = text.split("## Getting the numbers right", 1)[0]
    for module, heading in SECTIONS.items():
        assert re.search(rf"^{re.escape(heading)}$", text, re.M), f"no section {heading!r} for {module}"
    assert set(SECTIONS) == set(MODULES)
    for platform in ("Google Analytics 4", "Google Search Console", "Google Ads", "Meta Ads Manager",
                     "Meta Business Suite", "Google Business Profile", "Matomo", "LinkedIn", "Mailchimp",
                     "CleverReach", "Brevo"):  # fmt: skip
        assert re.search(rf"^\| {re.escape(platform)}", overview, re.M), f"{platform} is not in the overview table"
    numbers = text.split("## Getting the numbers right", 1)[1].split("## Platforms", 1)[0]
    for word in ("additive", "total row", "partial", "whole", "locations", "currency", "--currency-ok"):
        assert word in numbers.casefold(), word


def _examples(text: str) -> list[list[str]]:
    commands = []
    for block in re.findall(r"```(?:sh|bash|shell|console)\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("reporter import"):
                commands.append(shlex.split(line)[2:])
    return commands


def test_every_import_example_in_the_docs_parses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = _examples(_doc()) + _examples(readme)
    assert len(examples) >= 3
    command = cli.commands["import"]
    for args in examples:
        context = command.make_context("import", list(args), resilient_parsing=False)
        assert context.params["exports"], args
        assert str(context.params["workbook"]).endswith(".xlsx"), args


def test_import_help_shows_an_example() -> None:
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    examples = [line.strip() for line in result.output.splitlines() if line.strip().startswith("reporter import ")]
    assert examples
    for line in examples:
        cli.commands["import"].make_context("import", shlex.split(line)[2:])


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-doc"]:
        sys.exit("usage: python tests/test_import_docs.py --write-doc")
    write_doc()
