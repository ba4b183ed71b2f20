"""The tool speaks the agency's language: every marked message has German, the language is chosen as documented,
and the CLI and the agency overview speak it end to end."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from reporter import i18n
from reporter.cli import cli
from tests.pdftext import page_texts
from tests.workbooks import kpi, make_workbook

ROOT = Path(__file__).resolve().parents[1]


def _catalog_tool():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_script"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_has_a_german_translation_with_the_same_placeholders() -> None:
    tool = _catalog_tool()
    messages = [m for m in tool.extract() if m.id]
    assert len(messages) >= 1
    assert tool.problems() == [], "run: python scripts/i18n.py update, translate, python scripts/i18n.py compile"


def test_the_check_finds_a_missing_translation_and_a_placeholder_mismatch(tmp_path: Path, monkeypatch) -> None:
    tool = _catalog_tool()
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="de", domain="reporter")
    catalog.add("{value} is not a number", "{wert} ist keine Zahl", locations=[("reporter/x.py", 1)])
    source = Catalog(domain="reporter")
    source.add("{value} is not a number", locations=[("reporter/x.py", 1)])
    source.add("a new message", locations=[("reporter/y.py", 2)])
    monkeypatch.setattr(tool, "load", lambda: catalog)
    monkeypatch.setattr(tool, "extract", lambda: source)
    monkeypatch.setattr(tool, "MO", tmp_path / "missing.mo")
    found = tool.problems()
    assert any("placeholders differ" in line and "wert" in line for line in found)
    assert any("no German translation for 'a new message'" in line for line in found)
    assert any("stale" in line for line in found)


@pytest.mark.parametrize(
    ("option", "configured", "environ", "expected"),
    [
        (None, None, {}, "en"),
        (None, None, {"LANG": "C"}, "en"),
        (None, None, {"LANG": "de_DE.UTF-8"}, "de"),
        (None, None, {"LANG": "de_AT.utf8"}, "de"),
        (None, None, {"LANG": "de_DE.UTF-8", "LC_ALL": "C"}, "en"),
        (None, None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "de_CH.UTF-8"}, "de"),
        (None, None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, "de", {"LANG": "C"}, "de"),
        (None, "en", {"LANG": "de_DE.UTF-8"}, "en"),
        ("en", "de", {"LANG": "de_DE.UTF-8"}, "en"),
        ("de", None, {"LANG": "C"}, "de"),
    ],
)
def test_language_comes_from_option_then_config_then_locale(
    option: str | None, configured: str | None, environ: dict[str, str], expected: str
) -> None:
    assert i18n.resolve_language(option, configured, environ) == expected


def test_messages_quotes_and_lists_follow_the_language() -> None:
    with i18n.use_language("de"):
        assert i18n.language() == "de"
        assert i18n.quote("viel") == "„viel“"
        assert i18n.join(["A", "B", "C"]) == "A, B und C"
    assert i18n.language() == "en"
    assert i18n.quote("viel") == '"viel"'
    assert i18n.join(["A", "B"]) == "A and B"


# ---- the CLI end to end: German from the locale, the option or reporter.toml; English otherwise ------------------

GERMAN = {"LANG": "de_DE.UTF-8"}
GLYPH = "\ue000"  # a private-use character: no font draws it


def broken_folder(tmp_path: Path) -> Path:
    """A workbook with an error and one with a warning about a character no font has."""
    folder = tmp_path / "kunden"
    make_workbook(folder / "kaputt.xlsx", kpis=[kpi("Anfragen", [1, "viel", 3], target=3)])
    make_workbook(folder / "zeichen.xlsx", client={"Kunde": f"Müller {GLYPH}"},
                  kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    return folder


def check(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_a_german_locale_gets_german_messages_from_check(tmp_path: Path) -> None:
    folder = broken_folder(tmp_path)
    env = {**os.environ, **GERMAN}
    result = subprocess.run(
        [sys.executable, "-m", "reporter", "check", str(folder)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert f"{folder / 'kaputt.xlsx'}: 1 Fehler" in lines
    assert f"{folder / 'zeichen.xlsx'}: 1 Warnung" in lines
    assert any(line.startswith("  Fehler: kaputt.xlsx › Kennzahlen!") for line in lines)
    assert (
        f"  Warnung: zeichen.xlsx › Kunde!B2: Die installierten Schriften können „{GLYPH}“ (U+E000) nicht darstellen"
        in lines
    )
    assert lines[-1] == "Geprüft: 2 Arbeitsmappen, davon 1 mit Fehlern, 1 in Ordnung (1 Fehler, 1 Warnung)."


def test_the_c_locale_and_lang_en_get_english(tmp_path: Path) -> None:
    folder = broken_folder(tmp_path)
    code, out, _err = check(str(folder), env={"LANG": "C"})
    assert code == 1
    assert out.splitlines()[-1] == "Checked 2 workbooks: 1 with errors, 1 OK (1 error, 1 warning)."
    assert f'  warning: zeichen.xlsx › Kunde!B2: "{GLYPH}" (U+E000) cannot be shown with the installed fonts' in out
    assert (code, out) == check(str(folder), "--lang", "en", env=GERMAN)[:2]


def test_lang_de_and_the_agency_setting_choose_german_and_lang_en_wins(tmp_path: Path) -> None:
    folder = broken_folder(tmp_path)
    _code, by_option, _err = check(str(folder), "--lang", "de", env={"LANG": "C"})
    assert by_option.splitlines()[-1].startswith("Geprüft: 2 Arbeitsmappen")
    (folder / "reporter.toml").write_text('[agency]\nname = "Klarwerk"\nlanguage = "de"\n', encoding="utf-8")
    _code, by_config, _err = check(str(folder), env={"LANG": "C"})
    assert by_config == by_option
    _code, english, _err = check(str(folder), "--lang", "en", env={"LANG": "C"})
    assert english.splitlines()[-1].startswith("Checked 2 workbooks")


def test_errors_before_and_in_the_config_speak_the_locale(tmp_path: Path) -> None:
    empty = tmp_path / "leer"
    empty.mkdir()
    code, _out, err = check(str(empty), env=GERMAN)
    assert code == 1
    assert err == f"Fehler: Keine Arbeitsmappen (.xlsx, .xlsm) gefunden in {empty}\n"
    (empty / "reporter.toml").write_text('[agency]\nlanguage = "fr"\ncolour = "#000000"\n', encoding="utf-8")
    code, _out, err = check(str(empty), env=GERMAN)
    assert code == 2
    assert "Unbekannter Schlüssel [agency] colour (bekannt: " in err
    assert "[agency] language muss einer der Werte „en“, „de“ sein, nicht „fr“" in err
    code, _out, err = check(str(empty), env={"LANG": "C"})
    assert "unknown key [agency] colour (known: " in err
    assert '[agency] language must be one of "en", "de", not "fr"' in err


def test_usage_errors_and_template_speak_german(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--month", "2026-13"], env=GERMAN)
    assert result.exit_code == 2
    assert "'2026-13' ist kein Monat; verwenden Sie JJJJ-MM, z. B. 2026-10" in result.stderr
    path = tmp_path / "kunde.xlsx"
    result = CliRunner().invoke(cli, ["template", str(path)], env=GERMAN)
    assert result.stdout == (
        f"{path} geschrieben. Füllen Sie die Arbeitsmappe aus und rufen Sie dann auf: reporter check {path}\n"
    )
    result = CliRunner().invoke(cli, ["template", str(path), "--lang", "en"], env=GERMAN)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: the file already exists; use --force to overwrite it\n"


def test_a_german_agency_gets_a_german_overview_with_its_own_texts(tmp_path: Path) -> None:
    folder = tmp_path / "kunden"
    make_workbook(folder / "alpha.xlsx", client={"Kunde": "Alpha GmbH"},
                  kpis=[kpi("Kontaktanfragen", [10, 11, 12], target=12)])
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "texts.toml").write_text('[de.overview]\nsubtitle = "Unsere Kunden im Überblick"\n', encoding="utf-8")
    (folder / "reporter.toml").write_text(
        f'[agency]\nlanguage = "de"\n[report]\ntemplates = "{theme}"\n', encoding="utf-8"
    )
    out = tmp_path / "berichte"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--jobs", "1"], env={"LANG": "C"})
    assert result.exit_code == 0, result.output
    assert "[1/1] erstellt     alpha-gmbh  (" in result.stderr
    assert " S., " in result.stderr
    overview = pypdf.PdfReader(out / "2026-10" / "_overview.pdf")
    assert overview.metadata.title == "Portfolio-Überblick Oktober 2026"
    text = " ".join(page_texts(out / "2026-10" / "_overview.pdf"))
    assert "Unsere Kunden im Überblick" in text
    assert "Seite 1 von 1" in text
    assert "Im Plan nichts davon." in text


# ---- build and send in German: count lines, tables that stay aligned, the review and its reasons ------------------


def columns_aligned(table: str) -> None:
    """Every line of a ``text_table`` keeps two spaces before each column the dashes line marks."""
    lines = table.splitlines()
    dashes = lines[1]
    starts = [i for i, c in enumerate(dashes) if c == "-" and (i == 0 or dashes[i - 1] == " ")]
    assert len(starts) > 1
    for line in [lines[0], *lines[2:]]:
        for start in starts[1:]:
            assert line[start - 2:start] == "  " or len(line) < start - 1, (line, start)


def test_a_german_build_prints_a_german_aligned_table_and_count_line(tmp_path: Path, stand_in_renderer: None) -> None:
    """Reads only what the build prints: the layout is the stand-in's (tests/stand_in.py)."""
    folder = tmp_path / "kunden"
    make_workbook(folder / "alpha.xlsx", client={"Kunde": "Alpha GmbH"},
                  kpis=[kpi("Kontaktanfragen", [10, 11, 12], target=12)])
    make_workbook(folder / "kaputt.xlsx", kpis=[kpi("Anfragen", [1, "viel", 3], target=3)])
    out = tmp_path / "berichte"
    result = CliRunner().invoke(
        cli, ["build", str(folder), "--out", str(out), "--jobs", "1", "--lang", "de"], env={"LANG": "C"}
    )
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    header = lines[0].split()
    assert header == ["Kunde", "Monat", "Wirkung", "Vanity", "Befunde", "Seiten", "Status"]
    table = "\n".join(lines[: lines.index("")] if "" in lines else lines[:4])
    columns_aligned(table)
    assert any(line.startswith("alpha-gmbh ") and line.endswith("  erstellt") for line in lines)
    assert any(line.startswith("kaputt.xlsx ") and line.endswith("  Fehler") for line in lines)
    assert "Fehlgeschlagen:" in lines
    assert result.stderr.splitlines()[-1] == "1 von 2 Berichten erstellt, 1 fehlgeschlagen."
    english = CliRunner().invoke(
        cli, ["build", str(folder), "--out", str(tmp_path / "reports"), "--jobs", "1"], env={"LANG": "C"}
    )
    assert english.stdout.splitlines()[0].split() == ["Client", "Month", "Effect", "Vanity", "Findings", "Pages",
                                                      "Status"]
    assert english.stderr.splitlines()[-1] == "1 of 2 reports built, 1 failed."


