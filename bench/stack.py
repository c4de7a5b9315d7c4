"""The production stack of docs/deployment.md, started on loopback ports from the files in deploy/.

PostgreSQL (a throwaway cluster), memcached, gunicorn started by the command line of
deploy/systemd/tryggve.service with deploy/tryggve.env as its environment (DJANGO_ENV=production),
and nginx with deploy/nginx/tryggve.conf and a certificate made here. Only the placeholders
differ from what the guide quotes: ports, folders and the host name `localhost`. The
application's folder is this checkout, so its `.venv` and `staticfiles/` are used.

Used by the stack tier (tryggve/tests/test_stack.py, the crawler) and by `make bench`.
"""

import contextlib
import datetime
import ipaddress
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.postgres import free_port, throwaway_cluster
from deploy import render

ROOT = Path(__file__).resolve().parents[1]
NGINX = "/usr/sbin/nginx"
MEMCACHED = "/usr/bin/memcached"
HOST = "localhost"


def missing() -> list[str]:
    """What this machine lacks to start the stack, in words for a skip message."""
    lacking = []
    if not Path(NGINX).exists():
        lacking.append(f"nginx ({NGINX}; apt-get install nginx-light)")
    if not Path(MEMCACHED).exists():
        lacking.append(f"memcached ({MEMCACHED}; apt-get install memcached)")
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        lacking.append("PostgreSQL's server (apt-get install postgresql)")
    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        lacking.append("gunicorn in .venv (make install-dev)")
    return lacking


@dataclass
class Stack:
    url: str  # https://localhost:PORT, through nginx
    http_url: str  # the plain-HTTP server that redirects
    app_port: int  # gunicorn itself, on 127.0.0.1, as nginx reaches it
    folder: Path
    env: dict[str, str]
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def logs(self) -> Path:
        return self.folder / "log"

    def manage(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a management command as the timers do: in the app's folder, with its settings."""
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=600,
        )

    def gunicorn_log(self) -> str:
        return (self.logs / "gunicorn.log").read_text()

    def access_log(self) -> str:
        return (self.logs / "tryggve.access.log").read_text()


def environment_file(text: str) -> dict[str, str]:
    """systemd's EnvironmentFile= lines (NAME=value, comments after #)."""
    found = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            found[name] = value.strip()
    return found


def exec_start(unit: str) -> list[str]:
    """The command line of a systemd unit's ExecStart=, with its continued lines."""
    joined = unit.replace("\\\n", " ")
    match = re.search(r"^ExecStart=(.+)$", joined, re.MULTILINE)
    if not match:
        raise ValueError("the unit has no ExecStart=")
    return shlex.split(match.group(1))


def make_certificate(folder: Path) -> None:
    """A self-signed certificate for localhost, as fullchain.pem and privkey.pem."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(HOST), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True)
    (folder / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def nginx_main_config(folder: Path, site: Path) -> Path:
    """nginx.conf around the site file: Debian's own would write to /var/log and /run."""
    temp = folder / "nginx"
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / name).mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers would drop to nobody, who cannot enter the temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = folder / "nginx.conf"
    config.write_text(
        f"""{user}daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/log/nginx-main.error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""
    )
    return config


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Until the process accepts connections on the loopback port (or has died)."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def staff_passwords(load_demo_output: str) -> dict[str, str]:
    """The demo's staff users and the passwords load_demo printed for them."""
    return dict(re.findall(r"^  (\S+) +(\S+)$", load_demo_output, re.MULTILINE))


@contextlib.contextmanager
def production_stack(demo_responses: float = 0.1, extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    """Start the documented stack with the demo data loaded; stop it and remove it on exit."""
    lacking = missing()
    if lacking:
        raise RuntimeError("the production stack needs " + ", ".join(lacking))
    folder = Path(tempfile.mkdtemp(prefix="tryggve-stack-"))
    folder.chmod(0o755)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        with throwaway_cluster() as database_url:
            https_port, http_port, app_port, cache_port = free_port(), free_port(), free_port(), free_port()
            values = {
                "HOST": HOST,
                "USER": os.environ.get("USER", "root"),
                "APP_DIR": str(ROOT),
                "DATA_DIR": str(folder / "data"),
                "LOG_DIR": str(folder / "log"),
                "TLS_DIR": str(folder / "tls"),
                "BACKUP_DIR": str(folder / "backups"),
                "HTTP_PORT": f"127.0.0.1:{http_port}",
                "HTTPS_PORT": f"127.0.0.1:{https_port}",
                "APP_PORT": str(app_port),
                "MEMCACHED": f"127.0.0.1:{cache_port}",
                "SECRET_KEY": secrets.token_urlsafe(64),
                "DATABASE_URL": database_url,
                "EMAIL_HOST": "127.0.0.1",
                "FROM_EMAIL": "tryggve@localhost",
            }
            rendered = folder / "etc"
            render.write_all(rendered, values)
            for name in ("data/media", "log", "backups"):
                (folder / name).mkdir(parents=True)
            make_certificate(folder / "tls")
            env = {
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("DJANGO_", "TRYGGVE_", "DATABASE_"))
            }
            env.update(environment_file((rendered / "tryggve.env").read_text()))
            env.update(extra_env or {})
            stack = Stack(f"https://{HOST}:{https_port}", f"http://{HOST}:{http_port}", app_port, folder, env)
            # As Debian's package runs it: loopback only, no UDP.
            user = ["-u", values["USER"]] if os.geteuid() == 0 else []
            processes.append(
                subprocess.Popen(
                    [MEMCACHED, "-l", "127.0.0.1", "-p", str(cache_port), "-U", "0", "-m", "64", *user]
                )
            )
            wait_for(cache_port, processes[-1])
            stack.manage("migrate", "--no-input")
            stack.manage("collectstatic", "--no-input")
            stack.passwords = staff_passwords(
                stack.manage("load_demo", f"--responses={demo_responses}").stdout
            )
            command = exec_start((rendered / "systemd" / "tryggve.service").read_text())
            with open(folder / "log" / "gunicorn.log", "ab") as gunicorn_log:
                processes.append(
                    subprocess.Popen(command, cwd=ROOT, env=env, stdout=gunicorn_log, stderr=gunicorn_log)
                )
            wait_for(app_port, processes[-1])
            config = nginx_main_config(folder, rendered / "nginx" / "tryggve.conf")
            subprocess.run([NGINX, "-t", "-q", "-p", str(folder), "-c", str(config)], check=True)
            with open(folder / "log" / "nginx.stderr", "ab") as nginx_log:
                processes.append(
                    subprocess.Popen(
                        [NGINX, "-p", str(folder), "-c", str(config)], stdout=nginx_log, stderr=nginx_log
                    )
                )
            wait_for(https_port, processes[-1])
            yield stack
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if os.environ.get("TRYGGVE_KEEP_STACK"):
            print(f"stack files kept in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
