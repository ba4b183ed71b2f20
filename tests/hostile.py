"""Generators of hostile client workbooks: every field attacked, written into a folder at test time.

Nothing here is committed as a binary: each case is a small function that writes its file (and, where
the attack needs one, a logo beside it) from an ordinary workbook made with openpyxl, then rewrites XML parts
or the zip container the way a hostile tool could. Big files (a 300 MB sheet, 100,000 rows, a million cells in
one row) are streamed into the zip in chunks, so generating them costs about a second and little memory.

Each :class:`Case` states what ``reporter check`` and ``reporter build`` must make of it: an error (with words
the message must contain) or a clean pass / a safe report. ``tests/test_hostile.py`` runs the CLI over them.

Run by hand to see time and peak memory per file (the numbers of docs/security.md)::

    python tests/hostile.py [FOLDER]
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import socket
import struct
import sys
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workbooks import kpi, make_workbook, measure  # noqa: E402

CANARY = "CANARY-7f3a9c-SECRET"  # the content of the "private" files no output may ever contain
MONTH = "2026-10"
PAYLOAD = (
    '<script>alert("x")</script><img src=x onerror=alert(1)><style>*{{display:none}}</style>'
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/a.css"><iframe src="file:///etc/passwd"></iframe>'
    "url(http://127.0.0.1:{port}/b) {{{{ 7*7 }}}} {{% raw %}} ]]> &amp; ' \""
)


@dataclass(frozen=True)
class Env:
    """What the attacks aim at: a private folder outside the corpus and a local port that counts visitors."""

    secret: Path  # canary.txt, canary.svg, canary.png — must never appear in any output
    port: int

    @property
    def canary_svg(self) -> Path:
        return self.secret / "canary.svg"

    @property
    def canary_txt(self) -> Path:
        return self.secret / "canary.txt"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path, Env], Path]
    check: str  # "error" | "ok" (warnings allowed)
    build: str  # "error" | "report" | "either" (the engine may ignore or refuse a reference, never follow it)
    says: tuple[str, ...] = ()  # words in this file's check messages (or build message when check is ok)
    attack: str = ""
    slug: str | None = None  # the start of the report's file name, when one is built

    def __post_init__(self) -> None:
        assert self.check in ("error", "ok")
        assert self.build in ("error", "report", "either")
        assert self.check == "ok" or self.build == "error"


# ---- helpers -----------------------------------------------------------------------------------------------

GOOD_KPIS = [
    kpi("Kontaktanfragen", [20 + i for i in range(13)], target=30, channel="Website", unit="Anzahl"),
    kpi("Website-Besuche", [1000 + 50 * i for i in range(13)], channel="Website", unit="Anzahl"),
]


def workbook(folder: Path, name: str, *, client: dict[str, Any] | None = None, **kw: Any) -> Path:
    """An ordinary, valid workbook for case ``name`` (its Kürzel is the case name, so slugs never collide)."""
    values = {"Kunde": f"Hostile {name}", "Kürzel": name, **(client or {})}
    kw.setdefault("kpis", GOOD_KPIS)
    kw.setdefault("last_month", MONTH)
    return make_workbook(folder / f"{name}.xlsx", client=values, **kw)


def rewrite(
    path: Path,
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    stream: dict[str, Callable[[], Iterable[bytes]]] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Rewrite parts of an xlsx: ``change`` edits a part's bytes, ``stream`` replaces a part by chunks written
    straight into the zip (for parts of hundreds of MB), ``add`` adds parts."""
    change, stream, add = change or {}, stream or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename in stream:
                info = zipfile.ZipInfo(item.filename, item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with target.open(info, "w") as out:
                    for chunk in stream[item.filename]():
                        out.write(chunk)
                continue
            data = source.read(item.filename)
            if item.filename in change:
                data = change[item.filename](data)
            target.writestr(item.filename, data, zipfile.ZIP_DEFLATED)
        for name, data in add.items():
            target.writestr(name, data)
    return path


def replace_in(old: str, new: str) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        text = data.decode("utf-8")
        assert old in text, f"{old!r} not in part"
        return text.replace(old, new, 1).encode("utf-8")

    return edit


def before_root(prolog: str) -> Callable[[bytes], bytes]:
    """Insert ``prolog`` (a DOCTYPE, after a long comment) between the XML declaration and the root."""

    def edit(data: bytes) -> bytes:
        text = data.decode("utf-8")
        end = text.index("?>") + 2 if text.startswith("<?xml") else 0
        return (text[:end] + prolog + text[end:]).encode("utf-8")

    return edit


@dataclass(frozen=True)
class Repeated:
    """``count`` copies of one ``row`` for :func:`sheet_rows`: the same chunks as the rows one by one give, made
    without a Python step per row (millions of rows)."""

    row: str
    count: int

    def chunks(self) -> Iterator[bytes]:
        per_chunk = 1_000_000 // len(self.row) + 1  # the first count of rows whose size passes 1 MB
        full, rest = divmod(self.count, per_chunk)
        chunk = (self.row * per_chunk).encode()
        for _ in range(full):
            yield chunk
        yield (self.row * rest).encode()


def sheet_rows(
    rows: Iterable[str] | Repeated, head: str, tail: str = "</sheetData></worksheet>"
) -> Callable[[], Iterator[bytes]]:
    """A worksheet part as a stream: ``head`` (up to and including <sheetData>), rows in 1 MB chunks, tail."""

    def chunks() -> Iterator[bytes]:
        yield head.encode()
        if isinstance(rows, Repeated):
            yield from rows.chunks()
            yield tail.encode()
            return
        buffer: list[str] = []
        size = 0
        for row in rows:
            buffer.append(row)
            size += len(row)
            if size > 1_000_000:
                yield "".join(buffer).encode()
                buffer, size = [], 0
        yield "".join(buffer).encode()
        yield tail.encode()

    return chunks


SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
KPI_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Kennzahl</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>2026-09</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>2026-10</t></is></c></row>'
)


def kpi_sheet_member(path: Path) -> str:
    """The part name of the Kennzahlen sheet in a workbook written by :func:`workbook`."""
    return "xl/worksheets/sheet2.xml"


def bomb_prolog(root: str, env: Env, *, external: bool = False, pad: int = 5000) -> str:
    """A long comment (past any "look at the first 4 kB" check), then a DOCTYPE with an entity bomb or XXE."""
    if external:
        entities = f'<!ENTITY xxe SYSTEM "file://{env.canary_txt}">'
    else:
        entities = '<!ENTITY a0 "lollollollollol">' + "".join(
            f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        )
    return f"<!-- {'x' * pad} --><!DOCTYPE {root} [{entities}]>"


