"""The findings' wording: the theme's ``findings.toml``, German and English, overridable by the agency.

Everything a finding, the summary or a next step says lives in ``templates/findings.toml``: one table per finding
(``[de.anomaly]``) or shared vocabulary (``[de.outcome]``), with ``{placeholders}`` that the code fills with values
already formatted for the language. An agency's template folder may hold its own ``findings.toml``; its keys
replace the packaged ones one by one, exactly like ``texts.toml``.

Each section is declared in code (:func:`declare`, or a rule's ``wording``) with the placeholders each key may
use. So a file with an unknown section, an unknown key or a placeholder the code does not provide is a located
error when it is read, not a gap in a client's report; and the code cannot ask for a text without giving every
placeholder it declared.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import N_, _, join
from ..model import Problem, RenderError
from ..resources import merge_tables, read_theme_toml, theme_files

LANGS = ("de", "en")
FILENAME = "findings.toml"
PERIODS_FILENAME = "periods.toml"  # a quarter's or year's changes to the wording (Wording.for_period)
ONE = "_one"  # a key's variant for exactly one of the things counted

# section -> key -> the placeholders the code provides for that key
_DECLARED: dict[str, dict[str, tuple[str, ...]]] = {}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The period of an abbreviation that ends a sentence also ends the sentence: "−0,2 Pkt." + "." is "−0,2 Pkt."
_SENTENCE_AFTER_ABBREVIATION = re.compile(r"(?<=[^.]\.)\.(?!\.)")


def declare(section: str, keys: Mapping[str, Iterable[str]]) -> None:
    """Declare a wording section: its keys and the placeholders each may use (its ``_one`` variant too)."""
    if section in _DECLARED:
        raise ValueError(f"wording section {section!r} is declared twice")
    _DECLARED[section] = {key: tuple(names) for key, names in keys.items()}


def declared() -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """Every declared section with its keys and their placeholders."""
    return _DECLARED


def placeholders(template: str) -> list[str]:
    """The ``{name}`` placeholders of a template; ``ValueError`` for anything else (``{0}``, ``{a.b}``,
    ``{a[0]}``, ``{a!r}``, ``{a:>5}``, a lone brace), so a text can reach nothing but the values it is given."""
    names = []
    for _text, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not _NAME.fullmatch(name) or spec or conversion:
            raise ValueError(f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} "
                             "is not a placeholder; write {name}, or {{ and }} for a brace")
        names.append(name)
    return names


@dataclass(frozen=True)
class Phrases:
    """One section of the wording in one language: ``phrases("headline", count=2, measures="„A“ und „B“")``."""

    section: str
    lang: str
    texts: Mapping[str, str]

    def __call__(self, key: str, /, count: int | None = None, **values: str) -> str:
        """The text of ``key`` with its placeholders filled; its ``_one`` variant when ``count`` is 1."""
        expected = _DECLARED[self.section][key]
        if set(values) != set(expected):
            raise TypeError(f"[{self.lang}.{self.section}] {key} takes {sorted(expected)}, got {sorted(values)}")
        template = self.texts.get(key + ONE) if count == 1 else None
        return _SENTENCE_AFTER_ABBREVIATION.sub("", (template or self.texts[key]).format_map(values))


@dataclass(frozen=True)
class Wording:
    """The findings' wording of one theme: language -> section -> key -> template."""

    tables: Mapping[str, Mapping[str, Mapping[str, str]]]

    def for_period(self, kind: str, override: Path | None = None) -> Wording:
        """This wording with what a quarter's or year's report words differently ("zum Vorquartal"): the
        ``[<lang>.<kind>.findings.<section>]`` tables of the theme's ``periods.toml`` (and the agency's)."""
        tables = {lang: {section: dict(keys) for section, keys in sections.items()}
                  for lang, sections in self.tables.items()}
        for path in theme_files(PERIODS_FILENAME, override):
            data = read_theme_toml(path, N_("the report texts"))
            for lang in LANGS:
                changes = data.get(lang, {}).get(kind, {}).get("findings", {})
                for section, keys in changes.items():
                    if section in tables[lang] and isinstance(keys, dict):
                        tables[lang][section].update({k: v for k, v in keys.items() if k in tables[lang][section]})
        return Wording(tables)

    def phrases(self, lang: str, section: str) -> Phrases:
        lang = lang if lang in self.tables else LANGS[0]
        return Phrases(section, lang, self.tables[lang][section])


