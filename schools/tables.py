import django_tables2 as tables

from salsk_mentoring.tables import YesNoColumn

from .models import Organisation, PilotParticipant


class OrganisationTable(tables.Table):
    short_name = tables.Column(linkify=True)
    full_name = tables.Column(visible=False)  # long: on the detail page and in exports only
    kind = tables.Column()
    municipality = tables.Column()
    head_name = tables.Column()
    phone = tables.Column(visible=False)
    email = tables.Column(visible=False)
    is_participant = YesNoColumn()

    class Meta:
        model = Organisation
        fields = ("short_name", "full_name", "kind", "municipality", "head_name", "phone", "email", "is_participant")
        attrs = {"class": "table table-sm table-hover align-middle small"}
        order_by = ("short_name",)

    # The printed list keeps to a line or two per organisation (48 on 2–3 pages); the full names are in the XLSX.
    print_exclude = ("full_name",)


class PilotParticipantTable(tables.Table):
    position = tables.Column(verbose_name="№")
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url())
    project = tables.Column()
    responsible_name = tables.Column()
    declared = tables.Column(verbose_name="Заявлено педагогов", accessor="declared_count", orderable=False)

    class Meta:
        model = PilotParticipant
        fields = ("position", "organisation", "project", "responsible_name", "responsible_position", "declared")
        order_by = ("position",)
