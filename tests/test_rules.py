"""The findings' registry and wording: every finding family declared once (reporter/findings/registry.py), its
texts in templates/findings.toml in both languages, and an agency's findings.toml overriding them key by key."""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path

import pytest

from reporter.findings import (
    FINDING_IDS,
    MISCONCEPTIONS,
    OVERVIEW,
    SECTIONS,
    analyse,
    detection_order,
    register,
    registered,
    report_data,
    rule,
)
from reporter.findings.wording import LANGS, declared, load_wording, placeholders
from reporter.model import RenderError
from reporter.resources import templates_dir
from reporter.workbook import read_workbook
from tests.workbooks import kpi, make_workbook

PACKAGED = tomllib.loads((templates_dir() / "findings.toml").read_text(encoding="utf-8"))
DOCS = Path(__file__).resolve().parent.parent / "docs"


# ---- the registry ------------------------------------------------------------------------------------------


def test_finding_ids_are_unique_and_in_their_declared_order() -> None:
    rules = registered()
    assert len({r.id for r in rules}) == len(rules)
    assert len({r.order for r in rules}) == len(rules)  # the order after severity is never a tie
    assert FINDING_IDS == tuple(r.id for r in sorted(rules, key=lambda r: r.order))
    with pytest.raises(ValueError, match="registered twice"):
        register(id="anomaly", order=999, section="other", wording={})(lambda ctx: None)


def test_dependencies_exist_and_come_first() -> None:
    order = [r.id for r in detection_order()]
    assert sorted(order) == sorted(FINDING_IDS)
    for r in registered():
        assert set(r.after) <= set(FINDING_IDS), r.id
        assert all(order.index(dep) < order.index(r.id) for dep in r.after), r.id


def test_every_rule_declares_where_it_is_shown_and_what_it_recommends() -> None:
    for r in registered():
        assert r.section in SECTIONS, r.id
        assert r.overview in OVERVIEW, r.id
        assert r.next_step is not None, r.id
        assert "title" in r.wording, r.id
        # the four misconceptions: their own section and overview column, a title that is the quote itself
        assert (r.section == "misconceptions") == r.misconception == (r.overview == "misconception"), r.id
        if r.misconception:
            assert r.wording["title"] == (), r.id
    assert MISCONCEPTIONS == (
        "traffic_without_inquiries", "social_replaces_sales", "seo_short_term", "website_sells_itself",
    )
    assert rule("question_not_measured").section == "questions"


def test_every_finding_has_its_row_in_the_docs() -> None:
    doc = (DOCS / "findings.md").read_text(encoding="utf-8")
    table = doc[doc.index("## The findings at a glance"):doc.index("## Ground rules")]
    rows = re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE)
    assert rows == list(FINDING_IDS)  # in their order
    for finding_id in FINDING_IDS:
        assert f"### `{finding_id}`" in doc, finding_id  # and a section saying when it is raised


# ---- the wording -------------------------------------------------------------------------------------------


def _keys(table: dict[str, str]) -> set[str]:
    return {key.removesuffix("_one") for key in table}


def test_every_rule_and_section_has_its_wording_in_both_languages() -> None:
    for lang in LANGS:
        assert set(PACKAGED[lang]) == set(declared()), lang
        for section, keys in declared().items():
            assert _keys(PACKAGED[lang][section]) == set(keys), (lang, section)
    load_wording()  # the packaged file passes the same check an agency's file does


def test_every_placeholder_is_one_the_code_provides() -> None:
    for lang in LANGS:
        for section, table in PACKAGED[lang].items():
            for key, template in table.items():
                offered = declared()[section][key.removesuffix("_one")]
                assert set(placeholders(template)) <= set(offered), (lang, section, key)


def test_every_wording_key_of_a_rule_is_used_by_its_module() -> None:
    for r in registered():
        source = inspect.getsource(inspect.getmodule(r.detect))  # type: ignore[arg-type]
        for key in r.wording:
            assert f'"{key}"' in source or key == "overview", (r.id, key)


