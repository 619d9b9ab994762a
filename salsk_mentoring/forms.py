"""Base form of the portal: choices scoped to the user, organisation set server-side for schools, crispy layout."""

from crispy_forms.helper import FormHelper
from django import forms

from .scoping import VIEW


class ScopedModelForm(forms.ModelForm):
    """Every ModelChoiceField offers only what the user may see (``for_user``).

    For a school user the ``organisation`` field is removed: the view files the
    record under the user's active organisation, never taking it from the form.
    """

    server_side_fields = ("organisation",)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user is not None:
            if user.is_school:
                for name in self.server_side_fields:
                    self.fields.pop(name, None)
            for field in self.fields.values():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and hasattr(queryset, "for_user"):
                    field.queryset = queryset.for_user(user, VIEW)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        for field in self.fields.values():
            if isinstance(field, forms.URLField):
                field.assume_scheme = "https"
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"

    def _get_validation_exclusions(self):
        # Fields set server-side still take part in uniqueness and constraint checks.
        exclude = super()._get_validation_exclusions()
        for name in self.server_side_fields:
            if getattr(self.instance, f"{name}_id", None):
                exclude.discard(name)
        return exclude
