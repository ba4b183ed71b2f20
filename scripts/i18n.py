"""Keep the German message catalog in step with the code (Babel, gettext).

    python scripts/i18n.py update    # extract every _()/N_()/ngettext() message, merge into de/reporter.po
    python scripts/i18n.py compile   # reporter.po → reporter.mo (shipped in the wheel)
    python scripts/i18n.py check     # exit 1 when a message lacks a translation or the .mo is stale

Translate in ``reporter/locale/de/LC_MESSAGES/reporter.po`` (any PO editor, or by hand), then ``compile``.
``tests/test_i18n.py`` runs the same checks as ``check``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reporter"
PO = PACKAGE / "locale" / "de" / "LC_MESSAGES" / "reporter.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_][a-z0-9_]*)(?:[:!][^}]*)?\}(?!\})")


def extract() -> Catalog:
    """Every marked message of the package, with where it stands."""
    template = Catalog(project="reporter", domain="reporter", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(f"reporter/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def load() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="de", domain="reporter")


HEADER = """\
# German messages of reporter: what the command line, the checks and the agency overview say.
# Edit the msgstr lines, then run: python scripts/i18n.py compile"""
# fixed header dates keep the catalog's diff to what really changed
FIXED_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def save(catalog: Catalog) -> None:
    PO.parent.mkdir(parents=True, exist_ok=True)
    catalog.header_comment = HEADER
    catalog.project, catalog.version = "reporter", "1"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "reporter developers"
    catalog.language_team = "German"
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    buffer = io.BytesIO()
    # sorted, without line numbers: an edit elsewhere in a module does not touch the catalog
    write_po(buffer, catalog, width=120, sort_output=True, include_lineno=False, ignore_obsolete=True)
    PO.write_bytes(buffer.getvalue())


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems() -> list[str]:
    """What is missing or wrong: untranslated or fuzzy messages, placeholders that differ, a stale .mo."""
    found: list[str] = []
    catalog = load()
    for message in extract():
        if not message.id:
            continue
        translated = catalog.get(message.id, context=message.context)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations)
        if translated is None or not translated.string or (
            isinstance(translated.string, tuple) and not all(translated.string)
        ):
            found.append(f"{where}: no German translation for {message.id!r}")
            continue
        if translated.fuzzy:
            found.append(f"{where}: the German translation of {message.id!r} is marked fuzzy")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        wanted = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            if placeholders(string) != wanted:
                found.append(
                    f"{where}: placeholders differ: {sorted(wanted)} in {message.id!r}, "
                    f"{sorted(placeholders(string))} in {string!r}"
                )
    if not MO.exists() or MO.read_bytes() != compiled(catalog):
        found.append(f"{MO.name} is stale: run python scripts/i18n.py compile")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        catalog = load() if PO.exists() else Catalog(locale="de", project="reporter", domain="reporter")
        catalog.update(extract(), no_fuzzy_matching=True)
        save(catalog)
        missing = [m.id for m in catalog if m.id and not m.string]
        sys.stdout.write(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} to translate\n")
        return 0
    if command == "compile":
        MO.write_bytes(compiled(load()))
        sys.stdout.write(f"wrote {MO.relative_to(ROOT)}\n")
        return 0
    if command == "check":
        found = problems()
        for line in found:
            sys.stdout.write(line + "\n")
        return 1 if found else 0
    sys.stdout.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
