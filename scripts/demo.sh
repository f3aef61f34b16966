#!/usr/bin/env bash
# Command 1: install and run Zorgpad on the embedded default (SQLite file, Celery tasks inline),
# with synthetic demo data and demo users. Serves http://127.0.0.1:8000/ (PORT overrides).
source "$(dirname "$0")/_bootstrap.sh"
# The embedded default means: nothing configured. Ignore any PostgreSQL/Redis settings in the shell.
unset DATABASE_URL CELERY_BROKER_URL DJANGO_SETTINGS_MODULE
export DJANGO_SETTINGS_MODULE=zorgpad.settings.demo
PORT="${PORT:-8000}"
python manage.py migrate --noinput -v0
python manage.py createcachetable  # the shared cache (throttle counts) on the embedded default
python manage.py load_demo_data
echo
echo "Zorgpad demo: http://127.0.0.1:${PORT}/   (Ctrl-C stops it; debug is off, DJANGO_DEBUG=1 turns it on)"
echo
exec python manage.py runserver "127.0.0.1:${PORT}" --noreload
