"""A small OpenID Connect provider on loopback, standing in for a municipality's identity provider.

It speaks the real protocol over HTTP (authorization code flow with PKCE, RS256-signed ID tokens,
a JWKS endpoint, userinfo), so the single sign-on tests exercise mozilla-django-oidc end to end.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "tryggve"
CLIENT_SECRET = "test-secret"


@dataclass
class Provider:
    base_url: str = ""
    # Who "logs in" at the provider next; the tests change it.
    person: dict[str, str] = field(default_factory=dict)
    key: Any = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base_url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base_url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base_url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base_url}/jwks",
        }

    def authorize(self, query: dict[str, str]) -> str:
        """Logs `person` in and returns where the browser is sent back to, with a code."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"query": query, "person": dict(self.person)}
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        grant = self.codes.pop(form.get("code", ""), None)
        client_ok = form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET
        if not client_ok and authorization.startswith("Basic "):
            client_ok = base64.b64decode(authorization[6:]).decode() == f"{CLIENT_ID}:{CLIENT_SECRET}"
        if grant is None or not client_ok or form.get("redirect_uri") != grant["query"]["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        challenge = grant["query"].get("code_challenge")
        if challenge:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        person = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.base_url,
            "aud": CLIENT_ID,
            "sub": person["sub"],
            "iat": now,
            "exp": now + 300,
            "nonce": grant["query"].get("nonce"),
            "email": person.get("email"),
        }
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "test"})
        access_token = secrets.token_urlsafe(16)
        self.codes[f"access:{access_token}"] = person
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "id_token": id_token,
            "expires_in": 300,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        person = self.codes.get(f"access:{authorization.removeprefix('Bearer ')}")
        return (200, person) if person else (401, {"error": "invalid_token"})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": "test", "use": "sig", "alg": "RS256"}]}


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/authorize":
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                self.send_response(302)
                self.send_header("Location", provider.authorize(query))
                self.end_headers()
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/userinfo":
                self._json(*provider.userinfo(self.headers.get("Authorization", "")))
            else:
                self._json(404, {})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            form = {key: values[0] for key, values in parse_qs(body).items()}
            self._json(*provider.token(form, self.headers.get("Authorization", "")))

    return Handler


@contextmanager
def running() -> Iterator[Provider]:
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
