"""The impact-question engine: the article's four questions and the KPI catalog that judges each number.

A KPI is an effect metric when its value is evidence about at least one question, otherwise a vanity metric;
names the catalog does not know are ``unclassified``, never silently vanity.

INTERFACE (shared with findings/report; keep these names stable):
    QUESTION_TEXT[Question][lang]   -> the question, verbatim from the article in German
    QUESTION_LABEL[Question][lang]  -> short label (Verständnis / Understanding ...)
    Classification                  -> the judgement on one KPI
    load_catalog(extra: Path | None) -> Catalog
    classify_name(name, catalog) -> Classification
    classify_kpi(kpi, role, catalog) -> Classification   (overrides from the workbook win; role sets `primary`)
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Direction, KpiClass, Question

QUESTION_TEXT: dict[Question, dict[str, str]] = {
    Question.UNDERSTANDING: {
        "de": "Versteht der Besucher, was wir anbieten?",
        "en": "Does the visitor understand what we offer?",
    },
    Question.FINDABILITY: {
        "de": "Findet er schnell die relevanten Informationen?",
        "en": "Do visitors quickly find the relevant information?",
    },
    Question.TRUST: {"de": "Entsteht Vertrauen?", "en": "Is trust being built?"},
    Question.NEXT_STEP: {
        "de": "Gibt es einen klaren nächsten Schritt?",
        "en": "Is there a clear next step?",
    },
}

QUESTION_LABEL: dict[Question, dict[str, str]] = {
    Question.UNDERSTANDING: {"de": "Verständnis", "en": "Understanding"},
    Question.FINDABILITY: {"de": "Orientierung", "en": "Findability"},
    Question.TRUST: {"de": "Vertrauen", "en": "Trust"},
    Question.NEXT_STEP: {"de": "Nächster Schritt", "en": "Next step"},
}


@dataclass(frozen=True)
class Classification:
    """The judgement on one KPI.

    ``topic`` is a coarse family from the catalog that findings use, one of:
    vanity:  traffic, reach, social_audience, social_engagement, clicks, visibility, backlinks, output, email_audience
    effect:  engagement, speed, findability, reviews, reputation, brand_search, returning, inquiries, calls, leads,
             bookings, applications, orders, revenue, conversion_rate, cost_efficiency, newsletter_signups, other
    ``None`` for unclassified names.
    """

    kpi: str
    kpi_class: KpiClass
    questions: tuple[Question, ...]
    reason_de: str
    reason_en: str
    source: str  # catalog rule id, "override", or "unknown"
    direction: Direction  # from the workbook, else the catalog's, else higher
    topic: str | None = None
    primary: bool = False  # a primary effect metric for the client's marketing role
    hint: tuple[str, ...] = ()  # for unclassified names: the closest catalog entries

    def reason(self, lang: str) -> str:
        return self.reason_de if lang == "de" else self.reason_en
