"""SVG charts for the report, written as plain strings: a KPI's 13-month trend, reach-vs-effect indexed to 100,
spend and cost per effect.

Charts are vector, readable in greyscale (lines differ in weight and dash, not only in colour) and carry
labelled axes in the report's language. Measures show on the time axis as markers (:class:`Marker`): a
dashed line where one starts, a dotted one where one ends, labelled above the plot; labels that would collide
are stacked, several measures in one month share one line ("2 Maßnahmen") and are named in a legend below the
chart. Charts know nothing of KPIs or findings: callers pass the series, the month labels, a number formatter,
the axis texts and the markers' words. Every text placed in an SVG is XML-escaped here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape, quoteattr

Number = float | int
Formatter = Callable[[float], str]

# Geometry in CSS px at the size the chart is printed (96 px = 1 in), so 9 px text prints at about 7 pt:
# a full-width chart is 640 px ≈ 170 mm, a trend chart beside a KPI's facts 430 px ≈ 114 mm, two side by side
# 310 px ≈ 82 mm each.
WIDTH = 640
TREND_WIDTH = 430
HALF_WIDTH = 310  # two charts side by side
GREY_AXIS = "#8a9099"
GREY_GRID = "#e3e6ea"
GREY_TEXT = "#5b626b"
GREY_REACH = "#7d848d"
# The theme's embedded face first (see templates/report.css), so charts match the text around them.
FONT = "font-family=\"'Reporter Inter', Inter, sans-serif\""


MARKER_INK = "#3b4149"
MARKER_SIZE = 8.5
MARKER_ROW = 11  # px per row of marker labels above the plot
MARKER_ROWS = 3  # rows before a label gives way to a number, its text in the legend below
MARKER_CHARS = 40  # a longer label is shortened on the chart and written in full in the legend
MARKER_DASH = {"start": "4 3", "end": "1.2 2.4"}
LEGEND_ROW = 11


@dataclass(frozen=True)
class Marker:
    """A measure's start or end on the time axis: a vertical line at a month, labelled above the plot."""

    index: int  # the month's position on the x axis
    label: str  # on the chart: "Start Google Ads"
    text: str  # in full, for the legend and screen readers: "Start „Google Ads Dachsanierung“"
    kind: str = "start"  # start (dashed) | end (dotted)


@dataclass(frozen=True)
class _Placed:
    """A marker line as drawn: its month and x, the words on the chart, its row above the plot, its legend entry."""

    index: int
    x: float
    label: str
    row: int
    x0: float  # where its label starts and ends
    x1: float
    dash: str
    legend: str | None


def _label_width(text: str, size: float = MARKER_SIZE) -> float:
    return len(text) * size * 0.56


@dataclass(frozen=True)
class Line:
    """One series on a chart; ``None`` values are months without data and leave a gap, never a zero."""

    label: str
    values: Sequence[Number | None]
    color: str = "#1f5c99"
    width: float = 2.4
    dash: str | None = None  # SVG stroke-dasharray, e.g. "6 4"
    markers: bool = True


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high] (1-2-2.5-5 steps), so axes read like a person drew them."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if high == low:
        if low == 0:  # a KPI that stayed at zero: an axis from 0 up, never into negative counts
            return [0.0, 0.5, 1.0]
        pad = abs(high) * 0.1
        low, high = low - pad, high + pad
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _finite(value: Number | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def _attr(value: str) -> str:
    return quoteattr(value)


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: float = 10,
    fill: str = GREY_TEXT,
    weight: str = "normal",
    extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}" '
        f'font-weight="{weight}" {FONT}{extra}>{escape(text)}</text>'
    )


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Split a polyline at gaps, so a month without data is visibly missing."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


@dataclass(frozen=True)
class _Frame:
    """Where a chart's plot area lies and how months and values map onto it."""

    left: float
    top: float
    plot_w: float
    plot_h: float
    months: int
    y_min: float
    span: float

    def x_at(self, i: int) -> float:
        n = self.months
        return self.left + (self.plot_w * i / (n - 1) if n > 1 else self.plot_w / 2)

    def y_at(self, v: float) -> float:
        return self.top + self.plot_h - (v - self.y_min) / self.span * self.plot_h


