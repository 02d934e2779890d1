from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from directory.models import Category
from imports.sections import meeting_sections


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Meeting list"),
        help_text=_(
            "A Meeting Guide feed (.json) or a spreadsheet saved as CSV UTF-8, whose first "
            "row names the columns: Name, Day, Time, End Time, Address, City, State, "
            "Postal Code, Types, Conference URL, …"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv,application/json,text/csv"}),
    )
    section = forms.ModelChoiceField(
        label=_("Put new meetings in"),
        queryset=Page.objects.none(),  # the sections, read when the form is made
        empty_label=None,
    )
    category = forms.ModelChoiceField(
        label=_("Category for every meeting"),
        queryset=Category.objects.in_directory(),
        required=False,
        help_text=_("Optional: for example the fellowship of a whole intergroup's list."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = meeting_sections()