def test_the_german_count_line_declines_by_the_total() -> None:
    from reporter.batch import BuildReport, ClientResult
    from reporter.cli_output import counts_line

    one = BuildReport(results=(ClientResult(workbook=Path("a.xlsx"), status="ok"),), overviews=(), manifests=())
    with i18n.use_language("de"):
        assert counts_line(one) == "1 von 1 Bericht erstellt."
    assert counts_line(one) == "1 of 1 reports built."


def test_a_german_dry_run_shows_the_review_in_german(tmp_path: Path, monkeypatch) -> None:
    from tests.mailserver import client, tiny_pdf, write_month

    for key in ("REPORTER_SMTP_HOST", "REPORTER_MAIL_FROM", "REPORTER_SMTP_PORT", "REPORTER_SMTP_SECURITY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "reporter.toml"
    config.write_text('[agency]\nname = "Agentur Klarblick"\n[mail]\nfrom = "berichte@klarblick.de"\n',
                      encoding="utf-8")
    out = tmp_path / "reports"
    write_month(out, "2026-10", [
        client("kraemer", client="Dachdeckerei Krämer GmbH", recipients=["inhaber@kraemer-dach.de"], pages=9),
        client("kaputt", client="Kaputt GmbH", status="error", message="kaputt.xlsx: Die Datei fehlt"),
    ], tiny_pdf("Wirkungsbericht"))
    result = CliRunner().invoke(cli, ["send", str(out), "--config", str(config), "--dry-run", "--lang", "de"],
                                env={"LANG": "C"})
    assert result.exit_code == 1, result.output  # a refused client
    lines = result.stdout.splitlines()
    assert lines[0] == f"Berichte für 2026-10 ({out / '2026-10'}):"
    assert lines[1].split() == ["Kunde", "Empfänger", "PDF", "Seiten", "Aktion"]
    columns_aligned("\n".join(lines[1:5]))
    assert any("inhaber@kraemer-dach.de" in line and line.endswith("  senden") for line in lines)
    assert any(line.endswith("abgelehnt: Die Erstellung ist fehlgeschlagen: kaputt.xlsx: Die Datei fehlt")
               for line in lines)
    assert lines[-1] == (
        f"Probelauf: 1 Nachricht in {out / '2026-10' / 'outbox'} geschrieben; nichts wurde versendet."
    )


def test_the_send_result_line_and_table_speak_german() -> None:
    from reporter.cli_output import RESULT_HEADERS, result_rows, result_summary, text_table
    from reporter.mail import RecipientResult

    results = [RecipientResult("Krämer GmbH", "kraemer", "inhaber@kraemer-dach.de", "sent", "250 OK"),
               RecipientResult("Weber", "weber", "weber@weber.de", "unknown", "unbekannt seit 2026-11-02 09:00")]
    with i18n.use_language("de"):
        assert result_summary(results) == "1 versendet, 1 unbekannt – prüfen Sie das Postfach."
        assert result_summary([]) == "nichts zu tun."
        table = text_table(RESULT_HEADERS, result_rows(results), numbers_right=False, max_width=60)
    assert table.splitlines()[0].split() == ["Kunde", "Empfänger", "Status", "Details"]
    assert "  versendet  " in table
    columns_aligned(table)
    assert result_summary(results) == "1 sent, 1 unknown — check the mailbox."


# ---- the workbook reader's messages: German with „…“ from a German locale, English from LANG=C ----------------


def broken_workbooks(tmp_path: Path) -> Path:
    """A workbook with a text in a month cell, a missing required field and a duplicate KPI; an .ods beside it."""
    folder = tmp_path / "kunden"
    make_workbook(
        folder / "kunde.xlsx",
        client={"Kunde": None},
        kpis=[kpi("Anfragen", [1, "viel", 3], target=3), kpi("Anfragen", [4, 5, 6], target=6)],
    )
    (folder / "alt.ods").write_bytes(b"PK\x03\x04")
    return folder


WORKBOOK_MESSAGES = {
    "de": [
        "  Fehler: alt.ods: Dies ist eine OpenDocument-Tabelle (.ods): Öffnen Sie die Datei in Excel oder LibreOffice "
        "und speichern Sie sie als Excel-Arbeitsmappe (.xlsx)",
        "  Fehler: kunde.xlsx › Kunde: Das Pflichtfeld „Kunde“ (Client) ist leer oder fehlt",
        "  Fehler: kunde.xlsx › Kennzahlen!K2: „viel“ ist keine Zahl",
        "  Fehler: kunde.xlsx › Kennzahlen!A3: Die Kennzahl „Anfragen“ kommt doppelt vor (auch in A2)",
    ],
    "en": [
        "  error: alt.ods: this is an OpenDocument spreadsheet (.ods): open it in Excel or LibreOffice and save it as "
        "an Excel workbook (.xlsx)",
        '  error: kunde.xlsx › Kunde: required field "Kunde" (Client) is empty or missing',
        '  error: kunde.xlsx › Kennzahlen!K2: "viel" is not a number',
        '  error: kunde.xlsx › Kennzahlen!A3: duplicate KPI "Anfragen" (also in A2)',
    ],
}


@pytest.mark.parametrize(("environ", "lang"), [(GERMAN, "de"), ({"LANG": "C"}, "en")])
def test_the_workbook_problems_speak_the_locale(tmp_path: Path, environ: dict[str, str], lang: str) -> None:
    folder = broken_workbooks(tmp_path)
    code, out, _err = check(str(folder), env=environ)
    assert code == 1
    lines = out.splitlines()
    # the sheet and field names (Kunde, Kennzahlen) are the workbook's own, whatever the tool speaks
    for expected in WORKBOOK_MESSAGES[lang]:
        assert expected in lines


def test_json_messages_follow_the_language(tmp_path: Path) -> None:
    import json

    folder = broken_workbooks(tmp_path)
    _code, german, _err = check(str(folder), "--json", env=GERMAN)
    _code, english, _err = check(str(folder), "--json", env={"LANG": "C"})
    by_cell = {(p["file"], p["cell"]): p for p in json.loads(german)}
    assert by_cell["kunde.xlsx", "K2"]["message"] == "„viel“ ist keine Zahl"
    assert by_cell["kunde.xlsx", "K2"]["text"] == "kunde.xlsx › Kennzahlen!K2: „viel“ ist keine Zahl"
    assert by_cell["kunde.xlsx", "A3"]["message"] == "Die Kennzahl „Anfragen“ kommt doppelt vor (auch in A2)"
    assert {(p["file"], p["cell"]): p["message"] for p in json.loads(english)}["kunde.xlsx", "K2"] == (
        '"viel" is not a number'
    )


def test_a_reader_message_quotes_and_groups_numbers_in_the_language() -> None:
    from reporter.values import quote, thousands

    with i18n.use_language("de"):
        assert quote("viel\nmehr") == "„viel\\nmehr“"
        assert thousands(10_000) == "10.000"
    assert quote("x" * 100) == '"' + "x" * 59 + "…" + '"'
    assert thousands(10_000) == "10,000"
