"""The impact-question engine: the article's four questions and the KPI catalog that judges each number.

A KPI is an effect metric when its value is evidence about at least one question, otherwise a vanity metric;
names the catalog does not know are ``unclassified``, never silently vanity.

INTERFACE (shared with findings/report; keep these names stable):
    QUESTION_TEXT[Question][lang]   -> the question, verbatim from the article in German
    QUESTION_LABEL[Question][lang]  -> short label (Verständnis / Understanding ...)
    Classification                  -> the judgement on one KPI
    load_catalog(extra: Path | None) -> Catalog
    catalog_for_config(config) -> Catalog   (with the agency file of reporter.toml [report] catalog, if any)
    classify_name(name, catalog) -> Classification
    classify_kpi(kpi, role, catalog) -> Classification  (overrides from the workbook win; role sets `primary`)
    primary_topics(role) -> tuple[str, ...]
    suggest_kpis(question, lang, role) -> list[str]  (catalog KPI names that would answer a question)
    unknown_kpi_warnings(data, catalog) -> list[Problem]

How a name is matched (``catalog.toml`` documents the keyword syntax for agencies): the name is normalised
(case, umlauts and their transliterations, separators, the platforms' API names such as ``keyEvents``, ``Ø``),
then every rule whose keyword groups all match is a candidate. The most specific candidate wins: more matched
groups first, then the rule's priority (effect rules outrank vanity rules, so ``Klicks auf Telefonnummer`` is a
call, not a click), then the length of the matched keywords. A winner that knows the name only by words that
count people anywhere (visits, visitors) does not explain a place offline in it: ``Besuche im Ladengeschäft`` is
unclassified.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import TOML_FILES, read_toml
from .i18n import _, quote
from .model import ClientData, ConfigError, Direction, Kpi, KpiClass, Origin, Problem, Question, Role, Severity
from .resources import package_file

if TYPE_CHECKING:
    from .config import Config

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
    vanity:  traffic, reach, social_audience, social_engagement, clicks, visibility, backlinks, output,
             email_audience, spend
    effect:  engagement, speed, findability, reviews, reputation, brand_search, returning, loyalty, inquiries,
             calls, leads, bookings, applications, orders, customers, revenue, conversions, conversion_rate,
             cost_efficiency, newsletter_signups, other
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

    def as_dict(self, lang: str = "de") -> dict[str, Any]:
        """The JSON shape of ``reporter classify --json`` and the report's sidecar."""
        return {
            "kpi": self.kpi,
            "class": self.kpi_class.value,
            "questions": [q.value for q in self.questions],
            "reason": self.reason(lang),
            "source": self.source,
            "topic": self.topic,
            "direction": self.direction.value,
            "primary": self.primary,
            "hint": list(self.hint),
        }


CLASS_LABEL: dict[KpiClass, dict[str, str]] = {
    KpiClass.EFFECT: {"de": "Wirkung", "en": "Effect"},
    KpiClass.VANITY: {"de": "Vanity", "en": "Vanity"},
    KpiClass.UNCLASSIFIED: {"de": "nicht eingestuft", "en": "unclassified"},
}

VANITY_TOPICS = (
    "traffic", "reach", "social_audience", "social_engagement", "clicks", "visibility", "backlinks", "output",
    "email_audience", "spend",
)
EFFECT_TOPICS = (
    "engagement", "speed", "findability", "reviews", "reputation", "brand_search", "returning", "loyalty",
    "inquiries", "calls", "leads", "bookings", "applications", "orders", "customers", "revenue",
    "conversions", "conversion_rate", "cost_efficiency", "newsletter_signups", "other",
)

# Which effect topics count as the client's primary results, by the role marketing plays for them. Rates and
# costs are deliberately not primary: "more traffic but no more inquiries" must be judged on the absolute
# outcome.
_PRIMARY_TOPICS: dict[Role, tuple[str, ...]] = {
    Role.INQUIRIES: ("inquiries", "calls", "leads", "bookings", "conversions", "customers"),
    Role.APPLICANTS: ("applications",),
    Role.SALES: ("orders", "revenue", "conversion_rate", "customers"),
    # Awareness shows as people who look for the company by name, talk about it and come back, not as reach.
    Role.AWARENESS: ("brand_search", "reviews", "reputation", "returning"),
    Role.RETENTION: ("returning", "loyalty", "newsletter_signups", "reputation"),
}

_UNKNOWN_REASON = {
    "de": "Diese Kennzahl kennt der Katalog nicht. Ordnen Sie sie im Arbeitsblatt selbst ein "
    "(Spalten „Einstufung“ und „Wirkungsfrage“).",
    "en": "The catalog does not know this KPI. Classify it yourself in the workbook "
    "(columns “Classification” and “Impact question”).",
}

_OFFLINE_REASON = {
    "de": "Der Katalog kennt diese Kennzahl nur auf der Website; hier ist ein Ort außerhalb gemeint. Ordnen Sie "
    "sie im Arbeitsblatt selbst ein (Spalten „Einstufung“ und „Wirkungsfrage“).",
    "en": "The catalog knows this KPI only on the website; this one is about a place offline. Classify it "
    "yourself in the workbook (columns “Classification” and “Impact question”).",
}

# ---- normalisation and patterns ----------------------------------------------------------------------------

_TRANSLIT = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
_SYMBOLS = (
    ("ø", " avg "), ("⌀", " avg "), ("%", " prozent "), ("€", " eur "), ("&", " und "), ("#", " anzahl "),
)
# KPI names longer than this are judged by their beginning: real names are short, and matching stays fast.
MAX_NAME = 200

