"""SVG charts: valid XML, gaps for missing months, escaped labels, round ticks, greyscale-distinct lines."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from reporter import charts

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["Okt", "Nov", "Dez", "Jan 26", "Feb"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(("low", "high"), [(0, 14), (2.3, 3.4), (0, 18250.5), (58, 62), (5, 5), (-3, 7)])
def test_nice_ticks_cover_the_range_with_round_steps(low: float, high: float) -> None:
    ticks = charts.nice_ticks(low, high)
    assert ticks[0] <= low
    assert ticks[-1] >= high
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    step = steps.pop()
    assert round(step / 10 ** math.floor(math.log10(step)), 6) in (1, 2, 2.5, 5)
    assert 2 <= len(ticks) <= 7


def test_trend_chart_leaves_a_gap_for_a_month_without_data() -> None:
    svg = charts.trend_chart(
        MONTHS,
        [10, 12, None, 14, 15],
        fmt=lambda v: f"{v:g}",
        color="#1f5c99",
        y_title="Anzahl",
        x_title="Monat",
        title="Kontaktanfragen",
    )
    root = parse(svg)
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 2, "a missing month splits the line instead of dropping to zero"
    assert len(root.findall(f"{SVG}circle")) == 4
    labels = texts(root)
    assert "Monat" in labels
    assert "Anzahl" in labels
    assert "15" in labels  # the latest value is labelled


def test_target_is_drawn_as_a_dotted_line_with_its_label() -> None:
    svg = charts.trend_chart(
        MONTHS,
        [10, 12, 13, 14, 15],
        fmt=lambda v: f"{v:g}",
        color="#1f5c99",
        y_title="Anzahl",
        x_title="Monat",
        title="Anfragen",
        target=18,
        target_label="Ziel 18",
    )
    root = parse(svg)
    dashed = [el for el in root.iter(f"{SVG}line") if el.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert "Ziel 18" in texts(root)


def test_all_text_is_escaped() -> None:
    svg = charts.trend_chart(
        ["<b>", "&"],
        [1, 2],
        fmt=lambda v: f"{v:g}",
        color="#000000",
        y_title='"<script>',
        x_title="Monat & Jahr",
        title="A <b>&</b> B",
    )
    root = parse(svg)  # would raise on unescaped markup
    assert '"<script>' in texts(root)
    assert root.find(f"{SVG}title").text == "A <b>&</b> B"
    assert "<script>" not in svg


def test_reach_and_effect_are_indexed_and_differ_in_weight_and_dash() -> None:
    svg = charts.reach_effect_chart(
        MONTHS,
        charts.Line("Seitenaufrufe", [1000, 1100, 1200, 1300, 1400]),
        charts.Line("Kontaktanfragen", [14, 14, 13, 14, 14], color="#1f5c99"),
        fmt=lambda v: f"{v:g}",
        y_title="Index (Okt = 100)",
        x_title="Monat",
        title="Reichweite und Wirkung",
    )
    root = parse(svg)
    reach, effect = root.findall(f"{SVG}polyline")
    assert reach.get("stroke-dasharray")
    assert not effect.get("stroke-dasharray")
    assert float(effect.get("stroke-width")) > float(reach.get("stroke-width")) * 1.5
    assert {"Seitenaufrufe", "Kontaktanfragen", "Index (Okt = 100)"} <= set(texts(root))


def test_indexed_starts_at_100_from_the_first_measured_month() -> None:
    assert charts.indexed([None, 0, 20, 30, None]) == [None, 0.0, 100.0, 150.0, None]
    assert charts.indexed([None, None]) == [None, None]


def test_end_labels_of_lines_ending_together_are_moved_apart() -> None:
    assert charts._spread([100.0, 104.0, None], gap=12) == [100.0, 112.0, None]


def test_a_kpi_that_stayed_at_zero_gets_an_axis_from_zero() -> None:
    assert charts.nice_ticks(0, 0) == [0.0, 0.5, 1.0]
    svg = charts.trend_chart(
        MONTHS,
        [0, 0, 0, 0, 0],
        fmt=lambda v: f"{v:g}",
        color="#1f5c99",
        y_title="Anzahl",
        x_title="Monat",
        title="Anrufe",
    )
    assert "-" not in "".join(texts(parse(svg)))


def test_values_that_are_not_finite_are_gaps_not_broken_coordinates() -> None:
    svg = charts.trend_chart(
        MONTHS,
        [1, float("nan"), 3, float("inf"), 5],
        fmt=lambda v: f"{v:g}",
        color="#1f5c99",
        y_title="Anzahl",
        x_title="Monat",
        title="Anrufe",
    )
    assert "nan" not in svg.lower()
    assert "inf" not in svg.lower()
    assert len(parse(svg).findall(f"{SVG}circle")) == 3


def test_long_end_labels_wrap_into_two_lines_and_are_shortened_beyond() -> None:
    assert charts._wrap("Kontaktanfragen") == ["Kontaktanfragen"]
    assert charts._wrap("Klicks auf Telefonnummer der Website mobil") == ["Klicks auf", "Telefonnummer der…"]
    assert all(len(line) <= 19 for line in charts._wrap("Impressionen (Google Search Console)"))
    # a source in brackets goes first rather than the label being cut mid-word
    assert charts._wrap("Impressionen (Google Search Console)") == ["Impressionen"]
    assert charts._wrap("Sitzungen (GA4)") == ["Sitzungen (GA4)"]


# ---- measures on the time axis ------------------------------------------------------------------------------

YEAR = ["Okt", "Nov", "Dez", "Jan 26", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt"]


def marked(markers: list[charts.Marker], width: int = charts.TREND_WIDTH) -> ET.Element:
    return parse(charts.trend_chart(YEAR, [10] * 13, fmt=lambda v: f"{v:g}", color="#1f5c99", y_title="Anzahl",
                                    x_title="Monat", title="Anfragen", markers=markers, width=width,
                                    merged=lambda n: f"{n} Maßnahmen"))


def marker_lines(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}line") if el.get("x1") == el.get("x2")]


def label_boxes(root: ET.Element, labels: set[str]) -> list[tuple[float, float, float]]:
    """(left, right, baseline) of each marker label, from its anchor and its estimated width."""
    boxes = []
    for el in root.iter(f"{SVG}text"):
        if el.text in labels:
            x, width = float(el.get("x")), charts._label_width(el.text)
            boxes.append((x, x + width, float(el.get("y"))))
    return boxes


def test_a_start_is_a_labelled_dashed_line_and_an_end_a_dotted_one() -> None:
    root = marked([charts.Marker(6, "Start Relaunch", "Start „Relaunch“"),
                   charts.Marker(8, "Ende Relaunch", "Ende „Relaunch“", kind="end")])
    start, end = marker_lines(root)
    assert start.get("stroke-dasharray") == charts.MARKER_DASH["start"]
    assert end.get("stroke-dasharray") == charts.MARKER_DASH["end"]  # told apart without colour
    assert float(start.get("x1")) < float(end.get("x1"))
    assert {"Start Relaunch", "Ende Relaunch"} <= set(texts(root))
    # a screen reader hears the measures with their months
    assert root.get("aria-label") == "Anfragen (Apr: Start „Relaunch“; Jun: Ende „Relaunch“)"


def test_measures_in_one_month_share_a_line_and_are_named_in_the_legend() -> None:
    root = marked([charts.Marker(5, "Start Google Ads", "Start „Google Ads“"),
                   charts.Marker(5, "Ende Flyer", "Ende „Flyer“", kind="end")])
    assert len(marker_lines(root)) == 1
    labels = texts(root)
    assert "2 Maßnahmen" in labels
    assert "Mär: Start „Google Ads“; Ende „Flyer“" in labels
    assert "Start Google Ads" not in labels


def test_colliding_labels_are_stacked_and_no_line_crosses_a_label() -> None:
    markers = [charts.Marker(i, f"Start Maßnahme {i}", f"Start „Maßnahme {i}“") for i in (1, 2, 3)]
    root = marked(markers)
    boxes = label_boxes(root, {m.label for m in markers})
    assert len({y for _, _, y in boxes}) == 3  # three rows
    lines = marker_lines(root)
    for left, right, baseline in boxes:
        for line in lines:
            x, top = float(line.get("x1")), float(line.get("y1"))
            crosses = left - 1 < x < right + 1 and top < baseline
            assert not crosses, (left, right, x)


def test_a_label_at_the_right_end_runs_left_and_a_long_one_is_shortened_with_a_legend() -> None:
    long = "Start Google Ads Wallbox & Photovoltaik im Umkreis von 30 km"
    root = marked([charts.Marker(12, long, "Start „Google Ads Wallbox“")], width=charts.HALF_WIDTH)
    (line,) = marker_lines(root)
    (label,) = [el for el in root.iter(f"{SVG}text") if el.text and el.text.startswith("Start Google")]
    assert label.text.endswith("…")
    assert float(label.get("x")) + charts._label_width(label.text) <= float(line.get("x1"))
    assert float(label.get("x")) >= 0
    assert "Okt: Start „Google Ads Wallbox“" in texts(root)


def test_beyond_three_rows_a_label_becomes_a_number_explained_below() -> None:
    markers = [charts.Marker(i, f"Start einer sehr langen Maßnahme {i}", f"Start „M{i}“") for i in range(4)]
    labels = texts(marked(markers))
    assert "(1)" in labels
    assert any(text.startswith("(1) ") for text in labels)


def test_markers_outside_the_months_are_left_out() -> None:
    root = marked([charts.Marker(13, "Start später", "Start „später“"), charts.Marker(-1, "x", "x")])
    assert marker_lines(root) == []
