"""Regenerate ``sample_inputs/``: seven client workbooks with distinct stories, their logos and the agency logo.

    python scripts/make_samples.py [FOLDER]

The output is deterministic (byte for byte), so running it again leaves a clean ``git status``. Each sample tells
one story for the findings of issue 4; ``STORIES`` lists the findings each sample is written to show (and, by
omission, the ones it must not show). docs/samples.md describes them for people.

Months: 2025-10 … 2026-10 (13 columns); the report month is 2026-10. The roofer (``dachdecker``) goes back to
2024-01 (34 columns, each series' first 21 values written before its 13) so that ``--year 2025`` builds its year. In the comments below, "3v3" compares the
mean of the last three months (Aug–Oct 2026) with the three before (May–Jul 2026), "MoM" is Oct vs Sep 2026.
"""

# The series below are data tables: one KPI per line reads better than wrapped numbers.
# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the generator is a development fixture in tests/, not part of the package

from reporter.model import Role  # noqa: E402
from reporter.report import initials  # noqa: E402
from tests.synth import KpiSpec, MeasureSpec, WorkbookSpec, write_client_workbook, write_logo  # noqa: E402

LAST = "2026-10"

# file stem → (finding id, question or None) the sample is written to show; all other findings must stay quiet
STORIES: dict[str, list[tuple[str, str | None]]] = {
    "dachdecker": [("traffic_without_inquiries", None)],
    "steuerkanzlei": [("seo_short_term", None)],
    "maschinenbau": [
        ("social_replaces_sales", None),
        ("isolated_measure", None),  # the dealer newsletter (LinkedIn is explained by the first)
        ("question_not_measured", "trust"),
    ],
    "onlineshop": [("website_sells_itself", None)],
    "pflegedienst": [],
    "zahnarzt": [("vanity_only_success", None), ("question_not_measured", "findability")],
    "elektro": [("activity_without_effect", None), ("measures_off_role", None)],
}


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def K(name: str, values: list[float | None], channel: str, unit: str = "count", **kw: object) -> KpiSpec:  # noqa: N802
    return KpiSpec(name, values, channel=channel, unit=unit, **kw)  # type: ignore[arg-type]


N = None  # "not measured" in a series