def svg_logo(folder: Path, name: str, body: str, *, prolog: str = "") -> str:
    file = f"{name}.svg"
    (folder / file).write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40" viewBox="0 0 120 40">'
        f'<rect width="120" height="40" fill="#2a6"/>{body}</svg>',
        encoding="utf-8",
    )
    return file


def raw_zip_patch(path: Path, member: str, *, file_size: int | None = None, flags: int | None = None) -> Path:
    """Lie in the zip's own headers about one member: its size, or its flags (bit 0: encrypted)."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    name = member.encode()
    # The end record says where the central directory starts; its entries are then found by name.
    central = data.index(b"PK\x01\x02", struct.unpack_from("<I", data, data.rindex(b"PK\x05\x06") + 16)[0])
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    if file_size is not None:
        struct.pack_into("<I", data, local + 22, file_size)
        struct.pack_into("<I", data, central + 24, file_size)
    if flags is not None:
        struct.pack_into("<H", data, local + 6, flags)
        struct.pack_into("<H", data, central + 8, flags)
    path.write_bytes(bytes(data))
    return path


# ---- the cases ---------------------------------------------------------------------------------------------


def make_inject_text(folder: Path, env: Env) -> Path:
    payload = PAYLOAD.format(port=env.port)
    return workbook(
        folder,
        "inject-text",
        client={
            "Kunde": f"Evil {payload} GmbH\r\nBcc: evil@attacker.example",
            "Ansprechpartner": f"Herr {payload}\r\nBcc: evil@attacker.example",
            "Kommentar": f"Kommentar {payload}\nZweite Zeile {payload}",
        },
        kpis=[
            kpi(
                f"Kontaktanfragen {payload}",
                [20 + i for i in range(13)],
                target=30,
                channel="Website",
                source=f"GA4 {payload}",
                measure=f"Relaunch {payload}",
            ),
            kpi(f"Impressionen {payload}", [1000 + 50 * i for i in range(13)], channel="Social Media"),
        ],
        measures=[
            measure(
                f"Relaunch {payload}",
                discipline="Website",
                status="aktiv",
                landing_page="https://example.com/a?b=c&d=%3Cscript%3E",
                note=f"Notiz {payload}",
            ),
        ],
    )


def make_inject_landing(folder: Path, env: Env) -> Path:
    return workbook(
        folder,
        "inject-landing",
        measures=[
            measure("A", discipline="Website", landing_page="javascript:alert(document.cookie)"),
            measure("B", discipline="Website", landing_page="file:///etc/passwd"),
            measure(
                "C", discipline="Website", landing_page='https://example.com/"><script>alert(1)</script>'
            ),
            measure("D", discipline="Website", landing_page="data:text/html,<script>alert(1)</script>"),
        ],
    )


def make_landing_internal(folder: Path, env: Env) -> Path:
    return workbook(
        folder,
        "landing-internal",
        measures=[
            measure(
                "Metadaten", discipline="Website", landing_page="http://169.254.169.254/latest/meta-data/"
            ),
            measure("Lokal", discipline="Website", landing_page=f"http://127.0.0.1:{env.port}/trap"),
        ],
    )


def make_colours(folder: Path, env: Env) -> Path:
    return workbook(
        folder,
        "colours",
        client={
            "Primärfarbe": "url(file:///etc/passwd)",
            "Akzentfarbe": f"#ffffff;background:url(http://127.0.0.1:{env.port}/c)",
        },
    )


def logo_case(name: str, logo: Callable[[Path, Env], str], says: str, attack: str) -> Case:
    def make(folder: Path, env: Env) -> Path:
        return workbook(folder, name, client={"Logo": logo(folder, env)})

    return Case(name, make, "error", "error", ("Kunde!", says), attack)


def symlinked(folder: Path, env: Env) -> str:
    link = folder / "logo-symlink.svg"
    link.unlink(missing_ok=True)
    link.symlink_to(env.canary_svg)
    return link.name


def passwd_as_png(folder: Path, env: Env) -> str:
    (folder / "logo-fake.png").write_text(f"root:x:0:0:{CANARY}\n")
    return "logo-fake.png"


def png_of(width: int, height: int) -> Callable[[Path, Env], str]:
    """A 1-bit PNG of ``width`` × ``height`` pixels: a few kB on disk, gigabytes once decoded."""

    def logo(folder: Path, env: Env) -> str:
        name = f"pixels-{width}x{height}.png"
        (folder / name).write_bytes(blank_png(width, height))
        return name

    return logo


def blank_png(width: int, height: int) -> bytes:
    """A black 1-bit PNG: the bytes Pillow writes for ``Image.new("1", (width, height)).save(optimize=True)``
    (zlib level 9 and memLevel 9, filter 0 on every row, the data in one IDAT chunk as Pillow's is for the sizes
    used here; tests/test_hostile.py compares), without Pillow's byte per pixel: 900 MB and 1.5 s of CPU for the
    30,000 × 30,000 logo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9, zlib.DEFLATED, 15, 9)
    row = bytes(1 + (width + 7) // 8)  # the filter byte, then the pixels, all 0
    rows = [compressor.compress(row * min(1024, height - start)) for start in range(0, height, 1024)]
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, grey, deflate, no interlace
    idat = b"".join([*rows, compressor.flush()])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def svg_case(
    name: str,
    body: Callable[[Env], str],
    check: str,
    build: str,
    says: tuple[str, ...],
    attack: str,
    prolog: Callable[[Env], str] | None = None,
) -> Case:
    def make(folder: Path, env: Env) -> Path:
        logo = svg_logo(folder, name, body(env), prolog=prolog(env) if prolog else "")
        return workbook(folder, name, client={"Logo": logo})

    return Case(name, make, check, build, says, attack)


def recipients_case(name: str, value: str, attack: str) -> Case:
    def make(folder: Path, env: Env) -> Path:
        return workbook(folder, name, client={"Empfänger": value})

    return Case(name, make, "error", "error", ("Kunde!B5",), attack)


SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(path: Path, prolog: str, text: str) -> Path:
    """Move the first KPI name into a shared-strings part (openpyxl itself writes inline strings), with
    ``prolog`` before its root: the part openpyxl parses as a whole when it opens the file."""
    return rewrite(
        path,
        change={
            "xl/worksheets/sheet2.xml": replace_in(
                '<c r="A2" t="inlineStr"><is><t>Kontaktanfragen</t></is></c>', '<c r="A2" t="s"><v>0</v></c>'
            ),
            "[Content_Types].xml": replace_in(
                "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/></Types>'
            ),
            "xl/_rels/workbook.xml.rels": replace_in(
                "</Relationships>",
                f'<Relationship Id="rIdSST" Type="{SST_REL}" Target="sharedStrings.xml"/></Relationships>',
            ),
        },
        add={
            "xl/sharedStrings.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?>{prolog}{SST}<si><t>{text}</t></si></sst>'
            ).encode()
        },
    )