# Short forms agencies use in narrow spreadsheet columns, read as the words they stand for.
_ABBREVIATIONS = {
    "anfr": "anfragen", "anz": "anzahl", "abspr": "absprung", "verw": "verweildauer", "konv": "konversion",
    "conv": "conversion", "sess": "sessions", "imp": "impressionen", "impr": "impressionen",
    "reichw": "reichweite", "seitenaufr": "seitenaufrufe", "durchschn": "durchschnittliche",
    "bew": "bewertungen", "nl": "newsletter", "quali": "qualifizierte", "qual": "qualifizierte",
}
# Plural and inflection endings a keyword may carry without a trailing ``*`` (Lead → Leads, Anfrage →
# Anfragen).
_ENDINGS = r"(?:s|e|n|en|es|er|ern|ers|ns)?"


# Platform names written in CamelCase are one word, not two: a name that is only ``LinkedIn`` stays whole.
_CAMEL_NAMES = frozenset({
    "linkedin", "whatsapp", "youtube", "tiktok", "hubspot", "provenexpert", "trustpilot", "trustscore",
    "pagespeed", "thruplay", "thruplays", "mailchimp", "cleverreach", "sendinblue", "golocal", "getresponse",
    "activecampaign", "mailerlite", "klicktipp", "trustedshops", "semrush", "searchmetrics", "soundcloud",
})


_PLAIN_WORDS = re.compile(r"[a-z0-9 ]*")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _split_api_words(text: str) -> str:
    """Words of the platforms' API names: ``formSubmit``, ``keyEvents:generate_lead`` (GA4),
    ``RageClickCount`` (Clarity); Google Ads' ``IS`` is the impression share (``Search lost IS (rank)``)."""
    text = re.sub(r"\bIS\b", " impression share ", text)
    if re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", text):  # formSubmit, clickToCall; not LinkedIn or WhatsApp
        return _CAMEL_HUMP.sub(" ", text)
    if re.fullmatch(r"(?:[A-Z][a-z0-9]+){2,}", text) and text.casefold() not in _CAMEL_NAMES:
        return _CAMEL_HUMP.sub(" ", text)
    # Inside a longer name: keyEvents:purchase, actions:onsiteConversion.
    return re.sub(r"\b[a-z]+(?:[A-Z][a-z0-9]+)+\b", lambda word: _CAMEL_HUMP.sub(" ", word.group()), text)


def normalize_name(name: str) -> str:
    """Lower-case ASCII words and single spaces: ``"Ø Bewertung (Google)"`` -> ``"avg bewertung google"``.

    Umlauts and their transliterations meet (``Bestätigungen`` = ``Bestaetigungen``); an event name in
    camelCase is split so that ``formSubmit`` reads like ``form submit`` (but ``LinkedIn`` stays whole).
    """
    # Already lower-case ASCII words (every catalog keyword): the quick way.
    if isinstance(name, str) and _PLAIN_WORDS.fullmatch(name):
        return " ".join(_ABBREVIATIONS.get(word, word) for word in re.findall(r"[a-z0-9]+", name))
    text = _split_api_words(unicodedata.normalize("NFKC", str(name)).strip())
    text = text.casefold()
    for src, dst in _TRANSLIT + _SYMBOLS:
        text = text.replace(src, dst)
    # Other accents (é, è ...) lose their marks; anything that is not a letter or digit separates words.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_ABBREVIATIONS.get(word, word) for word in re.findall(r"[a-z0-9]+", text))


def _term_literal(term: str) -> str:
    return normalize_name(term.replace("*", " "))


def compile_term(term: str) -> re.Pattern[str]:
    """One catalog keyword as a regex over a normalised name.

    ``lead`` matches the word with plural endings (Lead, Leads), ``lead*`` any word starting with it,
    ``*anfrage*`` the letters anywhere inside a word (German compounds: Kontaktanfragen), ``*rate`` a word
    ending in it (Absprungrate, but not Beratung). Words of a phrase may also be written together:
    ``page view*`` matches ``Page Views`` and ``Pageviews``.
    """
    return re.compile(_term_regex(term)[0])


def _term_regex(term: str) -> tuple[str, tuple[str, ...]]:
    """The regex of a keyword and the letters each of its words must show literally in a matching name."""
    raw = term.strip()
    parts = raw.split()
    if not parts:
        raise ValueError(_("empty keyword"))
    pieces = []
    cores = []
    for index, part in enumerate(parts):
        lead_star = part.startswith("*")
        tail_star = part.endswith("*") and len(part) > 1
        core = normalize_name(part.strip("*")).replace(" ", "")
        if not core:
            raise ValueError(_("keyword {term} has no letters").format(term=repr(term)))
        cores.append(core)
        first, last = index == 0, index == len(parts) - 1
        # An open start or end at the edge of the keyword is just a substring search; spelling it as
        # [a-z0-9]* there would make matching quadratic in the length of a (hostile) name.
        piece = ("" if first else r"[a-z0-9]*") if lead_star else (r"\b" if first else "")
        piece += re.escape(core)
        piece += ("" if last else r"[a-z0-9]*") if tail_star else _ENDINGS
        pieces.append(piece)
    last_star = parts[-1].endswith("*")
    return r"\s?".join(pieces) + ("" if last_star else r"\b"), tuple(cores)


@dataclass(frozen=True)
class Term:
    """One keyword. Its regex is compiled on first use, and only searched when the name holds the letters of
    each of its words: the catalog has thousands of keywords, a name shows the letters of a few dozen, and
    compiling all of them made loading the catalog the slowest part of ``check`` and ``import``."""

    text: str
    regex: str
    cores: tuple[str, ...]  # the literal letters of each word; a name without one of them cannot match
    weight: int  # letters of the keyword: longer keywords are more specific

    @classmethod
    def parse(cls, text: str) -> Term:
        regex, cores = _term_regex(text)
        return cls(text, regex, cores, len(_term_literal(text).replace(" ", "")))

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.regex)

    def search(self, padded: str) -> bool:
        return all(core in padded for core in self.cores) and self.pattern.search(padded) is not None


