"""Real service processes for fault and load tests: a private Redis, gunicorn and a Celery worker.

Everything listens on 127.0.0.1 on a free port (never the shared Redis on 6379) and is stopped by its
own pid. Waits poll with a deadline; nothing sleeps for a fixed time.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], Any], *, timeout: float = 30.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if result := predicate():
                return result
        except Exception:  # noqa: S110 - not there yet
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(0.05)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20.0) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


class PrivateRedis:
    """redis-server on a free loopback port, no persistence; start/stop it like a real outage."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        exe = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping(), what="redis-server")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def queue_length(self, queue: str = "celery") -> int:
        return int(redis.Redis.from_url(self.url, socket_connect_timeout=1).llen(queue))


def database_url(settings_dict: dict[str, Any], **options: str) -> str:
    """A DATABASE_URL for the database Django is connected to (e.g. the test database), plus options."""
    db = settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in options.items()) if options else "")


def production_env(*, database_url: str, broker_url: str = "", **extra: str) -> dict[str, str]:
    """Environment for a production-settings process on loopback (plain HTTP: no SSL redirect)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "DB_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="zorgpad.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1, threads: int = 1, log: Path | None = None,
             ) -> Iterator[str]:
    """gunicorn serving zorgpad on a free loopback port; yields its base URL."""
    port = free_port()
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "zorgpad.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread" if threads > 1 else "sync",
         "--keep-alive", "30", "--access-logfile", "-" if log else "/dev/null", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: process.poll() is None and requests.get(f"{base}/healthz", timeout=2).ok,
                 timeout=60, what="gunicorn")
        yield base
    finally:
        stop(process)
        if log:
            out.close()  # type: ignore[union-attr]


@contextmanager
def celery_worker(env: dict[str, str], *, include: str = "", log: Path | None = None) -> Iterator[subprocess.Popen]:
    """One Celery worker process (solo pool) consuming the default queue."""
    args = [str(BIN / "celery"), "-A", "zorgpad", "worker", "--pool=solo", "--concurrency=1",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    if include:
        args += ["--include", include]
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        stop(process)
        if log:
            out.close()  # type: ignore[union-attr]