def dachdecker() -> WorkbookSpec:
    """Traffic up about a fifth since the Google Ads campaign started in April, inquiries flat at ~14 a month."""
    ads = "Google Ads Dachsanierung"
    seo = "Lokale SEO & Google-Unternehmensprofil"
    web = "Website-Betreuung & Ladezeit"
    return WorkbookSpec(
        name="Dachdeckerei Krämer GmbH",
        slug="dachdecker-kraemer",
        role=Role.INQUIRIES,
        report_month=LAST,
        recipients=("inhaber@kraemer-dach.example", "buero@kraemer-dach.example"),
        contact="Herr Krämer",
        logo="logos/dachdecker.svg",
        primary="#8B2E1F",
        accent="#D9A441",
        month_headers="date",
        month_format="MMM YYYY",
        comment=(
            "Seit dem Start der Google-Ads-Kampagne im April kommen deutlich mehr Menschen auf Ihre Website: "
            "In den letzten drei Monaten waren es rund ein Fünftel mehr Besuche als im Frühsommer. Bei den "
            "Kontaktanfragen zeigt sich das leider noch nicht: Sie liegen weiterhin bei etwa 14 im Monat. "
            "Erfreulich sind die Ladezeit, die inzwischen unter drei Sekunden liegt, und Ihre Google-Bewertungen: "
            "81 Bewertungen mit durchschnittlich 4,8 Sternen. Im November möchten wir mit Ihnen die Seite "
            "„Dachsanierung“ und das Anfrageformular durchgehen, damit aus mehr Besuchen auch mehr Anfragen werden."
        ),
        kpis=[
            # vanity traffic, 3v3 ≈ +21 … +31 %, MoM ≈ +3 %
            K("Sitzungen (GA4)", [1380, 1420, 1560, 1650, 1720, 1690, 1640, 1600, 1680, 1700, 1560, 1390, 1450, 1530, 1680, 1790, 1850, 1820, 1780, 1760, 1840] + [1880, 1720, 1510, 1640, 1790, 1960, 2010, 1950, 2030, 2110, 2330, 2480, 2560],
              "website", target=2500, source="GA4"),
            K("Seitenaufrufe", [3170, 3270, 3590, 3790, 3960, 3890, 3770, 3680, 3860, 3910, 3590, 3200, 3330, 3520, 3860, 4120, 4260, 4190, 4090, 4050, 4230] + [4310, 3920, 3410, 3720, 4080, 4490, 4620, 4480, 4650, 4850, 5390, 5740, 5910],
              "website", target=6000, source="GA4"),
            K("Impressionen (Google Search Console)",
              [21800, 22400, 24100, 25300, 26100, 25800, 25200, 24700, 25600, 25900, 24300, 22100, 23600, 24900, 26800, 28300, 29400, 29100, 28700, 28500, 29900] + [31200, 29800, 27400, 28900, 30500, 33100, 34000, 33600, 34800, 35900, 40500, 42800, 44100],
              "seo", target=45000, source="Google Search Console", measure=seo),
            K("Klicks (Google Search Console)",
              [720, 740, 790, 830, 860, 850, 830, 810, 840, 850, 800, 730, 770, 810, 880, 930, 970, 960, 950, 940, 990] + [1040, 980, 890, 950, 1010, 1090, 1120, 1100, 1140, 1180, 1350, 1420, 1460],
              "seo", target=1500, source="Google Search Console", measure=seo),
            K("Klicks Google Ads", [N, N, N, N, N, N, 310, 420, 450, 470, 560, 590, 605],
              "ads", target=600, source="Google Ads", measure=ads),
            # next step: flat (3v3 0 %, MoM 0 %)
            K("Kontaktanfragen", [8, 8, 9, 10, 11, 11, 10, 10, 11, 11, 9, 8, 9, 9, 11, 12, 13, 13, 12, 12, 13] + [12, 11, 9, 10, 13, 15, 14, 15, 13, 14, 14, 14, 14],
              "website", target=18, source="Formular-Eingänge", measure=web),
            K("Anrufe über Website", [6, 6, 6, 7, 7, 7, 7, 6, 7, 7, 6, 5, 6, 6, 7, 8, 8, 9, 8, 8, 9] + [8, 7, 6, 7, 9, 10, 9, 10, 8, 9, 9, 9, 9],
              "website", target=12, source="Call-Tracking", measure=web),
            K("Conversions Google Ads", [N, N, N, N, N, N, 5, 6, 5, 6, 5, 6, 6],
              "ads", target=8, source="Google Ads", measure=ads),
            # trust: good and steady
            K("Google-Bewertungen", [30, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 38, 40, 43, 46, 49, 52, 55, 58] + [61, 62, 64, 65, 66, 68, 70, 71, 73, 75, 77, 79, 81],
              "seo", target=80, source="Google-Unternehmensprofil", measure=seo),
            K("Ø Bewertung (Google)", [4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.6, 4.6, 4.6, 4.6, 4.7, 4.7, 4.7] + [4.7, 4.7, 4.7, 4.7, 4.7, 4.8, 4.8, 4.8, 4.8, 4.8, 4.8, 4.8, 4.8],
              "seo", "points", target=4.5, source="Google-Unternehmensprofil", measure=seo),
            # understanding and findability improve steadily: the website work is fine
            K("Absprungrate Leistungsseite",
              [60.1, 59.8, 59.5, 59.9, 59.2, 58.8, 59.0, 59.4, 58.9, 59.3, 59.6, 60.0, 60.4, 60.8, 60.2, 61.0, 60.7, 61.3, 60.9, 61.5, 61.1] + [61.2, 60.5, 62.0, 59.8, 58.1, 56.4, 55.0, 53.9, 52.8, 51.6, 50.2, 49.1, 46.3],
              "website", "percent", target=50, source="GA4", measure=web),
            K("Ladezeit mobil (LCP)", [4.6, 4.6, 4.5, 4.5, 4.3, 4.1, 3.9, 3.8, 3.8, 3.7, 3.7, 3.6, 3.6, 3.6, 3.5, 3.5, 3.5, 3.5, 3.4, 3.5, 3.4] + [3.4, 3.4, 3.3, 3.4, 3.3, 3.2, 3.1, 3.1, 3.0, 2.9, 2.9, 2.8, 2.6],
              "website", "seconds", target=2.5, source="PageSpeed Insights", measure=web),
        ],
        measures=[
            MeasureSpec(ads, "ads", d("2026-04-01"), None, "active", "https://www.kraemer-dach.example/dachsanierung",
                        900, "Suchkampagne „Dachsanierung“ und „Dach neu decken“ im Umkreis von 40 km"),
            MeasureSpec(seo, "seo", d("2025-02-01"), None, "active", "https://www.kraemer-dach.example/",
                        450, "Bewertungsanfrage nach jedem Auftrag, monatliche Beiträge im Unternehmensprofil"),
            MeasureSpec(web, "website", d("2024-05-01"), None, "active",
                        "https://www.kraemer-dach.example/leistungen", 250,
                        "Bilder komprimiert, Caching eingerichtet, Leistungsseiten überarbeitet"),
            MeasureSpec("Flyer Sturmschäden", "other", d("2026-01-10"), d("2026-02-28"), "done", None, None,
                        "Postwurf in drei Stadtteilen nach dem Sturm im Januar"),
        ],
    )