def make_entity(
    part: str, root: str, *, external: bool = False, front: bool = False
) -> Callable[[Path, Env], Path]:
    """A workbook whose ``part`` declares an entity bomb (or an external entity) and uses it."""
    stem = part.rsplit("/", 1)[-1].split(".")[0]
    name = f"{'xxe' if external else 'entity-bomb'}-{stem.lower()}{'-front' if front else ''}"

    def make(folder: Path, env: Env) -> Path:
        path = workbook(folder, name)
        use = "&xxe;" if external else "&a9;"
        prolog = bomb_prolog(root, env, external=external, pad=0 if front else 5000)
        if part == "xl/sharedStrings.xml":
            return with_shared_strings(path, prolog, f"Kontaktanfragen {use}")
        if part.startswith("xl/worksheets/"):
            cell = f'<row r="30"><c r="A30" t="inlineStr"><is><t>{use}</t></is></c></row>'
            edits = [before_root(prolog), replace_in("</sheetData>", cell + "</sheetData>")]
        else:
            edits = [before_root(prolog)]

        def apply(data: bytes) -> bytes:
            for edit in edits:
                data = edit(data)
            return data

        return rewrite(path, change={part: apply})

    make.__name__ = name
    return make


def make_xxe_utf16(folder: Path, env: Env) -> Path:
    path = workbook(folder, "xxe-utf16")

    def to_utf16(data: bytes) -> bytes:
        text = data.decode("utf-8").replace("Kontaktanfragen", "Kontaktanfragen &xxe;", 1)
        prolog = f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{env.canary_txt}">]>'
        return (prolog + text).encode("utf-16")

    return rewrite(path, change={"xl/worksheets/sheet2.xml": to_utf16})


def make_zip_bomb(folder: Path, env: Env) -> Path:
    """A 1 GB member of zeros (about 1 MB compressed) beside an ordinary workbook."""
    path = workbook(folder, "zip-bomb")

    def zeros() -> Iterator[bytes]:
        chunk = bytes(8 << 20)
        for _ in range(128):
            yield chunk

    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/media/image1.png", "w") as out:
            for chunk in zeros():
                out.write(chunk)
    return path


def make_zip_liar(folder: Path, env: Env) -> Path:
    """The Kennzahlen sheet really inflates to 84 MB, but the zip headers claim 2 kB (beats size checks)."""
    path = workbook(folder, "zip-liar")
    member = "xl/worksheets/sheet2.xml"
    rows = Repeated("<row><c><v>1</v></c></row>", 4_000_000)
    rewrite(path, stream={member: sheet_rows(rows, SHEET_HEAD + KPI_HEADER_ROW)})
    return raw_zip_patch(path, member, file_size=2048)


def make_zip_encrypted_member(folder: Path, env: Env) -> Path:
    path = workbook(folder, "zip-encrypted-member")
    return raw_zip_patch(path, "xl/worksheets/sheet1.xml", flags=0x1)


def make_zip_many_members(folder: Path, env: Env) -> Path:
    path = workbook(folder, "zip-many-members")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        for i in range(12_000):
            archive.writestr(f"xl/media/x{i}.bin", b"")
    return path


