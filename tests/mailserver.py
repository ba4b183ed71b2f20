"""Test helpers for ``reporter send``: a real aiosmtpd server on 127.0.0.1, self-signed certificates, small
real PDFs and month folders with a manifest exactly as ``reporter build`` writes them.

    server = SmtpServer(Recorder()).start()       # plain; SmtpServer(..., tls=cert) for STARTTLS
    server = SmtpServer(Bearer(tokens={"tok": "box@agentur.de"}), tls=cert).start()   # AUTH XOAUTH2 only
    write_month(out, "2026-10", [client("kraemer", recipients=["inhaber@kraemer-dach.de"])], pdf_bytes)
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email
import email.policy
import hashlib
import ipaddress
import json
import re
import socket
import ssl
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def attachment(self) -> tuple[str, bytes]:
        part = next(self.message.iter_attachments())
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        return str(part.get_filename()), payload

    def body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")


@dataclass
class Recorder:
    """The server's behaviour: accept everything, or fail DATA ``data_failures`` times with 451, refuse some
    recipients with 550, and call ``on_data`` (e.g. to kill the sending process) before answering."""

    data_failures: int = 0
    failure_reply: str = "451 4.3.0 temporary failure, try again later"
    refuse: set[str] = field(default_factory=set)
    greylist: set[str] = field(default_factory=set)  # 451 on RCPT once per address, then accepted
    on_data: Callable[[Received], None] | None = None
    messages: list[Received] = field(default_factory=list)
    data_commands: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        if address.lower() in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        if address.lower() in self.greylist:
            self.greylist.discard(address.lower())
            return f"451 4.7.1 <{address}>: greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.data_commands += 1
            if self.data_failures > 0:
                self.data_failures -= 1
                return self.failure_reply
            received = Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
            self.messages.append(received)
        if self.on_data is not None:
            self.on_data(received)
        return f"250 2.0.0 OK queued as Q{len(self.messages)}"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.rcpt_tos]


@dataclass(frozen=True)
class BearerLogin:
    """Who an XOAUTH2 session authenticated as, with which token."""

    login: str
    token: str


MICROSOFT_REFUSAL = "535 5.7.3 Authentication unsuccessful [FR0P281CA0001.DEUP281.PROD.OUTLOOK.COM]"


@dataclass
class Bearer(Recorder):
    """A Recorder whose server speaks AUTH XOAUTH2 (and demands it): ``tokens`` maps each valid access token to
    the mailbox it was issued for; anything else is refused with ``refusal``, after the error challenge of
    RFC 7628 (334 with base64 JSON, the client answers an empty line) when ``error_challenge`` is set, as Google
    does. A token in ``expire_after`` expires after that many accepted messages (``on_expire`` is called, e.g. to
    let the identity provider hand out the next one), and a session still using it gets 421 at MAIL FROM, so the
    client must connect and authenticate again. With ``send_as_only`` MAIL FROM must be the mailbox itself."""

    tokens: dict[str, str] = field(default_factory=dict)
    refusal: str = MICROSOFT_REFUSAL
    error_challenge: dict[str, str] | None = None
    expire_after: dict[str, int] = field(default_factory=dict)
    on_expire: Callable[[str], None] | None = None
    send_as_only: bool = False
    presented: list[str] = field(default_factory=list)  # every token offered at AUTH, in order
    continuations: list[bytes] = field(default_factory=list)  # the client's answers to the error challenge

    async def auth_XOAUTH2(self, server: Any, args: list[str]) -> AuthResult:  # noqa: N802 - aiosmtpd's name
        if len(args) == 2:
            try:
                blob = base64.b64decode(args[1], validate=True)
            except binascii.Error:
                return AuthResult(success=False, handled=False, message="501 5.5.2 Cannot decode base64")
        else:  # "AUTH XOAUTH2" alone: an empty challenge first, as in Microsoft's sample exchange
            answer = await server.challenge_auth("", encode_to_b64=False)
            if not isinstance(answer, bytes):
                return AuthResult(success=False, handled=True)
            blob = answer
        match = re.fullmatch(r"user=([^\x01]*)\x01auth=Bearer ([^\x01]*)\x01\x01", blob.decode("utf-8", "replace"))
        if match is None:
            return AuthResult(success=False, handled=False, message="501 5.5.2 Malformed XOAUTH2 response")
        user, token = match.groups()
        with self.lock:
            self.presented.append(token)
            valid = self.tokens.get(token) == user
        if valid:
            return AuthResult(success=True, auth_data=BearerLogin(user, token))
        if self.error_challenge is not None:
            answer = await server.challenge_auth(json.dumps(self.error_challenge).encode(), encode_to_b64=True)
            self.continuations.append(answer if isinstance(answer, bytes) else b"<aborted>")
        return AuthResult(success=False, handled=False, message=self.refusal)

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          mail_options: list[str]) -> str:
        login = session.auth_data
        if isinstance(login, BearerLogin):
            if login.token not in self.tokens:
                return "421 4.7.0 Session expired, please reconnect"
            if self.send_as_only and address.lower() != login.login.lower():
                return "550 5.7.60 SMTP; Client does not have permissions to send as this sender"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        reply = await super().handle_DATA(server, session, envelope)
        login = session.auth_data
        if reply.startswith("250") and isinstance(login, BearerLogin) and login.token in self.expire_after:
            with self.lock:
                self.expire_after[login.token] -= 1
                expired = self.expire_after[login.token] <= 0
                if expired:
                    del self.expire_after[login.token]
                    self.tokens.pop(login.token, None)
            if expired and self.on_expire is not None:
                self.on_expire(login.token)
        return reply


class _Controller(Controller):
    def factory(self) -> Any:
        # With implicit TLS the whole session is encrypted, but aiosmtpd counts only STARTTLS as TLS and warns
        # when AUTH is required without it (every connection, in the server's thread).
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
            return super().factory()


class SmtpServer:
    """aiosmtpd in a thread on a free port; ``tls`` = (cert.pem, key.pem) enables STARTTLS (required), or
    with ``implicit_tls`` TLS from the first byte (port-465 style)."""

    def __init__(self, handler: Recorder, tls: tuple[Path, Path] | None = None,
                 users: dict[str, str] | None = None, implicit_tls: bool = False,
                 smtputf8: bool = False) -> None:
        self.handler = handler
        self.port = free_port()
        kwargs: dict[str, Any] = {"enable_SMTPUTF8": smtputf8}
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            if implicit_tls:
                kwargs.update(ssl_context=context)
            else:
                kwargs.update(tls_context=context, require_starttls=True)
        if users is not None:
            self.logins: list[str] = []

            def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                              auth_data: Any) -> AuthResult:
                ok = isinstance(auth_data, LoginPassword) and users.get(auth_data.login.decode()) == \
                    auth_data.password.decode()
                if ok:
                    self.logins.append(auth_data.login.decode())
                return AuthResult(success=ok, handled=False)

            kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=tls is not None)
        if isinstance(handler, Bearer):  # XOAUTH2 only, never before TLS (aiosmtpd counts only STARTTLS as TLS)
            kwargs.update(auth_required=True, auth_require_tls=not implicit_tls,
                          auth_exclude_mechanism=["PLAIN", "LOGIN"])
        self.controller = _Controller(handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost that is its own CA; tests trust it via REPORTER_SMTP_CAFILE."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "reporter test SMTP")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def tiny_pdf(text: str) -> bytes:
    """A small real PDF (one page) made by WeasyPrint, like the reports."""
    with warnings.catch_warnings():  # WeasyPrint warns on import when the system lacks libharfbuzz-subset
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint import HTML

    return bytes(HTML(string=f"<html><body><h1>{text}</h1><p>Testbericht</p></body></html>").write_pdf())


def client(slug: str, **fields: Any) -> dict[str, Any]:
    """One manifest entry; ``pdf``/``sha256`` are filled in by ``write_month``."""
    entry: dict[str, Any] = {
        "workbook": f"/data/kunden/{slug}.xlsx", "slug": slug, "client": "Muster GmbH", "status": "ok",
        "message": None, "pdf": f"{slug}.pdf", "json": f"{slug}.json", "recipients": [f"chefin@{slug}.de"],
        "contact": "Frau Muster", "language": "de", "pages": 1, "seconds": 0.5,
        "summary": "Die Anfragen stiegen um 12,5 % auf 45, z. B. über das Kontaktformular. "
                   "Ein mittlerer Satz, der nicht in die E-Mail gehört. Die Reichweite wuchs ebenfalls.",
    }
    entry.update(fields)
    return entry


def write_month(out: Path, month: str, clients: list[dict[str, Any]], pdfs: dict[str, bytes] | bytes) -> Path:
    """``OUT/<month>/`` with each client's PDF and the manifest; returns the month folder."""
    folder = out / month
    folder.mkdir(parents=True, exist_ok=True)
    for entry in clients:
        if entry["status"] == "error" or not entry.get("pdf"):
            entry.update(pdf=None, json=None, sha256=None)
            continue
        data = pdfs if isinstance(pdfs, bytes) else pdfs[entry["language"]]
        (folder / entry["pdf"]).write_bytes(data)
        entry.setdefault("sha256", hashlib.sha256(data).hexdigest())
    manifest = {"month": month, "tool_version": "0.1.0", "generated_at": "2026-11-01T06:00:00+00:00",
                "clients": clients}
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    return folder
