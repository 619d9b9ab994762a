"""The workflow of a plan line (one responsible organisation's execution of one plan item), declared once
(salsk_mentoring.workflows): services, the line's page, rules and the bulk action of the item's page read it.

назначено → в работе (work begun, or the first evidence filed) → выполнено (with at least one evidence);
a done line goes back «в работу» (the organisation's own correction) or is returned for rework by a methodist
with remarks (→ выполнено again). Whether a line is overdue is computed from the dates (events.execution),
not a state.
"""

import rules

from salsk_mentoring.predicates import is_methodist, is_school_user
from salsk_mentoring.scoping import CHANGE, user_may
from salsk_mentoring.workflows import Transition, Workflow
from schools.contacts import SCHOOL, notify_transition

from .models import Assignment

S = Assignment.State


@rules.predicate
def line_of_my_organisation(user, assignment=None):
    """The line belongs to an organisation the user reports for (also before the line has a row)."""
    if assignment is None:
        return bool(user.organisation_ids)
    return user_may(user, CHANGE, assignment.organisation)


may_report = is_methodist | (is_school_user & line_of_my_organisation)


LINE = Workflow(
    Assignment,
    object_arg="assignment",
    field="state",
    noun="строка плана",
    plural="строка плана,строки плана,строк плана",
    notifier=notify_transition,
    transitions=[
        Transition(
            "start",
            "Начало работы",
            label="Начать работу",
            sources=(S.ASSIGNED,),
            target=S.IN_PROGRESS,
            predicate=may_report,
            denied="Отчитываться по строке плана может только сама организация или методист.",
            refused="Начать можно только ещё не начатую строку.",
            done="Отмечено: работа начата.",
            service="events.services.line_start",
            style="outline-primary",
        ),
        Transition(
            "complete",
            "Отметка о выполнении",
            label="Отметить выполненным",
            sources=(S.ASSIGNED, S.IN_PROGRESS, S.RETURNED),
            target=S.DONE,
            predicate=may_report,
            denied="Отмечать выполнение может только сама организация или методист.",
            refused="Строка уже отмечена выполненной.",
            done="Отмечено: выполнено.",
            service="events.services.line_complete",
            style="success",
        ),
        Transition(
            "reopen",
            "Возврат в работу",
            label="Вернуть в работу",
            sources=(S.DONE,),
            target=S.IN_PROGRESS,
            predicate=may_report,
            denied="Вернуть строку в работу может только сама организация или методист.",
            refused="Вернуть в работу можно только выполненную строку.",
            done="Строка возвращена в работу.",
            service="events.services.line_reopen",
            style="outline-secondary",
        ),
        Transition(
            "return",
            "Возврат на доработку",
            label="Вернуть на доработку",
            sources=(S.DONE,),
            target=S.RETURNED,
            predicate=is_methodist,
            denied="Вернуть строку плана на доработку может только методист.",
            refused="Вернуть на доработку можно только выполненную строку.",
            done="Строка возвращена на доработку; организация получила замечания по почте.",
            service="events.services.line_return",
            notify=SCHOOL,
            form="events.forms.LineReturnForm",
            style="outline-danger",
            bulk=True,
            extra={"inline": True, "title": "Вернуть строку плана на доработку"},
        ),
    ],
)