def line_chart(
    months: Sequence[str],
    lines: Sequence[Line],
    *,
    fmt: Formatter,
    y_title: str,
    x_title: str,
    title: str,
    target: float | None = None,
    target_label: str | None = None,
    height: int = 190,
    width: int = WIDTH,
    end_labels: bool = False,
    zero_based: bool = True,
    markers: Sequence[Marker] = (),
    merged: Callable[[int], str] = lambda n: f"{n} measures",
) -> str:
    """A line chart over ``months`` (already formatted labels) with y ticks formatted by ``fmt``; ``markers``
    are measures on the time axis (``merged(n)`` labels a month where ``n`` of them meet)."""
    # The target's label sits right of the plot, so it never covers the latest value labelled above its point.
    label_room = int(len(target_label) * 5.4) + 12 if target_label and target is not None else 22
    left, right, top, bottom = 58, 120 if end_labels else label_room, 16, 36
    # A value that is not a finite number is a month without data, like None.
    lines = [replace(line, values=[_finite(v) for v in line.values]) for line in lines]
    markers = [m for m in markers if 0 <= m.index < len(months)]
    low, high = _value_range(lines, target, zero_based)
    if markers:  # room above the highest point for its value label, below the markers' labels
        high += (high - low) * 0.15
    ticks = nice_ticks(low, high)
    plot_h = height - top - bottom
    frame = _Frame(left, top, width - left - right, plot_h, max(len(months), 1), ticks[0],
                   (ticks[-1] - ticks[0]) or 1.0)
    placed = _place_markers(markers, frame, width, months, merged)
    legend = _legend(placed, width)
    band = (max(p.row for p in placed) + 1) * MARKER_ROW if placed else 0
    frame = replace(frame, top=top + band)
    height += band + len(legend) * LEGEND_ROW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={_attr(_described(title, markers, months))}>',
        f"<title>{escape(title)}</title>",
    ]
    parts += _axes(frame, ticks, months, fmt, x_title, y_title, height - len(legend) * LEGEND_ROW)
    parts += _draw_markers(placed, frame, top)
    parts += [_text(left, height - len(legend) * LEGEND_ROW + LEGEND_ROW * (i + 0.5), entry, size=MARKER_SIZE,
                    fill=MARKER_INK) for i, entry in enumerate(legend)]
    if target is not None:
        y = frame.y_at(target)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + frame.plot_w}" y2="{y:.1f}" stroke="#3b4149" '
            'stroke-width="1.2" stroke-dasharray="2 3"/>'
        )
        if target_label:
            parts.append(_text(left + frame.plot_w + 6, y + 3, target_label, size=9, fill="#3b4149"))
    label_lines = [_wrap(line.label) for line in lines]
    label_ys = _spread([_last_y(line, frame.y_at) for line in lines], gap=12 * max(map(len, label_lines)))
    for line, label_y, wrapped in zip(lines, label_ys, label_lines, strict=True):
        parts += _series(line, frame)
        parts += _end_label(line, frame, fmt, wrapped if end_labels else None, label_y)
    parts.append("</svg>")
    return "".join(parts)


def _described(title: str, markers: Sequence[Marker], months: Sequence[str]) -> str:
    """The chart's alternative text: its title, and each measure on the time axis with its month."""
    events = [f"{months[m.index]}: {m.text}" for m in sorted(markers, key=lambda m: m.index)]
    return f"{title} ({'; '.join(events)})" if events else title


def _shorten(label: str, chars: int = MARKER_CHARS) -> str:
    """A label cut at a word (with …) when it is longer than ``chars``."""
    if len(label) <= chars:
        return label
    cut = label[: chars - 1].rsplit(" ", 1)[0] if " " in label[: chars - 1] else label[: chars - 1]
    return cut.rstrip(" –-&,") + "…"


