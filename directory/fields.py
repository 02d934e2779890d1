"""A list of choices stored as JSON, edited as a set of checkboxes."""

from django import forms
from django.db import models


class _ListOfChoicesField(forms.MultipleChoiceField):
    """Ticked boxes as a list. Values outside the choices are left for the model's
    clean(), which names them in words staff understand."""

    def valid_value(self, value):
        return True


class ChoiceListField(models.JSONField):
    """A JSON list whose items come from `item_choices` (a list of pairs, or a callable).

    Django's own JSONField form field edits raw JSON text; staff tick boxes instead.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = item_choices
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return _ListOfChoicesField(
            choices=self.item_choices,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name[:1].upper() + self.verbose_name[1:]),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
