"""Every metric an importer can write into a workbook is classified by the catalog, in both languages, the same
way: a new KPI row never lands as "unclassified", and a German and an English workbook get the same judgement.

The metrics are collected from the platform modules' declarations (every ``Metric`` they hold as data) plus the
metrics they make per event, goal or result type, with the names real accounts use."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from reporter.impact import classify_name, load_catalog
from reporter.importing.model import Metric
from reporter.importing.platforms import MODULES, ga4, matomo, meta, newsletter, platforms, search_console
from reporter.model import KpiClass


def _walk(value: Any, seen: set[int], depth: int = 0) -> Iterator[Metric]:
    if id(value) in seen or depth > 6:
        return
    seen.add(id(value))
    if isinstance(value, Metric):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item, seen, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _walk(item, seen, depth + 1)
    elif hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        for name in value.__dataclass_fields__:
            yield from _walk(getattr(value, name, None), seen, depth + 1)


def every_metric() -> dict[tuple[str, str], Metric]:
    platforms()
    found: dict[tuple[str, str], Metric] = {}
    seen: set[int] = set()
    for module in MODULES:
        for name, value in vars(importlib.import_module(f"reporter.importing.platforms.{module}")).items():
            if not name.startswith("__"):
                found.update({(m.platform, m.key): m for m in _walk(value, seen)})
    made = [
        *search_console.metrics("web").values(),
        *search_console.metrics("image").values(),
        *(newsletter.metric(vendor, key) for vendor in ("Mailchimp", "CleverReach", "Brevo")
          for key in newsletter.KPIS),
        *(ga4.per_event("key_events", event) for event in ("generate_lead", "form_submit", "purchase", "kontakt")),
        *(ga4.per_event("event_count", event) for event in ("generate_lead", "form_submit", "purchase")),
        *(matomo._goal_metric(goal) for goal in ("goal:Kontaktformular", "goal:3", "goal:Newsletter-Anmeldung")),
        *(m for indicator in ("actions:lead", "actions:onsite_conversion.messaging_conversation_started_7d")
          for m in meta.result_metrics(indicator)[:2]),
    ]  # fmt: skip
    found.update({(m.platform, m.key): m for m in made})
    return found


METRICS = every_metric()


def test_every_platform_declares_its_metrics() -> None:
    assert {platform for platform, _key in METRICS} >= {
        "GA4", "Search Console", "Google Ads", "Meta Ads", "Google Business Profile", "Matomo", "LinkedIn",
        "Mailchimp", "CleverReach", "Brevo",
    }  # fmt: skip
    assert len(METRICS) > 120


@pytest.fixture(scope="module")
def judged() -> dict[tuple[str, str], dict[str, Any]]:
    catalog = load_catalog()
    return {key: {lang: classify_name(m.name[lang], catalog) for lang in ("de", "en")} for key, m in METRICS.items()}


def test_no_imported_metric_is_unclassified(judged: dict[tuple[str, str], dict[str, Any]]) -> None:
    unclassified = [
        f"{METRICS[key].name[lang]} ({key[0]} › {key[1]})"
        for key, by_lang in judged.items()
        for lang, result in by_lang.items()
        if result.kpi_class is KpiClass.UNCLASSIFIED
    ]
    assert unclassified == []


def test_german_and_english_names_are_judged_alike(judged: dict[tuple[str, str], dict[str, Any]]) -> None:
    differ = [
        f"{METRICS[key].name['de']} / {METRICS[key].name['en']}: "
        f"{by_lang['de'].kpi_class}/{by_lang['en'].kpi_class} {by_lang['de'].questions}/{by_lang['en'].questions}"
        for key, by_lang in judged.items()
        if (by_lang["de"].kpi_class, by_lang["de"].questions) != (by_lang["en"].kpi_class, by_lang["en"].questions)
    ]
    assert differ == []
