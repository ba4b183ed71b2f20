"""The ``reporter`` command line: parses options, calls the library, turns ``ReporterError`` into clean messages.

Exit codes: 0 success, 1 some input failed, 2 usage or configuration error (click's own and every
``ConfigError``: a wrong option, a bad or incomplete reporter.toml), 3 an internal error (a bug of reporter: please
report it). No traceback reaches the user: anything unexpected is reported as an internal error with a hint to run
with ``--debug``, which shows the traceback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, i18n
from .config import Config, agency_warning, config_candidates, find_config, load_config
from .i18n import N_, _, ngettext
from .model import ConfigError, Problem, ReporterError, once_each

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_INTERNAL = 3  # a bug of ours, not the input's fault: distinct from 1 so that cron can tell them apart
log = logging.getLogger("reporter")


class ReporterGroup(click.Group):
    """Maps library errors to exit code 1 (2 for configuration errors) and unexpected ones to a one-line
    message, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReporterError as exc:
            for line in once_each(error_line(p if p.file else p.message) for p in exc.problems):
                click.echo(line, err=True)
            echo_details(exc.problems)
            if any(p.internal for p in exc.problems):
                ctx.exit(EXIT_INTERNAL)
            ctx.exit(2 if isinstance(exc, ConfigError) else 1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo(_("Aborted."), err=True)
            ctx.exit(130)
        except Exception as exc:  # last line of defence: no traceback for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            # The exception's own text may quote anything (a cell, a path): only its type is shown.
            message = _("Internal error: {error}; please report it (run with --debug for details)")
            click.echo(message.format(error=type(exc).__name__), err=True)
            ctx.exit(EXIT_INTERNAL)


def config_option(func: F) -> F:
    """``--config PATH``: the agency's reporter.toml."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Agency settings (reporter.toml). Default: ./reporter.toml, else one beside the input.",
    )(func)


def lang_option(func: F) -> F:
    """``--lang de|en``: the language of reporter's messages (and of the agency overview)."""
    return click.option(
        "--lang",
        type=click.Choice(i18n.LANGUAGES),
        default=None,
        help="Language of the messages. Default: [agency] language in reporter.toml, else the locale (LANG), "
        "else English.",
    )(func)


def speak(option: str | None, configured: str | None = None) -> str:
    """Choose the language of every message from here on: ``--lang`` › ``[agency] language`` › locale › English."""
    lang = i18n.resolve_language(option, configured)
    i18n.set_language(lang)
    return lang


def get_config(
    config_path: Path | None, inputs: list[Path] | tuple[Path, ...] = (), lang: str | None = None
) -> Config:
    """The agency's settings; from here on the messages speak the language they choose (see :func:`speak`).
    A problem in reporter.toml itself is told in the language of ``--lang`` or the locale."""
    speak(lang)
    config = load_config(find_config(config_path, inputs))
    # The resolved language travels in the Config: the batch workers receive it with every job.
    return dataclasses.replace(config, language=speak(lang, config.agency.language))


def period_options(func: F) -> F:
    """``--period``, ``--quarter`` and ``--year``: a quarter's or a year's report instead of the month's."""
    for option in reversed([
        click.option("--period", type=click.Choice(["month", "quarter", "year"]), default=None,
                     help="Report on a month (default), a quarter or a year; --month names the period's last "
                          "month (default: each workbook's latest complete period)."),
        click.option("--quarter", metavar="YYYY-Qn", help="The quarter, e.g. 2026-Q3 (implies --period quarter)."),
        click.option("--year", metavar="YYYY", help="The year, e.g. 2026 (implies --period year)."),
    ]):
        func = option(func)
    return func


def input_paths(func: F) -> F:
    """Workbooks and folders; a missing one is an error of its own while the others are still processed."""
    return click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))(func)


def echo_out(text: str) -> None:
    """Results go to stdout."""
    click.echo(text)


def echo_err(text: str) -> None:
    """Diagnostics and progress go to stderr."""
    click.echo(text, err=True)


def error_line(problem: object) -> str:
    """``Error: kunde.xlsx › Kennzahlen!K7: …`` for a problem that stops a workbook or the command."""
    return _("Error: {problem}").format(problem=problem)


