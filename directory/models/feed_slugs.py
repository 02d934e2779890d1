from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedSlug(models.Model):
    """The slug a meeting has in the Meeting Guide format, fixed the first time it is seen.

    Apps keep people's favourite meetings by this slug, so it never follows
    later edits of the page's title or slug. It starts with the page's id,
    which makes it unique; an imported meeting keeps the slug its feed gave it.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    slug = models.CharField(_("feed slug"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("feed slug")

    def __str__(self):
        return self.slug
