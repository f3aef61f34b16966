"""Test settings: real PostgreSQL and Redis (the README's test command checks they answer)."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DATABASES["default"] = env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/zorgpad")
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Parallel checkouts (or helpers) may run the suite at once; each names its own test database (by default after
# the database of DATABASE_URL, so that two checkouts with their own DATABASE_URL never share one).
DATABASES["default"]["TEST"] = {
    "NAME": env.str("TEST_DATABASE_NAME", default=f"test_{DATABASES['default']['NAME']}"),
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
# pytest-xdist runs the suite in parallel workers (gw0, gw1, ...): each has its own test database (pytest-django adds
# the suffix), and here its own Redis database (tests call cache.clear(), which flushes a whole database) and media.
# Processes a test starts inherit the environment: the offset is applied once (the marker), so that a broker URL a
# test hands its subprocess explicitly is taken as it is.
XDIST_WORKER = int(env.str("PYTEST_XDIST_WORKER", default="gw0").removeprefix("gw") or 0)
if XDIST_WORKER and "ZORGPAD_XDIST_BROKER" not in os.environ:
    _broker, _, _db = CELERY_BROKER_URL.rpartition("/")
    CELERY_BROKER_URL = f"{_broker}/{int(_db or 0) + XDIST_WORKER}"
    # Celery prefers the environment variable over the setting; the workers the broker tests start inherit it.
    os.environ["CELERY_BROKER_URL"] = os.environ["ZORGPAD_XDIST_BROKER"] = CELERY_BROKER_URL
# The shared cache as in production: Redis (the broker's database; tests clear it with cache.clear()).
CACHES = {"default": {**env.cache_url("CACHE_URL", default=CELERY_BROKER_URL), "KEY_PREFIX": "zorgpad-test"}}
# Unit tests run tasks inline; broker tests flip this off and talk to the real Redis.
CELERY_TASK_ALWAYS_EAGER = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".test-media" / f"worker-{XDIST_WORKER}")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
