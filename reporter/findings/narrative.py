"""The narrative around the findings: each question's status for the scorecard, the summary paragraph and at
most three next steps towards clarity, in German and English (texts in ``templates/findings.toml``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..formatting import MISSING, Fmt
from ..impact import QUESTION_LABEL, QUESTION_TEXT
from ..model import Question, Role
from .registry import Context, Finding, NextStep, rule
from .trends import KpiTrend
from .wording import Wording, declare

QUESTION_STATUSES = (
    "reached", "close", "missed", "improving", "declining", "stable", "measured", "not_measured",
)
MAX_NEXT_STEPS = 3

declare("job", {role.value: () for role in Role})
declare("status_clause", {status: () for status in QUESTION_STATUSES[:-1]})
declare("summary", {
    "job": ("job",), "month": ("month", "clauses"), "clause": ("question", "status", "evidence"),
    "evidence": ("kpi", "value"), "evidence_target": ("kpi", "value", "target"),
    "evidence_month": ("kpi", "value", "change"), "evidence_trend": ("kpi", "value", "change"),
    "missing": ("questions",), "top": ("headline",), "calm": (),
})
declare("steady", {
    "steady": (), "causes": ("reasons",), "behind": ("questions",), "declining": ("questions",),
    "declining_too": ("questions",), "both": ("behind", "declining"),
})


# ---- question scorecard ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionStatus:
    """One of the four questions in the report month: a status word and the effect KPIs that answer it."""

    question: Question
    status: str  # reached | close | missed | improving | declining | stable | measured | not_measured
    kpis: tuple[str, ...]  # effect KPIs answering the question (workbook order, primary first)
    lead: str | None  # the KPI the status is read from

    def label(self, lang: str) -> str:
        return QUESTION_LABEL[self.question][lang]

    def text(self, lang: str) -> str:
        return QUESTION_TEXT[self.question][lang]


def question_status(question: Question, trends: Sequence[KpiTrend], flat_pct: float) -> QuestionStatus:
    """The leading effect KPI's target status, else its trend (3 months, else to the previous month)."""
    answering = sorted(
        (t for t in trends if t.is_effect and question in t.questions),
        key=lambda t: not t.primary,  # stable sort keeps workbook order within each group
    )
    current = [t for t in answering if t.value is not None]
    names = tuple(t.name for t in answering)
    if not current:
        return QuestionStatus(question, "not_measured", names, None)
    lead = current[0]
    if lead.target_status in ("reached", "close", "missed"):
        return QuestionStatus(question, lead.target_status, names, lead.name)
    gain = lead.trend_gain if lead.trend_gain is not None else lead.change_gain
    if gain is None:
        status = "measured"
    elif gain > flat_pct:
        status = "improving"
    elif gain < -flat_pct:
        status = "declining"
    else:
        status = "stable"
    return QuestionStatus(question, status, names, lead.name)


# ---- summary -----------------------------------------------------------------------------------------------


def _contradicts(status: str, t: KpiTrend, flat_pct: float) -> bool:
    """Whether the month-on-month change says the opposite of a status read from the 3-month trend."""
    if status not in ("improving", "declining", "stable") or t.trend_gain is None:
        return False
    gain = t.change_gain
    if gain is None:
        return t.change_abs is not None
    if status == "improving":
        return gain < 0
    if status == "declining":
        return gain > 0
    return abs(gain) > flat_pct


def _status_evidence(status: QuestionStatus, t: KpiTrend, wording: Wording, lang: str, flat_pct: float) -> str:
    words = wording.phrases(lang, "summary")
    value = t.format_value(t.value, lang)
    if status.status in ("reached", "close", "missed"):
        return words("evidence_target", kpi=t.name, value=value, target=t.format_value(t.target, lang))
    if status.status == "measured" or t.change_pct is None and t.change_abs is None:
        return words("evidence", kpi=t.name, value=value)
    if _contradicts(status.status, t, flat_pct) and t.format_trend(lang) != MISSING:
        # The status comes from the 3-month trend; a month-on-month change pointing the other way would read
        # as a contradiction ("Fortschritte … −15 % zum Vormonat"), so the evidence is the trend itself.
        return words("evidence_trend", kpi=t.name, value=value, change=t.format_trend(lang))
    return words("evidence_month", kpi=t.name, value=value, change=t.format_change(lang))