def test_a_text_can_only_reach_the_values_it_is_given() -> None:
    assert placeholders("Hallo {name}, {{wörtlich}}") == ["name"]
    for bad in ("{0}", "{}", "{kpis.__class__}", "{kpis[0]}", "{kpis!r}", "{kpis:>40}", "{offen"):
        with pytest.raises(ValueError):  # noqa: PT011 - each is its own kind of refusal
            placeholders(bad)


# ---- an agency's findings.toml -----------------------------------------------------------------------------

CALM = [100, 103, 98, 101, 99, 102, 100, 97, 101, 100, 103, 99]


def _odd_month(tmp_path: Path, override: str, **client: str):  # noqa: ANN202 - an Analysis
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "findings.toml").write_text(override, encoding="utf-8")
    path = make_workbook(tmp_path / "kunde.xlsx", client=client, kpis=[
        kpi("Kontaktanfragen", [*CALM, 300]), kpi("Absprungrate Leistungsseite", [50] * 13, unit="%"),
        kpi("Ladezeit mobil (LCP)", [2.5] * 13, unit="Sekunden"), kpi("Google-Bewertungen", [40] * 13),
    ])
    return analyse(read_workbook(path), templates=theme)


def test_an_agency_rewords_one_key_and_keeps_the_rest(tmp_path: Path) -> None:
    analysis = _odd_month(tmp_path, '[de.anomaly]\nheadline = "Bitte prüfen: {kpis}."\n')
    finding = next(f for f in analysis.findings if f.id == "anomaly")
    assert finding.headline_de == "Bitte prüfen: „Kontaktanfragen“."
    assert finding.title_de == "Auffälliger Wert"  # the packaged text, untouched
    assert finding.headline_en.startswith("Unusual swing in")
    assert report_data(analysis)["summary"].endswith("Wichtigster Befund: Bitte prüfen: „Kontaktanfragen“.")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ('[de.anomali]\ntitle = "x"\n', r"\[de\.anomali\]: unknown finding or section"),
        ('[de.anomaly]\ntitel = "x"\n', r"\[de\.anomaly\]: unknown key 'titel'"),
        ('[de.anomaly]\nheadline = "{kpi}"\n', r"headline uses \{kpi\}; its placeholders: \{kpis\}"),
        ('[de.anomaly]\nheadline = "{kpis.__class__}"\n', r"headline: \{kpis\.__class__\} is not a placeholder"),
        ('[de.anomaly]\nheadline = 3\n', r"headline must be a text"),
        ('[fr.anomaly]\ntitle = "x"\n', r"\[fr\]: the findings are worded in de and en"),
        ("[de.anomaly\n", r"cannot read the findings' wording"),
    ],
)
def test_a_broken_override_is_a_located_error(tmp_path: Path, override: str, message: str) -> None:
    with pytest.raises(RenderError, match=message) as info:
        _odd_month(tmp_path, override)
    assert str(tmp_path / "theme" / "findings.toml") in str(info.value)


def test_the_wording_is_read_once_per_file_version(tmp_path: Path) -> None:
    (tmp_path / "findings.toml").write_text('[de.anomaly]\ntitle = "A"\n', encoding="utf-8")
    first = load_wording(tmp_path)
    assert load_wording(tmp_path) is first
    (tmp_path / "findings.toml").write_text('[de.anomaly]\ntitle = "Anders"\n', encoding="utf-8")
    assert load_wording(tmp_path).phrases("de", "anomaly")("title") == "Anders"


def test_the_overview_notes_come_from_the_rules() -> None:
    from reporter.overview import note

    assert note({"id": "isolated_measure", "kpis": [], "measures": 1}, "de") == "1\u00a0Maßnahme ohne Wirkungskennzahl"
    assert note({"id": "anomaly", "kpis": ["Anrufe"], "measures": 0}, "de") == "Auffälliger Wert: Anrufe"
    assert note({"id": "vanity_only_success", "kpis": [], "measures": 0}, "de") == "Erfolg nur bei Reichweitenzahlen"
    assert note({"id": "kuenftig", "title": "Neu", "kpis": [], "measures": 0}, "de") == "Neu"  # a newer sidecar's id
    assert re.fullmatch(r"„.+“", load_wording().phrases("de", "social_replaces_sales")("title"))
