"""Sending the month's reports: manifest → review plan → composed messages → SMTP, each exactly once.

The stage reads ``OUT/<YYYY-MM>/manifest.json`` (written by the batch), checks every PDF against its sha256
and every address before any connection, and records each message in ``OUT/ledger.sqlite``: state
``sending`` is committed *before* the SMTP transaction and ``sent`` after the server's 250, so a crash in
between shows up as "unknown" instead of being silently repeated or forgotten. Deliveries are tracked per
recipient, which is what "exactly once" means to the people receiving the mail.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import smtplib
import sqlite3
import ssl
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, make_msgid
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2

from . import clock, oauth, vocabulary
from . import manifest as schema
from .config import AgencyConfig, Config
from .files import LockBusy, atomic_write, exclusive_lock
from .formatting import Fmt
from .i18n import _
from .manifest import MANIFEST_NAME, Manifest
from .model import ConfigError, MailError, Problem, period_kind
from .resources import templates_dir

LEDGER_NAME = "ledger.sqlite"
OUTBOX_NAME = "outbox"
SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
ENV = {
    "host": "REPORTER_SMTP_HOST",
    "port": "REPORTER_SMTP_PORT",
    "security": "REPORTER_SMTP_SECURITY",
    "user": "REPORTER_SMTP_USER",
    "auth": "REPORTER_SMTP_AUTH",
    "sender": "REPORTER_MAIL_FROM",
    "password": "REPORTER_SMTP_PASSWORD",
    "cafile": "REPORTER_SMTP_CAFILE",
}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# The folder of a month's, a quarter's or a year's reports: its name is the ledger's key, so 2026-Q3, 2026-09
# and 2026 are three reports, each sent once.
_FOLDER = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$")
ATTACHMENT_STEM = {"de": "Marketing-Wirkungsbericht", "en": "Marketing-impact-report"}


# ---- settings ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailSettings:
    """The resolved SMTP settings: CLI option > environment > reporter.toml [mail] > defaults."""

    sender: Address
    host: str | None = None
    port: int = 587
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # only ever from REPORTER_SMTP_PASSWORD
    auth: str = "none"  # password | xoauth2 | none
    oauth: oauth.OAuthSettings = field(default_factory=oauth.OAuthSettings)  # where an XOAUTH2 token comes from
    reply_to: Address | None = None
    bcc: tuple[Address, ...] = ()
    timeout_s: float = 30.0
    retries: int = 3
    backoff_s: float = 2.0
    rate_per_minute: float | None = None
    cafile: Path | None = None
    templates: Path | None = None  # agency folder overriding the packaged e-mail templates
    agency: AgencyConfig = field(default_factory=AgencyConfig)

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port} ({self.security})"

    def require_server(self) -> None:
        if not self.host:
            raise ConfigError(Problem("", _("no SMTP server: set --smtp-host, REPORTER_SMTP_HOST or [mail] "
                                            "host in reporter.toml (or use --dry-run)")))


def resolve_settings(config: Config, options: Mapping[str, Any] | None = None,
                     environ: Mapping[str, str] | None = None) -> MailSettings:
    """Merge CLI ``options`` (keys host, port, security, user, auth, sender, rate; ``None`` = not given), the
    environment and ``config.mail``. Raises ``ConfigError`` naming where a bad value came from."""
    options = options or {}
    environ = os.environ if environ is None else environ
    mail = config.mail
    file = str(config.path) if config.path else "reporter.toml"

    def pick(key: str, file_value: Any) -> tuple[Any, str]:
        if options.get(key) is not None:
            option = f"--{'from' if key == 'sender' else 'smtp-' + key}"
            return options[key], _("option {option}").format(option=option)
        if key in ENV and environ.get(ENV[key]):
            return environ[ENV[key]], _("environment {variable}").format(variable=ENV[key])
        return file_value, f"{file} [mail] {'from' if key == 'sender' else key}"

    security, where = pick("security", mail.security)
    security = str(security).strip().lower()
    if security not in SECURITY_MODES:
        raise ConfigError(Problem("", _("{where}: security must be one of {modes}, not {value}").format(
            where=where, modes=", ".join(SECURITY_MODES), value=repr(security))))
    port_value, where = pick("port", mail.port)
    if port_value is None:
        port = DEFAULT_PORTS[security]
    else:
        try:
            port = int(port_value)
        except (TypeError, ValueError):
            raise ConfigError(Problem("", _("{where}: port must be a number, not {value}").format(
                where=where, value=repr(port_value)))) from None
        if not 0 < port < 65536:
            raise ConfigError(Problem("", _("{where}: port {port} is out of range").format(where=where, port=port)))
    host, _where = pick("host", mail.host)
    user, _where = pick("user", mail.user)
    auth = _auth_mode(*pick("auth", mail.auth), user=str(user) if user else None, security=security)
    sender_value, where = pick("sender", mail.sender)
    if not sender_value:
        sender_value, where = config.agency.email or None, f"{file} [agency] email"
    if not sender_value:
        raise ConfigError(Problem("", _("no sender address: set --from, REPORTER_MAIL_FROM or [mail] from in "
                                        "reporter.toml")))
    sender = _config_address(str(sender_value), where, default_name=config.agency.name)
    reply_to = _config_address(mail.reply_to, f"{file} [mail] reply_to") if mail.reply_to else None
    bcc = tuple(_config_address(part, f"{file} [mail] bcc") for part in _split_list(mail.bcc or ""))
    rate = options.get("rate") if options.get("rate") is not None else mail.rate_per_minute
    if rate is not None and rate <= 0:
        raise ConfigError(Problem("", _("rate must be positive, not {rate}").format(rate=rate)))
    if mail.retries < 0 or mail.backoff_s < 0 or mail.timeout_s <= 0:
        raise ConfigError(Problem(file, _("[mail] retries and backoff_s must be ≥ 0, timeout_s > 0")))
    cafile_value = environ.get(ENV["cafile"]) or None
    cafile = Path(cafile_value).expanduser() if cafile_value else config.resolve(mail.cafile)
    if cafile is not None and not cafile.is_file():
        raise ConfigError(Problem(str(cafile), _("CA file (REPORTER_SMTP_CAFILE / [mail] cafile) not found")))
    return MailSettings(
        sender=sender, host=str(host).strip() if host else None, port=port, security=security,
        user=str(user) if user else None, password=environ.get(ENV["password"]) or None, auth=auth,
        oauth=oauth.resolve(config, environ, cafile), reply_to=reply_to,
        bcc=bcc, timeout_s=mail.timeout_s, retries=mail.retries, backoff_s=mail.backoff_s,
        rate_per_minute=float(rate) if rate is not None else None, cafile=cafile,
        templates=config.resolve(config.report.templates), agency=config.agency,
    )


def _auth_mode(value: Any, where: str, *, user: str | None, security: str) -> str:
    """``password`` | ``xoauth2`` | ``none``; not set: ``password`` when there is a user, else ``none``."""
    if value is None:
        return "password" if user else "none"
    mode = str(value).strip().lower()
    if mode not in oauth.AUTH_MODES:
        raise ConfigError(Problem("", _("{where}: auth must be one of {modes}, not {value}").format(
            where=where, modes=", ".join(oauth.AUTH_MODES), value=repr(value))))
    if mode != "none" and not user:
        raise ConfigError(Problem("", _("{where}: {mode} needs the login name: set --smtp-user, REPORTER_SMTP_USER "
                                        "or [mail] user (for OAuth the mailbox's address)").format(
            where=where, mode=mode)))
    if mode == "xoauth2" and security == "none":
        raise ConfigError(Problem("", _("{where}: xoauth2 sends an access token, never in clear text: use "
                                        "--smtp-security starttls or ssl").format(where=where)))
    if mode == "xoauth2" and not (user or "").isascii():
        raise ConfigError(Problem("", _("{where}: xoauth2 needs a login name in ASCII, not {user}").format(
            where=where, user=repr(user))))
    return mode


# ---- addresses ---------------------------------------------------------------------------------------------


class AddressError(ValueError):
    """One address is unusable; the message says why in plain words."""


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def parse_address(text: str) -> Address:
    """One plain address (``name@firma.de``) checked strictly enough that it can never smuggle a header."""
    if not isinstance(text, str):
        raise AddressError(_("{value} is not an address").format(value=repr(text)))
    if re.search(r"[\r\n\x00-\x1f\x7f\u2028\u2029\x85]", text):
        raise AddressError(_("{value} contains a line break or control character").format(value=repr(text)))
    value = text.strip()
    if not value:
        raise AddressError(_("is empty"))
    if "@" not in value:
        raise AddressError(_("„{value}“ has no @").format(value=value))
    if value.count("@") > 1 or re.search(r"\s", value):
        raise AddressError(_("„{value}“ looks like several addresses without a separator "
                             "(use ; between them)").format(value=value))
    local, domain = value.rsplit("@", 1)
    if not local or "." not in domain or domain.startswith(".") or domain.endswith("."):
        raise AddressError(_("„{value}“ is not a complete address (name@domain.tld)").format(value=value))
    if re.search(r"[<>()\[\]\\,;:\"]", value):
        raise AddressError(_("„{value}“ contains characters not allowed in an address").format(value=value))
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise AddressError(_("„{value}“ has an invalid domain").format(value=value)) from None
    try:
        address = Address(username=local, domain=ascii_domain)
        # round-trip through the header parser: whatever it cannot represent, we do not send
        if address.addr_spec.lower() != f"{local}@{ascii_domain}".lower():
            raise AddressError(_("„{value}“ is not a valid address").format(value=value))
    except (ValueError, IndexError) as exc:
        raise AddressError(_("„{value}“ is not a valid address ({error})").format(value=value, error=exc)) from None
    return address


def _config_address(text: str, where: str, default_name: str | None = None) -> Address:
    """``reports@agentur.de`` or ``Agentur <reports@agentur.de>`` from settings."""
    match = re.fullmatch(r"\s*(.*?)\s*<([^<>]*)>\s*", text)
    name, spec = (match.group(1).strip('" '), match.group(2)) if match else ("", text)
    if re.search(r"[\r\n]", name):
        raise ConfigError(Problem("", _("{where}: {value} contains a line break").format(
            where=where, value=repr(text))))
    try:
        address = parse_address(spec)
    except AddressError as exc:
        raise ConfigError(Problem("", f"{where}: {exc}")) from None
    return Address(display_name=name or default_name or "", username=address.username, domain=address.domain)


def _key(address: Address) -> str:
    """Ledger identity of a recipient: case-insensitive, as every real mail provider treats it."""
    return address.addr_spec.lower()


# ---- manifest ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestEntry:
    """What sending needs of one entry of the shared :class:`reporter.manifest.ManifestEntry`."""

    slug: str
    client: str
    status: str  # ok | skipped | error
    workbook: str
    message: str | None = None
    pdf: Path | None = None  # absolute
    sha256: str | None = None
    recipients: tuple[str, ...] = ()
    contact: str | None = None
    language: str = "de"
    pages: int | None = None
    summary: str = ""

    @property
    def built(self) -> bool:
        """The build wrote a report for this client (whether it may be sent is the plan's decision)."""
        return self.status in ("ok", "skipped") and self.pdf is not None

    @classmethod
    def of(cls, entry: schema.ManifestEntry, folder: Path) -> ManifestEntry:
        """The mail stage's view of a manifest entry: the PDF's absolute path, a language it has texts for."""
        return cls(
            slug=entry.slug,
            client=entry.client or entry.slug,
            status=entry.status,
            workbook=entry.workbook,
            message=entry.message,
            pdf=(folder / entry.pdf).resolve() if entry.pdf else None,
            sha256=entry.sha256,
            recipients=entry.recipients,
            contact=entry.contact,
            language="en" if (entry.language or "").strip().lower().startswith("en") else "de",
            pages=entry.pages,
            summary=entry.summary or "",
        )


def latest_month(out_dir: Path, period: str = "month") -> str:
    """The latest month (or quarter, or year: ``period``) whose manifest lists a built report: a folder holding
    only failures (a build in which no workbook could be read) is passed over, never picked to send nothing."""
    months = sorted((p.name for p in out_dir.iterdir()
                     if _FOLDER.match(p.name) and period_kind(p.name) == period
                     and (p / MANIFEST_NAME).is_file()), reverse=True)
    if not months:
        raise MailError(Problem(str(out_dir), _("no month folder with a {manifest}: run `reporter build` first")
                                .format(manifest=MANIFEST_NAME)))
    for month in months:
        if any(entry.built for entry in load_manifest(out_dir, month)[1]):
            return month
    raise MailError(Problem(str(out_dir), _(
        "no month's {manifest} lists a built report (only failures in {months}): fix the workbooks and run "
        "`reporter build` again").format(manifest=MANIFEST_NAME, months=", ".join(sorted(months)))))


def load_manifest(out_dir: Path, month: str | None = None,
                  period: str = "month") -> tuple[str, list[ManifestEntry]]:
    """The month, quarter (``2026-Q3``) or year (``2026``), given or the latest built of ``period``, and its
    manifest entries."""
    if month is not None and not _FOLDER.match(month):
        raise ConfigError(Problem("", _("--month must look like 2026-10, not {month}").format(month=repr(month))))
    month = month or latest_month(out_dir, period)
    folder = out_dir / month
    data = Manifest.read(folder / MANIFEST_NAME)
    assert data is not None  # strict: a missing or unusable manifest is a ManifestError
    return month, [ManifestEntry.of(entry, folder) for entry in data.clients]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- composing ---------------------------------------------------------------------------------------------

_TITLES_EN = {"herr": "Mr", "herrn": "Mr", "frau": "Ms"}
_ABBREVIATIONS = {"z", "b", "d", "h", "u", "a", "bzw", "ca", "ggf", "inkl", "nr", "dr", "prof", "vgl", "etc",
                  "e.g", "i.e", "mr", "mrs", "ms", "st", "usw", "evtl", "jan", "feb", "mio", "mrd", "tsd"}


def greeting(contact: str | None, language: str) -> str:
    """``Guten Tag Herr Krämer,`` / ``Dear Dr Weber,``; neutral when the workbook names nobody."""
    parts = re.split(r"\s*(?:[,;/&]|\bund\b|\band\b)\s*", contact or "")
    people = [" ".join(p.split()) for p in parts if p.strip()]
    if language == "en":  # "Herr Krämer" in an English mail reads "Mr Krämer"
        people = [re.sub(r"^(\w+)\b", lambda m: _TITLES_EN.get(m.group(1).lower(), m.group(1)), p)
                  for p in people]
        return f"Dear {' and '.join(people)}," if people else "Hello,"
    return f"Guten Tag {' und '.join(people)}," if people else "Guten Tag,"


def summary_excerpt(summary: str, sentences: int = 2, limit: int = 480) -> str:
    """The summary's opening sentence and its last one, not cut inside "z. B." or "12,5 %".

    The summary opens with the marketing's role and ends with the month's most important finding: those two
    are what a client should read in the e-mail; the detail in between is in the PDF.
    """
    text = " ".join(summary.split())
    found: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?](?=\s+[\"„“A-ZÄÖÜ0-9])", text):
        word = re.search(r"([\w.]*)$", text[start:match.start()])
        if word and word.group(1).lower().strip(".") in _ABBREVIATIONS:
            continue
        found.append(text[start:match.end()].strip())
        start = match.end()
    if text[start:].strip():
        found.append(text[start:].strip())
    out = found if len(found) <= sentences else found[: sentences - 1] + found[-1:]
    excerpt = " ".join(out)
    if len(excerpt) > limit:
        excerpt = excerpt[: limit - 1].rsplit(" ", 1)[0] + " …"
    return excerpt


def ascii_name(name: str) -> str:
    """``Dachdeckerei Krämer GmbH`` → ``Dachdeckerei-Kraemer-GmbH`` (safe in every mail program and file
    system)."""
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"),
                     ("ß", "ss"), ("&", "und")):
        name = name.replace(src, dst)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:80] or "Kunde"


