"""The registry of finding families: each declares itself once, as a :class:`Rule`.

A rule module (trends, measures, misconceptions, coverage) registers each of its findings with everything the
rest of reporter needs to know about it::

    @register(id="anomaly", order=80, section="other", next_step=_check_the_value,
              wording={"title": (), "text": ("items",), "headline": ("kpis",), "step": ("kpis",)})
    def anomaly(ctx: Context) -> Finding | None:
        ...

and its texts in ``templates/findings.toml`` (``[de.anomaly]``, ``[en.anomaly]``). Nothing else lists the
findings: the analysis runs the rules in dependency order, sorts what they find by severity and ``order``, the
next steps ask each finding's rule, the report places a finding by its rule's ``section``, the agency overview
shows its ``overview`` words, and the wording check knows each rule's placeholders.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import ThresholdsConfig
from ..formatting import MISSING, Fmt
from ..model import ClientData, Question, Role
from .wording import Phrases, Wording, declare

if TYPE_CHECKING:
    from .measures import MeasureLink
    from .spend import Spend
    from .trends import KpiTrend

# Severity order for sorting: the most pressing first.
SEVERITIES = ("critical", "attention", "info")
# Where the report shows a finding: the misconceptions section, "Reichweite ist nicht Wirkung", the question it
# is about, the interplay of measures, what one effect costs, or "Weitere Beobachtungen".
SECTIONS = ("misconceptions", "reach", "questions", "interplay", "spend", "other")
# How the agency overview shows a finding: its German title in the misconceptions column, its "overview" words
# among the notes, or not at all (the question boxes already show an unmeasured question).
OVERVIEW = ("misconception", "note", "none")
OVERVIEW_PLACEHOLDERS = ("n", "kpi")  # how many measures the finding names; the first KPI it names

# Words every rule may use, by the client's role or by question (keys: Role and Question values).
declare("outcome", {role.value: () for role in Role})
declare("pages", {role.value: () for role in Role})
declare("question_dative", {q.value: () for q in Question})
declare("question_accusative", {q.value: () for q in Question})


@dataclass(frozen=True)
class Texts:
    """What a finding says in one language."""

    title: str
    text: str
    headline: str  # one sentence for the summary paragraph
    suggested: tuple[str, ...] = ()  # question_not_measured: KPIs that would answer the question


@dataclass(frozen=True)
class Finding:
    """One thing the month's data mean, with the evidence in numbers, in German and English."""

    id: str
    severity: str  # info | attention | critical
    title_de: str
    title_en: str
    text_de: str
    text_en: str
    headline_de: str  # one sentence for the summary paragraph
    headline_en: str
    kpis: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    question: Question | None = None
    suggested_kpis_de: tuple[str, ...] = ()  # question_not_measured: what would answer the question
    suggested_kpis_en: tuple[str, ...] = ()

    @classmethod
    def create(cls, rule_id: str, severity: str, say: Callable[[str], Texts], *, kpis: Iterable[str] = (),
               measures: Iterable[str] = (), question: Question | None = None) -> Finding:
        """A finding whose texts ``say(lang)`` writes, once for each language."""
        de, en = say("de"), say("en")
        return cls(rule_id, severity, de.title, en.title, de.text, en.text, de.headline, en.headline,
                   tuple(kpis), tuple(measures), question, de.suggested, en.suggested)

    @property
    def key(self) -> str:
        """Unique within an analysis: the id, plus the question where one applies."""
        return f"{self.id}:{self.question}" if self.question else self.id

    @property
    def misconception(self) -> bool:
        return rule(self.id).misconception

    def title(self, lang: str) -> str:
        return self.title_de if lang == "de" else self.title_en

    def text(self, lang: str) -> str:
        return self.text_de if lang == "de" else self.text_en

    def headline(self, lang: str) -> str:
        return self.headline_de if lang == "de" else self.headline_en

    def suggested_kpis(self, lang: str) -> tuple[str, ...]:
        return self.suggested_kpis_de if lang == "de" else self.suggested_kpis_en


@dataclass(frozen=True)
class NextStep:
    """A recommended step towards clarity, and the finding it comes from (``None``: nothing needs fixing)."""

    finding: str | None
    text_de: str
    text_en: str

    def text(self, lang: str) -> str:
        return self.text_de if lang == "de" else self.text_en


@dataclass(frozen=True)
class Context:
    """What every rule needs, computed once per analysis; ``found``: the findings of the rules it depends on
    (while detecting) or of all rules (while writing next steps)."""

    data: ClientData
    month: str
    trends: tuple[KpiTrend, ...]
    links: tuple[MeasureLink, ...]
    th: ThresholdsConfig
    suggest: Callable[[Question, str], tuple[str, ...]]
    wording: Wording
    spend: Spend
    found: tuple[Finding, ...] = ()

    @cached_property
    def by_name(self) -> Mapping[str, KpiTrend]:
        return {t.name: t for t in self.trends}

    def words(self, lang: str, section: str) -> Phrases:
        return self.wording.phrases(lang, section)

    def role_word(self, lang: str, section: str) -> str:
        """``outcome`` or ``pages`` for the client's marketing role (``Anfragen``, ``Leistungsseiten``)."""
        return self.words(lang, section)(self.data.client.role.value)

    def effect(self, question: Question | None = None) -> list[KpiTrend]:
        return [t for t in self.trends if t.is_effect and (question is None or question in t.questions)]

    def primary_next_step(self) -> list[KpiTrend]:
        """The client's primary next-step KPIs (by role), else every next-step effect KPI."""
        candidates = [t for t in self.effect(Question.NEXT_STEP) if t.measured]
        primary = [t for t in candidates if t.primary]
        return primary or candidates

    def active_links(self, discipline: str) -> list[MeasureLink]:
        return [link for link in self.links if link.active and link.measure.discipline == discipline]

    def kpis_of(self, link: MeasureLink) -> list[KpiTrend]:
        return [self.by_name[n] for n in link.kpis]


