"""OAuth 2.0 for sending (SASL XOAUTH2): where the access token comes from, the AUTH exchange, and plain words for
what Microsoft 365 and Google answer when a step of their set-up is missing.

A token comes from, in this order: ``REPORTER_SMTP_OAUTH_TOKEN`` (ready-made, e.g. from a secrets manager),
``[mail] token_command`` (a program that prints it, run without a shell) or Microsoft's client-credentials flow
(``[mail] oauth = "microsoft"``, through Microsoft's own library MSAL). A source keeps its token in memory for
the run and fetches a new one when the SMTP server refuses the one it holds (535): that answer comes to AUTH,
before MAIL FROM, so no message was handed over and the retry cannot send anything twice.

No secret (token, client secret, certificate password) is ever put into a message, a log line or an exception
raised here; ``tests/test_send_oauth.py`` runs every flow with canary secrets and looks for them everywhere.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import shlex
import signal
import smtplib
import ssl
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .config import Config
from .i18n import N_, _
from .model import ConfigError, Problem

ENV_TOKEN = "REPORTER_SMTP_OAUTH_TOKEN"
ENV_CLIENT_SECRET = "REPORTER_SMTP_OAUTH_CLIENT_SECRET"
ENV_CERTIFICATE_PASSWORD = "REPORTER_SMTP_OAUTH_CERTIFICATE_PASSWORD"
AUTH_MODES = ("password", "xoauth2", "none")


class OAuthError(Exception):
    """No usable token, or the server refused it: the message says why and what to do, and holds no secret."""


@dataclass(frozen=True)
class OAuthSettings:
    """Everything a token source needs, resolved from reporter.toml ``[mail]`` and the environment."""

    token: str | None = field(default=None, repr=False)  # only from REPORTER_SMTP_OAUTH_TOKEN
    command: tuple[str, ...] = ()
    command_dir: Path | None = None  # the command runs in reporter.toml's folder
    timeout_s: float = 60.0
    provider: str | None = None  # "microsoft"
    tenant: str = ""
    client_id: str = ""
    client_secret: str | None = field(default=None, repr=False)  # only from REPORTER_SMTP_OAUTH_CLIENT_SECRET
    certificate: Path | None = None
    certificate_password: str | None = field(default=None, repr=False)
    authority: str = "https://login.microsoftonline.com"
    scope: str = "https://outlook.office365.com/.default"
    cafile: Path | None = None  # trusted besides the system's CAs, as for SMTP


def resolve(config: Config, environ: Mapping[str, str], cafile: Path | None) -> OAuthSettings:
    """The OAuth part of ``[mail]``, checked; raises ``ConfigError`` naming the key."""
    mail = config.mail
    file = str(config.path) if config.path else "reporter.toml"
    command: tuple[str, ...] = ()
    if isinstance(mail.token_command, str):
        try:
            command = tuple(shlex.split(mail.token_command))
        except ValueError as exc:
            raise ConfigError(Problem(file, _("[mail] token_command cannot be split into words: {error}").format(
                error=exc))) from None
    elif mail.token_command is not None:
        command = tuple(mail.token_command)
    if mail.token_command is not None and not command:
        raise ConfigError(Problem(file, _("[mail] token_command is empty")))
    if mail.token_timeout_s <= 0:
        raise ConfigError(Problem(file, _("[mail] token_timeout_s must be > 0")))
    certificate = config.resolve(mail.client_certificate)
    if mail.oauth == "microsoft":
        missing = [key for key in ("tenant", "client_id") if not (getattr(mail, key) or "").strip()]
        if missing:
            raise ConfigError(Problem(file, _('[mail] oauth = "microsoft" needs {keys}: the Directory (tenant) ID '
                                              "and the Application (client) ID of the app registration").format(
                keys=", ".join(f"[mail] {key}" for key in missing))))
        if not mail.authority.startswith("https://"):
            raise ConfigError(Problem(file, _("[mail] authority must be an https:// address, not {value}").format(
                value=repr(mail.authority))))
    if certificate is not None:
        if not certificate.is_file():
            raise ConfigError(Problem(str(certificate), _("[mail] client_certificate not found")))
        if certificate.suffix.lower() not in (".pem", ".pfx", ".p12"):
            raise ConfigError(Problem(str(certificate), _(
                "[mail] client_certificate must be a .pem file (private key and certificate) or a .pfx file")))
    return OAuthSettings(
        token=environ.get(ENV_TOKEN) or None, command=command, command_dir=config.base_dir,
        timeout_s=mail.token_timeout_s, provider=mail.oauth, tenant=(mail.tenant or "").strip(),
        client_id=(mail.client_id or "").strip(), client_secret=environ.get(ENV_CLIENT_SECRET) or None,
        certificate=certificate, certificate_password=environ.get(ENV_CERTIFICATE_PASSWORD) or None,
        authority=mail.authority.rstrip("/"), scope=mail.scope, cafile=cafile)


# ---- token sources -------------------------------------------------------------------------------------------


class TokenSource(Protocol):
    """Where the access token comes from. ``token()`` returns the one held (fetching it when none is);
    ``renew()`` drops it and says whether the next ``token()`` can bring a different one."""

    @property
    def origin(self) -> str: ...

    def token(self) -> str: ...

    def renew(self) -> bool: ...


def token_source(settings: OAuthSettings) -> TokenSource:
    """The first source configured: the environment, the token command, Microsoft's flow."""
    if settings.token:
        return EnvToken(settings.token)
    if settings.command:
        return CommandToken(settings.command, settings.command_dir, settings.timeout_s)
    if settings.provider == "microsoft":
        return MicrosoftToken(settings)
    raise OAuthError(_('--smtp-auth xoauth2 needs an access token: set {variable}, [mail] token_command or '
                       '[mail] oauth = "microsoft" (see docs/email.md)').format(variable=ENV_TOKEN))