def for_label(month: str, language: str) -> str:
    """What a report is for, as a sentence names it: ``Oktober 2026``, ``das 3. Quartal 2026``, ``das Jahr 2026``
    (English: ``October 2026``, ``Q3 2026``, ``2026``)."""
    label = Fmt(language).month(month)
    if language == "en" or period_kind(month) == "month":
        return label
    return f"das {label}" if period_kind(month) == "quarter" else f"das Jahr {label}"


def attachment_name(client: str, month: str, language: str) -> str:
    return f"{ATTACHMENT_STEM.get(language, ATTACHMENT_STEM['de'])}_{month}_{ascii_name(client)}.pdf"


def template_environment(override: Path | None) -> jinja2.Environment:
    """The agency's folder first, the packaged templates after: one partial can be overridden on its own."""
    loaders: list[jinja2.BaseLoader] = []
    if override is not None:
        loaders.append(jinja2.FileSystemLoader(str(override)))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class Composed:
    message: EmailMessage
    pdf_bytes: bytes
    utf8: bool  # needs SMTPUTF8 (a recipient with non-ASCII before the @)

    def as_bytes(self) -> bytes:
        return self.message.as_bytes(policy=SMTPUTF8 if self.utf8 else SMTP)


class Composer:
    """Renders subject and bodies from the templates and builds the MIME message with the PDF attached."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self.env = template_environment(settings.templates)

    def context(self, entry: ManifestEntry, month: str) -> dict[str, Any]:
        """Everything a mail template may use (documented in docs/email.md)."""
        agency = self.settings.agency
        return {
            "lang": entry.language,
            "client": entry.client,
            "contact": entry.contact or "",
            "greeting": greeting(entry.contact, entry.language),
            "month": month,
            "month_label": Fmt(entry.language).month(month),
            "period": period_kind(month),  # month | quarter | year
            "for_label": for_label(month, entry.language),
            "summary": summary_excerpt(entry.summary),
            "pages": entry.pages,
            "attachment": attachment_name(entry.client, month, entry.language),
            "agency": {"name": agency.name, "email": agency.email, "website": agency.website,
                       "footer": agency.footer, "primary": agency.primary},
            "sender_name": self.settings.sender.display_name or agency.name,
        }

    def _render(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or name
            line = getattr(exc, "lineno", None)
            location = f"{where}:{line}" if line else str(where)
            raise MailError(Problem(location, _("e-mail template: {error}").format(error=exc))) from None

    def compose(self, entry: ManifestEntry, month: str, recipients: Sequence[Address], message_id: str,
                pdf_bytes: bytes) -> Composed:
        context = self.context(entry, month)
        subject = " ".join(self._render("email_subject.txt.j2", context).split())
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = self.settings.sender
        message["To"] = list(recipients)
        if self.settings.reply_to:
            message["Reply-To"] = self.settings.reply_to
        message["Date"] = format_datetime(clock.now().astimezone())
        message["Message-ID"] = message_id
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(self._render("email_body.txt.j2", context), subtype="plain", charset="utf-8")
        message.add_alternative(self._render("email_body.html.j2", context), subtype="html", charset="utf-8")
        message.add_attachment(pdf_bytes, maintype="application", subtype="pdf",
                               filename=context["attachment"])
        message["Content-Language"] = entry.language  # after the parts: set_content moves Content-* headers
        utf8 = any(not r.username.isascii() for r in (*recipients, *self.settings.bcc, self.settings.sender))
        return Composed(message, pdf_bytes, utf8)


def new_message_id(slug: str, month: str, sender: Address) -> str:
    return make_msgid(idstring=f"{re.sub(r'[^A-Za-z0-9-]', '', slug)}.{month}", domain=sender.domain)


# ---- ledger ------------------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    month TEXT NOT NULL,
    recipients TEXT NOT NULL,          -- the recipient set of this message, sorted, lower case, ", "-joined
    sha256 TEXT NOT NULL,              -- of the attached PDF
    message_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    purpose TEXT NOT NULL DEFAULT 'send',  -- send | resend (--resend) | resend-unknown
    tries INTEGER NOT NULL DEFAULT 1,  -- runs that used this row (a --resend-unknown reuses it)
    started_at TEXT NOT NULL,
    finished_at TEXT,
    reply TEXT                         -- the server's last reply
);
CREATE INDEX IF NOT EXISTS attempts_client ON attempts (slug, month);
CREATE TABLE IF NOT EXISTS deliveries (
    attempt_id INTEGER NOT NULL REFERENCES attempts (id),
    address TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('to', 'bcc')),
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    reply TEXT,
    PRIMARY KEY (attempt_id, address)
);
"""


