"""The agency overview: ``OUT/<YYYY-MM>/_overview.pdf``, the month's portfolio at a glance.

One row per client of the month's manifest: how many of the four impact questions are measured, the movement
of its primary effect KPI, the misconceptions its report found, and failed builds with their message. Clients
that need attention come first (failed builds, then misconceptions or critical findings, then unmeasured
questions or a worsening primary KPI, then the rest).

:func:`overview_data` gathers plain JSON data from the manifest entries and the JSON sidecars (so a skipped,
unchanged client is shown from its files exactly like a freshly built one); it is also what the batch
fingerprints to decide whether the overview must be rendered again. :func:`render_overview` formats it and
renders ``templates/overview.html.j2`` with the render module's machinery. The overview is for the agency's
team and is written in German.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .findings import Wording, load_wording, overview_note, overview_shows, overview_title
from .formatting import Fmt
from .impact import QUESTION_LABEL
from .model import Question

LANG = "de"
LEVELS = ("error", "act", "watch", "fine")  # sort order: who needs attention first
LEVEL_LABEL = {"error": "Fehler", "act": "Handeln", "watch": "Beobachten", "fine": "Im Plan"}
QUESTION_LETTER = {
    Question.UNDERSTANDING: "V",
    Question.FINDABILITY: "O",
    Question.TRUST: "T",
    Question.NEXT_STEP: "N",
}


def _sidecar(folder: Path, entry: Mapping[str, Any]) -> dict[str, Any] | None:
    name = entry.get("json")
    if not isinstance(name, str) or not name:
        return None
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def primary_kpi(kpis: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The KPI whose movement stands for the client: a primary effect KPI with a value, else any effect KPI
    with a value, else a primary one without."""
    effect = [k for k in kpis if k.get("class") == "effect"]
    for candidates in (
        [k for k in effect if k.get("primary") and k.get("value") is not None],
        [k for k in effect if k.get("value") is not None],
        [k for k in effect if k.get("primary")],
    ):
        if candidates:
            return candidates[0]
    return None


def _client_row(entry: Mapping[str, Any], folder: Path, wording: Wording) -> dict[str, Any]:
    name = str(entry.get("client") or entry.get("slug") or Path(str(entry.get("workbook"))).name)
    row: dict[str, Any] = {
        "name": name,
        "slug": entry.get("slug"),
        "workbook": Path(str(entry.get("workbook") or "")).name,
        "status": "error",
        "message": entry.get("message"),
    }
    if entry.get("status") not in ("ok", "skipped"):
        row["message"] = row["message"] or "the build failed"
        return row
    data = _sidecar(folder, entry)
    if data is None:
        row["message"] = f"{entry.get('json')}: the report's data file is missing or unreadable; build again"
        return row
    questions = {q.get("question"): q for q in data.get("questions") or [] if isinstance(q, dict)}
    kpi = primary_kpi([k for k in data.get("kpis") or [] if isinstance(k, dict)])
    findings = [f for f in data.get("findings") or [] if isinstance(f, dict)]
    row.update(
        status="ok",
        message=None,
        pages=entry.get("pages"),
        questions=[
            {
                "id": q.value,
                "measured": (questions.get(q.value) or {}).get("status", "not_measured") != "not_measured",
            }
            for q in Question
        ],
        kpi=None
        if kpi is None
        else {
            key: kpi.get(key)
            for key in ("kpi", "value", "previous", "unit", "change_pct", "improvement", "primary")
        },
        misconceptions=[overview_title(f, wording, LANG) for f in findings if f.get("misconception")],
        # other findings, except the unmeasured questions the question boxes already show
        findings=[
            {
                "id": f.get("id"),
                "severity": f.get("severity"),
                "title": f.get("title"),
                "kpis": list(f.get("kpis") or []),
                "measures": len(f.get("measures") or []),
            }
            for f in findings
            if not f.get("misconception") and overview_shows(str(f.get("id")))
        ],
    )
    return row


def note(finding: Mapping[str, Any], wording: Wording | None = None) -> str:
    """A finding in a few German words for the overview's notes column (its rule's ``overview`` wording)."""
    return overview_note(finding, wording or load_wording(), LANG)


def attention(row: Mapping[str, Any]) -> tuple[str, int]:
    """(level, score): the level sorts first, the score orders clients within a level."""
    if row["status"] == "error":
        return "error", 0
    unmeasured = sum(1 for q in row["questions"] if not q["measured"])
    worse = bool(row["kpi"] and row["kpi"].get("improvement") is False)
    critical = sum(1 for f in row["findings"] if f["severity"] == "critical")
    anomaly = any(f["id"] == "anomaly" for f in row["findings"])
    score = 10 * len(row["misconceptions"]) + 6 * critical + 3 * unmeasured + 4 * worse + len(row["findings"])
    if row["misconceptions"] or critical:
        return "act", score
    if unmeasured or worse or anomaly or row["kpi"] is None:
        return "watch", score
    return "fine", score


def overview_data(
    month: str, entries: Sequence[Mapping[str, Any]], folder: Path, config: Config, templates: Path | None = None
) -> dict[str, Any]:
    """Plain JSON data for the month's overview, clients sorted so those needing attention come first
    (``templates``: the agency's folder, whose ``findings.toml`` may reword the misconceptions)."""
    wording = load_wording(templates or config.resolve(config.report.templates))
    rows = []
    for entry in entries:
        row = _client_row(entry, folder, wording)
        row["level"], row["score"] = attention(row)
        rows.append(row)
    rows.sort(key=lambda r: (LEVELS.index(r["level"]), -r["score"], r["name"].casefold(), r["workbook"]))
    return {"month": month, "agency": config.agency.name, "clients": rows}