def make_sheet_300mb(folder: Path, env: Env) -> Path:
    """300 MB of sheet XML (highly compressible rows) in a file of about 1 MB."""
    path = workbook(folder, "sheet-300mb")
    row = '<row><c t="inlineStr"><is><t>Kontaktanfragen</t></is></c><c><v>1</v></c><c><v>2</v></c></row>'
    rows = Repeated(row, 300_000_000 // len(row))
    return rewrite(path, stream={"xl/worksheets/sheet2.xml": sheet_rows(rows, SHEET_HEAD + KPI_HEADER_ROW)})


def make_rows_100k(folder: Path, env: Env) -> Path:
    path = workbook(folder, "rows-100k")
    rows = (
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>KPI {r}</t></is></c><c r="B{r}"><v>{r % 97}</v></c>'
        f'<c r="C{r}"><v>{r % 89}</v></c></row>'
        for r in range(2, 100_002)
    )
    return rewrite(path, stream={"xl/worksheets/sheet2.xml": sheet_rows(rows, SHEET_HEAD + KPI_HEADER_ROW)})


def make_wide_row(folder: Path, env: Env) -> Path:
    """One row of a million cells without references, varied enough to pass the compression-ratio check."""
    path = workbook(folder, "wide-row")
    rng = random.Random(8)

    def rows() -> Iterator[str]:
        cells = "".join(  # every 20th of a million cells random
            f"<c><v>{rng.randrange(10**6)}</v></c>" + "<c><v>1</v></c>" * 19 for _ in range(50_000)
        )
        yield f'<row r="2"><c t="inlineStr"><is><t>Kontaktanfragen</t></is></c>{cells}</row>'

    return rewrite(path, stream={"xl/worksheets/sheet2.xml": sheet_rows(rows(), SHEET_HEAD + KPI_HEADER_ROW)})


def make_giant_cell(folder: Path, env: Env) -> Path:
    """One inline string of 150 MB (varied enough to pass the ratio check) as a KPI name."""
    path = workbook(folder, "giant-cell")
    rng = random.Random(9)

    def rows() -> Iterator[str]:
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = "".join(rng.choice("abcdefghij") + "a" * 99 for _ in range(10_000))  # 1,000,000 characters
        for _ in range(150):
            yield block
        yield '</t></is></c><c r="B2"><v>1</v></c><c r="C2"><v>2</v></c></row>'

    return rewrite(path, stream={"xl/worksheets/sheet2.xml": sheet_rows(rows(), SHEET_HEAD + KPI_HEADER_ROW)})


def after_rows(
    name: str, tag: str, item: Callable[[random.Random], str], count: int
) -> Callable[[Path, Env], Path]:
    """A valid workbook whose Kennzahlen sheet carries ``count`` ``item``s in a ``tag`` list after its rows,
    varied enough to pass the compression-ratio check."""

    def make(folder: Path, env: Env) -> Path:
        path = workbook(folder, name)
        sheet = zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("xl/worksheets/sheet2.xml").decode()
        head, tail = sheet.split("</sheetData>")
        rng = random.Random(count)

        def chunks() -> Iterator[bytes]:
            yield f"{head}</sheetData><{tag}>".encode()
            for _ in range(count // 50_000):
                yield "".join(item(rng) for _ in range(50_000)).encode()
            yield f"</{tag}>{tail}".encode()

        return rewrite(path, stream={"xl/worksheets/sheet2.xml": chunks})

    return make


def make_rich_text_bomb(folder: Path, env: Env) -> Path:
    """One cell of two million rich-text runs (before the limit: 22 s and 960 MB for a 0.5 MB file)."""
    path = workbook(folder, "rich-text-bomb")
    rng = random.Random(3)

    def rows() -> Iterator[str]:
        yield '<row r="2"><c r="A2" t="inlineStr"><is>'
        for _ in range(20):
            yield "".join(  # every 10th of 100,000 runs random
                f"<r><t>{rng.randrange(100)}</t></r>" + "<r><t>a</t></r>" * 9 for _ in range(10_000)
            )
        yield '</is></c><c r="B2"><v>1</v></c><c r="C2"><v>2</v></c></row>'

    return rewrite(path, stream={"xl/worksheets/sheet2.xml": sheet_rows(rows(), SHEET_HEAD + KPI_HEADER_ROW)})


def bloated_part(
    name: str, part: str, closing: str, item: Callable[[random.Random], str]
) -> Callable[[Path, Env], Path]:
    """A valid workbook whose ``part`` (one openpyxl parses whole) carries a million extra ``item``s before
    its ``closing`` tag: about 50 MB in a 1 MB file (1.5 GB and 14 s for twice as many before the limit)."""

    def make(folder: Path, env: Env) -> Path:
        path = workbook(folder, name)
        head, tail = zipfile.ZipFile(io.BytesIO(path.read_bytes())).read(part).decode().rsplit(closing, 1)
        rng = random.Random(4)

        def chunks() -> Iterator[bytes]:
            yield head.encode()
            for _ in range(20):
                yield "".join(item(rng) for _ in range(50_000)).encode()
            yield (closing + tail).encode()

        return rewrite(path, stream={part: chunks})

    return make


def make_chart_bomb(folder: Path, env: Env) -> Path:
    """A chart sheet whose chart carries 400,000 axes (before the limit: 18 s and 1.2 GB for 0.5 MB)."""
    from openpyxl.chart import BarChart, Reference

    path = workbook(folder, "chart-bomb")
    wb = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(wb["Kennzahlen"], min_col=10, min_row=2, max_col=22, max_row=3))
    wb.create_chartsheet("Diagramm").add_chart(chart)
    wb.save(path)
    head, tail = zipfile.ZipFile(path).read("xl/charts/chart1.xml").decode().split("</plotArea>", 1)
    rng = random.Random(2)
    axis = '<valAx><axId val="{}"/><scaling/><axPos val="l"/><crossAx val="1"/></valAx>'

    def chunks() -> Iterator[bytes]:
        yield head.encode()
        for _ in range(20):
            yield "".join(
                axis.format(rng.randrange(10**6) if rng.random() < 0.1 else 9) for _ in range(20_000)
            ).encode()
        yield ("</plotArea>" + tail).encode()

    return rewrite(path, stream={"xl/charts/chart1.xml": chunks})


def make_dimension(folder: Path, env: Env) -> Path:
    path = workbook(folder, "dimension-xfd")

    def claim(data: bytes) -> bytes:
        text, count = re.subn(
            r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', data.decode()
        )
        assert count == 1
        return text.encode()

    return rewrite(path, change={"xl/worksheets/sheet2.xml": claim})


def make_far_cell(folder: Path, env: Env) -> Path:
    """A single cell in the last column (XFD = 16,384) of the Kennzahlen sheet."""
    path = workbook(folder, "far-cell")
    return rewrite(
        path,
        change={
            "xl/worksheets/sheet2.xml": replace_in(
                "</row>", '<c r="XFD1" t="inlineStr"><is><t>2026-11</t></is></c></row>'
            )
        },
    )


def make_nan_inf(folder: Path, env: Env) -> Path:
    path = workbook(folder, "numbers-nan-inf")
    return rewrite(
        path,
        change={
            "xl/worksheets/sheet2.xml": lambda d: replace_in("<v>32</v>", "<v>NaN</v>")(
                replace_in("<v>31</v>", "<v>INF</v>")(replace_in("<v>30</v>", "<v>-1e999</v>")(d))
            )
        },
    )


def make_huge_numbers(folder: Path, env: Env) -> Path:
    return workbook(
        folder,
        "numbers-1e308",
        kpis=[
            kpi("Kontaktanfragen", [20] * 11 + [1e308, -1e308], target=1e308, channel="Website"),
            kpi("Umsatz", [5e-324] * 12 + ["1e308"], unit="€"),
        ],
    )


def make_dates_extreme(folder: Path, env: Env) -> Path:
    path = workbook(
        folder,
        "dates-extreme",
        measures=[
            measure("Alt", discipline="SEO", start=dt.datetime(1900, 1, 1), end=dt.datetime(9999, 12, 31)),
            measure("Text", discipline="SEO", start="00.00.0000", end="31.12.9999"),
        ],
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["Kennzahlen"]
    ws["J1"] = dt.datetime(1900, 1, 1)
    ws["K1"] = dt.datetime(9999, 12, 1)
    ws["L1"] = -5
    ws["L1"].number_format = "yyyy-mm-dd"
    ws["M1"] = 1e10
    ws["M1"].number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def make_formulas(folder: Path, env: Env) -> Path:
    return workbook(
        folder,
        "formulas-uncached",
        client={"Kunde": '=A1&"GmbH"', "Empfänger": "=B2"},
        kpis=[
            kpi("Kontaktanfragen", [20] * 12 + ["=SUM(J2:U2)"], target="=1/0", channel="Website"),
            kpi('=HYPERLINK("http://127.0.0.1","x")', [1] * 13),
        ],
    )


def make_merged(folder: Path, env: Env) -> Path:
    path = workbook(folder, "merged-header")
    wb = openpyxl.load_workbook(path)
    ws = wb["Kennzahlen"]
    ws.merge_cells("A1:C1")  # Kennzahl, Kanal, Einheit in one merged header
    ws.merge_cells("U1:V1")  # the last two months under one header
    wb["Kunde"].merge_cells("A2:B2")
    wb.save(path)
    return path


def make_hidden(folder: Path, env: Env) -> Path:
    path = workbook(folder, "hidden-sheets")
    wb = openpyxl.load_workbook(path)
    wb["Kennzahlen"].sheet_state = "hidden"
    wb["Maßnahmen"].sheet_state = "veryHidden"
    wb.save(path)
    return path


def make_hidden_decoy(folder: Path, env: Env) -> Path:
    """A second, very hidden Kennzahlen sheet with other numbers than the visible one."""
    path = workbook(folder, "hidden-decoy")
    wb = openpyxl.load_workbook(path)
    decoy = wb.copy_worksheet(wb["Kennzahlen"])
    decoy.title = "KPIs"
    decoy.sheet_state = "veryHidden"
    wb.save(path)
    return path


def make_encrypted(folder: Path, env: Env) -> Path:
    """The start of an OLE compound file as Excel writes it for a password-protected workbook."""
    path = folder / "encrypted.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(
        header
        + "EncryptionInfo".encode("utf-16-le")
        + bytes(64)
        + "EncryptedPackage".encode("utf-16-le")
        + os.urandom(4096)
    )
    return path


def make_legacy_xls(folder: Path, env: Env) -> Path:
    path = folder / "legacy-ole.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(512)
    )
    return path