@dataclass(frozen=True)
class DeliveryRecord:
    attempt_id: int
    address: str
    state: str
    reply: str | None
    sha256: str
    message_id: str
    started_at: str
    finished_at: str | None


def _now() -> str:
    return clock.now().isoformat(timespec="seconds")


class Ledger:
    """``OUT/ledger.sqlite``: one row per message attempt, one per recipient of it; every change is a
    transaction."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        existing = path.exists()
        try:
            if readonly and existing:
                uri = f"{path.resolve().as_uri()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, isolation_level=None)
                self.db.execute("SELECT count(*) FROM attempts")  # fails early on a file that is no ledger
            else:
                # a dry run must not create the ledger: an empty in-memory one answers "nothing sent yet"
                self.db = sqlite3.connect(":memory:" if readonly else str(path), isolation_level=None,
                                          timeout=30)
                # a plain rollback journal: one file, no -wal/-shm beside it, safe on network shares too
                self.db.execute("PRAGMA journal_mode=DELETE")
                self.db.execute("PRAGMA synchronous=FULL")
                self.db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise MailError(Problem(str(path), f"cannot open the send ledger: {exc}")) from None
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def deliveries(self, slug: str, month: str) -> list[DeliveryRecord]:
        """Every recorded delivery of this client's report for this month, oldest first."""
        rows = self.db.execute(
            "SELECT d.attempt_id, d.address, d.state, d.reply, a.sha256, a.message_id, a.started_at, "
            "a.finished_at FROM deliveries d JOIN attempts a ON a.id = d.attempt_id "
            "WHERE a.slug = ? AND a.month = ? "
            "ORDER BY a.id", (slug, month)).fetchall()
        return [DeliveryRecord(*row) for row in rows]

    def begin(self, *, slug: str, month: str, sha256: str, message_id: str, to: Sequence[str],
              bcc: Sequence[str], purpose: str, reuse: int | None = None) -> int:
        """Commit state ``sending`` before the SMTP transaction starts; returns the attempt id."""
        with self._transaction() as db:
            if reuse is not None:
                db.execute("UPDATE attempts SET state = 'sending', tries = tries + 1, started_at = ?, "
                           "finished_at = NULL, purpose = ? WHERE id = ?", (_now(), purpose, reuse))
                db.execute("DELETE FROM deliveries WHERE attempt_id = ?", (reuse,))
                attempt = reuse
            else:
                cursor = db.execute(
                    "INSERT INTO attempts (slug, month, recipients, sha256, message_id, state, purpose, "
                    "started_at) VALUES (?, ?, ?, ?, ?, 'sending', ?, ?)",
                    (slug, month, ", ".join(sorted(to)), sha256, message_id, purpose, _now()))
                attempt = int(cursor.lastrowid or 0)
            rows = [(attempt, a, "to") for a in to] + [(attempt, a, "bcc") for a in bcc if a not in to]
            db.executemany("INSERT INTO deliveries (attempt_id, address, kind, state) "
                           "VALUES (?, ?, ?, 'sending')", rows)
        return attempt

    def mark_sent(self, attempt: int, note: str) -> None:
        """The user checked the mailbox: an unknown attempt did arrive."""
        with self._transaction() as db:
            db.execute("UPDATE deliveries SET state = 'sent', reply = ? "
                       "WHERE attempt_id = ? AND state = 'sending'", (note, attempt))
            db.execute("UPDATE attempts SET state = 'sent', finished_at = ?, reply = ? WHERE id = ?",
                       (_now(), note, attempt))

    def finish(self, attempt: int, outcomes: Mapping[str, tuple[str, str]], reply: str) -> None:
        """Record the server's answer: per recipient ``sent`` or ``failed`` with the reply text."""
        with self._transaction() as db:
            for address, (state, text) in outcomes.items():
                db.execute("UPDATE deliveries SET state = ?, reply = ? WHERE attempt_id = ? AND address = ?",
                           (state, text, attempt, address))
            delivered = any(state == "sent" for state, _reply_text in outcomes.values())
            db.execute("UPDATE attempts SET state = ?, finished_at = ?, reply = ? WHERE id = ?",
                       ("sent" if delivered else "failed", _now(), reply, attempt))


