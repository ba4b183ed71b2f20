"""The catalog against blind lists of KPI names written from the domain before looking at the catalog
(tests/kpi_names_blind.py; platform and offline names in tests/kpi_names_offline.py): at least 97 % in the right
class and, for effect metrics, at least 90 % with a right impact question. Every miss is named in the failure
message, so a regression is easy to judge."""

from __future__ import annotations

import pytest

from reporter.impact import classify_name, load_catalog
from reporter.model import KpiClass, Question
from tests.kpi_names_blind import BLIND, FRESH
from tests.kpi_names_offline import OFFLINE

_LETTERS = {
    "U": Question.UNDERSTANDING, "F": Question.FINDABILITY, "T": Question.TRUST, "N": Question.NEXT_STEP,
}
MIN_CLASS = 0.97
MIN_QUESTION = 0.90


def _expected(code: str) -> tuple[KpiClass, frozenset[Question]]:
    if code == "V":
        return KpiClass.VANITY, frozenset()
    if code == "?":
        return KpiClass.UNCLASSIFIED, frozenset()
    return KpiClass.EFFECT, frozenset(_LETTERS[letter] for letter in code)


def _score(items: list[tuple[str, str]]) -> tuple[float, float, list[str]]:
    catalog = load_catalog()
    class_right = question_right = effects = 0
    misses: list[str] = []
    for name, code in items:
        want_class, want_questions = _expected(code)
        got = classify_name(name, catalog)
        if got.kpi_class is want_class:
            class_right += 1
        else:
            misses.append(f"{name!r}: expected {code}, got {got.kpi_class.value} via {got.source}")
        if want_class is KpiClass.EFFECT:
            effects += 1
            if got.kpi_class is KpiClass.EFFECT and want_questions & set(got.questions):
                question_right += 1
            elif got.kpi_class is KpiClass.EFFECT:
                questions = ", ".join(q.value for q in got.questions)
                misses.append(f"{name!r}: expected question {code}, got {questions} via {got.source}")
    return class_right / len(items), question_right / effects, misses


@pytest.mark.parametrize("items", [BLIND, FRESH, OFFLINE], ids=["first batch", "fresh batch", "platforms and offline"])
def test_blind_list_accuracy(items: list[tuple[str, str]]) -> None:
    class_share, question_share, misses = _score(items)
    report = f"class {class_share:.1%}, question {question_share:.1%}; misses:\n" + "\n".join(misses)
    assert class_share >= MIN_CLASS, report
    assert question_share >= MIN_QUESTION, report


def test_blind_lists_are_large_varied_and_well_formed() -> None:
    """The thresholds only mean something on a big list with both classes, all questions and no repeats."""
    assert len(BLIND) >= 250
    assert len(FRESH) >= 80
    assert len(OFFLINE) >= 60
    everything = BLIND + FRESH + OFFLINE
    names = [name for name, _ in everything]
    assert len(names) == len(set(names)), "a name is listed twice"
    codes = "".join(code for _, code in everything)
    for letter in "VUFTN?":
        assert letter in codes, f"no entry with {letter}"
    assert all(code in {"V", "?"} or set(code) <= set(_LETTERS) for _, code in everything)