def checked_month(month: str | None) -> str | None:
    """The value of a ``--month`` option: ``YYYY-MM``, else a usage error (exit 2)."""
    if month is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month.strip()):
        message = _("{month} is not a month; use YYYY-MM, e.g. 2026-10").format(month=repr(month))
        raise click.BadParameter(message, param_hint="--month")
    return month.strip() if month else None


def debugging() -> bool:
    """Whether ``reporter --debug`` was given."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and bool((ctx.find_root().obj or {}).get("debug"))


def echo_details(problems: Iterable[Problem]) -> None:
    """With ``--debug``: the traceback of each internal error, on stderr."""
    if debugging():
        for problem in problems:
            if problem.details:
                echo_err(f"{problem}\n{problem.details.rstrip()}")


@click.group(cls=ReporterGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="reporter")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error (to report it).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Monthly marketing impact reports: effect, not vanity.

    \b
    Typical month:
      reporter template kunde.xlsx            # hand a new workbook to an account manager
      reporter import kunde.xlsx downloads/   # the month's numbers from the platforms' exports
      reporter check clients/                 # validate every workbook
      reporter build clients/ --out reports   # one PDF per client
      reporter send reports --month 2026-10   # e-mail them, exactly once
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr)


def main() -> None:
    cli(prog_name="reporter")


# ---- commands (each body only parses, calls the library and prints) ------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), default=None,
              help="Language of the workbook's instructions and labels (default: de), and of the messages "
                   "(default: the locale).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def template(path: Path, lang: str | None, force: bool) -> None:
    """Write an empty client workbook for an account manager to fill.

    \b
    Example:
      reporter template kunden/mueller-gmbh.xlsx
      reporter template clients/acme.xlsx --lang en
    """
    from .template import write_template

    speak(lang)
    if path.suffix.lower() != ".xlsx":
        raise click.BadParameter(_("{path} does not end in .xlsx").format(path=path), param_hint="PATH")
    write_template(path, lang or "de", force=force)
    echo_out(_("Wrote {path}. Fill it in, then run: reporter check {path}").format(path=path))


@cli.command("import", context_settings=CONTEXT_SETTINGS)
@click.argument("workbook", type=click.Path(dir_okay=True, path_type=Path))
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--month", help="Import only this month (YYYY-MM); default: every whole month in the exports.")
@click.option("--dry-run", is_flag=True, help="Change nothing; show what the import would write.")
@click.option("--overwrite", is_flag=True, help="Replace values a person typed that differ (never formulas).")
@click.option("--currency-ok", is_flag=True, help="Import amounts in another currency than EUR as they are.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/import.md).")
@config_option
@lang_option
def import_command(workbook: Path, exports: tuple[Path, ...], month: str | None, dry_run: bool, overwrite: bool,
                   currency_ok: bool, as_json: bool, config_path: Path | None, lang: str | None) -> None:
    """Write the month values of platform exports into a client workbook's Kennzahlen sheet.

    EXPORT is an export file as downloaded (CSV, TSV, XLSX, XLS or the Search Console zip) or a folder of them;
    each is recognised by its content. Values go into empty cells; a different value already in the workbook is
    a conflict and stays (see --overwrite); missing month columns and KPI rows are added. The previous version
    is kept as .WORKBOOK.bak beside it. Exit status: 0 all imported, 1 a conflict or an export that could not be
    read, 2 usage error, 3 an internal error.

    \b
    Example:
      reporter import kunden/mueller.xlsx downloads/
      reporter import kunden/mueller.xlsx suche.zip ga4.csv --month 2026-10 --dry-run
    """
    import json

    from .cli_output import import_messages, import_report
    from .importing import read_exports
    from .importing.write import ImportOptions, ImportResult, import_into, refuse_unwritable

    speak(lang)
    month = checked_month(month)
    config = get_config(config_path, (workbook,), lang)
    options = ImportOptions(month=month, dry_run=dry_run, overwrite=overwrite, currency_ok=currency_ok)
    try:
        refuse_unwritable(workbook, config)  # before the exports are read
        found = read_exports(list(exports))
        if not found.readings and not found.problems:
            message = _("no export files in {paths}").format(paths=", ".join(str(p) for p in exports))
            raise ReporterError(message)
        result = import_into(workbook, found, options, config)
    except ReporterError as exc:
        if not as_json:
            raise
        result = ImportResult(workbook, dry_run, problems=list(exc.problems))  # scripts get the same schema
    if as_json:
        echo_out(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        echo_out(import_report(result))
        for line in import_messages(result):
            echo_err(line)
    echo_details(result.problems)
    if result.internal:
        click.get_current_context().exit(EXIT_INTERNAL)
    if result.has_errors:
        click.get_current_context().exit(1)


@cli.command(context_settings=CONTEXT_SETTINGS)
@input_paths
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@config_option
@lang_option
def check(paths: tuple[Path, ...], as_json: bool, config_path: Path | None, lang: str | None) -> None:
    """Validate workbooks and list every problem with its location.

    \b
    Example:
      reporter check sample_inputs/
      reporter check kunde.xlsx --json
    """
    import json

    from .glyphs import glyph_warnings, theme_fonts
    from .impact import catalog_for_config, unknown_kpi_warnings
    from .model import Severity
    from .workbook import find_workbooks, inspect_workbook

    config = get_config(config_path, paths, lang)
    workbooks = find_workbooks(paths)
    if not workbooks:
        message = _("no workbooks (.xlsx, .xlsm) found in {paths}")
        raise ReporterError(message.format(paths=", ".join(str(p) for p in paths)))
    # Further checks on a readable workbook, each (ClientData, Config) -> list[Problem]; add one per line.
    data_checks: list[Callable[[Any, Config], list[Any]]] = [
        lambda data, cfg: unknown_kpi_warnings(data, catalog_for_config(cfg)),
        lambda data, cfg: glyph_warnings(data, theme_fonts(cfg)),
    ]
    results = []
    for path in workbooks:
        data, problems = inspect_workbook(path, config)
        if data is not None:
            for extra_check in data_checks:
                problems += extra_check(data, config)
        results.append((path, problems))
    if as_json:
        rows = [{**p.as_dict(), "path": str(path)} for path, problems in results for p in problems]
        echo_out(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        echo_out(format_check_report(results))
    every = [p for _path, problems in results for p in problems]
    echo_details(every)
    if any(p.internal for p in every):
        click.get_current_context().exit(EXIT_INTERNAL)
    if any(p.severity is Severity.ERROR for p in every):
        click.get_current_context().exit(1)


def format_check_report(results: list[tuple[Path, list[Any]]]) -> str:
    """Per workbook: a status line, its internal errors, its errors, then its warnings; a count line at the end.
    Internal errors (bugs of reporter) are counted apart from the workbooks' own errors."""
    lines: list[str] = []
    totals = {"error": 0, "warning": 0, "internal": 0}
    failed = 0
    for path, problems in results:
        internal = [p for p in problems if p.internal]
        errors = [p for p in problems if p.severity == "error" and not p.internal]
        warnings = [p for p in problems if p.severity == "warning"]
        totals["error"] += len(errors)
        totals["warning"] += len(warnings)
        totals["internal"] += len(internal)
        failed += bool(errors or internal)
        counts = [
            COUNT[kind](n) for kind, n in (("internal", len(internal)), ("error", len(errors)),
                                           ("warning", len(warnings))) if n
        ]
        lines.append(f"{path}: {', '.join(counts) or _('OK')}")
        lines.extend(f"  {p}" for p in internal)  # the message says "internal error while reading …"
        lines.extend(once_each("  " + _(SEVERITY_LINE[p.severity]).format(problem=p) for p in errors + warnings))
    summary = ngettext(
        "Checked {n} workbook: {failed} with errors, {ok} OK ({errors}, {warnings}{internal}).",
        "Checked {n} workbooks: {failed} with errors, {ok} OK ({errors}, {warnings}{internal}).",
        len(results),
    )
    lines.append(summary.format(
        n=len(results),
        failed=failed,
        ok=len(results) - failed,
        errors=COUNT["error"](totals["error"]),
        warnings=COUNT["warning"](totals["warning"]),
        internal=f", {COUNT['internal'](totals['internal'])}" if totals["internal"] else "",
    ))
    return "\n".join(lines)


