"""Assembling the report: everything a template may show, already formatted for the report's language.

``ReportContext`` is the one object the templates receive (as ``r``). Numbers, percentages, currency and
months are formatted here through :mod:`reporter.formatting` (``1.234``, ``12,5 %``, ``Oktober 2026``), the
same way as in the findings' texts, so the templates stay dumb and an agency's override template cannot get a
number wrong. Charts arrive as finished SVG markup from
:mod:`reporter.charts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import charts
from .config import Config
from .costs import SpendView, spend_view
from .findings import SECTIONS, Analysis, Finding, KpiTrend, MeasureLink, rule, series_months
from .formatting import LOCALES, Fmt, direction
from .i18n import N_, _
from .impact import QUESTION_LABEL, QUESTION_TEXT
from .model import KpiClass, Measure, Question, RenderError
from .resources import fill, merge_tables, read_theme_toml, theme_files
from .review import YearReview, period_texts, shown, year_review
from .timeline import measure_markers, merged_label
from .vocabulary import ROLES, label

# ---- colours -----------------------------------------------------------------------------------

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def valid_color(value: str | None, default: str) -> str:
    """A ``#rrggbb`` colour, or the default when missing or malformed (never raw text into CSS)."""
    if value and _HEX.fullmatch(value.strip()):
        return value.strip().lower()
    return default


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG)."""
    # Pure black, not a soft grey: one of black and white always reaches WCAG AA (4.5:1) on any colour.
    return "#ffffff" if contrast(background, "#ffffff") >= contrast(background, "#000000") else "#000000"


def mix(color: str, other: str, share: float) -> str:
    """``share`` of ``color`` blended into ``other`` (for light tints of a brand colour)."""
    a = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True))


def readable_ink(color: str, background: str = "#ffffff") -> str:
    """The brand colour for text and lines on white, darkened until it reaches WCAG AA (4.5:1)."""
    ink = color
    for _step in range(20):
        if contrast(ink, background) >= 4.5:
            return ink
        ink = mix(ink, "#000000", 0.85)
    return ink


@dataclass(frozen=True)
class Colors:
    primary: str  # cover band, headings, effect line
    on_primary: str  # text on the primary colour (black or white by contrast)
    accent: str
    on_accent: str
    ink: str  # primary colour darkened to AA on white, for headings and lines
    tint: str  # a very light primary, for boxes
    agency: str = "#1f5c99"  # the agency's primary colour, darkened to AA on white (its name on the cover)

    @classmethod
    def from_brand(cls, primary: str, accent: str, agency: str | None = None) -> Colors:
        return cls(
            primary=primary,
            on_primary=text_on(primary),
            accent=accent,
            on_accent=text_on(accent),
            ink=readable_ink(primary),
            tint=mix(primary, "#ffffff", 0.07),
            agency=readable_ink(agency or primary),
        )


# ---- the context the templates receive ---------------------------------------------------------


@dataclass(frozen=True)
class KpiView:
    """One KPI, formatted. ``tone``: good/bad/neutral for the client (direction-aware); ``trend``: arrow."""

    name: str
    kpi_class: str  # effect | vanity | unclassified
    class_label: str
    questions: str  # labels of the questions it answers, joined
    value: str
    previous: str
    last_year: str
    change: str
    trend: str  # up | down | flat | none
    tone: str  # good | bad | neutral
    target: str
    target_status: str  # reached | close | missed | not_measured | none
    target_label: str
    reason: str
    chart: Markup = Markup("")
    primary: bool = False
    note: str = ""


@dataclass(frozen=True)
class FindingView:
    id: str
    severity: str  # info | attention | critical
    severity_label: str
    title: str
    text: str


@dataclass(frozen=True)
class QuestionView:
    key: str
    label: str  # Verständnis
    text: str  # the question, verbatim
    status: str  # reached | close | missed | improving | declining | stable | measured | not_measured
    status_label: str
    kpis: tuple[KpiView, ...]
    notes: tuple[FindingView, ...] = ()
    card_kpis: tuple[KpiView, ...] = ()  # the few shown on the scorecard (primary first)
    more: str = ""  # "und 3 weitere" when the scorecard shows fewer than all


@dataclass(frozen=True)
class MeasureView:
    name: str
    status: str
    period: str
    landing_page: str
    kpis: str  # the linked effect KPIs
    isolated: bool
    note: str = ""
    other_kpis: str = ""  # further linked KPIs (reach, or effect KPIs without data), shown quieter
    off_role: bool = False  # works on another job than the client's role (measures_off_role)


@dataclass(frozen=True)
class DisciplineView:
    label: str
    measures: tuple[MeasureView, ...]


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template may show, already formatted. Documented in docs/templates.md."""

    lang: str
    t: Mapping[str, Any]  # the fixed texts of texts.toml for the language
    title: str  # PDF title: "<Kunde> – Marketing-Wirkungsbericht <Monat>"
    author: str  # the agency
    client_name: str
    month: str  # "2026-10"
    month_label: str  # "Oktober 2026"
    cover_question: str
    prepared_by: str
    role_label: str
    summary: str
    colors: Colors
    agency_name: str
    agency_footer: str
    agency_contact: str
    font_family: str
    scorecard: tuple[QuestionView, ...]
    effect_count: str
    vanity_count: str
    unclassified_count: str
    headline: FindingView | None
    vanity: tuple[KpiView, ...]
    reach_chart: Markup
    reach_findings: tuple[FindingView, ...]
    misconceptions: tuple[FindingView, ...]
    interplay: tuple[DisciplineView, ...]
    interplay_findings: tuple[FindingView, ...]
    next_steps: tuple[str, ...]
    comment: str
    signature: str  # under the comment: the agency
    kpis: tuple[KpiView, ...]
    unclassified: tuple[str, ...]
    client_logo: Path | None = None
    client_initials: str = ""
    agency_logo: Path | None = None
    font_file: Path | None = None
    other_findings: tuple[FindingView, ...] = field(default=())
    reach_headline: str = ""  # the sentence that says what the reach chart shows
    period: str = "month"  # month | quarter | year: what the report covers (``month`` is then its key)
    year_review: YearReview | None = None  # the year report's "what worked / did not / we change" page
    spend: SpendView = field(default_factory=SpendView)  # "Was kostet eine Wirkung?"
    spend_findings: tuple[FindingView, ...] = field(default=())


