"""SVG charts for the report, written as plain strings: a KPI's 13-month trend and reach-vs-effect indexed to
100.

Charts are vector, readable in greyscale (lines differ in weight and dash, not only in colour) and carry
labelled axes in the report's language. They know nothing of KPIs or findings: callers pass the series, the
month labels, a number formatter and the axis texts. Every text placed in an SVG is XML-escaped here.
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
# a full-width chart is 640 px ≈ 170 mm, a trend chart beside a KPI's facts 430 px ≈ 114 mm.
WIDTH = 640
TREND_WIDTH = 430
GREY_AXIS = "#8a9099"
GREY_GRID = "#e3e6ea"
GREY_TEXT = "#5b626b"
GREY_REACH = "#7d848d"
# The theme's embedded face first (see templates/report.css), so charts match the text around them.
FONT = "font-family=\"'Reporter Inter', Inter, sans-serif\""


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
) -> str:
    """A line chart over ``months`` (already formatted labels) with y ticks formatted by ``fmt``."""
    # The target's label sits right of the plot, so it never covers the latest value labelled above its point.
    label_room = int(len(target_label) * 5.4) + 12 if target_label and target is not None else 22
    left, right, top, bottom = 58, 120 if end_labels else label_room, 16, 36
    # A value that is not a finite number is a month without data, like None.
    lines = [replace(line, values=[_finite(v) for v in line.values]) for line in lines]
    ticks = nice_ticks(*_value_range(lines, target, zero_based))
    frame = _Frame(left, top, width - left - right, height - top - bottom, max(len(months), 1),
                   ticks[0], (ticks[-1] - ticks[0]) or 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={_attr(title)}>',
        f"<title>{escape(title)}</title>",
    ]
    parts += _axes(frame, ticks, months, fmt, x_title, y_title, height)
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
) -> str:
    """One KPI's monthly series (13 months), its target as a dotted line, the latest value labelled."""
    return line_chart(
        months,
        [Line(title, values, color=color)],
        fmt=fmt,
        y_title=y_title,
        x_title=x_title,
        title=title,
        target=target,
        target_label=target_label,
        height=150,
        width=TREND_WIDTH,
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
    )
