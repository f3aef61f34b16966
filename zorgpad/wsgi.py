import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgpad.settings.production")
application = get_wsgi_application()

from zorgpad.startup import freeze_startup_objects  # noqa: E402 - needs Django set up

freeze_startup_objects()