def steuerkanzlei() -> WorkbookSpec:
    """SEO for the new service pages started in August: too early to judge by inquiries; otherwise calm."""
    seo = "SEO Leistungsseiten Heilberufe"
    web = "Website-Pflege"
    rev = "Bewertungsmanagement"
    return WorkbookSpec(
        name="Steuerkanzlei Berger & Partner",
        slug="steuerkanzlei-berger",
        role=Role.INQUIRIES,
        report_month=LAST,
        recipients=("kanzlei@berger-partner-steuer.example", "c.berger@berger-partner-steuer.example"),
        contact="Frau Berger",
        logo="logos/steuerkanzlei.svg",
        primary="#1D4E89",
        accent="#7FB800",
        month_headers="text",
        comment=(
            "Die SEO-Arbeiten an Ihren Leistungsseiten für Heilberufe laufen seit August. Erste Signale sind "
            "positiv: Besucher bleiben auf den überarbeiteten Seiten deutlich länger, im Oktober durchschnittlich "
            "gut eine Minute. Bei den Anfragen sehen wir noch keine Veränderung, und das ist in dieser Phase "
            "normal: Suchmaschinenoptimierung braucht erfahrungsgemäß sechs bis zwölf Monate, bis sie sich in "
            "Anfragen zeigt. Wir behalten die Rankings für „Steuerberater Zahnarzt“ und die Verweildauer im Blick "
            "und berichten Ihnen im nächsten Monat."
        ),
        kpis=[
            # vanity: calm (3v3 ≤ +5 %)
            K("Sitzungen (GA4)", [1420, 1380, 1190, 1510, 1560, 1600, 1540, 1450, 1400, 1380, 1350, 1430, 1460],
              "website", target=1500, source="GA4"),
            K("Impressionen (Google Search Console)",
              [18400, 17900, 16200, 19800, 20500, 21000, 20100, 19300, 18800, 18500, 18700, 19400, 19700],
              "seo", target=20000, source="Google Search Console", measure=seo),
            K("Klicks (Google Search Console)",
              [610, 590, 520, 660, 690, 700, 670, 640, 620, 610, 615, 640, 650],
              "seo", target=700, source="Google Search Console", measure=seo),
            K("Sichtbarkeitsindex (Sistrix)",
              [0.042, 0.041, 0.041, 0.043, 0.044, 0.044, 0.043, 0.043, 0.042, 0.042, 0.043, 0.044, 0.044],
              "seo", "points", target=0.05, source="Sistrix", measure=seo, number_format="0.000"),
            # next step: flat, as expected this early
            K("Kontaktanfragen", [9, 8, 7, 12, 13, 14, 12, 10, 9, 10, 9, 10, 10],
              "website", target=10, source="Kontaktformular", measure=seo),
            K("Anrufe über Website", [14, 13, 11, 17, 18, 19, 16, 15, 14, 14, 13, 15, 15],
              "website", target=16, source="Call-Tracking", measure=web),
            # understanding improves on the reworked pages (the thing to watch while SEO matures)
            K("Ø Verweildauer Leistungsseiten", [46, 49, 44, 47, 50, 47, 45, 48, 46, 48, 52, 57, 61],
              "website", "seconds", target=60, source="GA4", measure=seo, number_format="0"),
            K("Absprungrate Leistungsseiten",
              [57.5, 58.0, 59.2, 56.8, 56.1, 55.9, 56.4, 57.0, 57.3, 57.1, 55.9, 54.6, 52.9],
              "website", "percent", target=50, source="GA4", measure=web),
            K("Ladezeit mobil (LCP)", [2.1, 2.2, 2.1, 2.0, 2.1, 2.1, 2.0, 2.1, 2.0, 2.1, 2.0, 2.1, 2.0],
              "website", "seconds", target=2.5, source="PageSpeed Insights", measure=web),
            K("Google-Bewertungen", [38, 38, 39, 40, 41, 41, 42, 43, 43, 44, 45, 45, 46],
              "seo", target=50, source="Google-Unternehmensprofil", measure=rev),
            K("Ø Bewertung (Google)", [4.9] * 13,
              "seo", "points", target=4.8, source="Google-Unternehmensprofil", measure=rev),
        ],
        measures=[
            MeasureSpec(seo, "seo", d("2026-08-01"), None, "active",
                        "https://www.berger-partner-steuer.example/heilberufe", 1100,
                        "Neue Texte für Ärzte und Zahnärzte, Einträge in regionalen Verzeichnissen"),
            MeasureSpec(web, "website", d("2024-03-01"), None, "active",
                        "https://www.berger-partner-steuer.example/kontakt", 180,
                        "Updates, Datenschutz, Ladezeit"),
            MeasureSpec(rev, "other", d("2025-01-01"), None, "active",
                        "https://www.berger-partner-steuer.example/", None,
                        "Mandanten nach Abschluss der Steuererklärung um eine Bewertung bitten"),
        ],
    )


