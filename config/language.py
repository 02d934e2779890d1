"""The language of each request, from its address alone."""

from django.utils import translation

from directory.site_language import language_of_path


class LanguageFromAddressMiddleware:
    """Speaks the language the address names: /es/… Spanish, everything else English.

    Django's LocaleMiddleware would also read a language cookie and the
    browser's Accept-Language header, and send visitors to another address by
    them. This never does: a person's address shows them the page they asked
    for, the link to the other language is the only way across, nothing is
    remembered about them, and one address is one page for every cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of_path(request.path_info)
        request.LANGUAGE_CODE = language
        # Only for this request: whatever runs in this thread afterwards starts afresh.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
