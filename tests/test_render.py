"""Rendering: the safe URL fetcher, template overrides, warnings as failures, real PDFs checked with pypdf.

The context here is made by hand (``sample_context``), so these tests exercise the templates and WeasyPrint
independently of the workbook reader and the findings.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pypdf
import pytest
from markupsafe import Markup
from PIL import Image

from reporter import charts
from reporter.costs import ChartView, CostFact, CostRow, SpendView
from reporter.formatting import Fmt
from reporter.impact import QUESTION_LABEL, QUESTION_TEXT
from reporter.model import Question, RenderError
from reporter.render import (
    RefusedURL,
    SafeURLFetcher,
    Theme,
    bdi,
    css_color,
    css_string,
    html_to_pdf,
    render_report,
)
from reporter.report import (
    Colors,
    DisciplineView,
    FindingView,
    KpiView,
    MeasureView,
    QuestionView,
    ReportContext,
    initials,
    load_texts,
)
from reporter.resources import templates_dir
from tests.pdftext import pdf_text
from tests.shared import once_per_run

CLIENT = "Dachdeckerei Krämer <GmbH> & Co"
MONTHS = [f"2025-{m:02d}" for m in range(10, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#c0392b").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png_bytes()


def kpi_view(
    lang: str,
    name: str,
    values: list[float | None],
    cls: str = "effect",
    unit: str | None = None,
    target: float | None = None,
) -> KpiView:
    t, f = load_texts(lang), Fmt(lang)
    labels = [f.month_short(m) for m in MONTHS]
    chart = charts.trend_chart(
        labels,
        values,
        fmt=f.axis(unit),
        color="#1f5c99",
        y_title=t["unit_count"],
        x_title=t["month_axis"],
        title=name,
        target=target,
    )
    return KpiView(
        name=name,
        kpi_class=cls,
        class_label=t["classes"][cls],
        questions="",
        value=f.value(values[-1], unit, t["not_measured"]),
        previous=f.value(values[-2], unit, t["not_measured"]),
        last_year=f.value(values[0], unit, t["not_measured"]),
        change=f.change(values[-1], values[-2], unit),
        trend="up",
        tone="good",
        target=f.value(target, unit, "") if target is not None else "",
        target_status="missed" if target else "none",
        target_label=t["status"]["missed" if target else "none"],
        reason=f"Grund für {name}.",
        chart=Markup(chart) if cls == "effect" else Markup(""),
    )


def sample_context(lang: str = "de", **changes: object) -> ReportContext:
    t, f = load_texts(lang), Fmt(lang)
    effect = {
        Question.UNDERSTANDING: [
            kpi_view(lang, "Absprungrate Leistungsseite", [60, 61, 59.5] * 4 + [58.4], unit="percent")
        ],
        Question.FINDABILITY: [
            kpi_view(lang, "Ladezeit mobil (LCP)", [3.1, 2.9, 2.8, None] * 3 + [2.3], unit="seconds")
        ],
        Question.TRUST: [],
        Question.NEXT_STEP: [kpi_view(lang, "Kontaktanfragen", [14, 13, 15] * 4 + [14], target=18)],
    }
    not_measured = FindingView(
        "question_not_measured",
        "attention",
        t["severity"]["attention"],
        "Frage ohne Messung",
        "Vertrauen wird noch nicht gemessen.",
    )
    scorecard = tuple(
        QuestionView(
            q.value,
            QUESTION_LABEL[q][lang],
            QUESTION_TEXT[q][lang],
            "missed" if effect[q] else "not_measured",
            t["status"]["missed" if effect[q] else "not_measured"],
            tuple(effect[q]),
            (not_measured,) if not effect[q] else (),
            card_kpis=tuple(effect[q]),
        )
        for q in Question
    )
    vanity = (
        kpi_view(lang, "Seitenaufrufe", [1000] * 13, cls="vanity"),
        kpi_view(lang, "Instagram-Follower", [500] * 13, cls="vanity"),
    )
    unknown = kpi_view(lang, "Sterne im Branchenbuch", [4] * 13, cls="unclassified")
    traffic = FindingView(
        "traffic_without_inquiries",
        "attention",
        t["severity"]["attention"],
        "„Mehr Traffic bedeutet automatisch mehr Anfragen“",
        "Seitenaufrufe +19 %, Kontaktanfragen +0 %. Reichweite ist gewachsen, Wirkung nicht.",
    )
    isolated = FindingView(
        "isolated_measure",
        "attention",
        t["severity"]["attention"],
        "Maßnahme ohne Verbindung",
        "„Instagram-Reels“ führt auf keine Zielseite.",
    )
    reach = charts.reach_effect_chart(
        [f.month_short(m) for m in MONTHS],
        charts.Line("Seitenaufrufe", list(range(100, 113))),
        charts.Line("Kontaktanfragen", [14] * 13),
        fmt=f.number,
        y_title=t["index_axis"].format(month="Okt"),
        x_title=t["month_axis"],
        title=t["reach_chart_title"],
    )
    values: dict[str, object] = dict(
        lang=lang,
        t=t,
        title=f"{CLIENT} – {t['report_title']} {f.month('2026-10')}",
        author="Beispiel Agentur",
        client_name=CLIENT,
        month="2026-10",
        month_label=f.month("2026-10"),
        cover_question=t["cover_question"].format(month=f.month_name("2026-10")),
        prepared_by=t["prepared_by"].format(agency="Beispiel Agentur"),
        role_label="Anfragen gewinnen",
        summary="Die Website wurde im Oktober häufiger besucht, die Anfragen blieben gleich.",
        colors=Colors.from_brand("#1f5c99", "#f2a900"),
        agency_name="Beispiel Agentur",
        agency_footer="Musterstraße 1 · 12345 Musterstadt",
        agency_contact="hallo@beispiel-agentur.de",
        font_family="Reporter Inter",
        scorecard=scorecard,
        effect_count="3 Wirkungskennzahlen",
        vanity_count="2 Vanity-Kennzahlen",
        unclassified_count="1 nicht eingeordnet",
        headline=traffic,
        vanity=vanity,
        reach_chart=Markup(reach),
        reach_findings=(traffic,),
        misconceptions=(traffic,),
        interplay=(
            DisciplineView(
                "Social Media", (MeasureView("Instagram-Reels", "aktiv", "seit April 2026", "", "", True),)
            ),
        ),
        interplay_findings=(isolated,),
        next_steps=("Verbinden Sie die Reels mit einer Zielseite.",),
        comment="Liebe Frau Muster,\nder Oktober war ruhig.",
        signature="Frau Beispiel",
        kpis=(*[k for q in Question for k in effect[q]], *vanity, unknown),
        unclassified=(unknown.name,),
        client_initials=initials(CLIENT),
    )
    values.update(changes)
    return ReportContext(**values)  # type: ignore[arg-type]


def flat(text: str) -> str:
    """Text with line breaks and hyphenation undone, for phrases that may wrap."""
    return re.sub(r"\s+", " ", text.replace("-\n", "-"))


def small_context(lang: str = "de", **changes: object) -> ReportContext:
    """``sample_context`` without its KPIs, charts, measures, findings and comment: the cover, the footer, the
    fixed texts and the appendix (7 pages instead of 9, half the layout work). For a test whose subject is the
    cover or the footer, a logo, a stylesheet or a failure, none of which the report's content takes part in."""
    full = sample_context(lang)
    values: dict[str, object] = dict(
        kpis=(),
        vanity=(),
        unclassified=(),
        reach_chart=Markup(""),
        reach_findings=(),
        misconceptions=(),
        interplay=(),
        interplay_findings=(),
        next_steps=(),
        comment="",
        scorecard=tuple(dataclasses.replace(q, kpis=(), card_kpis=()) for q in full.scorecard),
    )
    values.update(changes)
    return dataclasses.replace(full, **values)  # type: ignore[arg-type]


