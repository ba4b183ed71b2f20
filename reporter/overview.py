"""The agency overview: ``OUT/<YYYY-MM>/_overview.pdf``, the month's portfolio at a glance.

One row per client of the month's manifest: how many of the four impact questions are measured, the movement
of its primary effect KPI, the misconceptions its report found, and failed builds with their message. Clients
that need attention come first (failed builds, then misconceptions or critical findings, then unmeasured
questions or a worsening primary KPI, then the rest).

:func:`overview_data` gathers plain JSON data from the manifest entries and the JSON sidecars (so a skipped,
unchanged client is shown from its files exactly like a freshly built one); it is also what the batch
fingerprints to decide whether the overview must be rendered again. :func:`render_overview` formats it and
renders ``templates/overview.html.j2`` with the render module's machinery. The overview is for the agency's
team and speaks the language of reporter's messages (``Config.language``); its fixed texts are the ``overview``
table of ``templates/texts.toml``, which an agency's own ``texts.toml`` overrides key by key.
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
from .i18n import _, use_language
from .impact import QUESTION_LABEL
from .manifest import ManifestEntry
from .model import Question, period_kind
from .review import marked_mean, overview_period_texts

LEVELS = ("error", "act", "watch", "fine")  # sort order: who needs attention first
# Findings that keep a client from "on track": a value to check, more activity without more effect, measures
# working on another job than the client's.
WATCH_FINDINGS = frozenset({"anomaly", "activity_without_effect", "measures_off_role"})


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


def _client_row(entry: Mapping[str, Any], folder: Path) -> dict[str, Any]:
    name = str(entry.get("client") or entry.get("slug") or Path(str(entry.get("workbook"))).name)
    row: dict[str, Any] = {
        "name": name,
        "slug": entry.get("slug"),
        "workbook": Path(str(entry.get("workbook") or "")).name,
        "status": "error",
        "message": entry.get("message"),
    }
    if entry.get("status") not in ("ok", "skipped"):
        row["message"] = row["message"] or _("the build failed")
        return row
    data = _sidecar(folder, entry)
    if data is None:
        message = _("{file}: the report's data file is missing or unreadable; build again")
        row["message"] = message.format(file=entry.get("json"))
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
        } | {"averaged": kpi.get("kpi") in ((data.get("period") or {}).get("averaged") or [])},
        misconceptions=[
            {"id": f.get("id"), "title": f.get("title")} for f in findings if f.get("misconception")
        ],
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


def misconception(item: Mapping[str, Any], lang: str, wording: Wording | None = None) -> str:
    """A misconception's title in the overview's language, also for a report in the other language."""
    return overview_title(item, wording or load_wording(), lang)


def note(finding: Mapping[str, Any], lang: str, wording: Wording | None = None) -> str:
    """A finding in a few words for the overview's notes column (its rule's ``overview`` wording)."""
    return overview_note(finding, wording or load_wording(), lang)


def attention(row: Mapping[str, Any]) -> tuple[str, int]:
    """(level, score): the level sorts first, the score orders clients within a level."""
    if row["status"] == "error":
        return "error", 0
    unmeasured = sum(1 for q in row["questions"] if not q["measured"])
    worse = bool(row["kpi"] and row["kpi"].get("improvement") is False)
    critical = sum(1 for f in row["findings"] if f["severity"] == "critical")
    watch = any(f["id"] in WATCH_FINDINGS for f in row["findings"])
    score = 10 * len(row["misconceptions"]) + 6 * critical + 3 * unmeasured + 4 * worse + len(row["findings"])
    if row["misconceptions"] or critical:
        return "act", score
    if unmeasured or worse or watch or row["kpi"] is None:
        return "watch", score
    return "fine", score


def overview_data(
    month: str,
    entries: Sequence[ManifestEntry | Mapping[str, Any]],
    folder: Path,
    config: Config,
) -> dict[str, Any]:
    """Plain JSON data for the month's overview, clients sorted so those needing attention come first.
    ``entries`` are the manifest's (or their JSON dicts). Misconceptions and notes keep their finding ids: the
    overview words them in its own language (:func:`context`, with the agency's ``findings.toml``)."""
    rows = []
    for entry in entries:
        row = _client_row(entry.to_dict() if isinstance(entry, ManifestEntry) else entry, folder)
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
    t: Mapping[str, str]  # the overview texts of texts.toml (column heads, legend)
    title: str  # the document's title: with the agency's name when set
    heading: str
    subtitle: str
    footer: str
    agency_name: str
    month_label: str
    totals: tuple[tuple[str, str], ...]  # (number, label)
    rows: tuple[OverviewRow, ...]
    legend: tuple[QuestionChip, ...]
    levels: tuple[tuple[str, str], ...]  # (label, what it means), in the order of LEVELS
    primary: str  # the agency colour: rule and filled question boxes
    on_primary: str  # black or white, whichever reads on it
    ink: str  # the agency colour darkened to WCAG AA on white, for the title
    agency_logo: Path | None


def _error_row(row: Mapping[str, Any], t: Mapping[str, str]) -> OverviewRow:
    """A client whose build failed: its name, file and message."""
    return OverviewRow(
        name=row["name"],
        detail=row["workbook"],
        level="error",
        level_label=t["level_error"],
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


def overview_texts(lang: str, override: Path | None = None) -> dict[str, str]:
    """The ``overview`` texts of texts.toml for ``lang`` (with the report's ``page`` and ``page_of``), the
    agency's own (in ``override``) winning per key."""
    from .report import load_texts

    texts = load_texts(lang, override)
    return {"page": texts["page"], "page_of": texts["page_of"], **texts["overview"]}


def context(data: Mapping[str, Any], config: Config, override: Path | None = None) -> OverviewContext:
    from .report import readable_ink, text_on, valid_color

    lang = config.language
    t = overview_period_texts(overview_texts(lang, override), lang, period_kind(data["month"]), override)
    fmt = Fmt(lang)
    wording = load_wording(override)

    def chip(question: Question, measured: bool) -> QuestionChip:
        return QuestionChip(t[f"letter_{question.value}"], QUESTION_LABEL[question][lang], measured)

    rows = []
    for row in data["clients"]:
        if row["status"] == "error":
            rows.append(_error_row(row, t))
            continue
        chips = tuple(chip(Question(q["id"]), q["measured"]) for q in row["questions"])
        kpi = row["kpi"]
        notes = [note(f, lang, wording) for f in row["findings"]]
        if kpi is None:
            notes.append(t["no_effect_kpi"])
        rows.append(
            OverviewRow(
                name=row["name"],
                detail=row["slug"] or row["workbook"],
                level=row["level"],
                level_label=t[f"level_{row['level']}"],
                questions=chips,
                measured=sum(c.measured for c in chips),
                kpi_name=kpi["kpi"] if kpi else "–",
                kpi_value=(("Ø\u00a0" if kpi.get("averaged") and kpi["value"] is not None
                            and not marked_mean(kpi["kpi"]) else "")
                           + fmt.value(kpi["value"], kpi["unit"], t["not_measured"])) if kpi else "",
                # from the values, not the sidecar's rounded change_pct: the same text as in the report
                kpi_change=fmt.change(kpi["value"], kpi["previous"], kpi["unit"]) if kpi else "",
                tone={True: "good", False: "bad"}.get(kpi["improvement"], "neutral") if kpi else "neutral",
                misconceptions=tuple(misconception(m, lang, wording) for m in row["misconceptions"]),
                notes=tuple(notes),
                message="",
            )
        )
    clients = len(rows)
    failed = sum(1 for r in rows if r.level == "error")
    misconceptions = sum(len(r.misconceptions) for r in rows)
    gaps = sum(1 for r in rows if r.level != "error" and r.measured < len(Question))
    totals = tuple(
        (str(n), t[f"{key}_one"] if n == 1 and f"{key}_one" in t else t[key])
        for key, n in (("clients", clients), ("reports", clients - failed), ("failed", failed),
                       ("misconceptions", misconceptions), ("gaps", gaps))
    )
    month_label = fmt.month(data["month"])
    primary = valid_color(config.agency.primary, "#1f5c99")
    agency = data["agency"]
    return OverviewContext(
        lang=lang,
        t=t,
        title=t["title_agency"].format(agency=agency, month=month_label) if agency
        else t["title"].format(month=month_label),
        heading=t["title"].format(month=month_label),
        subtitle=t["subtitle_agency"].format(agency=agency) if agency else t["subtitle"],
        footer=t["footer"].format(month=month_label),
        agency_name=agency,
        month_label=month_label,
        totals=totals,
        rows=tuple(rows),
        legend=tuple(chip(q, True) for q in Question),
        levels=tuple((t[f"level_{level}"], t[f"level_note_{level}"]) for level in LEVELS),
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

    with use_language(config.language):  # in a batch worker, too: its problems speak the agency's language
        theme = theme_for(config, templates)
        fetcher = theme.fetcher()
        source = "_overview.pdf"
        html = fill_template(make_env(theme), fetcher, "overview.html.j2", "overview.css", source, theme.fonts,
                             o=context(data, config, theme.override))
        rendered = html_to_pdf(html, fetcher, source=source)
    return rendered.pdf, rendered.pages