# ---- planning (the review) ---------------------------------------------------------------------------------


class Action(StrEnum):
    SEND = "send"
    RESEND = "resend"  # --resend SLUG: again, on purpose
    RESEND_UNKNOWN = "resend-unknown"  # --resend-unknown: same Message-ID as the unknown attempt
    MARK_SENT = "mark sent"  # --mark-sent SLUG: the unknown message did arrive; record it, send nothing
    ALREADY_SENT = "already sent"
    UNKNOWN = "unknown"
    REFUSED = "refused"


SENDING_ACTIONS = (Action.SEND, Action.RESEND, Action.RESEND_UNKNOWN)


@dataclass
class Planned:
    """One client's message as the review shows it."""

    entry: ManifestEntry
    action: Action
    recipients: tuple[Address, ...] = ()  # all recipients of the workbook
    pending: tuple[Address, ...] = ()  # those this run sends to
    reason: str = ""
    problems: tuple[Problem, ...] = ()
    reuse_attempt: int | None = None
    message_id: str | None = None
    history: tuple[DeliveryRecord, ...] = ()

    @property
    def sends(self) -> bool:
        return self.action in SENDING_ACTIONS


@dataclass
class Plan:
    out_dir: Path
    month: str
    items: list[Planned]

    @property
    def folder(self) -> Path:
        return self.out_dir / self.month

    @property
    def to_send(self) -> list[Planned]:
        return [item for item in self.items if item.sends]


