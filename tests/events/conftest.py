import pytest
from django.core.management import call_command


@pytest.fixture
def real_plan(db):
    """Order 866's organisations and plan, loaded from the real-data fixtures as `make run` does."""
    call_command("loaddata", "fixtures/010_schools.json", verbosity=0)
    call_command("loaddata", "fixtures/040_events.json", verbosity=0)
    from events.models import EventPlan

    return EventPlan.objects.get(pk=1)