# ---- texts -------------------------------------------------------------------------------------


def load_texts(lang: str, override: Path | None = None) -> dict[str, Any]:
    """The fixed report texts for ``lang``; an agency's ``texts.toml`` in its template folder wins per key."""
    texts: dict[str, Any] = {}
    for path in theme_files("texts.toml", override):
        merge_tables(texts, read_theme_toml(path, N_("the report texts")).get(lang, {}))
    if not texts:
        raise RenderError(_("no report texts for language {lang}").format(lang=repr(lang)))
    return texts


def initials(name: str) -> str:
    """Two letters for a logo placeholder: ``Dachdeckerei Krämer GmbH`` → ``DK``."""
    legal = {
        "gmbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "e.k.",
        "ek",
        "gbr",
        "mbh",
        "co.",
        "co",
        "&",
        "und",
        "ltd",
        "inc",
        # academic and professional titles say nothing about the business: "Zahnarztpraxis Dr. Weber" → ZW
        "dr",
        "prof",
        "dipl",
        "ing",
        "med",
        "dent",
    }
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower().strip(".,()") not in legal]
    letters = [w[0] for w in words if w[0].isalnum()]
    return "".join(letters[:2]).upper() or "?"


# "1,8 %" in the account manager's comment: a plain space before % or € becomes a non-breaking one, so the
# number never ends one line and its unit starts the next (the report's own numbers already carry one).
_UNIT_SPACE = re.compile(r"(?<=\d) (?=%|€|Pkt\.)")


def keep_units(text: str) -> str:
    return _UNIT_SPACE.sub("\u00a0", text)


# ---- from the analysis to the context ----------------------------------------------------------

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
DEFAULT_FONT = "Reporter Inter"  # the family name report.css gives the packaged Inter files
SCORECARD_KPIS = 4  # per question on "Auf einen Blick"; the question's own section shows all


