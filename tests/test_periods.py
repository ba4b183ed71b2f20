"""Quarter and year reports (issue 16, part 3): workbooks a person can check by hand, the CLI end to end, the
overview, the sidecar and sending each period's report exactly once.

The quarter workbook (15 months, July 2025 – September 2026):

    Kontaktanfragen   Q3 2025: 4 5 6 = 15   Q4: 6 6 6 = 18   Q1 2026: 7 7 7 = 21   Q2: 8 8 8 = 24
                      Q3 2026: 10 20 30 = 60
    Anfragequote (%)  3 % every month, Q3 2026: 2 4 6 → Ø 4 %
    Seitenaufrufe     1.000 a month, February 2026 not measured → Q1 2026 not measured
    SEO-Offensive     started May 2026: 4 months old at the end of Q3 2026

The year workbook (24 months, 2025 – 2026): Kontaktanfragen 10 a month in 2025 (120), 15 a month in 2026 (180);
Anfragequote 2 % in 2025, 3 % and 5 % alternating in 2026 (Ø 4 %).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reporter.cli import cli
from reporter.config import Config
from reporter.findings import analyse, load_wording
from reporter.formatting import Fmt
from reporter.model import ConfigError, WorkbookError, month_add, month_range, months_between, period_of
from reporter.periods import period_options, report_period, to_period
from reporter.review import shown
from reporter.workbook import read_workbook
from tests.mailserver import Recorder, SmtpServer
from tests.pdftext import pdf_text
from tests.shared import once_per_run
from tests.workbooks import kpi, make_workbook, measure

QUARTER_INQUIRIES = [4, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8, 10, 20, 30]
QUARTER_RATE = [3] * 12 + [2, 4, 6]
QUARTER_VIEWS = [1000] * 7 + [None] + [1000] * 7  # 2025-07 … : the 8th month is February 2026


def quarter_workbook(path: Path, lang: str = "de", **client: str) -> Path:
    return make_workbook(path, last_month="2026-09", lang=lang, client=client or None, kpis=[
        kpi("Kontaktanfragen", QUARTER_INQUIRIES, target=50),
        kpi("Anfragequote", QUARTER_RATE, unit="%"),
        kpi("Seitenaufrufe", QUARTER_VIEWS),
    ], measures=[measure("SEO-Offensive", discipline="SEO", start=dt.datetime(2026, 5, 1), status="aktiv")])


def year_workbook(path: Path) -> Path:
    return make_workbook(path, last_month="2026-12", kpis=[
        kpi("Kontaktanfragen", [10] * 12 + [15] * 12, measure="Website-Relaunch"),
        kpi("Anfragequote", [2] * 12 + [3, 5] * 6, unit="%", measure="Website-Relaunch"),
        kpi("Seitenaufrufe", [1000] * 24),
    ], measures=[
        measure("Website-Relaunch", discipline="Website", start=dt.datetime(2026, 3, 1), status="aktiv",
                landing_page="https://muster.de/angebot"),
        measure("Instagram-Kanal", discipline="Social Media", start=dt.datetime(2026, 1, 1), status="aktiv",
                landing_page="https://muster.de/instagram"),
    ])


# The agency's settings of the send test; the quarter's and the month's shared builds use them too, so the test
# that sends reads the very builds the other tests check (one build each per run instead of two).
AGENCY_CONFIG = ('[agency]\nname = "Agentur Klarblick"\n[mail]\nfrom = "berichte@klarblick.de"\n'
                 'security = "none"\nretries = 0\ntimeout_s = 5\n')


def _write_inputs(folder: Path) -> None:
    quarter_workbook(folder / "quartal" / "muster.xlsx")
    quarter_workbook(folder / "quarter_en" / "muster.xlsx", lang="en")
    year_workbook(folder / "jahr" / "muster.xlsx")
    (folder / "agentur").mkdir()
    (folder / "agentur" / "reporter.toml").write_text(AGENCY_CONFIG, encoding="utf-8")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The workbooks and the agency's reporter.toml, written once per run (read-only): the shared builds below
    record these paths and bytes, and a build that should be skipped must name the same ones."""
    folder = once_per_run(tmp_path_factory, "period-inputs", _write_inputs)
    return {
        "quarter": folder / "quartal" / "muster.xlsx",
        "quarter_en": folder / "quarter_en" / "muster.xlsx",
        "year": folder / "jahr" / "muster.xlsx",
        "config": folder / "agentur" / "reporter.toml",
    }