def _recipient_problem(entry: ManifestEntry, message: str) -> Problem:
    lang = entry.language
    field_name = vocabulary.label(vocabulary.CLIENT_FIELDS, "recipients", lang)
    workbook = Path(entry.workbook).name if entry.workbook else _("{slug} (manifest)").format(slug=entry.slug)
    sheet = vocabulary.label(vocabulary.SHEETS, "client", lang)
    return Problem(workbook, _("field „{field}“: {message}").format(field=field_name, message=message), sheet=sheet)


def check_recipients(entry: ManifestEntry) -> tuple[tuple[Address, ...], list[Problem]]:
    """Validate the recipients again at send time: nothing the batch let through may inject a header."""
    addresses: list[Address] = []
    problems = []
    raw_parts: list[str] = []
    for raw in entry.recipients:
        if re.search(r"[\r\n]", raw):  # checked before splitting: a line break must never be split away
            problems.append(_recipient_problem(entry, _("{value} contains a line break").format(value=repr(raw))))
            continue
        raw_parts.extend(_split_list(raw))
    for part in raw_parts:
        # "Max Muster <max@muster.de>" as copied from a mail program: keep the name, check the address
        named = re.fullmatch(r'"?([^"<>]*?)"?\s*<([^<>]*)>', part)
        try:
            address = parse_address(named.group(2) if named else part)
            if named and named.group(1).strip():
                address = Address(display_name=named.group(1).strip(), username=address.username,
                                  domain=address.domain)
        except AddressError as exc:
            problems.append(_recipient_problem(entry, str(exc)))
            continue
        if _key(address) not in {_key(a) for a in addresses}:
            addresses.append(address)
    if not addresses and not problems:
        problems.append(_recipient_problem(entry, _("no recipient: the report has nobody to go to")))
    return tuple(addresses), problems


def _short_time(stamp: str | None) -> str:
    if not stamp:
        return "?"
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def plan_send(out_dir: Path, ledger: Ledger, *, month: str | None = None, only: Sequence[str] = (),
              resend: Sequence[str] = (), resend_unknown: bool = False,
              mark_sent: Sequence[str] = (), period: str = "month") -> Plan:
    """Decide, per client of the month (or of the quarter or year: ``month`` names its folder, ``period`` which
    kind is the latest without it), what this run does: the review table before anything is sent."""
    month, entries = load_manifest(out_dir, month, period)
    slugs = {e.slug for e in entries}
    missing = [s for s in (*only, *resend, *mark_sent) if s not in slugs]
    if missing:
        raise ConfigError(Problem(str(out_dir / month / MANIFEST_NAME),
                                  _("no client {slugs} in this month's manifest (known: {known})").format(
                                      slugs=", ".join(sorted(set(missing))),
                                      known=", ".join(sorted(slugs)) or _("none"))))
    chosen = set(only) | set(resend) | set(mark_sent)
    items = []
    for entry in entries:
        if chosen and entry.slug not in chosen:
            continue
        item = _plan_entry(entry, month, ledger, entry.slug in resend, resend_unknown)
        if entry.slug in mark_sent:
            item = _mark(item)
        items.append(item)
    return Plan(out_dir, month, items)


