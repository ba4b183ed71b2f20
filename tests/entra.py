"""A stand-in for Microsoft Entra's token service on 127.0.0.1 over HTTPS, for the Microsoft 365 flow of
``reporter send``: the OpenID discovery document of a tenant and its v2.0 token endpoint for the
client-credentials grant, answering with Microsoft's own error codes (AADSTS…). MSAL talks to it exactly as to
login.microsoftonline.com once ``[mail] authority`` points here and the test certificate is trusted.

    entra = Entra(cert, key, secret="…").start()      # issues "ms-token-1", "ms-token-2", … in turn
    config: authority = entra.authority, tenant = entra.tenant, client_id = entra.client_id
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import ssl
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

TENANT = "klarblick-test"
CLIENT_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
SCOPE = "https://outlook.office365.com/.default"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class Entra:
    """The token service: ``secret`` or ``certificate`` (PEM of the app's registered certificate) is the app's
    credential; each successful request issues the next of ``tokens``. ``requests`` records each token request's
    form (for the test's own assertions)."""

    cert: Path
    key: Path
    secret: str | None = None
    certificate: bytes | None = None
    tenant: str = TENANT
    client_id: str = CLIENT_ID
    tokens: list[str] = field(default_factory=lambda: [f"ms-token-{n}" for n in range(1, 10)])
    requests: list[dict[str, str]] = field(default_factory=list)
    discoveries: int = 0

    def __post_init__(self) -> None:
        entra = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                status, body = entra.discovery(self.path)
                self._answer(status, body)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                status, body = entra.token(self.path, form)
                self._answer(status, body)

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert), str(self.key))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def authority(self) -> str:
        return f"https://127.0.0.1:{self.server.server_address[1]}"

    @property
    def token_endpoint(self) -> str:
        return f"{self.authority}/{self.tenant}/oauth2/v2.0/token"

    def start(self) -> Entra:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def discovery(self, path: str) -> tuple[int, dict[str, Any]]:
        tenant = path.strip("/").split("/")[0]
        if path.rstrip("/") != f"/{tenant}/v2.0/.well-known/openid-configuration":
            return 404, {"error": "not_found"}
        if tenant != self.tenant:
            return 400, error("invalid_tenant", 90002, f"Tenant '{tenant}' not found. Check to make sure you have "
                              "the correct tenant ID and are signing into the correct cloud.")
        self.discoveries += 1
        base = f"{self.authority}/{self.tenant}"
        return 200, {"token_endpoint": f"{base}/oauth2/v2.0/token",
                     "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                     "issuer": f"{base}/v2.0", "token_endpoint_auth_methods_supported":
                         ["client_secret_post", "private_key_jwt", "client_secret_basic"]}

    def token(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.requests.append(form)
        if path != f"/{self.tenant}/oauth2/v2.0/token" or form.get("grant_type") != "client_credentials":
            return 400, error("unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
        if form.get("client_id") != self.client_id:
            return 400, error("unauthorized_client", 700016, f"Application with identifier '{form.get('client_id')}' "
                              f"was not found in the directory '{self.tenant}'. This can happen if the application "
                              "has not been installed by the administrator of the tenant or consented to by any "
                              "user in the tenant. You may have sent your authentication request to the wrong "
                              "tenant.")
        refused = self._credential_refused(form)
        if refused:
            return 401, refused
        if form.get("scope") != SCOPE:
            return 400, error("invalid_scope", 1002012, f"The provided value for scope {form.get('scope')} is not "
                              "valid. Client credential flows must have a scope value with /.default suffixed to "
                              "the resource identifier (application ID URI).")
        return 200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                     "access_token": self.tokens.pop(0)}

    def _credential_refused(self, form: dict[str, str]) -> dict[str, Any] | None:
        if "client_assertion" in form and self.certificate is not None:
            return None if self._valid_assertion(form) else error(
                "invalid_client", 700027, "The certificate with identifier used to sign the client assertion is "
                "not registered on application.")
        if "client_secret" in form and self.secret is not None:
            return None if form["client_secret"] == self.secret else error(
                "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the "
                f"request is the client secret value, not the client secret ID, for a secret added to app "
                f"'{self.client_id}'.")
        return error("invalid_client", 7000218, "The request body must contain the following parameter: "
                     "'client_assertion' or 'client_secret'.")

    def _valid_assertion(self, form: dict[str, str]) -> bool:
        """A JWT signed with the registered certificate's key, naming it by its SHA-256 thumbprint."""
        import jwt
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes

        assert self.certificate is not None
        registered = x509.load_pem_x509_certificate(self.certificate)
        thumbprint = base64.urlsafe_b64encode(registered.fingerprint(hashes.SHA256())).rstrip(b"=").decode()
        assertion = form["client_assertion"]
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            return False
        if str(jwt.get_unverified_header(assertion).get("x5t#S256")).rstrip("=") != thumbprint:
            return False
        try:
            claims = jwt.decode(assertion, registered.public_key(), algorithms=["PS256", "RS256"],
                                audience=self.token_endpoint)
        except jwt.InvalidTokenError:
            return False
        return bool(claims.get("iss") == claims.get("sub") == self.client_id)


def error(kind: str, code: int, text: str) -> dict[str, Any]:
    """An error answer as Microsoft's token service writes it."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    return {"error": kind, "error_description": f"AADSTS{code}: {text} Trace ID: 0b6c4d1e-0000-4000-8000-000000000000 "
                                                f"Correlation ID: 5d2e0f6a-0000-4000-8000-000000000000 "
                                                f"Timestamp: {now}",
            "error_codes": [code], "timestamp": now, "trace_id": "0b6c4d1e-0000-4000-8000-000000000000",
            "correlation_id": "5d2e0f6a-0000-4000-8000-000000000000"}


def rsa_certificate(folder: Path, name: str = "app") -> tuple[Path, bytes]:
    """An app certificate as Entra wants one (RSA, self-signed): ``folder/<name>.pem`` holds key and certificate;
    returns it and the certificate's PEM (what the admin uploads to the app registration)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "reporter send (test)")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    path = folder / f"{name}.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()) + cert_pem)
    return path, cert_pem
