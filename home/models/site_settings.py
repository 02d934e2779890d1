"""Site-wide settings the public pages show."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from directory.site_language import current_language


@register_setting(icon="help")
class CrisisLine(BaseSiteSetting):
    """The crisis line shown on every page; staff change it without a deploy.

    Its words are kept in English and in Spanish, so each site says it in its
    own language; the number is the same for both. The defaults are data, not
    translations: they are what a new site starts with in each field.
    """

    label = models.CharField(
        _("label"),
        max_length=120,
        default="In crisis? Call or text",
    )
    number = models.CharField(_("number"), max_length=30, default="988")
    details = models.CharField(
        _("details"),
        max_length=200,
        blank=True,
        default="Free and confidential, 24 hours a day.",
    )
    label_es = models.CharField(
        _("label in Spanish"),
        max_length=120,
        blank=True,
        default="¿Está en crisis? Llame o envíe un mensaje de texto al",
        help_text=_("Shown on the Spanish pages. Left empty, they show the English label."),
    )
    details_es = models.CharField(
        _("details in Spanish"),
        max_length=200,
        blank=True,
        default="Gratis y confidencial, las 24 horas del día.",
        help_text=_("Shown on the Spanish pages. Left empty, they show the English details."),
    )

    panels = [
        FieldPanel("number"),
        MultiFieldPanel([FieldPanel("label"), FieldPanel("details")], heading=_("In English")),
        MultiFieldPanel(
            [FieldPanel("label_es"), FieldPanel("details_es")], heading=_("In Spanish")
        ),
    ]

    class Meta:
        verbose_name = _("crisis line")

    @property
    def tel_href(self):
        digits = "".join(ch for ch in self.number if ch in "+0123456789")
        return f"tel:{digits}"

    @property
    def words(self):
        """{"label", "details", "lang"} in the language being read; "lang" names the
        language of words shown in another (English, where no Spanish was given)."""
        if current_language() == "es" and self.label_es.strip():
            return {"label": self.label_es, "details": self.details_es, "lang": ""}
        lang = "en" if current_language() != "en" else ""
        return {"label": self.label, "details": self.details, "lang": lang}
