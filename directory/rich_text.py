"""Rich text as the public pages show it."""

from django.utils.html import format_html

from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler

from directory.site_language import page_url


class PageLinkHandler(WagtailPageLinkHandler):
    """Links to pages inside rich text lead to each page's address in the language being
    read: its translation's, or its own at this language's address while it has none
    (Wagtail's own would lead to the untranslated page's address in its language)."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            format_html('<a href="{}">', page_url(page)) if page else "<a>"
            for page in cls.get_many(attrs_list)
        ]