@dataclass(frozen=True)
class Rule:
    """One catalog entry: a KPI family with its judgement and the keywords that recognise it."""

    id: str
    kpi_class: KpiClass
    questions: tuple[Question, ...]
    topic: str
    groups: tuple[tuple[Term, ...], ...]  # every group must match (any one of its terms)
    exclude: tuple[Term, ...]
    reason_de: str
    reason_en: str
    example_de: str
    example_en: str
    direction: Direction | None = None
    priority: int = 0
    suggest: int | None = None  # rank among suggestions for its questions (1 = first); None: never suggested

    def spans(self, normalized: str) -> list[tuple[int, int]]:
        """Where the rule's keywords occur in `` {normalized} `` (the padded name ``Catalog.best`` searches)."""
        return _spans([term for group in self.groups for term in group], f" {normalized} ")

    def example(self, lang: str) -> str:
        return self.example_de if lang == "de" else self.example_en

    def reason(self, lang: str) -> str:
        return self.reason_de if lang == "de" else self.reason_en


def _spans(terms: list[Term] | tuple[Term, ...], padded: str) -> list[tuple[int, int]]:
    return [match.span() for term in terms for match in term.pattern.finditer(padded)]


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def _terms(text: str) -> tuple[Term, ...]:
    return tuple(Term.parse(part) for part in text.split("|"))


# ---- places offline ----------------------------------------------------------------------------------------
# Some catalog keywords count people wherever they are: visits, visitors, dwell time, interactions, traffic. The
# rules that know a name only by such a word measure the website (sessions, users, engagement time, social
# interactions). A place offline in the same name that the rule does not explain ("Besuche im Ladengeschäft",
# "Messebesuche am Stand") makes it a different KPI: it is unclassified, not judged by the website's reason.
# Catalog keyword syntax; docs/classification.md ("Places offline") lists them for agencies.
_ANYWHERE = _terms(
    "besuch|*besuch|*besuche|*besucher|visit|*visits|visitor|*visitors|verweildauer|*verweildauer|"
    "aufenthaltsdauer|*aufenthaltsdauer|besuchszeit|*besuchszeit|besuchsdauer|*besuchsdauer|dwell time|"
    "interaktion|*interaktion|*interaktionen|interaction|"
    "interactions|traffic|*traffic"
)
_PLACES = _terms(
    "laden*|geschaeft|*geschaeft|filial*|*filiale|store|instore|showroom*|*showroom|ausstellung*|*ausstellung|"
    "messe*|*messe|am stand|booth*|trade show*|tradeshow*|trade fair*|exhibition*|vor ort|veranstaltung*|"
    "*veranstaltung|praxis|*praxis|praxisbesuch*|kanzlei*|*kanzlei|schaufenster*|tag der offenen tuer"
)
# Words that keep such a name online: the website's own places, and words that only look like a place.
_STAYS_ONLINE = _terms(
    "*seite*|*page*|*website*|*webseite*|homepage*|online*|*online*|web|internet|url|urls|app|apps|"
    "messenger*|*gemessen*|bemessen*"
)


def _placed_offline(rule: Rule, normalized: str) -> bool:
    """Whether ``rule`` knows the name only by words that count people anywhere, while the name names a place
    offline that none of the rule's keywords covers (and nothing says the KPI is measured online)."""
    padded = f" {normalized} "
    places = _spans(_PLACES, padded)
    if not places or any(term.search(padded) for term in _STAYS_ONLINE):
        return False
    matched = rule.spans(normalized)
    anywhere = _spans(_ANYWHERE, padded)
    if not all(any(s <= start and end <= e for s, e in anywhere) for start, end in matched):
        return False  # the rule also knows a word of its own, e.g. "Routenanfragen" or "wiederkehrende"
    return any(not _overlaps(place, matched) for place in places)


# GA4 event names that are an everyday word: as the whole name, written as GA4 writes events (lower case), they
# mean the event. ``search`` is the site search; "Search" alone stays a word the catalog does not judge.
_EVENT_NAMES = {"search": "site search"}
# The event's name alone, or with its source as an importer writes it: ``search (GA4)``, ``GA4 › search``.
_EVENT_WITH_SOURCE = re.compile(r"(?:[^›]{1,40}›\s*)?([a-z_]{1,40})(?:\s*\([^()]{1,40}\))?")


def _event_name(name: str) -> str | None:
    match = _EVENT_WITH_SOURCE.fullmatch(name.strip()[:MAX_NAME])
    return _EVENT_NAMES.get(match.group(1)) if match else None


_Text = tuple[bool, str, dict[str, int], dict[str, int]]
# Names remembered per catalog (rule, hints, judgement): a batch of workbooks and a test session repeat their names.
_MEMO_SIZE = 4096


@functools.lru_cache(maxsize=_MEMO_SIZE)
def _normalized(name: str) -> str:
    return normalize_name(name)