def raw_file(name: str, content: Callable[[], bytes]) -> Callable[[Path, Env], Path]:
    def make(folder: Path, env: Env) -> Path:
        path = folder / name
        path.write_bytes(content())
        return path

    return make


def zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("docProps/app.xml", "<Properties/>")
        archive.writestr("readme.txt", "nothing here")
    return buffer.getvalue()


def content_types_only() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    return buffer.getvalue()


def make_truncated(folder: Path, env: Env) -> Path:
    path = workbook(folder, "truncated")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def long_text_case(name: str, client: dict[str, str] | None = None, kpis: Any = None, says: str = "") -> Case:
    def make(folder: Path, env: Env) -> Path:
        kw = {"kpis": kpis} if kpis else {}
        return workbook(folder, name, client=client, **kw)

    return Case(name, make, "error", "error", (says, "too long"), "a 100,000-character string")


def slug_case(name: str, kuerzel: str, slug: str) -> Case:
    def make(folder: Path, env: Env) -> Path:
        return workbook(folder, name, client={"Kürzel": kuerzel, "Kunde": f"Slug {name}"})

    return Case(name, make, "ok", "report", (), f"Kürzel {kuerzel!r}", slug=slug)


def collide(name: str) -> Case:
    def make(folder: Path, env: Env) -> Path:
        return workbook(folder, name, client={"Kürzel": "gleich", "Kunde": f"Kollision {name}"})

    return Case(
        name,
        make,
        "ok",
        "error" if name.endswith("b") else "either",
        ("gleich",),
        "two workbooks with the same Kürzel",
        slug="gleich",
    )


LONG = "x" * 100_000
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

