"""Rendering: the Jinja2 environment (override folder first, packaged theme after), the safe URL fetcher, and
WeasyPrint HTML → PDF bytes.

The HTML handed to WeasyPrint is always self-contained (CSS inline, fonts and images as ``data:`` URLs), so
the ``--html`` file a user keeps is exactly the document the PDF was made from. The fetcher is the only door
to files: it allows the packaged theme, the agency's configured assets, the client's own logo and ``data:``
URLs, and refuses everything else. Any warning WeasyPrint logs (a missing image, font or bad CSS rule) fails
the render, except a character no font has: that is drawn as "�" (see glyphs.py) and reported as a warning.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import mimetypes
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import jinja2
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .config import Config
from .glyphs import Fonts, cannot_show, fonts_for
from .i18n import _
from .model import Problem, RenderError, Severity, once_each
from .report import agency_assets
from .resources import templates_dir
from .tagging import complete_tags

PDF_VARIANT = "pdf/ua-1"  # tagged, accessible PDF: structure tree, language and title required
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class RefusedURL(FatalURLFetchingError):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """A resource outside the allowed roots was requested; fatal, so WeasyPrint stops instead of warning."""


class SafeURLFetcher(URLFetcher):  # type: ignore[misc]
    """Allows ``data:`` URLs and files under ``roots`` (folders) or equal to ``files``; refuses the rest."""

    def __init__(self, roots: Sequence[Path] = (), files: Sequence[Path] = ()) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, timeout=5)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.files = frozenset(Path(f).resolve() for f in files)
        # WeasyPrint swallows some fetch errors (inside SVG images, for one); refusals are kept here so the
        # render can still fail with the clear reason.
        self.refused: list[str] = []

    def allowed_path(self, url: str) -> Path:
        """The local file a ``file:`` URL names, if the policy allows it; else :class:`RefusedURL`."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise self.refuse(
                _(
                    "refused to load {url}: only the theme, the agency's assets and the client's logo may be used "
                    "in a report"
                ).format(url=repr(url))
            )
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path in self.files or any(path.is_relative_to(root) for root in self.roots):
            return path
        raise self.refuse(
            _(
                "refused to load {url}: the file lies outside the theme, the agency's assets and the client's logo"
            ).format(url=repr(url))
        )

    def refuse(self, message: str) -> RefusedURL:
        self.refused.append(message)
        return RefusedURL(message)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path = self.allowed_path(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


@dataclass(frozen=True)
class Theme:
    """Where templates come from and which files the fetcher may read."""

    override: Path | None = None  # an agency folder whose templates win over the packaged ones
    assets: tuple[Path, ...] = ()  # agency logo, font file: configured single files

    @property
    def folders(self) -> list[Path]:
        return [p for p in (self.override, templates_dir()) if p is not None]

    def fetcher(self, extra_files: Sequence[Path] = ()) -> SafeURLFetcher:
        return SafeURLFetcher(roots=self.folders, files=[*self.assets, *extra_files])

    @property
    def fonts(self) -> Fonts:
        """What the installed fonts and the theme's own can draw."""
        return fonts_for((*self.folders, *self.assets))


def theme_for(config: Config, templates: Path | None = None) -> Theme:
    """Templates (``--templates`` before ``[report] templates``) and the agency files WeasyPrint may read."""
    override = templates or config.resolve(config.report.templates)
    if override is not None and not override.is_dir():
        raise RenderError(Problem(str(override), _("template folder not found")))
    return Theme(override=override, assets=agency_assets(config))


def css_string(value: object) -> Markup:
    """A double-quoted CSS string with everything but plain letters, digits and spaces hex-escaped.

    A CSS hex escape swallows one following space, so each escape ends with one on purpose.
    """
    out = []
    for char in str(value):
        out.append(char if char.isalnum() or char == " " else f"\\{ord(char):x} ")
    return Markup('"' + "".join(out) + '"')


def bdi(value: object) -> str:
    """``value`` as a bidi isolate (U+2068 … U+2069) when it has right-to-left letters: its direction then follows
    its first letter and the text around it keeps its order, as HTML's ``<bdi>`` and ``dir="auto"`` do for user
    text in a browser (WeasyPrint supports neither; Pango does the isolate). Other text is returned unchanged."""
    text = str(value)
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        return f"\u2068{text}\u2069"
    return text


def css_color(value: object) -> Markup:
    """A ``#RRGGBB`` colour, checked again here because it is written into CSS unescaped."""
    text = str(value)
    if not _HEX_COLOR.fullmatch(text):
        raise RenderError(_("not a colour: {value} (expected #RRGGBB)").format(value=repr(text)))
    return Markup(text.lower())


def make_env(theme: Theme) -> jinja2.Environment:
    """Jinja2 with the override folder first, autoescape on and undefined names an error."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)) for folder in theme.folders])
    env = jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["css_string"] = css_string
    env.filters["css_color"] = css_color
    env.filters["bdi"] = bdi
    return env


def data_url(path: Path, fetcher: SafeURLFetcher) -> str:
    """Embed one allowed file as a ``data:`` URL (for the self-contained HTML)."""
    allowed = fetcher.allowed_path(path.resolve().as_uri())
    try:
        body = allowed.read_bytes()
    except OSError as exc:
        message = _("cannot read file: {error}").format(error=exc.strerror or exc)
        raise RenderError(Problem(str(path), message)) from None
    suffix = allowed.suffix.lower()
    mime = IMAGE_TYPES.get(suffix) or FONT_TYPES.get(suffix) or mimetypes.guess_type(allowed.name)[0]
    return f"data:{mime or 'application/octet-stream'};base64,{base64.b64encode(body).decode('ascii')}"


def inline_css(name: str, env: jinja2.Environment, fetcher: SafeURLFetcher) -> str:
    """The stylesheet ``name`` from the theme with every ``url(...)`` replaced by a ``data:`` URL."""
    source, filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    base = Path(filename).parent if filename else templates_dir()

    def replace(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if target.startswith("data:"):
            return match.group(0)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            message = _("{file}: refused to load {url}: only files of the theme may be used")
            raise RenderError(message.format(file=name, url=repr(target)))
        return f'url("{data_url(base / target, fetcher)}")'

    return _CSS_URL.sub(replace, source)


# Messages about the machine, not the document: they must not fail a report that renders correctly.
ENVIRONMENT_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)


def _not_environment_notice(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(ENVIRONMENT_NOTICES)


def short_data_urls(message: str) -> str:
    """``data:image/png;base64,iVBOR…`` (kilobytes in a message) shortened to ``data:image/png…``."""
    return re.sub(r"data:([\w.+-]+/[\w.+-]+)?[^\s'\"]*", lambda m: f"data:{m.group(1) or ''}…", message)


# WeasyPrint's message for a character no font has (it draws the font's empty .notdef glyph): args (char, code)
MISSING_GLYPH = ".notdef glyph rendered for Unicode string unsupported by fonts"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []
        self.missing: list[str] = []  # characters drawn as .notdef

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(MISSING_GLYPH) and isinstance(record.args, tuple) and record.args:
            self.missing.append(str(record.args[0]))
        else:
            self.messages.append(record.getMessage())


@contextlib.contextmanager
def weasyprint_warnings() -> Iterator[_Collect]:
    """Collect WeasyPrint's warnings (and errors) during a render: ``messages`` for the caller to turn into a
    failure, and the characters no font had (``missing``)."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addFilter(_not_environment_notice)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.removeFilter(_not_environment_notice)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    html: str
    pages: int
    warnings: tuple[Problem, ...] = ()


# A batch worker renders many reports in one process (reporter/batch.py): after ``warm()`` they share one font
# configuration (making one scans the system's fonts; the theme's @font-face files are then added only once)
# and the compiled templates of each theme (compiling them costs about as much as reading and analysing a
# workbook; Jinja still reloads a template whose file changed). Without it every render starts fresh, as a
# single ``reporter build`` of one file would. WeasyPrint's image cache is deliberately *not* shared: a cached
# SVG image (every logo here) keeps its document's whole layout context alive, about 12 MB per report, so a
# shared cache made a worker grow with every client; images are data: URLs, so caching them saved nothing.
_SHARED: dict[str, Any] = {}


def warm() -> None:
    """Share one WeasyPrint font configuration and one Jinja environment per theme among all later renders in
    this process."""
    _SHARED.setdefault("font_config", FontConfiguration())
    _SHARED.setdefault("envs", {})


def report_env(theme: Theme) -> jinja2.Environment:
    """The theme's environment: shared after ``warm()`` (templates compiled once), else a fresh one."""
    envs: dict[tuple[Path, ...], jinja2.Environment] | None = _SHARED.get("envs")
    if envs is None:
        return make_env(theme)
    key = tuple(theme.folders)
    if key not in envs:
        envs[key] = make_env(theme)
    return envs[key]


def html_to_pdf(html: str, fetcher: SafeURLFetcher, *, source: str = "report") -> Rendered:
    """Lay out the self-contained HTML and write a tagged PDF. Any WeasyPrint warning is an error (each
    message once, with a count), except characters no font has: those are warnings."""
    try:
        with weasyprint_warnings() as logged:
            document = HTML(string=html, url_fetcher=fetcher).render(
                font_config=_SHARED.get("font_config") or FontConfiguration(), pdf_variant=PDF_VARIANT
            )
            pdf = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=complete_tags)
    except RefusedURL as exc:
        raise RenderError(Problem(source, str(exc))) from None
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise RenderError(Problem(source, str(cause))) from None
    if fetcher.refused:
        raise RenderError(Problem(source, fetcher.refused[0]))
    if logged.messages:
        messages = once_each(f"WeasyPrint: {short_data_urls(m)}" for m in logged.messages)
        raise RenderError([Problem(source, m) for m in messages])
    assert pdf is not None
    missing = list(dict.fromkeys(logged.missing))
    warnings = (Problem(source, cannot_show(missing), severity=Severity.WARNING),) if missing else ()
    return Rendered(pdf=pdf, html=html, pages=len(document.pages), warnings=warnings)