class _Lookup:
    """What a catalog computes once to judge names fast; built on first use (``Catalog._lookup``).

    ``best``: the literal letters of every keyword word (its cores) are put in a trie; one walk over a name finds
    the cores it shows, and only the keywords whose cores all occur are searched with their regex, only for the
    rules that have such a keyword in every group. ``closest``: a word's trigram scores come from an index of the
    vocabulary by trigram, and a character alignment that cannot beat the rule's best so far is skipped (see
    ``_likeness``). Both give exactly what matching every rule and aligning every text gives (checked by
    benchmarks/bench_classify.py); results are remembered per name, up to ``_MEMO_SIZE`` of them.
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.trie: dict[str, Any] = {}  # char -> child node; "" -> the core that ends here
        # A keyword under its longest core: (all its cores, rule index, group index or -1 for exclude, keyword).
        self.keywords: dict[str, list[tuple[frozenset[str], int, int, Term]]] = {}
        for index, rule in enumerate(rules):
            slots = [(-1, term) for term in rule.exclude]
            slots += [(number, term) for number, group in enumerate(rule.groups) for term in group]
            for slot, term in slots:
                key = max(term.cores, key=len)
                self.keywords.setdefault(key, []).append((frozenset(term.cores), index, slot, term))
                for core in term.cores:
                    node = self.trie
                    for char in core:
                        node = node.setdefault(char, {})
                    node[""] = core
        self.best = functools.lru_cache(maxsize=_MEMO_SIZE)(self._best)
        self.closest = functools.lru_cache(maxsize=_MEMO_SIZE)(self._closest)
        self.classified = functools.lru_cache(maxsize=_MEMO_SIZE)(self._classified)
        self.rough = functools.lru_cache(maxsize=_MEMO_SIZE)(self._rough)

    def _cores_in(self, padded: str) -> set[str]:
        """Every core that occurs in ``padded``."""
        found = set()
        size = len(padded)
        trie = self.trie
        for start in range(size):
            node = trie.get(padded[start])
            end = start + 1
            while node is not None:
                core = node.get("")
                if core is not None:
                    found.add(core)
                if end == size:
                    break
                node = node.get(padded[end])
                end += 1
        return found

    def _best(self, name: str) -> Rule | None:
        normalized = _event_name(name) or _normalized(name[:MAX_NAME])
        if not normalized:
            return None
        padded = f" {normalized} "
        present = self._cores_in(padded)
        candidates: dict[int, list[tuple[int, Term]]] = {}
        for core in present:
            for cores, index, slot, term in self.keywords.get(core, ()):
                if cores <= present:
                    candidates.setdefault(index, []).append((slot, term))
        best_rule: Rule | None = None
        best_score: tuple[int, int, int] | None = None
        for index in sorted(candidates):  # catalog order: ties keep the earlier rule
            rule = self.rules[index]
            score = _score(rule, candidates[index], padded)
            if score is not None and (best_score is None or score > best_score):
                best_rule, best_score = rule, score
        return best_rule

    def _classified(self, name: str) -> Classification:
        """``classify_name``: the best rule's judgement, or unclassified with the closest entries as hints."""
        rule = self.best(name)
        if rule is None or _placed_offline(rule, _normalized(name[:MAX_NAME])):
            reason = _UNKNOWN_REASON if rule is None else _OFFLINE_REASON
            return Classification(
                kpi=name, kpi_class=KpiClass.UNCLASSIFIED, questions=(), reason_de=reason["de"],
                reason_en=reason["en"], source="unknown", direction=Direction.HIGHER, topic=None,
                hint=self.closest(name, "de", 3),
            )
        return Classification(
            kpi=name, kpi_class=rule.kpi_class, questions=rule.questions, reason_de=rule.reason_de,
            reason_en=rule.reason_en, source=rule.id, direction=rule.direction or Direction.HIGHER,
            topic=rule.topic,
        )

    @functools.cached_property
    def vocabulary(self) -> list[list[frozenset[str]]]:
        vocab = []
        for rule in self.rules:
            texts = [rule.example_de, rule.example_en] + [t.text for g in rule.groups for t in g]
            found = {w for text in texts for w in _term_literal(text).split() if len(w) >= 3}
            vocab.append([_trigrams(w) for w in sorted(found)])
        return vocab

    @functools.cached_property
    def texts(self) -> list[list[_Text]]:
        """Per rule what ``closest`` aligns a name with: (is a keyword, text, its letter counts and masks)."""
        out = []
        for rule in self.rules:
            examples = [normalize_name(rule.example_de), normalize_name(rule.example_en)]
            keywords = [_term_literal(t.text) for g in rule.groups for t in g]
            out.append([(False, text, _letter_counts(text), _letter_masks(text)) for text in examples]
                       + [(True, text, _letter_counts(text), _letter_masks(text)) for text in keywords])
        return out

    @functools.cached_property
    def grams(self) -> tuple[dict[str, list[int]], list[int], list[int]]:
        """The vocabulary's words by trigram: (trigram -> words having it, each word's rule, its trigram count)."""
        postings: dict[str, list[int]] = {}
        owners: list[int] = []
        sizes: list[int] = []
        for index, vocabulary in enumerate(self.vocabulary):
            for grams in vocabulary:
                for gram in grams:
                    postings.setdefault(gram, []).append(len(owners))
                owners.append(index)
                sizes.append(len(grams))
        return postings, owners, sizes

    def _rough(self, word: str) -> tuple[float, ...]:
        """Per rule, the best trigram score (Dice: twice the shared trigrams over both counts) of ``word`` with a
        word of its vocabulary; 0.0 for none."""
        grams = _trigrams(word)
        postings, owners, sizes = self.grams
        shared: dict[int, int] = {}
        for gram in grams:
            for entry in postings.get(gram, ()):
                shared[entry] = shared.get(entry, 0) + 1
        best = [0.0] * len(self.rules)
        for entry, common in shared.items():
            score = 2 * common / (len(grams) + sizes[entry])
            if score > best[owners[entry]]:
                best[owners[entry]] = score
        return tuple(best)

    def _closest(self, name: str, lang: str, count: int) -> tuple[str, ...]:
        everything = _normalized(name[:MAX_NAME]).split()
        words = [w for w in everything if len(w) >= 3] or everything
        if not words:
            return ()
        rough = [(max(scores), index) for index, scores in enumerate(zip(*map(self.rough, words), strict=True))]
        shortlist = sorted(rough, key=lambda item: -item[0])[: count * 5]
        normalized = " ".join(words)
        counts = _letter_counts(normalized)
        scored: dict[str, float] = {}
        for score, index in shortlist:
            ratio = _likeness(normalized, counts, self.texts[index])
            label = self.rules[index].example(lang)
            scored[label] = max(scored.get(label, 0.0), (score + ratio) / 2)
        ranked = sorted(scored.items(), key=lambda item: -item[1])  # stable: catalog order breaks ties
        return tuple(label for label, _ in ranked[:count])


