"""Keep the pair's derived activity fields (last meeting, surveys given) current on every write."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import FeedbackSurvey, Meeting, Pair


@receiver(post_save, sender=Meeting)
@receiver(post_delete, sender=Meeting)
@receiver(post_save, sender=FeedbackSurvey)
@receiver(post_delete, sender=FeedbackSurvey)
def refresh_pair_activity(sender, instance, raw=False, **kwargs):
    # loaddata (fixtures, ``restore``) brings the pair's derived fields with it.
    if not raw and instance.pair_id:
        Pair.refresh_activity([instance.pair_id])
