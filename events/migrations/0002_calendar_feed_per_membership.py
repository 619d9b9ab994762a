"""A calendar address belongs to one member of an organisation and dies with the membership.

The addresses made before belonged to an organisation, not to a person: nobody can tell who still reads them,
so they stop working; each member gets an address of their own on «Мои задачи».
"""

import django.db.models.deletion
from django.db import migrations, models


def drop_organisation_addresses(apps, schema_editor):
    apps.get_model("events", "CalendarFeed").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0001_initial'),
        ('schools', '0002_organisation_short_name_index'),
    ]

    operations = [
        migrations.RunPython(drop_organisation_addresses, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='calendarfeed',
            options={'verbose_name': 'календарь участника организации', 'verbose_name_plural': 'календари участников организаций'},
        ),
        migrations.AlterModelOptions(
            name='historicalcalendarfeed',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'historical календарь участника организации', 'verbose_name_plural': 'historical календари участников организаций'},
        ),
        migrations.RemoveField(
            model_name='calendarfeed',
            name='organisation',
        ),
        migrations.RemoveField(
            model_name='historicalcalendarfeed',
            name='organisation',
        ),
        migrations.AddField(
            model_name='calendarfeed',
            name='membership',
            field=models.OneToOneField(default=1, on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to='schools.membership', verbose_name='членство'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalcalendarfeed',
            name='membership',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.membership', verbose_name='членство'),
        ),
    ]
