"""Checks of the client's logo file, which a source names relative to its own folder: where it is, what it is,
and that it loads nothing from elsewhere. Files, not Excel: any source naming a logo is checked the same way."""

from __future__ import annotations

import re
import warnings
from pathlib import Path, PureWindowsPath

from .i18n import _
from .values import quote, thousands

MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 25_000_000  # what a logo never needs; the renderer decodes 4 bytes per pixel


def check_logo(text: str, folder: Path) -> Path | str:
    """The logo file that ``text`` names in ``folder``, or why it cannot be the logo (the message)."""
    bad = quote(text)  # the logo as named, for the messages
    target = _where(text, folder, bad)
    if isinstance(target, str):
        return target
    return _content(target, bad) or target


def _where(text: str, folder: Path, bad: str) -> Path | str:
    """The file a logo name points to inside ``folder``, or why it points elsewhere or nowhere."""
    if (
        re.match(r"(?i)^[a-z][a-z0-9+.-]*:", text)
        and not re.match(r"(?i)^[a-z]:[\\/]", text)
        or text.startswith("//")
    ):
        return _(
            "logo {logo} is a web address or URL; put the image file beside the workbook and give its "
            "name, e.g. logo.png"
        ).format(logo=bad)
    if (
        text.startswith(("/", "\\", "~"))
        or PureWindowsPath(text).is_absolute()
        or re.match(r"(?i)^[a-z]:", text)
    ):
        return _(
            "logo {logo} is an absolute path; give a path relative to the workbook's folder, e.g. logo.png"
        ).format(logo=bad)
    folder = folder.resolve()
    try:
        target = (folder / text.replace("\\", "/")).resolve()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links (RuntimeError before Python 3.13)
        reason = getattr(exc, "strerror", None) or _("a loop of links")
        message = _("logo {logo} cannot be followed ({reason}); put the image file beside the workbook")
        return message.format(logo=bad, reason=reason)
    if not target.is_relative_to(folder):
        return _("logo {logo} points outside the workbook's folder; put the image beside the workbook").format(logo=bad)
    if not target.is_file():
        return _("logo {logo}: file not found beside the workbook").format(logo=bad)
    try:
        with target.open("rb"):  # the checks below read it: unreadable is the file's matter, not a bug of ours
            pass
    except OSError as exc:
        return _("logo {logo} cannot be read ({reason})").format(logo=bad, reason=exc.strerror or type(exc).__name__)
    return target


def _content(target: Path, bad: str) -> str | None:
    """Why the file cannot be the logo (too large, no image, too many pixels, loads from elsewhere), or None."""
    if target.stat().st_size > MAX_LOGO_BYTES:
        return _("logo {logo} is larger than {limit} MB").format(logo=bad, limit=MAX_LOGO_BYTES // 1_000_000)
    if target.suffix.lower() == ".svg":
        prolog = target.read_bytes().split(b"<svg", 1)[0]
        if b"<!ENTITY" in prolog or re.search(rb"<!DOCTYPE[^>\[]*\[", prolog):
            return _(
                "logo {logo} declares XML entities (a DOCTYPE with an internal subset), which a logo never "
                "needs: refused as a possible XML entity attack"
            ).format(logo=bad)
        reference = _svg_reference(target)
        if reference is not None:
            # the renderer would refuse it too, but only at build time and without the cell
            return _(
                "logo {logo} refers to {reference}: an SVG logo must contain everything it shows "
                "(embedded images, no links to other files or web addresses)"
            ).format(logo=bad, reference=quote(reference))
    kind = _image_kind(target)
    if kind is None:
        return _("logo {logo} is not a PNG, JPEG or SVG image").format(logo=bad)
    if kind in ("png", "jpeg"):
        size = _pixel_size(target)  # unreadable: the renderer reports the broken image
        if size is not None and size[0] * size[1] > MAX_LOGO_PIXELS:
            # a small file can declare a huge picture: decoding 12,000 × 12,000 pixels takes over 1 GB
            return _(
                "logo {logo} is {width} × {height} pixels; a logo may have at most {limit} megapixels "
                "(e.g. {side} × {side}): save a smaller version"
            ).format(
                logo=bad, width=thousands(size[0]), height=thousands(size[1]), limit=MAX_LOGO_PIXELS // 1_000_000,
                side=thousands(5_000),
            )
    return None


_CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")]*)|@import\s+(?:url\(\s*)?['"]?([^'");\s]*)""", re.I)


def _svg_reference(path: Path) -> str | None:
    """The first thing an SVG logo would load from outside itself (a file, a web address), else ``None``.

    ``#fragment`` and ``data:`` references stay inside the file; a link (``<a href>``) loads nothing. A file
    that cannot be parsed is left to the renderer, which reports it.
    """
    from defusedxml.ElementTree import parse

    def outside(value: str) -> bool:
        value = value.strip()
        return bool(value) and not value.startswith(("#", "data:"))

    try:
        root = parse(str(path)).getroot()
    except Exception:  # damaged SVG: the renderer says so
        return None
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        texts = [element.text or ""] if tag == "style" else []
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] in ("href", "src") and tag != "a" and outside(value):
                return str(value).strip()
            texts.append(value)
        for text in texts:
            for match in _CSS_REFERENCE.finditer(text):
                target = match.group(1) if match.group(1) is not None else match.group(2)
                if target is not None and outside(target):
                    return target.strip()
    return None


def _pixel_size(path: Path) -> tuple[int, int] | None:
    """Width and height from the image's header, without decoding it; ``None`` when unreadable."""
    from PIL import Image

    with path.open("rb") as stream:
        head = stream.read(24)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        return width, height
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about huge images: the caller decides
            with Image.open(path) as image:
                return image.size
    except Exception:  # Pillow refuses damaged and gigantic images with assorted errors
        return None


def _image_kind(path: Path) -> str | None:
    """``png``, ``jpeg`` or ``svg`` by content (magic bytes / root element), never by the name alone."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    text = re.sub(rb"^(<\?xml[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*", b"", text, flags=re.S)
    if text.startswith(b"<svg") and path.suffix.lower() == ".svg":
        return "svg"
    return None
