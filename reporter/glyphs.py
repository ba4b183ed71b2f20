"""Text in any script: which characters the fonts can draw, the check that warns at a workbook cell about a
character none can, and the replacement the renderer shows in its place.

WeasyPrint lays text out with Pango, which takes each character from the first font of the CSS font stack that
has it and otherwise from any font fontconfig knows that does. So a character can be drawn exactly when some
installed font, or a font file of the theme, has it. fontconfig keeps every font's character set in its cache
and prints them (``fc-list``, ``fc-scan``) in about 20 ms: asked once per process, and only for text beyond
Latin-1, which the packaged brand font covers whole.
"""

from __future__ import annotations

import bisect
import functools
import re
import subprocess
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .config import Config
from .i18n import _, quote
from .model import ClientData, Origin, Problem, Severity
from .resources import templates_dir

REPLACEMENT = "\ufffd"  # "�", in the PDF where a character no font has would be an invisible gap
# Characters that are never drawn, so no font needs them: controls, format characters (joiners, bidi marks),
# spaces (Pango makes a missing one), and the default-ignorable marks and fillers among the rest.
_NOT_DRAWN_CATEGORIES = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))
_NOT_DRAWN = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0000-\U000e0fff]")
_RANGE = re.compile(r"([0-9a-fA-F]+)(?:-([0-9a-fA-F]+))?")
# The workbook texts a report shows, by where they are in ClientData (their cells: ClientData.origins).
SHOWN_TEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("client", ("name", "comment")),
    ("kpis", ("name",)),
    ("measures", ("name", "landing_page")),
)


class _Ranges:
    """Sorted, merged character ranges, for a quick ``code in ranges``."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for first, last in sorted(ranges):
            if self.ends and first <= self.ends[-1] + 1:
                self.ends[-1] = max(self.ends[-1], last)
            else:
                self.starts.append(first)
                self.ends.append(last)

    def __contains__(self, code: int) -> bool:
        index = bisect.bisect_right(self.starts, code) - 1
        return index >= 0 and code <= self.ends[index]


def _charsets(command: Sequence[str]) -> _Ranges | None:
    """The characters of every font fontconfig lists (it prints ``20-7e a0-17f …`` per font); ``None`` when
    fontconfig's tools are missing."""
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return _Ranges([(int(first, 16), int(last or first, 16)) for first, last in _RANGE.findall(output)])


@functools.cache
def _installed() -> _Ranges | None:
    return _charsets(["fc-list", "--format=%{charset}\\n"])


class Fonts:
    """The characters the installed fonts and the theme's own font files (``theme``: folders and files, which
    ``fc-scan`` searches for fonts) can draw. Unknown when fontconfig cannot be asked: then everything counts
    as drawable, and nothing is warned about or replaced."""

    def __init__(self, theme: Sequence[Path] = ()) -> None:
        self.theme = tuple(theme)

    @functools.cached_property
    def _theme(self) -> _Ranges | None:
        own = [str(p) for p in self.theme if p.exists()]
        return _charsets(["fc-scan", "--format=%{charset}\\n", *own]) if own else None

    def drawable(self, char: str) -> bool:
        code = ord(char)
        if code <= 0xFF or unicodedata.category(char) in _NOT_DRAWN_CATEGORIES or _NOT_DRAWN.match(char):
            return True
        installed = _installed()
        if installed is None or code in installed:
            return True
        return self._theme is not None and code in self._theme

    def missing(self, text: str) -> list[str]:
        """The distinct characters of ``text`` no font can draw, in the order they first appear."""
        if text.isascii():
            return []
        missing = {char for char in set(text) if not self.drawable(char)}
        return [char for char in dict.fromkeys(text) if char in missing] if missing else []

    def visible(self, text: str) -> str:
        """``text`` with every character no font can draw replaced by U+FFFD (a visible "�")."""
        missing = self.missing(text)
        if not missing:
            return text
        replacement = REPLACEMENT if self.drawable(REPLACEMENT) else "?"
        return text.translate({ord(char): replacement for char in missing})


@functools.cache
def fonts_for(theme: tuple[Path, ...]) -> Fonts:
    """One :class:`Fonts` per theme and process, so fontconfig is asked once."""
    return Fonts(theme)


def theme_fonts(config: Config, templates: Path | None = None) -> Fonts:
    """The fonts a report of ``config`` can use: the installed ones, the packaged theme's, the agency's template
    folder's (``--templates`` or ``[report] templates``) and ``[agency] font`` when it names a file."""
    override = templates or config.resolve(config.report.templates)
    font = config.resolve(config.agency.font)
    return fonts_for(tuple(p for p in (templates_dir(), override, font) if p is not None))


def cannot_show(chars: Sequence[str]) -> str:
    """``"🚀" cannot be shown …``; a character a terminal would not show either also by its code point."""
    quoted = ", ".join(quote(c) if c.isprintable() else f"{quote(c)} (U+{ord(c):04X})" for c in chars)
    return _("{characters} cannot be shown with the installed fonts").format(characters=quoted)


def glyph_warnings(data: ClientData, fonts: Fonts) -> list[Problem]:
    """A warning at each cell whose text, shown in the report, has characters no font can draw."""
    problems = []
    for part, names in SHOWN_TEXTS:
        items = (data.client,) if part == "client" else getattr(data, part)
        for index, item in enumerate(items):
            for name in names:
                missing = fonts.missing(getattr(item, name) or "")
                if missing:
                    path = (part, name) if part == "client" else (part, index, name)
                    origin = data.located(*path) or Origin(data.source.name)
                    problems.append(Problem.at(origin, cannot_show(missing), Severity.WARNING))
    return problems
