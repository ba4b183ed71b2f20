"""The mail stage's parts on their own: addresses, settings, composing, ledger, planning, retries, rate."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from email.headerregistry import Address
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter import mail
from reporter.cli import cli
from reporter.cli_output import result_summary, text_table
from reporter.config import Config, load_config
from reporter.model import ConfigError, MailError
from tests.mailserver import Received, Recorder, SmtpServer, client, tiny_pdf, write_month

MONTH = "2026-10"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return tiny_pdf("Bericht")


@pytest.fixture
def config(tmp_path: Path) -> Config:
    path = tmp_path / "reporter.toml"
    path.write_text('[agency]\nname = "Agentur Klarblick"\n[mail]\nfrom = "berichte@klarblick.de"\n'
                    'security = "none"\nretries = 2\nbackoff_s = 0\ntimeout_s = 5\n', encoding="utf-8")
    return load_config(path)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def server(recorder: Recorder) -> Iterator[SmtpServer]:
    smtp = SmtpServer(recorder).start()
    yield smtp
    smtp.stop()


# ---- addresses ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["chefin@muster.de", " Max.Muster+bericht@Firma-Beispiel.DE ",
                                  "info@bäckerei-sommer.de"])
def test_valid_addresses(text: str) -> None:
    address = mail.parse_address(text)
    assert "@" in address.addr_spec
    assert address.addr_spec.isascii()  # an umlaut domain goes out as punycode


@pytest.mark.parametrize(("text", "reason"), [
    ("chefin.muster.de", "has no @"),
    ("a@b.de\r\nBcc: spion@evil.example", "line break"),
    ("a@b.de\nb@c.de", "line break"),
    ("a@b.de c@d.de", "several addresses without a separator"),
    ("a@b.dec@d.de", "several addresses without a separator"),
    ("chefin@muster", "not a complete address"),
    ("@muster.de", "not a complete address"),
    ("Chefin <chefin@muster.de>", "several addresses without a separator"),
    ("chefin@<muster>.de", "not allowed"),
    ("", "is empty"),
])
def test_bad_addresses_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(mail.AddressError, match=reason):
        mail.parse_address(text)


def test_recipient_problems_name_workbook_sheet_and_field() -> None:
    entry = mail.ManifestEntry(slug="k", client="K", status="ok", workbook="/data/kunden/kunde.xlsx",
                               recipients=("gut@kunde.de; zweite@kunde.de", "kaputt.kunde.de"))
    addresses, problems = mail.check_recipients(entry)
    assert [a.addr_spec for a in addresses] == ["gut@kunde.de", "zweite@kunde.de"]
    assert [str(p) for p in problems] == ["kunde.xlsx › Kunde: field „Empfänger“: „kaputt.kunde.de“ has no @"]
    english = mail.ManifestEntry(slug="k", client="K", status="ok", workbook="client.xlsx", language="en",
                                 recipients=())
    assert str(mail.check_recipients(english)[1][0]) == (
        "client.xlsx › Client: field „Recipients“: no recipient: the report has nobody to go to")


def test_a_name_with_the_address_is_kept() -> None:
    entry = mail.ManifestEntry(slug="k", client="K", status="ok", workbook="k.xlsx",
                               recipients=('Max Müller <max@mueller.de>; "Eva Lind" <eva@lind.de>',))
    addresses, problems = mail.check_recipients(entry)
    assert problems == []
    assert [str(a) for a in addresses] == ["Max Müller <max@mueller.de>", "Eva Lind <eva@lind.de>"]


def test_header_injection_cannot_reach_a_message() -> None:
    entry = mail.ManifestEntry(slug="k", client="K", status="ok", workbook="k.xlsx",
                               recipients=("a@b.de\r\nBcc: x@y.de",))
    addresses, problems = mail.check_recipients(entry)
    assert addresses == ()
    assert "line break" in problems[0].message


# ---- settings ----------------------------------------------------------------------------------------------


def test_settings_precedence_option_environment_file_default(tmp_path: Path) -> None:
    path = tmp_path / "reporter.toml"
    path.write_text('[mail]\nhost = "file.example"\nport = 2525\nuser = "file-user"\n'
                    'from = "file@agentur.de"\n', encoding="utf-8")
    config = load_config(path)
    from_file = mail.resolve_settings(config, {}, {})
    assert (from_file.host, from_file.port, from_file.security, from_file.user) == ("file.example", 2525,
                                                                                   "starttls", "file-user")
    env = {"REPORTER_SMTP_HOST": "env.example", "REPORTER_SMTP_PORT": "465", "REPORTER_SMTP_SECURITY": "ssl",
           "REPORTER_MAIL_FROM": "Env <env@agentur.de>", "REPORTER_SMTP_PASSWORD": "s3cret"}
    from_env = mail.resolve_settings(config, {"host": None}, env)
    assert (from_env.host, from_env.port, from_env.security) == ("env.example", 465, "ssl")
    assert str(from_env.sender) == "Env <env@agentur.de>"
    assert from_env.password == "s3cret"
    assert "s3cret" not in repr(from_env)
    from_cli = mail.resolve_settings(config, {"host": "cli.example", "port": 587, "security": "starttls",
                                              "sender": "cli@agentur.de", "user": "cli-user"}, env)
    assert (from_cli.host, from_cli.port, from_cli.user, from_cli.sender.addr_spec) == (
        "cli.example", 587, "cli-user", "cli@agentur.de")
    defaults = mail.resolve_settings(Config(), {"sender": "a@b.de"}, {"REPORTER_SMTP_SECURITY": "ssl"})
    assert (defaults.host, defaults.port, defaults.retries) == (None, 465, 3)


def test_sender_falls_back_to_the_agency_address_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "reporter.toml"
    path.write_text('[agency]\nname = "Agentur Klarblick"\nemail = "team@klarblick.de"\n', encoding="utf-8")
    settings = mail.resolve_settings(load_config(path), {}, {})
    assert str(settings.sender) == "Agentur Klarblick <team@klarblick.de>"


@pytest.mark.parametrize(("options", "env", "message"), [
    ({"sender": "a@b.de"}, {"REPORTER_SMTP_PORT": "fünf"},
     "environment REPORTER_SMTP_PORT: port must be a number"),
    ({"sender": "a@b.de"}, {"REPORTER_SMTP_SECURITY": "tls"}, "security must be one of starttls, ssl, none"),
    ({"sender": "a@b.de\r\nBcc: x@y.de"}, {}, "option --from"),
    ({}, {}, "no sender address"),
    ({"sender": "a@b.de"}, {"REPORTER_SMTP_CAFILE": "/nonexistent/ca.pem"}, "CA file"),
])
def test_bad_settings_are_config_errors(options: dict[str, str], env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        mail.resolve_settings(Config(), options, env)


# ---- composing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("contact", "language", "expected"), [
    ("Herr Krämer", "de", "Guten Tag Herr Krämer,"),
    ("Frau Dr. Sommer", "de", "Guten Tag Frau Dr. Sommer,"),
    ("Herr Krämer, Frau Lind", "de", "Guten Tag Herr Krämer und Frau Lind,"),
    (None, "de", "Guten Tag,"),
    ("  ", "de", "Guten Tag,"),
    ("Dr Weber", "en", "Dear Dr Weber,"),
    ("Frau Lind", "en", "Dear Ms Lind,"),
    ("Herr Krämer und Frau Lind", "en", "Dear Mr Krämer and Ms Lind,"),
    (None, "en", "Hello,"),
])
def test_greeting(contact: str | None, language: str, expected: str) -> None:
    assert mail.greeting(contact, language) == expected


def test_summary_excerpt_keeps_abbreviations_and_numbers_whole() -> None:
    text = ("Die Anfragen stiegen um 12,5 % auf 1.234, z. B. über das Formular. Die Reichweite wuchs um 3 "
            "Prozent.")
    assert mail.summary_excerpt(text) == text


def test_summary_excerpt_takes_the_opening_and_the_most_important_finding() -> None:
    text = ("Ihr Marketing hat eine klare Aufgabe: Anfragen gewinnen. Oktober 2026 im Überblick: viele Details. "
            "Wichtigster Befund: Die Reichweite ist gewachsen, die Anfragen nicht.")
    assert mail.summary_excerpt(text) == (
        "Ihr Marketing hat eine klare Aufgabe: Anfragen gewinnen. "
        "Wichtigster Befund: Die Reichweite ist gewachsen, die Anfragen nicht.")
    assert mail.summary_excerpt("Nur ein Satz ohne Punkt") == "Nur ein Satz ohne Punkt"
    assert mail.summary_excerpt("") == ""
    assert len(mail.summary_excerpt("Wort " * 300)) <= 480


@pytest.mark.parametrize(("name", "language", "expected"), [
    ("Muster GmbH", "de", "Marketing-Wirkungsbericht_2026-10_Muster-GmbH.pdf"),
    ("Dachdeckerei Krämer GmbH", "de", "Marketing-Wirkungsbericht_2026-10_Dachdeckerei-Kraemer-GmbH.pdf"),
    ("Straße & Söhne / Café", "en", "Marketing-impact-report_2026-10_Strasse-und-Soehne-Cafe.pdf"),
    ("»«", "de", "Marketing-Wirkungsbericht_2026-10_Kunde.pdf"),
])
def test_attachment_name(name: str, language: str, expected: str) -> None:
    assert mail.attachment_name(name, MONTH, language) == expected


def _entry(**fields: object) -> mail.ManifestEntry:
    values: dict[str, object] = {"slug": "k", "client": "Muster GmbH", "status": "ok", "workbook": "k.xlsx",
                                 "contact": "Frau Muster", "pages": 1, "summary": "Alles gut. Wirklich."}
    values.update(fields)
    return mail.ManifestEntry(**values)  # type: ignore[arg-type]


def test_html_is_autoescaped_and_text_is_not(config: Config) -> None:
    settings = mail.resolve_settings(config, {}, {})
    entry = _entry(client="<script>alert(1)</script> & Co", summary="Umsatz <b>+5 %</b>.")
    to = [Address(addr_spec="a@b.de")]
    composed = mail.Composer(settings).compose(entry, MONTH, to, "<id@x.de>", b"%PDF")
    received = Received("", [], composed.as_bytes())
    html, text = received.body("html"), received.body("plain")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>" not in html
    assert "Umsatz &lt;b&gt;+5 %&lt;/b&gt;." in html
    assert "Umsatz <b>+5 %</b>." in text
    assert received.message["Subject"] == "Ihr Marketing-Wirkungsbericht für Oktober 2026 – " \
                                          "<script>alert(1)</script> & Co"


def test_agency_templates_override_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "theme"
    folder.mkdir()
    subject = "{{ client }}: Bericht {{ month_label }}\n"
    (folder / "email_subject.txt.j2").write_text(subject, encoding="utf-8")
    path = tmp_path / "reporter.toml"
    path.write_text('[report]\ntemplates = "theme"\n[mail]\nfrom = "a@b.de"\n', encoding="utf-8")
    settings = mail.resolve_settings(load_config(path), {}, {})
    to = [Address(addr_spec="c@d.de")]
    composed = mail.Composer(settings).compose(_entry(), MONTH, to, "<i@b.de>", b"%")
    received = Received("", [], composed.as_bytes())
    assert received.message["Subject"] == "Muster GmbH: Bericht Oktober 2026"
    assert received.body("plain").startswith("Guten Tag Frau Muster,")  # still the packaged body


def test_a_broken_agency_template_is_a_located_error(tmp_path: Path) -> None:
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "email_body.txt.j2").write_text("{{ greeting }\n", encoding="utf-8")
    settings = mail.MailSettings(sender=Address(addr_spec="a@b.de"), templates=folder)
    with pytest.raises(MailError, match="email_body.txt.j2:1: e-mail template"):
        mail.Composer(settings).compose(_entry(), MONTH, [Address(addr_spec="c@d.de")], "<i@b.de>", b"%")


# ---- ledger and planning -----------------------------------------------------------------------------------


def test_a_sending_row_is_unknown_and_not_sent_again_without_the_flag(tmp_path: Path, pdf: bytes,
                                                                       config: Config, server: SmtpServer,
                                                                       recorder: Recorder) -> None:
    out = tmp_path / "reports"
    folder = write_month(out, MONTH, [client("k1"), client("k2")], pdf)
    sha = mail._sha256(folder / "k1.pdf")
    with mail.Ledger(out / mail.LEDGER_NAME) as ledger:  # a run that died after committing `sending`
        ledger.begin(slug="k1", month=MONTH, sha256=sha, message_id="<crash@klarblick.de>",
                     to=["chefin@k1.de"], bcc=[], purpose="send")
    with mail.Ledger(out / mail.LEDGER_NAME) as ledger:
        plan = mail.plan_send(out, ledger)
        assert [(i.entry.slug, i.action) for i in plan.items] == [("k1", mail.Action.UNKNOWN),
                                                                  ("k2", mail.Action.SEND)]
        assert "unknown — check the mailbox" in plan.items[0].reason
        assert "<crash@klarblick.de>" in plan.items[0].reason
        settings = mail.resolve_settings(config, {"host": "127.0.0.1", "port": server.port}, {})
        results = mail.send_plan(plan, settings, ledger)
    assert [m.rcpt_tos for m in recorder.messages] == [["chefin@k2.de"]]
    assert [(r.slug, r.status) for r in results] == [("k1", "unknown"), ("k2", "sent")]
    assert result_summary(results) == "1 sent, 1 unknown — check the mailbox."

    argv = ["send", str(out), "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port), "--yes",
            "--config", str(config.path)]
    marked = CliRunner().invoke(cli, [*argv, "--mark-sent", "k1"])
    assert marked.exit_code == 0, marked.output
    assert "recorded as arrived" in marked.output
    assert len(recorder.messages) == 1
    clean = CliRunner().invoke(cli, argv)
    assert clean.exit_code == 0, clean.output
    assert "Nothing to send." in clean.output
    assert len(recorder.messages) == 1
    wrong = CliRunner().invoke(cli, [*argv, "--mark-sent", "k2"])
    assert wrong.exit_code == 2  # a usage error
    assert "nothing is unknown for this client" in wrong.output


def test_refused_reasons_in_the_plan(tmp_path: Path, pdf: bytes) -> None:
    out = tmp_path / "reports"
    clients = [client("ok"), client("gone"), client("err", status="error", message="x")]
    folder = write_month(out, MONTH, clients, pdf)
    (folder / "gone.pdf").unlink()
    with mail.Ledger(out / mail.LEDGER_NAME, readonly=True) as ledger:
        plan = mail.plan_send(out, ledger)
    assert [(i.entry.slug, i.action, i.reason) for i in plan.items] == [
        ("ok", mail.Action.SEND, ""),
        ("gone", mail.Action.REFUSED, "PDF gone.pdf is missing"),
        ("err", mail.Action.REFUSED, "the build failed: x"),
    ]
    assert not (out / mail.LEDGER_NAME).exists()  # a read-only look creates nothing


def test_a_rebuilt_pdf_is_not_sent_again_without_resend(tmp_path: Path, pdf: bytes) -> None:
    out = tmp_path / "reports"
    write_month(out, MONTH, [client("k")], pdf)
    with mail.Ledger(out / mail.LEDGER_NAME) as ledger:
        attempt = ledger.begin(slug="k", month=MONTH, sha256="0" * 64, message_id="<old@x.de>",
                               to=["chefin@k.de"], bcc=[], purpose="send")
        ledger.finish(attempt, {"chefin@k.de": ("sent", "250 ok")}, "250 ok")
        item = mail.plan_send(out, ledger).items[0]
        assert item.action is mail.Action.ALREADY_SENT
        assert "an earlier version was sent" in item.reason
        assert "--resend k" in item.reason
        assert mail.plan_send(out, ledger, resend=["k"]).items[0].action is mail.Action.RESEND


def test_manifest_errors_are_located(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    (out / MONTH).mkdir(parents=True)
    with pytest.raises(MailError, match="no month folder with a manifest.json"):
        mail.latest_month(out)
    (out / MONTH / "manifest.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(MailError, match=r"manifest.json: cannot read the manifest"):
        mail.load_manifest(out)
    with pytest.raises(ConfigError, match="--month must look like 2026-10"):
        mail.load_manifest(out, "10/2026")
    (out / MONTH / "manifest.json").write_text('{"clients": [{"slug": "x", "pdf": "../../secret.pdf"}]}',
                                               encoding="utf-8")
    with pytest.raises(MailError, match="lies outside the month folder"):
        mail.load_manifest(out)


def test_the_latest_month_is_the_latest_with_a_built_report(tmp_path: Path, pdf: bytes) -> None:
    out = tmp_path / "reports"
    failed = client("kaputt", status="error", message="kaputt.xlsx: the file cannot be read")
    write_month(out, "2026-11", [failed], pdf)
    with pytest.raises(MailError, match=r"no month's manifest.json lists a built report \(only failures in "
                                        r"2026-11\)"):
        mail.latest_month(out)
    write_month(out, "2026-09", [client("k")], pdf)
    write_month(out, "2026-10", [dict(failed)], pdf)
    assert mail.latest_month(out) == "2026-09"
    write_month(out, "2026-12", [dict(failed), client("k", status="skipped")], pdf)
    assert mail.latest_month(out) == "2026-12"


def test_only_one_send_per_output_folder(tmp_path: Path, pdf: bytes, config: Config) -> None:
    out = tmp_path / "reports"
    write_month(out, MONTH, [client("k")], pdf)
    with mail.exclusive(out):
        result = CliRunner().invoke(cli, ["send", str(out), "--config", str(config.path), "--yes",
                                          "--smtp-host", "127.0.0.1"])
        with pytest.raises(MailError, match="another `reporter send` is running"), mail.exclusive(out):
            pass
    assert result.exit_code == 1
    assert "another `reporter send` is running on this folder" in result.output
    with mail.exclusive(out):  # released again
        pass


def test_ledger_schema_records_attempts_and_deliveries(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with mail.Ledger(path) as ledger:
        attempt = ledger.begin(slug="k", month=MONTH, sha256="ab", message_id="<m@x.de>",
                               to=["b@x.de", "a@x.de"], bcc=["archiv@agentur.de"], purpose="send")
        with sqlite3.connect(path) as other:  # committed: another connection sees it before the SMTP exchange
            assert other.execute("SELECT state, recipients FROM attempts").fetchall() == [("sending",
                                                                                           "a@x.de, b@x.de")]
        ledger.finish(attempt, {"a@x.de": ("sent", "250 ok"), "b@x.de": ("failed", "550 no"),
                                "archiv@agentur.de": ("sent", "250 ok")}, "250 ok")
        states = {r.address: r.state for r in ledger.deliveries("k", MONTH)}
    assert states == {"a@x.de": "sent", "b@x.de": "failed", "archiv@agentur.de": "sent"}


def test_a_damaged_ledger_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    for readonly in (False, True):
        with pytest.raises(MailError, match="cannot open the send ledger"):
            mail.Ledger(path, readonly=readonly)


def test_a_dry_run_reads_the_ledger_of_a_folder_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "Berichte 2026 #1" / "ledger.sqlite"
    path.parent.mkdir()
    with mail.Ledger(path) as ledger:
        attempt = ledger.begin(slug="k", month=MONTH, sha256="ab", message_id="<m@x.de>", to=["a@x.de"],
                               bcc=[], purpose="send")
        ledger.finish(attempt, {"a@x.de": ("sent", "250 ok")}, "250 ok")
    with mail.Ledger(path, readonly=True) as ledger:
        assert [r.state for r in ledger.deliveries("k", MONTH)] == ["sent"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["ledger.sqlite"]


# ---- transport: retries, fatal errors, rate ----------------------------------------------------------------


def _composed(settings: mail.MailSettings, to: list[str]) -> mail.Composed:
    return mail.Composer(settings).compose(_entry(), MONTH, [Address(addr_spec=a) for a in to], "<t@x.de>",
                                           b"%PDF-1.7")


def test_the_ledger_and_the_date_header_read_reporters_clock(tmp_path: Path, config: Config,
                                                             frozen_clock: dt.datetime) -> None:
    with mail.Ledger(tmp_path / mail.LEDGER_NAME) as ledger:
        attempt = ledger.begin(slug="k", month=MONTH, sha256="0" * 64, message_id="<t@x.de>", to=["a@x.de"],
                               bcc=[], purpose="send")
        ledger.finish(attempt, {"a@x.de": ("sent", "250 ok")}, "250 ok")
        [record] = ledger.deliveries("k", MONTH)
    assert record.started_at == record.finished_at == "2026-12-05T09:00:00+00:00"
    settings = mail.resolve_settings(config, {}, {})
    assert _composed(settings, ["a@x.de"]).message["Date"].datetime == frozen_clock


def test_deliver_retries_transient_failures_with_growing_pauses(config: Config, server: SmtpServer,
                                                                 recorder: Recorder) -> None:
    recorder.data_failures = 2
    settings = mail.resolve_settings(config, {"host": "127.0.0.1", "port": server.port}, {})
    settings = mail.MailSettings(**{**settings.__dict__, "backoff_s": 0.5, "retries": 3})
    pauses: list[float] = []
    transport = mail.SmtpTransport(settings)
    try:
        outcomes, last = mail.deliver(transport, _composed(settings, ["a@x.de"]), settings.sender,
                                      [Address(addr_spec="a@x.de")], settings, sleep=pauses.append)
    finally:
        transport.close()
    assert outcomes == {"a@x.de": ("sent", "250 2.0.0 OK queued as Q1")}
    assert last == "250 2.0.0 OK queued as Q1"
    assert pauses == [0.5, 1.0]
    assert len(recorder.messages) == 1


def test_a_greylisted_recipient_is_retried_alone(config: Config, server: SmtpServer,
                                                 recorder: Recorder) -> None:
    recorder.greylist = {"grau@x.de"}
    settings = mail.resolve_settings(config, {"host": "127.0.0.1", "port": server.port}, {})
    to = [Address(addr_spec="grau@x.de"), Address(addr_spec="da@x.de")]
    pauses: list[float] = []
    transport = mail.SmtpTransport(settings)
    try:
        composed = _composed(settings, ["grau@x.de", "da@x.de"])
        outcomes, _ = mail.deliver(transport, composed, settings.sender, to, settings, sleep=pauses.append)
    finally:
        transport.close()
    assert {a: state for a, (state, _) in outcomes.items()} == {"grau@x.de": "sent", "da@x.de": "sent"}
    assert [m.rcpt_tos for m in recorder.messages] == [["da@x.de"], ["grau@x.de"]]
    assert pauses == [0.0]


def test_a_421_drops_the_connection_and_the_retry_reconnects(config: Config, server: SmtpServer,
                                                              recorder: Recorder) -> None:
    recorder.data_failures = 1
    recorder.failure_reply = "421 4.4.2 closing connection"
    settings = mail.resolve_settings(config, {"host": "127.0.0.1", "port": server.port}, {})
    transport = mail.SmtpTransport(settings)
    try:
        outcomes, _ = mail.deliver(transport, _composed(settings, ["a@x.de"]), settings.sender,
                                   [Address(addr_spec="a@x.de")], settings, sleep=lambda _: None)
    finally:
        transport.close()
    assert outcomes["a@x.de"][0] == "sent"
    assert recorder.data_commands == 2
    assert len(recorder.messages) == 1


def test_a_silent_server_times_out_and_stops_the_run(tmp_path: Path, pdf: bytes) -> None:
    out = tmp_path / "reports"
    write_month(out, MONTH, [client("k1"), client("k2")], pdf)
    path = tmp_path / "reporter.toml"
    path.write_text('[mail]\nfrom = "a@b.de"\nsecurity = "none"\nretries = 2\nbackoff_s = 0.25\n'
                    'timeout_s = 0.2\n', encoding="utf-8")
    pauses: list[float] = []
    with socket_port(listen=True) as port, mail.Ledger(out / mail.LEDGER_NAME) as ledger:
        settings = mail.resolve_settings(load_config(path), {"host": "127.0.0.1", "port": port}, {})
        results = mail.send_plan(mail.plan_send(out, ledger), settings, ledger, sleep=pauses.append)
    assert pauses == [0.25, 0.5]  # the first try and two retries, with growing pauses
    assert [(r.slug, r.status) for r in results] == [("k1", "failed"), ("k2", "failed")]
    assert "timed out" in results[0].detail


def test_deliver_records_a_permanent_refusal_per_recipient(config: Config, server: SmtpServer,
                                                           recorder: Recorder) -> None:
    recorder.refuse = {"weg@x.de"}
    settings = mail.resolve_settings(config, {"host": "127.0.0.1", "port": server.port}, {})
    transport = mail.SmtpTransport(settings)
    pauses: list[float] = []
    try:
        outcomes, _ = mail.deliver(transport, _composed(settings, ["da@x.de", "weg@x.de"]), settings.sender,
                                   [Address(addr_spec="da@x.de"), Address(addr_spec="weg@x.de")], settings,
                                   sleep=pauses.append)
    finally:
        transport.close()
    assert outcomes["da@x.de"][0] == "sent"
    assert outcomes["weg@x.de"] == ("failed", "550 5.1.1 <weg@x.de>: mailbox unavailable")
    assert pauses == []  # permanent: no retry
    assert recorder.messages[0].rcpt_tos == ["da@x.de"]


def test_an_unreachable_server_stops_the_run_and_records_nothing_as_sent(tmp_path: Path, pdf: bytes,
                                                                          config: Config) -> None:
    out = tmp_path / "reports"
    write_month(out, MONTH, [client("k1"), client("k2")], pdf)
    with socket_port() as port, mail.Ledger(out / mail.LEDGER_NAME) as ledger:
        settings = mail.resolve_settings(config, {"host": "127.0.0.1", "port": port}, {})
        results = mail.send_plan(mail.plan_send(out, ledger), settings, ledger, sleep=lambda _: None)
    assert [(r.slug, r.status) for r in results] == [("k1", "failed"), ("k2", "failed")]
    assert "cannot connect to 127.0.0.1" in results[0].detail
    assert results[1].detail.startswith("not sent: cannot connect")
    with mail.Ledger(out / mail.LEDGER_NAME) as ledger:
        assert [r.state for r in ledger.deliveries("k1", MONTH)] == ["failed"]
        assert ledger.deliveries("k2", MONTH) == []
        assert [i.action for i in mail.plan_send(out, ledger).items] == [mail.Action.SEND, mail.Action.SEND]


class socket_port:  # noqa: N801 - used like a function
    """A port on 127.0.0.1 that refuses connections, or with ``listen`` accepts them and never says a word."""

    def __init__(self, listen: bool = False) -> None:
        self.listen = listen

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        if self.listen:
            self.sock.listen(8)
        return int(self.sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def test_a_non_ascii_mailbox_needs_smtputf8(config: Config, recorder: Recorder) -> None:
    jurgen = mail.parse_address("jürgen@bäckerei.de")
    for smtputf8, expected in ((True, "sent"), (False, "failed")):
        server = SmtpServer(recorder, smtputf8=smtputf8).start()
        settings = mail.resolve_settings(config, {"host": "127.0.0.1", "port": server.port}, {})
        composed = mail.Composer(settings).compose(_entry(), MONTH, [jurgen], "<u@x.de>", b"%PDF")
        assert composed.utf8
        transport = mail.SmtpTransport(settings)
        try:
            outcomes, last = mail.deliver(transport, composed, settings.sender, [jurgen], settings)
        finally:
            transport.close()
            server.stop()
        assert outcomes["jürgen@xn--bckerei-5wa.de"][0] == expected
    assert "server lacks SMTPUTF8" in last
    assert recorder.messages[0].rcpt_tos == ["jürgen@xn--bckerei-5wa.de"]
    assert recorder.messages[0].message["To"] == "jürgen@xn--bckerei-5wa.de"


def test_rate_limiter_spaces_messages_evenly() -> None:
    now = [100.0]
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(round(seconds, 6))
        now[0] += seconds

    limiter = mail.RateLimiter(30, clock=lambda: now[0], sleep=sleep)
    limiter.wait()
    now[0] += 0.5
    limiter.wait()
    limiter.wait()
    assert pauses == [1.5, 2.0]
    unlimited = mail.RateLimiter(None, clock=lambda: now[0], sleep=sleep)
    unlimited.wait()
    unlimited.wait()
    assert pauses == [1.5, 2.0]


def test_render_table_keeps_the_last_column_whole() -> None:
    table = text_table(("A", "Detail"), [("x" * 80, "a reason " * 12)], numbers_right=False, max_width=20)
    header, rule, row = table.splitlines()
    assert row.startswith("x" * 19 + "…")
    assert row.endswith("a reason a reason")
    assert header.startswith("A")
    assert set(rule.replace(" ", "")) == {"-"}