def render_report(
    context: Any,
    theme: Theme,
    *,
    logos: Sequence[Path] = (),
    template: str = "report.html.j2",
    source: str = "report",
) -> Rendered:
    """Fill the report template with ``context`` and render it; ``logos``: the client files allowed."""
    fetcher = theme.fetcher(logos)
    html = fill_template(report_env(theme), fetcher, template, "report.css", source, theme.fonts, r=context)
    return html_to_pdf(html, fetcher, source=source)


def fill_template(
    env: jinja2.Environment,
    fetcher: SafeURLFetcher,
    template: str,
    stylesheet: str,
    source: str,
    fonts: Fonts,
    **context: Any,
) -> str:
    """Self-contained HTML: ``template`` filled with ``context``, ``stylesheet`` inlined, images as data URLs
    (the ``asset`` global), every character no font in ``fonts`` has as a visible "�" (also in CSS strings,
    which escape it); template errors and refused files become located RenderErrors."""

    def asset(path: Path | str | None) -> str:
        return data_url(Path(path), fetcher) if path else ""

    env.globals["asset"] = asset
    env.filters["css_string"] = lambda value: css_string(fonts.visible(str(value)))
    try:
        css = inline_css(stylesheet, env, fetcher)
        return fonts.visible(env.get_template(template).render(css=Markup(css), **context))
    except jinja2.TemplateNotFound as exc:
        raise RenderError(Problem(source, _("template not found: {name}").format(name=exc.name))) from None
    except jinja2.TemplateError as exc:
        raise RenderError(Problem(source, _("template error: {error}").format(error=exc))) from None
    except RefusedURL as exc:
        raise RenderError(Problem(source, str(exc))) from None
