"""Smoke test of command 1's embedded default: SQLite file, tasks inline, demo data, a served page."""

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.sqlite


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_command_serves_the_app_with_demo_logins(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(PORT=str(port), SQLITE_PATH=str(tmp_path / "demo.sqlite3"), DJANGO_SETTINGS_MODULE="ignored")
    proc = subprocess.Popen(["bash", str(ROOT / "scripts/demo.sh")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            output.append(line)
            if f"http://127.0.0.1:{port}/" in line:
                break
        text = "".join(output)
        assert "arts" in text and "zorgpad-demo" in text, text
        assert (tmp_path / "demo.sqlite3").exists()

        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(60):
            try:
                login_page = opener.open(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)  # type: ignore[union-attr]
        body = urlencode({"username": "arts", "password": "zorgpad-demo", "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/accounts/login/", data=body,
                                         headers={"Referer": f"http://127.0.0.1:{port}/accounts/login/"})
        page = opener.open(request, timeout=10).read().decode()
        assert "Dam, G. van" in page  # the case-report patient of the demo data, sorted under D
        assert page.count("/patients/") >= 25
        # Debug is off: the product's own 404 page, with the navigation; static files are still served.
        with pytest.raises(urllib.error.HTTPError) as missing:
            opener.open(f"http://127.0.0.1:{port}/bestaat-niet/", timeout=10)
        assert missing.value.code == 404
        not_found = missing.value.read().decode()
        assert "Pagina niet gevonden" in not_found and 'class="mainnav' in not_found
        assert "Traceback" not in not_found and "DEBUG = True" not in not_found
        css = re.search(r'href="(/static/css/[^"]+)"', page).group(1)  # type: ignore[union-attr]
        assert opener.open(f"http://127.0.0.1:{port}{css}", timeout=10).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