CASES: list[Case] = [
    # -- text from the workbook into HTML, CSS, SVG charts, PDF, e-mail --------------------------------------
    Case(
        "inject-text",
        make_inject_text,
        "ok",
        "report",
        (),
        "HTML, CSS, script, template syntax and CR/LF in every free-text cell",
    ),
    Case(
        "inject-landing",
        make_inject_landing,
        "error",
        "error",
        ("Maßnahmen!F2", "Maßnahmen!F3", "Maßnahmen!F4", "Maßnahmen!F5", "is not a web address"),
        "javascript:, file:, data: and quote-breaking landing pages",
    ),
    Case(
        "landing-internal",
        make_landing_internal,
        "ok",
        "report",
        (),
        "landing pages at internal addresses (shown as text, never fetched)",
    ),
    Case("colours", make_colours, "error", "error", ("is not a colour",), "url() and CSS in brand colours"),
    # -- logo paths ------------------------------------------------------------------------------------------
    logo_case(
        "logo-climb",
        lambda f, e: "../secret/canary.svg",
        "outside the workbook's folder",
        "logo path climbing out of the folder",
    ),
    logo_case(
        "logo-passwd",
        lambda f, e: "../../../../../../../../etc/passwd",
        "outside the workbook's folder",
        "../../etc/passwd as logo",
    ),
    logo_case("logo-absolute", lambda f, e: "/etc/passwd", "is an absolute path", "absolute logo path"),
    logo_case(
        "logo-absolute-secret",
        lambda f, e: str(e.canary_svg),
        "is an absolute path",
        "absolute path to a private image",
    ),
    logo_case("logo-file-url", lambda f, e: "file:///etc/passwd", "is a web address or URL", "file:// logo"),
    logo_case("logo-css-url", lambda f, e: "url(file:///etc/passwd)", "file not found", "CSS url() as logo"),
    logo_case(
        "logo-http-local",
        lambda f, e: f"http://127.0.0.1:{e.port}/logo.png",
        "is a web address or URL",
        "logo URL at localhost",
    ),
    logo_case(
        "logo-metadata",
        lambda f, e: "http://169.254.169.254/latest/meta-data/",
        "is a web address or URL",
        "logo URL at the cloud metadata address",
    ),
    logo_case("logo-unc", lambda f, e: "\\\\127.0.0.1\\share\\logo.png", "is an absolute path", "UNC path"),
    logo_case(
        "logo-windows", lambda f, e: "C:\\Windows\\win.ini", "is an absolute path", "Windows drive path"
    ),
    logo_case("logo-home", lambda f, e: "~/.ssh/id_rsa", "is an absolute path", "home-folder path"),
    logo_case(
        "logo-pixel-bomb", png_of(12_000, 12_000), "12,000 × 12,000 pixels", "a 17 kB PNG of 144 megapixels"
    ),
    logo_case(
        "logo-pixel-bomb-huge", png_of(30_000, 30_000), "30,000 × 30,000 pixels", "a PNG of 900 megapixels"
    ),
    logo_case("logo-symlink", symlinked, "outside the workbook's folder", "symlink beside the workbook"),
    logo_case("logo-fake", passwd_as_png, "is not a PNG, JPEG or SVG image", "a text file named .png"),
    # -- SVG logos beside the workbook: the PDF engine must not follow them anywhere -------------------------
    svg_case(
        "svg-file-image",
        lambda e: (
            f'<image href="file:///etc/passwd" width="9" height="9"/>'
            f'<image xlink:href="file://{e.canary_svg}" width="9" height="9"/>'
        ),
        "error",
        "error",
        ("Kunde!B8", "refers to"),
        "SVG logo embedding local files",
    ),
    svg_case(
        "svg-relative-image",
        lambda e: '<image href="../secret/canary.svg" width="9" height="9"/>',
        "error",
        "error",
        ("Kunde!B8", "refers to"),
        "SVG logo embedding a relative path",
    ),
    svg_case(
        "svg-external",
        lambda e: f'<image href="http://127.0.0.1:{e.port}/x.png" width="9" height="9"/>',
        "error",
        "error",
        ("Kunde!B8", "refers to"),
        "SVG logo loading from localhost",
    ),
    svg_case(
        "svg-metadata",
        lambda e: '<image href="http://169.254.169.254/latest/x.png" width="9" height="9"/>',
        "error",
        "error",
        ("Kunde!B8", "refers to"),
        "SVG logo loading from the metadata address",
    ),
    svg_case(
        "svg-css",
        lambda e: (
            f'<style>@import url("file:///etc/passwd"); rect {{ fill: '
            f"url(http://127.0.0.1:{e.port}/f) }}</style>"
        ),
        "error",
        "error",
        ("Kunde!B8", "refers to"),
        "CSS @import and url() inside an SVG logo",
    ),
    svg_case(
        "svg-use",
        lambda e: f'<use href="file://{e.canary_svg}#t"/>',
        "error",
        "error",
        ("Kunde!B8", "refers to"),
        "<use> of a private SVG",
    ),
    svg_case(
        "svg-stylesheet-pi",
        lambda e: '<text y="20">Logo</text>',
        "ok",
        "either",
        ("refused",),
        "an xml-stylesheet instruction to a local address (invisible to the reader; never loaded)",
        prolog=lambda e: f'<?xml-stylesheet type="text/css" href="http://127.0.0.1:{e.port}/s.css"?>',
    ),
    svg_case(
        "svg-script",
        lambda e: (
            '<script>alert(1)</script><a href="javascript:alert(2)"><text y="20" '
            'onload="alert(3)">Logo</text></a>'
        ),
        "ok",
        "report",
        (),
        "script and event handlers in an SVG logo",
    ),
    svg_case(
        "svg-public-dtd",
        lambda e: '<text y="20">Logo</text>',
        "ok",
        "report",
        (),
        "the DOCTYPE Inkscape and Illustrator write, its DTD at a local address (never fetched)",
        prolog=lambda e: (
            f'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://127.0.0.1:{e.port}/svg11.dtd">'
        ),
    ),
    svg_case(
        "svg-deep",
        lambda e: "<g>" * 20_000 + '<rect width="9" height="9"/>' + "</g>" * 20_000,
        "ok",
        "either",
        ("SVG",),
        "20,000 nested groups in an SVG logo",
    ),
    svg_case(
        "svg-huge-canvas",
        lambda e: '<rect width="1e9" height="1e9" fill="red"/>',
        "ok",
        "report",
        (),
        "an SVG logo drawing a rectangle of 10⁹ × 10⁹",
    ),
    svg_case(
        "svg-xxe",
        lambda e: '<text y="20">&xxe;</text>',
        "error",
        "error",
        ("Kunde!B8", "entities"),
        "external entity (XXE) in an SVG logo",
        prolog=lambda e: f'<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{e.canary_txt}">]>',
    ),
    svg_case(
        "svg-bomb",
        lambda e: '<text y="20">&a9;</text>',
        "error",
        "error",
        ("Kunde!B8", "entities"),
        "billion laughs in an SVG logo",
        prolog=lambda e: bomb_prolog("svg", e, pad=0),
    ),
    # -- mail headers ----------------------------------------------------------------------------------------
    recipients_case("recipients-crlf", "a@b.de\r\nBcc: x@y.de", "CR LF and a Bcc header in Empfänger"),
    recipients_case("recipients-lf", "a@b.de\nBcc: x@y.de", "LF and a Bcc header in Empfänger"),
    recipients_case("recipients-header", "a@b.de, Bcc: x@y.de", "a header name as a second recipient"),
    recipients_case(
        "recipients-unicode-break",
        "a@b.de\u2028Bcc: x@y.de\x85Cc: z@y.de",
        "Unicode line separators in Empfänger",
    ),
    recipients_case("recipients-encoded", "a@b.de%0D%0ABcc:x@y.de", "URL-encoded CR LF in Empfänger"),
    recipients_case("recipients-quoted", '"x\r\nBcc: x@y.de" <a@b.de>', "CR LF inside a display name"),
    # -- XML entity attacks ----------------------------------------------------------------------------------
    Case(
        "entity-bomb-sheet1-front",
        make_entity("xl/worksheets/sheet1.xml", "worksheet", front=True),
        "error",
        "error",
        ("DOCTYPE",),
        "billion laughs at the start of a sheet",
    ),
    Case(
        "entity-bomb-sheet2",
        make_entity("xl/worksheets/sheet2.xml", "worksheet"),
        "error",
        "error",
        ("DOCTYPE",),
        "billion laughs after a 5 kB comment (past any first-bytes check)",
    ),
    Case(
        "entity-bomb-sharedstrings",
        make_entity("xl/sharedStrings.xml", "sst"),
        "error",
        "error",
        ("DOCTYPE",),
        "billion laughs in the shared strings, after a long comment",
    ),
    Case(
        "entity-bomb-workbook",
        make_entity("xl/workbook.xml", "workbook"),
        "error",
        "error",
        ("DOCTYPE",),
        "billion laughs in workbook.xml",
    ),
    Case(
        "entity-bomb-styles",
        make_entity("xl/styles.xml", "styleSheet"),
        "error",
        "error",
        ("DOCTYPE",),
        "billion laughs in styles.xml",
    ),
    Case(
        "entity-bomb-content-types",
        make_entity("[Content_Types].xml", "Types"),
        "error",
        "error",
        ("DOCTYPE",),
        "billion laughs in [Content_Types].xml",
    ),
    Case(
        "xxe-sharedstrings",
        make_entity("xl/sharedStrings.xml", "sst", external=True),
        "error",
        "error",
        ("DOCTYPE",),
        "external entity to a private file in the shared strings",
    ),
    Case(
        "xxe-sheet2",
        make_entity("xl/worksheets/sheet2.xml", "worksheet", external=True),
        "error",
        "error",
        ("DOCTYPE",),
        "external entity to a private file in a sheet",
    ),
    Case(
        "xxe-utf16",
        make_xxe_utf16,
        "error",
        "error",
        ("DOCTYPE",),
        "external entity in a UTF-16 sheet (no ASCII DOCTYPE to spot)",
    ),
    # -- zip container ---------------------------------------------------------------------------------------
    Case("zip-bomb", make_zip_bomb, "error", "error", ("too large",), "1 GB member compressed to 1 MB"),
    Case(
        "zip-liar",
        make_zip_liar,
        "error",
        "error",
        ("damaged",),
        "zip headers understate a 100 MB sheet as 2 kB",
    ),
    Case(
        "zip-encrypted-member",
        make_zip_encrypted_member,
        "error",
        "error",
        ("encrypted",),
        "a zip member flagged as encrypted",
    ),
    Case("zip-many-members", make_zip_many_members, "error", "error", ("parts",), "12,000 zip members"),
    Case("sheet-300mb", make_sheet_300mb, "error", "error", ("too large",), "a 300 MB sheet in a 1 MB file"),
    # -- size ------------------------------------------------------------------------------------------------
    Case(
        "rows-100k",
        make_rows_100k,
        "error",
        "error",
        ("Kennzahlen!A5001", "more than 5000 rows"),
        "100,000 rows",
    ),
    Case(
        "wide-row", make_wide_row, "error", "error", ("Kennzahlen!", "columns"), "a million cells in one row"
    ),
    Case(
        "giant-cell",
        make_giant_cell,
        "error",
        "error",
        ("Kennzahlen!A2", "too long"),
        "a 150 MB string in one cell",
    ),
    Case(
        "merge-bomb",
        after_rows(
            "merge-bomb",
            "mergeCells",
            lambda r: (
                f'<mergeCell ref="Z{r.randrange(99999)}:AA{r.randrange(99999)}"/>'
                if r.random() < 0.1
                else '<mergeCell ref="Z1:Z2"/>'
            ),
            600_000,
        ),
        "error",
        "error",
        ("Kennzahlen", "more than 10,000 merged cell ranges"),
        "600,000 merged ranges (2.3 GB and a minute of parsing for 5 million before the limit)",
    ),
    Case(
        "rich-text-bomb",
        make_rich_text_bomb,
        "error",
        "error",
        ("Kennzahlen", "more than 10,000 parts"),
        "one cell of two million rich-text runs",
    ),
    Case(
        "content-types-bomb",
        bloated_part(
            "content-types-bomb",
            "[Content_Types].xml",
            "</Types>",
            lambda r: (
                f'<Override PartName="/x{r.randrange(10**6)}.xml" ContentType="a/b"/>'
                if r.random() < 0.1
                else '<Override PartName="/x.xml" ContentType="a/b"/>'
            ),
        ),
        "error",
        "error",
        ('the part "[Content_Types].xml" is', "at most 5 MB"),
        "a million content-type entries",
    ),
    Case(
        "rels-bomb",
        bloated_part(
            "rels-bomb",
            "xl/_rels/workbook.xml.rels",
            "</Relationships>",
            lambda r: (
                f'<Relationship Id="r{r.randrange(10**6)}" Type="t" Target="x.xml"/>'
                if r.random() < 0.1
                else '<Relationship Id="rx" Type="t" Target="x.xml"/>'
            ),
        ),
        "error",
        "error",
        ('the part "xl/_rels/workbook.xml.rels" is', "at most 5 MB"),
        "a million relationships",
    ),
    Case(
        "chart-bomb",
        make_chart_bomb,
        "error",
        "error",
        ('the part "xl/charts/chart1.xml" is', "at most 5 MB"),
        "a chart sheet whose chart has 400,000 axes",
    ),
    Case(
        "trailing-validations",
        after_rows(
            "trailing-validations",
            "dataValidations",
            lambda r: (
                f'<dataValidation type="list" sqref="B{r.randrange(99999)}"><formula1>"a,b"</formula1>'
                "</dataValidation>"
                if r.random() < 0.1
                else '<dataValidation sqref="A1"/>'
            ),
            600_000,
        ),
        "ok",
        "report",
        (),
        "600,000 data validations after the rows (never parsed)",
    ),
    Case("dimension-xfd", make_dimension, "ok", "report", (), "<dimension> claims A1:XFD1048576"),
    Case(
        "far-cell", make_far_cell, "error", "error", ("Kennzahlen!XFD1", "columns"), "one cell in column XFD"
    ),
    # -- values ----------------------------------------------------------------------------------------------
    Case(
        "numbers-nan-inf",
        make_nan_inf,
        "error",
        "error",
        ("Kennzahlen!", "NaN", "INF"),
        "NaN, INF and -1e999 stored in number cells",
    ),
    Case(
        "numbers-1e308",
        make_huge_numbers,
        "error",
        "error",
        ("Kennzahlen!", "too large or not finite"),
        "1e308 and -1e308 as values and target",
    ),
    Case(
        "dates-extreme",
        make_dates_extreme,
        "error",
        "error",
        ("Kennzahlen!J1", "Kennzahlen!K1", "Kennzahlen!L1", "Maßnahmen!C2", "Maßnahmen!D2"),
        "dates in 1900 and 9999, negative and huge date serials",
    ),
    Case(
        "formulas-uncached",
        make_formulas,
        "error",
        "error",
        ("Kunde!B2", "no saved result"),
        "formulas without cached values",
    ),
    Case(
        "merged-header",
        make_merged,
        "error",
        "error",
        ("Kunde!B2", "Kennzahlen!A1", "Kennzahlen!U1", "merged"),
        "merged header cells (and a field merged with its value)",
    ),
    Case("hidden-sheets", make_hidden, "ok", "report", ("hidden",), "hidden and very hidden data sheets"),
    Case(
        "hidden-decoy",
        make_hidden_decoy,
        "error",
        "error",
        ("two sheets",),
        "a very hidden second Kennzahlen sheet",
    ),
    # -- not a workbook --------------------------------------------------------------------------------------
    Case("encrypted", make_encrypted, "error", "error", ("password-protected",), "password-protected file"),
    Case("legacy-ole", make_legacy_xls, "error", "error", (".xls",), "an .xls file named .xlsx"),
    Case(
        "not-xlsx-pdf",
        raw_file("not-xlsx-pdf.xlsx", lambda: PDF_BYTES),
        "error",
        "error",
        ("not an Excel workbook",),
        "a PDF renamed to .xlsx",
    ),
    Case(
        "not-xlsx-random",
        raw_file("not-xlsx-random.xlsx", lambda: random.Random(3).randbytes(20_000)),
        "error",
        "error",
        ("not an Excel workbook",),
        "random bytes",
    ),
    Case("not-xlsx-empty", raw_file("not-xlsx-empty.xlsx", bytes), "error", "error", ("empty",), "0 bytes"),
    Case(
        "not-xlsx-zip",
        raw_file("not-xlsx-zip.xlsx", zip_without_workbook),
        "error",
        "error",
        ("zip archive",),
        "a zip without workbook.xml",
    ),
    Case(
        "not-xlsx-types-only",
        raw_file("not-xlsx-types-only.xlsx", content_types_only),
        "error",
        "error",
        ("cannot be read",),
        "a zip with only [Content_Types].xml",
    ),
    Case(
        "not-xlsx-html",
        raw_file("not-xlsx-html.xlsm", lambda: b"<html><script>x</script></html>"),
        "error",
        "error",
        ("HTML",),
        "an HTML export named .xlsm",
    ),
    Case("truncated", make_truncated, "error", "error", ("damaged",), "half a workbook"),
    # -- long strings ----------------------------------------------------------------------------------------
    long_text_case("long-name", client={"Kunde": LONG}, says="Kunde!B2"),
    long_text_case("long-kpi", kpis=[kpi(LONG, [1] * 13)], says="Kennzahlen!A2"),
    long_text_case("long-kuerzel", client={"Kürzel": "a" * 100_000}, says="Kunde!B7"),
    # -- output paths ----------------------------------------------------------------------------------------
    slug_case("slug-traversal", "../../evil", "evil"),
    slug_case("slug-con", "CON", "con-client"),
    slug_case("slug-nul", "nul", "nul-client"),
    slug_case("slug-empty", "../.././//", "client-"),
    collide("collide-a"),
    collide("collide-b"),
]