@dataclass(frozen=True)
class _Wanted:
    """One month's markers before placement: its line, its words, the labels it could have on either side."""

    index: int
    x: float
    words: str  # in full, with the month: "Apr: Start „Relaunch“"
    label: str  # the label it would like
    sides: tuple[tuple[str, bool], ...]  # (label as it fits, runs right) in order of preference
    dash: str
    merged: bool  # several measures in one month: the label says how many, the legend which


def _place_markers(markers: Sequence[Marker], frame: _Frame, width: int, months: Sequence[str],
                   merged: Callable[[int], str]) -> list[_Placed]:
    """Each month's markers as one line with a label above the plot, in the lowest row where it touches no other
    label and no line crosses it; shortened where the chart is too narrow, past ``MARKER_ROWS`` rows a number,
    its words in the legend below. Placed from the left and from the right; the layout that shortens least wins."""
    groups: dict[int, list[Marker]] = {}
    for marker in markers:
        groups.setdefault(marker.index, []).append(marker)
    wanted = []
    for index in sorted(groups):
        group, x = groups[index], frame.x_at(index)
        label = group[0].label if len(group) == 1 else merged(len(group))
        dash = MARKER_DASH.get(group[0].kind, MARKER_DASH["start"]) if len(group) == 1 else MARKER_DASH["start"]
        words = f"{months[index]}: {'; '.join(m.text for m in group)}"
        wanted.append(_Wanted(index, x, words, label, _sides(x, label, width, frame.left), dash, len(group) > 1))
    layouts = [_layout(wanted, width) for wanted in (wanted, wanted[::-1])]
    return min(layouts, key=lambda placed: (sum(p.label.startswith("(") for p in placed),
                                            sum(p.label.endswith("…") for p in placed),
                                            max((p.row for p in placed), default=0)))


def _sides(x: float, label: str, width: int, left_edge: float) -> tuple[tuple[str, bool], ...]:
    """The label right of the line and left of it, each shortened to the room there: a side it fits first
    (right before left), then the roomier one."""
    rooms = [(True, width - 2 - (x + 3)), (False, x - 3 - left_edge)]
    w = _label_width(label)
    order = [r for r in rooms if w <= r[1]] + sorted((r for r in rooms if w > r[1]), key=lambda r: -r[1])
    sides = []
    for rightward, room in order:
        chars = min(int(room / _label_width("x")), MARKER_CHARS)
        if chars >= 6:
            sides.append((_shorten(label, chars), rightward))
    return tuple(sides) or ((label, True),)


def _layout(wanted: Sequence[_Wanted], width: int) -> list[_Placed]:
    placed: list[_Placed] = []
    numbered = 0
    for want in wanted:
        spot = next(((label, right, row) for label, right in want.sides
                     if (row := _row(placed, want.x, *_span(want.x, label, right))) is not None), None)
        if spot is None:
            numbered += 1
            label = f"({numbered})"
            right = _rightward(want.x, label, width)
            row = _row(placed, want.x, *_span(want.x, label, right))
            spot = (label, right, MARKER_ROWS - 1 if row is None else row)
        label, right, row = spot
        legend = None
        if label.startswith("("):
            legend = f"{label} {want.words}"
        elif want.merged or label != want.label:  # several measures in one month, or a shortened label
            legend = want.words
        placed.append(_Placed(want.index, want.x, label, row, *_span(want.x, label, right), want.dash, legend))
    return sorted(placed, key=lambda p: p.index)


def _rightward(x: float, label: str, width: int) -> bool:
    return x + 3 + _label_width(label) <= width - 2


def _span(x: float, label: str, rightward: bool) -> tuple[float, float]:
    """Where a label at the line ``x`` starts and ends: right of the line, or left of it."""
    w = _label_width(label)
    return (x + 3, x + 3 + w) if rightward else (x - 3 - w, x - 3)