def _key_problems(path: Path, where: str, section: str, key: str, value: Any) -> list[Problem]:
    keys = _DECLARED[section]
    base = key[: -len(ONE)] if key.endswith(ONE) and key[: -len(ONE)] in keys else key
    if base not in keys:
        message = _("{where}: unknown key {key}; known: {keys}")
        return [Problem(str(path), message.format(where=where, key=repr(key), keys=", ".join(keys)))]
    if not isinstance(value, str):
        return [Problem(str(path), _("{where}: {key} must be a text in quotes").format(where=where, key=key))]
    try:
        unknown = [name for name in placeholders(value) if name not in keys[base]]
    except ValueError as exc:
        return [Problem(str(path), _("{where}: {key}: {error}").format(where=where, key=key, error=exc))]
    if unknown:
        offered = ", ".join("{" + name + "}" for name in keys[base]) or _("none")
        message = _("{where}: {key} uses {placeholder}; its placeholders: {offered}")
        return [Problem(str(path), message.format(where=where, key=key, placeholder="{" + unknown[0] + "}",
                                                  offered=offered))]
    return []


def _problems(path: Path, data: Mapping[str, Any]) -> list[Problem]:
    """What is wrong in one findings.toml: languages, sections, keys and placeholders it may not use."""
    problems = []
    for lang, sections in data.items():
        if lang not in LANGS or not isinstance(sections, dict):
            message = _("[{lang}]: the findings are worded in {languages}")
            problems.append(Problem(str(path), message.format(lang=lang, languages=join(LANGS))))
            continue
        for section, keys in sections.items():
            where = f"[{lang}.{section}]"
            if section not in _DECLARED or not isinstance(keys, dict):
                message = _("{where}: unknown finding or section; known: {known}")
                problems.append(Problem(str(path), message.format(where=where, known=", ".join(_DECLARED))))
                continue
            for key, value in keys.items():
                problems.extend(_key_problems(path, where, section, key, value))
    return problems


def _missing(path: Path, tables: Mapping[str, Mapping[str, Mapping[str, str]]]) -> list[Problem]:
    return [
        Problem(str(path), _("{where} {key} is missing").format(where=f"[{lang}.{section}]", key=key))
        for lang in LANGS
        for section, keys in _DECLARED.items()
        for key in keys
        if key not in tables[lang].get(section, {})
    ]


_CACHE: dict[tuple[tuple[str, int, int], ...], Wording] = {}


def load_wording(override: Path | None = None) -> Wording:
    """The packaged ``findings.toml``, with the agency's (in ``override``) replacing it key by key.

    Read once per process and file version (a batch worker reads it once for all its clients).
    """
    paths = theme_files(FILENAME, override)
    stats = [path.stat() for path in paths]
    signature = tuple((str(p), s.st_mtime_ns, s.st_size) for p, s in zip(paths, stats, strict=True))
    if signature in _CACHE:
        return _CACHE[signature]
    tables: dict[str, dict[str, Any]] = {lang: {} for lang in LANGS}
    problems = []
    for path in paths:
        data = read_theme_toml(path, N_("the findings' wording"))
        problems.extend(_problems(path, data))
        for lang in LANGS:
            merge_tables(tables[lang], data.get(lang, {}) if isinstance(data.get(lang), dict) else {})
    if not problems and paths:
        problems = _missing(paths[0], tables)
    if problems or not paths:
        raise RenderError(problems or _("no {file} in the theme").format(file=FILENAME))
    wording = _CACHE[signature] = Wording(tables)
    return wording
