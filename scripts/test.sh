#!/usr/bin/env bash
# Command 2: install and run the whole test suite against real PostgreSQL and Redis,
# plus the static checks (ruff, mypy, missing migrations). Extra arguments go to pytest.
source "$(dirname "$0")/_bootstrap.sh"
export DJANGO_SETTINGS_MODULE=zorgpad.settings.test
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zorgpad}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}"

# 1. The real services must answer; stop at once, and say how to start them, if they do not.
python - <<'PY'
import os, sys
import environ, psycopg, redis
db = environ.Env.db_url_config(os.environ["DATABASE_URL"])
hint = ("Start them with:  docker compose up -d db redis\n"
        "or, on a machine with the Debian packages:  pg_ctlcluster 15 main start; redis-server --daemonize yes")
try:
    with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"] or "postgres",
                         password=db["PASSWORD"] or None, dbname="postgres", connect_timeout=3,
                         autocommit=True) as conn:
        # The app database itself (the suite uses test_<name>; makemigrations --check looks at this one).
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db["NAME"],)).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
except Exception as exc:
    sys.exit(f"PostgreSQL does not answer at {db['HOST']}:{db['PORT']} ({exc.__class__.__name__}: {exc}).\n{hint}")
try:
    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"], socket_connect_timeout=3).ping()
except Exception as exc:
    sys.exit(f"Redis does not answer at {os.environ['CELERY_BROKER_URL']} ({exc}).\n{hint}")
print("==> PostgreSQL and Redis answer")
PY

# 2. Browser tests need Debian's Chromium (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> Installing Debian package chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Browser tests need /usr/bin/chromium: run  sudo apt-get install chromium" >&2
    exit 1
  fi
fi

# 3. Static checks, then the suite.
echo "==> ruff"; ruff check .
echo "==> mypy"; mypy .
echo "==> migrations are complete"; python manage.py makemigrations --check --dry-run >/dev/null
# Two workers (pytest-xdist) by default: the suite is CPU-bound and CI has two cores; each worker has its own test
# database, Redis database and media folder (zorgpad/settings/test.py). ZORGPAD_TEST_WORKERS=1 runs it in one.
WORKERS="${ZORGPAD_TEST_WORKERS:-2}"
if [ "$WORKERS" -gt 1 ]; then
  echo "==> pytest ($WORKERS workers)"; exec pytest -n "$WORKERS" "$@"
fi
echo "==> pytest"; exec pytest "$@"
