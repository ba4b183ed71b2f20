"""What ``reporter build``, ``reporter send`` and ``reporter import`` print: progress, the summary, review and
import tables, the failures and the count lines. Imported only by the CLI (library code never prints).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from . import i18n
from .formatting import Fmt
from .i18n import N_, _, ngettext
from .model import Severity, once_each

if TYPE_CHECKING:  # each command loads only what it prints: `import` needs neither the batch nor the mail stage
    from .batch import BuildReport
    from .importing.write import ImportResult
    from .mail import Plan, RecipientResult


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, numbers_right: bool = True, max_width: int | None = None
) -> str:
    """A plain aligned table: text columns left, number columns right (unless ``numbers_right`` is False).
    With ``max_width``, long cells are cut so one line stays one line, except the last column (the reason),
    which is never shortened and does not pad the others. The headers are marked with N_ and translated here,
    so the columns are as wide as the language's headers."""

    def cut(text: str, last: bool) -> str:
        if max_width is None:
            return text
        text = " ".join(str(text).split())
        return text if last or len(text) <= max_width else text[: max_width - 1] + "…"

    headers = [_(h) for h in headers]
    cells = [[cut(c, i == len(row) - 1) for i, c in enumerate(row)] for row in [headers, *rows]]
    body = cells[1:]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    if max_width is not None:
        widths[-1] = len(cells[0][-1])  # the free-running last column does not pad the others
    numeric = [
        numbers_right and bool(body) and all(not row[i] or row[i].isdigit() for row in body)
        for i in range(len(headers))
    ]

    def line(row: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *(line(row) for row in body)])


# ---- reporter build ----------------------------------------------------------------------------------------

STATUS = {"ok": N_("ok"), "skipped": N_("skipped"), "error": N_("error")}
WARNING_LINE = N_("warning: {problem}")
SEVERITY = {Severity.ERROR: N_("error: {problem}"), Severity.WARNING: WARNING_LINE}


