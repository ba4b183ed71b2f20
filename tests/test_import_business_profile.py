"""Google Business Profile performance reports (reporter/importing/platforms/business_profile.py), German and
English UI, written by tests/exports_ads.py: UTF-8 with commas, a description row under the header, one row per
location, the period only in the file name Google gives the download."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporter import i18n
from reporter.importing import read_exports
from reporter.importing.model import Reading
from reporter.model import Severity
from tests.exports_ads import business_profile

HEADER = {
    "en": ["Store code", "Business name", "Address", "Labels", "Overall rating", "Google Search - mobile",
           "Google Search - desktop", "Google Maps - mobile", "Google Maps - desktop", "Calls", "Messages", "Bookings",
           "Directions", "Website clicks", "Food orders"],
    "de": ["Geschäftscode", "Name des Unternehmens", "Adresse", "Labels", "Gesamtbewertung", "Google Suche – mobil",
           "Google Suche – Desktop", "Google Maps – mobil", "Google Maps – Desktop", "Anrufe", "Nachrichten",
           "Buchungen", "Routenanfragen", "Websiteklicks", "Essensbestellungen"],
}  # fmt: skip
DESCRIPTION = {
    "en": ["", "", "", "", "", "Number of people that viewed your Business Profile on Google Search on mobile devices",
           "Number of people that viewed your Business Profile on Google Search on desktop computers",
           "Number of people that viewed your Business Profile on Google Maps on mobile devices",
           "Number of people that viewed your Business Profile on Google Maps on desktop computers",
           "Number of calls made from your Business Profile", "Number of conversations started",
           "Number of bookings made from your Business Profile", "Number of direction requests",
           "Number of website clicks", "Number of food orders"],
    "de": ["", "", "", "", "", "Anzahl der Nutzer, die Ihr Unternehmensprofil in der Google Suche auf Mobilgeräten "
           "aufgerufen haben", "Anzahl der Nutzer … Google Suche am Computer", "Anzahl der Nutzer … Google Maps auf "
           "Mobilgeräten", "Anzahl der Nutzer … Google Maps am Computer", "Anzahl der Anrufe",
           "Anzahl der Unterhaltungen", "Anzahl der Buchungen", "Anzahl der Routenanfragen", "Anzahl der Websiteklicks",
           "Anzahl der Essensbestellungen"],
}  # fmt: skip
LOCATIONS = [  # views: search mobile, search desktop, maps mobile, maps desktop; calls, messages, bookings, …
    ["MUE-01", "Müller Dach", "Hauptstraße 1, 10115 Berlin", "", "4.8", "1200", "300", "450", "50", "35", "4", "0",
     "61", "88", "0"],
    ["MUE-02", "Müller Dach Potsdam", "Am Markt 2, 14467 Potsdam", "", "4.6", "800", "200", "250", "25", "15", "1",
     "0", "39", "42", "0"],
]  # fmt: skip
NAME = {
    "en": "GMB insights (Performance Report) - 2025-10-1 - 2025-10-31 - 8f3a2c1d.csv",
    "de": "GMB-Statistiken (Leistungsbericht) - 2025-10-1 - 2025-10-31 - 8f3a2c1d.csv",  # not seen: a guess
}


def read(*paths: Path) -> tuple[list[Reading], list]:
    exports = read_exports(list(paths))
    return exports.readings, exports.problems


def values(reading: Reading) -> dict[str, dict[str, float]]:
    return {s.metric.key: {m: v.value for m, v in s.values.items()} for s in reading.series}


@pytest.mark.parametrize("lang", ["en", "de"])
def test_two_locations_are_summed_for_the_month_in_the_file_name(tmp_path: Path, lang: str) -> None:
    path = business_profile(tmp_path / NAME[lang], HEADER[lang], DESCRIPTION[lang], LOCATIONS)
    assert path.read_bytes().startswith(HEADER[lang][0].encode() + b",")
    (reading,), problems = read(path)
    assert (reading.platform, reading.report) == ("Google Business Profile", "Performance report")
    assert values(reading) == {
        "views": {"2025-10": 3275.0},  # 1200 + 300 + 450 + 50 + 800 + 200 + 250 + 25
        "views_search_mobile": {"2025-10": 2000.0},  # 1200 + 800; the description row is no data
        "views_search_desktop": {"2025-10": 500.0},
        "views_maps_mobile": {"2025-10": 700.0},
        "views_maps_desktop": {"2025-10": 75.0},
        "calls": {"2025-10": 50.0},  # 35 + 15
        "messages": {"2025-10": 5.0},
        "directions": {"2025-10": 100.0},  # 61 + 39
        "website_clicks": {"2025-10": 130.0},  # 88 + 42
    }  # no bookings and food orders: no location offers them; the rating is the download day's, not the month's
    assert problems == []
    by_key = {s.metric.key: s for s in reading.series}
    assert by_key["calls"].note == "summed over 2 locations"
    assert by_key["views"].note == (
        "the sum of the four view columns (Google Search and Maps, mobile and desktop); summed over 2 locations"
    )
    assert str(by_key["calls"].values["2025-10"].origin) == f"{NAME[lang]} › rows 3–4"
    assert by_key["views"].metric.name == {
        "de": "Profilaufrufe (Unternehmensprofil)",
        "en": "Business Profile views",
    }
    assert by_key["directions"].metric.source("de") == "Google Business Profile › Routenanfragen"
    assert by_key["directions"].metric.source("en") == "Google Business Profile › Directions"


def test_one_location_with_food_orders(tmp_path: Path) -> None:
    restaurant = ["", "Trattoria Roma", "Kantstraße 5, 10623 Berlin", "", "4.4", "2000", "400", "900", "100", "60",
                  "9", "3", "120", "75", "41"]  # fmt: skip
    path = business_profile(tmp_path / NAME["en"], HEADER["en"], DESCRIPTION["en"], [restaurant])
    (reading,), problems = read(path)
    got = values(reading)
    assert got["food_orders"] == {"2025-10": 41.0}
    assert got["bookings"] == {"2025-10": 3.0}
    assert got["views"] == {"2025-10": 3400.0}
    assert {s.metric.key: s.note for s in reading.series}["calls"] is None  # one location: nothing summed
    assert problems == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gbp-oktober.csv", 'a Business Profile report names its period only in the file name Google gives it (for '
                            'example "GMB insights (Performance Report) - 2025-10-1 - 2025-10-31 - ….csv"), and this '
                            "name has none, so nothing was imported: download the report again and keep its name"),
        ("GMB insights (Performance Report) - 2025-10-5 - 2025-11-4 - 1a.csv",
         "the report covers 5 October 2025 – 4 November 2025, which is not a whole calendar month, so nothing was "
         "imported: download it again for one calendar month (Performance › date range › a month)"),
        ("GMB insights (Performance Report) - 2025-7-1 - 2025-9-30 - 1a.csv",
         "the report covers 1 July 2025 – 30 September 2025, several months in one number per location, so nothing "
         "was imported: download one report per calendar month"),
    ],
)  # fmt: skip
def test_a_period_that_is_not_one_calendar_month_is_refused(tmp_path: Path, name: str, expected: str) -> None:
    path = business_profile(tmp_path / name, HEADER["en"], DESCRIPTION["en"], LOCATIONS)
    (reading,), problems = read(path)
    assert reading.series == []
    assert [(p.severity, str(p)) for p in problems] == [(Severity.ERROR, f"{name}: {expected}")]


def test_the_refusals_in_german(tmp_path: Path) -> None:
    renamed = business_profile(tmp_path / "gbp-oktober.csv", HEADER["de"], DESCRIPTION["de"], LOCATIONS)
    quarter = "GMB-Statistiken (Leistungsbericht) - 2025-7-1 - 2025-9-30 - 1a.csv"
    several = business_profile(tmp_path / quarter, HEADER["de"], DESCRIPTION["de"], LOCATIONS)
    with i18n.use_language("de"):
        _readings, problems = read(renamed, several)
    assert [str(p) for p in problems] == [
        "gbp-oktober.csv: Ein Bericht des Unternehmensprofils nennt seinen Zeitraum nur im Dateinamen, den Google ihm "
        "gibt (zum Beispiel „GMB insights (Performance Report) - 2025-10-1 - 2025-10-31 - ….csv“), und dieser Name "
        "enthält keinen; deshalb wurde nichts importiert: Laden Sie den Bericht erneut herunter und behalten Sie "
        "seinen Namen bei",
        f"{quarter}: Der Bericht umfasst 1. Juli 2025 – 30. September 2025, mehrere Monate in einer Zahl je "
        "Standort; deshalb wurde nichts importiert: Laden Sie je Kalendermonat einen Bericht herunter",
    ]


def test_text_in_a_location_row_refuses_the_report(tmp_path: Path) -> None:
    rows = [list(row) for row in LOCATIONS]
    rows[1][9] = "fünfzehn"
    path = business_profile(tmp_path / NAME["de"], HEADER["de"], DESCRIPTION["de"], rows)
    (reading,), problems = read(path)
    assert reading.series == []
    assert [str(p) for p in problems] == [
        f'{NAME["de"]} › row 4: "Anrufe": "fünfzehn" is not a number',
        f"{NAME['de']}: the export has text where numbers belong, so nothing of it was imported; download it again",
    ]


def test_docs_name_every_business_profile_source() -> None:
    from reporter.importing.platforms.business_profile import METRICS

    docs = (Path(__file__).resolve().parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    assert [source for metric in METRICS.values() for source in metric.sources if f"`{source}`" not in docs] == []
