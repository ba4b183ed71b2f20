"""The catalog against metric names exactly as the platforms spell them (issue 14): GA4, Search Console, Google
Ads, Meta, LinkedIn, Google Business Profile, Matomo, Clarity, Hotjar, newsletters and review platforms, German
and English UI labels and API names (tests/kpi_names_platforms.py), also with the platform in brackets or as a
source path as an importer writes them (``Klicks (Google-Suche)``, ``GA4 › Sitzungen``).

The tuned list must be classified without a miss; the blind third (tests/kpi_names_platforms_blind.py, never tuned
against) must reach the issue's bar: 97 % right class, 95 % right question. Every miss is named in the failure
message and printed (``pytest -s``), so a regression is easy to judge. Each name is classified once per module.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from reporter.impact import Classification, classify_name, load_catalog, normalize_name
from reporter.model import KpiClass
from tests.kpi_names_platforms import PLATFORMS, SOURCES
from tests.kpi_names_platforms_blind import PLATFORMS_BLIND
from tests.test_kpi_blind import _expected

ROOT = Path(__file__).resolve().parent.parent
MIN_CLASS = 0.97
MIN_QUESTION = 0.95


def _with_sources(lists: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Each name as an importer writes it, in turn with the platform in brackets and as a source path, the
    platform's names taken in turn too: ``Sitzungen (GA4)``, ``Google Analytics › Aufrufe``."""
    out = []
    for platform, items in lists.items():
        labels = SOURCES[platform]
        for index, (name, code) in enumerate(items):
            if labels:
                label = labels[index % len(labels)]
                out.append((f"{name} ({label})" if index % 2 == 0 else f"{label} › {name}", code))
    return out


def _flat(lists: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    return [item for items in lists.values() for item in items]


@functools.cache
def _judged(which: str) -> tuple[tuple[str, str, Classification], ...]:
    """Every name of one list with the catalog's judgement, classified once for the whole module."""
    lists = {"tuned": PLATFORMS, "blind": PLATFORMS_BLIND}[which.split()[0]]
    items = _with_sources(lists) if which.endswith("sources") else _flat(lists)
    catalog = load_catalog()
    return tuple((name, code, classify_name(name, catalog)) for name, code in items)


def _score(which: str) -> tuple[float, float, list[str]]:
    class_right = question_right = effects = 0
    misses: list[str] = []
    judged = _judged(which)
    for name, code, got in judged:
        want_class, want_questions = _expected(code)
        questions = ", ".join(q.value for q in got.questions)
        if got.kpi_class is want_class:
            class_right += 1
        else:
            misses.append(f"{name!r}: expected {code}, got {got.kpi_class.value} via {got.source}")
        if want_class is KpiClass.EFFECT:
            effects += 1
            if got.kpi_class is KpiClass.EFFECT and want_questions & set(got.questions):
                question_right += 1
            elif got.kpi_class is KpiClass.EFFECT:
                misses.append(f"{name!r}: expected question {code}, got {questions} via {got.source}")
    return class_right / len(judged), question_right / effects, misses


def _report(which: str, class_share: float, question_share: float, misses: list[str]) -> str:
    text = f"{which}: class {class_share:.1%}, question {question_share:.1%}; misses:\n" + "\n".join(misses)
    print(text)  # noqa: T201 - shown with pytest -s: the names the catalog gets wrong
    return text


@pytest.mark.parametrize("which", ["tuned", "tuned with sources"])
def test_the_tuned_platform_list_has_no_miss(which: str) -> None:
    class_share, question_share, misses = _score(which)
    assert misses == [], _report(which, class_share, question_share, misses)


@pytest.mark.parametrize("which", ["blind", "blind with sources"])
def test_the_blind_platform_list_meets_the_bar(which: str) -> None:
    class_share, question_share, misses = _score(which)
    report = _report(which, class_share, question_share, misses)
    assert class_share >= MIN_CLASS, report
    assert question_share >= MIN_QUESTION, report


def test_the_platform_lists_are_large_varied_and_well_formed() -> None:
    """The thresholds only mean something on a big list with every platform, both classes and all questions."""
    tuned, blind = _flat(PLATFORMS), _flat(PLATFORMS_BLIND)
    assert len(tuned) >= 400
    assert len(blind) >= 200
    assert set(PLATFORMS) == set(PLATFORMS_BLIND) == set(SOURCES)
    names = [name for name, _ in tuned + blind]
    assert len(names) == len(set(names)), "a name is listed twice"
    for items in (tuned, blind):
        codes = "".join(code for _, code in items)
        for letter in "VUFTN?":
            assert letter in codes, f"no entry with {letter}"
        assert all(code in {"V", "?"} or set(code) <= set("UFTN") for _, code in items)
    for platform, items in PLATFORMS_BLIND.items():
        assert len(items) >= 5, f"the blind list has too few names of {platform}"


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("Klicks (Google-Suche)", "Klicks"),
        ("Clicks (Google Search)", "Clicks"),
        ("Sitzungen mit Interaktion (GA4)", "Sitzungen mit Interaktion"),
        ("Routenanfragen (Unternehmensprofil)", "Routenanfragen"),
        ("GA4 › Schlüsselereignisse: generate_lead", "generate_lead"),
        ("Search Console › Durchschnittliche Position", "Durchschnittliche Position"),
        ("Rage Clicks (Clarity)", "Rage Clicks"),
        ("search (GA4)", "search"),
        ("Amount spent (USD)", "Amount spent (EUR)"),
    ],
)
def test_a_name_with_its_platform_is_judged_like_the_bare_metric(name: str, bare: str) -> None:
    got, want = classify_name(name), classify_name(bare)
    assert (got.kpi_class, got.questions) == (want.kpi_class, want.questions)
    assert got.kpi_class is not KpiClass.UNCLASSIFIED


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("engagedSessions", "engaged sessions"),
        ("keyEvents:generate_lead", "key events generate lead"),
        ("RageClickCount", "rage click count"),
        ("screenPageViewsPerSession", "screen page views per session"),
        ("Search lost IS (rank)", "search lost impression share rank"),
        ("Durchschn. CPC", "durchschnittliche cpc"),
        ("LinkedIn", "linkedin"),
        ("ThruPlays", "thruplays"),
    ],
)
def test_api_names_and_abbreviations_are_read_as_words(name: str, words: str) -> None:
    assert normalize_name(name) == words


def test_the_docs_platform_table_says_what_the_catalog_does() -> None:
    """docs/classification.md lists each platform's effect and vanity metrics; every name it shows is judged so."""
    doc = (ROOT / "docs" / "classification.md").read_text(encoding="utf-8")
    section = doc.split("## The platforms' own names", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| platform")]
    wrong, checked = [], 0
    for row in rows:
        _platform, effect, vanity = (cell.strip() for cell in row.strip("|").split(" | "))
        vanity = vanity.split("; a bare")[0]  # "a bare `Ergebnisse` stays unclassified"
        for cell, want in ((effect, KpiClass.EFFECT), (vanity, KpiClass.VANITY)):
            for name in re.findall(r"`([^`]+)`", cell):
                checked += 1
                got = classify_name(name)
                if got.kpi_class is not want:
                    wrong.append(f"{name!r}: the doc says {want.value}, the catalog {got.kpi_class.value}")
    assert checked >= 100
    assert wrong == []