Detected = Finding | Iterable[Finding] | None
Detector = Callable[[Context], Detected]
StepWriter = Callable[[Finding, Context, str], str]  # (finding, context with all findings, lang) -> the step
D = TypeVar("D", bound=Detector)


@dataclass(frozen=True)
class Rule:
    """One finding family, declared in one place."""

    id: str  # public: the JSON sidecar's finding id
    order: int  # position after severity when findings are sorted (docs/findings.md lists them in this order)
    section: str  # where the report shows it (SECTIONS)
    detect: Detector  # the month's finding(s), or None
    wording: Mapping[str, tuple[str, ...]]  # its keys in findings.toml and the placeholders each may use
    after: tuple[str, ...] = ()  # rules whose findings detect() reads in ctx.found; they are detected first
    next_step: StepWriter | None = None  # its step towards clarity (at most one per finding id)
    misconception: bool = False  # one of the article's four misconceptions
    overview: str = "note"  # how the agency overview shows it (OVERVIEW)
    claims_measures: bool = False  # its step connects its measures: no later step names them again


_RULES: dict[str, Rule] = {}


def register(*, id: str, order: int, section: str, wording: Mapping[str, Sequence[str]],
             after: Sequence[str] = (), next_step: StepWriter | None = None, misconception: bool = False,
             overview: str = "note", claims_measures: bool = False) -> Callable[[D], D]:
    """Register the decorated detector as the finding family ``id`` (see :class:`Rule`)."""

    def add(detect: D) -> D:
        if id in _RULES:
            raise ValueError(f"finding {id!r} is registered twice")
        if section not in SECTIONS or overview not in OVERVIEW:
            raise ValueError(f"finding {id!r}: section must be one of {SECTIONS}, overview one of {OVERVIEW}")
        keys = {key: tuple(names) for key, names in wording.items()}
        if overview == "note":
            keys["overview"] = OVERVIEW_PLACEHOLDERS
        declare(id, keys)
        _RULES[id] = Rule(id, order, section, detect, keys, tuple(after), next_step, misconception, overview,
                          claims_measures)
        return detect

    return add


def rule(finding_id: str) -> Rule:
    return _RULES[finding_id]


def registered() -> tuple[Rule, ...]:
    """Every rule in its display order."""
    return tuple(sorted(_RULES.values(), key=lambda r: (r.order, r.id)))


def detection_order() -> tuple[Rule, ...]:
    """Every rule after the rules it depends on, else in display order; ``ValueError`` for an unknown
    dependency or a cycle."""
    waiting = {r.id: set(r.after) for r in _RULES.values()}
    for r in _RULES.values():
        unknown = set(r.after) - set(_RULES)
        if unknown:
            raise ValueError(f"finding {r.id!r} depends on unknown findings {sorted(unknown)}")
    ready = [(r.order, r.id) for r in _RULES.values() if not r.after]
    heapq.heapify(ready)
    ordered: list[Rule] = []
    while ready:
        _, rule_id = heapq.heappop(ready)
        ordered.append(_RULES[rule_id])
        for other, needs in waiting.items():
            if rule_id in needs:
                needs.discard(rule_id)
                if not needs:
                    heapq.heappush(ready, (_RULES[other].order, other))
    if len(ordered) != len(_RULES):
        raise ValueError(f"findings depend on each other in a cycle: {sorted(set(_RULES) - {r.id for r in ordered})}")
    return tuple(ordered)


def sort_key(finding: Finding) -> tuple[int, int, int]:
    """Severity first, then the rule's order, then the question's."""
    question_order = list(Question).index(finding.question) if finding.question else -1
    return SEVERITIES.index(finding.severity), rule(finding.id).order, question_order


def detect(ctx: Context) -> tuple[Finding, ...]:
    """Run every rule on the month; each sees the findings of the rules it declared in ``after``."""
    found: list[Finding] = []
    for r in detection_order():
        result = r.detect(replace(ctx, found=tuple(f for f in found if f.id in r.after)))
        if isinstance(result, Finding):
            found.append(result)
        elif result is not None:
            found.extend(result)
    return tuple(sorted(found, key=sort_key))


# ---- the agency overview reads the rules from the JSON sidecars ---------------------------------------------


def overview_title(finding: Mapping[str, Any], wording: Wording, lang: str = "de") -> str:
    """A misconception as the overview names it: its title in the overview's language (also for an English
    client's report); an unknown id keeps the sidecar's title."""
    found = _RULES.get(str(finding.get("id")))
    if found is None or not found.misconception:
        return str(finding.get("title") or finding.get("id"))
    return wording.phrases(lang, found.id)("title")


def overview_note(finding: Mapping[str, Any], wording: Wording, lang: str = "de") -> str:
    """A finding in a few words for the overview's notes column (its rule's ``overview`` wording).

    ``finding`` is the overview's row: ``kpis`` a list of names, ``measures`` their number."""
    found = _RULES.get(str(finding.get("id")))
    if found is None or found.overview != "note":
        return str(finding.get("title") or finding.get("id"))
    measures = finding.get("measures")
    count = max(1, measures if isinstance(measures, int) else len(measures or []))
    kpis = list(finding.get("kpis") or [])
    return wording.phrases(lang, found.id)("overview", count=count, n=Fmt(lang).number(count),
                                           kpi=str(kpis[0]) if kpis else MISSING)


def overview_shows(finding_id: str) -> bool:
    """Whether the overview lists the finding among its notes (unknown ids: yes, by their title)."""
    found = _RULES.get(finding_id)
    return found is None or found.overview != "none"
