"""Realistic KPI names as agencies write them (GA4, Search Console, Meta, LinkedIn, Sistrix, hand-made sheets;
German and English), each with the expected class and, for effect metrics, the expected impact question.

One line per name: ``name | class | question``; class is V (vanity), E (effect) or U (unclassified); question
is u (understanding), f (findability), t (trust) or n (next step), empty for vanity and unknown names.
"""

from __future__ import annotations

from reporter.model import KpiClass, Question

_CLASSES = {"V": KpiClass.VANITY, "E": KpiClass.EFFECT, "U": KpiClass.UNCLASSIFIED}
_QUESTIONS = {
    "u": Question.UNDERSTANDING, "f": Question.FINDABILITY, "t": Question.TRUST, "n": Question.NEXT_STEP,
    "": None,
}

_TABLE = """
Seitenaufrufe | V |
Seitenaufrufe gesamt | V |
Seitenansichten | V |
Page Views | V |
Pageviews | V |
Aufrufe | V |
Views | V |
Aufrufe pro Nutzer | E | u
Seiten pro Sitzung | E | u
Pages / Session | E | u
Sitzungen | V |
GA4 – Sitzungen | V |
Sessions | V |
Organische Sitzungen | V |
Besuche | V |
Visits | V |
Website-Besucher | V |
Unique Visitors | V |
Nutzer | V |
Aktive Nutzer | V |
Neue Nutzer | V |
Nutzer insgesamt | V |
Total users | V |
New users | V |
Active users | V |
Traffic | V |
Organischer Traffic | V |
Direct Traffic | V |
Referral-Traffic | V |
Zugriffe | V |
Ereignisanzahl | V |
Event count | V |
page_view | V |
session_start | V |
first_visit | V |
Impressionen | V |
Impressionen (Google Search Console) | V |
Impressions | V |
Ad impressions | V |
Reichweite | V |
Meta: Reichweite | V |
Reach (Facebook) | V |
Erreichte Konten (Instagram) | V |
Frequenz | V |
Frequency | V |
Follower | V |
Follower LinkedIn | V |
Instagram Follower | V |
Follower-Zuwachs | V |
Neue Follower | V |
Fans Facebook | V |
Seiten-Likes | V |
Page likes | V |
Abonnenten YouTube | V |
LinkedIn-Kontakte | V |
Likes | V |
Gefällt-mir-Angaben | V |
Reaktionen | V |
Reactions | V |
Kommentare | V |
Comments | V |
Shares | V |
Geteilte Beiträge | V |
Reposts | V |
Saves | V |
Interaktionen | V |
Beitragsinteraktionen | V |
Post engagement | V |
Engagements | V |
Engagement-Rate (Instagram) | V |
Engagement Rate LinkedIn | V |
Interaktionsrate Facebook | V |
Videoaufrufe | V |
Video views | V |
ThruPlays | V |
Wiedergabezeit (Stunden) | V |
Watch time | V |
Klicks | V |
Clicks | V |
Klicks (Google Search Console) | V |
Organische Klicks | V |
Link-Klicks | V |
Link clicks | V |
Anzeigenklicks | V |
Outbound clicks | V |
CTR | V |
Klickrate | V |
Durchschnittliche CTR | V |
Click-through rate | V |
CPC | V |
Kosten pro Klick | V |
Cost per click (CPC) | V |
CPM | V |
Kosten pro 1.000 Impressionen (CPM) | V |
Ausgegebener Betrag | V |
Amount spent | V |
Werbeausgaben | V |
Budget Google Ads | V |
Kosten | V |
Durchschnittliche Position | V |
Average position | V |
Rankings | V |
Keyword-Rankings | V |
Ranking-Keywords | V |
Keywords Top 10 | V |
Keywords in Top 3 | V |
Top-10-Keywords (Sistrix) | V |
Sichtbarkeitsindex | V |
Sichtbarkeitsindex (Sistrix) | V |
SEO-Sichtbarkeit | V |
Visibility index | V |
Suchanfragen (GSC) | V |
Suchvolumen | V |
Indexierte Seiten | V |
Backlinks | V |
Verweisende Domains | V |
Referring domains | V |
Domain Rating | V |
Domain Authority (Moz) | V |
Beiträge veröffentlicht | V |
Anzahl Posts | V |
Posts published | V |
Blogartikel veröffentlicht | V |
Pressemitteilungen | V |
Newsletter versendet | V |
Newsletter-Empfänger | V |
Newsletter-Abonnenten | V |
E-Mail-Liste | V |
Email subscribers | V |
Öffnungsrate Newsletter | V |
Open rate | V |
Klickrate Newsletter | V |
E-Mail-Klickrate | V |
Erwähnungen | V |
Share of Voice | V |
Profilaufrufe | V |
Profile visits | V |
Story-Aufrufe | V |
Website-Klicks (Google-Unternehmensprofil) | V |
Kontaktanfragen | E | n
Anfragen | E | n
Anfragen gesamt | E | n
Anfragen über Website | E | n
Kontaktaufnahmen | E | n
Inquiries | E | n
Enquiries | E | n
Kontaktformular-Absendungen | E | n
Kontaktformularanfragen | E | n
Kontaktformular abgeschickt | E | n
Formularanfragen | E | n
Formular-Eingänge | E | n
Contact form submissions | E | n
Form submissions | E | n
form_submit | E | n
generate_lead | E | n
Leads | E | n
Leads (Meta Lead Ads) | E | n
LinkedIn Lead-Formulare | E | n
Qualifizierte Leads | E | n
Qualified leads | E | n
MQL | E | n
SQL | E | n
MQLs | E | n
Angebotsanfragen | E | n
Quote requests | E | n
request_quote | E | n
Preisanfragen | E | n
Rückrufbitten | E | n
Anrufe | E | n
Anrufe über Anzeigen | E | n
Calls | E | n
Phone calls | E | n
Anrufe (Google-Unternehmensprofil) | E | n
Klicks auf Telefonnummer | E | n
Klicks auf Telefon | E | n
Tel.-Klicks | E | n
click_to_call | E | n
Phone clicks | E | n
Klicks auf E-Mail-Adresse | E | n
E-Mail-Klicks | E | n
WhatsApp-Klicks | E | n
Chat-Anfragen | E | n
CTA-Klicks | E | n
Klicks auf „Angebot anfordern“-Button | E | n
Terminbuchungen | E | n
Gebuchte Termine | E | n
Buchungen | E | n
Bookings | E | n
Booked appointments | E | n
Demo requests | E | n
Beratungsgespräche | E | n
Tischreservierungen | E | n
Webinar-Anmeldungen | E | n
Routenanfragen | E | n
Conversions | E | n
Conversions (Google Ads) | E | n
Schlüsselereignisse | E | n
Key events | E | n
Zielvorhaben abgeschlossen | E | n
Conversion Rate | E | n
Conversion-Rate | E | n
Konversionsrate | E | n
CR | E | n
CR Shop | E | n
E-Commerce-Conversion-Rate | E | n
Anfragequote | E | n
Lead-Conversion-Rate | E | n
Bestellungen | E | n
Orders | E | n
Online-Bestellungen | E | n
Käufe | E | n
E-Commerce-Käufe | E | n
purchase | E | n
Purchases | E | n
Transaktionen | E | n
Transactions | E | n
Umsatz | E | n
Umsatz Onlineshop | E | n
Gesamtumsatz | E | n
Revenue | E | n
Total revenue | E | n
Durchschnittlicher Bestellwert | E | n
Average order value | E | n
Warenkorbabbrüche | E | n
Cart abandonment rate | E | n
add_to_cart | E | n
begin_checkout | E | n
ROAS | E | n
Return on Ad Spend | E | n
ROI | E | n
Kosten pro Lead | E | n
Kosten/Lead | E | n
Cost per lead | E | n
CPL | E | n
CPA | E | n
Kosten pro Conversion | E | n
Cost per acquisition | E | n
Kosten pro Anfrage | E | n
Kosten pro Bewerbung | E | n
Customer Acquisition Cost | E | n
Neukunden | E | n
New customers | E | n
Aufträge | E | n
Auftragseingang | E | n
Abschlüsse | E | n
Deals won | E | n
Abschlussquote | E | n
Close rate | E | n
Bewerbungen | E | n
Eingegangene Bewerbungen | E | n
Applications | E | n
Job applications | E | n
Initiativbewerbungen | E | n
Klicks auf „Jetzt bewerben“ | E | n
Bewerbungsquote | E | n
Kosten pro Bewerber | E | n
Newsletter-Anmeldungen | E | n
Newsletter-Anmeldung | E | n
Newsletter sign-ups | E | n
newsletter_signup | E | n
Neue Newsletter-Abonnenten | E | n
sign_up | E | n
Registrierungen | E | n
Registrations | E | n
Free trials | E | n
Absprungrate | E | u
Bounce Rate | E | u
Absprungrate Leistungsseite | E | u
Absprungrate Startseite | E | u
Bounce rate landing page | E | u
Engagement-Rate | E | u
Engagement-Rate Website | E | u
Interaktionsrate | E | u
Engagement rate | E | u
Engagierte Sitzungen | E | u
Sitzungen mit Interaktion | E | u
Engaged sessions | E | u
Durchschnittliche Interaktionszeit | E | u
Average engagement time | E | u
Verweildauer | E | u
Ø Verweildauer | E | u
Durchschnittliche Sitzungsdauer | E | u
Avg. session duration | E | u
Time on page | E | u
Scrolltiefe | E | u
Scrolltiefe Leistungsseite | E | u
Scroll depth | E | u
scroll | E | u
Scrolls 90 % | E | u
Erklärvideo vollständig angesehen | E | u
Ø Wiedergabedauer Erklärvideo (YouTube) | E | u
Ausstiege vor der Leistungsseite | E | f
Video completion rate | E | u
video_complete | E | u
Broschüren-Downloads | E | u
Brochure downloads | E | u
Downloads Produktdatenblatt | E | u
file_download | E | u
Whitepaper-Downloads | E | u
Nutzung Preisrechner | E | u
Ladezeit | E | f
Ladezeit mobil (LCP) | E | f
Seitenladezeit | E | f
Page load time | E | f
PageSpeed Score mobil | E | f
Core Web Vitals | E | f
LCP | E | f
Largest Contentful Paint | E | f
CLS | E | f
INP | E | f
FID | E | f
TTFB | E | f
Suchen ohne Ergebnis | E | f
Searches with no results | E | f
Interne Suchen ohne Treffer | E | f
Nulltreffer-Suchen | E | f
Interne Suche | E | f
view_search_results | E | f
Ausstiegsrate | E | f
Exit rate | E | f
Ausstiege Leistungsseite | E | f
Klicks bis zur Kontaktseite | E | f
Zeit bis zum Kontakt | E | f
Time to contact | E | f
Aufrufe der Kontaktseite | E | f
Contact page views | E | f
404-Fehler | E | f
Broken links | E | f
Google-Bewertungen | E | t
Google Bewertungen | E | t
Anzahl Bewertungen | E | t
Ø Bewertung | E | t
Durchschnittliche Sternebewertung | E | t
Average rating | E | t
Google reviews | E | t
Reviews | E | t
Rezensionen | E | t
Trustpilot-Score | E | t
ProvenExpert-Bewertungen | E | t
Kununu-Bewertungen | E | t
NPS | E | t
Net Promoter Score | E | t
Kundenzufriedenheit | E | t
Customer satisfaction (CSAT) | E | t
Weiterempfehlungen | E | t
Empfehlungen | E | t
Referrals | E | t
Markensuchen | E | t
Branded Searches | E | t
Suchanfragen Markenname | E | t
Brand-Keywords Klicks | E | t
Impressionen Marken-Keywords | E | t
Direkte Suchanfragen (Google-Unternehmensprofil) | E | t
Markenbekanntheit | E | t
Wiederkehrende Besucher | E | t
Wiederkehrende Nutzer | E | t
Returning visitors | E | t
Returning users | E | t
Stammkunden | E | t
Wiederholungskäufe | E | t
Repeat purchase rate | E | t
Kundenbindungsrate | E | t
Customer lifetime value | E | t
Kündigungsrate | E | t
Churn rate | E | t
Newsletter-Abmeldungen | E | t
Aufrufe Referenzen | E | t
Case study views | E | t
Aufrufe Kundenstimmen | E | t
Testimonials page views | E | t
Aufrufe Über-uns-Seite | E | t
Nutzer (GA4) | V |
Neue Nutzer:innen | V |
Sitzungen pro Nutzer | V |
Aufrufe pro Sitzung | E | u
Durchschn. Interaktionszeit pro Sitzung | E | u
Durchschnittliche Interaktionszeit pro aktivem Nutzer | E | u
Interaktionsrate (GA4) | E | u
Sitzungen mit Interaktion pro Nutzer | E | u
Ereignisse pro Sitzung | V |
Schlüsselereignisse (Kontakt) | E | n
Sitzungs-Conversion-Rate | E | n
Nutzer-Conversion-Rate | E | n
Umsatz (GA4) | E | n
Käufe (E-Commerce) | E | n
Artikel in den Warenkorb gelegt | E | n
Kaufvorgang gestartet | E | n
Conversions Kontaktformular | E | n
Conversion: Anruf | E | n
Anrufe aus Anzeigen | E | n
Anrufe über Google Maps | E | n
Google Unternehmensprofil: Anrufe | E | n
GBP Website-Klicks | V |
GBP Aufrufe | V |
Google Business Profile Interaktionen | V |
Profilinteraktionen | V |
Suchanfragen Google Business Profile | V |
Unternehmensprofil Aufrufe Suche | V |
Unternehmensprofil Aufrufe Maps | V |
Fotoaufrufe | V |
Search Console Klicks | V |
GSC Impressionen | V |
GSC CTR | V |
GSC Ø Position | V |
Organische Suchbegriffe | V |
Anzahl rankender Keywords | V |
Keywords auf Seite 1 | V |
Top-3-Platzierungen | V |
Neue Backlinks | V |
Verlorene Backlinks | V |
Sichtbarkeit Desktop | V |
Sichtbarkeit Smartphone | V |
SISTRIX SI | V |
Meta Ads Reichweite | V |
Meta Ads Impressionen | V |
Meta Leads | E | n
Meta Kosten pro Lead | E | n
Kosten pro Ergebnis | E | n
Ergebnisse | U |
Link-Klickrate | V |
Landingpage-Aufrufe | V |
Landing Page Views | V |
Outbound CTR | V |
Hook Rate | V |
Hold Rate | V |
Video-Wiedergaben 3 Sek. | V |
Instagram Reichweite | V |
Instagram Impressionen | V |
Instagram Profilbesuche | V |
Instagram Website-Taps | V |
Instagram Follower Wachstum | V |
Instagram Story Views | V |
Reels Plays | V |
TikTok Views | V |
TikTok Follower | V |
YouTube Abonnenten | V |
YouTube Wiedergabezeit | V |
YouTube Aufrufe | V |
LinkedIn Impressionen | V |
LinkedIn Engagement Rate | V |
LinkedIn Follower | V |
LinkedIn Seitenbesucher | V |
LinkedIn Klicks | V |
LinkedIn Reaktionen | V |
LinkedIn Lead Gen Forms | E | n
LinkedIn Leads | E | n
Xing Follower | V |
Pinterest Impressionen | V |
Newsletter Öffnungsrate | V |
Newsletter Klickrate | V |
Newsletter Abmelderate | E | t
Newsletter Abonnenten gesamt | V |
Newsletter Neuanmeldungen | E | n
E-Mail Conversion Rate | E | n
Mailing Klicks | V |
Click-to-Open-Rate | V |
Zustellrate | V |
Bounce Rate E-Mail | V |
Umsatz aus E-Mail | E | n
Google Ads Klicks | V |
Google Ads Impressionen | V |
Google Ads Conversions | E | n
Google Ads Kosten | V |
Google Ads CPC | V |
Google Ads Conv.-Rate | E | n
Google Ads Kosten/Conv. | E | n
Qualitätsfaktor | V |
Suchimpressionsanteil | V |
Impression Share | V |
Anteil an möglichen Impressionen | V |
Anrufe (Anzeigenerweiterung) | E | n
Conversion-Wert | E | n
Conv.-Wert/Kosten | E | n
Website-Besuche | V |
Besucher gesamt | V |
Eindeutige Besucher | V |
Seitenaufrufe Blog | V |
Blog-Leser | V |
Verweildauer Blog | E | u
Beiträge pro Monat | V |
Anzahl Blogartikel | V |
Anzahl Newsletter | V |
Kontaktanfragen Website | E | n
Anfragen per Telefon | E | n
Anfragen per E-Mail | E | n
Anfragen über Social Media | E | n
Qualifizierte Anfragen | E | n
Anfragen B2B | E | n
Angebotsanfragen Dach | E | n
Rückrufe | E | n
Terminanfragen | E | n
Online-Terminbuchungen (Doctolib) | E | n
Neupatienten | E | n
Patientenanfragen | E | n
Mandantenanfragen | E | n
Neue Mandanten | E | n
Probetermine | E | n
Beratungstermine | E | n
Auftragsvolumen | E | n
Angebotsvolumen | E | n
Bewerbungen über Karriereseite | E | n
Aufrufe Stellenanzeigen | V |
Klicks auf Stellenanzeigen | V |
Karriereseite Besucher | V |
Bewerber pro Stelle | E | n
Kosten pro Einstellung | E | n
Kununu Score | E | t
Arbeitgeberbewertung | E | t
Google-Sterne | E | t
Sternebewertung | E | t
Bewertungsdurchschnitt | E | t
Anzahl Rezensionen | E | t
Neue Bewertungen | E | t
Trusted Shops Bewertungen | E | t
Kundenzufriedenheit (Umfrage) | E | t
Weiterempfehlungsrate | E | t
Wiederkaufrate | E | t
Bestandskundenumsatz | E | t
Stammkundenanteil | E | t
Retourenquote | E | t
Absprungrate mobil | E | u
Absprungrate Landingpage Kampagne | E | u
Scroll-Tiefe 75 % | E | u
Klicks auf Leistungen | V |
Klicks im Menü | V |
Navigation Klicks | V |
PDF-Downloads | E | u
Katalog-Anfragen | E | n
Musteranforderungen | E | n
Produktproben angefordert | E | n
Gutscheinanfragen | E | n
Spendeneingänge | E | n
Fördermitglieder | E | n
Ticketverkäufe | E | n
Verkaufte Tickets | E | n
Anmeldungen Veranstaltung | E | n
Teilnehmer Webinar | E | n
Downloads App | E | n
Mobile PageSpeed | E | f
Core Web Vitals (Anteil gute URLs) | E | f
Server-Antwortzeit | E | f
Website Uptime | E | f
Verfügbarkeit | E | f
Anzahl 404-Fehler | E | f
Indexierungsfehler | E | f
Interne Links | V |
Seiten im Index | V |
Duplicate Content | V |
Lighthouse Performance | E | f
Lighthouse SEO Score | E | f
Barrierefreiheit Score | E | f
Accessibility Score | E | f
Organic sessions | V |
Organic search traffic | V |
Paid sessions | V |
Sessions from social | V |
Users from organic search | V |
Engaged sessions per user | E | u
Average session duration | E | u
Avg. engagement time per session | E | u
Views per session | E | u
Event count per user | V |
Conversions (all) | E | n
All conversions | E | n
Conv. value | E | n
Cost / conv. | E | n
Conv. rate | E | n
Search impression share | V |
Search lost IS (budget) | V |
Interaction rate | V |
Interactions | V |
Phone calls from ads | E | n
Calls from Google Business Profile | E | n
Website clicks from GBP | V |
Direction requests | E | n
Business profile views | V |
Discovery searches | V |
Direct searches | E | t
Branded search volume | E | t
Non-branded clicks | V |
Brand clicks (GSC) | E | t
Organic CTR | V |
Keyword rankings top 3 | V |
Number of ranking keywords | V |
Domain rating (DR) | V |
Referring domains (new) | V |
Page speed (mobile) | E | f
Time to first byte | E | f
First contentful paint | E | f
Total blocking time | E | f
Core Web Vitals pass rate | E | f
Mobile usability issues | E | f
Site search usage | E | f
Site searches with zero results | E | f
Exit pages | E | f
Pages with high exit rate | E | f
Scroll depth 90% | E | u
Video plays (explainer) | E | u
Explainer video completion rate | E | u
Whitepaper downloads | E | u
E-book downloads | E | u
Case study downloads | E | u
Pricing page views | V |
Product page views | V |
Demo bookings | E | n
Free trial sign-ups | E | n
Trial-to-paid conversion rate | E | n
MQL to SQL rate | E | n
SQL to opportunity rate | E | n
Pipeline value | E | n
Won deals | E | n
Revenue from organic | E | n
Online sales | E | n
E-commerce revenue | E | n
Average basket size | E | n
Repeat customers | E | t
Repeat orders | E | t
Customer retention | E | t
Churned customers | E | t
Net revenue retention | E | t
Unsubscribe rate | E | t
Email list growth | E | n
Subscribers | V |
Open rate (unique) | V |
Click rate (email) | V |
Emails delivered | V |
Social media followers | V |
Follower growth rate | V |
Total engagements | V |
Engagement per post | V |
Post reach | V |
Story reach | V |
Video completion rate (TikTok) | V |
Average watch time | V |
Shares per post | V |
Mentions of the brand | V |
Brand sentiment | E | t
Share of search | E | t
Reviews received | E | t
Average star rating | E | t
Trustpilot reviews | E | t
Google rating | E | t
Testimonials collected | E | t
Net Promoter Score (quarterly) | E | t
Customer satisfaction score | E | t
Job ad views | V |
Job applications (career page) | E | n
Apply clicks | E | n
Cost per applicant | E | n
Candidates | E | n
Hires | E | n
Newsletter subscribers (total) | V |
Contact requests | E | n
Leads (form + phone) | E | n
Callback requests | E | n
Meeting requests | E | n
Appointment requests | E | n
Store visits | E | n
Walk-ins | E | n
Coupon redemptions | E | n
Catalog requests | E | n
Sample requests | E | n
Brochure requests | E | n
Quote requests (website) | E | n
Inquiry form submissions | E | n
Chat conversations | E | n
WhatsApp contacts | E | n
Click on email | E | n
Mailto clicks | E | n
Tel clicks | E | n
Contact clicks | E | f
Kontakt-Klicks | E | f
Klicks auf Kontakt | E | f
Klicks auf WhatsApp-Button | E | n
Klicks auf Anfrage-Button | E | n
Klicks auf Route | E | n
Anzahl Kontaktanfragen über das Formular | E | n
Anfragen (Formular, Telefon, E-Mail) | E | n
Eingehende Anfragen gesamt | E | n
Telefonische Anfragen | E | n
Anzahl Anrufe | E | n
Anrufe > 60 Sek. | E | n
Qualifizierte Anrufe | E | n
Verpasste Anrufe | E | n
E-Mail-Anfragen | E | n
Leads gesamt | E | n
Neue Leads | E | n
Lead-Qualität | E | n
Leadquote | E | n
Angebote versendet | E | n
Angenommene Angebote | E | n
Auftragsquote | E | n
Neue Aufträge | E | n
Umsatz neu | E | n
Umsatz je Kunde | E | n
Deckungsbeitrag Online | E | n
Warenkorbwert Ø | E | n
Durchschnittlicher Warenkorb | E | n
Bestellungen Neukunden | E | n
Bestellungen Bestandskunden | E | t
Erstkäufer | E | n
Wiederkäufer | E | t
Kundenbewertungen Shop | E | t
Produktbewertungen | E | t
Sterne Google | E | t
Bewertungen gesamt | E | t
Ø Sternebewertung | E | t
Empfehlungsquote | E | t
Aufrufe Teamseite | E | t
Aufrufe Über uns | E | t
Aufrufe Referenzprojekte | E | t
Aufrufe Leistungsseiten | V |
Besucher Leistungsseiten | V |
Verweildauer Leistungsseite | E | u
Verweildauer Startseite | E | u
Ø Sitzungsdauer | E | u
Absprünge | E | u
Absprungquote | E | u
Engagement | V |
Engagement Rate | E | u
Interaktionen gesamt | V |
Reichweite organisch | V |
Reichweite bezahlt | V |
Impressionen bezahlt | V |
Sichtkontakte Plakat | V |
Auflage Print | V |
Anzeigen Print | V |
Radiospots | V |
Messebesucher | V |
Messe-Leads | E | n
Visitenkarten Messe | E | n
Flyer verteilt | V |
Postwurfsendungen | V |
Direct Mailing Rücklauf | E | n
Rücklaufquote | E | n
Gutscheineinlösungen | E | n
QR-Code Scans | V |
Scans QR-Code | V |
Website-Besucher aus QR | V |
Sitzungen Direkt | V |
Sitzungen organische Suche | V |
Sitzungen Paid Search | V |
Sitzungen Social | V |
Sitzungen Referral | V |
Neue vs. wiederkehrende Nutzer | E | t
Anteil wiederkehrender Besucher | E | t
Anteil mobiler Nutzer | V |
Mobile Nutzer | V |
Desktop-Nutzer | V |
Top-Landingpage Aufrufe | V |
Einstiege Startseite | V |
Einstiegsseiten | V |
Seitenaufrufe Kontaktseite | E | f
Kontaktseite Besuche | E | f
Zeit bis Anfrage | E | f
Seiten bis Conversion | E | f
Suchanfragen auf der Website | E | f
Website-Suche ohne Treffer | E | f
Fehlerseiten (404) | E | f
PageSpeed Desktop | E | f
Ladezeit Startseite (s) | E | f
LCP mobil | E | f
CLS Desktop | E | f
INP (Interaction to Next Paint) | E | f
Google Core Web Vitals Status | E | f
Onpage-Score | V |
SEO-Score | V |
Technischer SEO-Score | V |
Anzahl indexierter Seiten | V |
Keywords Top 10 (Sistrix) | V |
Sichtbarkeit (SISTRIX) | V |
Searchmetrics SEO Visibility | V |
Ahrefs DR | V |
Backlinks gesamt | V |
Neue verweisende Domains | V |
Social Media Reichweite gesamt | V |
Social Media Follower gesamt | V |
Follower Facebook + Instagram | V |
Beiträge Instagram | V |
Posts LinkedIn | V |
Stories Instagram | V |
Reels veröffentlicht | V |
Newsletter Öffnungen | V |
Newsletter Klicks | V |
Newsletter-Abos | V |
Newsletter Abonnenten neu | E | n
Neue Abonnenten Newsletter | E | n
Abmeldungen Newsletter | E | t
Kampagnenklicks | V |
Anzeigenimpressionen | V |
Anzeigenkosten | V |
Kosten Meta Ads | V |
Budget ausgeschöpft | V |
Budgetauslastung | V |
Kosten pro Conversion (Google Ads) | E | n
Kosten pro Anruf | E | n
Kosten pro Termin | E | n
Kosten pro Neukunde | E | n
Kosten pro Bestellung | E | n
Conversion-Rate Kontaktformular | E | n
Conversionrate Shop | E | n
Conversion Rate mobil | E | n
Konversionen | E | n
Zielerreichungen | E | n
Ziel-Conversions | E | n
Beratung | U |
Generator | U |
Teamleader | U |
Krankheitstage | U |
Lagerumschlag | U |
Rohstoffpreise | U |
Temperatur Lager | U |
Projektfortschritt | U |
Anzahl Mitarbeitende | U |
Stundensatz | U |
Auslastung Team | U |
Offene Rechnungen | U |
Zahlungsziel | U |
Kassenbestand | U |
Fuhrpark | U |
Kalenderwoche | U |
Monat | U |
Bemerkungen | U |
Sonstiges | U |
Zielgruppe | U |
Persona | U |
Markt | U |
Wettbewerber | U |
Preisniveau | U |
Liefertreue | U |
Produktionsmenge | U |
Ausschussquote | U |
Energieverbrauch | U |
CO2-Ausstoß | U |
Stromkosten | U |
Lizenzen | U |
Überstunden | U |
Anz. Anfragen | E | n
Anfr. Website | E | n
Leads (#) | E | n
Umsatz (€) | E | n
CR (%) | E | n
Kosten/Lead (€) | E | n
Ø Verw.-Dauer | E | u
Ø Verweildauer (Sek.) | E | u
Verweildauer in Min. | E | u
Konv.-Rate | E | n
Conv. | E | n
Sess. | V |
Imp. | V |
Impr. | V |
Reichw. | V |
Abspr.-Rate | E | u
Bounce % | E | u
Seitenaufr. | V |
PIs | V |
Visits (IVW) | V |
Unique User | V |
UU | V |
Unique Clients | V |
Returning Visitors % | E | t
New Visitors | V |
Time on Site | E | u
Avg. Time on Page | E | u
Pages/Visit | E | u
Goal Completions | E | n
Goal Conversion Rate | E | n
Ecommerce Conversion Rate | E | n
Transactions Revenue | E | n
Product Revenue | E | n
Units sold | E | n
Verkaufte Einheiten | E | n
Stückzahl verkauft | E | n
Abverkauf | E | n
Retouren | E | t
Stornos | E | t
Anfragen-Zuwachs | E | n
Kontaktanfragen Vorjahr | E | n
Anfragen Ziel | E | n
Telefon-Leads | E | n
Form-Leads | E | n
Chat-Leads | E | n
Offline-Conversions | E | n
Store Visits (Google Ads) | E | n
Anrufe länger als 30 Sekunden | E | n
Click-to-Call Anrufe | E | n
Terminvereinbarungen online | E | n
Online-Buchungen | E | n
Reservierungen | E | n
Tischreservierungen online | E | n
Hotelbuchungen | E | n
Übernachtungen | E | n
Buchungsanfragen | E | n
Ferienwohnung Anfragen | E | n
Probefahrten | E | n
Testfahrten | E | n
Besichtigungstermine | E | n
Exposé-Anfragen | E | n
Exposé-Downloads | E | u
Objektanfragen | E | n
Immobilienanfragen | E | n
Makleranfragen | E | n
Finanzierungsanfragen | E | n
Kreditanfragen | E | n
Versicherungsanfragen | E | n
Tarifrechner genutzt | E | u
Rechner-Nutzungen | E | u
Konfigurationen gestartet | E | u
Konfigurator abgeschlossen | E | u
Produktvergleiche | E | u
Merkliste | E | n
Wunschliste | E | n
Händlersuche | E | n
Filialfinder Nutzung | E | n
Store Locator | E | n
Standortsuche | E | n
Händleranfragen | E | n
Partneranfragen | E | n
Vertriebspartner-Anfragen | E | n
Jobs-Seite Aufrufe | V |
Stellenanzeigen Klicks (Indeed) | V |
Indeed Bewerbungen | E | n
StepStone Bewerbungen | E | n
Bewerbungseingang | E | n
Bewerbungsgespräche | E | n
Eingestellte Mitarbeiter | E | n
Azubi-Bewerbungen | E | n
Praktikumsbewerbungen | E | n
Kununu Bewertungen Ø | E | t
Glassdoor Rating | E | t
Mitarbeiterempfehlungen | E | t
Newsletter Abonnenten Zuwachs | E | n
Newsletter-Abonnements | V |
Double-Opt-In-Quote | E | n
Lead-Magnet Downloads | E | u
Webinar-Teilnehmer | E | n
Event-Anmeldungen | E | n
Podcast-Downloads | V |
Podcast Hörer | V |
Podcast Abonnenten | V |
Blog Abonnenten | V |
RSS Abonnenten | V |
Kommentare Blog | V |
Verweildauer Blogartikel | E | u
Lesedauer | E | u
Lesetiefe | E | u
Artikelaufrufe | V |
Erklärvideo Aufrufe | E | u
Produktvideo Views | E | u
YouTube-Klicks auf Website | V |
Impressionen YouTube Ads | V |
TrueView Views | V |
Google Display Impressionen | V |
Retargeting Klicks | V |
Remarketing Conversions | E | n
Programmatic Impressions | V |
Viewability | V |
Sichtbarkeitsrate (Display) | V |
Frequenz (Meta) | V |
Website-Traffic gesamt | V |
Organische Besucher | V |
Bezahlte Klicks | V |
Anzeigen-Klickrate | V |
Durchschnittlicher CPC | V |
Gesamtkosten Kampagne | V |
Conversions gesamt | E | n
Conversion-Wert pro Kosten | E | n
Anrufe aus Google Ads | E | n
Formularanfragen Landingpage | E | n
Klicks auf Kontaktbutton | E | n
Klicks "Termin buchen" | E | n
Online-Terminanfragen | E | n
Neue Patientenanfragen | E | n
Beratungsanfragen | E | n
Erstberatungen | E | n
Anfragen Kontaktformular | E | n
Leads aus LinkedIn | E | n
Lead-Formular-Ausfüllungen | E | n
Kosten je Lead (LinkedIn) | E | n
Impressionen LinkedIn Ads | V |
Klickrate LinkedIn Ads | V |
Follower Instagram | V |
Reichweite Instagram Posts | V |
Gespeicherte Beiträge | V |
Story-Interaktionen | V |
Profilaufrufe Instagram | V |
Website-Klicks Instagram | V |
Reel-Aufrufe | V |
Neue Abonnenten YouTube | V |
Sichtbarkeit Google Maps | V |
Aufrufe Google Maps | V |
Suchanfragen Maps | V |
Anrufe über Google-Profil | E | n
Routenplanungen | E | n
Google-Rezensionen | E | t
Durchschnittsbewertung Google | E | t
Anzahl Google-Bewertungen | E | t
Bewertungsschnitt ProvenExpert | E | t
Weiterempfehlungen (Umfrage) | E | t
Net Promoter Score Kunden | E | t
Markensuchanfragen | E | t
Suchvolumen Markenname | E | t
Direktaufrufe | V |
Wiederkehrende Besucher (%) | E | t
Verweildauer (Min.) | E | u
Durchschnittliche Verweildauer | E | u
Absprungrate (%) | E | u
Absprungrate Produktseite | E | u
Scrolltiefe (%) | E | u
Videoabschlüsse Erklärvideo | E | u
Downloads Broschüre | E | u
Downloads Whitepaper | E | u
Ladezeit (Sekunden) | E | f
Ladezeit Desktop | E | f
PageSpeed Insights Mobil | E | f
Core Web Vitals bestanden | E | f
Fehlerseiten | E | f
Interne Suche ohne Ergebnis | E | f
Ausstiege Kontaktseite | E | f
Klicks bis Kontakt | E | f
Seitenaufrufe pro Besuch | E | u
Seitenaufrufe (GA4) | V |
Besuche (Matomo) | V |
Besucher (Matomo) | V |
Aktionen pro Besuch (Matomo) | E | u
Absprungrate (Matomo) | E | u
Ziele erreicht (Matomo) | E | n
Newsletter-Empfänger gesamt | V |
Newsletter-Öffnungsrate | V |
Newsletter-Klickrate | V |
Neue Newsletter-Anmeldungen | E | n
Abmelderate | E | t
Bestellungen Onlineshop | E | n
Umsatz Shop (brutto) | E | n
Warenkorbabbruchrate | E | n
Durchschnittlicher Bestellwert (AOV) | E | n
Wiederkaufrate Kunden | E | t
Neukundenanteil | E | n
Bewerbungen gesamt | E | n
Bewerbungen über Indeed | E | n
Aufrufe Karriereseite | V |
Klicks auf Stellenangebote | V |
Kosten pro Bewerbung (Meta) | E | n
Sichtbarkeitsindex SISTRIX | V |
Keywords in den Top 10 | V |
Backlinks (Ahrefs) | V |
Domain Rating (Ahrefs) | V |
Blogbeiträge veröffentlicht | V |
Social-Media-Posts | V |
Pressemitteilungen veröffentlicht | V |
Medienberichte | V |
Erwähnungen in Medien | V |
Share of Voice (Social) | V |
Direktnachrichten Instagram | E | n
Instagram DMs | E | n
Facebook Messenger Nachrichten | E | n
LinkedIn Nachrichten | E | n
Gestartete Formulare | E | n
form_start | E | n
Formularstarts | E | n
Kosten-Umsatz-Relation (KUR) | E | n
ACoS | E | n
KUR | E | n
App-Downloads | E | n
App Installs | E | n
Installationen (Android) | E | n
App Store Downloads | E | n
Bounces Newsletter | V |
Hard Bounces E-Mail | V |
Nulltreffer | E | f
Zero result searches | E | f
Time to first contact | E | f
Klicktiefe | E | f
Brand Awareness | E | t
Gestützte Markenbekanntheit | E | t
XING-Kontakte | V |
LinkedIn Connections | V |
Videoaufrufe Instagram | V |
YouTube Shorts Videos | V |
Video views (Facebook) | V |
App-Installationen | E | n
Installationen | E | n
first_open | E | n
Enquiry form completions | E | n
Enquiries via website | E | n
Phone enquiries | E | n
Calls Website | E | n
Leads Website | E | n
Traffic organisch | V |
Traffic paid | V |
Engagement Rate Posts | V |
Post-Reichweite | V |
Beitragsreichweite | V |
Seitenbesucher LinkedIn | V |
Unique page views | V |
Total page views | V |
Avg. page load time (s) | E | f
Largest Contentful Paint (mobile) | E | f
Cumulative Layout Shift | E | f
Site speed score | E | f
Organic keywords | V |
Keyword visibility | V |
Search visibility | V |
Local rankings | V |
Map pack rankings | V |
GBP calls | E | n
GBP direction requests | E | n
GBP website visits | V |
Google Business reviews | E | t
Review rating (avg.) | E | t
5-star reviews | E | t
Negative reviews | E | t
Customer complaints | E | t
Beschwerden | E | t
Reklamationen | E | t
Chatbot-Gespräche | E | n
Live-Chat-Anfragen | E | n
Bookings via website | E | n
Booking rate | E | n
Online reservations | E | n
Table bookings | E | n
Demo sign-ups | E | n
Webinar registrations | E | n
Event registrations | E | n
Course enrolments | E | n
Anmeldungen Kurse | E | n
Kursbuchungen | E | n
Mitgliedsanträge | E | n
Vertragsabschlüsse online | E | n
Online-Abschlüsse | E | n
Tarifabschlüsse | E | n
Policen abgeschlossen | E | n
Kreditanträge | E | n
Anträge gesamt | E | n
Spenden online | E | n
Fundraising revenue | E | n
Affiliate-Umsatz | E | n
Affiliate Klicks | V |
Influencer Reichweite | V |
Influencer-Posts | V |
UGC-Beiträge | V |
Hashtag-Nutzung | V |
Markenerwähnungen Social | V |
Sentiment positiv | E | t
Community-Wachstum | V |
Gruppenmitglieder | V |
Discord-Mitglieder | V |
Telegram Abonnenten | V |
WhatsApp-Kanal Abonnenten | V |
Push-Abonnenten | V |
Push-Benachrichtigungen Klickrate | V |
SMS-Klicks | V |
Direktmarketing Rücklaufquote | E | n
Katalogbestellungen | E | n
Probenbestellungen | E | n
Musterbestellungen | E | n
Rage Clicks | E | f
Tote Klicks Startseite | E | f
Quick Backs Leistungsseite | E | f
JavaScript-Fehler (Clarity) | E | f
Nachrichten Unternehmensprofil | E | n
Messages (GBP) | E | n
Empfänger | V |
Aktive Empfänger CleverReach | V |
Bounces | V |
Soft Bounces Brevo | V |
Qualitätsranking | V |
Conversion rate ranking (Meta) | V |
Google Maps – Mobil | V |
Google Search - Desktop (GBP) | V |
Neue Abonnenten | E | n
New subscribers (Mailchimp) | E | n
Interaktionsrate (Google Ads) | V |
Interaction rate (Google Ads) | V |
Anzeigen-Interaktionen | V |
Foo | U |
Mitarbeiterzahl | U |
Temperatur | U |
Wetter | U |
Lagerbestand | U |
Bemerkung | U |
xyz 123 | U |
"""


def load() -> list[tuple[str, KpiClass, Question | None]]:
    rows = []
    for line in _TABLE.strip().splitlines():
        name, cls, question = (part.strip() for part in line.split("|"))
        rows.append((name, _CLASSES[cls], _QUESTIONS[question]))
    return rows


KPI_NAMES = load()