def _row(placed: Sequence[_Placed], x: float, x0: float, x1: float) -> int | None:
    """The lowest free row for a label spanning ``x0``–``x1`` whose line is at ``x`` (row 0 is the top row; a
    line runs from its label's row down to the axis): no label of the row overlaps it, no earlier line crosses
    it, its line crosses no earlier label. None when no row is left."""
    for row in range(MARKER_ROWS):
        clash = False
        for p in placed:
            if p.row == row and p.x0 - 6 < x1 and x0 < p.x1 + 6:
                clash = True  # side by side in one row
            elif x0 - 2 <= p.x <= x1 + 2 and row >= p.row:
                clash = True  # that line would cross this label
            elif p.x0 - 2 <= x <= p.x1 + 2 and row <= p.row:
                clash = True  # this line would cross that label
        if not clash:
            return row
    return None


def _legend(placed: Sequence[_Placed], width: int) -> list[str]:
    """The legend lines below the chart: the measures behind a merged, shortened or numbered label, by month."""
    chars = int((width - 60) / (MARKER_SIZE * 0.52))
    lines: list[str] = []
    for entry in (p.legend for p in sorted(placed, key=lambda p: p.index) if p.legend):
        lines += _wrap_words(entry, chars)
    return lines


def _draw_markers(placed: Sequence[_Placed], frame: _Frame, top: float) -> list[str]:
    """Each marker's line from its label's row down to the x axis, and its label."""
    parts = []
    bottom = frame.top + frame.plot_h
    for p in placed:
        x = p.x
        baseline = top + (p.row + 1) * MARKER_ROW - 3
        parts.append(
            f'<line x1="{x:.1f}" y1="{baseline - 8:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{MARKER_INK}" '
            f'stroke-width="1" stroke-dasharray="{p.dash}"/>'
        )
        parts.append(_text(p.x0, baseline, p.label, size=MARKER_SIZE, fill=MARKER_INK))
    return parts


def _value_range(lines: Sequence[Line], target: float | None, zero_based: bool) -> tuple[float, float]:
    values = [v for line in lines for v in line.values if v is not None]
    if target is not None:
        values.append(target)
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    if zero_based and low >= 0:
        low = 0.0
    return low, high


def _axes(frame: _Frame, ticks: Sequence[float], months: Sequence[str], fmt: Formatter, x_title: str,
          y_title: str, height: int) -> list[str]:
    """Grid lines with their values, the x axis with the month labels, and both axis titles."""
    left, top, plot_w, plot_h, n = frame.left, frame.top, frame.plot_w, frame.plot_h, frame.months
    parts = []
    for tick in ticks:
        y = frame.y_at(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GREY_GRID}" '
            'stroke-width="0.8"/>'
        )
        parts.append(_text(left - 8, y + 3.5, fmt(tick), anchor="end", size=9))
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{GREY_AXIS}" stroke-width="1"/>'
    )
    # Leave out every other month label when they would touch; the last month (the report month) always shows.
    every = max(1, math.ceil(34 / (plot_w / n)))
    for i, label in enumerate(months):
        if i % every == 0 or i == n - 1:
            parts.append(_text(frame.x_at(i), top + plot_h + 14, label, anchor="middle", size=9))
    parts.append(_text(left + plot_w / 2, height - 6, x_title, anchor="middle", size=9))
    parts.append(
        _text(
            14,
            top + plot_h / 2,
            y_title,
            anchor="middle",
            size=9,
            extra=f' transform="rotate(-90 14 {top + plot_h / 2:.1f})"',
        )
    )
    return parts


def _series(line: Line, frame: _Frame) -> list[str]:
    """One line: a polyline per run of months with data, with markers (a lone month is a dot)."""
    parts = []
    points = [None if v is None else (frame.x_at(i), frame.y_at(float(v))) for i, v in enumerate(line.values)]
    dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
    for run in _segments(points):
        if len(run) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{line.color}" '
                f'stroke-width="{line.width}" stroke-linejoin="round" stroke-linecap="round"{dash}/>'
            )
        if line.markers or len(run) == 1:
            for x, y in run:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{line.width + 0.6:.1f}" fill="{line.color}"/>')
    return parts