def maschinenbau() -> WorkbookSpec:
    """LinkedIn grows fast but leads nowhere (no landing page, no effect KPI); inquiries come from Ads and the
    trade fair; the dealer newsletter is measured only by its audience; nobody measures trust."""
    social = "LinkedIn-Redaktionsplan"
    ads = "Google Ads Sondermaschinen"
    web = "Website-Betreuung Produktseiten"
    news = "Händler-Newsletter"
    return WorkbookSpec(
        name="Hofmann Maschinenbau GmbH",
        slug="maschinenbau-hofmann",
        role=Role.INQUIRIES,
        report_month=LAST,
        report_month_as_date=True,
        recipients=("m.hofmann@hofmann-maschinenbau.example", "vertrieb@hofmann-maschinenbau.example"),
        recipient_separator=", ",
        contact="Herr Hofmann",
        logo="logos/maschinenbau.svg",
        primary="#374151",
        accent="#F28C28",
        month_headers="date",
        month_format="mmm yy",
        comment=(
            "Ihr LinkedIn-Auftritt entwickelt sich sehr gut: über 2.200 Follower und rund 22.000 Impressionen im "
            "Oktober. Die 13 Angebotsanfragen dieses Monats kamen allerdings fast alle über die Google-Ads-Kampagne "
            "und die Messe Motek. Damit LinkedIn künftig auch Anfragen bringt, schlagen wir vor, die Beiträge auf "
            "passende Produktseiten zu verlinken und Anfragen aus LinkedIn gesondert zu erfassen. Auch beim "
            "Händler-Newsletter wissen wir bisher nur, wie viele Empfänger er hat, nicht, was er bewirkt. "
            "Kundenstimmen und Referenzprojekte messen wir noch gar nicht; das sollten wir gemeinsam ändern."
        ),
        kpis=[
            # social vanity, 3v3 +20 … +32 %
            K("Follower LinkedIn", [1180, 1220, 1265, 1330, 1410, 1480, 1560, 1650, 1740, 1830, 1960, 2090, 2240],
              "social", target=2000, source="LinkedIn", measure=social),
            K("Impressionen LinkedIn",
              [8200, 9100, 7600, 10400, 12100, 13000, 14200, 15100, 16300, 15800, 18600, 20400, 21900],
              "social", target=20000, source="LinkedIn", measure=social),
            K("Interaktionen LinkedIn", [160, 175, 140, 210, 245, 260, 290, 305, 330, 320, 390, 420, 455],
              "social", target=400, source="LinkedIn", measure=social),
            # website traffic calm (3v3 ≈ +5 %)
            K("Sitzungen (GA4)", [2650, 2580, 2140, 2720, 2810, 2900, 2780, 2740, 2690, 2600, 2720, 2810, 2880],
              "website", target=3000, source="GA4"),
            K("Klicks Google Ads", [N, N, N, N, N, 380, 450, 470, 490, 480, 520, 540, 555],
              "ads", target=600, source="Google Ads", measure=ads),
            # next step: clearly rising (3v3 ≈ +24 %), so this is not "traffic without inquiries"
            K("Angebotsanfragen", [8, 9, 6, 9, 10, 10, 11, 9, 10, 10, 12, 11, 13],
              "website", target=12, source="Kontaktformular", measure=web),
            K("Qualifizierte Leads (CRM)", [4, 5, 3, 5, 5, 6, 6, 5, 6, 6, 7, 6, 8],
              "sales", target=6, source="HubSpot"),
            K("Kosten pro Anfrage (Google Ads)", [N, N, N, N, N, 240, 215, 198, 190, 186, 171, 168, 159],
              "ads", "eur", target=180, source="Google Ads", measure=ads),
            # understanding and findability; no trust KPI at all
            K("Downloads Produktdatenblätter", [42, 45, 31, 48, 52, 55, 51, 49, 47, 44, 50, 53, 56],
              "website", target=60, source="GA4", measure=web),
            K("Ø Verweildauer Produktseiten", [71, 74, 69, 76, 78, 75, 77, 79, 76, 78, 80, 79, 81],
              "website", "seconds", target=90, source="GA4", measure=web, number_format="0"),
            K("Ladezeit mobil (LCP)", [2.8, 2.9, 2.8, 2.7, 2.8, 2.7, 2.6, 2.7, 2.6, 2.6, 2.5, 2.6, 2.5],
              "website", "seconds", target=2.5, source="PageSpeed Insights", measure=web),
            # the dealer newsletter is measured only by its audience: an isolated measure
            K("Newsletter-Empfänger", [410, 415, 418, 424, 431, 436, 440, 447, 452, 458, 463, 470, 476],
              "email", target=500, source="CleverReach", measure=news),
        ],
        measures=[
            MeasureSpec(social, "social", d("2025-11-01"), None, "active", None, 1200,
                        "Zwei Beiträge pro Woche: Maschinen im Einsatz, Messen, Team"),
            MeasureSpec(ads, "ads", d("2026-03-01"), None, "active",
                        "https://www.hofmann-maschinenbau.example/sondermaschinen", 1500,
                        "Suchkampagne DACH, Schwerpunkt Automatisierung"),
            MeasureSpec(web, "website", d("2024-09-01"), None, "active",
                        "https://www.hofmann-maschinenbau.example/produkte", 400,
                        "Produktseiten mit Datenblättern, Anfrageformular"),
            MeasureSpec(news, "email", d("2025-04-01"), None, "active",
                        "https://www.hofmann-maschinenbau.example/haendler", 250,
                        "Vierteljährlich an Händler und Bestandskunden: Neuheiten, Ersatzteilaktionen"),
            MeasureSpec("Messe Motek 2026", "other", d("2026-10-06"), d("2026-10-09"), "done",
                        "https://www.hofmann-maschinenbau.example/messe", None,
                        "Stand in Halle 8; Messekontakte im CRM erfasst"),
        ],
    )


