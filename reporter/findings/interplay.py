"""The findings about how measures fit together: measures that work in isolation (an active measure without an
effect KPI, or a campaign without a landing page) and measures that work on another job than the client's
marketing role. Which KPIs belong to a measure is worked out in ``measures.py``."""

from __future__ import annotations

from ..formatting import Fmt
from ..model import Question, Role
from .measures import MeasureLink
from .registry import Context, Finding, Texts, register
from .trends import KpiTrend

# ---- the finding: isolated measures -------------------------------------------------------------------------


def _connect(finding: Finding, ctx: Context, lang: str) -> str:
    # A measure that already has its landing page only needs the effect metric.
    pages = any(link.missing_landing_page for link in ctx.links if link.name in finding.measures)
    key = "step_landing_page" if pages else "step"
    return ctx.words(lang, "isolated_measure")(key, measures=Fmt(lang).names(finding.measures))


@register(
    id="isolated_measure", order=70, section="interplay", next_step=_connect,
    wording={
        "title": (), "item": ("measure", "reasons"), "no_landing_page": (), "no_effect_kpi": (),
        "text": ("items",), "headline": ("measures",), "step": ("measures",), "step_landing_page": ("measures",),
    },
)
def isolated_measures(ctx: Context) -> Finding | None:
    """Every active measure without an effect KPI, or a campaign or social measure without landing page, in
    one finding: a client with five loose measures gets one clear point, not five."""
    isolated = [link for link in ctx.links if link.isolated]
    if not isolated:
        return None
    names = [link.name for link in isolated]

    def say(lang: str) -> Texts:
        words, fmt = ctx.words(lang, "isolated_measure"), Fmt(lang)
        items = []
        for link in isolated:
            reasons = [words("no_landing_page")] if link.missing_landing_page else []
            reasons += [words("no_effect_kpi")] if link.missing_effect_kpi else []
            items.append(words("item", measure=fmt.quote(link.name), reasons=fmt.join(reasons)))
        return Texts(
            title=words("title", count=len(isolated)),
            text=words("text", count=len(isolated), items=fmt.join(items)),
            headline=words("headline", count=len(isolated), measures=fmt.names(names)),
        )

    return Finding.create("isolated_measure", "attention", say, measures=names)


# ---- the finding: measures that work on another job than the client's role -------------------------------

# Which job a next-step effect KPI serves, by its topic: winning customers (inquiries, orders, …) or winning
# applicants. Costs and "other" results say nothing about whom they win, and trust or understanding serve any job.
JOB_TOPICS: dict[str, frozenset[str]] = {
    "customers": frozenset({
        "inquiries", "calls", "leads", "bookings", "conversions", "customers", "orders", "revenue",
        "conversion_rate", "newsletter_signups",
    }),
    "applicants": frozenset({"applications"}),
}


def role_job(role: Role) -> str:
    """The job the client's marketing role is about: applicants for a recruiting client, customers otherwise."""
    return "applicants" if role == Role.APPLICANTS else "customers"


def serves(trend: KpiTrend) -> str | None:
    """The job a KPI shows progress on, or None when it says nothing about whom marketing wins."""
    if not (trend.is_effect and trend.measured and Question.NEXT_STEP in trend.questions):
        return None
    return next((job for job, topics in JOB_TOPICS.items() if trend.topic in topics), None)


def _off_role(ctx: Context) -> list[tuple[MeasureLink, list[KpiTrend]]]:
    """Active measures whose next-step KPIs all serve the other job: (measure, those KPIs)."""
    job = role_job(ctx.data.client.role)
    found = []
    for link in ctx.links:
        judged = [t for t in ctx.kpis_of(link) if serves(t)]
        if link.active and judged and all(serves(t) != job for t in judged):
            found.append((link, judged))
    return found


def _clarify_the_job(finding: Finding, ctx: Context, lang: str) -> str:
    return ctx.words(lang, "measures_off_role")(
        "step", measures=Fmt(lang).names(finding.measures), job=ctx.words(lang, "job")(ctx.data.client.role.value),
        outcome=ctx.role_word(lang, "outcome"))


@register(
    id="measures_off_role", order=65, section="interplay", next_step=_clarify_the_job,
    wording={
        "title": (), "item": ("measure", "kpis", "serves"), "item_budget": ("measure", "spend", "kpis", "serves"),
        "customers": (), "applicants": (), "text": ("items", "job"), "text_none": ("items", "job"),
        "headline": ("measures", "serves", "job"), "step": ("measures", "job", "outcome"),
    },
)
def measures_off_role(ctx: Context) -> Finding | None:
    """Active measures measured only by results of the other job (a recruiting client's sales campaigns, a
    shop's recruiting campaign): "Welche Aufgabe soll Marketing im Unternehmen eigentlich erfüllen?"."""
    off = _off_role(ctx)
    if not off:
        return None
    names = [link.name for link, _ in off]
    job = role_job(ctx.data.client.role)
    # no running measure shows progress on the client's own job at all
    none = not any(serves(t) == job for link in ctx.links if link.active for t in ctx.kpis_of(link))
    spend = {m.name: m.spend for m in ctx.spend.measures}

    def say(lang: str) -> Texts:
        words, fmt = ctx.words(lang, "measures_off_role"), Fmt(lang)
        other = words("customers" if job == "applicants" else "applicants")
        items = []
        for link, kpis in off:
            values = {"measure": fmt.quote(link.name), "kpis": fmt.names(t.name for t in kpis), "serves": other}
            if spend.get(link.name):
                items.append(words("item_budget", spend=fmt.money(spend[link.name]), **values))
            else:
                items.append(words("item", **values))
        role_job_words = ctx.words(lang, "job")(ctx.data.client.role.value)
        return Texts(
            title=words("title", count=len(off)),
            text=words("text_none" if none else "text", items=" ".join(items), job=role_job_words),
            headline=words("headline", count=len(off), measures=fmt.names(names), serves=other,
                           job=role_job_words),
        )

    return Finding.create("measures_off_role", "attention", say,
                          kpis=dict.fromkeys(t.name for _, kpis in off for t in kpis), measures=names)
