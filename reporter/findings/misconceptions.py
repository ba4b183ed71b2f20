"""The article's four misconceptions, each a finding whose title is the misconception itself, quoted:

- ``traffic_without_inquiries`` — „Mehr Traffic bedeutet automatisch mehr Anfragen“
- ``social_replaces_sales`` — „Social Media ersetzt Vertrieb“
- ``seo_short_term`` — „SEO wirkt kurzfristig“
- ``website_sells_itself`` — „Eine schöne Website überzeugt von selbst“

docs/findings.md says when each is raised; the texts are in ``templates/findings.toml``.
"""

from __future__ import annotations

from ..formatting import Fmt
from ..model import Question, month_add, month_range, months_between, period_end, period_kind, period_of, period_start
from .measures import MeasureLink, end_of, month_of, start_of
from .registry import Context, Finding, Texts, register
from .trends import KpiTrend, evidence, finite, gain, mean, pct_change

# Topics (see impact.Classification.topic) that count as traffic for the first misconception. Social reach is
# left to social_replaces_sales so the same numbers do not make two findings.
TRAFFIC_TOPICS = frozenset({"traffic", "reach"})
SOCIAL_GROWTH_TOPICS = frozenset({"reach", "social_audience", "social_engagement", "clicks"})
# How long after its end a website measure is still judged, and how many months before/after are compared.
_WEBSITE_WINDOW_MONTHS = 12
_WEBSITE_COMPARE_MONTHS = 3


def young_seo(ctx: Context) -> list[tuple[MeasureLink, int]]:
    """Active SEO measures younger than ``seo_months``, with their age in months."""
    young = []
    for link in ctx.active_links("seo"):
        if link.measure.start is None:
            continue
        age = months_between(month_of(link.measure.start), ctx.month)
        if 0 <= age < ctx.th.seo_months:
            young.append((link, age))
    return young


# ---- „Mehr Traffic bedeutet automatisch mehr Anfragen“ -------------------------------------------------------


def _clarify_the_path(finding: Finding, ctx: Context, lang: str) -> str:
    return ctx.words(lang, finding.id)("step", pages=ctx.role_word(lang, "pages"))


@register(
    id="traffic_without_inquiries", order=10, section="misconceptions", misconception=True,
    overview="misconception", next_step=_clarify_the_path,
    wording={
        "title": (), "text": ("rise", "flat", "outcome"), "text_fell": ("rise", "flat", "outcome"),
        "headline": ("rise", "flat", "outcome"), "step": ("pages",),
    },
)
def traffic_without_inquiries(ctx: Context) -> Finding | None:
    """Traffic or reach rose clearly (3-month trend) while the primary next-step KPIs did not."""
    # A young SEO measure's visibility is an early indicator, not yet a promise of inquiries (seo_short_term).
    early = {t.name for link, _ in young_seo(ctx) for t in ctx.kpis_of(link)}
    rising = [
        t
        for t in ctx.trends
        if t.is_vanity
        and t.topic in TRAFFIC_TOPICS
        and not t.is_social
        and t.name not in early
        and t.trend_3m_pct is not None
        and t.trend_3m_pct >= ctx.th.traffic_rise_pct
    ]
    if not rising:
        return None
    steps = [t for t in ctx.primary_next_step() if t.trend_gain is not None]
    if not steps or any((t.trend_gain or 0.0) > ctx.th.inquiries_flat_pct for t in steps):
        return None
    fell = all((t.trend_gain or 0.0) < -ctx.th.inquiries_flat_pct for t in steps)
    # The summary sentence names the strongest evidence only; the finding's text has all of it.
    strongest = sorted(rising, key=lambda t: -(t.trend_3m_pct or 0.0))[:2]

    def say(lang: str) -> Texts:
        words, outcome = ctx.words(lang, "traffic_without_inquiries"), ctx.role_word(lang, "outcome")
        return Texts(
            title=words("title"),
            text=words("text_fell" if fell else "text", rise=evidence(rising, lang), flat=evidence(steps, lang),
                       outcome=outcome),
            headline=words("headline", rise=evidence(strongest, lang), flat=evidence(steps[:2], lang),
                           outcome=outcome),
        )

    return Finding.create("traffic_without_inquiries", "critical" if fell else "attention", say,
                          kpis=[t.name for t in [*rising, *steps]])


