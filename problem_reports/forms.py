"""The public "report a problem" form."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from problem_reports.guards import BadStamp, seconds_since_stamp
from problem_reports.models import ProblemReport

MIN_PHONE_DIGITS = 7

STAMP_ERROR = _(
    "Sorry, something went wrong with this form, or it was open for a long time. "
    "Your answers are still here: please check them and send the form again."
)


class ProblemReportForm(forms.Form):
    """What is wrong with a listing, in the visitor's words.

    `website` is a honeypot: hidden from people and assistive technology, it is
    filled in only by bots. `stamp` is a signed record of when the form was
    shown; cleaning it gives the seconds since then.
    """

    # Fields people fill in, in the order they appear; the error summary follows it.
    VISIBLE_FIELDS = ("reason", "details", "contact")

    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ProblemReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what is wrong."),
            "invalid_choice": _("Choose one of the answers listed."),
        },
    )
    details = forms.CharField(
        label=_("Tell us more"),
        help_text=_(
            "For example: “The meeting now starts at 7 pm on Tuesdays.” "
            "Please don't include anyone's private details. Up to 2,000 characters."
        ),
        max_length=ProblemReport.DETAILS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 40}),
        error_messages={
            "required": _("Tell us a little about what is wrong."),
            "max_length": _(
                "Please shorten this to 2,000 characters or fewer (it has %(show_value)d now)."
            ),
        },
    )
    contact = forms.CharField(
        label=_("How can we reach you? (email or phone, only if you want a reply)"),
        help_text=_("You can leave this empty. We use it only to answer your report."),
        required=False,
        max_length=ProblemReport.CONTACT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={
            "max_length": _("Please shorten this to 200 characters or fewer."),
        },
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, listing_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing_id = listing_id
        # The browser would cut long pasted text silently; the error message says it instead.
        for name in ("details", "contact"):
            self.fields[name].widget.attrs.pop("maxlength", None)

    @property
    def is_honeypot_filled(self):
        return bool(self.data.get("website", "").strip())

    def clean_contact(self):
        contact = self.cleaned_data["contact"]
        if not contact:
            return contact
        message = _("Enter an email address or a phone number, or leave this empty.")
        if "@" in contact:
            try:
                validate_email(contact)
            except ValidationError:
                raise ValidationError(message, code="invalid") from None
        elif len(re.sub(r"\D", "", contact)) < MIN_PHONE_DIGITS:
            raise ValidationError(message, code="invalid")
        return contact

    def clean_stamp(self):
        try:
            return seconds_since_stamp(self.cleaned_data["stamp"], self.listing_id)
        except BadStamp:
            raise ValidationError(STAMP_ERROR, code="bad_stamp") from None

    def error_summary(self):
        """(link target or None, message) for every error, in page order."""
        summary = [(None, message) for message in self.non_field_errors()]
        summary += [(None, message) for message in self.errors.get("stamp", [])]
        for name in self.VISIBLE_FIELDS:
            bound = self[name]
            target = f"{bound.auto_id}_0" if name == "reason" else bound.auto_id
            summary += [(target, message) for message in bound.errors]
        return summary

    def save(self, listing):
        return ProblemReport.objects.create(
            listing=listing,
            reason=self.cleaned_data["reason"],
            details=self.cleaned_data["details"],
            contact=self.cleaned_data["contact"],
        )
