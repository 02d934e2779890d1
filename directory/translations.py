"""Staff translations of pages, categories and places: their words in the
language being read.

The directory holds each listing, section, browse page and the home page once,
as a page in the default locale (English): that page is what search, the
feeds, the exports and every count know. Staff translate a page with
wagtail-localize, which keeps a translation as a page of its own in another
locale. Only the words of a page are translated (`translated_words`); its
facts (slug, schedule, places, contacts, categories, kinds) are copied from the
source and never edited in a translation.

The public site serves the source page at every address, in every language
(home.models.HomePage routes /es/… through the default tree), and shows the
words of its live translation in the language being read where there is one
(words()). So a translation that falls behind its source can never show a
visitor a wrong time or place, and a page nobody has translated yet is still
there, in its own words, marked with their language.

Categories and places (snippets) work the same way: listings point to the
directory's own, and a visitor sees the words of its live translation
(category_labels(), place_words()).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.functional import classproperty

from directory.site_language import current_language


def in_default_language():
    """The directory's own pages and categories (those in the default locale), as a
    filter; a field's limit_choices_to takes it too."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


def in_default_locale(objects):
    """Of these pages or categories, the directory's own."""
    return objects.filter(in_default_language())


class DirectoryQuerySet(models.QuerySet):
    """Rows of a translatable snippet (categories, places)."""

    def in_directory(self):
        """The directory's own, each once: those in the default locale. A translation
        (wagtail-localize) gives one its words in another language; listings,
        imports and feeds only ever point to the one it translates."""
        return in_default_locale(self)

    def bulk_create(self, objs, *args, **kwargs):
        # Wagtail gives a new row its locale on pre_save, which bulk_create skips:
        # made in bulk (imports, the demo), a row is the directory's own.
        from wagtail.models import Locale

        objs = list(objs)
        default = None
        for obj in objs:
            if obj.locale_id is None:
                default = default or Locale.get_default()
                obj.locale = default
        return super().bulk_create(objs, *args, **kwargs)


def is_source(page):
    """Whether `page` (or a category or place) is the directory's own, in the default
    locale, not a translation of one."""
    return page.locale.language_code == settings.LANGUAGE_CODE


def source_of(page):
    """The page, category or place in the default locale that `page` translates (itself if
    it is one), or None once that is gone."""
    if is_source(page):
        return page
    return in_default_locale(
        type(page).objects.filter(translation_key=page.translation_key)
    ).first()


def words(page, language=None):
    """The page whose words a visitor reading `language` (the language being read)
    sees: the live translation of `page` into it, else `page` itself."""
    language = language or current_language()
    if page is None or page.locale.language_code == language:
        return page
    translation = (
        page.get_translations().live().filter(locale__language_code=language).specific().first()
    )
    return translation or page


def live_translations(objects, language):
    """{translation_key: the live translation into `language`} of these pages or places
    of the directory's own (in the default language, which needs none), with their
    locales: enough for a title in a list, or a place's words, in a single query.
    Pages come back as plain pages."""
    from wagtail.models import Page

    objects = list(objects)
    keys = {instance.translation_key for instance in objects}
    if not keys or language == settings.LANGUAGE_CODE:
        return {}
    model = Page if isinstance(objects[0], Page) else type(objects[0])
    found = model.objects.filter(
        live=True, translation_key__in=keys, locale__language_code=language
    ).select_related("locale")
    return {instance.translation_key: instance for instance in found}


def place_words(locations, language=None):
    """[(place, the place whose words to show)] of these places of the directory's
    own: the live translation of each into `language` (the language being read)
    where staff made one, else the place itself. A place's address and every
    other fact are always read from the place, never from its translation."""
    language = language or current_language()
    translated = live_translations(locations, language)
    return [(place, translated.get(place.translation_key, place)) for place in locations]


def category_names_key(language):
    return f"directory:category-names:{language}"


def category_labels(language=None):
    """Slug → (name, the language it is written in) of every category, in `language`
    (the language being read) where staff translated it; cached, and a category
    edit clears it (search.subscribers)."""
    from directory.models import Category

    language = language or current_language()

    def labels():
        own = Category.objects.in_directory().values_list("slug", "name")
        found = {slug: (name, settings.LANGUAGE_CODE) for slug, name in own}
        if language != settings.LANGUAGE_CODE:
            # A translation keeps its category's slug (directory.models.snippets).
            translated = Category.objects.filter(locale__language_code=language)
            for slug, name in translated.values_list("slug", "name"):
                if slug in found:
                    found[slug] = (name, language)
        return found

    return cache.get_or_set(category_names_key(language), labels, 300)


class TranslatedWords:
    """Mixed into the page types staff translate: which fields are words.

    wagtail-localize translates every text field by default; here only the
    words are, and every other text field (the slug, names, phone numbers) is
    kept in step with the source.
    """

    translated_words = ("title", "seo_title", "search_description")

    @classproperty
    def override_translatable_fields(cls):
        from wagtail.models import Page

        from wagtail_localize.fields import SynchronizedField, TranslatableField

        words = set(cls.translated_words)
        # The address stays the source's: /es/… serves the source's tree.
        fields = [SynchronizedField("slug")]
        fields += [TranslatableField(name) for name in cls.translated_words]
        for field in cls._meta.get_fields():
            # Page's own fields (its place in the tree) are wagtail-localize's business.
            if (
                isinstance(field, models.CharField | models.TextField)
                and field.editable
                and field.model is not Page
                and field.name not in words
            ):
                fields.append(SynchronizedField(field.name))
        return fields
