"""The plan line's transitions through the one POST action view (salsk_mentoring.workflow_views).

A line is addressed by its item and organisation (``plan/items/<item>/org/<org>/<code>/``): its row
(:class:`events.models.Assignment`) is made when the organisation first acts on it, so the view finds the
line the way the line's page does (another school's line: 404; an organisation not responsible: 404) and
makes the row only once the table's predicate has let the user act.
"""

from salsk_mentoring.workflow_views import TransitionView

from . import services
from .models import Assignment
from .views import _line_objects


class LineTransitionView(TransitionView):
    def get_object(self):
        if not hasattr(self, "_object"):
            item, org = _line_objects(self.request, self.kwargs["item_pk"], self.kwargs["org_pk"])
            assignment = next((a for a in item.assignments.all() if a.organisation_id == org.pk), None)
            assignment = assignment or Assignment(item=item, organisation=org)
            assignment.item, assignment.organisation = item, org
            self._object = assignment
        return self._object

    def check(self, obj):
        super().check(obj)
        if obj.pk is None and self.request.method == "POST":
            # Allowed: the line gets its row now (the transition itself then runs in the service).
            obj.pk = services.assignment_for(item=obj.item, organisation=obj.organisation).pk
            obj._state.adding = False
            obj.refresh_from_db()
