"""What every platform importer hands to the workbook writer: metrics, their monthly values with the export row
each came from, and the problems met. Nothing here does I/O.

The contract between the importers (``platforms/*.py``) and the writer (``write.py``):

* a :class:`Metric` says which workbook row a series belongs in: its stable ``Quelle`` text in both languages
  (``Search Console › Klicks`` / ``Search Console › Clicks``), the KPI name a new row gets, its channel, unit and
  direction (the workbook's vocabulary ids, ``reporter/vocabulary.py``) and how it is aggregated;
* a :class:`Series` holds one metric's value per calendar month (``"YYYY-MM"``), each with the :class:`Origin` in
  the export it was aggregated from (file and rows);
* a :class:`Reading` is everything one export file gave: its series and its problems (a refused metric is an
  error naming the file and, where it can, the row; the rest of the file is still used).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..model import Direction, Origin, Problem


class Aggregation(StrEnum):
    """How daily or per-row values become one month's value (docs/import.md, "Getting the numbers right")."""

    SUM = "sum"  # additive: clicks, impressions, sessions, key events, cost; summed over days and rows
    RATIO = "ratio"  # recomputed from the month's sums of its parts (CTR = clicks ÷ impressions)
    WEIGHTED = "weighted"  # a mean weighted by another additive metric (average position by impressions)
    TOTAL = "total"  # non-additive (users, rates, averages): only from the export's own total for a whole month
    LAST = "last"  # a level at the end of the month (followers): the month's last day


@dataclass(frozen=True)
class Metric:
    """One metric an export delivers, as the workbook row that holds it."""

    platform: str  # "Search Console": the first part of the Quelle text, the same in both languages
    key: str  # stable id within the platform, e.g. "clicks", "key_events:generate_lead"
    label: dict[str, str]  # the metric as the Quelle names it per language: {"de": "Klicks", "en": "Clicks"}
    name: dict[str, str]  # the KPI name a new row gets per language: {"de": "Klicks (Google-Suche)", …}
    channel: str  # vocabulary.CHANNELS id: website, seo, social, ads, email, sales, other
    unit: str  # vocabulary.UNITS id: count, percent, eur, seconds, points
    direction: Direction = Direction.HIGHER
    aggregation: Aggregation = Aggregation.SUM

    def source(self, lang: str) -> str:
        """The stable ``Quelle`` text that finds this metric's row again: ``Search Console › Klicks``."""
        return f"{self.platform} › {self.label.get(lang) or self.label['en']}"

    @property
    def sources(self) -> tuple[str, ...]:
        """Every ``Quelle`` text that means this metric (both languages)."""
        return tuple(dict.fromkeys(self.source(lang) for lang in ("de", "en")))


@dataclass(frozen=True)
class MonthValue:
    value: float
    origin: Origin  # the export (and rows) the month's value was aggregated from


@dataclass
class Series:
    """One metric's values by calendar month, from one export."""

    metric: Metric
    values: dict[str, MonthValue] = field(default_factory=dict)  # "YYYY-MM" → value
    note: str | None = None  # how it was aggregated where that is worth saying ("summed over 3 locations")
    currency: str | None = None  # ISO code of an amount's currency as the export states it ("EUR", "USD")


@dataclass
class Reading:
    """What one export file (or one member of a zip) gave."""

    file: str  # as messages name it: "Chart.csv", "suche.zip › Chart.csv"
    platform: str  # "Search Console"
    report: str  # which of the platform's reports it is: "Performance › Chart"
    series: list[Series] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
