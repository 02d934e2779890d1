from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from imports.sections import default_section, meeting_sections
from subscriptions.models import Subscription


class SubscriptionForm(WagtailAdminModelForm):
    """The admin's form: new meetings go in a directory section that may hold meetings."""

    class Meta:
        model = Subscription
        fields = [
            "name",
            "url",
            "format",
            "section",
            "category",
            "fellowship",
            "timezone",
            "country",
            "interval_hours",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        section.queryset = meeting_sections()
        section.required = True
        section.empty_label = None
        if self.instance.pk is None:
            self.initial.setdefault("section", default_section())
            self.initial.setdefault("timezone", self.instance.timezone)

    def clean_country(self):
        value = (self.cleaned_data.get("country") or "").strip().upper()
        if len(value) != 2 or not value.isalpha():
            raise ValidationError(_("Give the country as two letters, such as US or CA."))
        return value

    def clean(self):
        data = super().clean()
        url, format_ = data.get("url") or "", data.get("format")
        lowered = url.lower()
        if format_ == Subscription.Format.MEETING_GUIDE and "client_interface/json" in lowered:
            self.add_error(
                "format",
                _(
                    "That address is a BMLT server's semantic JSON: choose the BMLT format, "
                    "or use its client_interface/tsml/ address."
                ),
            )
        if format_ == Subscription.Format.BMLT and "switcher=getsearchresults" not in lowered:
            self.add_error(
                "url",
                _(
                    "A BMLT address asks for meetings: …/client_interface/json/"
                    "?switcher=GetSearchResults, usually with &services=<service body id>."
                ),
            )
        return data
