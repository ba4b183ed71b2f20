"""``reporter classify`` end to end: names on the command line, real workbooks, JSON, languages, catalogs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.workbook import _Reader
from tests.workbooks import kpi, make_workbook


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["classify", *args])
    return result.exit_code, result.stdout, result.stderr


def test_kpi_names_give_a_german_table_by_default() -> None:
    code, out, _ = run("--kpi", "Klicks auf Telefonnummer", "--kpi", "Impressionen", "--kpi", "Lagerbestand")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Kennzahl", "Einstufung", "Wirkungsfragen"]
    phone = next(line for line in lines if line.startswith("Klicks auf Telefonnummer"))
    assert "Wirkung" in phone
    assert "Nächster Schritt" in phone
    assert "phone_clicks" in phone
    impressions = next(line for line in lines if line.startswith("Impressionen"))
    assert "Vanity" in impressions
    assert "angezeigt" in impressions
    unknown = next(line for line in lines if line.startswith("Lagerbestand"))
    assert "nicht eingestuft" in unknown
    assert "Ähnlich:" in unknown


def test_lang_en_gives_english_labels_and_reasons() -> None:
    code, out, _ = run("--kpi", "Absprungrate Leistungsseite", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["KPI", "Class", "Questions"]
    assert "Effect" in out
    assert "Understanding" in out
    assert "visitors" in out


def test_json_has_the_documented_keys() -> None:
    code, out, _ = run("--kpi", "Kosten pro Lead", "--kpi", "Follower LinkedIn", "--kpi", "Foo", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["kpi"] for r in rows] == ["Kosten pro Lead", "Follower LinkedIn", "Foo"]
    for row in rows:
        assert {"kpi", "class", "questions", "reason", "source", "topic", "direction", "primary"} <= set(row)
    assert rows[0] | {"reason": None, "hint": None, "workbook": None} == {
        "kpi": "Kosten pro Lead", "class": "effect", "questions": ["next_step"], "reason": None,
        "source": "cost_per_result", "topic": "cost_efficiency", "direction": "lower", "primary": False,
        "hint": None, "workbook": None,
    }
    assert rows[1]["class"] == "vanity"
    assert rows[1]["questions"] == []
    assert rows[2]["class"] == "unclassified"
    assert rows[2]["source"] == "unknown"
    assert rows[2]["hint"]
    assert "Katalog" in rows[2]["reason"]  # German by default


def test_no_workbook_and_no_kpi_is_a_usage_error() -> None:
    code, _, err = run()
    assert code == 2
    assert "--kpi" in err


def test_a_workbook_in_its_own_language_with_role_and_overrides(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "acme.xlsx",
        client={"Kunde": "Acme Ltd", "Sprache": "en", "Rolle des Marketings": "Bewerber gewinnen"},
        kpis=[
            kpi("Bewerbungen", [3, 4, 5]),
            kpi("Seitenaufrufe", [100, 120, 130]),
            kpi("Reichweite Instagram", [1000, 1100, 1200], klass="Wirkung", question="Vertrauen"),
            kpi("Lagerbestand", [1, 2, 3]),
        ],
    )
    code, out, _ = run(str(path), "--json")
    assert code == 0, out
    rows = {r["kpi"]: r for r in json.loads(out)}
    assert rows["Bewerbungen"]["primary"] is True
    assert rows["Bewerbungen"]["workbook"] == "acme.xlsx"
    assert "Applications" in rows["Bewerbungen"]["reason"]  # the workbook is English
    assert rows["Seitenaufrufe"]["class"] == "vanity"
    override = rows["Reichweite Instagram"]
    assert (override["class"], override["questions"], override["source"]) == ("effect", ["trust"], "override")
    assert "agency" in override["reason"]
    assert rows["Lagerbestand"]["class"] == "unclassified"

    code, out, _ = run(str(path))
    assert code == 0
    assert out.splitlines()[0] == "acme.xlsx — Acme Ltd"
    assert "agency" in out
    assert "Next step" in out

    code, out, _ = run(str(path), "--lang", "de")
    assert "Agentur" in out
    assert "Nächster Schritt" in out


def test_a_folder_of_workbooks_and_a_broken_one(tmp_path: Path) -> None:
    make_workbook(tmp_path / "a.xlsx", kpis=[kpi("Kontaktanfragen", [1, 2])])
    make_workbook(tmp_path / "b.xlsx", kpis=[kpi("Sitzungen", [1, 2])])
    (tmp_path / "c.xlsx").write_bytes(b"not a workbook")
    code, out, err = run(str(tmp_path), "--json")
    assert code == 1
    rows = json.loads(out)
    found = {(r["workbook"], r["kpi"]) for r in rows}
    assert found == {("a.xlsx", "Kontaktanfragen"), ("b.xlsx", "Sitzungen")}
    assert "c.xlsx" in err


def test_an_internal_error_reading_one_workbook_exits_3_and_the_others_are_classified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workbook(tmp_path / "a.xlsx", kpis=[kpi("Kontaktanfragen", [1, 2])])
    make_workbook(tmp_path / "b.xlsx", kpis=[kpi("Sitzungen", [1, 2])])
    original = _Reader.read_kpis

    def broken(self: _Reader, ws: Any, measures: Any) -> Any:
        if self.file == "b.xlsx":
            raise TypeError("a bug")
        return original(self, ws, measures)

    monkeypatch.setattr(_Reader, "read_kpis", broken)
    code, out, err = run(str(tmp_path))
    assert code == 3
    assert "Kontaktanfragen" in out
    assert err == (
        "Error: internal error while reading b.xlsx › Kennzahlen; please report it (run with --debug for details)\n"
    )


def test_the_agency_catalog_from_reporter_toml(tmp_path: Path) -> None:
    (tmp_path / "katalog.toml").write_text(
        '[[rule]]\nid = "impressions"\nclass = "effect"\nquestions = ["trust"]\ntopic = "reputation"\n',
        encoding="utf-8",
    )
    config = tmp_path / "reporter.toml"
    config.write_text('[report]\ncatalog = "katalog.toml"\n', encoding="utf-8")
    code, out, _ = run("--kpi", "Impressionen", "--json", "--config", str(config))
    assert code == 0
    assert json.loads(out)[0]["class"] == "effect"

    bad = '[[rule]]\nid = "impressions"\nclass = "great"\n'
    (tmp_path / "katalog.toml").write_text(bad, encoding="utf-8")
    code, _, err = run("--kpi", "Impressionen", "--config", str(config))
    assert code == 2  # a configuration error, as the README's exit codes say
    assert "katalog.toml" in err
    assert 'rule "impressions"' in err


def test_check_warns_about_unknown_kpi_names_with_a_hint(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "kunde.xlsx",
        kpis=[
            kpi("Kontaktanfragen", [1, 2], target=3),
            kpi("Kontacktanfrgen", [1, 2], target=3),
            kpi("Lagerbestand", [5, 6], target=3, klass="Vanity"),
        ],
    )
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stdout.splitlines() if "unknown KPI name" in line]
    assert len(warnings) == 1  # the agency classified "Lagerbestand" itself
    expected = 'kunde.xlsx › Kennzahlen!A3: unknown KPI name "Kontacktanfrgen" — did you mean: Kontaktanfrage'
    assert expected in warnings[0]

    result = CliRunner().invoke(cli, ["check", str(path), "--json"])
    rows = [row for row in json.loads(result.stdout) if "unknown KPI name" in row["message"]]
    assert [(row["severity"], row["sheet"], row["cell"]) for row in rows] == [("warning", "Kennzahlen", "A3")]


@pytest.mark.usefixtures("stand_in_renderer")  # reads the JSON and the HTML (real), not the PDF
def test_visits_in_the_shop_are_unclassified_in_check_and_report_not_website_sessions(tmp_path: Path) -> None:
    """Issue 12: the client's report printed the website sessions' reason for visits in the shop."""
    inputs = tmp_path / "kunden"
    path = make_workbook(
        inputs / "laden.xlsx",
        client={"Kunde": "Laden GmbH", "Rolle des Marketings": "Online verkaufen"},
        kpis=[
            kpi("Bestellungen", [20 + i for i in range(13)], target=40),
            kpi("Sitzungen", [900 + 10 * i for i in range(13)], target=1000),
            kpi("Besuche im Ladengeschäft", [300 + 5 * i for i in range(13)], target=400),
        ],
    )
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        f"{path}: 1 warning",
        '  warning: laden.xlsx › Kennzahlen!A4: unknown KPI name "Besuche im Ladengeschäft" — did you mean: '
        "Ladenbesuche (Google Ads), Aufrufe der Kontaktseite, Sitzungen? (or set its classification in the "
        "workbook)",
    ]

    out = tmp_path / "reports"
    result = CliRunner().invoke(cli, ["build", str(inputs), "--out", str(out), "--html"])
    assert result.exit_code == 0, result.output
    sidecar = json.loads((out / "2026-10" / "laden-gmbh.json").read_text(encoding="utf-8"))
    entries = {entry["kpi"]: entry for entry in sidecar["kpis"]}
    shop = entries["Besuche im Ladengeschäft"]
    assert (shop["class"], shop["source"], shop["questions"]) == ("unclassified", "unknown", [])
    sessions_reason = entries["Sitzungen"]["reason"]
    assert sessions_reason.startswith("Sitzungen zählen Besuche")
    assert shop["reason"] != sessions_reason
    html = (out / "2026-10" / "laden-gmbh.html").read_text(encoding="utf-8")
    assert html.count(sessions_reason) == 1, "the reason belongs to the website's sessions only"
    assert "Besuche im Ladengeschäft" in html
