"""The finding about doing more without more effect (``activity_without_effect``): in the last three months more
measures started, or the monthly spend rose clearly, while the primary effect stayed flat or fell. The article:
„Marketing braucht Klarheit – nicht mehr Aktionismus … innehalten, einordnen, vereinfachen.“"""

from __future__ import annotations

from dataclasses import dataclass

from ..formatting import Fmt
from ..model import month_add, month_range, period_kind
from .measures import MeasureLink, month_of
from .registry import Context, Finding, Texts, register
from .trends import evidence, pct_change

_WINDOW = 3  # the last three months against the three before, like every trend of the report


@dataclass(frozen=True)
class _Activity:
    """What grew: the measures that started in the last three months, and the mean monthly spend before and now
    (measures too young to judge left out)."""

    new: tuple[MeasureLink, ...]
    before: float | None
    now: float | None
    rise: MeasureLink | None  # the measure whose spend rose most (when no measure is new)

    @property
    def spend_pct(self) -> float | None:
        return pct_change(self.now, self.before)

    def spend_rose(self, threshold: float) -> bool:
        if self.now is None or self.before is None or self.now <= self.before:
            return False
        return self.before == 0 or (self.spend_pct or 0.0) >= threshold

    @property
    def measures(self) -> tuple[MeasureLink, ...]:
        return self.new or ((self.rise,) if self.rise else ())


def _young(ctx: Context) -> set[str]:
    """Measures ``seo_short_term`` names: too young to be judged by their effect, so not "more activity" yet."""
    return {m for f in ctx.found if f.id == "seo_short_term" for m in f.measures}


def _activity(ctx: Context) -> _Activity:
    recent = month_range(ctx.month, _WINDOW)
    before = month_range(month_add(ctx.month, -_WINDOW), _WINDOW)
    young = _young(ctx)
    links = [link for link in ctx.links if link.name not in young and link.measure.status != "planned"]
    new = tuple(link for link in links if link.measure.start and _start(link) in recent)
    costs = {m.name: m for m in ctx.spend.measures if m.name not in young}

    def mean(months: list[str]) -> float | None:
        if not costs:
            return None
        return sum(v for m in costs.values() for month, v in zip(ctx.spend.months, m.series, strict=True)
                   if month in months) / len(months)

    def growth(link: MeasureLink) -> float:
        cost = costs.get(link.name)
        if cost is None:
            return 0.0
        by_month = dict(zip(ctx.spend.months, cost.series, strict=True))
        return sum(by_month[m] for m in recent) - sum(by_month[m] for m in before)

    rise = max((link for link in links if growth(link) > 0), key=growth, default=None)
    return _Activity(new, mean(before), mean(recent), rise)


def _serves_the_role(ctx: Context, link: MeasureLink) -> bool:
    """Whether a primary effect KPI of the client belongs to the measure."""
    return any(ctx.by_name[name].primary for name in link.kpis)


def _pause_or_connect(finding: Finding, ctx: Context, lang: str) -> str:
    """Innehalten, einordnen, vereinfachen, made concrete: which measure to connect to a landing page, which to
    pause until it shows what it brings, or (serving the role already) which to review."""
    words, fmt = ctx.words(lang, "activity_without_effect"), Fmt(lang)
    outcome = ctx.role_word(lang, "outcome")
    links = [link for link in ctx.links if link.name in finding.measures]
    connect = [link.name for link in links if not (link.measure.landing_page or "").strip()]
    pause = [link.name for link in links if link.name not in connect and not _serves_the_role(ctx, link)]
    review = [link.name for link in links if link.name not in connect and link.name not in pause]
    actions = [words(key, count=len(names), measures=fmt.names(names), outcome=outcome)
               for key, names in (("connect", connect), ("pause", pause), ("review", review)) if names]
    return words("step", actions=" ".join(actions), outcome=outcome)


@register(
    id="activity_without_effect", order=45, section="spend", after=("seo_short_term",),
    next_step=_pause_or_connect, claims_measures=True,
    wording={
        "title": (), "new": ("n", "items"), "new_item": ("measure", "month"), "spend": ("before", "now", "change"),
        "spend_from_zero": ("now",), "text": ("activity", "outcome", "flat"),
        "text_fell": ("activity", "outcome", "flat"),
        "headline": ("activity", "outcome", "flat"), "new_short": ("n",), "spend_short": ("change",),
        "spend_short_from_zero": ("now",),
        "step": ("actions", "outcome"), "connect": ("measures", "outcome"), "pause": ("measures", "outcome"),
        "review": ("measures", "outcome"),
    },
)
def activity_without_effect(ctx: Context) -> Finding | None:
    """More measures started, or the spend rose by ``spend_rise_pct``, in the last three months, while every primary
    effect KPI with a trend rose by at most ``flat_pct`` or fell."""
    if period_kind(ctx.month) != "month":  # "the last three months": a month's report judges it, not a period's
        return None
    activity = _activity(ctx)
    more = len(activity.new) >= ctx.th.new_measures
    spent = activity.spend_rose(ctx.th.spend_rise_pct)
    if not (more or spent) or not activity.measures:
        return None
    steps = [t for t in ctx.primary_next_step() if t.trend_gain is not None]
    if not steps or any((t.trend_gain or 0.0) > ctx.th.flat_pct for t in steps):
        return None
    fell = all((t.trend_gain or 0.0) < -ctx.th.flat_pct for t in steps)

    def say(lang: str) -> Texts:
        words, outcome = ctx.words(lang, "activity_without_effect"), ctx.role_word(lang, "outcome")
        long, short = _what_grew(ctx, activity, more, spent, lang)
        flat = evidence(steps, lang)
        return Texts(
            title=words("title"),
            text=words("text_fell" if fell else "text", activity=long, outcome=outcome, flat=flat),
            headline=words("headline", activity=short, outcome=outcome, flat=evidence(steps[:2], lang)),
        )

    return Finding.create("activity_without_effect", "attention", say, kpis=[t.name for t in steps],
                          measures=[link.name for link in activity.measures])


def _what_grew(ctx: Context, activity: _Activity, more: bool, spent: bool, lang: str) -> tuple[str, str]:
    """The activity in full sentences for the text, and in a few words for the headline."""
    words, fmt = ctx.words(lang, "activity_without_effect"), Fmt(lang)
    long, short = [], []
    if more:
        items = fmt.join(words("new_item", measure=fmt.quote(link.name), month=fmt.month(_start(link)))
                         for link in activity.new)
        n = len(activity.new)
        long.append(words("new", count=n, n=fmt.number(n), items=items))
        short.append(words("new_short", count=n, n=fmt.number(n)))
    if spent and activity.now is not None and activity.before is not None:
        change = fmt.change_pct(activity.spend_pct)
        if activity.before == 0:
            long.append(words("spend_from_zero", now=fmt.money(activity.now)))
        else:
            long.append(words("spend", before=fmt.money(activity.before), now=fmt.money(activity.now),
                              change=change))
        if activity.before == 0:
            short.append(words("spend_short_from_zero", now=fmt.money(activity.now)))
        else:
            short.append(words("spend_short", change=change))
    return " ".join(long), fmt.join(short)


def _start(link: MeasureLink) -> str:
    """The start month of a measure that started in the window."""
    assert link.measure.start is not None
    return month_of(link.measure.start)
