"""The finding about measures that work in isolation: an active measure without an effect KPI, or a campaign
without a landing page. Which KPIs belong to a measure is worked out in ``measures.py``."""

from __future__ import annotations

from ..formatting import Fmt
from .registry import Context, Finding, Texts, register

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