# ---- „Social Media ersetzt Vertrieb“ ------------------------------------------------------------------------


def _connect_social(finding: Finding, ctx: Context, lang: str) -> str:
    return ctx.words(lang, finding.id)("step", measures=Fmt(lang).names(finding.measures),
                                       outcome=ctx.role_word(lang, "outcome"))


def _social_cases(ctx: Context) -> list[tuple[MeasureLink, list[KpiTrend], list[KpiTrend]]]:
    """Active social measures whose reach grows, with no measurable next step: (measure, growing, steps)."""
    cases = []
    for link in ctx.active_links("social"):
        linked = ctx.kpis_of(link)
        growing = [
            t
            for t in linked
            if t.is_vanity
            and (t.topic in SOCIAL_GROWTH_TOPICS or t.is_social)
            and t.trend_3m_pct is not None
            and t.trend_3m_pct >= ctx.th.social_growth_pct
        ]
        if not growing:
            continue
        steps = [t for t in linked if t.is_effect and Question.NEXT_STEP in t.questions and t.measured]
        steps_flat = all(t.trend_gain is None or t.trend_gain <= ctx.th.flat_pct for t in steps)
        if steps_flat or link.missing_landing_page:
            cases.append((link, growing, steps))
    return cases


def _why_social(link: MeasureLink, steps: list[KpiTrend], flat_pct: float) -> str:
    """The ``why_*`` key: what is missing between this measure's reach and a next step."""
    flat = bool(steps) and all(t.trend_gain is None or t.trend_gain <= flat_pct for t in steps)
    if not steps:
        return "why_nothing" if link.missing_landing_page else "why_unlinked"
    if flat:
        return "why_flat_no_page" if link.missing_landing_page else "why_flat"
    return "why_no_page"


@register(
    id="social_replaces_sales", order=20, section="misconceptions", misconception=True,
    overview="misconception", next_step=_connect_social, claims_measures=True,
    wording={
        "title": (), "case": ("measure", "growing", "why"), "why_nothing": (), "why_unlinked": (),
        "why_flat": ("steps",), "why_flat_no_page": ("steps",), "why_no_page": (), "text": ("cases",),
        "headline": ("measures",), "step": ("measures", "outcome"),
    },
)
def social_replaces_sales(ctx: Context) -> Finding | None:
    """Active social measures whose reach grows (3-month trend) and that lead to no measurable next step."""
    cases = _social_cases(ctx)
    if not cases:
        return None
    names = [link.name for link, _, _ in cases]

    def say(lang: str) -> Texts:
        words, fmt = ctx.words(lang, "social_replaces_sales"), Fmt(lang)
        parts = []
        for link, growing, steps in cases:
            key = _why_social(link, steps, ctx.th.flat_pct)
            why = words(key, steps=evidence(steps, lang)) if key.startswith("why_flat") else words(key)
            parts.append(words("case", measure=fmt.quote(link.name), growing=evidence(growing, lang), why=why))
        return Texts(
            title=words("title"),
            text=words("text", cases=" ".join(parts)),
            headline=words("headline", count=len(names), measures=fmt.names(names)),
        )

    kpis = [t.name for _, growing, steps in cases for t in [*growing, *steps]]
    return Finding.create("social_replaces_sales", "attention", say, kpis=dict.fromkeys(kpis), measures=names)


# ---- „SEO wirkt kurzfristig“ --------------------------------------------------------------------------------