def onlineshop() -> WorkbookSpec:
    """The shop relaunch (April to June) went live in July: faster pages, but conversion and bounce rate are no
    better than before it started."""
    relaunch = "Relaunch Onlineshop"
    shopping = "Google Shopping"
    news = "Newsletter „Röstfrisch“"
    return WorkbookSpec(
        name="Kaffeerösterei Bohnenglück",
        slug="kaffee-bohnenglueck",
        role=Role.SALES,
        report_month=LAST,
        recipients=("shop@bohnenglueck.example",),
        contact="Frau Lindner",
        logo="logos/onlineshop.svg",
        primary="#5B3A29",
        accent="#E3B505",
        month_headers="text",
        comment=(
            "Der neue Shop ist seit Juli online und technisch deutlich schneller: Die Ladezeit auf dem Smartphone "
            "hat sich fast halbiert. Mehr Käufe pro Besuch bringt er bisher aber nicht. Die Conversion Rate liegt "
            "mit 1,8 % auf dem Niveau vor dem Relaunch, und auf den Produktseiten springen sogar mehr Besucher "
            "ab als vorher (46 % statt 41 %). Der Umsatzanstieg im Oktober kommt vor allem aus der Saison. Wir empfehlen, "
            "Produktseiten und Bestellweg mit fünf Stammkunden zu testen, bevor wir in weitere Werbung investieren."
        ),
        kpis=[
            # vanity: seasonal, 3v3 ≈ +8 %
            K("Sitzungen (GA4)",
              [14200, 17800, 21500, 12900, 12100, 12600, 12300, 11800, 11200, 11500, 11900, 12400, 13100],
              "website", target=14000, source="GA4"),
            K("Seitenaufrufe",
              [52100, 66300, 80200, 47400, 44800, 46200, 45600, 43900, 41700, 42800, 44300, 46100, 48900],
              "website", target=50000, source="GA4"),
            K("Klicks Google Shopping", [3900, 5100, 6400, 3300, 3100, 3200, 3150, 3050, 2900, 3000, 3100, 3250, 3400],
              "ads", target=3500, source="Google Ads", measure=shopping),
            # next step: orders follow the season; conversion rate flat since the relaunch
            K("Bestellungen", [268, 345, 432, 238, 222, 229, 221, 213, 203, 207, 214, 222, 236],
              "website", target=240, source="Shopware"),
            K("Umsatz", [8420, 11050, 14260, 7510, 6980, 7190, 6920, 6710, 6290, 6530, 6740, 7010, 7760],
              "website", "eur", target=7500, source="Shopware", number_format='#,##0 "€"'),
            K("Conversion Rate", [1.89, 1.94, 2.01, 1.84, 1.83, 1.82, 1.80, 1.81, 1.81, 1.80, 1.80, 1.79, 1.80],
              "website", "percent", target=2.0, source="GA4", measure=relaunch, number_format="0.00"),
            K("ROAS Google Shopping", [5.8, 6.4, 7.1, 5.2, 5.0, 5.1, 4.9, 5.0, 4.8, 4.9, 5.0, 5.1, 5.3],
              "ads", target=5.0, source="Google Ads", measure=shopping, number_format="0.0"),
            K("Newsletter-Anmeldungen", [310, 420, 380, 260, 240, 250, 230, 220, 210, 215, 225, 240, 255],
              "email", target=250, source="Brevo", measure=news),
            # since the new shop went live in July: understanding worse, findability much better
            K("Absprungrate Produktseiten",
              [41.2, 40.1, 39.5, 40.8, 40.3, 40.9, 41.4, 40.7, 41.1, 45.8, 46.4, 46.0, 46.3],
              "website", "percent", target=40, source="GA4", measure=relaunch),
            K("Ladezeit mobil (LCP)", [3.9, 4.0, 4.1, 3.9, 3.8, 3.9, 4.0, 3.9, 3.8, 2.2, 2.1, 2.0, 2.1],
              "website", "seconds", target=2.5, source="PageSpeed Insights", measure=relaunch),
            # trust: steady
            K("Bewertungen Trusted Shops",
              [1112, 1148, 1196, 1215, 1229, 1244, 1258, 1271, 1283, 1297, 1310, 1324, 1341],
              "other", target=1350, source="Trusted Shops"),
            K("Ø Bewertung Trusted Shops", [4.8] * 13, "other", "points", target=4.7, source="Trusted Shops"),
        ],
        measures=[
            MeasureSpec(relaunch, "website", d("2026-04-01"), d("2026-06-30"), "done",
                        "https://www.bohnenglueck.example/", 3500,
                        "Neues Design auf Shopware 6, neue Produktfotos, schnellere Seiten"),
            MeasureSpec(shopping, "ads", d("2025-03-01"), None, "active",
                        "https://www.bohnenglueck.example/kaffee", 1200, "Produktanzeigen für alle Röstungen"),
            MeasureSpec(news, "email", d("2024-06-01"), None, "active",
                        "https://www.bohnenglueck.example/newsletter", 150,
                        "Monatlich: neue Röstung, Brühtipp, Gutschein für Neukunden"),
        ],
    )


