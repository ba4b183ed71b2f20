"""Shows that tests/test_periods.py's shared builds are the send test's own: the quarter and month reports the send
test built itself (``--quarter=2026-Q3``, then ``--month=2026-09``) and the ones the shared fixtures build
(``--period quarter --month 2026-09``, then a month build without ``--month``) have byte-identical PDFs, overviews
and sidecars (only manifest.json differs: it records the ``--month`` option given).

    .venv/bin/python benchmarks/period_builds_equal.py
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporter.cli import cli  # noqa: E402
from tests.test_periods import AGENCY_CONFIG, quarter_workbook  # noqa: E402


def build(*args: object) -> None:
    result = CliRunner().invoke(cli, ["build", "--jobs", "1", "--lang", "de", *map(str, args)])
    assert result.exit_code == 0, result.output


def digests(out: Path) -> dict[str, str]:
    return {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.suffix in (".pdf", ".json") and path.name != "manifest.json"
    }


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    workbook = quarter_workbook(tmp / "quartal" / "muster.xlsx")
    config = tmp / "reporter.toml"
    config.write_text(AGENCY_CONFIG, encoding="utf-8")
    own, shared = tmp / "send", tmp / "shared"
    build(workbook, "--out", own, "--config", config, "--quarter=2026-Q3")
    build(workbook, "--out", own, "--config", config, "--month=2026-09")
    build(workbook, "--out", shared, "--config", config, "--period", "quarter", "--month", "2026-09")
    build(workbook, "--out", shared, "--config", config)
    a, b = digests(own), digests(shared)
    for name in sorted(set(a) | set(b)):
        sys.stdout.write(f"{name:28} {'same' if a.get(name) == b.get(name) else 'DIFFERENT'}\n")
    return 0 if a == b and a else 1


if __name__ == "__main__":  # the build's worker processes start through a fork server: guard the entry point
    sys.exit(main())
