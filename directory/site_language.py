"""Which language a public page speaks, and the address of a page in each language.

English lives at the plain addresses and Spanish under /es/ (config/urls.py
puts the public pages in i18n_patterns without a prefix for English). The
address alone says which language a page is in: nothing about the visitor is
read or remembered, so everyone who opens an address sees the same page.

A page is served in every language. Where its text has not been translated,
the page shows its own text (marked with the language it is written in, see
content_language()) inside the site's words in the language being read. When a
translation exists (a page in another Wagtail locale), links lead to it.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import get_language, gettext, gettext_noop

from wagtail.models import Site

DEFAULT_SITE_NAME = gettext_noop("Recovery Resource Directory")


def site_languages():
    """The codes of the languages the public site speaks, English (the default) first."""
    return [code for code, _name in settings.LANGUAGES]


def language_name(code):
    """The language's name in itself, as a link to it shows it: "English", "Español"."""
    return dict(settings.LANGUAGES)[code]


def current_language():
    """The language being read, one of site_languages()."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in site_languages() else settings.LANGUAGE_CODE


def language_of_path(path):
    """The language an address is in: /es/… is Spanish, anything else the default.

    Only an exact first segment counts, so a page whose slug merely starts with
    a language code ("/es-algo/") stays where it is.
    """
    first = path.lstrip("/").split("/", 1)[0]
    if (
        first in site_languages()
        and first != settings.LANGUAGE_CODE
        and path.startswith(f"/{first}/")
    ):
        return first
    return settings.LANGUAGE_CODE


def _without_prefix(path):
    language = language_of_path(path)
    if language == settings.LANGUAGE_CODE:
        return path
    return path[len(language) + 1 :]


def address_in(url, language):
    """The same public address in `language`: /meetings/?q=x ↔ /es/meetings/?q=x.

    Works on paths and on full URLs, and keeps the query and fragment. Only for
    the public pages' addresses (those in config.urls' i18n_patterns); the feeds,
    the API and the admin have one address in every language.
    """
    parts = urlsplit(url)
    path = _without_prefix(parts.path or "/")
    if language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    return urlunsplit(parts._replace(path=path))


def alternates(request):
    """[(language, full URL)] of the page being shown, in every language, for hreflang
    links and the link to the other language."""
    path = request.get_full_path()
    return [
        (language, request.build_absolute_uri(address_in(path, language)))
        for language in site_languages()
    ]


def page_url(page, request=None, full=False):
    """A page's address in the language being read.

    That is its translation's address when it has one; otherwise the page's own
    address under this language's prefix, where it is served in its own text.
    """
    target = page.localized
    url = target.get_full_url(request) if full else target.get_url(request)
    return address_in(url, current_language()) if url else url


def content_language(content):
    """The language `content` is written in: a language code, a page or a translatable
    object (its locale's language; for an alias kept in step with a page in another
    locale, that page's), or a search document (its "lang", else the default).

    Text staff write without a locale (categories, places) is in the default language.
    """
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return content.get("lang") or settings.LANGUAGE_CODE
    source = getattr(content, "alias_of", None) or content
    locale = getattr(source, "locale", None)
    if locale is None:
        return settings.LANGUAGE_CODE
    return locale.language_code.split("-")[0]


def other_language(content):
    """The language of `content` when it is not the one being read, else ""."""
    language = content_language(content)
    return "" if language == current_language() else language


def site_name(request):
    """(name, lang): the site's name in the language being read where the catalogue
    translates it (it does the standard name), else as staff wrote it, with its
    language in `lang` when that is not the one being read."""
    site = Site.find_for_request(request) if request is not None else None
    name = (site.site_name if site else "") or DEFAULT_SITE_NAME
    text = gettext(name)
    return text, ("" if text != name else other_language(settings.LANGUAGE_CODE))