def writable_copy(source: Path, target: Path) -> Path:
    """A copy of a shared (read-only) build for a test that builds or sends into it."""
    shutil.copytree(source, target)
    for path in target.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


def build(*args: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--jobs", "1", "--lang", "de", *map(str, args)])


# ---- the pure parts ----------------------------------------------------------------------------------------


def test_periods_step_and_count_by_their_own_length() -> None:
    assert month_add("2026-01", -1) == "2025-12"
    assert month_add("2026-Q1", -1) == "2025-Q4"
    assert month_add("2026-Q3", -4) == "2025-Q3"
    assert month_add("2026", -1) == "2025"
    assert month_range("2026-Q2", 3) == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert period_of("2026-12", "quarter") == "2026-Q4"
    assert period_of("2026-12", "year") == "2026"
    assert months_between("2026-05", "2026-Q3") == 4  # a measure's age at the quarter's end
    assert months_between("2026-05", "2026") == 7


def test_period_labels_in_german_and_english() -> None:
    assert Fmt("de").month("2026-Q3") == "3. Quartal 2026"
    assert Fmt("en").month("2026-Q3") == "Q3 2026"
    assert Fmt("de").month("2026") == "2026"
    assert Fmt("de").month_short("2026-Q3") == "Q3 26"
    assert Fmt("de").month("2026-10") == "Oktober 2026"  # months as before


def test_the_report_period_is_the_latest_complete_one() -> None:
    assert report_period("2026-09", "quarter") == "2026-Q3"
    assert report_period("2026-10", "quarter") == "2026-Q3"
    assert report_period("2026-11", "year") == "2025"
    assert report_period("2026-12", "year") == "2026"


def test_period_options() -> None:
    assert period_options(None, None, "2026-Q3") == ("quarter", "2026-09")
    assert period_options(None, None, None, "2026") == ("year", "2026-12")
    assert period_options("quarter", "2026-12") == ("quarter", "2026-12")
    assert period_options("year", None) == ("year", None)
    assert period_options(None, "2026-10") == ("month", "2026-10")
    with pytest.raises(ConfigError, match="not the last month of a quarter.*2026-09.*--quarter 2026-Q3"):
        period_options("quarter", "2026-08")
    with pytest.raises(ConfigError, match="name December"):
        period_options("year", "2026-11")
    with pytest.raises(ConfigError, match="--quarter '2026-Q5' is not valid"):
        period_options(None, None, "2026-Q5")
    with pytest.raises(ConfigError, match="use one of"):
        period_options("year", None, "2026-Q3")


def test_quarters_sum_counts_and_average_rates(inputs: dict[str, Path]) -> None:
    data = to_period(read_workbook(inputs["quarter"]), "quarter")
    assert data.client.report_month == "2026-Q3"
    assert data.months == ("2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
    inquiries, rate, views = data.kpis
    assert [inquiries.monthly[q] for q in data.months] == [15, 18, 21, 24, 60]
    assert rate.monthly["2026-Q3"] == pytest.approx(4.0)  # 2, 4, 6 % → Ø 4 %, never 12 %
    assert rate.monthly["2026-Q2"] == pytest.approx(3.0)
    assert views.monthly["2026-Q1"] is None  # February not measured: no quarter value
    assert views.monthly["2026-Q2"] == 3000
    assert data.period is not None
    assert data.period.averaged == frozenset({"Anfragequote"})
    assert data.period.months == ("2026-07", "2026-08", "2026-09")
    assert inquiries.target == 150  # the workbook's target is a month's: 50 a month, 150 a quarter


def test_a_year_sums_twelve_months(inputs: dict[str, Path]) -> None:
    data = to_period(read_workbook(inputs["year"]), "year")
    assert data.months == ("2025", "2026")
    inquiries, rate, _views = data.kpis
    assert (inquiries.monthly["2025"], inquiries.monthly["2026"]) == (120, 180)
    assert rate.monthly["2026"] == pytest.approx(4.0)
    assert rate.monthly["2025"] == pytest.approx(2.0)


def test_an_incomplete_period_is_refused(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kurz.xlsx", last_month="2026-09", kpis=[kpi("Kontaktanfragen", [20, 30])])
    with pytest.raises(WorkbookError, match=r"kurz\.xlsx › Kennzahlen: the quarter 2026-Q3 .* 2026-07 missing"):
        to_period(read_workbook(path), "quarter")
    # Without --month a workbook at October reports the latest complete quarter, Q3.
    later = make_workbook(tmp_path / "okt.xlsx", last_month="2026-10", kpis=[kpi("Kontaktanfragen", [1, 2, 3, 4])])
    assert to_period(read_workbook(later), "quarter").client.report_month == "2026-Q3"


def test_the_quarter_is_compared_with_the_previous_and_the_same_quarter_a_year_before(
        inputs: dict[str, Path]) -> None:
    analysis = analyse(to_period(read_workbook(inputs["quarter"]), "quarter"), Config())
    trend = next(t for t in analysis.trends if t.name == "Kontaktanfragen")
    assert (trend.value, trend.previous, trend.last_year) == (60, 24, 15)
    assert [m for m, _ in trend.series] == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert not any(t.anomaly for t in analysis.trends)  # odd values are a month's matter
    seo = next(f for f in analysis.findings if f.id == "seo_short_term")
    assert "seit 4 Monaten" in seo.text_de  # its age at the quarter's end, September 2026


# ---- the command line ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quarter_out(inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``build --period quarter --month 2026-09`` of the quarter workbook with the agency's settings, once per run
    (read-only)."""

    def produce(folder: Path) -> None:
        result = build(inputs["quarter"], "--out", folder / "reports", "--config", inputs["config"],
                       "--period", "quarter", "--month", "2026-09")
        assert result.exit_code == 0, result.output

    return once_per_run(tmp_path_factory, "period-quarter", produce) / "reports"


@pytest.fixture(scope="module")
def quarter_and_month_out(inputs: dict[str, Path], quarter_out: Path,
                          tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``quarter_out`` and then a month build into the same folder (no --month: the workbook's last month), once
    per run (read-only). Its month report is byte for byte the one ``--month=2026-09`` builds."""

    def produce(folder: Path) -> None:
        out = writable_copy(quarter_out, folder / "reports")
        result = build(inputs["quarter"], "--out", out, "--config", inputs["config"])
        assert result.exit_code == 0, result.output

    return once_per_run(tmp_path_factory, "period-quarter-month", produce) / "reports"


def test_build_quarter_writes_the_quarter_folder_with_sums_and_means(quarter_out: Path) -> None:
    folder = quarter_out / "2026-Q3"
    assert sorted(p.name for p in folder.iterdir()) == [
        "_overview.pdf", "manifest.json", "muster-gmbh.json", "muster-gmbh.pdf"]
    text = pdf_text(folder / "muster-gmbh.pdf")
    assert "Was hat unser Marketing im 3. Quartal 2026 bewirkt?" in text
    assert "Kontaktanfragen 60" in text
    assert "Ø\u00a04\u00a0%" in text or "Ø 4 %" in text
    assert "Vorquartal 24" in text
    assert "Vorjahresquartal 15" in text
    assert "Vorquartal Ø" in text  # the previous quarter's rate is a mean too
    assert "12 %" not in text  # the rate is never summed
    assert "Vormonat" not in text  # every comparison is with the previous quarter
    sidecar = json.loads((folder / "muster-gmbh.json").read_text(encoding="utf-8"))
    assert sidecar["month"] == "2026-Q3"
    assert sidecar["month_label"] == "3. Quartal 2026"
    assert sidecar["period"] == {"kind": "quarter", "key": "2026-Q3",
                                 "months": ["2026-07", "2026-08", "2026-09"], "averaged": ["Anfragequote"]}
    inquiries = next(k for k in sidecar["kpis"] if k["kpi"] == "Kontaktanfragen")
    assert (inquiries["value"], inquiries["previous"], inquiries["last_year"]) == (60, 24, 15)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["month"] == "2026-Q3"
    overview = pdf_text(folder / "_overview.pdf")
    assert "3. Quartal 2026" in overview
    assert "Muster GmbH" in overview


def test_build_quarter_again_skips_and_a_month_build_goes_to_its_own_folder(
        inputs: dict[str, Path], quarter_out: Path, quarter_and_month_out: Path, tmp_path: Path) -> None:
    out = writable_copy(quarter_out, tmp_path / "reports")
    again = build(inputs["quarter"], "--out", out, "--config", inputs["config"], "--quarter", "2026-Q3")
    assert again.exit_code == 0, again.output
    assert "skipped" in again.output or "unverändert" in again.output
    # the month build into the quarter's folder (quarter_and_month_out: the same build as ``out``, then that one)
    assert sorted(p.name for p in quarter_and_month_out.iterdir() if not p.name.startswith(".")) == sorted(
        [*(p.name for p in quarter_out.iterdir() if not p.name.startswith(".")), "2026-09"])
    assert (quarter_and_month_out / "2026-09" / "muster-gmbh.pdf").is_file()
    assert "September 2026" in pdf_text(quarter_and_month_out / "2026-09" / "muster-gmbh.pdf")


def test_the_english_quarter_report(inputs: dict[str, Path], tmp_path: Path) -> None:
    result = build(inputs["quarter_en"], "--out", tmp_path, "--quarter", "2026-Q3")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "2026-Q3" / "muster-ltd.pdf")
    assert "What did our marketing achieve in Q3 2026?" in text
    assert "Ø 4%" in text.replace("\u00a0", " ")
    assert "Previous quarter 24" in text
    assert "Same quarter last year 15" in text


def test_the_year_report_has_its_review_page(inputs: dict[str, Path], tmp_path: Path) -> None:
    result = build(inputs["year"], "--out", tmp_path, "--period", "year")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "2026" / "muster-gmbh.pdf")
    assert "Marketing-Jahresbericht 2026" in text
    assert "Kontaktanfragen 180" in text
    assert "Vorjahr 120" in text
    assert "(Kontaktanfragen: 180, +50 % zum Vorjahr)" in " ".join(text.split())
    assert "Vormonat" not in text
    review = text[text.index("Das Jahr im Rückblick"):]
    worked = review[review.index("Was gewirkt hat"):review.index("Was nicht gewirkt hat")]
    assert "Kontaktanfragen: 180 (Vorjahr 120, +50\u00a0%)" in worked
    assert "Maßnahme „Website-Relaunch“" in worked
    not_worked = review[review.index("Was nicht gewirkt hat"):review.index("Was wir im nächsten Jahr ändern")]
    assert "„Instagram-Kanal“" in not_worked


def test_a_month_that_does_not_end_the_quarter_is_a_usage_error(inputs: dict[str, Path], tmp_path: Path) -> None:
    result = build(inputs["quarter"], "--out", tmp_path, "--period", "quarter", "--month", "2026-08")
    assert result.exit_code == 2
    assert "--month 2026-08 ist nicht der letzte Monat eines Quartals" in result.output
    assert not (tmp_path / "2026-Q3").exists()


# ---- sending ---------------------------------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[tuple[SmtpServer, Recorder]]:
    recorder = Recorder()
    smtp = SmtpServer(recorder).start()
    yield smtp, recorder
    smtp.stop()


def test_send_a_quarter_exactly_once_apart_from_the_month(inputs: dict[str, Path], quarter_and_month_out: Path,
                                                         tmp_path: Path, server: tuple[SmtpServer, Recorder],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    smtp, recorder = server
    monkeypatch.chdir(tmp_path)
    config = inputs["config"]
    # the quarter's and then the month's build with this config (--quarter=2026-Q3, then the month 2026-09)
    out = writable_copy(quarter_and_month_out, tmp_path / "reports")
    assert {"2026-Q3", "2026-09"} <= {p.name for p in out.iterdir()}

    def send(*args: str) -> Result:
        return CliRunner().invoke(cli, ["send", str(out), "--config", str(config), "--smtp-host", "127.0.0.1",
                                        "--smtp-port", str(smtp.port), "--yes", *args])

    first = send("--period", "quarter")
    assert first.exit_code == 0, first.output
    assert len(recorder.messages) == 1
    message = recorder.messages[0].message
    assert message["Subject"] == "Ihr Marketing-Wirkungsbericht für das 3. Quartal 2026 – Muster GmbH"
    assert recorder.messages[0].attachment()[0] == "Marketing-Wirkungsbericht_2026-Q3_Muster-GmbH.pdf"
    assert send("--quarter", "2026-Q3").exit_code == 0
    assert len(recorder.messages) == 1  # once per quarter report
    month = send("--month", "2026-09")
    assert month.exit_code == 0, month.output
    assert len(recorder.messages) == 2  # the month's report is another report
    assert "September 2026" in recorder.messages[1].message["Subject"]
    with sqlite3.connect(out / "ledger.sqlite") as db:
        keys = sorted(row[0] for row in db.execute("SELECT month FROM attempts WHERE state = 'sent'"))
    assert keys == ["2026-09", "2026-Q3"]


def test_every_period_wording_replaces_a_known_finding_text() -> None:
    """periods.toml's findings tables only reword keys findings.toml has (a typo would silently do nothing)."""
    import tomllib

    from reporter.findings.wording import load_wording
    from reporter.resources import templates_dir

    wording = load_wording()
    data = tomllib.loads((templates_dir() / "periods.toml").read_text(encoding="utf-8"))
    changed = 0
    for lang, kinds in data.items():
        for kind, texts in kinds.items():
            for section, keys in texts.get("findings", {}).items():
                assert set(keys) <= set(wording.tables[lang][section]), (lang, kind, section)
                changed += len(keys)
            assert {"cover_question", "previous", "last_year", "how_to_read"} <= set(texts), (lang, kind)
    assert changed > 10
    year = wording.for_period("year")
    assert year.phrases("de", "summary")("evidence_month", kpi="A", value="1", change="+2 %").endswith("zum Vorjahr")


def test_the_overview_marks_a_mean_and_compares_with_the_previous_quarter(tmp_path: Path) -> None:
    from reporter.overview import context, overview_data

    sidecar = {"questions": [], "findings": [], "period": {"kind": "quarter", "averaged": ["Anfragequote"]},
               "kpis": [{"kpi": "Anfragequote", "class": "effect", "primary": True, "value": 4.0, "previous": 3.0,
                         "unit": "percent", "improvement": True}]}
    (tmp_path / "muster.json").write_text(json.dumps(sidecar), encoding="utf-8")
    entry = {"workbook": "/in/muster.xlsx", "slug": "muster", "client": "Muster GmbH", "status": "ok",
             "json": "muster.json", "pdf": "muster.pdf"}
    config = Config()
    data = overview_data("2026-Q3", [entry], tmp_path, config)
    german = context(data, dataclasses.replace(config, language="de"))
    assert german.rows[0].kpi_value == "Ø\u00a04\u00a0%"
    assert german.t["change"] == "zum Vorquartal"
    assert german.month_label == "3. Quartal 2026"
    english = context(data, dataclasses.replace(config, language="en"))
    assert english.t["change"] == "vs. previous quarter"
    assert english.month_label == "Q3 2026"


def test_levels_are_averaged_and_the_months_comment_is_left_out(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "level.xlsx", last_month="2026-09",
                         client={"Kommentar": "Im September lief es gut."}, kpis=[
                             kpi("Google-Bewertungen", [71, 73, 75]),  # the total so far, a level
                             kpi("Follower LinkedIn", [100, 110, 120]),
                             kpi("Kontaktanfragen", [1, 2, 3])])
    data = to_period(read_workbook(path), "quarter")
    assert [k.monthly["2026-Q3"] for k in data.kpis] == [73, 110, 6]
    assert data.client.comment is None


def test_a_measure_that_started_after_the_period_is_not_in_its_report(tmp_path: Path) -> None:
    """The Q1 2026 report of a workbook at September 2026: the campaign of June and its KPI (not measured before
    June) are left out; the relaunch that ended in May was still running in Q1; the origins still point right."""
    path = make_workbook(tmp_path / "m.xlsx", last_month="2026-09", kpis=[
        kpi("Kontaktanfragen", [10] * 15, measure="Website-Relaunch"),
        kpi("Conversions Google Ads", [None] * 11 + [3, 4, 5, 6], measure="Google Ads"),
        kpi("Klicks Google Ads", [100] * 15, measure="Google Ads"),  # measured before: kept, without the link
    ], measures=[
        measure("Google Ads", discipline="Anzeigen", start=dt.datetime(2026, 6, 1), status="aktiv"),
        measure("Website-Relaunch", discipline="Website", start=dt.datetime(2025, 11, 1),
                end=dt.datetime(2026, 5, 31), status="abgeschlossen"),
    ])
    monthly = read_workbook(path)
    data = to_period(dataclasses.replace(monthly, client=dataclasses.replace(monthly.client,
                                                                              report_month="2026-03")), "quarter")
    assert data.client.report_month == "2026-Q1"
    assert [m.name for m in data.measures] == ["Website-Relaunch"]
    assert data.measures[0].status == "active"
    assert [(k.name, k.measure) for k in data.kpis] == [
        ("Kontaktanfragen", "Website-Relaunch"), ("Klicks Google Ads", None)]
    assert data.located("kpis", 1, "name") == monthly.located("kpis", 2, "name")
    assert data.located("measures", 0, "name") == monthly.located("measures", 1, "name")
    assert data.located("kpis", 2, "name") is None


def test_a_kpi_named_with_an_average_mark_shows_it_once(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "m.xlsx", last_month="2026-12", kpis=[
        kpi("Ø Bewertung (Google)", [4.5] * 12 + [4.8] * 12, unit="Punkte"),
        kpi("Absprungrate", [50] * 24, unit="%"),
    ])
    data = to_period(read_workbook(path), "year")
    analysis = analyse(data, Config())
    assert data.period is not None
    assert {"Ø Bewertung (Google)", "Absprungrate"} <= data.period.averaged
    fmt = Fmt("de")
    by_name = {trend.name: trend for trend in analysis.trends}
    rating, bounce = by_name["Ø Bewertung (Google)"], by_name["Absprungrate"]
    assert shown(fmt, data.period, rating)(rating.value, "–") == "4,8"
    assert shown(fmt, data.period, bounce)(bounce.value, "–") == "Ø\u00a050\u00a0%"


# Texts of findings.toml that speak of months and are right in a quarter's or year's report as they are.
MONTHLY_ON_PURPOSE = {
    ("summary", "calm"), ("summary", "month"), ("summary", "evidence_month"), ("summary", "evidence_trend"),
    ("seo_short_term", "since"), ("seo_short_term", "months"), ("seo_short_term", "since_start"),
    ("seo_short_term", "text"), ("seo_short_term", "judge"), ("question_not_measured", "step"),
}
# A month's matter, never raised in a quarter's or year's report (docs/operations.md).
MONTHLY_ON_PURPOSE |= {(section, key) for section in ("activity_without_effect", "anomaly")
                       for key in load_wording().tables["de"][section]}


def test_every_finding_text_that_counts_months_has_its_period_wording() -> None:
    """A quarter's report compares quarters: no finding may say "letzte 3 Monate" or "im Monat" there."""
    import re
    import tomllib

    from reporter.resources import templates_dir

    wording = load_wording()
    periods = tomllib.loads((templates_dir() / "periods.toml").read_text(encoding="utf-8"))
    month_word = {"de": re.compile(r"Monat|Vormonat"), "en": re.compile(r"\bmonths?\b", re.I)}

    def says_months(lang: str, text: str) -> bool:  # in the words, not in a placeholder such as {month}
        return bool(month_word[lang].search(re.sub(r"\{\w+\}", "", text)))

    missing = []
    for lang, sections in wording.tables.items():
        for section, keys in sections.items():
            for key, text in keys.items():
                base = key.removesuffix("_one")
                if not says_months(lang, text) or (section, base) in MONTHLY_ON_PURPOSE:
                    continue
                for kind in ("quarter", "year"):
                    changed = periods[lang][kind].get("findings", {}).get(section, {})
                    if key not in changed:
                        missing.append((lang, kind, section, key))
                    elif says_months(lang, changed[key]):
                        missing.append((lang, kind, section, key, "still speaks of months"))
    assert missing == [], "\n".join(map(str, missing))


def test_social_reach_in_a_quarter_is_compared_by_quarters(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "m.xlsx", last_month="2026-12", kpis=[
        kpi("Kontaktanfragen", [14] * 24, channel="Website"),
        kpi("Instagram Reichweite", [1000] * 21 + [1300, 1400, 1500], channel="Social Media", measure="Instagram"),
    ], measures=[measure("Instagram", discipline="Social Media", status="aktiv", start=dt.datetime(2025, 2, 1))])
    analysis = analyse(to_period(read_workbook(path), "quarter"), Config())
    found = next(f for f in analysis.findings if f.id == "social_replaces_sales")
    assert "die letzten 3 Quartale mit den 3 Quartalen davor" in found.text_de
    assert "Monat" not in found.text_de
    assert "the last 3 quarters with the 3 before" in found.text("en")


def test_the_dachdecker_sample_has_a_year_report(tmp_path: Path) -> None:
    """docs/samples.md: ``reporter build sample_inputs --year 2025`` builds the roofer's year (its workbook goes back
    to January 2024); every number below is the sum or mean of the lists in scripts/make_samples.py."""
    samples = Path(__file__).resolve().parent.parent / "sample_inputs"
    result = build(samples / "dachdecker.xlsx", "--out", tmp_path, "--year", "2025")
    assert result.exit_code == 0, result.output
    sidecar = json.loads((tmp_path / "2025" / "dachdecker-kraemer.json").read_text(encoding="utf-8"))
    kpis = {k["kpi"]: k for k in sidecar["kpis"]}
    assert (kpis["Kontaktanfragen"]["value"], kpis["Kontaktanfragen"]["previous"]) == (136, 116)
    assert kpis["Kontaktanfragen"]["target"] == 216  # 18 a month
    assert kpis["Ø Bewertung (Google)"]["value"] == pytest.approx(55.6 / 12)
    assert kpis["Ladezeit mobil (LCP)"]["previous"] == pytest.approx(49.1 / 12)
    # the Google Ads campaign (April 2026) and the flyer (January 2026) came after 2025
    assert "Klicks Google Ads" not in kpis
    assert sorted(m["measure"] for m in sidecar["measures"]) == [
        "Lokale SEO & Google-Unternehmensprofil", "Website-Betreuung & Ladezeit"]
    assert sidecar["spend"]["total"] == 7950  # SEO 11 × 450 €, website 12 × 250 €
    text = " ".join(pdf_text(tmp_path / "2025" / "dachdecker-kraemer.pdf").split())
    assert "Marketing-Jahresbericht 2025" in text
    assert "Ø Bewertung (Google): 4,6 (Vorjahr 4,5, +3 %)" in text.replace("\u00a0", " ")
    assert "Ø Ø" not in text.replace("\u00a0", " ")
    assert "Start „Lokale SEO & Google-Unternehmensprofil“" in text  # the SEO start of February 2025
    assert "Absprungrate Leistungsseite entwickelte sich im Jahr zu Ihren Ungunsten" in text