# "1 error", "2 errors", "0 errors" in the current language
COUNT: dict[str, Callable[[int], str]] = {
    "internal": lambda n: ngettext("{n} internal error", "{n} internal errors", n).format(n=n),
    "error": lambda n: ngettext("{n} error", "{n} errors", n).format(n=n),
    "warning": lambda n: ngettext("{n} warning", "{n} warnings", n).format(n=n),
}
SEVERITY_LINE = {"error": N_("error: {problem}"), "warning": N_("warning: {problem}")}


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("workbooks", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--kpi", "kpi_names", multiple=True, help="Classify this KPI name (repeatable); no workbook needed.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), default=None,
              help="Language of the reasons (default: each workbook's) and of the messages (default: [agency] "
                   "language in reporter.toml, else the locale, else English).")
@config_option
def classify(workbooks: tuple[Path, ...], kpi_names: tuple[str, ...], as_json: bool, lang: str | None,
             config_path: Path | None) -> None:
    """Classify KPIs as effect or vanity metrics by the four impact questions.

    \b
    Example:
      reporter classify sample_inputs/dachdecker.xlsx
      reporter classify --kpi "Klicks auf Telefonnummer" --kpi "Impressionen" --json
    """
    import json

    from .impact import catalog_for_config, classification_table, classify_kpi, classify_name
    from .workbook import find_workbooks, read_workbook

    speak(lang)
    if not workbooks and not kpi_names:
        raise click.UsageError(_("name a workbook or at least one --kpi NAME"))
    config = get_config(config_path, workbooks, lang)
    catalog = catalog_for_config(config)
    sections: list[tuple[str | None, str, list[Any]]] = []
    if kpi_names:
        sections.append((None, lang or "de", [classify_name(name, catalog) for name in kpi_names]))
    failed: list[Problem] = []
    for path in find_workbooks(workbooks):
        try:
            data = read_workbook(path, config)
        except ReporterError as exc:  # report it and carry on with the other workbooks
            failed.extend(exc.problems)
            for problem in exc.problems:
                echo_err(error_line(problem))
            echo_details(exc.problems)
            continue
        items = [classify_kpi(kpi, data.client.role, catalog) for kpi in data.kpis]
        sections.append((f"{path.name} — {data.client.name}", lang or data.client.language, items))
    if as_json:
        rows = [
            {**item.as_dict(section_lang), "workbook": title.split(" — ")[0] if title else None}
            for title, section_lang, items in sections for item in items
        ]
        echo_out(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for index, (title, section_lang, items) in enumerate(sections):
            if title:
                echo_out(("\n" if index else "") + title)
            echo_out(classification_table(items, section_lang))
    if failed:
        click.get_current_context().exit(EXIT_INTERNAL if any(p.internal for p in failed) else 1)


@cli.command(context_settings=CONTEXT_SETTINGS)
@input_paths
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help="Output folder; reports go to OUT/<YYYY-MM>/ (OUT/<YYYY-Qn>/, OUT/<YYYY>/).")
@click.option("--month", help="Report month YYYY-MM for every workbook (default: each workbook's own).")
@period_options
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers (default: cores).")
@click.option("--html", "keep_html", is_flag=True, help="Also keep a self-contained HTML file per report.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("--templates", "templates_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder whose templates override the packaged theme.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no table: only failures and the count.")
@click.option("-v", "--verbose", is_flag=True, help="A line per client also on a terminal, with warnings.")
@config_option
@lang_option
def build(paths: tuple[Path, ...], out_dir: Path, month: str | None, period: str | None, quarter: str | None,
          year: str | None, jobs: int | None, keep_html: bool, force: bool, templates_dir: Path | None,
          quiet: bool, verbose: bool, config_path: Path | None, lang: str | None) -> None:
    """Build one PDF report (plus JSON data) per client workbook, in parallel.

    PATH is a workbook or a folder: every workbook in it, and every .xls, .csv, .ods, .numbers … as a failed
    client that must be saved as .xlsx first (hidden files and Excel lock files ~$* are not read).
    Writes OUT/<YYYY-MM>/<slug>.pdf and .json, manifest.json and the agency overview _overview.pdf; with
    --period quarter|year (or --quarter, --year) the period's report into OUT/<YYYY-Qn>/ or OUT/<YYYY>/.
    Clients whose inputs did not change since their last successful build are skipped (see --force).
    Exit status: 0 all built or unchanged, 1 any client failed, 2 usage or configuration error, 3 an internal
    error (a bug: run with --debug and report the traceback).

    \b
    Example:
      reporter build sample_inputs --out reports
      reporter build kunden/ --out reports --month 2026-10 --jobs 2
      reporter build sample_inputs/dachdecker.xlsx --out reports --force
      reporter build kunden/ --out reports --quarter 2026-Q3
    """
    from .batch import BuildOptions, build_all, start_workers_early
    from .cli_output import (
        STATUS,
        SUMMARY_HEADERS,
        BuildProgress,
        counts_line,
        failures_text,
        summary_rows,
        text_table,
    )

    speak(lang)
    if quiet and verbose:
        raise click.UsageError(_("use either --quiet or --verbose"))
    month = checked_month(month)
    from .periods import period_options as resolve_period

    kind, month = resolve_period(period, month, quarter, year)
    start_workers_early()  # the workers' renderer loads while the workbooks are found and planned
    from .workbook import find_workbooks
    config = get_config(config_path, paths, lang)
    workbooks = find_workbooks(paths)
    if not workbooks:
        raise ReporterError(_("no workbooks (.xlsx) found in {paths}").format(paths=", ".join(str(p) for p in paths)))
    unset = agency_warning(config, config_candidates(config_path, paths))
    if unset and not quiet:
        echo_err(_(SEVERITY_LINE["warning"]).format(problem=unset))
    options = BuildOptions(out_dir=out_dir, config=config, month=month, keep_html=keep_html,
                           templates=templates_dir, force=force, jobs=jobs, period=kind)
    show = BuildProgress(quiet=quiet, verbose=verbose, tty=_stderr_is_tty())
    try:
        report = build_all(workbooks, options, progress=show)
    finally:
        show.close()
    if not quiet:
        echo_out(text_table(SUMMARY_HEADERS, summary_rows(report)))
    failures = failures_text(report)
    if failures:
        echo_out(("" if quiet else "\n" + _("Failures:") + "\n") + failures)
    if verbose:
        for overview in report.overviews:
            status = _(STATUS[overview.status]) if overview.status in STATUS else overview.status
            line = _("overview {month}: {status}").format(month=overview.month, status=status)
            echo_err(line + (f" ({overview.path})" if overview.path else ""))
    if debugging():
        for result in report.results:
            if result.details:
                echo_err(f"{result.workbook}:\n{result.details.rstrip()}")
    echo_err(counts_line(report))
    if any(r.internal for r in report.results):
        click.get_current_context().exit(EXIT_INTERNAL)
    if not report.ok:
        click.get_current_context().exit(1)


# A client's or an overview's status, as the progress lines and --verbose show it.


def _stderr_is_tty() -> bool:
    """Whether progress may draw a bar (patched in tests)."""
    return sys.stderr.isatty()


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--month", help="Which month's reports to send (default: the latest month with built reports).")
@period_options
@click.option("--only", "only", multiple=True, help="Send only this client slug (repeatable).")
@click.option("--dry-run", is_flag=True, help="Send nothing; write .eml files into OUT/<YYYY-MM>/outbox/.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--smtp-host", help="SMTP server (env REPORTER_SMTP_HOST, [mail] host).")
@click.option("--smtp-port", type=click.IntRange(1, 65535),
              help="Port (env REPORTER_SMTP_PORT; default 587 starttls, 465 ssl, 25 none).")
@click.option("--smtp-security", type=click.Choice(["starttls", "ssl", "none"]),
              help="Encryption (env REPORTER_SMTP_SECURITY, [mail] security; default starttls).")
@click.option("--smtp-user", help="Login name (env REPORTER_SMTP_USER); the password only from "
                                  "REPORTER_SMTP_PASSWORD.")
@click.option("--smtp-auth", type=click.Choice(["password", "xoauth2", "none"]),
              help="Authentication (env REPORTER_SMTP_AUTH, [mail] auth; default password when a user is set): "
                   "xoauth2 sends an OAuth 2.0 token, e.g. for Microsoft 365 or Google Workspace.")
@click.option("--from", "sender",
              help="Sender, e.g. 'Agentur <berichte@agentur.de>' (env REPORTER_MAIL_FROM).")
@click.option("--resend-unknown", is_flag=True,
              help="Send again messages whose earlier send ended in an unknown state (same Message-ID).")
@click.option("--resend", "resend", multiple=True, metavar="SLUG",
              help="Send this client's report again although it was sent (repeatable).")
@click.option("--mark-sent", "mark_sent", multiple=True, metavar="SLUG",
              help="The unknown message of this client did arrive: record it as sent, send nothing.")
@click.option("--rate", type=click.FloatRange(min=0, min_open=True), metavar="N",
              help="At most N messages per minute ([mail] rate_per_minute).")
@config_option
@lang_option
@click.pass_context
def send(ctx: click.Context, out_dir: Path, month: str | None, period: str | None, quarter: str | None,
         year: str | None, only: tuple[str, ...], dry_run: bool,
         yes: bool, smtp_host: str | None, smtp_port: int | None, smtp_security: str | None,
         smtp_user: str | None, smtp_auth: str | None, sender: str | None, resend_unknown: bool,
         resend: tuple[str, ...], mark_sent: tuple[str, ...], rate: float | None, config_path: Path | None,
         lang: str | None) -> None:
    """E-mail each built report to its recipients, exactly once.

    Shows what will go out and asks before sending (--yes skips the question; without a terminal, --yes is
    required). A ledger (OUT/ledger.sqlite) records every message, so a re-run sends only what is missing.
    Exit status: 0 all sent, 1 something failed, was refused or is unknown, 2 usage or configuration error
    (e.g. no sender or SMTP host) or no confirmation.

    \b
    Example:
      reporter send reports --month 2026-10 --dry-run
      REPORTER_SMTP_PASSWORD=... reporter send reports --month 2026-10
      REPORTER_SMTP_OAUTH_CLIENT_SECRET=... reporter send reports --smtp-auth xoauth2   # [mail] oauth
      reporter send reports --smtp-host smtp.example.com --from berichte@agentur.de --yes
      reporter send reports --quarter 2026-Q3     # or --period quarter: the latest quarter built
    """
    from . import mail
    from .cli_output import RESULT_HEADERS, REVIEW_HEADERS, result_rows, result_summary, review_rows, text_table
    from .model import period_of
    from .periods import period_options as resolve_period

    config = get_config(config_path, (out_dir,), lang)
    kind, last = resolve_period(period, month, quarter, year)
    settings = mail.resolve_settings(config, {"host": smtp_host, "port": smtp_port, "security": smtp_security,
                                              "user": smtp_user, "auth": smtp_auth, "sender": sender,
                                              "rate": rate})
    with contextlib.ExitStack() as stack:
        if not dry_run:
            stack.enter_context(mail.exclusive(out_dir))
        ledger = stack.enter_context(mail.Ledger(out_dir / mail.LEDGER_NAME, readonly=dry_run))
        plan = mail.plan_send(out_dir, ledger, month=last and period_of(last, kind), only=only, resend=resend,
                              resend_unknown=resend_unknown, mark_sent=() if dry_run else mark_sent, period=kind)
        echo_out(_("Reports for {month} ({folder}):").format(month=plan.month, folder=plan.folder))
        echo_out(text_table(REVIEW_HEADERS, review_rows(plan), numbers_right=False, max_width=60))
        for item in plan.items:
            for problem in item.problems:
                echo_err(error_line(problem))
        blocked = any(item.action in (mail.Action.REFUSED, mail.Action.UNKNOWN) for item in plan.items)
        if dry_run:
            written = mail.write_outbox(plan, settings)
            count = len(written)
            echo_out(ngettext(
                "Dry run: {count} message written to {folder}; nothing was sent.",
                "Dry run: {count} messages written to {folder}; nothing was sent.",
                count,
            ).format(count=count, folder=plan.folder / mail.OUTBOX_NAME))
            ctx.exit(1 if blocked else 0)
        if not plan.to_send:
            echo_out(_("Nothing to send."))
        else:
            settings.require_server()
            if not yes:
                if not _stdin_is_tty():
                    echo_err(error_line(_(
                        "not sending without confirmation, and there is no terminal to ask on. Review the table "
                        "above (or use --dry-run), then run again with --yes."
                    )))
                    ctx.exit(2)
                count = len(plan.to_send)
                question = ngettext(
                    "Send {count} message via {server} as {sender}?",
                    "Send {count} messages via {server} as {sender}?",
                    count,
                )
                click.confirm(question.format(count=count, server=settings.server, sender=settings.sender),
                              abort=True)
        results = mail.send_plan(plan, settings, ledger, progress=echo_err)
        echo_out("")
        echo_out(text_table(RESULT_HEADERS, result_rows(results), numbers_right=False, max_width=60))
        echo_out(result_summary(results))
        ctx.exit(1 if any(r.status in ("failed", "refused", "unknown") for r in results) else 0)


def _stdin_is_tty() -> bool:
    """Whether someone can answer the confirmation question (patched in tests)."""
    return sys.stdin.isatty()
