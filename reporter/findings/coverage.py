"""Coverage: whether the effect KPIs answer every impact question, and whether a month's success rests on them
at all (``question_not_measured``, ``vanity_only_success``)."""

from __future__ import annotations

from ..formatting import Fmt
from ..impact import QUESTION_LABEL, QUESTION_TEXT
from ..model import KpiClass, Question
from .registry import Context, Finding, Texts, register
from .trends import evidence

# Own fallback when the catalog cannot suggest KPIs for a question (names as agencies write them).
_FALLBACK_SUGGESTIONS: dict[Question, dict[str, tuple[str, ...]]] = {
    Question.UNDERSTANDING: {
        "de": ("Absprungrate der Leistungsseiten", "Engagement-Zeit auf Leistungsseiten", "Scrolltiefe"),
        "en": ("Bounce rate of service pages", "Engagement time on service pages", "Scroll depth"),
    },
    Question.FINDABILITY: {
        "de": ("Ladezeit mobil (LCP)", "Suchen ohne Ergebnis", "Klicks bis zur Kontaktseite"),
        "en": ("Mobile load time (LCP)", "Site searches without results", "Clicks to the contact page"),
    },
    Question.TRUST: {
        "de": ("Google-Bewertungen", "Durchschnittliche Bewertung", "Wiederkehrende Besucher"),
        "en": ("Google reviews", "Average rating", "Returning visitors"),
    },
    Question.NEXT_STEP: {
        "de": ("Kontaktanfragen", "Anrufe über die Website", "Conversion-Rate"),
        "en": ("Contact inquiries", "Calls from the website", "Conversion rate"),
    },
}
_MISCONCEPTIONS = ("traffic_without_inquiries", "social_replaces_sales", "seo_short_term", "website_sells_itself")


# ---- question_not_measured ----------------------------------------------------------------------------------


def _suggestions(ctx: Context, question: Question, lang: str) -> tuple[str, ...]:
    found = tuple(ctx.suggest(question, lang))[:3]
    return found if len(found) >= 2 else _FALLBACK_SUGGESTIONS[question][lang]


def _measure_what_is_missing(finding: Finding, ctx: Context, lang: str) -> str:
    """One step for every unmeasured question: the first suggested KPI of each."""
    words, fmt = ctx.words(lang, "question_not_measured"), Fmt(lang)
    items = [
        words("step_item", question=ctx.words(lang, "question_accusative")(f.question.value),
              kpi=fmt.quote(f.suggested_kpis(lang)[0]))
        for f in ctx.found
        if f.id == "question_not_measured" and f.question
    ]
    return words("step", items=fmt.join(items))


def _unanswered(ctx: Context, question: Question) -> Finding:
    unmeasured = [t.name for t in ctx.effect(question)]  # effect KPIs without a value in the last 3 months

    def say(lang: str) -> Texts:
        words, fmt = ctx.words(lang, "question_not_measured"), Fmt(lang)
        asked = fmt.quote(QUESTION_TEXT[question][lang])
        suggested = _suggestions(ctx, question, lang)
        if unmeasured:
            stale = words("stale", count=len(unmeasured), kpis=fmt.names(unmeasured))
            text = words("text_stale", question=asked, stale=stale, suggested=fmt.names(suggested))
        else:
            text = words("text", question=asked, suggested=fmt.names(suggested))
        return Texts(
            title=words("title", label=QUESTION_LABEL[question][lang]),
            text=text,
            headline=words("headline", question=asked),
            suggested=suggested,
        )

    severity = "critical" if question == Question.NEXT_STEP else "attention"
    return Finding.create("question_not_measured", severity, say, kpis=unmeasured, question=question)


@register(
    id="question_not_measured", order=60, section="questions", overview="none",
    next_step=_measure_what_is_missing,
    wording={
        "title": ("label",), "text": ("question", "suggested"), "text_stale": ("question", "stale", "suggested"),
        "stale": ("kpis",), "headline": ("question",), "step": ("items",), "step_item": ("question", "kpi"),
    },
)
def questions_not_measured(ctx: Context) -> list[Finding]:
    """One finding per question that no effect KPI with a value in the last 3 months answers."""
    return [
        _unanswered(ctx, question)
        for question in Question
        if not any(t.measured_recently() for t in ctx.effect(question))
    ]


# ---- vanity_only_success ------------------------------------------------------------------------------------


def _stop_presenting_vanity(finding: Finding, ctx: Context, lang: str) -> str:
    words = ctx.words(lang, "vanity_only_success")
    effect = [t.name for t in ctx.effect() if t.measured][:2]
    return words("step", effect=Fmt(lang).names(effect) if effect else words("effect_metrics"))


@register(
    id="vanity_only_success", order=50, section="reach", after=_MISCONCEPTIONS,
    next_step=_stop_presenting_vanity,
    wording={
        "title": (), "text": ("month", "gains", "flat"), "headline": ("gains",), "step": ("effect",),
        "effect_metrics": (),
    },
)
def vanity_only_success(ctx: Context) -> Finding | None:
    """The month's biggest gains are all vanity metrics while no effect KPI improved; not raised when those
    vanity KPIs are already the evidence of a misconception."""
    movers = sorted(
        (t for t in ctx.trends if t.kpi_class != KpiClass.UNCLASSIFIED and (t.change_gain or 0.0) > ctx.th.flat_pct),
        key=lambda t: (-(t.change_gain or 0.0), t.name),
    )[:3]
    if not movers or any(not t.is_vanity for t in movers):
        return None
    if (movers[0].change_gain or 0.0) < ctx.th.traffic_rise_pct:
        return None
    effects = [t for t in ctx.effect() if t.change_gain is not None]
    if not effects or any((t.change_gain or 0.0) > ctx.th.flat_pct for t in effects):
        return None
    # Already the evidence of another finding: saying it twice would not add clarity.
    named = {k for f in ctx.found for k in f.kpis}
    if all(t.name in named for t in movers):
        return None

    def say(lang: str) -> Texts:
        words = ctx.words(lang, "vanity_only_success")
        gains, flat = evidence(movers, lang, "month"), evidence(effects[:4], lang, "month")
        return Texts(
            title=words("title"),
            text=words("text", month=Fmt(lang).month(ctx.month), gains=gains, flat=flat),
            headline=words("headline", gains=gains),
        )

    return Finding.create("vanity_only_success", "attention", say, kpis=[t.name for t in [*movers, *effects[:4]]])