def _score(rule: Rule, candidates: list[tuple[int, Term]], padded: str) -> tuple[int, int, int] | None:
    """``(groups, priority, letters)`` when every group of ``rule`` matches the padded name and no exclusion does,
    else ``None``; ``candidates`` are the only keywords that can match (group index, or -1 for an exclusion), so
    only they are searched. ``letters``: the sum of each group's longest matching keyword."""
    groups = len(rule.groups)
    if len({slot for slot, _term in candidates if slot >= 0}) < groups:
        return None
    weights = [0] * groups
    for slot, term in candidates:
        if slot < 0:
            if term.pattern.search(padded) is not None:
                return None
        elif term.weight > weights[slot] and term.pattern.search(padded) is not None:
            weights[slot] = term.weight
    if not all(weights):
        return None
    return (groups, rule.priority, sum(weights))


def _letter_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    return counts


def _letter_masks(text: str) -> dict[str, int]:
    """Per letter of ``text`` the bit mask of where it occurs (for ``_common_subsequence``)."""
    masks: dict[str, int] = {}
    for position, char in enumerate(text):
        masks[char] = masks.get(char, 0) | 1 << position
    return masks


def _common_subsequence(first: str, masks: dict[str, int], size: int) -> int:
    """The length of the longest common subsequence of ``first`` and the text of ``size`` letters that ``masks``
    describes (bit-parallel, Hyyrö 2004)."""
    full = (1 << size) - 1
    row = full
    for char in first:
        match = row & masks.get(char, 0)
        row = ((row + match) | (row - match)) & full
    return size - row.bit_count()


def _likeness(normalized: str, counts: dict[str, int], texts: list[_Text]) -> float:
    """The best ``SequenceMatcher.ratio`` of ``normalized`` with a rule's texts, a keyword's × 0.9 (a keyword
    shared by several families counts a little less than a family's own example name).

    Exactly that, faster: an alignment is skipped when an upper bound of its ratio cannot beat the best so far.
    Its matching blocks are letters both texts have in common (``quick_ratio``'s bound), in the same order in
    both (so at most their longest common subsequence)."""
    size = len(normalized)
    bounds = []
    for keyword, text, letters, masks in texts:
        small, large = (letters, counts) if len(letters) < len(counts) else (counts, letters)
        bound = 2.0 * sum(min(number, large.get(char, 0)) for char, number in small.items()) / (size + len(text))
        bounds.append((0.9 * bound if keyword else bound, keyword, text, masks))
    bounds.sort(key=lambda item: -item[0])  # the most promising first: they set a high bar early
    best: float | None = None
    for bound, keyword, text, masks in bounds:
        if best is not None:
            if bound <= best:
                break  # and so are all after it
            ordered = 2.0 * _common_subsequence(normalized, masks, len(text)) / (size + len(text))
            if (0.9 * ordered if keyword else ordered) <= best:
                continue
        ratio = difflib.SequenceMatcher(None, normalized, text).ratio()
        value = 0.9 * ratio if keyword else ratio
        if best is None or value > best:
            best = value
    assert best is not None
    return best


class _LookupSlot:
    """Where a catalog keeps its ``_Lookup``: a cache, so it travels (pickle, copy) empty."""

    __slots__ = ("lookup",)

    def __init__(self) -> None:
        self.lookup: _Lookup | None = None

    def __reduce__(self) -> tuple[type[_LookupSlot], tuple[()]]:
        return (_LookupSlot, ())


@dataclass(frozen=True)
class Catalog:
    rules: tuple[Rule, ...]
    sources: tuple[str, ...] = ()
    _slot: _LookupSlot = field(default_factory=_LookupSlot, init=False, repr=False, compare=False, hash=False)

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    @property
    def _lookup(self) -> _Lookup:
        if self._slot.lookup is None:
            self._slot.lookup = _Lookup(self.rules)
        return self._slot.lookup

    def best(self, name: str) -> Rule | None:
        """The most specific rule whose keyword groups all match ``name`` (see the module's doc), or ``None``.
        Ties keep the earlier rule: the catalog file is ordered from specific to general within a family."""
        return self._lookup.best(name)

    def closest(self, name: str, lang: str = "de", count: int = 3) -> tuple[str, ...]:
        """The catalog entries whose example names or keywords look most like ``name`` (for unknown names).

        Words are compared by their letter trigrams, so typos (``Kontacktanfrgen``) and compounds still find
        their family; the trigram score finds candidates fast, a character alignment of the whole name
        (``difflib``) then ranks the shortlist, so "Kundenanfrgen" ends up beside "Kontaktanfragen" rather than
        "Neukunden".
        """
        return self._lookup.closest(name, lang, count)


def _trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


# ---- loading -----------------------------------------------------------------------------------------------

_RULE_KEYS = {
    "id", "class", "questions", "topic", "match", "exclude", "reason_de", "reason_en", "example_de",
    "example_en", "direction", "priority", "suggest", "enabled",
}
_REQUIRED_KEYS = ("class", "topic", "match", "reason_de", "reason_en", "example_de", "example_en")
_DEFAULT_PRIORITY = {KpiClass.EFFECT: 10, KpiClass.VANITY: 0}


def _split_group(group: Any) -> list[str]:
    if isinstance(group, str):
        return [part.strip() for part in group.split("|") if part.strip()]
    if isinstance(group, list) and all(isinstance(item, str) for item in group):
        return [item.strip() for item in group if item.strip()]
    raise ValueError(_("each entry of `match` must be a string like \"kontakt*|contact\" or a list of strings"))