def pflegedienst() -> WorkbookSpec:
    """A healthy client: the recruiting campaign and the new careers page work; applications rise, targets met."""
    campaign = "Social-Recruiting Pflegefachkräfte"
    careers = "Karriereseite mit Kurzbewerbung"
    reviews = "Arbeitgeberbewertungen"
    return WorkbookSpec(
        name="Pflegedienst Sonnenschein",
        slug="pflegedienst-sonnenschein",
        role=Role.APPLICANTS,
        report_month=LAST,
        recipients=("p.sommer@pflegedienst-sonnenschein.example",),
        contact="Frau Sommer",
        logo="logos/pflegedienst.png",
        primary="#E07A1F",
        accent="#2E6B4F",
        month_headers="date",
        month_format="MMM YYYY",
        comment=(
            "Ihre Stellenanzeigen wirken: Im Oktober sind 13 Bewerbungen eingegangen, so viele wie noch nie seit "
            "Beginn unserer Auswertung, und jede Bewerbung hat im Schnitt nur noch 71 € gekostet. Die neue "
            "Karriereseite mit Kurzbewerbung trägt ihren Teil dazu bei: Deutlich weniger Besucher verlassen sie "
            "sofort wieder. Wir schlagen vor, die Kampagne unverändert fortzuführen und ab November zusätzlich "
            "zu messen, wie schnell Bewerberinnen und Bewerber eine Rückmeldung von Ihnen bekommen."
        ),
        kpis=[
            # next step: rising strongly, targets met (3v3 ≈ +31 %, MoM +18 %)
            K("Bewerbungen", [3, 4, 2, 4, 5, 6, 7, 8, 9, 9, 10, 11, 13],
              "website", target=10, source="Bewerbermanagement", measure=campaign),
            K("Klicks auf „Jetzt bewerben“", [22, 25, 19, 28, 35, 41, 48, 55, 60, 63, 70, 76, 84],
              "website", target=80, source="GA4", measure=careers),
            K("Kosten pro Bewerbung", [N, N, N, N, N, 142, 118, 104, 96, 91, 84, 78, 71],
              "ads", "eur", target=90, source="Meta Ads", measure=campaign),
            # vanity: rising too (with the applications)
            K("Aufrufe Karriereseite", [410, 430, 380, 470, 560, 720, 860, 940, 1010, 1050, 1180, 1240, 1310],
              "website", target=1200, source="GA4", measure=careers),
            K("Reichweite Meta Ads", [N, N, N, N, N, 18500, 24100, 26800, 27900, 28400, 30100, 31200, 32000],
              "ads", target=30000, source="Meta Ads", measure=campaign),
            # understanding and findability: better since the careers page went live in March
            K("Absprungrate Karriereseite",
              [64.0, 63.1, 65.2, 62.0, 55.3, 48.9, 44.2, 42.8, 41.5, 41.9, 40.8, 40.2, 39.6],
              "website", "percent", target=45, source="GA4", measure=careers),
            K("Ladezeit mobil (LCP)", [2.4, 2.5, 2.4, 2.3, 2.0, 1.8, 1.8, 1.7, 1.8, 1.7, 1.8, 1.7, 1.7],
              "website", "seconds", target=2.5, source="PageSpeed Insights", measure=careers),
            # trust: employer reviews growing
            K("kununu-Bewertungen", [12, 12, 13, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23],
              "other", target=20, source="kununu", measure=reviews),
            K("Ø Bewertung kununu", [3.9, 3.9, 4.0, 4.0, 4.0, 4.1, 4.1, 4.2, 4.2, 4.2, 4.3, 4.3, 4.3],
              "other", "points", target=4.0, source="kununu", measure=reviews),
            K("Google-Bewertungen", [48, 49, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 60],
              "seo", target=60, source="Google-Unternehmensprofil"),
        ],
        measures=[
            MeasureSpec(campaign, "ads", d("2026-03-01"), None, "active",
                        "https://www.pflegedienst-sonnenschein.example/karriere", 800,
                        "Meta Ads (Facebook und Instagram), Pflegefachkräfte im Umkreis von 25 km"),
            MeasureSpec(careers, "website", d("2026-01-15"), d("2026-03-31"), "done",
                        "https://www.pflegedienst-sonnenschein.example/karriere", 1200,
                        "Stellen mit Gehaltsspanne, Bewerbung in zwei Minuten ohne Anschreiben"),
            MeasureSpec(reviews, "other", d("2025-06-01"), None, "active",
                        "https://www.pflegedienst-sonnenschein.example/arbeiten-bei-uns", None,
                        "Mitarbeitende um ehrliche Bewertungen auf kununu bitten"),
        ],
    )


