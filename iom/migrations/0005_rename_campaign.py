# Issue 20: the two Campaign models get names that say which one (IomCampaign / MonitoringCampaign).
# Tables follow the new names (RenameModel renames them and the m2m columns); rows and history are kept.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('iom', '0004_alter_iomrow_evidence_file'),
        ('schools', '0003_organisation_search_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(
            old_name='HistoricalCampaign',
            new_name='HistoricalIomCampaign',
        ),
        migrations.RenameModel(
            old_name='Campaign',
            new_name='IomCampaign',
        ),
        # simple-history's record of the organisations list follows the model, its rows kept.
        migrations.RenameModel(
            old_name='HistoricalCampaign_organisations',
            new_name='HistoricalIomCampaign_organisations',
        ),
        migrations.RenameField(
            model_name='historicaliomcampaign_organisations',
            old_name='campaign',
            new_name='iomcampaign',
        ),
        migrations.AlterModelOptions(
            name='historicaliomcampaign_organisations',
            options={'verbose_name': 'HistoricalIomCampaign_organisations'},
        ),
    ]