# ---- presentation ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionChip:
    letter: str
    label: str
    measured: bool


@dataclass(frozen=True)
class OverviewRow:
    name: str
    detail: str  # slug or file name, small under the name
    level: str
    level_label: str
    questions: tuple[QuestionChip, ...]
    measured: int
    kpi_name: str
    kpi_value: str
    kpi_change: str
    tone: str  # good | bad | neutral: the change for the client
    misconceptions: tuple[str, ...]
    notes: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class OverviewContext:
    lang: str
    title: str
    agency_name: str
    month_label: str
    totals: tuple[tuple[str, str], ...]  # (number, label)
    rows: tuple[OverviewRow, ...]
    legend: tuple[QuestionChip, ...]
    primary: str  # the agency colour: rule and filled question boxes
    on_primary: str  # black or white, whichever reads on it
    ink: str  # the agency colour darkened to WCAG AA on white, for the title
    agency_logo: Path | None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n}\u00a0{one if n == 1 else many}"


def _error_row(row: Mapping[str, Any]) -> OverviewRow:
    """A client whose build failed: its name, file and message."""
    return OverviewRow(
        name=row["name"],
        detail=row["workbook"],
        level="error",
        level_label=LEVEL_LABEL["error"],
        questions=(),
        measured=0,
        kpi_name="",
        kpi_value="",
        kpi_change="",
        tone="neutral",
        misconceptions=(),
        notes=(),
        message=str(row["message"] or ""),
    )


def context(data: Mapping[str, Any], config: Config, templates: Path | None = None) -> OverviewContext:
    from .report import readable_ink, text_on, valid_color

    fmt = Fmt(LANG)
    wording = load_wording(templates or config.resolve(config.report.templates))
    rows = []
    for row in data["clients"]:
        if row["status"] == "error":
            rows.append(_error_row(row))
            continue
        chips = tuple(
            QuestionChip(
                QUESTION_LETTER[Question(q["id"])], QUESTION_LABEL[Question(q["id"])][LANG], q["measured"]
            )
            for q in row["questions"]
        )
        kpi = row["kpi"]
        notes = [note(f, wording) for f in row["findings"]]
        if kpi is None:
            notes.append("keine Wirkungskennzahl")
        rows.append(
            OverviewRow(
                name=row["name"],
                detail=row["slug"] or row["workbook"],
                level=row["level"],
                level_label=LEVEL_LABEL[row["level"]],
                questions=chips,
                measured=sum(c.measured for c in chips),
                kpi_name=kpi["kpi"] if kpi else "–",
                kpi_value=fmt.value(kpi["value"], kpi["unit"], "nicht gemessen") if kpi else "",
                # from the values, not the sidecar's rounded change_pct: the same text as in the report
                kpi_change=fmt.change(kpi["value"], kpi["previous"], kpi["unit"]) if kpi else "",
                tone={True: "good", False: "bad"}.get(kpi["improvement"], "neutral") if kpi else "neutral",
                misconceptions=tuple(row["misconceptions"]),
                notes=tuple(notes),
                message="",
            )
        )
    clients = len(rows)
    failed = sum(1 for r in rows if r.level == "error")
    misconceptions = sum(len(r.misconceptions) for r in rows)
    gaps = sum(1 for r in rows if r.level != "error" and r.measured < len(Question))
    totals = (
        (str(clients), "Kunden" if clients != 1 else "Kunde"),
        (str(clients - failed), "Berichte" if clients - failed != 1 else "Bericht"),
        (str(failed), "Fehler"),
        (str(misconceptions), "Fehlannahmen" if misconceptions != 1 else "Fehlannahme"),
        (str(gaps), "mit Messlücken"),
    )
    month_label = fmt.month(data["month"])
    primary = valid_color(config.agency.primary, "#1f5c99")
    return OverviewContext(
        lang=LANG,
        title=f"{data['agency']} – Portfolio {month_label}" if data["agency"] else f"Portfolio-Überblick {month_label}",
        agency_name=data["agency"],
        month_label=month_label,
        totals=totals,
        rows=tuple(rows),
        legend=tuple(QuestionChip(QUESTION_LETTER[q], QUESTION_LABEL[q][LANG], True) for q in Question),
        primary=primary,
        on_primary=text_on(primary),
        ink=readable_ink(primary),
        agency_logo=config.resolve(config.agency.logo),
    )


def render_overview(
    data: Mapping[str, Any], config: Config, templates: Path | None = None
) -> tuple[bytes, int]:
    """The overview PDF and its page count (templates ``overview.html.j2`` and ``overview.css``). A character no
    font has is drawn as "�" and was already a warning of its client's build."""
    from .render import fill_template, html_to_pdf, make_env, theme_for

    theme = theme_for(config, templates)
    fetcher = theme.fetcher()
    source = "_overview.pdf"
    html = fill_template(make_env(theme), fetcher, "overview.html.j2", "overview.css", source, theme.fonts,
                         o=context(data, config, templates))
    rendered = html_to_pdf(html, fetcher, source=source)
    return rendered.pdf, rendered.pages