def decimal(value: float) -> str:
    """One decimal place, with the language's decimal sign: ``1.5`` / ``1,5``."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if i18n.language() == "de" else text


# TRANSLATORS: the column headers of the table ``reporter build`` prints
SUMMARY_HEADERS = (N_("Client"), N_("Month"), N_("Effect"), N_("Vanity"), N_("Findings"), N_("Pages"), N_("Status"))


def summary_rows(report: BuildReport) -> list[tuple[str, ...]]:
    def number(value: int | None) -> str:
        return "" if value is None else str(value)

    # A failed workbook is named by its file: x.ods and x.csv beside each other share the fallback slug "x".
    return [
        (
            r.workbook.name if r.status == "error" or not r.slug else r.slug,
            r.month or "",
            number(r.effect),
            number(r.vanity),
            number(r.findings),
            number(r.pages),
            _("internal error") if r.internal else _(STATUS[r.status]) if r.status in STATUS else r.status,
        )
        for r in report.results
    ]


def failures_text(report: BuildReport) -> str:
    """Every failed workbook (and overview) with its located messages, indented below its name."""
    lines = []
    for r in report.failed:
        lines.append(f"{r.workbook}:")
        lines.extend(once_each(f"  {line}" for line in (r.message or _("unknown error")).splitlines()))
    from .batch import OVERVIEW

    for o in report.overviews:
        if o.status == "error":
            lines.append(f"{OVERVIEW} ({o.month}):")
            lines.append(f"  {o.message}")
    return "\n".join(lines)


def counts_line(report: BuildReport) -> str:
    total = len(report.results)
    built = report.count("ok")
    # TRANSLATORS: English says "reports" for any total ("1 of 1 reports built"); German declines by the total
    line = ngettext("{built} of {total} reports built", "{built} of {total} reports built", total)
    parts = [line.format(built=built, total=total)]
    if skipped := report.count("skipped"):
        parts.append(_("{count} unchanged (skipped)").format(count=skipped))
    internal = sum(1 for r in report.results if r.internal)
    if failed := report.count("error") - internal:
        parts.append(_("{count} failed").format(count=failed))
    if internal:
        parts.append(_("{count} with an internal error (please report it; run with --debug for details)").format(
            count=internal
        ))
    return ", ".join(parts) + "."


class BuildProgress:
    """Progress of ``reporter build`` on stderr: a bar with the current client and ETA on a terminal, one
    plain line per client otherwise (cron, CI); nothing with --quiet."""

    def __init__(self, quiet: bool, verbose: bool, tty: bool) -> None:
        self.quiet, self.verbose, self.tty = quiet, verbose, tty
        self.drawn = False

    def __call__(self, event: Any) -> None:
        if self.quiet:
            return
        result = event.result
        if result is not None and (not self.tty or self.verbose or result.status == "error"):
            self._line(self.client_line(event))
            if self.verbose:
                warning_line = _(WARNING_LINE)
                for line in once_each("        " + warning_line.format(problem=w) for w in result.warnings):
                    self._line(line)
        if self.tty:
            self._bar(event)

    @staticmethod
    def client_line(event: Any) -> str:
        r = event.result
        width = len(str(event.total))
        name = r.slug if r.status != "error" and r.slug else r.workbook.name
        if r.status == "ok":
            detail = _("{pages} p., {seconds} s").format(pages=r.pages, seconds=decimal(r.seconds))
        else:
            detail = _("unchanged") if r.status == "skipped" else ""
        first = (r.message or "").splitlines()[0] if r.status == "error" and r.message else ""
        status = _(STATUS[r.status]) if r.status in STATUS else r.status
        status_width = max(len(_(word)) for word in STATUS.values())  # the names line up below each other
        text = f"[{event.done:>{width}}/{event.total}] {status:<{status_width}} {name}"
        return text + (f"  ({detail})" if detail else "") + (f"  {first}" if first else "")

    @staticmethod
    def bar_text(event: Any, width: int = 24) -> str:
        filled = round(width * event.done / event.total) if event.total else width
        eta = "" if event.eta_s is None else "  " + _("ETA {minutes}:{seconds}").format(
            minutes=int(event.eta_s) // 60, seconds=f"{int(event.eta_s) % 60:02d}"
        )
        current = f"  {', '.join(event.running)}" if event.running else ""
        return f"[{'#' * filled}{'-' * (width - filled)}] {event.done}/{event.total}{eta}{current}"

    def _bar(self, event: Any) -> None:
        columns = shutil.get_terminal_size((80, 20)).columns
        click.echo("\r\x1b[K" + self.bar_text(event)[: columns - 1], err=True, nl=False, color=True)
        self.drawn = True

    def _line(self, text: str) -> None:
        if self.drawn:
            click.echo("\r\x1b[K", err=True, nl=False, color=True)
            self.drawn = False
        click.echo(text, err=True)

    def close(self) -> None:
        if self.drawn:
            click.echo("\r\x1b[K", err=True, nl=False, color=True)
            self.drawn = False


# ---- reporter send -----------------------------------------------------------------------------------------

# TRANSLATORS: the column headers of the tables ``reporter send`` prints before and after sending
REVIEW_HEADERS = (N_("Client"), N_("Recipients"), N_("PDF"), N_("Pages"), N_("Action"))
RESULT_HEADERS = (N_("Client"), N_("Recipient"), N_("Status"), N_("Detail"))
# what happens to a client's report (mail.Action) and to each recipient (RecipientResult.status)
ACTIONS = {
    "send": N_("send"),
    "resend": N_("resend"),
    "resend-unknown": N_("resend-unknown"),
    "mark sent": N_("mark sent"),
    "already sent": N_("already sent"),
    "unknown": N_("unknown"),
    "refused": N_("refused"),
}
RESULTS = {"sent": N_("sent"), "failed": N_("failed"), "refused": N_("refused"), "unknown": N_("unknown"),
           "skipped": N_("skipped")}


def review_rows(plan: Plan) -> list[tuple[str, ...]]:
    from .mail import printable

    rows: list[tuple[str, ...]] = []
    for item in plan.items:
        entry = item.entry
        shown = item.pending if item.sends else item.recipients
        recipients = (", ".join(a.addr_spec for a in shown)
                      or ", ".join(printable(r) for r in entry.recipients))
        note = _(ACTIONS[str(item.action)]) if str(item.action) in ACTIONS else str(item.action)
        if item.reason:
            note = item.reason if item.reason.startswith(note) else f"{note}: {item.reason}"
        rows.append((entry.client, recipients or "—", entry.pdf.name if entry.pdf else "—",
                     str(entry.pages) if entry.pages is not None else "?", note))
    return rows


def result_rows(results: Sequence[RecipientResult]) -> list[tuple[str, ...]]:
    return [(r.client, r.address, _(RESULTS[r.status]) if r.status in RESULTS else r.status, r.detail)
            for r in results]


def result_summary(results: Sequence[RecipientResult]) -> str:
    """``2 sent, 1 failed, 1 skipped (already sent).`` — counted per recipient."""
    labels = {"sent": N_("{count} sent"), "failed": N_("{count} failed"), "refused": N_("{count} refused"),
              "unknown": N_("{count} unknown — check the mailbox"),
              "skipped": N_("{count} skipped (already sent)")}
    counts = {status: sum(1 for r in results if r.status == status) for status in labels}
    parts = [_(labels[status]).format(count=count) for status, count in counts.items() if count]
    return (", ".join(parts) or _("nothing to do")) + "."


# ---- reporter import ---------------------------------------------------------------------------------------

# TRANSLATORS: the column headers of the table ``reporter import`` prints: one row per KPI and month
IMPORT_HEADERS = (N_("KPI"), N_("Month"), N_("Cell"), N_("Status"), N_("Value"), N_("Before"))
# what the import did with one value (write.Status), and why a conflict stayed (write.CellResult.reason)
IMPORT_STATUS = {
    "new": N_("new"),
    "unchanged": N_("unchanged"),
    "conflict": N_("conflict"),
    "overwritten": N_("overwritten"),
}
CONFLICT_REASONS = {"formula": N_("conflict: formula"), "text": N_("conflict: text")}


def import_rows(result: ImportResult) -> list[tuple[str, ...]]:
    fmt = Fmt(i18n.language())

    def shown(value: float | str | None, unit: str | None) -> str:
        if not isinstance(value, float):
            return value or ""
        return fmt.money(value, cents=True) if unit == "eur" else fmt.value(value, unit)  # 440,50 € as exported

    rows = []
    for cell in result.cells:
        status = _(CONFLICT_REASONS.get(cell.reason or "", IMPORT_STATUS[str(cell.status)]))
        before = shown(cell.before, cell.unit) if cell.status in ("conflict", "overwritten") else ""
        rows.append((cell.kpi, cell.month, cell.cell, status, shown(float(cell.value), cell.unit), before))
    return rows


def import_summary(result: ImportResult) -> str:
    """``12 values written, 3 unchanged, 1 conflict; 2 new KPI rows, 1 new month column.`` (a dry run: ``to
    write``)"""
    written = result.count("new", "overwritten")
    if result.dry_run:
        values = [ngettext("{count} value to write", "{count} values to write", written).format(count=written)]
    else:
        values = [ngettext("{count} value written", "{count} values written", written).format(count=written)]
    if overwritten := result.count("overwritten"):
        values.append(_("{count} overwritten").format(count=overwritten))
    values.append(_("{count} unchanged").format(count=result.count("unchanged")))
    conflicts = result.count("conflict")
    values.append(ngettext("{count} conflict", "{count} conflicts", conflicts).format(count=conflicts))
    added = []
    if result.new_rows:
        count = len(result.new_rows)
        added.append(ngettext("{count} new KPI row", "{count} new KPI rows", count).format(count=count))
    if result.new_months:
        count = len(result.new_months)
        added.append(ngettext("{count} new month column", "{count} new month columns", count).format(count=count))
    return ", ".join(values) + (f"; {', '.join(added)}" if added else "") + "."


def import_report(result: ImportResult) -> str:
    """What ``reporter import`` prints on stdout: the table, the new columns and rows, the summary, the outcome."""
    lines: list[str] = []
    if result.cells:
        lines.append(f"{result.workbook} › {result.sheet}:")
        lines.append(text_table(IMPORT_HEADERS, import_rows(result), numbers_right=False, max_width=48))
        lines.append("")
    if result.new_months:
        months = ", ".join(f"{m.month} ({m.column})" for m in result.new_months)
        lines.append(_("New month columns: {months}").format(months=months))
    if result.new_rows:
        lines.append(_("New KPI rows:"))
        lines.extend(_("  row {row}: {kpi} ({source})").format(row=r.row, kpi=r.kpi, source=r.source)
                     for r in result.new_rows)
    if result.sources_filled:
        lines.append(_("Source filled in:"))
        lines.extend(_("  row {row}: {kpi} ({source})").format(row=f.row, kpi=f.kpi, source=f.source)
                     for f in result.sources_filled)
    lines.append(import_summary(result))
    if result.dry_run:
        lines.append(_("Dry run: nothing was written; {workbook} is unchanged.").format(workbook=result.workbook))
    elif result.written:
        lines.append(_("Wrote {workbook}; the previous version is {backup}.").format(
            workbook=result.workbook, backup=result.backup
        ))
    elif not result.changed and not result.has_errors:
        lines.append(_("Nothing to change in {workbook}.").format(workbook=result.workbook))
    else:
        lines.append(_("{workbook} was not changed.").format(workbook=result.workbook))
    return "\n".join(lines)


def import_messages(result: ImportResult) -> list[str]:
    """What ``reporter import`` prints on stderr: the problems met, the notes, and what ``reporter check`` still
    finds in the workbook afterwards."""
    lines = [str(problem) if problem.internal else _(SEVERITY[problem.severity]).format(problem=problem)
             for problem in result.problems]
    lines.extend(_("note: {note}").format(note=note) for note in dict.fromkeys(result.notes))
    if result.check:
        lines.append(_("{workbook} still has errors that reporter check reports (they stop its report):").format(
            workbook=result.workbook.name
        ))
        lines.extend(once_each(f"  {problem}" for problem in result.check))
    return once_each(lines)