def checked_token(text: str, origin: str) -> str:
    """The token without surrounding white space; anything else is refused without being shown."""
    token = text.strip()
    if not token:
        raise OAuthError(_("{origin} gave no token").format(origin=origin))
    if re.search(r"[^\x21-\x7e]", token):
        raise OAuthError(_("{origin} gave something that is not an access token (it contains spaces, line breaks "
                           "or other characters a token does not have): it must give the token alone")
                         .format(origin=origin))
    return token


class EnvToken:
    """A ready-made token from ``REPORTER_SMTP_OAUTH_TOKEN``: it cannot be renewed."""

    origin = ENV_TOKEN

    def __init__(self, value: str) -> None:
        self._value = checked_token(value, ENV_TOKEN)

    def __repr__(self) -> str:
        return "EnvToken()"

    def token(self) -> str:
        return self._value

    def renew(self) -> bool:
        return False


class CommandToken:
    """A program that prints the token (like msmtp's ``passwordeval``), run without a shell, with a time limit;
    run again when the server refuses the token it printed."""

    def __init__(self, argv: tuple[str, ...], cwd: Path | None, timeout_s: float) -> None:
        self.argv, self.cwd, self.timeout_s = argv, cwd, timeout_s
        self._token: str | None = None

    def __repr__(self) -> str:
        return f"CommandToken({shlex.join(self.argv)!r})"

    @property
    def origin(self) -> str:
        return _("the token command {command}").format(command=shlex.join(self.argv))

    def token(self) -> str:
        if self._token is None:
            self._token = self._run()
        return self._token

    def renew(self) -> bool:
        self._token = None
        return True

    def _run(self) -> str:
        command = shlex.join(self.argv)
        try:
            process = subprocess.Popen(self.argv, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, start_new_session=True)
        except FileNotFoundError:
            raise OAuthError(_("token command {command}: program {program} not found").format(
                command=command, program=self.argv[0])) from None
        except OSError as exc:
            raise OAuthError(_("token command {command} cannot be started: {error}").format(
                command=command, error=exc.strerror or type(exc).__name__)) from None
        try:
            out, err = process.communicate(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise OAuthError(_("token command {command} did not finish within {seconds} s and was stopped "
                               "([mail] token_timeout_s)").format(command=command,
                                                                  seconds=f"{self.timeout_s:g}")) from None
        if process.returncode != 0:
            said = " ".join(err.decode("utf-8", "replace").split())
            said = said if len(said) <= 400 else "…" + said[-399:]
            raise OAuthError(_("token command {command} failed (exit status {status}): {stderr}").format(
                command=command, status=process.returncode, stderr=said or _("(no message on stderr)")))
        return checked_token(out.decode("utf-8", "replace"), self.origin)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and whatever it started (its own session), then collect it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
    except ProcessLookupError:
        pass
    try:
        process.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # a grandchild left the session and holds the pipes: leave it
        pass


class MicrosoftToken:
    """Microsoft 365's client-credentials flow through MSAL: the app's client secret (from
    ``REPORTER_SMTP_OAUTH_CLIENT_SECRET``) or its certificate; the token is cached in memory for the run."""

    def __init__(self, settings: OAuthSettings) -> None:
        self.settings = settings
        self._app: Any = None

    def __repr__(self) -> str:
        return f"MicrosoftToken(tenant={self.settings.tenant!r}, client_id={self.settings.client_id!r})"

    @property
    def origin(self) -> str:
        return _("Microsoft 365 (app {client_id} in tenant {tenant})").format(
            client_id=self.settings.client_id, tenant=self.settings.tenant)

    def token(self) -> str:
        app = self._application()
        try:
            result = app.acquire_token_for_client(scopes=[self.settings.scope])
        except Exception as exc:  # requests' errors and MSAL's own; never shown verbatim
            raise OAuthError(self._unreachable(exc)) from None
        if isinstance(result, dict) and result.get("access_token"):
            return checked_token(str(result["access_token"]), self.origin)
        result = result if isinstance(result, dict) else {}
        raise OAuthError(microsoft_error(self.settings, str(result.get("error") or ""),
                                         str(result.get("error_description") or "")))

    def renew(self) -> bool:
        if self._app is not None:  # MSAL refuses force_refresh for this flow: drop the cached token instead
            cache = self._app.token_cache
            for entry in list(cache.search(cache.CredentialType.ACCESS_TOKEN)):
                cache.remove_at(entry)
        return True

    def _application(self) -> Any:
        if self._app is not None:
            return self._app
        import msal

        s = self.settings
        try:
            self._app = msal.ConfidentialClientApplication(
                s.client_id, client_credential=self._credential(), authority=f"{s.authority}/{s.tenant}",
                http_client=http_session(s.cafile, s.timeout_s), instance_discovery=False,
                token_cache=msal.TokenCache())
        except OAuthError:
            raise
        except ValueError as exc:  # MSAL's tenant discovery failed; the service's answer is in the context
            answer = f"{exc.__context__ or ''} {exc}"
            unknown = "AADSTS90002"  # no answer naming a code: the service knows no such tenant
            raise OAuthError(microsoft_error(s, "", answer if re.search(r"AADSTS\d+", answer) else unknown)) \
                from None
        except Exception as exc:  # requests' connection and TLS errors
            raise OAuthError(self._unreachable(exc)) from None
        return self._app

    def _unreachable(self, exc: Exception) -> str:
        host = self.settings.authority.split("://", 1)[-1].split("/", 1)[0]
        if "SSLError" in type(exc).__name__ or "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return _("the certificate of {host} is not trusted (for a private CA set REPORTER_SMTP_CAFILE or "
                     "[mail] cafile)").format(host=host)
        return _("cannot reach Microsoft's sign-in service {host}: {error}").format(
            host=host, error=type(exc).__name__)

    def _credential(self) -> str | dict[str, Any]:
        s = self.settings
        if s.certificate is not None:
            return certificate_credential(s.certificate, s.certificate_password)
        if s.client_secret:
            return s.client_secret
        raise OAuthError(_("Microsoft 365 sign-in needs the app's client secret in {variable} or a certificate "
                           "([mail] client_certificate)").format(variable=ENV_CLIENT_SECRET))


def certificate_credential(path: Path, password: str | None) -> dict[str, Any]:
    """MSAL's ``client_credential`` for a certificate, after checking that its key can be read (MSAL's own
    errors would not say which file or what to do)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_pem_private_key, pkcs12

    secret = password.encode() if password else None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OAuthError(_("{file}: cannot read the certificate: {error}").format(
            file=path, error=exc.strerror or type(exc).__name__)) from None
    try:
        if path.suffix.lower() in (".pfx", ".p12"):
            key, _cert, _more = pkcs12.load_key_and_certificates(data, secret)
            credential: dict[str, Any] = {"private_key_pfx_path": str(path)}
        else:
            keys = re.findall(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----.+?-----END [A-Z ]*PRIVATE KEY-----", data, re.S)
            certs = re.findall(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", data, re.S)
            if not keys or not certs:
                raise ValueError("incomplete")
            key = load_pem_private_key(keys[0], secret)
            x509.load_pem_x509_certificate(certs[0])
            credential = {"private_key": keys[0].decode(), "public_certificate": certs[0].decode()}
    except (ValueError, TypeError):
        raise OAuthError(_("{file}: cannot read the private key and certificate: a .pem file must hold both, and "
                           "an encrypted key needs its password in {variable}").format(
            file=path, variable=ENV_CERTIFICATE_PASSWORD)) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise OAuthError(_("{file}: Microsoft accepts only RSA certificates for app sign-in").format(file=path))
    if password:
        credential["passphrase"] = password
    return credential


def http_session(cafile: Path | None, timeout_s: float) -> Any:
    """A requests session for MSAL that trusts the system's CAs plus ``cafile`` (as SMTP does) and never waits
    longer than ``timeout_s``."""
    import requests
    from requests.adapters import HTTPAdapter

    context = ssl.create_default_context()
    if cafile is not None:
        context.load_verify_locations(cafile=str(cafile))

    class TrustingAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["ssl_context"] = context
            super().init_poolmanager(*args, **kwargs)

        def proxy_manager_for(self, proxy: Any, **kwargs: Any) -> Any:
            kwargs["ssl_context"] = context
            return super().proxy_manager_for(proxy, **kwargs)

    class Session(requests.Session):
        def request(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("timeout", timeout_s)
            return super().request(*args, **kwargs)

    session = Session()
    session.mount("https://", TrustingAdapter())
    return session


# ---- XOAUTH2 -------------------------------------------------------------------------------------------------


def xoauth2_response(user: str, token: str) -> str:
    """The SASL XOAUTH2 initial client response, before base64 (smtplib encodes it)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


class _Exchange:
    """smtplib's ``authobject``: the initial response first; to the error challenge (334 with base64 JSON) an
    empty line, as the protocol asks, after keeping the JSON for the message."""

    def __init__(self, user: str, token: str) -> None:
        self.user, self.token = user, token
        self.challenge: dict[str, Any] = {}

    def __call__(self, challenge: bytes | None = None) -> str:
        if challenge is None:
            return xoauth2_response(self.user, self.token)
        try:
            details = json.loads(challenge if challenge.strip().startswith(b"{") else base64.b64decode(challenge))
        except (ValueError, binascii.Error):
            details = None
        if isinstance(details, dict):
            self.challenge = {k: v for k, v in details.items() if k in ("status", "schemes", "scope")}
        return ""


def authenticate(smtp: smtplib.SMTP, user: str, source: TokenSource, server: str) -> None:
    """AUTH XOAUTH2 with the source's token; on 535 once more with a renewed token when the source can get one.
    Raises ``OAuthError`` with a plain message."""
    offered = smtp.esmtp_features.get("auth", "").upper().split()
    if "XOAUTH2" not in offered:
        raise OAuthError(_("{server} does not offer AUTH XOAUTH2 (it offers: {offered}): use --smtp-auth "
                           "password, or the provider's SMTP host for OAuth").format(
            server=server, offered=" ".join(offered) or _("none")))
    for attempt in (1, 2):
        exchange = _Exchange(user, source.token())
        try:
            smtp.auth("XOAUTH2", exchange, initial_response_ok=True)
            return
        except smtplib.SMTPAuthenticationError as exc:
            if attempt == 1 and exc.smtp_code == 535 and source.renew():
                continue  # an expired token: fetched anew, and nothing was sent yet
            reply = _reply(exc.smtp_code, exc.smtp_error)
            raise OAuthError(refusal(reply, user, source, exchange.challenge)) from None


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(text.split())}".strip()


