from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchByDefaultLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the user picked another language with the switch (the language cookie).

    The browser's Accept-Language is ignored on purpose: hospital workstations often run an English
    browser, and the team, the letters and the pathway all speak Dutch.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
