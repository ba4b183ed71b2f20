"""Property-based tests (hypothesis) on the untrusted-input paths: whatever a workbook holds, the reader, the
classifier and the report give results or ``ReporterError``s, never anything else.

The workbooks are real: written with openpyxl, read back by the reader, then analysed and filled into the
report's HTML (WeasyPrint is left out to keep the examples fast; the PDF engine's side is the job of
tests/test_hostile.py). Text from a cell must reach the HTML escaped, and every message must be one located
line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape
from openpyxl.utils.exceptions import IllegalCharacterError

from reporter.config import Config
from reporter.findings import analyse
from reporter.impact import Classification, classify_kpi, classify_name
from reporter.mail import AddressError, parse_address
from reporter.model import Kpi, KpiClass, ReporterError, Role, Severity
from reporter.render import RenderError, Theme, css_color, css_string, inline_css, make_env
from reporter.report import build_context
from reporter.workbook import (
    WINDOWS_RESERVED,
    _quote,
    inspect_workbook,
    parse_date,
    parse_month,
    parse_number_text,
    slugify,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workbooks import kpi, make_workbook  # noqa: E402

# Text openpyxl can store: no surrogates, none of the control characters XML 1.0 forbids.
FORBIDDEN = [chr(i) for i in range(32) if chr(i) not in "\t\n\r"]
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters=FORBIDDEN)
NASTY = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "{% for x in y %}",
        "../../etc/passwd",
        "url(file:///etc/passwd)",
        "&amp;",
        "]]>",
        '"; background: red; "',
        "\u202e",
        "\u2028",
        "\r\nBcc: x@y.de",
        "Kontaktanfragen",
        "Impressionen",
        "#VALUE!",
        "=1+1",
        "1.234,5",
        "NaN",
        "2026-13",
        "x" * 300,
    ]
)
TEXT = st.lists(st.one_of(st.text(CHARS, max_size=30), NASTY), max_size=4).map("".join)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3)),
)


def html_of(data: Any) -> str:
    """The report's HTML for readable data (analysis and context included), without the PDF engine."""
    config = Config()
    context = build_context(analyse(data, config), config)
    theme = Theme()
    fetcher = theme.fetcher([data.client.brand.logo] if data.client.brand.logo else [])
    env = make_env(theme)
    env.globals["asset"] = lambda path: ""
    return env.get_template("report.html.j2").render(
        r=context, css=Markup(inline_css("report.css", env, fetcher))
    )


_REFERENCE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ATTRIBUTE_VALUE = re.compile(r"""=\s*("[^"]*"|'[^']*')""")


def blank_references(source: str) -> str:
    return _REFERENCE.sub("\x00", source)


