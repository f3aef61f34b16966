"""The embedded default: SQLite file, Celery tasks inline, debug on. For trying the app, not for patients."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
