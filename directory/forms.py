"""Admin form rules that look across a listing's inline rows."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm

from directory.reachability import reachability_problems


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Codes outside the Meeting Guide list that came in with an import stay
        # ticked boxes of their own, so saving the page does not drop them.
        if "types" in self.fields:
            field = self.fields["types"]
            own = [
                (code, _("%(code)s (own code)") % {"code": code})
                for code in self.instance.kept_custom_types()
            ]
            if own:
                field.choices = [*field.choices, *own]

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
        for problem in reachability_problems(
            model,
            locations=locations,
            online=online,
            has_sessions=bool(sessions),
            by_appointment=cleaned.get("by_appointment"),
        ):
            self.add_error(problem.field, ValidationError(problem.message, code=problem.code))
        return cleaned