def _end_label(line: Line, frame: _Frame, fmt: Formatter, wrapped: list[str] | None,
               label_y: float | None) -> list[str]:
    """The series' name right of its last point (``wrapped``, spread apart at ``label_y``), else its last value."""
    last = next(((i, v) for i, v in reversed(list(enumerate(line.values))) if v is not None), None)
    if last is None:
        return []
    x, y = frame.x_at(last[0]), frame.y_at(float(last[1]))
    if wrapped is None:
        return [_text(x + 3, y - 8, fmt(float(last[1])), anchor="end", size=10, fill=line.color, weight="600")]
    return [
        _text(x + 8, (label_y or y) + 3.5 + 12 * row, text, size=10, fill=line.color, weight="600")
        for row, text in enumerate(wrapped)
    ]


def _last_y(line: Line, y_at: Callable[[float], float]) -> float | None:
    last = next((v for v in reversed(line.values) if v is not None), None)
    return None if last is None else y_at(float(last))


def _wrap(label: str, width: int = 19, rows: int = 2) -> list[str]:
    """An end label in at most ``rows`` lines of about ``width`` characters, shortened with … beyond that.

    A source in brackets is dropped first when the label is too long: "Impressionen (Google Search Console)"
    reads better as "Impressionen" than as "Impressionen / (Google Search…" (the text beside the chart has
    the full name)."""
    short = re.sub(r"\s*\([^()]*\)", "", label).strip()
    if short and short != label and len(_wrap_words(label, width)) > rows:
        label = short
    lines = _wrap_words(label, width)
    if len(lines) > rows:
        lines = lines[:rows]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines] or [""]


def _wrap_words(label: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _spread(ys: Sequence[float | None], gap: float) -> list[float | None]:
    """Move end labels apart vertically so two lines ending close together keep readable names."""
    order = sorted((y, i) for i, y in enumerate(ys) if y is not None)
    out: list[float | None] = list(ys)
    previous: float | None = None
    for y, i in order:
        if previous is not None and y - previous < gap:
            y = previous + gap
        out[i] = y
        previous = y
    return out


def indexed(values: Sequence[Number | None]) -> list[float | None]:
    """The series divided by its first measured value, times 100; ``None`` stays ``None``."""
    base = next((v for v in map(_finite, values) if v is not None and v != 0), None)
    if base is None:
        return [None for _ in values]
    return [None if v is None else float(v) / float(base) * 100.0 for v in values]


def trend_chart(
    months: Sequence[str],
    values: Sequence[Number | None],
    *,
    fmt: Formatter,
    color: str,
    y_title: str,
    x_title: str,
    title: str,
    target: float | None = None,
    target_label: str | None = None,
    markers: Sequence[Marker] = (),
    merged: Callable[[int], str] = lambda n: f"{n} measures",
    width: int = TREND_WIDTH,
    height: int = 150,
) -> str:
    """One KPI's monthly series (13 months), its target as a dotted line, the latest value labelled, the
    measures it belongs to on the time axis."""
    return line_chart(
        months,
        [Line(title, values, color=color)],
        fmt=fmt,
        y_title=y_title,
        x_title=x_title,
        title=title,
        target=target,
        target_label=target_label,
        height=height,
        width=width,
        markers=markers,
        merged=merged,
    )


def reach_effect_chart(
    months: Sequence[str],
    reach: Line,
    effect: Line,
    *,
    fmt: Formatter,
    y_title: str,
    x_title: str,
    title: str,
    markers: Sequence[Marker] = (),
    merged: Callable[[int], str] = lambda n: f"{n} measures",
) -> str:
    """Reach (thin, dashed, grey) against effect (thick, solid, brand colour), both indexed to 100."""
    reach_line = Line(
        reach.label, indexed(reach.values), color=GREY_REACH, width=1.6, dash="6 4", markers=False
    )
    effect_line = Line(effect.label, indexed(effect.values), color=effect.color, width=3.0, markers=False)
    return line_chart(
        months,
        [reach_line, effect_line],
        fmt=fmt,
        y_title=y_title,
        x_title=x_title,
        title=title,
        height=210,
        end_labels=True,
        zero_based=False,
        markers=markers,
        merged=merged,
    )