def _build_rule(raw: dict[str, Any]) -> Rule:
    """A rule from its merged TOML table; raises ValueError with a message naming the field."""
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        message = _("unknown key(s) {keys} (known: {known})")
        raise ValueError(message.format(keys=", ".join(unknown), known=", ".join(sorted(_RULE_KEYS))))
    missing = [key for key in _REQUIRED_KEYS if key not in raw]
    if missing:
        raise ValueError(_("missing key(s) {keys}").format(keys=", ".join(missing)))
    try:
        kpi_class = KpiClass(raw["class"])
    except ValueError:
        message = _("class must be \"effect\" or \"vanity\", not {value}")
        raise ValueError(message.format(value=repr(raw["class"]))) from None
    if kpi_class is KpiClass.UNCLASSIFIED:
        raise ValueError(_("class must be \"effect\" or \"vanity\""))
    questions_raw = raw.get("questions", [])
    if not isinstance(questions_raw, list):
        raise ValueError(_("questions must be a list"))
    try:
        questions = tuple(Question(q) for q in questions_raw)
    except ValueError:
        known = ", ".join(q.value for q in Question)
        message = _("questions must be taken from {known}, got {value}")
        raise ValueError(message.format(known=known, value=repr(questions_raw))) from None
    if kpi_class is KpiClass.EFFECT and not questions:
        raise ValueError(_("an effect rule needs at least one question"))
    if kpi_class is KpiClass.VANITY and questions:
        raise ValueError(_("a vanity rule answers no question; remove `questions`"))
    topic = raw["topic"]
    allowed = EFFECT_TOPICS if kpi_class is KpiClass.EFFECT else VANITY_TOPICS
    if topic not in allowed:
        message = (_("topic {topic} is not an effect topic (known: {known})") if kpi_class is KpiClass.EFFECT
                   else _("topic {topic} is not a vanity topic (known: {known})"))
        raise ValueError(message.format(topic=repr(topic), known=", ".join(allowed)))
    match = raw["match"]
    if not isinstance(match, list) or not match:
        raise ValueError(_("match must be a non-empty list of keyword groups"))
    try:
        groups = tuple(tuple(Term.parse(t) for t in _split_group(group)) for group in match)
        exclude_raw = raw.get("exclude", [])
        exclude = tuple(Term.parse(t) for group in exclude_raw for t in _split_group(group))
    except (ValueError, re.error) as exc:
        raise ValueError(_("bad keyword: {error}").format(error=exc)) from None
    if any(not group for group in groups):
        raise ValueError(_("match has an empty keyword group"))
    direction = raw.get("direction")
    if direction is not None:
        try:
            direction = Direction(direction)
        except ValueError:
            message = _("direction must be \"higher\" or \"lower\", not {value}")
            raise ValueError(message.format(value=repr(direction))) from None
    for key in ("reason_de", "reason_en", "example_de", "example_en"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise ValueError(_("{key} must be a non-empty text").format(key=key))
    priority = raw.get("priority", _DEFAULT_PRIORITY[kpi_class])
    suggest = raw.get("suggest")
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise ValueError(_("priority must be a whole number"))
    if suggest is not None and (not isinstance(suggest, int) or isinstance(suggest, bool)):
        raise ValueError(_("suggest must be a whole number"))
    return Rule(
        id=raw["id"], kpi_class=kpi_class, questions=questions, topic=topic, groups=groups, exclude=exclude,
        reason_de=raw["reason_de"].strip(), reason_en=raw["reason_en"].strip(),
        example_de=raw["example_de"].strip(), example_en=raw["example_en"].strip(),
        direction=direction, priority=priority, suggest=suggest,
    )


def _read_rule_tables(path: Path) -> list[dict[str, Any]]:
    file = str(path)
    data = read_toml(path, "catalog")
    extra = sorted(set(data) - {"rule"})
    if extra:
        message = _("unknown section(s) {sections}: a catalog has only [[rule]] tables")
        message = message.format(sections=", ".join(extra))
        raise ConfigError(Problem(file, message))
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(Problem(file, _("rules must be written as [[rule]] tables")))
    problems = []
    for index, table in enumerate(tables, start=1):
        rule_id = table.get("id")
        if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9_]+", rule_id):
            message = _("rule #{number}: id must be lower-case letters, digits and _").format(number=index)
            problems.append(Problem(file, message))
    if problems:
        raise ConfigError(problems)
    return tables


def _merge(base: list[dict[str, Any]], path: Path) -> list[dict[str, Any]]:
    """Rules of an agency file replace fields of packaged rules with the same id, or are appended."""
    merged = {table["id"]: dict(table) for table in base}
    order = [table["id"] for table in base]
    for table in _read_rule_tables(path):
        if table["id"] in merged:
            merged[table["id"]].update(table)
        else:
            merged[table["id"]] = dict(table)
            order.append(table["id"])
    return [merged[rule_id] for rule_id in order]


def _build_catalog(tables: list[dict[str, Any]], files: dict[str, str], sources: tuple[str, ...]) -> Catalog:
    rules, problems, seen = [], [], set()
    for table in tables:
        rule_id = table["id"]
        if rule_id in seen:
            problems.append(Problem(files[rule_id], _("rule {rule}: the id is used twice").format(rule=quote(rule_id))))
            continue
        seen.add(rule_id)
        if table.get("enabled", True) is False:
            continue
        try:
            rules.append(_build_rule(table))
        except ValueError as exc:
            problems.append(Problem(files[rule_id], _("rule {rule}: {error}").format(rule=quote(rule_id), error=exc)))
    if problems:
        raise ConfigError(problems)
    return Catalog(tuple(rules), sources)


