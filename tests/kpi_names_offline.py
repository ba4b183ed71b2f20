"""A third blind list: KPI names from the platforms agencies export (GA4, Search Console, Google Ads, Meta,
LinkedIn, Google Business Profile, Matomo, Mailchimp, CleverReach, Brevo) and from offline business (shop,
showroom, trade fair, telephone, print and radio, referrals), German and English.

Written for issue 12 *before* running the classifier on any of them (nine names that the older lists already
had were replaced by new ones, again before running them); the codes are those of
``tests/kpi_names_blind.py`` (``V`` vanity; question letters ``U F T N`` for an effect metric, any one counts;
``?`` unclassified). The judgement calls for offline names, decided up front:

- An outcome is an outcome wherever it happens: leads from a trade fair, revenue of a branch, sales in the
  shop, calls, consultations, reviews and complaints about a branch keep their class and question.
- A website metric is not an offline metric: visits, visitors, dwell time or interactions *in the shop, at
  the stand or in the showroom* are not website sessions, users, engagement time or social interactions.
  Whether foot traffic is exposure or a next step depends on the business, so these are ``?`` (the agency
  decides in the workbook) — except Google Ads' own store-visit conversions, which are a next step.
- Exposure offline is still exposure: print circulation, radio listeners, poster reach, flyers printed and
  the cost of a stand are vanity.
- Offline words inside an online name do not move it offline: page views of the branch pages, sessions of the
  trade-fair landing page, visitors of the online shop.
"""

from __future__ import annotations

OFFLINE: list[tuple[str, str]] = [
    # --- platform exports ---
    ("GA4 – Durchschnittliche Sitzungsdauer", "U"),
    ("GA4: Engaged sessions per user", "U"),
    ("GA4: Schlüsselereignisse Kontaktformular", "N"),
    ("Search Console: Klicks", "V"),
    ("GSC – Durchschnittliche Position", "V"),
    ("Suchanfragen mit Firmennamen (Search Console)", "T"),
    ("Google Ads: Conversions aus Anrufen", "N"),
    ("Google Ads – Kosten/Conv.", "N"),
    ("Google Ads: Ladenbesuche", "N"),
    ("Store-Besuche (Google Ads)", "N"),
    ("Google Ads: Anrufe aus Anzeigen", "N"),
    ("Google Ads Impressionsanteil", "V"),
    ("Meta Ads: Leads (Formular)", "N"),
    ("Instagram Profilaufrufe", "V"),
    ("Meta: Kosten pro Ergebnis", "N"),
    ("LinkedIn: Leads aus Lead-Gen-Formular", "N"),
    ("LinkedIn: Besucher der Unternehmensseite", "V"),
    ("LinkedIn Follower-Zuwachs", "V"),
    ("Unternehmensprofil: Anrufe", "N"),
    ("Google-Unternehmensprofil – Routenanfragen", "N"),
    ("Business Profile: Website-Klicks", "V"),
    ("Unternehmensprofil: neue Rezensionen", "T"),
    ("Matomo: Unique Besucher pro Monat", "V"),
    ("Matomo – Zielerreichungen", "N"),
    ("Matomo: Absprungrate Einstiegsseite", "U"),
    ("Brevo: Öffnungen (eindeutig)", "V"),
    ("Mailchimp Click Rate", "V"),
    ("CleverReach Abmelderate", "T"),
    ("Brevo: neue Kontakte über Anmeldeformular", "N"),
    # --- offline: website metrics that are not website metrics there ---
    ("Besuche im Ladengeschäft", "?"),
    ("Messebesuche am Stand", "?"),
    ("Besucher am Messestand", "?"),
    ("Besucher Hausmesse", "?"),
    ("Store visitors", "?"),
    ("Trade show booth visits", "?"),
    ("Verweildauer im Showroom", "?"),
    ("Interaktionen am Messestand", "?"),
    # --- offline: outcomes stay outcomes ---
    ("Leads von der Messe", "N"),
    ("Gespräche am Messestand", "N"),
    ("Badge scans (trade fair)", "N"),
    ("Anmeldungen zur Hausmesse", "N"),
    ("Newsletter-Anmeldungen am Messestand", "N"),
    ("In-store visits", "N"),
    ("Klicks auf Route zum Laden", "N"),
    ("Showroom-Termine", "N"),
    ("Beratungsgespräche im Laden", "N"),
    ("Telefonische Beratungen", "N"),
    ("Umsatz Filiale Köln", "N"),
    ("Verkäufe im Laden", "N"),
    ("Gutschein-Einlösungen im Laden", "N"),
    ("Anrufe (Telefonanlage)", "N"),
    ("Rückrufwünsche über die Hotline", "N"),
    ("Probefahrten im Autohaus", "N"),
    ("Teilnehmer Tag der offenen Tür", "N"),
    ("Bewertungen Ladengeschäft", "T"),
    ("Beschwerden in der Filiale", "T"),
    ("Empfehlungen von Stammkunden", "T"),
    ("Neukunden durch Empfehlung", "TN"),
    # --- offline: exposure stays exposure ---
    ("Kosten Messestand", "V"),
    ("Flyer gedruckt", "V"),
    ("Anzeigen in der Zeitung", "V"),
    ("Auflage Zeitungsanzeige", "V"),
    ("Radiowerbung: Hörer pro Stunde", "V"),
    ("Reichweite Plakatkampagne", "V"),
    ("Radio ad reach", "V"),
    # --- online names with an offline word in them ---
    ("Seitenaufrufe Filialseiten", "V"),
    ("Sitzungen Messe-Landingpage", "V"),
    ("Besucher Onlineshop", "V"),
    ("Absprungrate Landingpage Messe", "U"),
    ("Events pro Sitzung", "V"),
]
