"""The files in deploy/ are checked as far as this machine allows: nginx parses the site (and, run
on loopback, refuses private media), systemd parses the units, gunicorn loads its config, the
backup scripts are valid shell. Each check skips, saying why, when its tool is absent."""

import http.client
import http.server
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = ["renda-web.service", "renda-worker@.service", "renda-beat.service", "renda-backup.service"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx_site(tmp_path):
    """The site file with its certificate, log and media paths moved into tmp_path, included in a
    minimal nginx.conf, listening on two free loopback ports."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    openssl = shutil.which("openssl")
    if not nginx or not openssl:
        pytest.skip("nginx or openssl is not installed (Debian: apt-get install nginx)")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=renda.example.gov.cn"]
        + ["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    http_port, https_port, upstream_port = _free_port(), _free_port(), _free_port()
    media = tmp_path / "media"
    site = (DEPLOY / "nginx" / "renda.conf").read_text()
    for old, new in {
        "/etc/ssl/renda/fullchain.pem": str(tmp_path / "cert.pem"),
        "/etc/ssl/renda/privkey.pem": str(tmp_path / "key.pem"),
        "/var/log/nginx/": f"{tmp_path}/",
        "/srv/renda-media/": f"{media}/",
        "listen [::]:80;": "",
        "listen [::]:443 ssl http2;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server 127.0.0.1:8000": f"server 127.0.0.1:{upstream_port}",
    }.items():
        assert old in site, f"the site file no longer has {old!r}: update this test"
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site)
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    # Run as root (CI), nginx's workers would be "nobody" and could not read pytest's private tmp_path.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n{mime}\naccess_log off;\nclient_body_temp_path {tmp_path};\nproxy_temp_path {tmp_path};\n"
        f"include {tmp_path}/site.conf;\n}}\n"
    )
    for path, data in {
        "deputies/photos/wang.jpg": b"\xff\xd8jpeg",
        "suggestions/2026/secret.pdf": b"%PDF private",
        "imports/roster.xlsx": b"PK private",
        "livelihood/reviews/2026/review.pdf": b"%PDF private",
    }.items():
        (media / path).parent.mkdir(parents=True, exist_ok=True)
        (media / path).write_bytes(data)
    return nginx, tmp_path / "nginx.conf", https_port, upstream_port


class _Portal(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers /files/... as core/files.py does with MEDIA_ACCEL_REDIRECT."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("X-Accel-Redirect", "/_protected_media/livelihood/reviews/2026/review.pdf")
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Disposition", "attachment; filename*=utf-8''%E7%BA%AA%E8%A6%81.pdf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_nginx_accepts_the_site(nginx_site):
    nginx, conf, _port, _upstream = nginx_site
    r = subprocess.run([nginx, "-t", "-c", str(conf)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "test is successful" in r.stderr


def test_nginx_serves_no_upload_by_its_path_and_streams_what_the_portal_names(nginx_site):
    nginx, conf, port, upstream = nginx_site
    portal = http.server.HTTPServer(("127.0.0.1", upstream), _Portal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    proc = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        context = ssl._create_unverified_context()

        def get(path):
            for _ in range(50):
                try:
                    c = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=5)
                    c.request("GET", path, headers={"Host": "renda.example.gov.cn"})
                    r = c.getresponse()
                    return r.status, r.read(), r
                except ConnectionRefusedError:
                    time.sleep(0.1)
            raise AssertionError("nginx did not start")

        # The portal checked the visitor and named the file: nginx streams it with the portal's headers.
        status, body, r = get("/files/livelihood/reviewattachment/file/1/")
        assert status == 200 and body == b"%PDF private", (status, body)
        assert r.getheader("Content-Type") == "application/pdf"
        assert r.getheader("Content-Disposition") == "attachment; filename*=utf-8''%E7%BA%AA%E8%A6%81.pdf"
        assert r.getheader("X-Content-Type-Options") == "nosniff"
        for private in (
            "/media/deputies/photos/wang.jpg",
            "/_protected_media/deputies/photos/wang.jpg",  # internal: only through X-Accel-Redirect
            "/_protected_media/suggestions/2026/secret.pdf",
            "/media/suggestions/2026/secret.pdf",
            "/media/imports/roster.xlsx",
            "/media/livelihood/reviews/2026/review.pdf",
            "/media/deputies/photos/../../suggestions/2026/secret.pdf",
            "/media/deputies/photos/%2e%2e/%2e%2e/imports/roster.xlsx",
        ):
            status, body, _r = get(private)
            assert status in (400, 404) and b"private" not in body, private
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        portal.shutdown()


def test_systemd_units_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed (not a systemd machine)")
    names = []
    for unit in [*UNITS, "renda-backup.timer"]:
        text = (DEPLOY / "systemd" / unit).read_text()
        # Point the absolute paths at this checkout so the executables exist for the check.
        text = text.replace("/srv/renda/.venv", sys.prefix).replace("/srv/renda/scripts", str(ROOT / "scripts"))
        text = text.replace("/srv/renda", str(ROOT))
        name = unit.replace("@.", "@1.")
        (tmp_path / name).write_text(text)
        names.append(str(tmp_path / name))
    r = subprocess.run([analyze, "verify", "--man=no", *names], capture_output=True, text=True, timeout=120)
    if r.returncode != 0 and "Failed to connect to bus" in r.stderr + r.stdout:
        pytest.skip("systemd-analyze needs a running systemd here")
    problems = [line for line in (r.stderr + r.stdout).splitlines() if line.strip()]
    assert r.returncode == 0 and not problems, problems


def test_gunicorn_config_loads_and_hides_query_strings():
    from gunicorn.config import Config

    namespace = {"__file__": str(DEPLOY / "gunicorn.conf.py")}
    exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)
    config = Config()
    for key in ("bind", "workers", "timeout", "access_log_format", "control_socket_disable"):
        config.set(key, namespace[key])
    assert "%(q)s" not in config.access_log_format and "%(r)s" not in config.access_log_format
    assert "%(f)s" not in config.access_log_format  # the referer may carry a deputy's page token


@pytest.mark.parametrize("script", ["scripts/backup.sh", "tests/load/backup_restore.sh"])
def test_backup_scripts_are_valid_bash(script):
    assert subprocess.run(["bash", "-n", str(ROOT / script)]).returncode == 0
