# Issue 20: the two Campaign models get names that say which one (IomCampaign / MonitoringCampaign).
# Tables follow the new names (RenameModel renames them and the m2m columns); rows and history are kept.

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0003_target_municipality'),
        ('schools', '0003_organisation_search_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(
            old_name='HistoricalCampaign',
            new_name='HistoricalMonitoringCampaign',
        ),
        migrations.RenameModel(
            old_name='Campaign',
            new_name='MonitoringCampaign',
        ),
    ]
