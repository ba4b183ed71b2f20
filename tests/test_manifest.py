"""The manifest schema (reporter/manifest.py): one code path writes and reads OUT/<YYYY-MM>/manifest.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reporter.manifest import Manifest, ManifestEntry, ManifestError
from reporter.model import MailError

MONTH = "2026-10"

# A manifest as the batch wrote it before reporter/manifest.py existed (shortened from `build sample_inputs`).
OLD = {
    "month": MONTH,
    "tool_version": "0.1.0",
    "generated_at": "2026-12-05T09:25:09+00:00",
    "clients": [
        {
            "workbook": "/in/dachdecker.xlsx",
            "slug": "dachdecker-kraemer",
            "client": "Dachdeckerei Krämer GmbH",
            "status": "ok",
            "message": None,
            "pdf": "dachdecker-kraemer.pdf",
            "json": "dachdecker-kraemer.json",
            "html": None,
            "sha256": "3d" * 32,
            "recipients": ["inhaber@kraemer-dach.example", "buero@kraemer-dach.example"],
            "contact": "Herr Krämer",
            "language": "de",
            "pages": 9,
            "seconds": 1.28,
            "summary": "Ihr Marketing hat eine klare Aufgabe: Anfragen gewinnen.",
            "inputs": {"fingerprint": "7b" * 32, "workbook_sha256": "57" * 32, "logo": None, "month_option": None},
        },
        {
            "workbook": "/in/kaputt.xlsx",
            "slug": "kaputt",
            "client": None,
            "status": "error",
            "message": "kaputt.xlsx: the file cannot be read",
            "pdf": None,
            "json": None,
            "html": None,
            "sha256": None,
            "recipients": [],
            "contact": None,
            "language": None,
            "pages": None,
            "seconds": 0.0,
            "summary": None,
            "inputs": None,
        },
    ],
    "overview": {"pdf": "_overview.pdf", "sha256": "39" * 32, "pages": 1, "fingerprint": "c6" * 32},
}


def _written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / MONTH / "manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_round_trip_write_read_to_dict(tmp_path: Path) -> None:
    entry = ManifestEntry(workbook="/in/a.xlsx", slug="alpha", client="Alpha", status="ok", pdf="alpha.pdf",
                          json="alpha.json", sha256="ab" * 32, recipients=("a@alpha.example",), language="en",
                          pages=3, seconds=0.5, summary="S", inputs={"fingerprint": "f", "month_option": None})
    manifest = Manifest(MONTH, "0.1.0", "2026-11-01T00:00:00+00:00", (entry,), {"pdf": "_overview.pdf"})
    path = tmp_path / MONTH / "manifest.json"
    path.parent.mkdir()
    manifest.write(path)
    again = Manifest.read(path)
    assert again == manifest
    assert again is not None
    assert again.to_dict() == manifest.to_dict() == json.loads(path.read_text("utf-8"))


def test_a_manifest_written_before_the_schema_is_read_and_written_back_unchanged(tmp_path: Path) -> None:
    path = _written(tmp_path, json.dumps(OLD, ensure_ascii=False, indent=2))
    manifest = Manifest.read(path)
    assert manifest is not None
    assert json.dumps(manifest.to_dict()) == json.dumps(OLD), "same keys, same order, same values"
    assert [e.built for e in manifest.clients] == [True, False]
    assert manifest.clients[0].recipients == ("inhaber@kraemer-dach.example", "buero@kraemer-dach.example")


def test_without_an_overview_the_key_is_left_out() -> None:
    data = dict(OLD)
    del data["overview"]
    assert list(Manifest.from_dict(data).to_dict()) == ["month", "tool_version", "generated_at", "clients"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{ not json", r"manifest.json: cannot read the manifest"),
        ('["a list"]', r'manifest.json: manifest has no list "clients"'),
        ('{"clients": [{"status": "ok"}]}', r"manifest.json: clients\[0\] has no slug"),
        ('{"clients": [{"slug": "../x"}]}', r"manifest.json: clients\[0\]: the slug '../x' is not a file name"),
        ('{"clients": [{"slug": "x", "pdf": "../../secret.pdf"}]}', "lies outside the month folder"),
    ],
)
def test_a_corrupt_or_foreign_manifest_is_a_located_error(tmp_path: Path, text: str, message: str) -> None:
    path = _written(tmp_path, text)
    with pytest.raises(ManifestError, match=message) as caught:
        Manifest.read(path)
    assert isinstance(caught.value, MailError), "reporter send stops on it as before"
    tolerant = Manifest.read(path, strict=False)  # the batch's reading: nothing usable, so all is rebuilt
    assert tolerant is None or tolerant.clients == ()


def test_a_missing_manifest_is_located(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="manifest not found: run `reporter build`"):
        Manifest.read(tmp_path / MONTH / "manifest.json")
    assert Manifest.read(tmp_path / MONTH / "manifest.json", strict=False) is None


def test_the_batch_reading_drops_unusable_entries_and_keeps_the_rest(tmp_path: Path) -> None:
    data = json.loads(json.dumps(OLD))
    data["clients"].insert(0, "not an entry")
    manifest = Manifest.read(_written(tmp_path, json.dumps(data)), strict=False)
    assert manifest is not None
    assert [e.slug for e in manifest.clients] == ["dachdecker-kraemer", "kaputt"]