@functools.lru_cache(maxsize=1)
def _packaged() -> tuple[tuple[dict[str, Any], ...], Catalog]:
    path = package_file("catalog.toml")
    tables = _read_rule_tables(path)
    catalog = _build_catalog(tables, {t["id"]: str(path) for t in tables}, (str(path),))
    return tuple(tables), catalog


@functools.lru_cache(maxsize=8)
def _with_extra(extra: Path, text: str) -> Catalog:
    """Cached by the file's content, so an edited agency catalog is picked up at once."""
    base, _catalog = _packaged()
    files = {t["id"]: str(package_file("catalog.toml")) for t in base}
    agency = _read_rule_tables(extra)
    files.update({t["id"]: str(extra) for t in agency})
    return _build_catalog(_merge(list(base), extra), files, (str(package_file("catalog.toml")), str(extra)))


def load_catalog(extra: Path | None = None) -> Catalog:
    """The packaged catalog, extended or overridden rule by rule (same ``id``) by an agency file."""
    if extra is None:
        return _packaged()[1]
    extra = Path(extra).expanduser().resolve()
    try:
        text = extra.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(Problem(str(extra), _(TOML_FILES["catalog"][0]))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Problem(str(extra), _(TOML_FILES["catalog"][1]).format(error=exc))) from None
    return _with_extra(extra, text)


def catalog_for_config(config: Config) -> Catalog:
    """The catalog an agency configured in ``reporter.toml`` (``[report] catalog``), else the packaged one."""
    return load_catalog(config.resolve(config.report.catalog))


# ---- classifying -------------------------------------------------------------------------------------------


def classify_name(name: str, catalog: Catalog | None = None) -> Classification:
    """The catalog's judgement on a KPI name alone (remembered per catalog: a batch repeats its names)."""
    return (catalog or load_catalog())._lookup.classified(name)


def _override_reason(cls: KpiClass, questions: tuple[Question, ...], base: Classification, lang: str) -> str:
    label = {"de": {KpiClass.EFFECT: "Wirkungskennzahl", KpiClass.VANITY: "Vanity-Kennzahl"},
             "en": {KpiClass.EFFECT: "effect metric", KpiClass.VANITY: "vanity metric"}}[lang]
    text = label[cls] if cls in label else CLASS_LABEL[cls][lang]
    if questions:
        text += " (" + ", ".join(QUESTION_LABEL[q][lang] for q in questions) + ")"
    if lang == "de":
        sentence = f"Von der Agentur eingestuft als {text}."
        if base.kpi_class is not KpiClass.UNCLASSIFIED and base.kpi_class is not cls:
            sentence += f" Der Katalog hätte sie als {label[base.kpi_class]} eingestuft."
    else:
        sentence = f"Classified by the agency as {'an' if text[0] in 'aeiou' else 'a'} {text}."
        if base.kpi_class is not KpiClass.UNCLASSIFIED and base.kpi_class is not cls:
            sentence += f" The catalog would have classified it as a {label[base.kpi_class]}."
    return sentence


# Words added to a KPI's name when its channel column says where it was measured.
_CHANNEL_CONTEXT = {"social": "Social Media", "email": "Newsletter"}


def classify_kpi(kpi: Kpi, role: Role | None, catalog: Catalog | None = None) -> Classification:
    """The judgement on one workbook row: the agency's override wins, else the catalog.

    ``role`` (the client's marketing role) decides which effect metrics are ``primary``.
    """
    catalog = catalog or load_catalog()
    base = classify_name(kpi.name, catalog)
    context = _CHANNEL_CONTEXT.get(kpi.channel or "")
    if context:
        # The channel column resolves names that are ambiguous alone: "Engagement-Rate" on the social channel
        # is the posts' engagement, "Absprungrate" on the e-mail channel counts bounced e-mails.
        in_context = classify_name(f"{kpi.name} ({context})", catalog)
        if in_context.source != base.source and in_context.kpi_class is not KpiClass.UNCLASSIFIED:
            base = replace(in_context, kpi=kpi.name)
    direction = kpi.direction or base.direction
    if kpi.direction is None and base.topic == "speed" and kpi.unit == "seconds":
        direction = Direction.LOWER  # a speed in seconds is a load time, whatever the score rule says
    result = replace(base, direction=direction)
    if kpi.class_override is not None or kpi.question_override is not None:
        cls = kpi.class_override or KpiClass.EFFECT  # naming an impact question makes it an effect metric
        if cls is KpiClass.EFFECT:
            questions = (kpi.question_override,) if kpi.question_override else (
                base.questions if base.kpi_class is KpiClass.EFFECT else ()
            )
        else:
            questions = ()
        topic = base.topic if base.kpi_class is cls else ("other" if cls is KpiClass.EFFECT else None)
        result = replace(
            result, kpi_class=cls, questions=questions, topic=topic, source="override", hint=(),
            reason_de=_override_reason(cls, questions, base, "de"),
            reason_en=_override_reason(cls, questions, base, "en"),
        )
    primary = (
        role is not None and result.kpi_class is KpiClass.EFFECT and result.topic in primary_topics(role)
    )
    return replace(result, primary=primary)


def classify_data(data: ClientData, catalog: Catalog | None = None) -> dict[str, Classification]:
    """Every KPI of a workbook by name, in the workbook's order."""
    return {kpi.name: classify_kpi(kpi, data.client.role, catalog) for kpi in data.kpis}


def primary_topics(role: Role | None) -> tuple[str, ...]:
    """The effect topics that are the client's primary results for this marketing role."""
    return _PRIMARY_TOPICS.get(role, ()) if role is not None else ()


