"""Template tags for the site's languages (directory.site_language).

{% load site_language %} gives:
- {% lang_attr content %}: ` lang="en"` when `content` (a page, a search
  document, a language code) is written in another language than the page is
  read in, so screen readers and translators know; nothing otherwise.
- {% page_url page %}: the page's address in the language being read.
- {% alternate_links %}: the <link rel="alternate" hreflang> of the page being
  shown in each language, for search engines.
- {% other_languages as links %}: [{"code", "name", "url"}] of the page being
  shown in the languages it is not read in, for the link across.
- {% in_its_language text content as marked %}: `text` in a <span lang> when
  `content` is in another language, for sentences that mix the two.
- {% site_name as name %}: {"text", "lang"}, the site's name in the language
  being read where it has a translation (the standard name has one).
- {% category_label category as label %}: {"text", "lang"}, the category's name
  in the language being read where staff translated it, and its language.
- {% words page as text %}: the page whose words to show for `page`, its live
  translation into the language being read or itself (directory.translations);
  a page's facts are always read from `page`.
"""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join

from wagtail.models import Page

from directory import site_language, translations

register = template.Library()


@register.simple_tag
def lang_attr(content):
    language = site_language.other_language(content)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag(takes_context=True)
def page_url(context, page):
    return site_language.page_url(page, context.get("request")) or ""


@register.simple_tag(takes_context=True)
def alternate_links(context):
    request = context.get("request")
    if request is None:
        return ""
    links = site_language.alternates(request)
    default = links[0][1]
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}">',
        [*links, ("x-default", default)],
    )


@register.simple_tag(takes_context=True)
def other_languages(context):
    request = context.get("request")
    if request is None:
        return []
    current = site_language.current_language()
    path = request.get_full_path()
    return [
        {
            "code": code,
            "name": site_language.language_name(code),
            "url": site_language.address_in(path, code),
        }
        for code in site_language.site_languages()
        if code != current
    ]


@register.simple_tag(takes_context=True)
def site_name(context):
    text, lang = site_language.site_name(context.get("request"))
    return {"text": text, "lang": lang}


@register.simple_tag
def category_label(category):
    found = translations.category_labels().get(category.slug)
    if found is None:  # not one of the directory's (a category staff just added)
        found = (category.name, site_language.content_language(category))
    return {"text": found[0], "lang": found[1]}


@register.simple_tag
def words(page):
    return translations.words(page) if isinstance(page, Page) else page


@register.simple_tag
def in_its_language(text, content):
    """`text` (escaped) in a <span lang> when `content` is in another language than the
    page, to place inside a sentence of the site's own words."""
    language = site_language.other_language(content)
    if language:
        return format_html('<span lang="{}">{}</span>', language, text)
    return conditional_escape(text)


@register.filter
def content_in_other_language(content):
    """Whether `content` is written in another language than the page is read in."""
    return bool(content) and bool(site_language.other_language(content))