def zahnarzt() -> WorkbookSpec:
    """English report. Instagram likes and reach are October's biggest gains; bookings and calls stand still;
    nothing measures findability."""
    ads = "Google Ads – implant consultations"
    web = "Website care and online booking"
    gbp = "Google Business Profile and reviews"
    return WorkbookSpec(
        name="Zahnarztpraxis Dr. Weber",
        slug="zahnarzt-weber",
        role=Role.INQUIRIES,
        report_month=LAST,
        language="en",
        recipients=("praxis@zahnarzt-weber.example",),
        contact="Dr Weber",
        logo="logos/zahnarzt.svg",
        primary="#0F6E75",
        accent="#F25C54",
        month_headers="text",
        comment=(
            "October's most visible numbers come from Instagram: your team's reel about children's first visit "
            "reached 11,000 people, about a third more than in September, and collected over 600 likes. Online "
            "bookings, however, stayed at 42, the same level as over the summer, and calls from the website did "
            "not change either. We suggest treating Instagram as a way of staying visible and concentrating next "
            "month on the booking page, where visitors decide whether to book."
        ),
        kpis=[
            # social vanity: volatile, the month's biggest gains (MoM +33 … +38 %), but 3v3 down
            K("Instagram reach", [7800, 9400, 11200, 8100, 9900, 8700, 10600, 9800, 10400, 10100, 8600, 8300, 11000],
              "social", target=10000, source="Meta Business Suite"),
            K("Instagram likes", [410, 520, 640, 430, 560, 470, 590, 540, 600, 570, 460, 450, 620],
              "social", target=500, source="Meta Business Suite"),
            K("Instagram followers", [1420, 1450, 1490, 1510, 1540, 1560, 1590, 1610, 1640, 1660, 1670, 1680, 1740],
              "social", target=1800, source="Meta Business Suite"),
            K("Website sessions (GA4)", [2310, 2250, 2080, 2400, 2380, 2350, 2290, 2330, 2270, 2210, 2190, 2240, 2300],
              "website", target=2500, source="GA4"),
            # effect: stagnant (MoM within ±2 %)
            K("Online bookings", [39, 41, 36, 43, 42, 44, 41, 42, 41, 42, 41, 42, 42],
              "website", target=45, source="Doctolib", measure=web),
            K("Phone calls from website", [27, 26, 22, 29, 28, 28, 27, 26, 27, 26, 27, 26, 26],
              "website", target=28, source="Call tracking", measure=web),
            K("Cost per booking (Google Ads)",
              [24.8, 25.3, 26.1, 24.9, 25.2, 25.0, 25.4, 25.1, 24.9, 25.3, 25.0, 25.2, 25.1],
              "ads", "eur", target=25, source="Google Ads", measure=ads),
            K("Bounce rate treatment pages",
              [44.2, 43.8, 45.1, 44.0, 43.6, 44.3, 44.1, 43.9, 44.4, 44.0, 44.2, 44.1, 44.3],
              "website", "percent", target=45, source="GA4", measure=web),
            K("Google reviews", [168, 171, 173, 176, 179, 182, 185, 188, 190, 193, 196, 198, 201],
              "seo", target=200, source="Google Business Profile", measure=gbp),
            K("Average Google rating", [4.9] * 13, "seo", "points", target=4.8, source="Google Business Profile",
              measure=gbp),
        ],
        measures=[
            MeasureSpec(ads, "ads", d("2025-10-01"), None, "active",
                        "https://www.zahnarzt-weber.example/en/implants", 600,
                        "Search campaign with German and English ads"),
            MeasureSpec(web, "website", d("2024-05-01"), None, "active",
                        "https://www.zahnarzt-weber.example/en/booking", 200,
                        "Online booking via Doctolib embedded on every treatment page"),
            MeasureSpec(gbp, "other", d("2025-01-01"), None, "active", "https://www.zahnarzt-weber.example/en/",
                        120, "Review request card at the reception desk"),
        ],
    )


