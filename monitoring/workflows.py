"""The workflow of a school's monitoring submission, declared once (salsk_mentoring.workflows): services,
views, rules, the submission page and the bulk action of the campaign page read this table.

draft (the school fills) → submitted → accepted by a methodist / returned with remarks (→ submitted again).
Submitting e-mails the methodists, accepting and returning the school, after the commit (schools.contacts).
"""

from salsk_mentoring.predicates import can_change_school_data, is_methodist
from salsk_mentoring.workflows import Transition, Workflow
from schools.contacts import METHODISTS, SCHOOL, notify_transition

from .models import Submission

S = Submission.Status


SUBMISSION = Workflow(
    Submission,
    object_arg="submission",
    noun="отчёт",
    plural="отчёт,отчёта,отчётов",
    notifier=notify_transition,
    transitions=[
        Transition(
            "submit",
            "Отправка на проверку",
            label="Отправить методисту",
            sources=(S.DRAFT, S.RETURNED),
            target=S.SUBMITTED,
            predicate=can_change_school_data,
            denied="Отправить отчёт может только сама организация или методист.",
            refused=lambda state: {
                S.ACCEPTED: "Отчёт уже принят методистом: изменения не принимаются.",
                S.SUBMITTED: "Отчёт уже отправлен и ждёт проверки методиста.",
            }.get(state, "Отправить можно заполняемый или возвращённый на доработку отчёт."),
            done="Отчёт отправлен методисту на проверку.",
            service="monitoring.services.submission_submit",
            notify=METHODISTS,
            button=False,  # the form's own «Сохранить и отправить» does it with the values typed
        ),
        Transition(
            "accept",
            "Приёмка отчёта",
            label="Принять отчёт",
            sources=(S.SUBMITTED,),
            target=S.ACCEPTED,
            predicate=is_methodist,
            denied="Принять отчёт может только методист.",
            refused=lambda state: "Отчёт уже принят."
            if state == S.ACCEPTED
            else "Принять можно только отправленный организацией отчёт.",
            done="Отчёт принят.",
            service="monitoring.services.submission_accept",
            notify=SCHOOL,
            style="success",
            bulk=True,
        ),
        Transition(
            "return",
            "Возврат на доработку",
            label="Вернуть на доработку",
            sources=(S.SUBMITTED,),
            target=S.RETURNED,
            predicate=is_methodist,
            denied="Вернуть отчёт может только методист.",
            refused="Вернуть на доработку можно только отправленный и ещё не принятый отчёт.",
            done="Отчёт возвращён на доработку.",
            service="monitoring.services.submission_return",
            notify=SCHOOL,
            form="monitoring.forms.SubmissionReturnForm",
            style="outline-danger",
            extra={"inline": True, "title": "Вернуть отчёт на доработку"},
        ),
    ],
)
