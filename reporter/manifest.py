"""The month's ``manifest.json``: one typed schema, written by the batch and read by the batch, the mail stage
and the overview through the same code.

:meth:`Manifest.to_dict` is the file's exact JSON layout (keys in this order, ``overview`` only when there
is one). :meth:`Manifest.read` is strict by default, the way ``reporter send`` needs it: a missing, corrupt or
foreign manifest, an entry without a usable slug or a PDF outside the month folder is a located
:class:`ManifestError`. ``strict=False`` is the batch's reading: an unreadable file is no manifest (everything
is rebuilt) and unusable entries are dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import atomic_write, to_json
from .i18n import _
from .model import MailError, Problem

MANIFEST_NAME = "manifest.json"
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class ManifestError(MailError):
    """The manifest cannot be used (a :class:`MailError`: ``reporter send`` is the stage that stops on it)."""


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class ManifestEntry:
    """One client's line in the manifest, as the batch writes it (paths relative to the month folder)."""

    workbook: str
    slug: str
    client: str | None = None
    status: str = "error"  # ok | skipped | error
    message: str | None = None
    pdf: str | None = None
    json: str | None = None
    html: str | None = None
    sha256: str | None = None
    recipients: tuple[str, ...] = ()
    contact: str | None = None
    language: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    summary: str | None = None
    inputs: Mapping[str, Any] | None = None  # what the incremental build compares next time

    @property
    def built(self) -> bool:
        """The build wrote a report for this client."""
        return self.status in ("ok", "skipped") and bool(self.pdf)

    def to_dict(self) -> dict[str, Any]:
        return {
            "workbook": self.workbook,
            "slug": self.slug,
            "client": self.client,
            "status": self.status,
            "message": self.message,
            "pdf": self.pdf,
            "json": self.json,
            "html": self.html,
            "sha256": self.sha256,
            "recipients": list(self.recipients),
            "contact": self.contact,
            "language": self.language,
            "pages": self.pages,
            "seconds": self.seconds,
            "summary": self.summary,
            "inputs": dict(self.inputs) if self.inputs is not None else None,
        }

    @classmethod
    def from_dict(cls, item: Any, index: int = 0, where: str = "") -> ManifestEntry:
        """One entry of ``clients``; ``where`` (the manifest's path) locates the error if it is unusable."""
        if not isinstance(item, dict) or not isinstance(item.get("slug"), str) or not item.get("slug"):
            raise ManifestError(Problem(where, _("clients[{index}] has no slug").format(index=index)))
        if not _SLUG.fullmatch(item["slug"]):  # it names the outbox file: never a path, whatever it says
            raise ManifestError(Problem(where, _(
                "clients[{index}]: the slug {slug} is not a file name reporter build writes (a–z, 0–9 and -)"
            ).format(index=index, slug=repr(item["slug"][:80]))))
        recipients = item.get("recipients") or []
        if isinstance(recipients, str):
            recipients = [recipients]
        pages = item.get("pages")
        seconds = item.get("seconds")
        inputs = item.get("inputs")
        return cls(
            workbook=str(item.get("workbook") or ""),
            slug=item["slug"],
            client=_str(item.get("client")),
            status=str(item.get("status") or "error"),
            message=_str(item.get("message")),
            pdf=_str(item.get("pdf")),
            json=_str(item.get("json")),
            html=_str(item.get("html")),
            sha256=_str(item.get("sha256")),
            recipients=tuple(str(r) for r in recipients) if isinstance(recipients, list | tuple) else (),
            contact=_str(item.get("contact")),
            language=_str(item.get("language")),
            pages=pages if isinstance(pages, int) and not isinstance(pages, bool) else None,
            seconds=float(seconds) if isinstance(seconds, int | float) and not isinstance(seconds, bool) else 0.0,
            summary=_str(item.get("summary")),
            inputs=dict(inputs) if isinstance(inputs, dict) else None,
        )


@dataclass(frozen=True)
class Manifest:
    """``OUT/<YYYY-MM>/manifest.json``: the month's clients in order, and the agency overview's record."""

    month: str
    tool_version: str
    generated_at: str
    clients: tuple[ManifestEntry, ...] = ()
    overview: Mapping[str, Any] | None = None  # pdf, sha256, pages, fingerprint of _overview.pdf

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "month": self.month,
            "tool_version": self.tool_version,
            "generated_at": self.generated_at,
            "clients": [entry.to_dict() for entry in self.clients],
        }
        if self.overview is not None:
            data["overview"] = dict(self.overview)
        return data

    def write(self, path: Path) -> None:
        atomic_write(path, to_json(self.to_dict()))

    @classmethod
    def from_dict(cls, raw: Any, where: str = "", folder: Path | None = None, strict: bool = True) -> Manifest:
        """The manifest in ``raw``; ``folder`` (the month folder) is where every PDF must lie."""
        clients = raw.get("clients") if isinstance(raw, dict) else None
        if not isinstance(clients, list):
            raise ManifestError(Problem(where, _("manifest has no list \"clients\"")))
        entries = []
        for index, item in enumerate(clients):
            try:
                entry = ManifestEntry.from_dict(item, index, where)
                if folder is not None:
                    _check_pdf(entry, index, folder, where)
            except ManifestError:
                if strict:
                    raise
                continue
            entries.append(entry)
        overview = raw.get("overview")
        return cls(
            month=str(raw.get("month") or (folder.name if folder is not None else "")),
            tool_version=str(raw.get("tool_version") or ""),
            generated_at=str(raw.get("generated_at") or ""),
            clients=tuple(entries),
            overview=dict(overview) if isinstance(overview, dict) else None,
        )

    @classmethod
    def read(cls, path: Path, strict: bool = True) -> Manifest | None:
        """The manifest at ``path``; not strict: None if there is none or it cannot be read at all."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            if not strict:
                return None
            raise ManifestError(Problem(str(path), _(
                "manifest not found: run `reporter build` for this month first"))) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            if not strict:
                return None
            raise ManifestError(Problem(str(path), _("cannot read the manifest: {error}").format(error=exc))) from None
        if not strict and not isinstance(raw, dict):
            return None
        try:
            return cls.from_dict(raw, str(path), path.parent, strict)
        except ManifestError:
            if strict:
                raise
            return None


def _check_pdf(entry: ManifestEntry, index: int, folder: Path, where: str) -> None:
    if entry.pdf and not (folder / entry.pdf).resolve().is_relative_to(folder.resolve()):
        raise ManifestError(Problem(where, _("clients[{index}]: PDF {pdf} lies outside the month folder")
                                    .format(index=index, pdf=repr(entry.pdf))))
