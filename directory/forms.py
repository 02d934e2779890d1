"""Admin form rules that look across a listing's inline rows."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm


def _live_rows(formset):
    """Valid rows that are filled in and not marked for deletion.

    The page form's clean() runs before modelcluster validates the inline
    formsets, so validate them here first (Django caches the result).
    """
    formset.is_valid()
    return [
        form.cleaned_data
        for form in formset.forms
        if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ListingPageForm(WagtailAdminPageForm):
    """Refuses listings nobody could attend: no address to go to and no way in online."""

    def clean(self):
        cleaned = super().clean()
        model = self._meta.model
        locations = [
            row["location"]
            for row in _live_rows(self.formsets["listing_locations"])
            if row.get("location")
        ]
        sessions = _live_rows(self.formsets["sessions"])
        online = any(cleaned.get(field) for field in model.online_access_fields)

        if model.needs_place and not locations and not online:
            if model.online_access_fields:
                self.add_error(
                    None,
                    ValidationError(
                        _(
                            "Add a location for an in-person listing, or a join link or dial-in "
                            "number for an online one."
                        ),
                        code="nowhere",
                    ),
                )
            else:
                self.add_error(
                    None, ValidationError(_("Add the location where this happens."), code="nowhere")
                )
        elif locations and not online and not any(loc.has_street_address for loc in locations):
            self.add_error(
                None,
                ValidationError(
                    _(
                        "An in-person listing needs a location with a street address and city. "
                        "“%(location)s” has none; add it to the location, or choose another."
                    )
                    % {"location": locations[0]},
                    code="no_address",
                ),
            )

        if model.needs_schedule and not sessions and not cleaned.get("by_appointment"):
            self.add_error(
                "by_appointment",
                ValidationError(
                    _("Add at least one weekly session, or tick “by appointment”."),
                    code="no_schedule",
                ),
            )
        return cleaned
