"""The workbook's vocabulary in one place: sheet, field and column names and every fixed value, German first,
with the English aliases the reader also accepts. The template writer and the reader both use these tables.

Each entry maps a canonical id (English, used in code) to its labels; the first German label is the one the
German template writes, the first English label the one the English template writes.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .i18n import _, quote
from .model import Direction, KpiClass, Question, Role

# ---- sheets -------------------------------------------------------------------------------------------------
SHEETS: dict[str, dict[str, list[str]]] = {
    "client": {"de": ["Kunde", "Stammdaten", "Kundendaten"], "en": ["Client", "Customer"]},
    "kpis": {"de": ["Kennzahlen", "KPIs"], "en": ["KPIs", "Metrics"]},
    "measures": {"de": ["Maßnahmen", "Aktivitäten"], "en": ["Measures", "Activities"]},
    "instructions": {"de": ["Anleitung"], "en": ["Instructions"]},
}

# ---- Kunde sheet: Feld | Wert --------------------------------------------------------------------------------
CLIENT_HEADER: dict[str, dict[str, list[str]]] = {
    "field": {"de": ["Feld"], "en": ["Field"]},
    "value": {"de": ["Wert"], "en": ["Value"]},
}

CLIENT_FIELDS: dict[str, dict[str, list[str]]] = {
    "name": {"de": ["Kunde", "Kundenname", "Firma"], "en": ["Client", "Client name", "Company"]},
    "slug": {"de": ["Kürzel"], "en": ["Slug", "Short name"]},
    "report_month": {"de": ["Berichtsmonat"], "en": ["Report month", "Month"]},
    "role": {"de": ["Rolle des Marketings", "Rolle"], "en": ["Marketing role", "Role"]},
    "language": {"de": ["Sprache"], "en": ["Language"]},
    "recipients": {"de": ["Empfänger"], "en": ["Recipients"]},
    "contact": {"de": ["Ansprechpartner", "Ansprechpartnerin"], "en": ["Contact", "Contact person"]},
    "logo": {"de": ["Logo"], "en": ["Logo"]},
    "primary": {"de": ["Primärfarbe"], "en": ["Primary colour", "Primary color"]},
    "accent": {"de": ["Akzentfarbe"], "en": ["Accent colour", "Accent color"]},
    "comment": {"de": ["Kommentar"], "en": ["Commentary", "Comment"]},
}
REQUIRED_CLIENT_FIELDS = ("name", "role")

# ---- Kennzahlen sheet ----------------------------------------------------------------------------------------
KPI_COLUMNS: dict[str, dict[str, list[str]]] = {
    "name": {"de": ["Kennzahl"], "en": ["KPI", "Metric"]},
    "channel": {"de": ["Kanal"], "en": ["Channel"]},
    "unit": {"de": ["Einheit"], "en": ["Unit"]},
    "target": {"de": ["Ziel", "Ziel pro Monat"], "en": ["Target", "Target per month"]},
    "direction": {"de": ["Richtung"], "en": ["Direction"]},
    "source": {"de": ["Quelle"], "en": ["Source"]},
    "class_override": {"de": ["Einstufung"], "en": ["Classification"]},
    "question_override": {"de": ["Wirkungsfrage"], "en": ["Impact question"]},
    "measure": {"de": ["Maßnahme"], "en": ["Measure"]},
}
REQUIRED_KPI_COLUMNS = ("name",)

# ---- Maßnahmen sheet -----------------------------------------------------------------------------------------
MEASURE_COLUMNS: dict[str, dict[str, list[str]]] = {
    "name": {"de": ["Maßnahme"], "en": ["Measure", "Activity"]},
    "discipline": {"de": ["Disziplin"], "en": ["Discipline"]},
    "start": {"de": ["Start", "Beginn"], "en": ["Start"]},
    "end": {"de": ["Ende"], "en": ["End"]},
    "status": {"de": ["Status"], "en": ["Status"]},
    "landing_page": {"de": ["Zielseite"], "en": ["Landing page"]},
    "budget": {"de": ["Budget", "Budget pro Monat"], "en": ["Budget", "Budget per month"]},
    "note": {"de": ["Notiz"], "en": ["Note"]},
}
REQUIRED_MEASURE_COLUMNS = ("name",)

# ---- fixed values (dropdowns) --------------------------------------------------------------------------------
ROLES: dict[str, dict[str, list[str]]] = {
    Role.INQUIRIES: {
        "de": ["Anfragen gewinnen", "Anfragen generieren", "Leads gewinnen", "Neukunden gewinnen"],
        "en": ["Win inquiries", "Generate inquiries", "Generate leads", "Lead generation"],
    },
    Role.APPLICANTS: {
        "de": ["Bewerber gewinnen", "Bewerbungen gewinnen", "Mitarbeiter gewinnen", "Fachkräfte gewinnen"],
        "en": ["Win applicants", "Recruit applicants", "Recruiting"],
    },
    Role.SALES: {"de": ["Online verkaufen", "Onlineshop", "E-Commerce"], "en": ["Sell online", "Online sales"]},
    Role.AWARENESS: {"de": ["Bekanntheit aufbauen", "Bekanntheit steigern"], "en": ["Build awareness"]},
    Role.RETENTION: {
        "de": ["Kunden binden", "Kundenbindung", "Bestandskunden binden"],
        "en": ["Retain customers", "Customer retention"],
    },
}

LANGUAGES: dict[str, dict[str, list[str]]] = {
    "de": {"de": ["de", "Deutsch"], "en": ["German"]},
    "en": {"de": ["en", "Englisch"], "en": ["English"]},
}

CHANNELS: dict[str, dict[str, list[str]]] = {
    "website": {"de": ["Website", "Webseite", "Homepage", "Internetseite"], "en": ["Website", "Web"]},
    "seo": {"de": ["SEO", "Suchmaschinenoptimierung", "Organische Suche"], "en": ["SEO", "Organic search"]},
    "social": {
        "de": ["Social Media", "Instagram", "Facebook", "LinkedIn", "TikTok", "YouTube", "Xing", "Pinterest"],
        "en": ["Social media", "Social"],
    },
    "ads": {
        "de": ["Anzeigen", "Werbung", "SEA", "Google Ads", "Meta Ads", "Microsoft Ads", "Onlinewerbung"],
        "en": ["Ads", "Advertising", "Paid", "Paid search", "Paid social", "PPC"],
    },
    "email": {"de": ["E-Mail", "Newsletter", "E-Mail-Marketing", "Mailing"], "en": ["Email", "E-mail"]},
    "sales": {"de": ["Vertrieb"], "en": ["Sales"]},
    "other": {"de": ["Sonstiges"], "en": ["Other"]},
}

DISCIPLINES: dict[str, dict[str, list[str]]] = {
    "website": CHANNELS["website"],
    "seo": CHANNELS["seo"],
    "social": CHANNELS["social"],
    "ads": CHANNELS["ads"],
    "email": CHANNELS["email"],
    "content": {"de": ["Content", "Inhalte"], "en": ["Content"]},
    "other": CHANNELS["other"],
}

UNITS: dict[str, dict[str, list[str]]] = {
    "count": {"de": ["Anzahl", "Stück", "Anz."], "en": ["Count", "Number"]},
    "percent": {"de": ["%", "Prozent"], "en": ["Percent"]},
    "eur": {"de": ["€", "EUR", "Euro"], "en": ["EUR"]},
    "seconds": {"de": ["Sekunden", "s", "Sek."], "en": ["Seconds", "sec"]},
    "points": {"de": ["Punkte", "Sterne", "Bewertung"], "en": ["Points", "Score", "Stars", "Rating"]},
}

DIRECTIONS: dict[str, dict[str, list[str]]] = {
    Direction.HIGHER: {"de": ["höher ist besser", "höher"], "en": ["higher is better", "higher"]},
    Direction.LOWER: {"de": ["niedriger ist besser", "niedriger"], "en": ["lower is better", "lower"]},
}

CLASSES: dict[str, dict[str, list[str]]] = {
    KpiClass.EFFECT: {"de": ["Wirkung", "Wirkungskennzahl"], "en": ["Effect", "Effect metric"]},
    KpiClass.VANITY: {"de": ["Vanity", "Vanity-Kennzahl"], "en": ["Vanity metric"]},
}

QUESTIONS: dict[str, dict[str, list[str]]] = {
    Question.UNDERSTANDING: {"de": ["Verständnis"], "en": ["Understanding"]},
    Question.FINDABILITY: {"de": ["Orientierung"], "en": ["Findability"]},
    Question.TRUST: {"de": ["Vertrauen"], "en": ["Trust"]},
    Question.NEXT_STEP: {"de": ["Nächster Schritt"], "en": ["Next step"]},
}

STATUSES: dict[str, dict[str, list[str]]] = {
    "planned": {"de": ["geplant", "in Planung"], "en": ["planned"]},
    "active": {"de": ["aktiv", "läuft", "laufend", "in Arbeit"], "en": ["active", "running", "in progress"]},
    "paused": {"de": ["pausiert", "angehalten", "gestoppt"], "en": ["paused", "on hold", "stopped"]},
    "done": {
        "de": ["abgeschlossen", "beendet", "erledigt", "fertig"],
        "en": ["done", "completed", "finished"],
    },
}


def normalize(text: str) -> str:
    """Case-, space- and umlaut-insensitive key: ``" Maßnahmen "`` and ``"MASSNAHMEN"`` give the same key."""
    if type(text) is str and len(text) <= 200:  # labels, looked up again and again: remembered (equal strings
        return _normalized(text)  # give equal keys; long cell text is not kept in memory)
    return _normalize(text)


@functools.lru_cache(maxsize=4096)
def _normalized(text: str) -> str:
    return _normalize(text)


def _normalize(text: object) -> str:
    """Not remembered for other values: equal numbers can be written differently (``0.0`` and ``-0.0``)."""
    text = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    return re.sub(r"[\s_\-]+", " ", text)


def label(table: dict[str, dict[str, list[str]]], key: str, lang: str) -> str:
    """The label the template writes for ``key`` in ``lang``."""
    return table[key][lang][0]


def lookup(table: dict[str, dict[str, list[str]]], text: str) -> str | None:
    """The canonical id whose German or English label matches ``text``, or ``None``."""
    index = _index(table)
    if index is not None:
        if _too_long(text, index.longest):
            return None
        return index.keys.get(normalize(text))
    wanted = normalize(text)
    for key, labels in table.items():
        for names in labels.values():
            if any(normalize(name) == wanted for name in names):
                return str(key)
    return None


def languages_of(table: dict[str, dict[str, list[str]]], text: str) -> set[str]:
    """The languages (``de``, ``en``) in which ``text`` is a label of ``table``: ``KPIs`` is both."""
    index = _index(table)
    if index is not None:
        if _too_long(text, index.longest):
            return set()
        return set(index.langs.get(normalize(text), ()))
    wanted = normalize(text)
    return {
        lang
        for labels in table.values()
        for lang, names in labels.items()
        if any(normalize(name) == wanted for name in names)
    }


class _Index:
    """A table of this module by its labels' keys: what ``lookup`` and ``languages_of`` find by walking the
    table, found in one step. A key maps to the first entry that has it (the walk's order), to the set of its
    languages; ``longest`` is the length of the longest key."""

    __slots__ = ("keys", "langs", "longest")

    def __init__(self, table: dict[str, dict[str, list[str]]]) -> None:
        self.keys: dict[str, str] = {}
        self.langs: dict[str, set[str]] = {}
        for key, labels in table.items():
            for lang, names in labels.items():
                for name in names:
                    wanted = normalize(name)
                    self.keys.setdefault(wanted, str(key))
                    self.langs.setdefault(wanted, set()).add(lang)
        self.longest = max(map(len, self.keys), default=0)


def _index(table: dict[str, dict[str, list[str]]]) -> _Index | None:
    """The index of one of this module's tables (constants, built on first use); ``None`` for another table,
    which is walked as it is."""
    key = id(table)  # the tables live as long as the module: no other object has their ids
    if key not in _indexes:
        return None
    index = _indexes[key]
    if index is None:
        index = _indexes[key] = _Index(table)
    return index


# Where a long text has more ASCII letters and digits than any label has characters, no label can match it:
# each of them stays one character of its key (``normalize`` never removes, merges or turns into spaces ASCII
# letters and digits: NFKC composes one with combining marks at most, never two of them, and the result is a
# letter; case folding and the umlaut spellings only lengthen). Counting them is far cheaper than normalising
# a 10,000-character cell that is no header.
_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
_COUNTED_FROM = 200  # shorter text is normalised once and remembered (``normalize``)


def _too_long(text: object, longest: int) -> bool:
    """Whether ``text`` provably normalises to a key longer than ``longest`` (see above)."""
    if type(text) is not str or len(text) <= max(_COUNTED_FROM, longest):
        return False
    return len(text.encode("ascii", "ignore").translate(None, _NOT_ALNUM)) > longest


def header_key(table: dict[str, dict[str, list[str]]], text: object) -> str | None:
    """The column or field of a header as people write it: ``Kunde:``, ``Ziel*``, ``Budget (€)``."""
    found = header_label(table, text)
    return found[0] if found else None


def header_label(table: dict[str, dict[str, list[str]]], text: object) -> tuple[str, str] | None:
    """The key of a header and the label it matched as written (``Ziel*`` → ``("target", "Ziel")``)."""
    if not isinstance(text, str):
        return None
    cleaned = text.strip().rstrip(":*").strip()
    forms = [cleaned]
    if cleaned.endswith(")") and "(" in cleaned:
        forms.append(cleaned[: cleaned.rindex("(")].strip().rstrip(":*").strip())
    for form in forms:
        key = lookup(table, form)
        if key is not None:
            return key, form
    return None



class Labels:
    """How one source names things, learnt while it is read: the sheet names, fields and column headers it
    uses as written, the title of each of its sheets (or exports), and from them its language. Messages name a
    column the way the source does, and number text is read in the source's language."""

    def __init__(self) -> None:
        self.votes = {"de": 0, "en": 0}  # labels of the source found only in German / only in English
        self.headers: dict[str, dict[str, str]] = {}  # sheet title → column or field → its name as written
        self.titles: dict[str, str] = {}  # client, kpis, measures → the sheet's title

    @property
    def lang(self) -> str:
        """The language of the labels (sheet names, fields, column headers) read so far: German unless more
        of them are only English. It decides how number text is read and how messages name columns; the
        client's ``Sprache`` is the report's language, not necessarily the agency's."""
        return "en" if self.votes["en"] > self.votes["de"] else "de"

    def seen(self, table: dict[str, dict[str, list[str]]], text: object, sheet: str | None = None) -> None:
        """A sheet name, field or column header the reader recognised: a vote for its language, and the
        name that messages use for it in this ``sheet``."""
        found = header_label(table, text)
        if found is None:
            return
        key, written = found
        langs = languages_of(table, written)
        if len(langs) == 1:
            self.votes[langs.pop()] += 1
        if sheet is not None:
            self.headers.setdefault(sheet, {})[key] = written

    def column(self, sheet: str | None, table: dict[str, dict[str, list[str]]], key: str) -> str:
        """A column or field as this workbook names it: its own header, else the label in its language."""
        return self.headers.get(sheet or "", {}).get(key) or label(table, key, self.lang)

    def named(self, table: dict[str, dict[str, list[str]]], key: str, *, quoted: bool = True) -> str:
        """A sheet, field or column the workbook lacks: ``"Kunde" (Client)``, or ``"Client"`` in English. The names
        are the workbook's (its language); the quotes are the tool's (``„Kunde“ (Client)`` in German)."""
        german, english = table[key]["de"][0], table[key]["en"][0]
        if quoted:
            return quote(english) if self.lang == "en" else f"{quote(german)} ({english})"
        return english if self.lang == "en" else f"{german} ({english})"

    def expected(self, table: dict[str, dict[str, list[str]]]) -> str:
        values = ", ".join(label(table, key, self.lang) for key in table)
        return _("expected one of: {values}").format(values=values)


# The tables ``lookup`` and ``languages_of`` index, by their ids (constants: nothing changes them after import).
_indexes: dict[int, _Index | None] = {
    id(table): None
    for table in (
        SHEETS, CLIENT_HEADER, CLIENT_FIELDS, KPI_COLUMNS, MEASURE_COLUMNS, ROLES, LANGUAGES, CHANNELS,
        DISCIPLINES, UNITS, DIRECTIONS, CLASSES, QUESTIONS, STATUSES,
    )
}
