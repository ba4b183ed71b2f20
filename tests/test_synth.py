"""The workbook generator (tests/synth.py) and the committed sample inputs (scripts/make_samples.py).

The story tests check the samples' numbers with clear margins over the findings' default thresholds, straight
from the .xlsx files, so that the findings of issue 4 can rely on them.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import time
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
from PIL import Image

from reporter.config import load_config
from reporter.impact import unknown_kpi_warnings
from reporter.model import Direction, Role, month_range
from reporter.workbook import check_workbook, read_workbook
from tests.synth import (
    ENGLISH_KPI_NAMES,
    KpiSpec,
    MeasureSpec,
    WorkbookSpec,
    synthetic_clients,
    write_client_workbook,
    write_logo,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_inputs"
MONTHS = month_range("2026-10", 13)
CONTRACT_SHEETS = {"Kunde", "Kennzahlen", "Maßnahmen"}


def _load_make_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "scripts" / "make_samples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_samples = _load_make_samples()


# ---- reading helpers (plain openpyxl, independent of the project's reader) ---------------------------------


def _month_key(value: object) -> str:
    if isinstance(value, dt.datetime):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)


def _sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    header = [_month_key(h) for h in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if any(v is not None for v in row)]


def _client(path: Path) -> dict[str, object]:
    return {str(row["Feld"]): row["Wert"] for row in _sheet_rows(path, "Kunde")}


def _kpis(path: Path) -> dict[str, dict[str, object]]:
    return {str(row["Kennzahl"]): row for row in _sheet_rows(path, "Kennzahlen")}


def _series(row: dict[str, object]) -> list[float | None]:
    return [row.get(m) for m in MONTHS]  # type: ignore[misc]


def _mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return sum(present) / len(present)


def three_vs_three(values: list[float | None]) -> float:
    """% change of the mean of the last three months over the three before."""
    return (_mean(values[-3:]) / _mean(values[-6:-3]) - 1) * 100


def month_over_month(values: list[float | None]) -> float:
    last, previous = values[-1], values[-2]
    assert last is not None
    assert previous is not None
    return (last / previous - 1) * 100


LOWER_IS_BETTER = re.compile(r"absprungrate|bounce rate|ladezeit|kosten pro|cost per", re.I)
# The vanity KPIs of the samples (volume and exposure); everything else in the samples is an effect KPI.
VANITY = re.compile(
    r"sitzungen|sessions|seitenaufrufe|impressionen|klicks \(google|klicks google|follower|interaktionen|"
    r"instagram (reach|likes)|reichweite|aufrufe karriereseite|sichtbarkeitsindex|newsletter-empfänger",
    re.I,
)


def improvement(name: str, values: list[float | None]) -> float:
    change = month_over_month(values)
    return -change if LOWER_IS_BETTER.search(name) else change


def ranked_improvements(path: Path) -> list[tuple[float, str]]:
    return sorted(((improvement(n, _series(r)), n) for n, r in _kpis(path).items()), reverse=True)


# ---- the generator -----------------------------------------------------------------------------------------


def test_synthetic_clients_are_deterministic(tmp_path: Path) -> None:
    first = synthetic_clients(5, tmp_path / "a", seed=3)
    second = synthetic_clients(5, tmp_path / "b", seed=3)
    other = synthetic_clients(5, tmp_path / "c", seed=4)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_synthetic_clients_are_varied_and_follow_the_contract(tmp_path: Path) -> None:
    paths = synthetic_clients(20, tmp_path, seed=0)
    assert len({p.name for p in paths}) == 20
    languages, roles, header_kinds, logo_kinds = [], set(), set(), set()
    for path in paths:
        wb = openpyxl.load_workbook(path, read_only=True)
        english_labels = "Client" in wb.sheetnames
        assert set(wb.sheetnames) == ({"Client", "KPIs", "Measures"} if english_labels else CONTRACT_SHEETS)
        kpi_rows = list(wb["KPIs" if english_labels else "Kennzahlen"].iter_rows(values_only=True))
        measure_rows = list(wb["Measures" if english_labels else "Maßnahmen"].iter_rows(values_only=True))
        client = dict(list(wb["Client" if english_labels else "Kunde"].iter_rows(values_only=True))[1:])
        wb.close()
        header = kpi_rows[0]
        assert [_month_key(h) for h in header[9:]] == MONTHS
        header_kinds.add(type(header[9]).__name__)
        names = [row[0] for row in kpi_rows[1:]]
        assert 8 <= len(names) <= 25
        assert len(set(names)) == len(names)
        assert 2 <= len(measure_rows) - 1 <= 8
        languages.append(client["Language" if english_labels else "Sprache"])
        roles.add(client["Marketing role" if english_labels else "Rolle des Marketings"])
        logo = path.parent / str(client["Logo"])
        assert logo.is_file()
        logo_kinds.add(logo.suffix)
    assert languages.count("en") == 4  # one client in five
    assert len(roles) >= 3
    assert header_kinds == {"datetime", "str"}
    assert logo_kinds == {".svg", ".png"}


def test_synthetic_clients_are_fast(tmp_path: Path) -> None:
    started = time.perf_counter()
    synthetic_clients(10, tmp_path)
    # the budget is 50 ms per client; the test only catches a gross regression, with room for a busy
    # shared machine
    assert time.perf_counter() - started < 10 * 1.0


def _small_spec(**changes: object) -> WorkbookSpec:
    spec = WorkbookSpec(
        name="Muster GmbH",
        role=Role.INQUIRIES,
        kpis=[
            KpiSpec("Kontaktanfragen", [10, 12, 14], channel="website", target=15, measure="SEO"),
            KpiSpec("Absprungrate", [50.5, None, 45.0], unit="percent", direction=Direction.LOWER),
        ],
        measures=[MeasureSpec("SEO", "seo", dt.date(2026, 5, 1), None, "active", "https://m.example/", 300)],
        report_month="2026-10",
        recipients=("chefin@muster.example",),
        logo="logo.svg",
        primary="#123456",
    )
    for key, value in changes.items():
        setattr(spec, key, value)
    return spec


def test_month_headers_as_excel_dates_are_styled_and_frozen(tmp_path: Path) -> None:
    spec = _small_spec(month_headers="date", month_format="mmm yy")
    path = write_client_workbook(tmp_path / "k.xlsx", spec)
    wb = openpyxl.load_workbook(path)
    ws = wb["Kennzahlen"]
    assert [ws.cell(1, c).value for c in (10, 11, 12)] == [dt.datetime(2026, m, 1) for m in (8, 9, 10)]
    assert ws.cell(1, 12).number_format == "mmm yy"
    assert ws.freeze_panes == "B2"
    assert ws.cell(1, 1).font.bold
    assert wb["Kunde"].freeze_panes == "A2"
    assert ws.cell(3, 11).value is None  # an unmeasured month stays empty, never zero
    assert ws.cell(3, 5).value == "niedriger ist besser"
    assert wb["Maßnahmen"].cell(2, 3).value == dt.datetime(2026, 5, 1)


def test_month_headers_as_text(tmp_path: Path) -> None:
    path = write_client_workbook(tmp_path / "k.xlsx", _small_spec(month_headers="text"))
    header = next(openpyxl.load_workbook(path)["Kennzahlen"].iter_rows(values_only=True))
    assert header[9:] == ("2026-08", "2026-09", "2026-10")


def test_english_labels(tmp_path: Path) -> None:
    path = write_client_workbook(tmp_path / "k.xlsx", _small_spec(labels="en"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Client", "KPIs", "Measures"]
    client = dict(list(wb["Client"].iter_rows(values_only=True)))
    assert client["Field"] == "Value"
    assert client["Marketing role"] == "Win inquiries"
    kpi_header = next(wb["KPIs"].iter_rows(values_only=True))
    assert kpi_header[:3] == ("KPI", "Channel", "Unit")
    measure = list(wb["Measures"].iter_rows(values_only=True))[1]
    assert measure[1] == "SEO"
    assert measure[4] == "active"


def test_writing_is_reproducible_byte_for_byte(tmp_path: Path) -> None:
    a = write_client_workbook(tmp_path / "a.xlsx", _small_spec())
    time.sleep(1.1)  # zip entries carry times with 2-second resolution; a fixed time must not depend on now
    b = write_client_workbook(tmp_path / "b.xlsx", _small_spec())
    assert a.read_bytes() == b.read_bytes()


# ---- the sample inputs -------------------------------------------------------------------------------------

SAMPLE_FILES = sorted(SAMPLES.glob("*.xlsx"))


def test_every_sample_is_written_by_the_script() -> None:
    assert {p.stem for p in SAMPLE_FILES} == set(make_samples.STORIES)
    assert len(SAMPLE_FILES) >= 6


def test_samples_are_up_to_date(tmp_path: Path) -> None:
    """The committed files are what scripts/make_samples.py writes (run it after changing the script)."""
    make_samples.build(tmp_path)
    for path in SAMPLE_FILES:
        fresh = tmp_path / path.name
        for sheet in CONTRACT_SHEETS:
            assert _sheet_rows(path, sheet) == _sheet_rows(fresh, sheet), f"{path.name} › {sheet} is stale"
    for logo in (SAMPLES / "logos").iterdir():
        fresh = tmp_path / "logos" / logo.name
        if logo.suffix == ".svg":
            assert logo.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8")
        else:
            with Image.open(logo) as committed, Image.open(fresh) as regenerated:
                assert committed.size == regenerated.size
    assert (SAMPLES / "agency-logo.svg").read_text(encoding="utf-8") == make_samples.AGENCY_LOGO


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_follows_the_contract(path: Path) -> None:
    wb = openpyxl.load_workbook(path, read_only=True)
    assert set(wb.sheetnames) == CONTRACT_SHEETS
    wb.close()
    client = _client(path)
    assert client["Berichtsmonat"] in ("2026-10", dt.datetime(2026, 10, 1))
    assert client["Sprache"] in ("de", "en")
    assert re.fullmatch(r"logos/\w+\.(svg|png)", str(client["Logo"]))
    assert (SAMPLES / str(client["Logo"])).is_file()
    for key in ("Primärfarbe", "Akzentfarbe"):
        assert re.fullmatch(r"#[0-9A-F]{6}", str(client[key]))
    assert all(addr.strip().endswith(".example") for addr in re.split(r"[;,]", str(client["Empfänger"])))
    assert len(str(client["Kommentar"])) > 200
    header = next(iter(_sheet_rows(path, "Kennzahlen")))
    months = [k for k in header if re.fullmatch(r"\d{4}-\d{2}", k)]
    assert months == (month_range("2026-10", 34) if path.stem == "dachdecker" else MONTHS)
    kpis = _kpis(path)
    assert 8 <= len(kpis) <= 25
    assert all(row["Ziel"] is not None for row in kpis.values())
    measures = {str(row["Maßnahme"]) for row in _sheet_rows(path, "Maßnahmen")}
    assert 2 <= len(measures) <= 8
    assert {row["Maßnahme"] for row in kpis.values()} - {None} <= measures


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_passes_check_without_any_problem(path: Path) -> None:
    assert [str(p) for p in check_workbook(path)] == []
    data = read_workbook(path)
    assert data.client.report_month == "2026-10"
    # 13 months each; the roofer's history goes back to January 2024, for its year report (docs/samples.md)
    assert list(data.months) == (month_range("2026-10", 34) if path.stem == "dachdecker" else MONTHS)
    assert unknown_kpi_warnings(data) == []  # every KPI name is one the catalog knows


def test_synthetic_clients_pass_check_without_errors(tmp_path: Path) -> None:
    for path in synthetic_clients(12, tmp_path, seed=7):
        errors = [str(p) for p in check_workbook(path) if p.severity == "error"]
        assert errors == [], path.name
        data = read_workbook(path)
        assert len(data.months) == 13
        assert unknown_kpi_warnings(data) == []


def test_english_labels_read_like_german_ones(tmp_path: Path) -> None:
    write_logo(tmp_path / "logo.svg", "MG", "#123456")
    german = read_workbook(write_client_workbook(tmp_path / "de.xlsx", _small_spec(slug="m")))
    english = read_workbook(write_client_workbook(tmp_path / "en.xlsx", _small_spec(slug="m", labels="en")))
    assert english.client == german.client
    assert english.kpis == german.kpis
    assert english.measures == german.measures


def test_samples_languages_and_logo_formats() -> None:
    languages = [_client(p)["Sprache"] for p in SAMPLE_FILES]
    assert languages.count("en") == 1
    suffixes = {p.suffix for p in (SAMPLES / "logos").iterdir()}
    assert suffixes == {".svg", ".png"}
    with Image.open(SAMPLES / "logos" / "pflegedienst.png") as image:
        assert image.size == (240, 240)


def test_sample_agency_config_loads() -> None:
    config = load_config(SAMPLES / "reporter.toml")
    assert config.agency.name == "Klarwerk Marketing GmbH"
    logo = config.resolve(config.agency.logo)
    assert logo is not None
    assert logo.is_file()
    assert config.mail.sender is not None
    assert config.mail.host is None


# ---- the stories, with margins over the default thresholds -------------------------------------------------


def _measures(path: Path) -> dict[str, dict[str, object]]:
    return {str(row["Maßnahme"]): row for row in _sheet_rows(path, "Maßnahmen")}


def test_only_the_machine_builder_has_isolated_measures() -> None:
    """Every active measure has a landing page and a linked effect KPI, except LinkedIn and the newsletter."""
    isolated = set()
    for path in SAMPLE_FILES:
        kpis = _kpis(path)
        for name, measure in _measures(path).items():
            if measure["Status"] != "aktiv":
                continue
            linked = [k for k, row in kpis.items() if row["Maßnahme"] == name and not VANITY.search(k)]
            if not (str(measure["Zielseite"]).startswith("https://") and linked):
                isolated.add((path.stem, name))
    assert isolated == {("maschinenbau", "LinkedIn-Redaktionsplan"), ("maschinenbau", "Händler-Newsletter")}


def test_seo_measures_are_old_except_in_the_tax_office() -> None:
    for path in SAMPLE_FILES:
        for name, measure in _measures(path).items():
            if measure["Disziplin"] != "SEO":
                continue
            start = measure["Start"]
            assert isinstance(start, dt.datetime)
            months = (2026 - start.year) * 12 + 10 - start.month
            assert (months < 6) == (path.stem == "steuerkanzlei"), (path.name, name)


def test_only_the_online_shop_has_an_ended_website_measure_without_improvement() -> None:
    for path in SAMPLE_FILES:
        for measure in _measures(path).values():
            if measure["Disziplin"] == "Website" and measure["Status"] == "abgeschlossen":
                assert path.stem in ("onlineshop", "pflegedienst")


def test_only_the_machine_builder_has_a_social_measure() -> None:
    for path in SAMPLE_FILES:
        social = [n for n, m in _measures(path).items() if m["Disziplin"] == "Social Media"]
        assert bool(social) == (path.stem == "maschinenbau")


def test_traffic_rises_without_inquiries_only_at_the_roofer() -> None:
    for path in SAMPLE_FILES:
        kpis = _kpis(path)
        vanity = [three_vs_three(_series(r)) for n, r in kpis.items() if VANITY.search(n)]
        if path.stem == "dachdecker":
            assert min(vanity) >= 20
            for name in ("Kontaktanfragen", "Anrufe über Website", "Conversions Google Ads"):
                assert abs(three_vs_three(_series(kpis[name]))) <= 2
        elif path.stem in ("maschinenbau", "pflegedienst"):  # reach rises, and so do the next steps
            primary = "Bewerbungen" if path.stem == "pflegedienst" else "Angebotsanfragen"
            assert three_vs_three(_series(kpis[primary])) >= 20
        elif path.stem == "elektro":  # the new campaigns' clicks rise (clicks, not traffic); visits stay calm
            assert three_vs_three(_series(kpis["Klicks Google Ads"])) >= 100
            assert abs(three_vs_three(_series(kpis["Aufrufe Karriereseite"]))) < 5
        else:
            assert max(vanity) < 10, path.name


def test_the_biggest_gain_of_the_month_is_vanity_only_at_the_dentist() -> None:
    for path in SAMPLE_FILES:
        ranked = ranked_improvements(path)
        if path.stem == "zahnarzt":
            assert all(VANITY.search(name) for _, name in ranked[:2])
            assert ranked[0][0] >= 30
            effects = [change for change, name in ranked if not VANITY.search(name)]
            assert max(abs(c) for c in effects) <= 2
        else:
            best, name = ranked[0]
            assert not VANITY.search(name), (path.name, name)
            assert best >= 5


def test_roofer_story() -> None:
    kpis = _kpis(SAMPLES / "dachdecker.xlsx")
    assert 18 <= three_vs_three(_series(kpis["Sitzungen (GA4)"])) <= 25
    assert kpis["Kontaktanfragen"]["2026-10"] == 14
    assert kpis["Ø Bewertung (Google)"]["2026-10"] == 4.8


def test_tax_office_story() -> None:
    path = SAMPLES / "steuerkanzlei.xlsx"
    seo = _measures(path)["SEO Leistungsseiten Heilberufe"]
    assert seo["Start"] == dt.datetime(2026, 8, 1)
    assert seo["Status"] == "aktiv"
    assert abs(three_vs_three(_series(_kpis(path)["Kontaktanfragen"]))) <= 5


def test_machine_builder_story() -> None:
    path = SAMPLES / "maschinenbau.xlsx"
    kpis = _kpis(path)
    linkedin = _measures(path)["LinkedIn-Redaktionsplan"]
    assert linkedin["Status"] == "aktiv"
    assert linkedin["Zielseite"] is None
    linked = [n for n, r in kpis.items() if r["Maßnahme"] == "LinkedIn-Redaktionsplan"]
    assert linked
    assert all(VANITY.search(n) for n in linked)
    assert all(three_vs_three(_series(kpis[n])) >= 20 for n in linked)
    trust = re.compile(r"bewertung|review|wiederkehr|returning|referenz|firmenname|marke|nps|empfehl", re.I)
    assert not [n for n in kpis if trust.search(n)]


def test_online_shop_story() -> None:
    path = SAMPLES / "onlineshop.xlsx"
    relaunch = _measures(path)["Relaunch Onlineshop"]
    assert relaunch["Ende"] == dt.datetime(2026, 6, 30)
    assert relaunch["Status"] == "abgeschlossen"
    kpis = _kpis(path)
    after = slice(MONTHS.index("2026-07"), None)
    before = slice(MONTHS.index("2026-01"), MONTHS.index("2026-04"))  # the quarter before it started
    conversion = _series(kpis["Conversion Rate"])
    bounce = _series(kpis["Absprungrate Produktseiten"])
    assert _mean(conversion[after]) < _mean(conversion[before])
    assert _mean(conversion[after]) <= conversion[MONTHS.index("2026-06")]  # type: ignore[operator]
    assert _mean(bounce[after]) > _mean(bounce[before]) + 3
    assert bounce[-1] >= bounce[MONTHS.index("2026-07")]  # type: ignore[operator]


def test_care_service_is_healthy() -> None:
    kpis = _kpis(SAMPLES / "pflegedienst.xlsx")
    for name, row in kpis.items():
        value, target = row["2026-10"], row["Ziel"]
        assert isinstance(value, int | float)
        assert isinstance(target, int | float)
        assert (value <= target) if LOWER_IS_BETTER.search(name) else (value >= target), name
    assert three_vs_three(_series(kpis["Bewerbungen"])) >= 25


def test_dentist_story() -> None:
    path = SAMPLES / "zahnarzt.xlsx"
    assert _client(path)["Sprache"] == "en"
    kpis = _kpis(path)
    assert three_vs_three(_series(kpis["Instagram reach"])) < 0  # a one-month spike, not a trend
    findability = re.compile(r"lade|load|lcp|speed|such|search|vitals|inp", re.I)
    assert not [n for n in kpis if findability.search(n)]


def test_electrician_story() -> None:
    """More measures and more budget since August, applications flat; three of five measures win customers."""
    path = SAMPLES / "elektro.xlsx"
    assert _client(path)["Rolle des Marketings"] == "Bewerber gewinnen"
    measures = _measures(path)
    assert [m["Budget"] for m in measures.values()] == [350, 600, 1200, 600, 100]
    assert measures["Google Ads Wallbox & Photovoltaik"]["Start"] == dt.datetime(2026, 8, 1)
    assert measures["Meta Ads Smart Home"]["Start"] == dt.datetime(2026, 9, 16)  # pro rata: 15 of 30 days
    assert all(m["Status"] == "aktiv" for m in measures.values())
    kpis = _kpis(path)
    assert three_vs_three(_series(kpis["Bewerbungen"])) == 0
    customer = [n for n, r in kpis.items() if n.startswith("Anfragen")]
    assert {kpis[n]["Maßnahme"] for n in customer} == {
        "Google Ads Elektroinstallation", "Google Ads Wallbox & Photovoltaik", "Meta Ads Smart Home"}


def test_english_synthetic_clients_use_english_kpi_names(tmp_path: Path) -> None:
    paths = synthetic_clients(5, tmp_path)
    english, german = paths[4], paths[0]
    assert _client(english)["Sprache"] == "en"
    assert "Sessions (GA4)" not in _kpis(german)
    assert set(_kpis(english)) <= set(ENGLISH_KPI_NAMES.values())
    assert set(_kpis(german)) <= set(ENGLISH_KPI_NAMES)