def summary(month: str, role: Role, statuses: Sequence[QuestionStatus], findings: Sequence[Finding],
            by_name: Mapping[str, KpiTrend], wording: Wording, lang: str, flat_pct: float) -> str:
    """Two to four sentences: the marketing's job, what moved per measured question, what is not measured, the
    most important finding (or that nothing stands out)."""
    words, fmt = wording.phrases(lang, "summary"), Fmt(lang)
    sentences = [words("job", job=wording.phrases(lang, "job")(role.value))]
    measured = [s for s in statuses if s.status != "not_measured"]
    missing = [s for s in statuses if s.status == "not_measured"]
    if measured:
        clauses = [
            words("clause", question=wording.phrases(lang, "question_dative")(s.question.value),
                  status=wording.phrases(lang, "status_clause")(s.status),
                  evidence=_status_evidence(s, by_name[s.lead], wording, lang, flat_pct))
            for s in measured
            if s.lead
        ]
        clauses[0] = fmt.after_colon(clauses[0])
        sentences.append(words("month", month=fmt.month(month), clauses=fmt.join(clauses)))
    if missing:
        accusative = wording.phrases(lang, "question_accusative")
        sentences.append(words("missing", questions=fmt.join(accusative(s.question.value) for s in missing)))
    sentences.append(words("top", headline=findings[0].headline(lang)) if findings else words("calm"))
    return " ".join(sentences)


# ---- next steps --------------------------------------------------------------------------------------------


def _steady(statuses: Sequence[QuestionStatus], wording: Wording, lang: str) -> str:
    """A month without findings: stay the course, or (a question behind target or declining) understand the
    causes first — "entwickeln sich gut" would be untrue."""
    words, fmt = wording.phrases(lang, "steady"), Fmt(lang)
    missed = [s.question for s in statuses if s.status in ("missed", "close")]
    falling = [s.question for s in statuses if s.status == "declining"]
    if not missed and not falling:
        return words("steady")
    dative = wording.phrases(lang, "question_dative")
    behind = words("behind", count=len(missed), questions=fmt.join(dative(q.value) for q in missed))
    declining = words("declining_too" if missed else "declining", count=len(falling),
                      questions=fmt.join(dative(q.value) for q in falling))
    if missed and falling:
        reasons = words("both", behind=behind, declining=declining)
    else:
        reasons = behind if missed else declining
    return words("causes", reasons=fmt.after_colon(reasons))


def next_steps(findings: Sequence[Finding], ctx: Context, statuses: Sequence[QuestionStatus]) -> tuple[NextStep, ...]:
    """At most three steps, one per finding id in the findings' order; a measure is named in one step only."""
    if not findings:
        return (NextStep(None, _steady(statuses, ctx.wording, "de"), _steady(statuses, ctx.wording, "en")),)
    ctx = replace(ctx, found=tuple(findings))
    steps: list[NextStep] = []
    seen: set[str] = set()
    claimed: set[str] = set()  # measures an earlier step already connects to an effect KPI
    for finding in findings:
        writer = rule(finding.id).next_step
        if finding.id in seen or writer is None:
            continue
        seen.add(finding.id)
        if finding.measures:
            rest = tuple(m for m in finding.measures if m not in claimed)
            if not rest:
                continue
            finding = replace(finding, measures=rest)
        if rule(finding.id).claims_measures:
            claimed.update(finding.measures)
        steps.append(NextStep(finding.id, writer(finding, ctx, "de"), writer(finding, ctx, "en")))
        if len(steps) == MAX_NEXT_STEPS:
            break
    return tuple(steps)