def generate(folder: Path, env: Env, cases: Iterable[Case] = CASES) -> dict[str, Path]:
    """Write every case into ``folder``; returns case name → workbook path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {case.name: case.make(folder, env) for case in cases}


def make_secret(folder: Path) -> Path:
    """The private files the attacks try to read, each holding :data:`CANARY`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "canary.txt").write_text(f"{CANARY}\n")
    (folder / "canary.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20"><text id="t" y="15">'
        f"{CANARY}</text></svg>"
    )
    return folder


@dataclass
class Trap:
    """A TCP listener on 127.0.0.1 that counts every connection (the attacks point their URLs at it)."""

    connections: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, peer = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(f"{peer}")
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.server.close()


# Installed via PYTHONPATH into every process of a CLI run (workers included): records and refuses any attempt
# to reach the network, so "never a network connection" holds for addresses no trap can listen on.
SITECUSTOMIZE = """
import os, socket
_log = os.environ.get("HOSTILE_NET_LOG")
if _log:
    def _record(what):
        with open(_log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {what}\\n")
    _connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _record(f"connect {address!r}")
            raise OSError("network disabled by the hostile-input test")
        return _connect(self, address)
    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _record(f"connect_ex {address!r}")
            return 111
        return _connect_ex(self, address)
    def getaddrinfo(host, *args, **kwargs):
        _record(f"getaddrinfo {host!r}")
        raise socket.gaierror("network disabled by the hostile-input test")
    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
"""


