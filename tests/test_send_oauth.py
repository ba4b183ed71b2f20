"""``reporter send`` with OAuth 2.0 (SASL XOAUTH2), end to end: the CLI against a real aiosmtpd server that speaks
AUTH XOAUTH2 over STARTTLS or TLS, tokens from the environment, from a token command (small Python scripts), and
from Microsoft's client-credentials flow through MSAL against a local HTTPS stand-in of Entra's token service
(``tests/entra.py``). Nothing of reporter is mocked."""

from __future__ import annotations

import base64
import logging
import sqlite3
import ssl
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reporter.cli import cli
from reporter.config import load_config
from reporter.mail import resolve_settings
from reporter.oauth import token_source, xoauth2_response
from tests.entra import CLIENT_ID, SCOPE, TENANT, Entra, rsa_certificate
from tests.mailserver import Bearer, Recorder, SmtpServer, client, self_signed, tiny_pdf, write_month

MONTH = "2026-10"
MAILBOX = "berichte@klarblick.de"
ENV_KEYS = ("REPORTER_SMTP_HOST", "REPORTER_SMTP_PORT", "REPORTER_SMTP_SECURITY", "REPORTER_SMTP_USER",
            "REPORTER_MAIL_FROM", "REPORTER_SMTP_PASSWORD", "REPORTER_SMTP_CAFILE", "REPORTER_SMTP_AUTH",
            "REPORTER_SMTP_OAUTH_TOKEN", "REPORTER_SMTP_OAUTH_CLIENT_SECRET",
            "REPORTER_SMTP_OAUTH_CERTIFICATE_PASSWORD", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
RECIPIENTS = ("inhaber@kraemer-dach.de", "buero@kraemer-dach.de", "weber@weber-sons.co.uk", "chefin@lind.de")
PRINT_TOKEN = """\
import pathlib, sys
state = pathlib.Path(sys.argv[1])
runs = state.with_suffix(".runs")
runs.write_text(str(int(runs.read_text()) + 1) if runs.exists() else "1")
print(state.read_text().strip())
"""


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return tiny_pdf("Wirkungsbericht")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def tls(tmp_path: Path) -> tuple[Path, Path]:
    """Certificate and key of the SMTP server and of the token service; trusted through [mail] cafile."""
    return self_signed(tmp_path)


@pytest.fixture
def bearer() -> Bearer:
    return Bearer(tokens={"tok-1": MAILBOX})


@pytest.fixture
def server(bearer: Bearer, tls: tuple[Path, Path]) -> Iterator[SmtpServer]:
    smtp = SmtpServer(bearer, tls=tls).start()
    yield smtp
    smtp.stop()


@pytest.fixture
def out(tmp_path: Path, pdf: bytes) -> Path:
    """Three clients, four recipients."""
    out = tmp_path / "reports"
    write_month(out, MONTH, [
        client("kraemer", client="Dachdeckerei Krämer GmbH", recipients=list(RECIPIENTS[:2])),
        client("weber", client="Weber & Söhne Ltd", language="en", recipients=[RECIPIENTS[2]]),
        client("lind", client="Physiotherapie Lind", recipients=[RECIPIENTS[3]]),
    ], pdf)
    return out


def toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


def write_config(folder: Path, **mail: Any) -> Path:
    """reporter.toml: sender = user = the mailbox, STARTTLS with the test CA, quick retries; plus ``mail``."""
    settings: dict[str, Any] = {"from": f"Agentur Klarblick <{MAILBOX}>", "user": MAILBOX, "security": "starttls",
                                "cafile": "cert.pem", "retries": 2, "backoff_s": 0.01, "timeout_s": 5}
    settings.update(mail)
    lines = ['[agency]', 'name = "Agentur Klarblick"', "[mail]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in settings.items() if value is not None]
    path = folder / "reporter.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(out: Path, config: Path, server: SmtpServer | None, *args: str) -> Result:
    argv = ["send", str(out), "--config", str(config), "--month", MONTH]
    if server is not None:
        argv += ["--smtp-host", "127.0.0.1", "--smtp-port", str(server.port)]
    return CliRunner().invoke(cli, [*argv, *args])


def delivered(recorder: Recorder) -> dict[str, int]:
    """How many messages each of the clients' recipients received."""
    return {address: len(recorder.to(address)) for address in RECIPIENTS}


def ledger_states(out: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(out / "ledger.sqlite") as db:
        return db.execute("SELECT a.slug, d.address, d.state FROM deliveries d JOIN attempts a "
                          "ON a.id = d.attempt_id ORDER BY a.id, d.address").fetchall()


def token_script(folder: Path, token: str) -> tuple[list[str], Path]:
    """A token command (a list for reporter.toml) that prints what ``state.txt`` holds and counts its runs."""
    (folder / "print_token.py").write_text(PRINT_TOKEN, encoding="utf-8")
    state = folder / "state.txt"
    state.write_text(token, encoding="utf-8")
    return [sys.executable, "print_token.py", "state.txt"], state


def runs(state: Path) -> int:
    counter = state.with_suffix(".runs")
    return int(counter.read_text()) if counter.exists() else 0


# ---- a token from the environment ----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["option", "environment", "reporter.toml"])
def test_token_from_the_environment_over_starttls(where: str, tmp_path: Path, out: Path, server: SmtpServer,
                                                  bearer: Bearer, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, auth="xoauth2" if where == "reporter.toml" else None)
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-1")
    if where == "environment":
        monkeypatch.setenv("REPORTER_SMTP_AUTH", "xoauth2")
    result = run(out, config, server, "--yes", *(["--smtp-auth", "xoauth2"] if where == "option" else []))
    assert result.exit_code == 0, result.output
    assert delivered(bearer) == dict.fromkeys(RECIPIENTS, 1)
    assert bearer.presented == ["tok-1"]  # one connection, one AUTH for the whole run
    assert all(state == "sent" for _slug, _address, state in ledger_states(out))


def test_token_from_the_environment_over_implicit_tls(tmp_path: Path, out: Path, tls: tuple[Path, Path],
                                                      bearer: Bearer, monkeypatch: pytest.MonkeyPatch) -> None:
    server = SmtpServer(bearer, tls=tls, implicit_tls=True).start()
    try:
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-1")
        result = run(out, write_config(tmp_path, auth="xoauth2", security="ssl"), server, "--yes")
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert delivered(bearer) == dict.fromkeys(RECIPIENTS, 1)


def test_a_refused_token_stops_the_run_with_a_plain_message_and_nothing_is_sent(
        tmp_path: Path, out: Path, server: SmtpServer, bearer: Bearer, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, auth="xoauth2")
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-stale")
    refused = run(out, config, server, "--yes")
    assert refused.exit_code == 1
    assert bearer.messages == []
    assert bearer.presented == ["tok-stale"]  # a token from the environment cannot be renewed: no second try
    assert ("the server refused the OAuth token for berichte@klarblick.de from REPORTER_SMTP_OAUTH_TOKEN: "
            "535 5.7.3 Authentication unsuccessful") in refused.output
    assert "SMTP.SendAsApp" in refused.output
    assert "Add-MailboxPermission" in refused.output
    assert all(state == "failed" for _slug, _address, state in ledger_states(out))
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-1")
    again = run(out, config, server, "--yes")
    assert again.exit_code == 0, again.output
    assert delivered(bearer) == dict.fromkeys(RECIPIENTS, 1)


def test_google_style_error_challenge_is_answered_and_explained(tmp_path: Path, out: Path, tls: tuple[Path, Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    google = Bearer(tokens={"ya29.good": MAILBOX},
                    error_challenge={"status": "401", "schemes": "bearer", "scope": "https://mail.google.com/"},
                    refusal="535-5.7.8 Username and Password not accepted. For more information, go to\r\n"
                            "535 5.7.8  https://support.google.com/mail/?p=BadCredentials")
    server = SmtpServer(google, tls=tls).start()
    try:
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "ya29.expired")
        result = run(out, write_config(tmp_path, auth="xoauth2"), server, "--yes")
    finally:
        server.stop()
    assert result.exit_code == 1
    assert google.continuations == [b""]  # the client answered the error challenge with an empty line
    assert "(it says: status 401, scope https://mail.google.com/)" in result.output
    assert "Domain-wide delegation" in result.output
    assert google.messages == []


def test_a_token_from_the_environment_that_expires_mid_run_stops_after_what_was_sent(
        tmp_path: Path, out: Path, server: SmtpServer, bearer: Bearer, monkeypatch: pytest.MonkeyPatch) -> None:
    bearer.expire_after = {"tok-1": 1}
    config = write_config(tmp_path, auth="xoauth2")
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-1")
    first = run(out, config, server, "--yes")
    assert first.exit_code == 1
    assert "if it has expired, set a fresh token in REPORTER_SMTP_OAUTH_TOKEN" in first.output
    assert delivered(bearer) == {**dict.fromkeys(RECIPIENTS, 0), RECIPIENTS[0]: 1, RECIPIENTS[1]: 1}
    bearer.tokens["tok-2"] = MAILBOX
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-2")
    second = run(out, config, server, "--yes")
    assert second.exit_code == 0, second.output
    assert delivered(bearer) == dict.fromkeys(RECIPIENTS, 1)


# ---- a token from a command ----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["list", "string"])
def test_token_from_a_command(form: str, tmp_path: Path, out: Path, server: SmtpServer, bearer: Bearer) -> None:
    command, state = token_script(tmp_path, "tok-1")
    value = command if form == "list" else f'"{sys.executable}" print_token.py state.txt'
    result = run(out, write_config(tmp_path, auth="xoauth2", token_command=value), server, "--yes")
    assert result.exit_code == 0, result.output
    assert delivered(bearer) == dict.fromkeys(RECIPIENTS, 1)
    assert runs(state) == 1  # kept in memory for the run


def test_the_environment_comes_before_the_command(tmp_path: Path, out: Path, server: SmtpServer, bearer: Bearer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    command, state = token_script(tmp_path, "tok-from-command")
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-1")
    result = run(out, write_config(tmp_path, auth="xoauth2", token_command=command), server, "--yes")
    assert result.exit_code == 0, result.output
    assert runs(state) == 0
    assert bearer.presented == ["tok-1"]


def test_the_command_comes_before_microsofts_flow(tmp_path: Path, out: Path, server: SmtpServer, bearer: Bearer,
                                                  entra: Entra, monkeypatch: pytest.MonkeyPatch) -> None:
    command, state = token_script(tmp_path, "tok-1")
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_CLIENT_SECRET", "app-secret-value")
    result = run(out, microsoft_config(tmp_path, entra, token_command=command), server, "--yes")
    assert result.exit_code == 0, result.output
    assert runs(state) == 1
    assert entra.requests == []
    assert delivered(bearer) == dict.fromkeys(RECIPIENTS, 1)


def test_a_failing_command_shows_its_stderr_and_sends_nothing(tmp_path: Path, out: Path, server: SmtpServer,
                                                              bearer: Bearer) -> None:
    (tmp_path / "fail.py").write_text(
        "import sys\nprint('oauth2l: no credentials for berichte@klarblick.de, run oauth2l fetch first',"
        " file=sys.stderr)\nsys.exit(3)\n", encoding="utf-8")
    config = write_config(tmp_path, auth="xoauth2", token_command=[sys.executable, "fail.py"])
    result = run(out, config, server, "--yes")
    assert result.exit_code == 1
    assert "fail.py failed (exit status 3): oauth2l: no credentials for berichte@klarblick.de, run oauth2l " \
           "fetch first" in result.output
    assert bearer.presented == []
    assert bearer.messages == []


def test_a_command_that_hangs_is_stopped_after_the_timeout(tmp_path: Path, out: Path, server: SmtpServer,
                                                           bearer: Bearer) -> None:
    (tmp_path / "hang.py").write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    config = write_config(tmp_path, auth="xoauth2", token_command=[sys.executable, "hang.py"],
                          token_timeout_s=0.2)  # hang.py sleeps 60 s: any limit stops it
    result = run(out, config, server, "--yes")
    assert result.exit_code == 1
    assert "hang.py did not finish within 0.2 s and was stopped ([mail] token_timeout_s)" in result.output
    assert bearer.messages == []


def test_a_missing_program_and_a_command_that_prints_no_token(tmp_path: Path, out: Path, server: SmtpServer) -> None:
    missing = run(out, write_config(tmp_path, auth="xoauth2", token_command="get-smtp-token --for berichte"),
                  server, "--yes")
    assert missing.exit_code == 1
    assert "program get-smtp-token not found" in missing.output
    (tmp_path / "chatty.py").write_text("print('Your token is: tok-1')\n", encoding="utf-8")
    chatty = run(out, write_config(tmp_path, auth="xoauth2", token_command=[sys.executable, "chatty.py"]),
                 server, "--yes")
    assert chatty.exit_code == 1
    assert "gave something that is not an access token" in chatty.output
    assert "tok-1" not in chatty.output  # what it printed is never shown: it may be a secret


def test_a_token_that_expires_mid_run_is_renewed_and_each_recipient_gets_one_message(
        tmp_path: Path, out: Path, server: SmtpServer, bearer: Bearer) -> None:
    """The identity provider (the state file) hands out tok-2 once tok-1 expired after the first message: the
    session using tok-1 is ended (421), the new session's AUTH with tok-1 gets 535, the command runs again and
    tok-2 is accepted. Nothing is sent twice."""
    command, state = token_script(tmp_path, "tok-1")

    def rotate(token: str) -> None:
        bearer.tokens["tok-2"] = MAILBOX
        state.write_text("tok-2", encoding="utf-8")

    bearer.expire_after, bearer.on_expire = {"tok-1": 1}, rotate
    result = run(out, write_config(tmp_path, auth="xoauth2", token_command=command), server, "--yes")
    assert result.exit_code == 0, result.output
    assert delivered(bearer) == dict.fromkeys(RECIPIENTS, 1)
    assert len(bearer.messages) == 3
    assert bearer.presented == ["tok-1", "tok-1", "tok-2"]
    assert runs(state) == 2
    assert all(state == "sent" for _slug, _address, state in ledger_states(out))


def test_a_renewed_token_that_is_refused_again_stops_with_microsofts_explanation(
        tmp_path: Path, out: Path, tls: tuple[Path, Path]) -> None:
    disabled = Bearer(refusal="535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for "
                              "the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. "
                              "[FR0P281CA0001.DEUP281.PROD.OUTLOOK.COM]")
    server = SmtpServer(disabled, tls=tls).start()
    command, state = token_script(tmp_path, "tok-1")
    try:
        english = run(out, write_config(tmp_path, auth="xoauth2", token_command=command), server, "--yes")
        german = run(out, write_config(tmp_path, auth="xoauth2", token_command=command), server, "--yes",
                     "--lang", "de")
    finally:
        server.stop()
    assert english.exit_code == german.exit_code == 1
    assert disabled.presented == ["tok-1"] * 4
    assert runs(state) == 4
    assert ("SMTP AUTH is turned off for the whole Microsoft 365 organisation. An Exchange administrator can "
            "turn it on for the sending mailbox alone: Set-CASMailbox -Identity berichte@klarblick.de "
            "-SmtpClientAuthenticationDisabled $false") in english.output
    assert "SMTP AUTH ist für die gesamte Microsoft-365-Organisation ausgeschaltet" in german.output
    assert disabled.messages == []


# ---- Microsoft 365: the client-credentials flow through MSAL --------------------------------------------------


@pytest.fixture
def entra(tls: tuple[Path, Path]) -> Iterator[Entra]:
    service = Entra(*tls, secret="app-secret-value").start()
    yield service
    service.stop()


def microsoft_config(folder: Path, entra: Entra, **mail: Any) -> Path:
    settings: dict[str, Any] = {"auth": "xoauth2", "oauth": "microsoft", "tenant": entra.tenant,
                                "client_id": entra.client_id, "authority": entra.authority}
    return write_config(folder, **{**settings, **mail})


def test_microsoft_client_credentials_with_a_secret(tmp_path: Path, out: Path, entra: Entra, tls: tuple[Path, Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    microsoft = Bearer(tokens={"ms-token-1": MAILBOX})
    server = SmtpServer(microsoft, tls=tls).start()
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_CLIENT_SECRET", "app-secret-value")
    try:
        result = run(out, microsoft_config(tmp_path, entra), server, "--yes")
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert delivered(microsoft) == dict.fromkeys(RECIPIENTS, 1)
    assert len(entra.requests) == 1  # cached in memory for the run
    request = entra.requests[0]
    assert request["grant_type"] == "client_credentials"
    assert request["scope"] == SCOPE
    assert request["client_id"] == CLIENT_ID


def test_microsoft_token_expiring_mid_run_is_fetched_again(tmp_path: Path, out: Path, entra: Entra,
                                                           tls: tuple[Path, Path],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    microsoft = Bearer(tokens={"ms-token-1": MAILBOX}, expire_after={"ms-token-1": 2})
    microsoft.on_expire = lambda token: microsoft.tokens.update({"ms-token-2": MAILBOX})
    server = SmtpServer(microsoft, tls=tls).start()
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_CLIENT_SECRET", "app-secret-value")
    try:
        result = run(out, microsoft_config(tmp_path, entra), server, "--yes")
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert delivered(microsoft) == dict.fromkeys(RECIPIENTS, 1)
    assert len(entra.requests) == 2  # a second token issued after the 535
    assert microsoft.presented == ["ms-token-1", "ms-token-1", "ms-token-2"]


@pytest.fixture(scope="module")
def app_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """The app's RSA certificate (a 2048-bit key takes a while: made once): the .pem file's bytes (key and
    certificate) and the certificate alone, as uploaded to the app registration."""
    pem, public = rsa_certificate(tmp_path_factory.mktemp("app"))
    return pem.read_bytes(), public


@pytest.mark.parametrize("pfx", [False, True], ids=["pem", "pfx"])
def test_microsoft_client_credentials_with_a_certificate(pfx: bool, tmp_path: Path, out: Path,
                                                         tls: tuple[Path, Path], app_certificate: tuple[bytes, bytes],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    pem, public = tmp_path / "app.pem", app_certificate[1]
    pem.write_bytes(app_certificate[0])
    name = "app.pem"
    if pfx:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, load_pem_private_key, pkcs12

        key = load_pem_private_key(pem.read_bytes(), None)
        data = pkcs12.serialize_key_and_certificates(b"app", key, x509.load_pem_x509_certificate(public), None,
                                                     BestAvailableEncryption(b"pfx-password"))
        (tmp_path / "app.pfx").write_bytes(data)
        name = "app.pfx"
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_CERTIFICATE_PASSWORD", "pfx-password")
    service = Entra(*tls, certificate=public).start()
    microsoft = Bearer(tokens={"ms-token-1": MAILBOX})
    server = SmtpServer(microsoft, tls=tls).start()
    try:
        result = run(out, microsoft_config(tmp_path, service, client_certificate=name), server, "--yes")
    finally:
        server.stop()
        service.stop()
    assert result.exit_code == 0, result.output
    assert delivered(microsoft) == dict.fromkeys(RECIPIENTS, 1)
    assert "client_assertion" in service.requests[0]
    assert "client_secret" not in service.requests[0]


@pytest.mark.parametrize(("mail", "secret", "expected"), [
    ({"client_id": "0000aaaa-11bb-cccc-dd22-eeeeee333333"}, "app-secret-value",
     "there is no app with the client ID 0000aaaa-11bb-cccc-dd22-eeeeee333333 in the tenant klarblick-test: copy "
     "[mail] client_id (Application (client) ID) and [mail] tenant (Directory (tenant) ID) from the app "
     "registration's Overview page (AADSTS700016)"),
    ({}, "the-secret-id-not-its-value",
     "the client secret is wrong: set REPORTER_SMTP_OAUTH_CLIENT_SECRET to the secret's Value (shown once, when "
     "it was created), not to its Secret ID (AADSTS7000215)"),
    ({"tenant": "klarblik-test"}, "app-secret-value",
     "the tenant klarblik-test does not exist: set [mail] tenant to the Directory (tenant) ID or the "
     "organisation's domain (….onmicrosoft.com) (AADSTS90002)"),
    ({"scope": "https://outlook.office.com/SMTP.Send"}, "app-secret-value",
     "the scope https://outlook.office.com/SMTP.Send is not valid: for SMTP it is "
     "https://outlook.office365.com/.default ([mail] scope) (AADSTS1002012)"),
    ({}, None,
     "Microsoft 365 sign-in needs the app's client secret in REPORTER_SMTP_OAUTH_CLIENT_SECRET or a certificate "
     "([mail] client_certificate)"),
], ids=["unknown-client", "wrong-secret", "unknown-tenant", "invalid-scope", "no-secret"])
def test_microsoft_sign_in_errors_become_plain_messages(mail: dict[str, str], secret: str | None, expected: str,
                                                        tmp_path: Path, out: Path, entra: Entra,
                                                        server: SmtpServer, bearer: Bearer,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    if secret:
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_CLIENT_SECRET", secret)
    result = run(out, microsoft_config(tmp_path, entra, **mail), server, "--yes")
    assert result.exit_code == 1
    assert expected in " ".join(result.output.split()), result.output
    assert bearer.presented == []
    assert bearer.messages == []
    assert "Trace ID" not in result.output


def test_microsoft_errors_speak_german(tmp_path: Path, out: Path, entra: Entra, server: SmtpServer,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_CLIENT_SECRET", "falsch")
    result = run(out, microsoft_config(tmp_path, entra), server, "--yes", "--lang", "de")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "Anmeldung bei Microsoft 365 für die App" in text
    assert "der geheime Clientschlüssel ist falsch" in text


def test_the_token_service_must_have_a_trusted_certificate(tmp_path: Path, out: Path, server: SmtpServer,
                                                           bearer: Bearer, monkeypatch: pytest.MonkeyPatch) -> None:
    """[mail] cafile trusts the SMTP server's CA; a token service with a certificate of another, unknown CA is
    refused like any unknown CA."""
    (tmp_path / "other").mkdir()
    stranger = Entra(*self_signed(tmp_path / "other"), secret="app-secret-value").start()
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_CLIENT_SECRET", "app-secret-value")
    try:
        result = run(out, microsoft_config(tmp_path, stranger), server, "--yes")
    finally:
        stranger.stop()
    assert result.exit_code == 1
    assert (f"the certificate of {stranger.authority.split('//')[1]} is not trusted (for a private CA set "
            "REPORTER_SMTP_CAFILE or [mail] cafile)") in " ".join(result.output.split())
    assert stranger.requests == []
    assert bearer.messages == []


# ---- server answers and settings -------------------------------------------------------------------------------


def test_send_as_denied_is_explained_per_recipient(tmp_path: Path, out: Path, tls: tuple[Path, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    strict = Bearer(tokens={"tok-1": MAILBOX}, send_as_only=True)
    server = SmtpServer(strict, tls=tls).start()
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-1")
    try:
        result = run(out, write_config(tmp_path, auth="xoauth2", **{"from": "team@klarblick.de"}), server,
                     "--yes", "--only", "lind")
    finally:
        server.stop()
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "chefin@lind.de" in line and "failed" in line)
    assert "550 5.7.60 SMTP; Client does not have permissions to send as this sender" in line
    assert "berichte@klarblick.de may not send as team@klarblick.de" in line
    assert ("lind", "chefin@lind.de", "failed") in ledger_states(out)


def test_a_server_without_xoauth2_is_named(tmp_path: Path, out: Path, tls: tuple[Path, Path],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    server = SmtpServer(Recorder(), tls=tls, users={MAILBOX: "pw"}).start()
    monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", "tok-1")
    try:
        result = run(out, write_config(tmp_path, auth="xoauth2"), server, "--yes")
    finally:
        server.stop()
    assert result.exit_code == 1
    assert "does not offer AUTH XOAUTH2 (it offers: LOGIN PLAIN)" in result.output


def test_xoauth2_without_any_token_source_says_where_to_put_one(tmp_path: Path, out: Path, server: SmtpServer,
                                                                bearer: Bearer) -> None:
    result = run(out, write_config(tmp_path, auth="xoauth2"), server, "--yes")
    assert result.exit_code == 1
    assert ('--smtp-auth xoauth2 needs an access token: set REPORTER_SMTP_OAUTH_TOKEN, [mail] token_command or '
            '[mail] oauth = "microsoft"') in " ".join(result.output.split())
    assert bearer.messages == []


@pytest.mark.parametrize(("mail", "args", "expected"), [
    ({"auth": "xoauth2", "security": "none"}, (),
     "xoauth2 sends an access token, never in clear text: use --smtp-security starttls or ssl"),
    ({"user": None}, ("--smtp-auth", "xoauth2"), "option --smtp-auth: xoauth2 needs the login name"),
    ({"auth": "oauth2"}, (), '[mail] auth must be one of "password", "xoauth2", "none", not "oauth2"'),
    ({"oauth": "microsoft", "client_id": CLIENT_ID}, (), '[mail] oauth = "microsoft" needs [mail] tenant'),
    ({"token_command": "get-token 'unclosed"}, (), "[mail] token_command cannot be split into words"),
    ({"token_command": []}, (), "[mail] token_command is empty"),
    ({"token_command": ["get-token", 3]}, (), "[mail] token_command has the wrong type"),
    ({"client_certificate": "missing.pem"}, (), "[mail] client_certificate not found"),
], ids=["cleartext", "no-user", "unknown-mode", "no-tenant", "bad-quoting", "empty-command", "bad-type",
        "no-certificate"])
@pytest.mark.usefixtures("tls")
def test_oauth_settings_are_checked_before_anything_is_sent(mail: dict[str, Any], args: tuple[str, ...],
                                                            expected: str, tmp_path: Path, out: Path) -> None:
    result = run(out, write_config(tmp_path, **mail), None, "--dry-run", *args)
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split()), result.output


@pytest.mark.usefixtures("tls")
def test_dry_run_needs_no_token(tmp_path: Path, out: Path) -> None:
    config = write_config(tmp_path, auth="xoauth2", oauth="microsoft", tenant=TENANT, client_id=CLIENT_ID)
    result = run(out, config, None, "--dry-run")
    assert result.exit_code == 0, result.output
    assert len(list((out / MONTH / "outbox").glob("*.eml"))) == 3


# ---- no secret anywhere ------------------------------------------------------------------------------------------

CANARY = {name: f"CANARY-{name}-5f3a9c1e" for name in ("token", "command", "secret", "issued", "password",
                                                          "wrong", "certpw")}


def _exception_texts(exc: BaseException) -> list[str]:
    """Everything an exception could show: its formatted traceback and each exception in its chain."""
    texts = ["".join(traceback.format_exception(exc))]
    seen: BaseException | None = exc
    while seen is not None:
        texts += [str(seen), repr(seen), repr(seen.args)]
        seen = seen.__cause__ or seen.__context__
    return texts


def _library_exceptions(tmp_path: Path, entra: Entra, server: SmtpServer, cafile: Path) -> list[BaseException]:
    """The token sources and the AUTH exchange failing with canary secrets in hand."""
    import smtplib

    from reporter import oauth

    caught: list[BaseException] = []
    leaky = tmp_path / "leaky.py"  # prints the token, then fails: what it printed must not be shown
    leaky.write_text(f"import sys\nprint({CANARY['command']!r})\nsys.exit(1)\n", encoding="utf-8")
    settings = oauth.OAuthSettings(provider="microsoft", tenant=entra.tenant, client_id=entra.client_id,
                                   client_secret=CANARY["wrong"], authority=entra.authority, cafile=cafile)
    pfx = tmp_path / "app.pfx"
    pfx.write_bytes(b"not a pkcs12 file")
    attempts = [
        lambda: oauth.MicrosoftToken(settings).token(),
        lambda: oauth.CommandToken((sys.executable, str(leaky)), tmp_path, 10).token(),
        lambda: oauth.EnvToken(f"{CANARY['token']} trailing words"),
        lambda: oauth.certificate_credential(pfx, CANARY["certpw"]),
    ]
    for attempt in attempts:
        with pytest.raises(oauth.OAuthError) as raised:
            attempt()
        caught.append(raised.value)
    with smtplib.SMTP("127.0.0.1", server.port, timeout=5) as smtp:
        smtp.starttls(context=ssl.create_default_context(cafile=str(cafile)))
        smtp.ehlo()
        with pytest.raises(oauth.OAuthError) as raised:
            oauth.authenticate(smtp, MAILBOX, oauth.EnvToken(CANARY["wrong"]), "test server")
        caught.append(raised.value)
    return caught


def test_no_secret_appears_in_output_logs_ledger_outbox_or_exceptions(
        tmp_path: Path, out: Path, tls: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    bearer = Bearer(tokens={CANARY["token"]: MAILBOX, CANARY["command"]: MAILBOX, CANARY["issued"]: MAILBOX})
    server = SmtpServer(bearer, tls=tls).start()
    with_password = SmtpServer(Recorder(), tls=tls, users={MAILBOX: CANARY["password"]}).start()
    entra = Entra(*tls, secret=CANARY["secret"], tokens=[CANARY["issued"]]).start()
    command, _state = token_script(tmp_path, CANARY["command"])
    outputs: list[str] = []

    def send(config: Path, smtp: SmtpServer | None, *args: str) -> None:
        result = run(out, config, smtp, *args)
        outputs.extend([result.output, result.stderr])

    try:
        monkeypatch.setenv("REPORTER_SMTP_PASSWORD", CANARY["password"])
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_CERTIFICATE_PASSWORD", CANARY["certpw"])
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", CANARY["token"])
        send(write_config(tmp_path, auth="xoauth2"), server, "--yes", "--only", "kraemer")  # accepted
        send(write_config(tmp_path, auth="xoauth2"), None, "--dry-run")  # the outbox, with every secret set
        send(write_config(tmp_path, auth="password"), with_password, "--yes", "--only", "weber")  # accepted
        monkeypatch.setenv("REPORTER_SMTP_PASSWORD", CANARY["wrong"])
        send(write_config(tmp_path, auth="password"), with_password, "--yes", "--resend", "weber")  # refused
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_TOKEN", CANARY["wrong"])
        send(write_config(tmp_path, auth="xoauth2"), server, "--yes", "--resend", "kraemer")  # refused
        monkeypatch.delenv("REPORTER_SMTP_OAUTH_TOKEN")
        send(write_config(tmp_path, auth="xoauth2", token_command=command), server, "--yes", "--only", "lind")
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_CLIENT_SECRET", CANARY["secret"])
        send(microsoft_config(tmp_path, entra), server, "--yes", "--resend", "lind")  # accepted
        monkeypatch.setenv("REPORTER_SMTP_OAUTH_CLIENT_SECRET", CANARY["wrong"])
        send(microsoft_config(tmp_path, entra), server, "--yes", "--resend", "lind")  # refused by the service
        exceptions = _library_exceptions(tmp_path, entra, server, tls[0])
    finally:
        server.stop()
        with_password.stop()
        entra.stop()
    # the canaries did travel where they belong: the flows above really ran with them
    assert bearer.presented.count(CANARY["token"]) == 1
    assert CANARY["command"] in bearer.presented
    assert CANARY["issued"] in bearer.presented
    assert with_password.logins == [MAILBOX]
    assert [r.get("client_secret") for r in entra.requests] == [CANARY["secret"], CANARY["wrong"], CANARY["wrong"]]
    assert len(bearer.messages) == 3
    assert len(with_password.handler.messages) == 1
    captured = capfd.readouterr()
    environ = {"REPORTER_SMTP_OAUTH_TOKEN": CANARY["token"], "REPORTER_SMTP_PASSWORD": CANARY["password"],
               "REPORTER_SMTP_OAUTH_CLIENT_SECRET": CANARY["secret"],
               "REPORTER_SMTP_OAUTH_CERTIFICATE_PASSWORD": CANARY["certpw"]}
    settings = resolve_settings(load_config(microsoft_config(tmp_path, entra)), {}, environ)
    assert settings.oauth.token == CANARY["token"]
    places = {
        "settings and token sources": repr(settings) + repr(token_source(settings.oauth)),
        "output": "\n".join(outputs),
        "process stdout and stderr": captured.out + captured.err,
        # aiosmtpd ("mail.log") is the test server, not reporter: at DEBUG it logs the lines it receives
        "logs": "\n".join(f"{r.name}: {r.getMessage()}" for r in caplog.records if not r.name.startswith("mail.")),
        "ledger": b"".join(p.read_bytes() for p in out.glob("ledger.sqlite*")).decode("latin-1"),
        "outbox": b"".join(p.read_bytes() for p in (out / MONTH / "outbox").iterdir()).decode("latin-1"),
        "exceptions": "\n".join(text for exc in exceptions for text in _exception_texts(exc)),
    }
    assert all(places[place] for place in ("settings and token sources", "output", "logs", "ledger", "outbox",
                                           "exceptions"))
    assert "Client does not have permissions" not in places["output"]  # sanity: it is reporter's output
    for name, secret in CANARY.items():
        encoded = base64.b64encode(xoauth2_response(MAILBOX, secret).encode()).decode()
        for place, text in places.items():
            assert secret not in text, f"the {name} secret appears in the {place}"
            assert encoded not in text, f"the {name} secret appears base64-encoded in the {place}"
