"""The finding about unusual values: a KPI far outside its own usual range is checked before anything is read
into it. The trend of each KPI, where the anomaly is detected, lives in ``trends.py``."""

from __future__ import annotations

from ..formatting import Fmt
from .registry import Context, Finding, Texts, register

# ---- the finding: unusual values ----------------------------------------------------------------------------


def _check_the_value(finding: Finding, ctx: Context, lang: str) -> str:
    return ctx.words(lang, "anomaly")("step", count=len(finding.kpis), kpis=Fmt(lang).names(finding.kpis))


@register(
    id="anomaly", order=80, section="other", next_step=_check_the_value,
    wording={
        "title": (), "reason": ("value", "previous", "low", "high"), "item": ("kpi", "reason"),
        "text": ("items",), "headline": ("kpis",), "step": ("kpis",),
    },
)
def unusual_values(ctx: Context) -> Finding | None:
    """Every KPI flagged as an anomaly, in one finding: check the number before drawing conclusions."""
    odd = [t for t in ctx.trends if t.anomaly]
    if not odd:
        return None

    def say(lang: str) -> Texts:
        words = ctx.words(lang, "anomaly")
        items = " ".join(words("item", kpi=t.name, reason=t.anomaly_reason(lang) or "") for t in odd)
        return Texts(
            title=words("title", count=len(odd)),
            text=words("text", items=items),
            headline=words("headline", kpis=Fmt(lang).names(t.name for t in odd)),
        )

    return Finding.create("anomaly", "attention", say, kpis=[t.name for t in odd])