def suggest_kpis(
    question: Question, lang: str = "de", role: Role | None = None, catalog: Catalog | None = None,
    count: int = 3,
) -> list[str]:
    """Two or three concrete KPI names from the catalog that would answer ``question`` for this client."""
    catalog = catalog or load_catalog()
    candidates = [
        rule for rule in catalog.rules
        if rule.kpi_class is KpiClass.EFFECT and question in rule.questions and rule.suggest is not None
    ]
    primary = primary_topics(role)
    # The client's own primary results come first (applications for a recruiting client), then the
    # catalog's rank.
    candidates.sort(key=lambda r: (r.topic not in primary, r.questions[0] is not question, r.suggest or 0))
    names: list[str] = []
    for rule in candidates:
        name = rule.example(lang)
        if name not in names:
            names.append(name)
    return names[:count]


def unknown_kpi_warnings(data: ClientData, catalog: Catalog | None = None) -> list[Problem]:
    """One warning per KPI the catalog does not know and the agency did not classify itself, at the KPI's name
    where it was read (``ClientData.origins``)."""
    catalog = catalog or load_catalog()
    lang = data.client.language if data.client.language in ("de", "en") else "de"
    problems = []
    for index, kpi in enumerate(data.kpis):
        if kpi.class_override is not None or kpi.question_override is not None:
            continue
        if classify_kpi(kpi, None, catalog).kpi_class is not KpiClass.UNCLASSIFIED:
            continue
        hint = ", ".join(catalog.closest(kpi.name, lang))
        problems.append(Problem.at(
            data.located("kpis", index, "name") or Origin(data.source.name),
            message=_("unknown KPI name {name} — did you mean: {hints}? (or set its classification in the workbook)")
            .format(name=quote(kpi.name), hints=hint),
            severity=Severity.WARNING,
        ))
    return problems


# ---- a readable table for ``reporter classify`` ------------------------------------------------------------

_TABLE_HEADERS = {
    "de": ("Kennzahl", "Einstufung", "Wirkungsfragen", "Quelle", "Begründung"),
    "en": ("KPI", "Class", "Questions", "Source", "Reason"),
}


def classification_table(items: list[Classification] | tuple[Classification, ...], lang: str = "de") -> str:
    """A plain-text table (KPI, class, questions, source, reason) in ``lang``; unknown names show hints."""
    lang = lang if lang in _TABLE_HEADERS else "de"
    rows = []
    for item in items:
        reason = item.reason(lang)
        if item.hint:
            reason += (" Ähnlich: " if lang == "de" else " Similar: ") + ", ".join(item.hint)
        labels = {"override": "Agentur" if lang == "de" else "agency", "unknown": "—"}
        source = labels.get(item.source, item.source)
        rows.append((
            item.kpi,
            CLASS_LABEL[item.kpi_class][lang],
            ", ".join(QUESTION_LABEL[q][lang] for q in item.questions) or "—",
            source,
            reason,
        ))
    headers = _TABLE_HEADERS[lang]
    widths = [max([len(headers[i])] + [len(row[i]) for row in rows]) for i in range(4)]
    widths = [min(width, 40) for width in widths]

    def line(cells: tuple[str, ...]) -> str:
        # Long names are cut with an ellipsis so the reason column stays aligned and readable.
        fixed = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells[:4], widths, strict=True)]
        return "  ".join(c.ljust(w) for c, w in zip(fixed, widths, strict=True)) + "  " + cells[4]

    out = [line(headers), "  ".join("-" * w for w in widths) + "  " + "-" * len(headers[4])]
    out += [line(row) for row in rows]
    return "\n".join(out)


# ---- the catalog as a Markdown table (docs/classification.md) ----------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _keyword_preview(terms: tuple[Term, ...], shown: int = 8) -> str:
    """The first keywords of a group; the full list is in reporter/catalog.toml."""
    text = " \\| ".join(f"`{t.text}`" for t in terms[:shown])
    return text + (f" \\| … (+{len(terms) - shown})" if len(terms) > shown else "")


def catalog_markdown(catalog: Catalog | None = None) -> str:
    """The catalog's table for docs/classification.md, generated from the data file."""
    catalog = catalog or load_catalog()
    lines = [
        "| id | class | questions | example (de / en) | keywords | reason (de) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in catalog.rules:
        keywords = " + ".join(f"({_keyword_preview(group)})" for group in rule.groups)
        if rule.exclude:
            keywords += ", not " + _keyword_preview(rule.exclude)
        questions = ", ".join(QUESTION_LABEL[q]["en"] for q in rule.questions) or "—"
        if rule.direction is Direction.LOWER:
            questions += " (lower is better)"
        lines.append(
            f"| `{rule.id}` | {rule.kpi_class.value} | {questions} | {_md(rule.example_de)} / "
            f"{_md(rule.example_en)} | {keywords} | {_md(rule.reason_de)} |"
        )
    return "\n".join(lines) + "\n"


DOC_MARKERS = ("<!-- catalog:start -->\n", "<!-- catalog:end -->")


def write_doc(path: Path) -> bool:
    """Replace the generated catalog table in ``path`` (between the markers); ``True`` when it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = DOC_MARKERS
    if start not in text or end not in text:
        raise ValueError(f"{path}: the markers {start.strip()} and {end} are missing")
    head, rest = text.split(start, 1)
    _head, tail = rest.split(end, 1)
    updated = head + start + catalog_markdown() + end + tail
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


def _main(argv: list[str] | None = None) -> int:
    """``python -m reporter.impact --markdown`` prints the table; ``--write-doc [PATH]`` updates the doc."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args == ["--markdown"]:
        sys.stdout.write(catalog_markdown())
        return 0
    if args and args[0] == "--write-doc" and len(args) <= 2:
        default = Path(__file__).resolve().parent.parent / "docs" / "classification.md"
        target = Path(args[1]) if len(args) == 2 else default
        changed = write_doc(target)
        sys.stderr.write(f"{target}: {'updated' if changed else 'up to date'}\n")
        return 0
    sys.stderr.write("usage: python -m reporter.impact --markdown | --write-doc [PATH]\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(_main())
