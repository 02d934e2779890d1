"""Translating the demo into Spanish the way staff do, through wagtail-localize.

Each page (and category, and place) is submitted for translation, its strings are
exported as a PO file, filled from demo.spanish.TEXT as a translator would,
imported again and the translation published. A translation already
published from the current source is left as it is, so loading the demo again
changes nothing.
"""

import html

from wagtail.models import Locale, Page

from wagtail_localize.models import Translation, TranslationSource

from demo.spanish import TEXT
from directory.models import Category

LANGUAGE = "es"


def translated_string(text, words):
    """The translation of one exported string from `words` (source text → translation),
    or "" to keep the source's."""
    plain = html.unescape(text)
    if plain in words:
        translated = words[plain]
        # A string exported from rich text is HTML; the translation must be too.
        return html.escape(translated, quote=False) if plain != text else translated
    return ""


def _up_to_date(instance, locale):
    """Whether `instance` already has a translation into `locale`: for a page, one
    published since the page was last published."""
    translation = instance.get_translation_or_none(locale)
    if translation is None or not isinstance(instance, Page):
        return translation is not None
    made, changed = translation.last_published_at, instance.last_published_at
    return (
        translation.live
        and not translation.has_unpublished_changes
        and made is not None
        and (changed is None or made >= changed)
    )


def translate(instance, locale, words=TEXT):
    """Translate one page, category or place into `locale` from `words` (source text →
    translation) and publish it; whether it did."""
    if _up_to_date(instance, locale):
        return False
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = translated_string(entry.msgid, words)
    translation.import_po(po)
    if isinstance(instance, Page):
        # wagtail-localize publishes a page's translation once the transaction
        # commits; the demo loads in one transaction and publishes it here, so
        # what it translated is live within that transaction too.
        translation.save_target(publish=False)
        instance.get_translation(locale).get_latest_revision().publish()
    else:
        translation.save_target()
    return True


def translate_demo(pages, places=()):
    """Translate the categories, these places and these pages into Spanish, parents
    first; how many it translated."""
    locale = Locale.objects.get(language_code=LANGUAGE)
    categories = Category.objects.in_directory().order_by("parent_id", "pk")
    done = sum(translate(category, locale) for category in categories)
    done += sum(translate(place, locale) for place in sorted(places, key=lambda p: p.pk))
    ordered = sorted(pages, key=lambda page: page.path)
    return done + sum(translate(page.specific, locale) for page in ordered)


def spanish_listings(listings):
    """Of the demo's listings, the ones held in Spanish, which get translations."""
    return [page for page in listings if LANGUAGE in (page.languages or [])]


def their_places(listings):
    """The places these listings are held at, each once."""
    return list({place.pk: place for page in listings for place in page.locations}.values())
