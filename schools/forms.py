from salsk_mentoring.autocomplete import use_autocomplete
from salsk_mentoring.forms import ScopedModelForm

from .models import Organisation, PilotParticipant


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = [
            "municipality", "kind", "short_name", "full_name", "address", "head_name", "phone", "email", "website",
            "is_participant", "is_active",
        ]


class PilotParticipantForm(ScopedModelForm):
    """A methodist picks the project and the organisation; a school fills in its responsible and teachers."""

    class Meta:
        model = PilotParticipant
        fields = [
            "project", "organisation", "position", "responsible_name", "responsible_position", "appointment_document",
            "declared_teachers",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None and user.is_school:
            for name in ("project", "position"):
                self.fields.pop(name, None)
        if "declared_teachers" in self.fields and self.instance.organisation_id:
            self.fields["declared_teachers"].queryset = self.fields["declared_teachers"].queryset.filter(
                organisation_id=self.instance.organisation_id
            )
        use_autocomplete(self, "organisation", "organisations")
        use_autocomplete(self, "declared_teachers", "teachers", forward=("organisation",))