def agency_font(config: Config) -> tuple[str, Path | None]:
    """(family, file): a configured font file is embedded as "Agency Font"; a name is used as given."""
    font = (config.agency.font or "").strip()
    if not font:
        return DEFAULT_FONT, None
    if font.lower().endswith(FONT_SUFFIXES):
        return "Agency Font", config.resolve(font)
    return font, None


def agency_assets(config: Config) -> tuple[Path, ...]:
    """The agency's configured files the renderer may read: its logo and its font file."""
    logo = config.resolve(config.agency.logo)
    return tuple(p for p in (logo, agency_font(config)[1]) if p is not None)


def display_url(url: str | None) -> str:
    """A landing page as a reader sees it: without ``https://`` and a trailing slash."""
    if not url:
        return ""
    return re.sub(r"^https?://", "", url.strip()).rstrip("/")


def _finding_view(finding: Finding, t: Mapping[str, Any], lang: str) -> FindingView:
    return FindingView(
        id=finding.id,
        severity=finding.severity,
        severity_label=t["severity"].get(finding.severity, finding.severity),
        title=finding.title(lang),
        text=finding.text(lang),
    )


class _Builder:
    """Turns one :class:`Analysis` into a :class:`ReportContext`; one instance per report."""

    def __init__(self, analysis: Analysis, config: Config, texts: Mapping[str, Any]) -> None:
        self.a = analysis
        self.config = config
        self.lang = analysis.language if analysis.language in LOCALES else "de"
        self.t = texts
        self.f = Fmt(self.lang)
        brand = analysis.client.brand
        self.colors = Colors.from_brand(
            valid_color(brand.primary, valid_color(config.agency.primary, "#1f5c99")),
            valid_color(brand.accent, valid_color(config.agency.accent, "#f2a900")),
            valid_color(config.agency.primary, "#1f5c99"),
        )
        self.question_labels = {q: QUESTION_LABEL[q][self.lang] for q in Question}

    # -- KPIs --

    def value(self, trend: KpiTrend, value: float | None) -> str:
        return self.f.value(value, trend.kpi.unit, self.t["not_measured"])

    def markers(self, measures: Iterable[Measure]) -> dict[str, Any]:
        """The chart arguments that put ``measures`` on the time axis: 13 months, 5 quarters or 3 years."""
        months = series_months(self.a.month)
        return {"markers": measure_markers(measures, months, self.t, self.f), "merged": merged_label(self.t)}

    def chart(self, trend: KpiTrend) -> Markup:
        unit = trend.kpi.unit or "count"
        target = trend.target
        own = (link.measure for link in self.a.measures if trend.name in link.kpis)
        return Markup(
            charts.trend_chart(
                [self.f.month_short(m) for m, _ in trend.series],
                [v for _, v in trend.series],
                fmt=self.f.axis(trend.kpi.unit),
                color=self.colors.ink,
                y_title=self.t.get(f"unit_{unit}", self.t["unit_count"]),
                x_title=self.t["month_axis"],
                title=trend.name,
                target=target,
                target_label=fill(self.t["target_line"], value=self.value(trend, target))
                if target is not None
                else None,
                **self.markers(own),
            )
        )

    def kpi(self, trend: KpiTrend, *, with_chart: bool = False) -> KpiView:
        # The arrow follows the number shown beside it (points for percentages, else percent, or the raw
        # difference when the previous month was zero), so "▲ ±0,0 Pkt." cannot happen.
        change = self.f.change(trend.value, trend.previous, trend.kpi.unit)
        arrow = direction(change)
        tone = "neutral"
        if arrow in ("up", "down") and trend.improvement is not None:
            tone = "good" if trend.improvement else "bad"
        status = trend.target_status if trend.target_status in self.t["status"] else "none"
        cls = trend.kpi_class.value
        note = trend.anomaly_reason(self.lang) or "" if trend.anomaly else ""
        return KpiView(
            name=trend.name,
            kpi_class=cls,
            class_label=self.t["classes"][cls],
            questions=", ".join(self.question_labels[q] for q in trend.questions),
            value=shown(self.f, self.a.data.period, trend)(trend.value, self.t["not_measured"]),
            previous=shown(self.f, self.a.data.period, trend)(trend.previous, self.t["not_measured"]),
            last_year=shown(self.f, self.a.data.period, trend)(trend.last_year, self.t["not_measured"]),
            change=change,
            trend=arrow,
            tone=tone,
            target=self.value(trend, trend.target) if trend.target is not None else "",
            target_status=status,
            target_label=self.t["status"][status],
            reason=trend.classification.reason(self.lang),
            chart=self.chart(trend) if with_chart else Markup(""),
            primary=trend.primary,
            note=note,
        )

    # -- sections --

    def scorecard(self) -> tuple[QuestionView, ...]:
        by_name = {t.name: t for t in self.a.trends}
        views = []
        for status in self.a.question_status:
            q = status.question
            notes = tuple(
                _finding_view(f, self.t, self.lang)
                for f in self.a.findings
                if rule(f.id).section == "questions" and f.question == q
            )
            key = status.status if status.status in self.t["status"] else "measured"
            kpis = tuple(self.kpi(by_name[n], with_chart=True) for n in status.kpis if n in by_name)
            hidden = len(kpis) - SCORECARD_KPIS
            views.append(
                QuestionView(
                    key=q.value,
                    label=QUESTION_LABEL[q][self.lang],
                    text=QUESTION_TEXT[q][self.lang],
                    status=key,
                    status_label=self.t["status"][key],
                    kpis=kpis,
                    notes=notes,
                    card_kpis=kpis[:SCORECARD_KPIS],
                    more=self.count(hidden, "more_kpis") if hidden > 0 else "",
                )
            )
        return tuple(views)

    def reach_chart(self) -> Markup:
        finding = next((f for f in self.a.findings if f.id == "traffic_without_inquiries"), None)
        if finding is None:
            return Markup("")
        named = [t for t in self.a.trends if t.name in finding.kpis]
        reach = max(  # the reach number that rose most: the one the finding's sentence names first
            (t for t in named if t.is_vanity), key=lambda t: t.trend_3m_pct or 0.0, default=None
        )
        effect = next((t for t in named if t.is_effect and t.primary), None) or next(
            (t for t in named if t.is_effect), None
        )
        if reach is None or effect is None:
            return Markup("")
        months = [m for m, _ in reach.series]
        first = next((m for m, v in reach.series if v is not None), months[0])
        return Markup(
            charts.reach_effect_chart(
                [self.f.month_short(m) for m in months],
                charts.Line(reach.name, [v for _, v in reach.series]),
                charts.Line(effect.name, [dict(effect.series).get(m) for m in months], color=self.colors.ink),
                fmt=lambda v: self.f.number(v, 0),
                y_title=fill(
                    self.t["index_axis"],
                    month=self.f.month(first) if self.a.data.period
                    else f"{self.f.month_short(first).split()[0]} {first[:4]}",
                ),
                x_title=self.t["month_axis"],
                title=self.t["reach_chart_title"],
                # reach against effect is about the whole marketing: every measure's start and end
                **self.markers(link.measure for link in self.a.measures),
            )
        )

    def measure(self, link: MeasureLink) -> MeasureView:
        m = link.measure
        start = self.f.date(m.start) if m.start else ""
        end = self.f.date(m.end) if m.end else ""
        if start and end:
            period = start if start == end else f"{start} – {end}"
        elif start:
            # "seit Dezember 2026" would be wrong for a measure that has not started yet: "ab Dezember 2026"
            later = f"{m.start.year:04d}-{m.start.month:02d}" > self.a.month if m.start else False
            key = "from_date" if (m.status == "planned" or later) and "from_date" in self.t else "since"
            period = fill(self.t[key], date=start)
        elif end:
            period = fill(self.t["until"], date=end)
        else:
            period = ""
        status = self.t["measure_status"].get(m.status or "", "") if m.status else ""
        return MeasureView(
            name=m.name,
            status=status,
            period=period,
            landing_page=display_url(m.landing_page),
            kpis=", ".join(link.effect_kpis),
            isolated=link.isolated,
            off_role=any(f.id == "measures_off_role" and m.name in f.measures for f in self.a.findings),
            note=m.note or "",
            other_kpis=", ".join(k for k in link.kpis if k not in link.effect_kpis),
        )

    def interplay(self) -> tuple[DisciplineView, ...]:
        groups: dict[str, list[MeasureView]] = {}
        for link in self.a.measures:
            groups.setdefault(link.measure.discipline or "other", []).append(self.measure(link))
        order = list(self.t["disciplines"])
        keys = sorted(groups, key=lambda d: order.index(d) if d in order else len(order))
        return tuple(DisciplineView(self.t["disciplines"].get(d, d), tuple(groups[d])) for d in keys)

    def count(self, n: int, key: str) -> str:
        if n == 0 and key == "unclassified_count":
            return ""
        return self.t[f"{key}_one"] if n == 1 and f"{key}_one" in self.t else fill(self.t[key], n=n)

    def build(self) -> ReportContext:
        a, t, f, lang = self.a, self.t, self.f, self.lang
        client = a.client
        findings = [_finding_view(x, t, lang) for x in a.findings]
        by_id = list(zip(a.findings, findings, strict=True))
        # Each finding's rule says where it is shown, so every finding of the analysis appears somewhere.
        section = {s: tuple(v for x, v in by_id if rule(x.id).section == s) for s in SECTIONS}
        headline = next((v for x, v in by_id if x.misconception), None) or next(
            (v for x, v in by_id if x.severity in ("critical", "attention")), None
        )
        counts = a.counts()
        family, font_file = agency_font(self.config)
        month_label = f.month(a.month)
        agency = self.config.agency
        contact = " · ".join(
            x for x in (re.sub(r"^https?://", "", agency.website).rstrip("/"), agency.email) if x
        )
        return ReportContext(
            lang=lang,
            t=t,
            title=f"{client.name} – {t['report_title']} {month_label}",
            author=agency.name,
            client_name=client.name,
            month=a.month,
            month_label=month_label,
            cover_question=fill(t["cover_question"], month=f.month_name(a.month)),
            prepared_by=fill(t["prepared_by"], agency=agency.name) if agency.name else "",
            role_label=label(ROLES, client.role, lang),
            summary=a.summary(lang),
            colors=self.colors,
            agency_name=agency.name,
            agency_footer=agency.footer,
            agency_contact=contact,
            font_family=family,
            scorecard=self.scorecard(),
            effect_count=self.count(counts.get("effect", 0), "effect_count"),
            vanity_count=self.count(counts.get("vanity", 0), "vanity_count"),
            unclassified_count=self.count(counts.get("unclassified", 0), "unclassified_count"),
            headline=headline,
            vanity=tuple(self.kpi(x) for x in a.trends if x.is_vanity),
            reach_chart=self.reach_chart(),
            reach_headline=next(
                (x.headline(lang) for x in a.findings if x.id == "traffic_without_inquiries"), ""
            ),
            reach_findings=section["reach"],
            misconceptions=section["misconceptions"],
            interplay=self.interplay(),
            interplay_findings=section["interplay"],
            other_findings=section["other"],
            spend=spend_view(a, t, f, self.colors.ink, self.markers),
            spend_findings=section["spend"],
            next_steps=tuple(s.text(lang) for s in a.next_steps[:3]),
            comment=keep_units(client.comment or ""),
            signature=agency.name if client.comment else "",
            kpis=tuple(self.kpi(x) for x in a.trends),
            unclassified=tuple(x.name for x in a.trends if x.kpi_class == KpiClass.UNCLASSIFIED),
            client_logo=client.brand.logo,
            client_initials=initials(client.name),
            agency_logo=self.config.resolve(agency.logo),
            font_file=font_file,
            period=a.data.period.kind if a.data.period else "month",
            year_review=year_review(a, t, f),
        )


def build_context(analysis: Analysis, config: Config, override: Path | None = None) -> ReportContext:
    """Everything the report of ``analysis`` shows, formatted for the client's language."""
    lang = analysis.language if analysis.language in LOCALES else "de"
    texts = period_texts(load_texts(lang, override), lang, analysis.data.period, override)
    return _Builder(analysis, config, texts).build()
