"""Agency settings from an optional ``reporter.toml`` (stdlib tomllib) plus the environment.

Lookup order: ``--config PATH``, else ``./reporter.toml``, else ``reporter.toml`` in the input folder;
built-in defaults make every key optional. Every key is documented in ``docs/configuration.md``; unknown keys
are errors so that a typo never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import LANGUAGES, N_, _, join, quote
from .model import ConfigError, Problem

CONFIG_NAME = "reporter.toml"


@dataclass(frozen=True)
class AgencyConfig:
    name: str = ""  # not set: the report shows no agency line (a placeholder would read as the agency's name)
    logo: str | None = None  # path, relative to reporter.toml
    primary: str = "#1F5C99"
    accent: str = "#F2A900"
    font: str | None = None  # a font family name available in the theme, or a .ttf/.otf/.woff2 path
    footer: str = ""  # imprint / contact line
    website: str = ""
    email: str = ""
    language: str | None = None  # "de" or "en": the language of reporter's messages and the overview


@dataclass(frozen=True)
class LimitsConfig:
    max_file_mb: float = 20.0
    max_uncompressed_mb: float = 200.0
    max_rows: int = 5000
    max_columns: int = 400
    render_timeout_s: float = 120.0
    render_memory_mb: int = 1500


@dataclass(frozen=True)
class ThresholdsConfig:
    traffic_rise_pct: float = 15.0
    inquiries_flat_pct: float = 5.0
    seo_months: int = 6
    target_close_pct: float = 10.0
    anomaly_sigma: float = 3.0
    social_growth_pct: float = 10.0
    flat_pct: float = 5.0
    spend_rise_pct: float = 25.0
    new_measures: int = 2


@dataclass(frozen=True)
class ReportConfig:
    templates: str | None = None  # folder with templates overriding the packaged theme
    catalog: str | None = None  # agency catalog TOML extending/overriding the packaged KPI catalog


@dataclass(frozen=True)
class MailConfig:
    host: str | None = None
    port: int | None = None
    security: str = "starttls"  # starttls | ssl | none
    user: str | None = None
    sender: str | None = None  # key "from" in the file
    reply_to: str | None = None
    bcc: str | None = None
    timeout_s: float = 30.0
    retries: int = 3
    rate_per_minute: float | None = None
    backoff_s: float = 2.0  # first retry delay; doubles per retry
    # extra CA bundle (PEM) to trust, e.g. a private relay; relative to reporter.toml
    cafile: str | None = None
    auth: str | None = None  # password | xoauth2 | none; default: password when a user is set, else none
    # OAuth 2.0 (XOAUTH2): a program printing the access token (a string split like a shell would, or a list)
    token_command: str | list[str] | None = None
    token_timeout_s: float = 60.0  # for the token command and Microsoft's token endpoint
    oauth: str | None = None  # "microsoft": the built-in client-credentials flow (MSAL)
    tenant: str | None = None  # Directory (tenant) ID or the tenant's domain
    client_id: str | None = None  # Application (client) ID
    client_certificate: str | None = None  # .pem (key + certificate) or .pfx; relative to reporter.toml
    authority: str = "https://login.microsoftonline.com"  # another cloud's login host, or a test stand-in
    scope: str = "https://outlook.office365.com/.default"


@dataclass(frozen=True)
class Config:
    agency: AgencyConfig = field(default_factory=AgencyConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    thresholds: ThresholdsConfig = field(default_factory=ThresholdsConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    mail: MailConfig = field(default_factory=MailConfig)
    path: Path | None = None  # the file it came from, None for built-in defaults
    # The language of messages and the overview, resolved by the CLI (--lang › [agency] language › locale). It
    # travels inside the Config to the batch workers, which receive the Config with every job.
    language: str = "en"

    @property
    def base_dir(self) -> Path:
        """Folder that relative paths in the file are resolved against."""
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, value: str | None) -> Path | None:
        if not value:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.base_dir / path


_SECTIONS: dict[str, type] = {
    "agency": AgencyConfig,
    "limits": LimitsConfig,
    "thresholds": ThresholdsConfig,
    "report": ReportConfig,
    "mail": MailConfig,
}
_RENAMED_KEYS = {("mail", "from"): "sender"}
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("agency", "language"): LANGUAGES,
    ("mail", "auth"): ("password", "xoauth2", "none"),
    ("mail", "oauth"): ("microsoft",),
}


def _accepts(annotation: Any, value: Any) -> bool:
    hint = typing.get_origin(annotation)
    options = typing.get_args(annotation) if hint in (typing.Union, types.UnionType) else (annotation,)
    for option in options:
        if option is type(None) and value is None:
            return True
        if option is float and isinstance(value, int | float) and not isinstance(value, bool):
            return True
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return True
        if option is str and isinstance(value, str):
            return True
        if option is bool and isinstance(value, bool):
            return True
        if typing.get_origin(option) is list and isinstance(value, list):
            (item,) = typing.get_args(option)
            return all(_accepts(item, element) for element in value)
    return False


def _section(name: str, cls: type, raw: Any, file: str) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(Problem(file, _("[{section}] must be a table").format(section=name)))
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    problems = []
    for key, value in raw.items():
        attr = _RENAMED_KEYS.get((name, key), key)
        if attr not in known:
            message = _("unknown key [{section}] {key} (known: {known})")
            problems.append(Problem(file, message.format(section=name, key=key, known=", ".join(sorted(known)))))
        elif not _accepts(hints[attr], value):
            message = _("[{section}] {key} has the wrong type: {value}")
            problems.append(Problem(file, message.format(section=name, key=key, value=repr(value))))
        elif (name, attr) in _CHOICES and value not in _CHOICES[name, attr]:
            message = _("[{section}] {key} must be one of {choices}, not {value}")
            choices = ", ".join(quote(choice) for choice in _CHOICES[name, attr])
            problems.append(Problem(file, message.format(section=name, key=key, choices=choices, value=quote(value))))
        else:
            is_float = hints[attr] in (float, float | None) and value is not None
            values[attr] = float(value) if is_float else value
    if problems:
        raise ConfigError(problems)
    return cls(**values)


# What can go wrong with each TOML file the agency gives: not found, unreadable, not TOML (whole sentences, so
# that each language can inflect the file's name).
TOML_FILES = {
    "config": (
        N_("configuration file not found"),
        N_("cannot read configuration file: {error}"),
        N_("configuration file is not valid TOML: {error}"),
    ),
    "catalog": (
        N_("KPI catalog not found"),
        N_("cannot read KPI catalog: {error}"),
        N_("KPI catalog is not valid TOML: {error}"),
    ),
}


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """Parse a TOML file of the agency's; every failure is a ConfigError naming the file. ``what`` is one of
    :data:`TOML_FILES`, the kinds of file the messages name."""
    file = str(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(Problem(file, _(TOML_FILES[what][0]))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Problem(file, _(TOML_FILES[what][1]).format(error=exc))) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Problem(file, _(TOML_FILES[what][2]).format(error=exc))) from None


def load_config(path: Path | None) -> Config:
    """Parse one reporter.toml; ``None`` gives the built-in defaults."""
    if path is None:
        return Config()
    file = str(path)
    raw = read_toml(path, "config")
    sections: dict[str, Any] = {}
    unknown = [key for key in raw if key not in _SECTIONS]
    if unknown:
        message = _("unknown section(s) {sections} (known: {known})")
        raise ConfigError(Problem(file, message.format(sections=", ".join(unknown), known=", ".join(_SECTIONS))))
    for name, cls in _SECTIONS.items():
        if name in raw:
            sections[name] = _section(name, cls, raw[name], file)
    return Config(**sections, path=path.resolve())


def config_candidates(explicit: Path | None, inputs: list[Path] | tuple[Path, ...] = ()) -> list[Path]:
    """Where reporter.toml is looked for, in order: ``--config PATH``, else the current folder, then the
    folder of each input."""
    if explicit is not None:
        return [explicit]
    folders = [item if item.is_dir() else item.parent for item in inputs]
    return list(dict.fromkeys([Path.cwd() / CONFIG_NAME, *(folder / CONFIG_NAME for folder in folders)]))


def find_config(explicit: Path | None, inputs: list[Path] | tuple[Path, ...] = ()) -> Path | None:
    """``--config PATH``, else the current folder, else the (first) input folder."""
    if explicit is not None:
        return explicit
    return next((path for path in config_candidates(None, inputs) if path.is_file()), None)


def agency_warning(config: Config, looked_at: list[Path]) -> str | None:
    """Why the reports will name no agency (no reporter.toml, or one without ``[agency] name``), naming the
    file(s) looked at; ``None`` when the agency is set."""
    if config.agency.name:
        return None
    if config.path is not None:
        return _(
            "the agency's name is not set: {file} has no [agency] name. The reports show no agency; "
            "see docs/configuration.md, [agency]."
        ).format(file=config.path)
    return _(
        "the agency's name, logo and colours are not set: no reporter.toml at {files}. The reports show no "
        "agency and the default colours; see docs/configuration.md, [agency]."
    ).format(files=join([str(path) for path in looked_at], _("or")))