def elektro() -> WorkbookSpec:
    """Marketing is to win applicants, yet two new customer campaigns started in August and September: the spend
    more than doubled, applications stay at two a month, and three of five measures win customers instead."""
    careers = "Karriereseite & Stellenanzeigen"
    install = "Google Ads Elektroinstallation"
    wallbox = "Google Ads Wallbox & Photovoltaik"
    smart = "Meta Ads Smart Home"
    gbp = "Google-Unternehmensprofil & Bewertungen"
    return WorkbookSpec(
        name="Elektro Schneider GmbH",
        slug="elektro-schneider",
        role=Role.APPLICANTS,
        report_month=LAST,
        recipients=("info@elektro-schneider.example", "j.schneider@elektro-schneider.example"),
        contact="Herr Schneider",
        logo="logos/elektro.svg",
        primary="#0B4F6C",
        accent="#F2C14E",
        month_headers="date",
        month_format="MMM YYYY",
        comment=(
            "Seit August laufen zwei neue Kampagnen für Wallboxen, Photovoltaik und Smart Home, und bei den "
            "Kundenanfragen sieht man das deutlich. Bei den Bewerbungen, für die Ihr Marketing laut unserem "
            "Auftrag da sein soll, bewegt sich dagegen nichts: weiterhin zwei bis drei im Monat. Bevor wir weitere "
            "Kampagnen starten, sollten wir gemeinsam klären, was gerade Vorrang hat: neue Aufträge oder neue "
            "Kolleginnen und Kollegen. Wir schlagen dafür ein kurzes Gespräch Anfang November vor."
        ),
        kpis=[
            # the role's effect: flat (3v3 ±0 %, MoM ±0 %)
            K("Bewerbungen", [2, 1, 2, 2, 3, 2, 2, 3, 2, 2, 3, 2, 2],
              "website", target=4, source="Bewerbermanagement", measure=careers),
            K("Aufrufe Karriereseite", [410, 395, 370, 420, 430, 415, 425, 440, 430, 420, 435, 445, 440],
              "website", target=500, source="GA4", measure=careers),
            K("Absprungrate Karriereseite",
              [52.4, 52.9, 53.1, 52.2, 51.8, 52.5, 52.0, 51.6, 52.3, 51.9, 52.1, 51.7, 52.0],
              "website", "percent", target=50, source="GA4", measure=careers),
            K("Ladezeit mobil (LCP)", [2.4, 2.4, 2.5, 2.4, 2.3, 2.4, 2.4, 2.3, 2.4, 2.4, 2.3, 2.4, 2.4],
              "website", "seconds", target=2.5, source="PageSpeed Insights", measure=careers),
            K("kununu-Bewertungen", [18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24],
              "other", target=25, source="kununu", measure=careers),
            K("Google-Bewertungen", [96, 98, 99, 101, 103, 105, 107, 109, 111, 113, 115, 117, 119],
              "seo", target=120, source="Google-Unternehmensprofil", measure=gbp),
            # the customer campaigns: their inquiries rise, and they are what the new budget buys
            K("Klicks Google Ads", [310, 300, 280, 320, 330, 325, 335, 340, 330, 335, 720, 910, 980],
              "ads", target=800, source="Google Ads"),
            K("Anfragen Elektroinstallation", [13, 12, 11, 14, 14, 13, 15, 14, 13, 14, 14, 13, 14],
              "ads", target=12, source="Google Ads", measure=install),
            K("Anfragen Wallbox", [N, N, N, N, N, N, N, N, N, N, 6, 9, 11],
              "ads", target=10, source="Google Ads", measure=wallbox),
            K("Anfragen Smart Home", [N, N, N, N, N, N, N, N, N, N, N, 2, 5],
              "ads", target=6, source="Meta Ads", measure=smart),
        ],
        measures=[
            MeasureSpec(careers, "website", d("2025-06-01"), None, "active",
                        "https://www.elektro-schneider.example/karriere", 350,
                        "Stellenanzeigen auf Indeed und in der Regionalzeitung, Karriereseite mit Kurzbewerbung"),
            MeasureSpec(install, "ads", d("2025-03-01"), None, "active",
                        "https://www.elektro-schneider.example/elektroinstallation", 600,
                        "Suchkampagne für Elektroinstallation und Sanierung im Umkreis von 30 km"),
            MeasureSpec(wallbox, "ads", d("2026-08-01"), None, "active",
                        "https://www.elektro-schneider.example/wallbox", 1200,
                        "Neue Suchkampagne für Wallboxen und Photovoltaik mit Förderhinweis"),
            MeasureSpec(smart, "ads", d("2026-09-16"), None, "active",
                        "https://www.elektro-schneider.example/smart-home", 600,
                        "Anzeigen auf Facebook und Instagram für Smart-Home-Nachrüstung"),
            MeasureSpec(gbp, "other", d("2024-01-01"), None, "active", "https://www.elektro-schneider.example/",
                        100, "Beiträge im Unternehmensprofil, Bewertungsanfrage nach jedem Auftrag"),
        ],
    )


SAMPLES = {
    "dachdecker": dachdecker,
    "steuerkanzlei": steuerkanzlei,
    "maschinenbau": maschinenbau,
    "onlineshop": onlineshop,
    "pflegedienst": pflegedienst,
    "zahnarzt": zahnarzt,
    "elektro": elektro,
}

AGENCY_LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" width="520" height="120" viewBox="0 0 520 120">
  <rect x="4" y="14" width="92" height="92" rx="20" fill="#1F4E5F"/>
  <path d="M30 34 V86 M30 60 L66 34 M42 52 L70 86" stroke="#FFFFFF" stroke-width="10" stroke-linecap="round"
        stroke-linejoin="round" fill="none"/>
  <circle cx="78" cy="36" r="7" fill="#E07A1F"/>
  <text x="116" y="72" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="46" font-weight="bold"
        fill="#1F4E5F">Klarwerk</text>
  <text x="118" y="100" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="19" letter-spacing="3"
        fill="#6B7280">MARKETING</text>
</svg>
"""


def build(folder: Path) -> list[Path]:
    """Write every sample workbook, its logo and the agency logo into ``folder``; returns the workbooks."""
    paths = []
    for stem, make in SAMPLES.items():
        spec = make()
        assert spec.logo is not None
        assert spec.primary is not None
        write_logo(folder / spec.logo, initials(spec.name), spec.primary, spec.accent)
        paths.append(write_client_workbook(folder / f"{stem}.xlsx", spec))
    (folder / "agency-logo.svg").write_text(AGENCY_LOGO, encoding="utf-8")
    return paths


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else ROOT / "sample_inputs"
    for path in build(folder):
        sys.stderr.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
