"""Test settings: real PostgreSQL and Redis (the README's test command checks they answer)."""

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
# The shared cache as in production: Redis (the broker's database; tests clear it with cache.clear()).
CACHES = {"default": {**env.cache_url("CACHE_URL", default=CELERY_BROKER_URL), "KEY_PREFIX": "zorgpad-test"}}
# Unit tests run tasks inline; broker tests flip this off and talk to the real Redis.
CELERY_TASK_ALWAYS_EAGER = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
