"""The embedded default: SQLite file, Celery tasks inline. For trying the app, not for patients.

Debug is off, so a newcomer sees the product's own error pages (403, 404, 500) and not Django's debug page;
`DJANGO_DEBUG=1` turns it on. Without debug, WhiteNoise serves the static files straight from the apps and
static/ folders (its finders), so the demo needs no collectstatic.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# The login page shows the demo accounts (synthetic data only; production settings never set this).
DEMO_LOGINS_SHOWN = True