def refusal(reply: str, user: str, source: TokenSource, challenge: Mapping[str, Any]) -> str:
    """Why the server refused the token, in plain words."""
    message = _("the server refused the OAuth token for {user} from {origin}: {reply}").format(
        user=user, origin=source.origin, reply=reply)
    if challenge:
        message += " " + _("(it says: status {status}, scope {scope})").format(
            status=challenge.get("status", "?"), scope=challenge.get("scope", "?"))
    if isinstance(source, EnvToken):
        message += " – " + _("if it has expired, set a fresh token in {variable}").format(variable=ENV_TOKEN)
    hint = smtp_hint(reply, "xoauth2", user)
    return message + (" – " + hint if hint else "")


# ---- what the servers say, in plain words ------------------------------------------------------------------

# (pattern in the server's reply, the authentication it applies to or None for any, the explanation)
SMTP_HINTS: tuple[tuple[str, str | None, str], ...] = (
    (r"SmtpClientAuthentication is disabled for the Tenant", None, N_(
        "SMTP AUTH is turned off for the whole Microsoft 365 organisation. An Exchange administrator can turn it "
        "on for the sending mailbox alone: Set-CASMailbox -Identity {user} -SmtpClientAuthenticationDisabled "
        "$false (see docs/email.md).")),
    (r"SmtpClientAuthentication is disabled for the Mailbox", None, N_(
        "SMTP AUTH is turned off for the mailbox {user}. An Exchange administrator turns it on with "
        "Set-CASMailbox -Identity {user} -SmtpClientAuthenticationDisabled $false.")),
    (r"basic authentication is disabled", None, N_(
        "Microsoft 365 no longer accepts a password for SMTP: send with OAuth instead (--smtp-auth xoauth2 and "
        '[mail] oauth = "microsoft", see docs/email.md).')),
    (r"security defaults|did not meet the criteria", None, N_(
        "Microsoft 365 refused the sign-in by policy: the organisation's security defaults or a Conditional "
        "Access policy block it. An administrator must allow it for this mailbox.")),
    (r"\b5\.7\.3\b", "xoauth2", N_(
        "Microsoft 365 did not accept the token for {user}. Check, in this order: the app has the application "
        "permission SMTP.SendAsApp of Office 365 Exchange Online with admin consent; its service principal is "
        "registered in Exchange (New-ServicePrincipal); that service principal has FullAccess on the mailbox "
        "{user} (Add-MailboxPermission); --smtp-user is that mailbox's address. Changes can take half an hour "
        "to apply (see docs/email.md).")),
    (r"\b5\.7\.3\b", "password", N_(
        "Microsoft 365 did not accept user and password: check both, and whether SMTP AUTH is turned on for the "
        "mailbox. Microsoft is retiring passwords for SMTP: OAuth is the way forward (see docs/email.md).")),
    (r"\b5\.7\.60\b|SendAsDenied", None, N_(
        "{user} may not send as {sender}: use the mailbox's own address as the sender (--from, [mail] from), or "
        "have an administrator grant the mailbox Send As for that address.")),
    (r"\b5\.7\.57\b", None, N_(
        "the server wants a login before it accepts mail: set --smtp-user and --smtp-auth.")),
    (r"\b5\.7\.8\b", "xoauth2", N_(
        "the server did not accept the token for {user}. For Google Workspace: the service account's client ID "
        "must be authorised for the scope https://mail.google.com/ (Admin console › Security › API controls › "
        "Domain-wide delegation), and the token must be issued for {user}.")),
)