def _mark(item: Planned) -> Planned:
    """``--mark-sent``: only an unknown message can be recorded as arrived; anything else is a usage error."""
    if item.action not in (Action.UNKNOWN, Action.RESEND_UNKNOWN) or item.reuse_attempt is None:
        raise ConfigError(Problem("", _("--mark-sent {slug}: nothing is unknown for this client ({action})").format(
            slug=item.entry.slug, action=_(str(item.action)))))
    return Planned(item.entry, Action.MARK_SENT, item.recipients, reason=_("recorded as arrived, not sent"),
                   reuse_attempt=item.reuse_attempt, message_id=item.message_id, history=item.history)


def _plan_entry(entry: ManifestEntry, month: str, ledger: Ledger, resend: bool,
                resend_unknown: bool) -> Planned:
    if entry.status not in ("ok", "skipped"):
        reason = (_("the build failed: {message}").format(message=entry.message) if entry.message
                  else _("status {status} in the manifest").format(status=repr(entry.status)))
        return Planned(entry, Action.REFUSED, reason=reason)
    if entry.pdf is None or not entry.pdf.is_file():
        return Planned(entry, Action.REFUSED, reason=_("PDF {name} is missing").format(
            name=entry.pdf.name if entry.pdf else "?"))
    if not entry.sha256 or _sha256(entry.pdf) != entry.sha256.lower():
        return Planned(entry, Action.REFUSED,
                       reason=_("{name} changed since it was built (sha256 differs from the manifest): rebuild "
                                "with `reporter build` and review it again").format(name=entry.pdf.name))
    recipients, problems = check_recipients(entry)
    if problems:
        return Planned(entry, Action.REFUSED, recipients=recipients, problems=tuple(problems),
                       reason="; ".join(p.message for p in problems))
    history = tuple(ledger.deliveries(entry.slug, month))
    if resend:
        return Planned(entry, Action.RESEND, recipients, recipients, reason="--resend", history=history)
    latest: dict[str, DeliveryRecord] = {}
    delivered: dict[str, DeliveryRecord] = {}
    for record in history:
        latest[record.address] = record
        if record.state == "sent":
            delivered.setdefault(record.address, record)
    unknown = [r for a, r in latest.items() if r.state == "sending" and a not in delivered]
    targets = [a for a in recipients if _key(a) not in delivered]
    if unknown:
        first = unknown[0]
        if resend_unknown:
            return Planned(entry, Action.RESEND_UNKNOWN, recipients, tuple(targets),
                           reason=_("unknown since {time}, sent again with the same Message-ID").format(
                               time=_short_time(first.started_at)),
                           reuse_attempt=first.attempt_id, message_id=first.message_id, history=history)
        return Planned(entry, Action.UNKNOWN, recipients, reason=_(
            "unknown — check the mailbox: sending started {time} and never finished (Message-ID {message_id}); "
            "if it did not arrive, send it again with --resend-unknown, if it did, record that with "
            "--mark-sent {slug}").format(time=_short_time(first.started_at), message_id=first.message_id,
                                         slug=entry.slug),
            reuse_attempt=first.attempt_id, message_id=first.message_id, history=history)
    if not targets:
        record = delivered[_key(recipients[0])]
        if record.sha256 != entry.sha256:
            reason = _("an earlier version was sent {time}; --resend {slug} sends this one").format(
                time=_short_time(record.finished_at), slug=entry.slug)
        else:
            reason = _("already sent {time}").format(time=_short_time(record.finished_at))
        return Planned(entry, Action.ALREADY_SENT, recipients, reason=reason, history=history)
    reason = "" if len(targets) == len(recipients) else _("only to recipients who have not received it yet")
    return Planned(entry, Action.SEND, recipients, tuple(targets), reason=reason, history=history)


# ---- SMTP transport ----------------------------------------------------------------------------------------


class FatalSendError(Exception):
    """The server cannot be used at all (login refused, certificate invalid, unreachable): stop the run."""


class TransientError(Exception):
    """Worth another try after a pause: 4xx, dropped connection, timeout."""


class UnreachableError(TransientError):
    """The connection itself failed; when it still fails after the retries, the run stops."""


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(text.split())}".strip()


