"""The language the tool speaks to the agency: every message in English and German, from gettext catalogs.

Library code marks each user-facing message with :func:`_` and fills it with named placeholders, so that a
translation may reorder them::

    _("{value} is not a number").format(value=quote(text))

English is the source language (the msgids); German lives in ``reporter/locale/de/LC_MESSAGES/reporter.po``,
compiled to ``reporter.mo`` beside it. ``scripts/i18n.py`` extracts, updates and compiles the catalog with Babel,
and ``tests/test_i18n.py`` proves that every marked message has a German translation with the same placeholders.

The language is chosen once per command by the CLI (:func:`resolve_language`: ``--lang`` › ``[agency] language``
in reporter.toml › ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG`` › English) and travels with each job to the batch
workers. It is held in a context variable, so :func:`use_language` can switch it for one block (tests, workers).

This is the language of the *tool's* messages. The language of a client's *report* is the workbook's own
(``Sprache`` on the client sheet) and does not depend on it.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "de")
DEFAULT = "en"
DOMAIN = "reporter"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: ContextVar[str] = ContextVar("reporter_language", default=DEFAULT)


def normalize(value: str | None) -> str | None:
    """``de_DE.UTF-8``, ``de-AT``, ``German``, ``DE`` → ``de``; ``C``, ``POSIX``, ``en_GB`` → ``en``; other → None."""
    if not value:
        return None
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if code in ("c", "posix"):
        return "en"
    if code in ("german", "deutsch"):
        return "de"
    if code in ("english", "englisch"):
        return "en"
    code = code.split("_")[0]
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the POSIX locale variables ask for: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` set."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            # the first variable that is set decides, even when it names a language we do not speak
            return normalize(value) or DEFAULT
    return None


def resolve_language(
    option: str | None = None, configured: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """``--lang`` › ``[agency] language`` › the locale variables › English."""
    return normalize(option) or normalize(configured) or language_from_environment(environ) or DEFAULT


def set_language(lang: str) -> None:
    """Make ``lang`` the language of every message from now on (in this context)."""
    _current.set(normalize(lang) or DEFAULT)


def language() -> str:
    return _current.get()


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block only."""
    token = _current.set(normalize(lang) or DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language (the English msgid itself when there is no translation)."""
    return _translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the current language."""
    return _translations(_current.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext name
    """Mark a message for extraction without translating it yet (module-level constants); translate at use."""
    return message


def quote(value: object) -> str:
    """A value quoted as the language writes it: „viel“ in German, "viel" in English."""
    text = str(value)
    return f"„{text}“" if _current.get() == "de" else f'"{text}"'


def join(items: list[str] | tuple[str, ...], conjunction: str | None = None) -> str:
    """``a, b and c`` / ``a, b und c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    word = conjunction if conjunction is not None else _("and")
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