def _judge_month(ctx: Context, measures: tuple[str, ...]) -> str:
    """From when the SEO measures can be judged by the client's next step."""
    starts = [link.measure.start for link in ctx.links if link.name in measures and link.measure.start]
    return month_add(month_of(min(starts)), ctx.th.seo_months) if starts else ctx.month


def _give_seo_time(finding: Finding, ctx: Context, lang: str) -> str:
    fmt = Fmt(lang)
    return ctx.words(lang, finding.id)("step", measures=fmt.names(finding.measures),
                                       judge=fmt.month(_judge_month(ctx, finding.measures)),
                                       outcome=ctx.role_word(lang, "outcome"))


def _seo_case(ctx: Context, link: MeasureLink, age: int, watch: list[KpiTrend], lang: str) -> str:
    words, fmt = ctx.words(lang, "seo_short_term"), Fmt(lang)
    start = start_of(link.measure)
    since = words("since_start") if age == 0 else words(
        "since", months=words("months", count=age, n=fmt.number(age)), start=fmt.month(start))
    case = words("case", measure=fmt.quote(link.name), since=since, outcome=ctx.role_word(lang, "outcome"),
                 judge=fmt.month(month_add(start, ctx.th.seo_months)))
    measured = [t for t in watch if t.trend_3m_pct is not None]
    signals = words("signals", evidence=evidence(measured, lang)) if measured else words("signals_general")
    return f"{case} {signals}"


@register(
    id="seo_short_term", order=30, section="misconceptions", misconception=True, overview="misconception",
    next_step=_give_seo_time,
    wording={
        "title": (), "case": ("measure", "since", "outcome", "judge"), "since_start": (),
        "since": ("months", "start"), "months": ("n",), "signals": ("evidence",), "signals_general": (),
        "text": ("cases", "seo_months", "outcome"), "headline": ("measures",),
        "step": ("measures", "judge", "outcome"),
    },
)
def seo_short_term(ctx: Context) -> Finding | None:
    """Active SEO measures younger than ``seo_months``: too early to judge them by the next step."""
    young = young_seo(ctx)
    if not young:
        return None
    # Early indicators: visibility and how visitors engage, not yet the next step itself.
    watch = {link.name: [t for t in ctx.kpis_of(link) if t.measured and Question.NEXT_STEP not in t.questions]
             for link, _ in young}
    names = [link.name for link, _ in young]

    def say(lang: str) -> Texts:
        words, fmt = ctx.words(lang, "seo_short_term"), Fmt(lang)
        cases = " ".join(_seo_case(ctx, link, age, watch[link.name], lang) for link, age in young)
        return Texts(
            title=words("title"),
            text=words("text", cases=cases, seo_months=fmt.number(ctx.th.seo_months),
                       outcome=ctx.role_word(lang, "outcome")),
            headline=words("headline", measures=fmt.names(names)),
        )

    kpis = [t.name for link, _ in young for t in watch[link.name]]
    return Finding.create("seo_short_term", "info", say, kpis=dict.fromkeys(kpis), measures=names)


# ---- „Eine schöne Website überzeugt von selbst“ -------------------------------------------------------------


def _website_evidence(ctx: Context) -> list[KpiTrend]:
    """KPIs that show whether a website convinces: understanding, and the rate of the next step.

    Volumes (orders, inquiries) follow traffic and season; a conversion rate does not. Only when no rate is
    measured do the next-step volumes stand in for it.
    """
    measured = [t for t in ctx.trends if t.is_effect and t.measured]
    understanding = [t for t in measured if Question.UNDERSTANDING in t.questions]
    steps = [t for t in measured if Question.NEXT_STEP in t.questions and t not in understanding]
    rates = [t for t in steps if t.topic == "conversion_rate"]
    return understanding + (rates or steps)


Compared = list[tuple[KpiTrend, float, float]]  # (KPI, mean since the end, mean before the start)