class SmtpTransport:
    """One SMTP connection for the whole run, reconnected when the server drops it."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.tokens: oauth.TokenSource | None = None  # the OAuth token source, once needed

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()  # verifies certificate and host name
        if self.settings.cafile is not None:
            context.load_verify_locations(cafile=str(self.settings.cafile))
        return context

    def connect(self) -> smtplib.SMTP:
        if self.smtp is not None:
            return self.smtp
        s = self.settings
        host = s.host or ""
        try:
            if s.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, s.port, timeout=s.timeout_s,
                                                      context=self._tls_context())
            else:
                smtp = smtplib.SMTP(host, s.port, timeout=s.timeout_s)
            try:
                smtp.ehlo()
                if s.security == "starttls":
                    if not smtp.has_extn("starttls"):
                        raise FatalSendError(_(
                            "{server} does not offer STARTTLS; refusing to send in clear text (use "
                            "--smtp-security ssl, or none only for a local relay)").format(server=s.server))
                    smtp.starttls(context=self._tls_context())
                    smtp.ehlo()
                self._login(smtp)
            except BaseException:
                with contextlib.suppress(Exception):
                    smtp.close()
                raise
        except ssl.SSLCertVerificationError as exc:
            raise FatalSendError(_("the certificate of {host} is not trusted: {reason} (for a private CA set "
                                   "REPORTER_SMTP_CAFILE or [mail] cafile)").format(
                host=s.host, reason=exc.verify_message)) from None
        except smtplib.SMTPAuthenticationError as exc:
            reply = _reply(exc.smtp_code, exc.smtp_error)
            hint = oauth.smtp_hint(reply, s.auth, s.user)
            raise FatalSendError(_("login as {user} refused: {reply}").format(user=s.user, reply=reply)
                                 + (f" – {hint}" if hint else "")) from None
        except oauth.OAuthError as exc:
            raise FatalSendError(str(exc)) from None
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                raise TransientError(_reply(exc.smtp_code, exc.smtp_error)) from None
            raise FatalSendError(f"{s.server}: {_reply(exc.smtp_code, exc.smtp_error)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise UnreachableError(_("cannot connect to {server}: {error}").format(
                server=s.server, error=exc or type(exc).__name__)) from None
        self.smtp = smtp
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        """AUTH as the settings say: a password, an OAuth token (kept for the run), or none."""
        s = self.settings
        if s.auth == "xoauth2" and s.user:
            if self.tokens is None:
                self.tokens = oauth.token_source(s.oauth)
            oauth.authenticate(smtp, s.user, self.tokens, s.server)
        elif s.auth == "password" and s.user:
            if s.password is None:
                raise FatalSendError(_("--smtp-user {user} given but REPORTER_SMTP_PASSWORD is not set")
                                     .format(user=s.user))
            smtp.login(s.user, s.password)

    def drop(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(Exception):
                self.smtp.close()
        self.smtp = None

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(Exception):
                self.smtp.quit()
        self.drop()

    def transaction(self, sender: str, recipients: Sequence[str], data: bytes,
                    utf8: bool) -> tuple[dict[str, str], str | None]:
        """One MAIL/RCPT/DATA exchange. Returns (refused recipient → reply, the DATA reply or None if nobody
        was accepted). 4xx on MAIL or DATA raise ``TransientError``; 5xx there raise
        ``smtplib.SMTPResponseException``."""
        smtp = self.connect()
        options: list[str] = []
        if utf8:
            if not smtp.has_extn("smtputf8"):
                raise smtplib.SMTPResponseException(553, b"server lacks SMTPUTF8 (non-ASCII address)")
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        try:
            code, text = smtp.mail(sender, options)
            if code != 250:
                self._reset(code)
                self._raise(code, text)
            refused: dict[str, str] = {}
            for rcpt in recipients:
                code, text = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    refused[rcpt] = _reply(code, text)
            if len(refused) == len(recipients):
                self._reset(0)
                return refused, None
            code, text = smtp.data(data)
            if code != 250:
                self._reset(code)
                self._raise(code, text)
            return refused, _reply(code, text)
        except smtplib.SMTPResponseException:
            raise
        except smtplib.SMTPServerDisconnected as exc:
            self.drop()
            raise TransientError(_("connection dropped: {error}").format(error=exc)) from None
        except OSError as exc:  # timeouts, resets, TLS errors mid-stream: the connection is gone
            self.drop()
            raise TransientError(f"{type(exc).__name__}: {exc}") from None

    def _reset(self, code: int) -> None:
        if code == 421:  # the server is closing the channel
            self.drop()
            return
        try:
            if self.smtp is not None:
                self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.drop()

    @staticmethod
    def _raise(code: int, text: bytes) -> None:
        if 400 <= code < 500:
            raise TransientError(_reply(code, text))
        raise smtplib.SMTPResponseException(code, text)


def _envelope(address: Address) -> str:
    return address.addr_spec


Outcomes = dict[str, tuple[str, str]]  # lower-case address → ("sent" | "failed", server reply)


def deliver(transport: SmtpTransport, composed: Composed, sender: Address, recipients: Sequence[Address],
            settings: MailSettings, sleep: Callable[[float], None] = time.sleep,
            progress: Callable[[str], None] | None = None) -> tuple[Outcomes, str]:
    """Send one message, retrying what is transient with exponential backoff, and saying so through
    ``progress`` before each pause. Returns the outcome per recipient and the last server reply. Raises
    ``FatalSendError``."""
    data = composed.as_bytes()
    pending = {_key(a): _envelope(a) for a in recipients}
    outcomes: dict[str, tuple[str, str]] = {}
    last = ""
    delay = settings.backoff_s
    unreachable = False
    for attempt in range(settings.retries + 1):
        transient: str | None = None
        try:
            refused, reply = transport.transaction(_envelope(sender), list(pending.values()), data,
                                                   composed.utf8)
        except TransientError as exc:
            transient = str(exc)
            unreachable = isinstance(exc, UnreachableError)
        except smtplib.SMTPResponseException as exc:  # permanent for the whole message
            last = _reply(exc.smtp_code, exc.smtp_error)
            outcomes.update({key: ("failed", last) for key in pending})
            return outcomes, last
        else:
            last = reply or last
            retry = {}
            for key, envelope in pending.items():
                why = refused.get(envelope)
                if why is None:
                    outcomes[key] = ("sent", reply or "")
                elif why.startswith("4"):  # e.g. greylisting: worth another try for this recipient only
                    retry[key] = envelope
                    outcomes[key] = ("failed", why)
                    transient = why
                else:
                    outcomes[key] = ("failed", why)
            pending = retry
        if transient is None or not pending:
            break
        last = transient
        outcomes.update({key: ("failed", transient) for key in pending})
        if attempt < settings.retries:
            if progress:  # a pause of seconds without a word looks like a hang
                progress("  " + _("{reason} – retrying in {seconds} s (retry {number} of {retries}) …").format(
                    reason=transient, seconds=f"{delay:g}", number=attempt + 1, retries=settings.retries))
            sleep(delay)
            delay *= 2
    if unreachable and pending and not any(state == "sent" for state, _reply_text in outcomes.values()):
        raise FatalSendError(last)
    return outcomes, last


class RateLimiter:
    """At most ``per_minute`` messages a minute: evenly spaced, the first one at once."""

    def __init__(self, per_minute: float | None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self.clock, self.sleep = clock, sleep
        self.next_at: float | None = None

    def wait(self) -> None:
        now = self.clock()
        if self.next_at is not None and now < self.next_at:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


# ---- running -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecipientResult:
    """One line of the final table."""

    client: str
    slug: str
    address: str
    status: str  # sent | failed | skipped | unknown | refused
    detail: str = ""


def _read_pdf(item: Planned) -> bytes:
    """The PDF bytes, checked once more against the manifest just before they are attached."""
    assert item.entry.pdf is not None
    data = item.entry.pdf.read_bytes()
    if hashlib.sha256(data).hexdigest() != (item.entry.sha256 or "").lower():
        raise MailError(Problem(str(item.entry.pdf), _("PDF changed since the review (sha256 differs)")))
    return data


def not_sent_results(plan: Plan) -> list[RecipientResult]:
    """Table lines for everything the plan does not send (already sent, unknown, refused)."""
    results = []
    for item in plan.items:
        if item.sends or item.action is Action.MARK_SENT:
            continue
        status = {Action.ALREADY_SENT: "skipped", Action.UNKNOWN: "unknown"}.get(item.action, "refused")
        addresses = [a.addr_spec for a in item.recipients] or list(item.entry.recipients) or ["—"]
        for address in addresses:
            results.append(RecipientResult(item.entry.client, item.entry.slug, printable(address), status,
                                           item.reason))
    return results


def printable(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii") if re.search(r"[\x00-\x1f\x7f]", text) else text


def send_plan(plan: Plan, settings: MailSettings, ledger: Ledger,
              progress: Callable[[str], None] | None = None,
              sleep: Callable[[float], None] = time.sleep) -> list[RecipientResult]:
    """Send every message the plan marks for sending, recording each in the ledger. Never raises for a single
    message: failures become table lines; a fatal server problem marks the rest as not sent."""
    if plan.to_send:
        settings.require_server()
    results = not_sent_results(plan)
    for item in plan.items:
        if item.action is Action.MARK_SENT and item.reuse_attempt is not None:
            ledger.mark_sent(item.reuse_attempt, f"marked as arrived by the user ({_now()})")
            results += [RecipientResult(item.entry.client, item.entry.slug, a.addr_spec, "sent", item.reason)
                        for a in item.recipients]
    composer = Composer(settings)
    transport = SmtpTransport(settings)
    limiter = RateLimiter(settings.rate_per_minute, sleep=sleep)
    fatal: str | None = None
    bcc = [_key(a) for a in settings.bcc]
    try:
        for item in plan.to_send:
            entry = item.entry
            if fatal is not None:
                results += [RecipientResult(entry.client, entry.slug, a.addr_spec, "failed",
                                            _("not sent: {reason}").format(reason=fatal)) for a in item.pending]
                continue
            try:
                pdf = _read_pdf(item)
                message_id = item.message_id or new_message_id(entry.slug, plan.month, settings.sender)
                composed = composer.compose(entry, plan.month, item.pending, message_id, pdf)
            except MailError as exc:
                results += [RecipientResult(entry.client, entry.slug, a.addr_spec, "failed", str(exc))
                            for a in item.pending]
                continue
            limiter.wait()
            if progress:
                progress(_("sending {slug} to {recipients}").format(
                    slug=entry.slug, recipients=", ".join(a.addr_spec for a in item.pending)))
            attempt = ledger.begin(slug=entry.slug, month=plan.month, sha256=entry.sha256 or "",
                                   message_id=message_id, to=[_key(a) for a in item.pending], bcc=bcc,
                                   purpose=str(item.action), reuse=item.reuse_attempt)
            try:
                outcomes, last = deliver(transport, composed, settings.sender, [*item.pending, *settings.bcc],
                                         settings, sleep, progress)
            except FatalSendError as exc:
                fatal = str(exc)
                outcomes = {key: ("failed", fatal) for key in [*(_key(a) for a in item.pending), *bcc]}
                last = fatal
            ledger.finish(attempt, outcomes, last)
            for address in [*item.pending, *settings.bcc]:
                state, reply = outcomes.get(_key(address), ("failed", last))
                label = address.addr_spec + (" (Bcc)" if address in settings.bcc else "")
                hint = oauth.smtp_hint(reply, settings.auth, settings.user, settings.sender.addr_spec) \
                    if state == "failed" and re.match(r"[45]\d\d ", reply) else None
                results.append(RecipientResult(entry.client, entry.slug, label, state,
                                               f"{reply} – {hint}" if hint else reply))
    finally:
        transport.close()
    order = {item.entry.slug: index for index, item in enumerate(plan.items)}
    return sorted(results, key=lambda r: order.get(r.slug, len(order)))  # stable: recipients keep their order


def write_outbox(plan: Plan, settings: MailSettings) -> list[Path]:
    """``--dry-run``: each message that would go out as an ``.eml`` file; no connection, no ledger entry."""
    outbox = plan.folder / OUTBOX_NAME
    outbox.mkdir(parents=True, exist_ok=True)
    for stale in outbox.glob("*.eml"):  # the outbox shows this run's messages only
        stale.unlink()
    composer = Composer(settings)
    written = []
    for item in plan.to_send:
        pdf = _read_pdf(item)
        message_id = item.message_id or new_message_id(item.entry.slug, plan.month, settings.sender)
        composed = composer.compose(item.entry, plan.month, item.pending, message_id, pdf)
        if settings.bcc:  # the preview shows the agency copy; a sent message never carries this header
            composed.message["Bcc"] = list(settings.bcc)
        path = outbox / f"{item.entry.slug}.eml"
        atomic_write(path, composed.as_bytes(), mode=None)  # the outbox stays private to its owner
        written.append(path)
    return written


@contextlib.contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """Only one ``reporter send`` per output folder at a time: two at once would both see "not yet sent"."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(exclusive_lock(out_dir / f".{LEDGER_NAME}.lock"))
        except LockBusy:
            raise MailError(Problem(str(out_dir), _("another `reporter send` is running on this folder"))) \
                from None
        yield