def guarded_env(folder: Path, log: Path) -> dict[str, str]:
    """Environment for a ``python -m reporter`` subprocess with the network guard installed."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(folder), env.get("PYTHONPATH", "")) if p)
    env["HOSTILE_NET_LOG"] = str(log)
    env.pop("REPORTER_SMTP_PASSWORD", None)
    return env


# Runs a command and prints its exit code and the peak RSS (kB) of its whole process tree (waited children).
def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def run_measured(
    command: list[str],
    env: dict[str, str],
    *,
    stdout: Any = None,
    stderr: Any = None,
    cwd: Path | None = None,
    timeout: float = 600,
) -> tuple[int, float, float]:
    """Exit code, wall seconds and the largest peak resident memory (VmHWM, MB) of any process of the tree —
    the parent, the fork server and every worker (Linux /proc, sampled every 50 ms)."""
    import subprocess
    import time

    started = time.monotonic()
    process = subprocess.Popen(
        command,
        env=env,
        stdout=stdout or subprocess.DEVNULL,
        stderr=stderr or subprocess.DEVNULL,
        cwd=cwd,
    )
    peaks: dict[int, int] = {}
    while process.poll() is None:
        if time.monotonic() - started > timeout:
            process.kill()
            process.wait()
            raise TimeoutError(f"{command[3:5]} took longer than {timeout} s")
        for pid in _descendants(process.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks[pid] = max(peaks.get(pid, 0), int(match[1]))
        time.sleep(0.05)
    return process.returncode, time.monotonic() - started, max(peaks.values(), default=0) / 1024


def measure_each(folder: Path) -> None:  # pragma: no cover - a tool for the closing note, not a test
    """Generate the corpus and run ``reporter check`` and ``reporter build`` on each file alone, printing time
    and the peak memory of the largest process of the run per file."""
    trap = Trap()
    env = Env(make_secret(folder / "secret"), trap.port)
    paths = generate(folder / "corpus", env)
    run_env = guarded_env(folder / "guard", folder / "net.log")
    print(f"{'case':<28} {'check':>16} {'build':>16}  exit codes")  # noqa: T201
    for name, path in paths.items():
        cells = []
        for command in (["check"], ["build", "--out", str(folder / "out" / name)]):
            cells.append(run_measured([sys.executable, "-m", "reporter", *command, str(path)], run_env))
        (cc, cs, cm), (bc, bs, bm) = cells
        line = f"{name:<28} {cs:5.1f} s {cm:5.0f} MB {bs:5.1f} s {bm:5.0f} MB  check={cc} build={bc}"
        print(line, flush=True)  # noqa: T201
    trap.close()
    log = folder / "net.log"
    print(  # noqa: T201
        "network attempts:",
        log.read_text() if log.exists() else "none",
        "trap connections:",
        trap.connections,
    )


if __name__ == "__main__":  # pragma: no cover
    import tempfile

    measure_each(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="hostile-")))