def _since_the_end(ctx: Context, link: MeasureLink, kpis: list[KpiTrend]) -> Compared:
    """Each KPI's mean since the measure ended against the months before it started (before its end when it has
    no start date); KPIs without two measured months on each side are left out."""
    measure = link.measure
    # In a quarter or year report the same comparison runs over periods: the periods after the end, and those
    # before the period in which the measure started.
    after = [m for m in month_range(ctx.month, _WEBSITE_COMPARE_MONTHS) if period_start(m) > end_of(measure)]
    kind = period_kind(ctx.month)
    base_end = month_add(period_of(start_of(measure), kind), -1) if measure.start else period_of(end_of(measure), kind)
    before = month_range(base_end, _WEBSITE_COMPARE_MONTHS)
    changes = []
    for t in kpis:
        now = mean((finite(t.kpi.value(m)) for m in after), 2)
        then = mean((finite(t.kpi.value(m)) for m in before), 2)
        if now is not None and then is not None and then != 0:
            changes.append((t, now, then))
    return changes


def _website_cases(ctx: Context) -> tuple[list[MeasureLink], list[tuple[MeasureLink, Compared]]]:
    """Website measures (active or ended within a year) without evidence KPIs, and ended ones after which none
    of those KPIs improved."""
    kpis = _website_evidence(ctx)
    missing: list[MeasureLink] = []
    stalled: list[tuple[MeasureLink, Compared]] = []
    for link in ctx.links:
        measure = link.measure
        if measure.discipline != "website" or measure.status in ("planned", "paused"):
            continue
        ended = measure.end is not None and end_of(measure) < period_end(ctx.month)
        if ended and months_between(end_of(measure), ctx.month) > _WEBSITE_WINDOW_MONTHS:
            continue
        if not (link.active or ended):
            continue
        if not kpis:
            missing.append(link)
            continue
        if not ended:
            continue
        changes = _since_the_end(ctx, link, kpis)
        if changes and all(
            (gain(pct_change(now, then), t.direction) or 0.0) <= ctx.th.flat_pct for t, now, then in changes
        ):
            stalled.append((link, changes))
    return missing, stalled


def _check_the_website(finding: Finding, ctx: Context, lang: str) -> str:
    return ctx.words(lang, finding.id)("step", pages=ctx.role_word(lang, "pages"),
                                       outcome=ctx.role_word(lang, "outcome"))


@register(
    id="website_sells_itself", order=40, section="misconceptions", misconception=True,
    overview="misconception", next_step=_check_the_website,
    wording={
        "title": (), "missing": ("measure",), "stalled": ("measure", "end", "evidence", "months"),
        "compared": ("kpi", "now", "then"), "text": ("cases",), "headline": ("measures",),
        "step": ("pages", "outcome"),
    },
)
def website_sells_itself(ctx: Context) -> Finding | None:
    """Website work without a metric for understanding and the next step, or with no improvement since."""
    missing, stalled = _website_cases(ctx)
    if not missing and not stalled:
        return None
    names = [link.name for link in missing] + [link.name for link, _ in stalled]

    def say(lang: str) -> Texts:
        words, fmt = ctx.words(lang, "website_sells_itself"), Fmt(lang)
        cases = [words("missing", measure=fmt.quote(link.name)) for link in missing]
        for link, changes in stalled:
            compared = ", ".join(words("compared", kpi=t.name, now=t.format_value(now, lang),
                                       then=t.format_value(then, lang)) for t, now, then in changes)
            cases.append(words("stalled", measure=fmt.quote(link.name), end=fmt.month(end_of(link.measure)),
                               evidence=compared, months=fmt.number(_WEBSITE_COMPARE_MONTHS)))
        return Texts(
            title=words("title"),
            text=words("text", cases=" ".join(cases)),
            headline=words("headline", measures=fmt.names(names)),
        )

    kpis = [t.name for _, changes in stalled for t, _, _ in changes]
    return Finding.create("website_sells_itself", "attention", say, kpis=dict.fromkeys(kpis), measures=names)