def _render_german(folder: Path) -> None:
    out = render_report(sample_context("de"), Theme())
    (folder / "report.pdf").write_bytes(out.pdf)
    (folder / "report.html").write_bytes(out.html.encode("utf-8"))  # bytes: no newline translation
    (folder / "pages").write_text(str(out.pages), encoding="ascii")


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str, int]:
    """The German sample context rendered once per run (tests/shared.py), read by every xdist worker."""
    folder = once_per_run(tmp_path_factory, "render-german", _render_german)
    html = (folder / "report.html").read_bytes().decode("utf-8")
    return (folder / "report.pdf").read_bytes(), html, int((folder / "pages").read_text(encoding="ascii"))


# ---- the fetcher ---------------------------------------------------------------------------------


def test_fetcher_refuses_system_files_http_and_paths_outside_the_roots(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    fetcher = Theme().fetcher()
    for url in (
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/x.css",
        outside.as_uri(),
        (templates_dir() / ".." / ".." / "etc" / "passwd").as_uri(),
        "ftp://example.com/x",
        "file://otherhost/etc/passwd",
    ):
        with pytest.raises(RefusedURL, match="refused to load"):
            fetcher.fetch(url)


def test_fetcher_allows_theme_files_data_urls_and_named_files(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    fetcher = Theme().fetcher([logo])
    font = fetcher.fetch((templates_dir() / "fonts" / "Inter-Regular.otf").as_uri())
    assert font.read()[:4] == b"OTTO"
    assert fetcher.fetch(logo.as_uri()).read() == PNG
    assert fetcher.fetch("data:text/plain;base64,aGFsbG8=").read() == b"hallo"
    sibling = tmp_path / "other.png"
    sibling.write_bytes(PNG)
    with pytest.raises(RefusedURL):
        fetcher.fetch(sibling.as_uri())  # the client's logo, not its folder


def test_symlink_out_of_an_allowed_root_is_refused(tmp_path: Path) -> None:
    theme_dir = tmp_path / "theme"
    theme_dir.mkdir()
    (theme_dir / "passwd.css").symlink_to("/etc/passwd")
    fetcher = SafeURLFetcher(roots=[theme_dir])
    with pytest.raises(RefusedURL):
        fetcher.fetch((theme_dir / "passwd.css").as_uri())


def test_a_template_reaching_for_a_system_file_fails_with_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "cover.html.j2").write_text('<img src="file:///etc/passwd" alt="x">')
    with pytest.raises(RenderError, match=r"refused to load 'file:///etc/passwd'"):
        render_report(sample_context(), Theme(override=tmp_path))


def test_a_stylesheet_reaching_for_the_network_fails(tmp_path: Path) -> None:
    (tmp_path / "report.css").write_text('body { background: url("https://example.com/track.png"); }')
    with pytest.raises(RenderError, match="refused to load 'https://example.com/track.png'"):
        render_report(sample_context(), Theme(override=tmp_path))


# ---- templates -----------------------------------------------------------------------------------


def test_an_override_partial_replaces_the_packaged_one(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "next_steps.html.j2").write_text(
        '<section class="page-start"><h2>Unsere Empfehlung für {{ r.client_name }}</h2></section>'
    )
    out = render_report(sample_context(), Theme(override=tmp_path))
    text = flat(pdf_text(out.pdf))
    assert f"Unsere Empfehlung für {CLIENT}" in text
    assert "Nächste Schritte" not in text
    assert "Anhang" in text  # the other partials still come from the package


def test_an_unknown_name_in_a_template_is_an_error_not_an_empty_string(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "cover.html.j2").write_text("<p>{{ r.no_such_field }}</p>")
    with pytest.raises(RenderError, match="no_such_field"):
        render_report(sample_context(), Theme(override=tmp_path))


def test_a_weasyprint_warning_fails_the_render(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "cover.html.j2").write_text(
        '<img src="data:image/png;base64,AAAA" alt="broken">'
    )
    with pytest.raises(RenderError, match="WeasyPrint") as failure:
        render_report(small_context(), Theme(override=tmp_path))
    assert "data:image/png…" in str(failure.value)  # long data: URLs are shortened in the message
    assert "AAAA" not in str(failure.value)


def test_repeated_weasyprint_warnings_are_one_problem_with_a_count(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "cover.html.j2").write_text(
        '<p style="unicode-bidi: plaintext">x</p>' * 50  # the same message, "Ignored … at 1:1", each time
    )
    with pytest.raises(RenderError) as failure:
        render_report(small_context(), Theme(override=tmp_path))
    assert [p.message for p in failure.value.problems] == [
        "WeasyPrint: Ignored `unicode-bidi: plaintext` at 1:1, property not supported yet. (×50)"
    ]


def test_a_character_no_font_has_is_a_visible_replacement_not_a_failure() -> None:
    out = render_report(small_context(client_name="Privat \ue000 GmbH"), Theme())
    text = pdf_text(out.pdf)
    assert "Privat \ufffd GmbH · Oktober 2026" in text  # the cover
    assert "Privat \ufffd GmbH · Marketing-Wirkungsbericht" in text  # the footer, a CSS string
    assert "\ue000" not in out.html
    assert out.warnings == ()  # the check already said it, at the cell


def test_a_character_weasyprint_cannot_draw_is_a_warning(tmp_path: Path) -> None:
    """Should fontconfig not have been asked (or disagree), WeasyPrint's message is a warning, not a failure."""
    html = '<html lang="de"><title>T</title><p>Privat \ue000 GmbH \ue000</p></html>'
    out = html_to_pdf(html, SafeURLFetcher(), source="kunde.xlsx")
    assert [str(w) for w in out.warnings] == [
        'kunde.xlsx: "\ue000" (U+E000) cannot be shown with the installed fonts'
    ]


def test_a_right_to_left_name_keeps_its_own_order_and_the_text_around_it_its_own() -> None:
    assert bdi("Müller GmbH") == "Müller GmbH"
    assert bdi("שלום GmbH") == "\u2068שלום GmbH\u2069"
    out = render_report(small_context(client_name="שלום GmbH (Berlin)"), Theme())
    text = pdf_text(out.pdf)  # in visual order, left to right
    assert "GmbH (Berlin) שלום · Oktober 2026" in text  # the cover: the name reads from the right
    assert "GmbH (Berlin) שלום · Marketing-Wirkungsbericht" in text  # the footer
    assert "\u2068" not in text


def test_css_values_from_data_are_escaped_or_refused() -> None:
    assert css_string('a"; } body { x: "') == r'"a\22 \3b  \7d  body \7b  x\3a  \22 "'
    assert css_color("#1F5C99") == "#1f5c99"
    for bad in ("red", "#fff", "#1f5c99; background: url(x)", "expression(alert(1))"):
        with pytest.raises(RenderError, match="not a colour"):
            css_color(bad)


# ---- the PDF -------------------------------------------------------------------------------------


def test_pdf_has_every_section_question_kpi_and_finding(german: tuple[bytes, str, int]) -> None:
    pdf, _, pages = german
    text = flat(pdf_text(pdf))
    for section in (
        "Marketing-Wirkungsbericht",
        "Auf einen Blick",
        "Die vier Wirkungsfragen",
        "Reichweite ist nicht Wirkung",
        "Fehlannahmen",
        "Zusammenspiel der Maßnahmen",
        "Nächste Schritte",
        "Kommentar",
        "Anhang",
        "So lesen Sie diesen Bericht",
    ):
        assert section in text, section
    for question in Question:
        assert QUESTION_TEXT[question]["de"] in text
    for name in (
        "Absprungrate Leistungsseite",
        "Ladezeit mobil (LCP)",
        "Kontaktanfragen",
        "Seitenaufrufe",
        "Instagram-Follower",
        "Sterne im Branchenbuch",
    ):
        assert name in text, name
    assert "„Mehr Traffic bedeutet automatisch mehr Anfragen“" in text
    assert "Seitenaufrufe +19 %, Kontaktanfragen +0 %" in text.replace("\u00a0", " ")
    assert "Oktober 2026" in text
    assert f"Seite 2 von {pages}" in text
    assert CLIENT in text  # escaped in HTML, shown literally


def test_pdf_metadata_language_tags_and_embedded_fonts(german: tuple[bytes, str, int]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(german[0]))
    assert reader.metadata.title == f"{CLIENT} – Marketing-Wirkungsbericht Oktober 2026"
    assert reader.metadata.author == "Beispiel Agentur"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert fonts
    assert all("Inter" in name for name in fonts), fonts
    assert len(german[0]) < 1_000_000


def test_html_is_self_contained_and_renders_to_the_same_pdf(german: tuple[bytes, str, int]) -> None:
    pdf, html, pages = german
    assert not re.search(r"""(src|href)=["'](?!data:)""", html)
    urls = re.findall(r"""url\(\s*["']?([^"')]*)""", html)
    assert urls
    assert all(u.startswith("data:") for u in urls)
    again = html_to_pdf(html, SafeURLFetcher())  # no file may be read at all
    assert again.pages == pages
    assert pdf_text(again.pdf) == pdf_text(pdf)


def test_english_report_uses_english_texts_and_page_footer() -> None:
    out = render_report(sample_context("en"), Theme())
    text = flat(pdf_text(out.pdf))
    for phrase in (
        "At a glance",
        "Reach is not effect",
        "Next steps",
        "Appendix",
        "How to read this report",
        f"Page 2 of {out.pages}",
        "October 2026",
    ):
        assert phrase in text, phrase
    for question in Question:
        assert QUESTION_TEXT[question]["en"] in text
    assert pypdf.PdfReader(io.BytesIO(out.pdf)).trailer["/Root"]["/Lang"] == "en"


def test_client_logo_is_embedded_only_when_allowed(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    context = small_context(client_logo=logo)
    with pytest.raises(RenderError, match="refused to load"):
        render_report(context, Theme())
    out = render_report(context, Theme(), logos=[logo])
    assert "data:image/png;base64," in out.html


def test_an_svg_logo_cannot_reach_out_to_other_files_or_the_network(tmp_path: Path) -> None:
    for target in ("file:///etc/passwd", "https://example.com/pixel.png"):
        logo = tmp_path / "logo.svg"
        logo.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
            f'height="20"><image xlink:href="{target}" width="40" height="20"/></svg>',
            encoding="utf-8",
        )
        with pytest.raises(RenderError, match="refused to load"):
            render_report(small_context(client_logo=logo), Theme(), logos=[logo])


def test_an_override_stylesheet_may_use_its_own_images_but_nothing_beside_its_folder(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "corner.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    packaged_css = (templates_dir() / "report.css").read_text(encoding="utf-8")
    packaged_css = packaged_css.replace('url("fonts/', f'url("{templates_dir().as_posix()}/fonts/')
    (theme / "report.css").write_text(
        packaged_css + '\n.cover-band { background-image: url("corner.png"); }\n', encoding="utf-8"
    )
    out = render_report(small_context(), Theme(override=theme))
    assert out.html.count("data:image/png;base64,") == 1
    (theme / "report.css").write_text(
        '.cover-band { background-image: url("../secret.png"); }', encoding="utf-8"
    )
    with pytest.raises(RenderError, match="refused to load"):
        render_report(sample_context(), Theme(override=theme))


def test_the_packaged_templates_use_every_field_of_the_context() -> None:
    """The context carries nothing the report does not show (datasette's habit): no dead, unformatted data."""
    source = "".join(p.read_text(encoding="utf-8") for p in templates_dir().rglob("*.j2"))
    for cls in (ReportContext, KpiView, QuestionView, FindingView, MeasureView, DisciplineView, Colors, SpendView,
                CostFact, CostRow, ChartView):
        unused = [f.name for f in dataclasses.fields(cls) if not re.search(rf"\.{f.name}\b", source)]
        assert not unused, f"{cls.__name__}: {unused}"