def smtp_hint(reply: str, auth: str, user: str | None = None, sender: str | None = None) -> str | None:
    """What to do about a server's refusal, or None when we know nothing better than the reply itself."""
    for pattern, applies_to, hint in SMTP_HINTS:
        if (applies_to is None or applies_to == auth) and re.search(pattern, reply, re.I):
            return _(hint).format(user=user or "?", sender=sender or "?")
    return None


# AADSTS codes of Microsoft's token service → what to do (https://login.microsoftonline.com/error?code=…)
AAD_HINTS: dict[int, str] = {
    700016: N_("there is no app with the client ID {client_id} in the tenant {tenant}: copy [mail] client_id "
               "(Application (client) ID) and [mail] tenant (Directory (tenant) ID) from the app registration's "
               "Overview page"),
    7000215: N_("the client secret is wrong: set {variable} to the secret's Value (shown once, when it was "
                "created), not to its Secret ID"),
    7000222: N_("the client secret has expired: create a new one under Certificates & secrets and set {variable}"),
    7000218: N_("the request carried neither a client secret nor a certificate: set {variable} or "
                "[mail] client_certificate"),
    90002: N_("the tenant {tenant} does not exist: set [mail] tenant to the Directory (tenant) ID or the "
              "organisation's domain (….onmicrosoft.com)"),
    900023: N_("the tenant {tenant} does not exist: set [mail] tenant to the Directory (tenant) ID or the "
               "organisation's domain (….onmicrosoft.com)"),
    50034: N_("the account does not exist in the tenant {tenant}: check [mail] tenant"),
    70011: N_("the scope {scope} is not valid: for SMTP it is https://outlook.office365.com/.default "
              "([mail] scope)"),
    1002012: N_("the scope {scope} is not valid: for SMTP it is https://outlook.office365.com/.default "
                "([mail] scope)"),
    500011: N_("the scope {scope} names a resource the tenant {tenant} does not have: for SMTP it is "
               "https://outlook.office365.com/.default, and the organisation needs Exchange Online"),
    700027: N_("the certificate is not one the app knows: upload its public part to the app registration "
               "(Certificates & secrets › Certificates), or name the matching one in [mail] client_certificate"),
    65001: N_("an administrator has not consented to the app's permissions yet: API permissions › Grant admin "
              "consent"),
}


def microsoft_error(settings: OAuthSettings, error: str, description: str) -> str:
    """Microsoft's token-service error (``invalid_client``, ``AADSTS7000215: …``) as a plain message."""
    match = re.search(r"AADSTS(\d+)", description)
    code = int(match.group(1)) if match else None
    if code in AAD_HINTS:
        reason = _(AAD_HINTS[code]).format(client_id=settings.client_id, tenant=settings.tenant,
                                           scope=settings.scope, variable=ENV_CLIENT_SECRET)
    else:
        first = re.split(r"\r?\n|\\r\\n| Trace ID:", description, maxsplit=1)[0].strip()
        first = re.sub(r"^.*?AADSTS\d+:\s*", "", first)
        reason = (first[:300] or error or _("no reason given")).rstrip(".")
    return _("Microsoft 365 sign-in failed for app {client_id} in tenant {tenant}: {reason}{code}").format(
        client_id=settings.client_id, tenant=settings.tenant, reason=reason,
        code=f" (AADSTS{code})" if code else "")