class Page(HTMLParser):
    """The report's HTML parsed: ``text`` is what a reader sees (text and attribute values, references
    resolved), ``source`` the same places as written with every reference blanked, so that a ``<``, ``>`` or
    ``&`` that reached the HTML unescaped is all that is left of them. ``<style>`` and ``<script>`` are left
    out (text reaches the stylesheet through ``css_string``, tested below). Markup is replaced by a NUL
    character, which no cell can hold."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.texts: list[str] = []
        self.sources: list[str] = []
        self.data_from: int | None = None
        self.raw_text = 0  # inside <style> or <script>
        self.feed(html)
        self.close()
        self.markup()

    @property
    def text(self) -> str:
        return "".join(self.texts)

    @property
    def source(self) -> str:
        return "".join(self.sources)

    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def markup(self) -> None:
        """Close the text that ends here (its source runs up to this markup)."""
        if self.data_from is not None:
            self.sources.append(blank_references(self.html[self.data_from : self.here()]))
            self.data_from = None
        self.texts.append("\x00")
        self.sources.append("\x00")

    def handle_data(self, data: str) -> None:
        if self.raw_text:
            return
        if self.data_from is None:
            self.data_from = self.here()
        self.texts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.markup()
        self.texts.extend(f"{value}\x00" for _, value in attrs if value)
        written = _ATTRIBUTE_VALUE.finditer(self.get_starttag_text() or "")
        self.sources.extend(blank_references(m[1]) + "\x00" for m in written)
        if tag in ("style", "script"):
            self.raw_text += 1

    def handle_endtag(self, tag: str) -> None:
        self.markup()
        if tag in ("style", "script") and self.raw_text:
            self.raw_text -= 1

    def handle_comment(self, data: str) -> None:
        self.markup()

    def handle_decl(self, decl: str) -> None:
        self.markup()

    def handle_pi(self, data: str) -> None:
        self.markup()


def write(path: Path, client: dict[str, Any], names: list[str], cells: list[Any]) -> Path:
    kpis = [kpi(name, [3, 4, 5], target=5) for name in names]
    try:
        make_workbook(path, client=client, kpis=kpis)
        if cells:
            wb = openpyxl.load_workbook(path)
            for offset, value in enumerate(cells):
                wb["Kennzahlen"].cell(row=2, column=10 + offset % 3, value=value)
                wb["Kennzahlen"].cell(row=2, column=2 + offset % 8, value=value)
            wb.save(path)
    except (IllegalCharacterError, ValueError, TypeError, OverflowError):
        assume(False)  # openpyxl cannot store it, so no workbook can hold it
    return path


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    names=st.lists(TEXT, min_size=1, max_size=4),
    client=st.fixed_dictionaries({"Kunde": TEXT, "Ansprechpartner": TEXT, "Kommentar": TEXT, "Kürzel": TEXT}),
    cells=st.lists(CELL, max_size=4),
)
@example(
    names=["<b>Anfragen</b>", "{{ r }}"],
    client={"Kunde": "<i>A&B</i>", "Ansprechpartner": "", "Kommentar": "]]>", "Kürzel": "../x"},
    cells=[],
)
@example(names=["&"], client={"Kunde": "A&B", "Ansprechpartner": "", "Kommentar": "", "Kürzel": ""}, cells=[])
@example(names=["<", "a>b", "&amp;"], client={"Kunde": "<3", "Ansprechpartner": "", "Kommentar": "", "Kürzel": ""},
         cells=[])
def test_any_names_and_cells_give_a_safe_report_or_located_errors(
    tmp_path: Path, names: list[str], client: dict[str, Any], cells: list[Any]
) -> None:
    path = write(tmp_path / "k.xlsx", client, names, cells)
    data, problems = inspect_workbook(path)
    for problem in problems:
        assert problem.file == "k.xlsx"
        assert problem.message
        assert not problem.internal, problem.details
        assert not re.search(r"[\r\n\u2028\u2029\x85]", str(problem)), str(problem)
    if data is None:
        assert any(p.severity is Severity.ERROR for p in problems)
        event("located errors")
        return
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", data.client.slug)
    assert all(v is None or math.isfinite(v) for k in data.kpis for v in k.monthly.values())
    try:
        html = html_of(data)
    except ReporterError:
        event("report error")
        return
    event("report")
    page = Page(html)
    for text in [data.client.name, *(k.name for k in data.kpis)]:
        if re.search(r"[<>&]", text):
            assert text not in page.source, text  # never raw: escaped wherever it stands
            assert text in page.text or text[:40] in page.text, text  # and read as the text it is
    for k in data.kpis:
        assert str(escape(k.name)) in html or str(escape(k.name))[:40] in html, k.name


@settings(max_examples=200, deadline=None)
@given(name=st.one_of(st.text(max_size=3000), st.lists(NASTY, max_size=30).map(" ".join)))
@example(name="a" * 100_000)
@example(name="Kontakt " * 5000)
@example(name="(" * 5000 + "Anfragen" + ")" * 5000)
def test_any_kpi_name_classifies_quickly(name: str) -> None:
    started = time.monotonic()
    result = classify_name(name)
    assert isinstance(result, Classification)
    assert result.kpi_class in tuple(KpiClass)
    assert time.monotonic() - started < 30  # under a second; quadratic matching would take minutes


@settings(max_examples=100, deadline=None)
@given(
    name=TEXT,
    unit=st.sampled_from([None, "count", "percent", "eur", "seconds", "points"]),
    channel=st.sampled_from([None, "website", "seo", "social", "ads", "email", "sales", "other"]),
    role=st.sampled_from([None, *Role]),
    values=st.dictionaries(
        st.sampled_from(["2026-08", "2026-09", "2026-10"]),
        st.one_of(st.none(), st.floats(-1e12, 1e12)),
        max_size=3,
    ),
)
def test_any_kpi_row_classifies(
    name: str, unit: Any, channel: Any, role: Any, values: dict[str, Any]
) -> None:
    result = classify_kpi(Kpi(name=name, unit=unit, channel=channel, monthly=values), role)
    assert isinstance(result, Classification)


@given(st.text(max_size=300))
@example("../../evil")
@example("CON")
@example("nul.txt")
@example("...")
@example("\u202e\u0000")
def test_slugs_are_always_safe_file_names(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert len(slug) <= 70
    assert slug not in WINDOWS_RESERVED
    assert ".." not in slug


@given(st.one_of(st.text(max_size=200), CELL))
def test_cell_parsers_never_raise(value: Any) -> None:
    parse_month(value)
    parse_date(value)
    if isinstance(value, str):
        number = parse_number_text(value)
        assert number is None or math.isfinite(number) or "e" not in value.lower()
    quoted = _quote(value)
    assert not re.search(r"[\r\n\u2028\u2029\x85]", quoted)
    assert len(quoted) <= 62


@given(st.text(max_size=200))
@example('"; } body { background: url(http://127.0.0.1/) } a { b: "')
@example("\\\n\\")
def test_text_in_css_stays_one_string(text: str) -> None:
    css = str(css_string(text))
    assert css.startswith('"')
    assert css.endswith('"')
    inner = css[1:-1]
    assert '"' not in inner
    assert "\n" not in inner
    assert "<" not in inner
    assert re.fullmatch(r"([\w ]|\\[0-9a-f]+ )*", inner, re.UNICODE)


@given(st.text(max_size=40))
@example("#1f5c99")
@example("#1f5c99;background:url(x)")
def test_colours_reach_css_only_when_hex(text: str) -> None:
    if re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        assert str(css_color(text)) == text.lower()
    else:
        with pytest.raises(RenderError):
            css_color(text)


@given(st.text(max_size=120))
@example("a@b.de\r\nBcc: x@y.de")
@example("a@b.de\u2028Bcc: x@y.de")
@example('"x" <a@b.de>')
def test_a_parsed_address_never_carries_a_header(text: str) -> None:
    try:
        address = parse_address(text)
    except AddressError:
        return
    spec = address.addr_spec
    assert not re.search(r"[\r\n\x00-\x1f\x7f\u2028\u2029\x85,;:<>\s]", spec), spec
    assert spec.count("@") == 1
