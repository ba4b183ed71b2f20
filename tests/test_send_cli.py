"""``reporter send`` end to end: the CLI against a real SMTP server (aiosmtpd on 127.0.0.1) in the run."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reporter.cli import cli
from tests.mailserver import Received, Recorder, SmtpServer, client, free_port, self_signed, tiny_pdf, write_month

MONTH = "2026-10"
ENV_KEYS = ("REPORTER_SMTP_HOST", "REPORTER_SMTP_PORT", "REPORTER_SMTP_SECURITY", "REPORTER_SMTP_USER",
            "REPORTER_MAIL_FROM", "REPORTER_SMTP_PASSWORD", "REPORTER_SMTP_CAFILE")


@pytest.fixture(scope="session")
def pdfs() -> dict[str, bytes]:
    return {"de": tiny_pdf("Wirkungsbericht"), "en": tiny_pdf("Impact report")}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray ./reporter.toml


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def server(recorder: Recorder) -> Iterator[SmtpServer]:
    smtp = SmtpServer(recorder).start()
    yield smtp
    smtp.stop()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "reporter.toml"
    path.write_text(
        '[agency]\nname = "Agentur Klarblick"\n'
        'footer = "Agentur Klarblick GmbH · Hauptstraße 1 · 12345 Musterstadt"\n'
        '[mail]\nfrom = "Agentur Klarblick <berichte@klarblick.de>"\nreply_to = "team@klarblick.de"\n'
        'bcc = "archiv@klarblick.de"\nsecurity = "none"\nretries = 2\nbackoff_s = 0.01\ntimeout_s = 5\n',
        encoding="utf-8")
    return path


@pytest.fixture
def out(tmp_path: Path, pdfs: dict[str, bytes]) -> Path:
    """Two clients: a German one with two recipients and an English one."""
    out = tmp_path / "reports"
    write_month(out, MONTH, [
        client("kraemer", client="Dachdeckerei Krämer GmbH", recipients=["inhaber@kraemer-dach.de",
                                                                        "buero@kraemer-dach.de"],
               contact="Herr Krämer", pages=9),
        client("weber", client="Weber & Söhne Ltd", language="en", contact="Dr Weber",
               recipients=["weber@weber-sons.co.uk"], summary="Inquiries rose by 12% to 45. Reach grew, too. "
                                                              "A third sentence."),
    ], pdfs)
    return out


def run(out: Path, config: Path, server: SmtpServer | None, *args: str, input: str | None = None) -> Result:
    argv = ["send", str(out), "--config", str(config)]
    if server is not None:
        argv += ["--smtp-host", "127.0.0.1", "--smtp-port", str(server.port)]
    return CliRunner().invoke(cli, [*argv, *args], input=input)


def ledger_rows(out: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(out / "ledger.sqlite") as db:
        return db.execute("SELECT a.slug, d.address, d.state FROM deliveries d JOIN attempts a "
                          "ON a.id = d.attempt_id ORDER BY a.id, d.address").fetchall()


def test_sends_each_report_with_language_recipients_bcc_and_pdf(out: Path, config: Path, server: SmtpServer,
                                                               recorder: Recorder) -> None:
    result = run(out, config, server, "--yes")
    assert result.exit_code == 0, result.output
    assert len(recorder.messages) == 2
    de, en = recorder.messages
    assert sorted(de.rcpt_tos) == ["archiv@klarblick.de", "buero@kraemer-dach.de", "inhaber@kraemer-dach.de"]
    assert de.mail_from == "berichte@klarblick.de"
    msg = de.message
    assert msg["Subject"] == "Ihr Marketing-Wirkungsbericht für Oktober 2026 – Dachdeckerei Krämer GmbH"
    assert msg["To"] == "inhaber@kraemer-dach.de, buero@kraemer-dach.de"
    assert msg["Bcc"] is None  # the agency copy is envelope only
    assert msg["Reply-To"] == "team@klarblick.de"
    assert msg["From"] == "Agentur Klarblick <berichte@klarblick.de>"
    assert msg["Message-ID"].endswith("@klarblick.de>")
    assert msg["Date"]
    assert msg.get_content_type() == "multipart/mixed"
    assert msg["Content-Language"] == "de"
    assert recorder.messages[1].message["Content-Language"] == "en"
    text = de.body("plain")
    assert text.startswith("Guten Tag Herr Krämer,\n\nanbei erhalten Sie Ihren Marketing-Wirkungsbericht")
    assert "z. B. über das Kontaktformular. Die Reichweite wuchs ebenfalls." in text
    assert "mittlerer Satz" not in text
    assert "Mit freundlichen Grüßen" in text
    assert "Hauptstraße 1" in text
    assert "<p>Guten Tag Herr Krämer,</p>" in de.body("html")
    name, data = de.attachment()
    assert name == "Marketing-Wirkungsbericht_2026-10_Dachdeckerei-Kraemer-GmbH.pdf"
    assert data == (out / MONTH / "kraemer.pdf").read_bytes()

    assert en.rcpt_tos == ["weber@weber-sons.co.uk", "archiv@klarblick.de"]
    assert en.message["Subject"] == "Your marketing impact report for October 2026 – Weber & Söhne Ltd"
    assert en.body("plain").startswith("Dear Dr Weber,\n\nPlease find attached")
    assert "Weber &amp; Söhne Ltd" in en.body("html")  # autoescaped
    assert en.attachment() == ("Marketing-impact-report_2026-10_Weber-und-Soehne-Ltd.pdf",
                               (out / MONTH / "weber.pdf").read_bytes())
    # the review came first, then the per-recipient table
    assert result.output.index("Recipients") < result.output.index("Recipient ")
    assert result.output.count(" sent ") == 5
    assert result.output.rstrip().endswith("5 sent.")
    assert all(state == "sent" for _, _, state in ledger_rows(out))


def test_second_run_sends_nothing(out: Path, config: Path, server: SmtpServer, recorder: Recorder) -> None:
    assert run(out, config, server, "--yes").exit_code == 0
    second = run(out, config, server, "--yes")
    assert second.exit_code == 0, second.output
    assert len(recorder.messages) == 2
    assert "Nothing to send." in second.output
    assert second.output.rstrip().endswith("\n3 skipped (already sent).")  # the agency's Bcc is no client
    assert second.output.count("already sent") >= 3


def test_resend_sends_one_client_again_on_purpose(out: Path, config: Path, server: SmtpServer,
                                                  recorder: Recorder) -> None:
    assert run(out, config, server, "--yes").exit_code == 0
    again = run(out, config, server, "--yes", "--resend", "weber")
    assert again.exit_code == 0, again.output
    weber = recorder.to("weber@weber-sons.co.uk")
    assert len(weber) == 2
    assert len(recorder.to("inhaber@kraemer-dach.de")) == 1
    assert weber[0].message["Message-ID"] != weber[1].message["Message-ID"]
    with sqlite3.connect(out / "ledger.sqlite") as db:
        rows = db.execute("SELECT purpose FROM attempts WHERE slug = 'weber' ORDER BY id").fetchall()
    purposes = [row[0] for row in rows]
    assert purposes == ["send", "resend"]


def test_only_limits_the_run(out: Path, config: Path, server: SmtpServer, recorder: Recorder) -> None:
    result = run(out, config, server, "--yes", "--only", "weber")
    assert result.exit_code == 0, result.output
    assert [m.rcpt_tos[0] for m in recorder.messages] == ["weber@weber-sons.co.uk"]
    unknown = run(out, config, server, "--yes", "--only", "nobody")
    assert unknown.exit_code == 2  # a wrong option
    assert "no client nobody" in unknown.output


def test_starttls_with_a_self_signed_certificate(out: Path, config: Path, tmp_path: Path, recorder: Recorder,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cert, key = self_signed(tmp_path)
    server = SmtpServer(recorder, tls=(cert, key)).start()
    try:
        # verified by default: an unknown CA is refused before anything is sent
        refused = run(out, config, server, "--yes", "--smtp-security", "starttls")
        assert refused.exit_code == 1
        assert "not trusted" in refused.output
        assert "REPORTER_SMTP_CAFILE" in refused.output
        assert recorder.messages == []
        monkeypatch.setenv("REPORTER_SMTP_CAFILE", str(cert))
        result = run(out, config, server, "--yes", "--smtp-security", "starttls")
        assert result.exit_code == 0, result.output
        assert len(recorder.messages) == 2
    finally:
        server.stop()


def test_implicit_tls_port_465_style(out: Path, config: Path, tmp_path: Path, recorder: Recorder,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cert, key = self_signed(tmp_path)
    server = SmtpServer(recorder, tls=(cert, key), implicit_tls=True).start()
    monkeypatch.setenv("REPORTER_SMTP_CAFILE", str(cert))
    try:
        result = run(out, config, server, "--yes", "--smtp-security", "ssl")
        assert result.exit_code == 0, result.output
        assert len(recorder.messages) == 2
    finally:
        server.stop()


def test_starttls_is_required_when_asked_for(out: Path, config: Path, server: SmtpServer,
                                             recorder: Recorder) -> None:
    result = run(out, config, server, "--yes", "--smtp-security", "starttls")
    assert result.exit_code == 1
    assert "does not offer STARTTLS; refusing to send in clear text" in result.output
    assert recorder.messages == []


def test_login_uses_the_password_from_the_environment_only(out: Path, config: Path, tmp_path: Path,
                                                           recorder: Recorder,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cert, key = self_signed(tmp_path)
    server = SmtpServer(recorder, tls=(cert, key), users={"agentur": "geheim-123"}).start()
    monkeypatch.setenv("REPORTER_SMTP_CAFILE", str(cert))
    monkeypatch.setenv("REPORTER_SMTP_SECURITY", "starttls")
    monkeypatch.setenv("REPORTER_SMTP_USER", "agentur")
    try:
        missing = run(out, config, server, "--yes")
        assert missing.exit_code == 1
        assert "REPORTER_SMTP_PASSWORD is not set" in missing.output
        monkeypatch.setenv("REPORTER_SMTP_PASSWORD", "falsch")
        wrong = run(out, config, server, "--yes")
        assert wrong.exit_code == 1
        assert "login as agentur refused: 535" in wrong.output
        assert "falsch" not in wrong.output
        monkeypatch.setenv("REPORTER_SMTP_PASSWORD", "geheim-123")
        result = run(out, config, server, "--yes")
        assert result.exit_code == 0, result.output
        assert "geheim-123" not in result.output
        assert server.logins == ["agentur"]
        assert len(recorder.messages) == 2
    finally:
        server.stop()


def test_451_once_is_retried_and_delivered_once(out: Path, config: Path, server: SmtpServer,
                                                recorder: Recorder) -> None:
    recorder.data_failures = 1
    result = run(out, config, server, "--yes")
    assert result.exit_code == 0, result.output
    assert recorder.data_commands == 3
    assert len(recorder.messages) == 2
    assert len(recorder.to("inhaber@kraemer-dach.de")) == 1


def test_persistent_451_gives_up_after_the_retries(out: Path, config: Path, server: SmtpServer,
                                                   recorder: Recorder) -> None:
    recorder.data_failures = 99
    result = run(out, config, server, "--yes", "--only", "weber")
    assert result.exit_code == 1
    assert recorder.data_commands == 3  # first try + retries = 2 from reporter.toml
    assert "451 4.3.0 temporary failure" in result.output
    assert ("weber", "weber@weber-sons.co.uk", "failed") in ledger_rows(out)


def test_550_for_one_recipient_is_reported_and_the_others_get_it(out: Path, config: Path, server: SmtpServer,
                                                                 recorder: Recorder) -> None:
    recorder.refuse = {"buero@kraemer-dach.de"}
    result = run(out, config, server, "--yes")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    failed = [line for line in lines if "buero@kraemer-dach.de" in line and "failed" in line]
    assert failed
    assert "550 5.1.1" in failed[0]
    assert "mailbox unavailable" in failed[0]
    assert len(recorder.to("inhaber@kraemer-dach.de")) == 1
    assert recorder.to("buero@kraemer-dach.de") == []
    # a re-run tries only the refused address again, never those who already have it
    recorder.refuse = set()
    again = run(out, config, server, "--yes")
    assert again.exit_code == 0, again.output
    assert len(recorder.to("inhaber@kraemer-dach.de")) == 1
    assert len(recorder.to("buero@kraemer-dach.de")) == 1
    assert len(recorder.to("weber@weber-sons.co.uk")) == 1


def test_dry_run_writes_eml_files_and_connects_to_nothing(out: Path, config: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.3)
        port = listener.getsockname()[1]
        result = CliRunner().invoke(cli, ["send", str(out), "--config", str(config), "--dry-run",
                                          "--smtp-host", "127.0.0.1", "--smtp-port", str(port)])
        with pytest.raises(TimeoutError):
            listener.accept()
    assert result.exit_code == 0, result.output
    outbox = out / MONTH / "outbox"
    assert sorted(p.name for p in outbox.iterdir()) == ["kraemer.eml", "weber.eml"]
    eml = Received("", [], (outbox / "kraemer.eml").read_bytes())
    assert eml.message["To"] == "inhaber@kraemer-dach.de, buero@kraemer-dach.de"
    assert eml.message["Bcc"] == "archiv@klarblick.de"
    assert eml.attachment()[1] == (out / MONTH / "kraemer.pdf").read_bytes()
    assert not (out / "ledger.sqlite").exists()
    assert "nothing was sent" in result.output


def test_refuses_changed_pdf_failed_build_and_bad_addresses_before_connecting(
        tmp_path: Path, config: Path, server: SmtpServer, recorder: Recorder, pdfs: dict[str, bytes]) -> None:
    out = tmp_path / "reports"
    folder = write_month(out, MONTH, [
        client("good"),
        client("changed"),
        client("broken", status="error", message="broken.xlsx › Kennzahlen!H7: „viel“ is not a number"),
        client("inject", recipients=["a@inject.de\r\nBcc: spion@evil.example"]),
        client("noat", recipients=["chefin.noat.de"]),
        client("glued", recipients=["a@glued.de b@glued.de"]),
    ], pdfs)
    (folder / "changed.pdf").write_bytes(pdfs["de"] + b"%tampered\n")
    result = run(out, config, server, "--yes")
    assert result.exit_code == 1
    assert [m.rcpt_tos[0] for m in recorder.messages] == ["chefin@good.de"]
    assert all("evil.example" not in m.data.decode("utf-8", "replace") for m in recorder.messages)
    output = result.output
    assert output.rstrip().endswith("\n2 sent, 5 refused.")  # the good client and the Bcc copy
    assert "changed.pdf changed since it was built" in output
    assert "the build failed: broken.xlsx › Kennzahlen!H7" in output
    assert "inject.xlsx › Kunde: field „Empfänger“:" in output
    assert "line break" in output
    assert "noat.xlsx › Kunde: field „Empfänger“: „chefin.noat.de“ has no @" in output
    assert "glued.xlsx › Kunde" in output
    assert "several addresses without a separator" in output


def test_no_terminal_and_no_yes_refuses_to_send(out: Path, config: Path, server: SmtpServer,
                                                recorder: Recorder) -> None:
    result = run(out, config, server)
    assert result.exit_code == 2
    assert "no terminal to ask on" in result.output
    assert "--yes" in result.output
    assert recorder.messages == []


def test_confirmation_question(out: Path, config: Path, server: SmtpServer, recorder: Recorder,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reporter.cli._stdin_is_tty", lambda: True)
    declined = run(out, config, server, input="n\n")
    assert declined.exit_code == 1
    assert "Send 2 messages via 127.0.0.1" in declined.output
    assert recorder.messages == []
    assert not ledger_rows(out)
    accepted = run(out, config, server, input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert len(recorder.messages) == 2


def test_rate_limit_spaces_the_messages(tmp_path: Path, config: Path, server: SmtpServer, recorder: Recorder,
                                        pdfs: dict[str, bytes]) -> None:
    out = tmp_path / "reports"
    write_month(out, MONTH, [client(f"k{i}") for i in range(3)], pdfs)
    started = time.monotonic()
    result = run(out, config, server, "--yes", "--rate", "300")  # one every 0.2 s
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 0.4
    assert len(recorder.messages) == 3


def test_default_month_is_the_latest_with_a_manifest(tmp_path: Path, config: Path, server: SmtpServer,
                                                     recorder: Recorder, pdfs: dict[str, bytes]) -> None:
    out = tmp_path / "reports"
    write_month(out, "2026-09", [client("sept")], pdfs)
    write_month(out, "2026-10", [client("okt")], pdfs)
    (out / "2026-11").mkdir()  # a month without manifest (build still running) is not "latest"
    result = run(out, config, server, "--yes")
    assert result.exit_code == 0, result.output
    assert [m.rcpt_tos[0] for m in recorder.messages] == ["chefin@okt.de"]


def test_default_month_skips_a_month_that_holds_no_reports(tmp_path: Path, config: Path, server: SmtpServer,
                                                           recorder: Recorder, pdfs: dict[str, bytes]) -> None:
    """A later month whose manifest lists only failures (nothing was built) is never the one sent."""
    out = tmp_path / "reports"
    write_month(out, "2026-10", [client("okt")], pdfs)
    write_month(out, "2026-11", [client("kaputt", status="error", message="kaputt.xlsx: the file cannot be read")],
                pdfs)
    result = run(out, config, server, "--yes")
    assert result.exit_code == 0, result.output
    assert f"Reports for 2026-10 ({out / '2026-10'})" in result.output
    assert [m.rcpt_tos[0] for m in recorder.messages] == ["chefin@okt.de"]
    chosen = run(out, config, None, "--month", "2026-11", "--dry-run")  # asked for by name, it is shown
    assert chosen.exit_code == 1
    assert "kaputt.xlsx: the file cannot be read" in chosen.output


def test_missing_sender_and_host_are_configuration_errors_with_exit_2(out: Path, tmp_path: Path) -> None:
    """As the README says: 2 for a usage or configuration error, 1 for what failed in the run."""
    bare = tmp_path / "bare.toml"
    bare.write_text("", encoding="utf-8")
    no_sender = CliRunner().invoke(cli, ["send", str(out), "--config", str(bare), "--yes"])
    assert no_sender.exit_code == 2
    assert "no sender address" in no_sender.stderr
    no_host = CliRunner().invoke(cli, ["send", str(out), "--config", str(bare), "--yes", "--from", "a@b.de"])
    assert no_host.exit_code == 2
    assert "no SMTP server" in no_host.stderr
    bad_month = CliRunner().invoke(cli, ["send", str(out), "--config", str(bare), "--from", "a@b.de",
                                         "--month", "Oktober"])
    assert bad_month.exit_code == 2
    assert "--month must look like 2026-10" in bad_month.stderr


def test_an_unreachable_server_is_retried_out_loud(out: Path, config: Path) -> None:
    """While it waits for an unreachable server, send says so instead of falling silent."""
    port = free_port()  # nobody listens there
    result = CliRunner().invoke(cli, ["send", str(out), "--config", str(config), "--smtp-host", "127.0.0.1",
                                      "--smtp-port", str(port), "--yes"])
    assert result.exit_code == 1
    waits = [line for line in result.stderr.splitlines() if "retrying" in line]
    assert len(waits) == 2, result.stderr  # retries = 2 in reporter.toml
    for line, delay, number in zip(waits, ("0.01", "0.02"), (1, 2), strict=True):
        assert line.startswith(f"  cannot connect to 127.0.0.1:{port} (none): "), line
        assert line.endswith(f" – retrying in {delay} s (retry {number} of 2) …"), line
    assert result.stderr.index("sending kraemer") < result.stderr.index(waits[0])


def _send_in_subprocess(out: Path, config: Path, server: SmtpServer, *args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    return subprocess.Popen(
        [sys.executable, "-m", "reporter", "send", str(out), "--config", str(config),
         "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--yes", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)


def test_a_run_killed_between_clients_resumes_without_duplicates(
        tmp_path: Path, config: Path, server: SmtpServer, recorder: Recorder, pdfs: dict[str, bytes]) -> None:
    out = tmp_path / "reports"
    write_month(out, MONTH, [client(f"k{i}") for i in range(1, 4)], pdfs)
    victim: dict[str, subprocess.Popen[bytes]] = {}

    def kill_on_second(message: Received) -> None:
        # the second message has arrived but its 250 never reaches the sender: a crash mid-transaction
        if len(recorder.messages) == 2:
            os.kill(victim["proc"].pid, signal.SIGKILL)
            time.sleep(0.2)

    recorder.on_data = kill_on_second
    victim["proc"] = _send_in_subprocess(out, config, server)
    victim["proc"].communicate(timeout=60)
    assert victim["proc"].returncode == -signal.SIGKILL
    assert [m.rcpt_tos[0] for m in recorder.messages] == ["chefin@k1.de", "chefin@k2.de"]
    recorder.on_data = None

    resumed = run(out, config, server, "--yes")
    assert resumed.exit_code == 1  # the unknown one needs a look
    assert [m.rcpt_tos[0] for m in recorder.messages] == ["chefin@k1.de", "chefin@k2.de", "chefin@k3.de"]
    assert "unknown — check the mailbox" in resumed.output
    assert "--resend-unknown" in resumed.output
    assert any("chefin@k2.de" in line and " unknown " in line for line in resumed.output.splitlines())

    still = run(out, config, server, "--yes")
    assert len(recorder.messages) == 3
    assert still.exit_code == 1

    settled = run(out, config, server, "--yes", "--resend-unknown")
    assert settled.exit_code == 0, settled.output
    k2 = recorder.to("chefin@k2.de")
    assert len(k2) == 2
    assert len(recorder.to("chefin@k1.de")) == 1
    assert len(recorder.to("chefin@k3.de")) == 1
    # same Message-ID as the unknown attempt, so the receiving side can drop the duplicate
    assert k2[0].message["Message-ID"] == k2[1].message["Message-ID"]
    assert run(out, config, server, "--yes").exit_code == 0
    assert len(recorder.messages) == 4


def test_sending_is_committed_before_the_smtp_transaction(out: Path, config: Path, server: SmtpServer,
                                                          recorder: Recorder) -> None:
    seen: list[tuple[str, str]] = []

    def look(message: Received) -> None:
        with sqlite3.connect(out / "ledger.sqlite") as db:
            seen.extend(db.execute("SELECT slug, state FROM attempts ORDER BY id").fetchall())

    recorder.on_data = look
    assert run(out, config, server, "--yes", "--only", "weber").exit_code == 0
    assert seen == [("weber", "sending")]
    with sqlite3.connect(out / "ledger.sqlite") as db:
        rows = db.execute("SELECT state, reply FROM attempts").fetchall()
    assert rows == [("sent", "250 2.0.0 OK queued as Q1")]


@pytest.mark.usefixtures("stand_in_renderer")  # send reads the PDF's bytes and hash, not its text or layout
def test_build_then_dry_run_then_send(tmp_path: Path, config: Path, server: SmtpServer,
                                      recorder: Recorder) -> None:
    """The whole month: workbooks → `reporter build` → review with --dry-run → send → nothing twice."""
    from tests.workbooks import kpi, make_workbook

    inputs = tmp_path / "kunden"
    make_workbook(inputs / "kraemer.xlsx", client={
        "Kunde": "Dachdeckerei Krämer GmbH", "Empfänger": "inhaber@kraemer-dach.de; buero@kraemer-dach.de",
        "Ansprechpartner": "Herr Krämer"},
        kpis=[kpi("Kontaktanfragen", [10, 12, 14], target=15), kpi("Seitenaufrufe", [900, 1000, 1200])])
    make_workbook(inputs / "weber.xlsx", client={
        "Kunde": "Weber Ltd", "Sprache": "en", "Empfänger": "weber@weber.co.uk",
        "Ansprechpartner": "Dr Weber"})
    out = tmp_path / "reports"
    built = CliRunner().invoke(cli, ["build", str(inputs), "--out", str(out), "--config", str(config),
                                     "--jobs", "1"])
    assert built.exit_code == 0, built.output

    preview = run(out, config, None, "--dry-run")
    assert preview.exit_code == 0, preview.output
    outbox = sorted((out / MONTH / "outbox").glob("*.eml"))
    assert len(outbox) == 2
    assert recorder.messages == []

    sent = run(out, config, server, "--yes")
    assert sent.exit_code == 0, sent.output
    by_rcpt = {m.rcpt_tos[0]: m for m in recorder.messages}
    assert sorted(by_rcpt) == ["inhaber@kraemer-dach.de", "weber@weber.co.uk"]
    kraemer = by_rcpt["inhaber@kraemer-dach.de"]
    assert kraemer.rcpt_tos == ["inhaber@kraemer-dach.de", "buero@kraemer-dach.de", "archiv@klarblick.de"]
    assert kraemer.body("plain").startswith("Guten Tag Herr Krämer,")
    name, data = kraemer.attachment()
    assert name == "Marketing-Wirkungsbericht_2026-10_Dachdeckerei-Kraemer-GmbH.pdf"
    manifest = json.loads((out / MONTH / "manifest.json").read_text(encoding="utf-8"))
    entry = next(c for c in manifest["clients"] if c["client"] == "Dachdeckerei Krämer GmbH")
    assert data == (out / MONTH / entry["pdf"]).read_bytes()
    assert data.startswith(b"%PDF")
    weber = by_rcpt["weber@weber.co.uk"]
    assert weber.message["Subject"] == "Your marketing impact report for October 2026 – Weber Ltd"
    assert weber.body("plain").startswith("Dear Dr Weber,")

    again = run(out, config, server, "--yes")
    assert again.exit_code == 0, again.output
    assert len(recorder.messages) == 2
