"""The IOM workflow, declared once (salsk_mentoring.workflows): services, views, rules, templates and the bulk
actions of the IOM list all read this table.

draft → agreed (the mentor agreed) → submitted (by the school's head or responsible) →
returned with a comment (→ agreed again → submitted) / approved (by a methodist) → in progress →
completed (final self-analysis and the mentor's conclusion).
"""

from salsk_mentoring.predicates import is_methodist
from salsk_mentoring.workflows import Transition, Workflow
from schools.contacts import METHODISTS, PEOPLE, SCHOOL, notify_transition

from .models import Iom, IomTransition
from .rules import is_head_or_responsible, may_work_on_iom, school_of_iom

S = Iom.Status


def _log(iom, transition, from_state, user, comment):
    IomTransition.objects.create(
        iom=iom,
        action=transition.code,
        from_status=from_state,
        to_status=transition.target,
        user=user,
        comment=comment,
    )


def _approve_denied(user):
    if user.is_authenticated and user.is_school:
        return "Утверждать ИОМ своей организации нельзя: ИОМ утверждает методист МБУ ИМЦ Сальского района."
    return "Утверждать ИОМ может только методист МБУ ИМЦ."


IOM = Workflow(
    Iom,
    object_arg="iom",
    noun="ИОМ",
    plural="ИОМ,ИОМ,ИОМ",
    log=_log,
    # Every letter of the IOM goes through the table (``notify``), after the commit: the school hears of the
    # methodist's decision, the methodists of what the school submits, the specialist and the mentor of
    # every step that concerns them.
    notifier=notify_transition,
    people=lambda iom: [iom.specialist, iom.mentor],
    transitions=[
        Transition(
            "agree",
            "Согласование с наставником",
            label="Наставник согласовал",
            sources=(S.DRAFT, S.RETURNED),
            target=S.AGREED,
            predicate=may_work_on_iom,
            denied="Отметить согласование наставником может организация, составившая ИОМ.",
            refused="Согласовать можно только черновик или возвращённый ИОМ.",
            done="Отмечено согласование наставником.",
            service="iom.services.iom_agree",
            notify=PEOPLE,
        ),
        Transition(
            "revise",
            "Возврат в черновик для правки",
            label="Вернуть в черновик",
            sources=(S.AGREED,),
            target=S.DRAFT,
            predicate=may_work_on_iom,
            denied="Вернуть ИОМ в черновик может организация, составившая ИОМ.",
            refused="Вернуть в черновик можно только согласованный, ещё не представленный ИОМ.",
            done="ИОМ возвращён в черновик.",
            service="iom.services.iom_revise",
            style="outline-secondary",
        ),
        Transition(
            "submit",
            "Представление на утверждение",
            label="Представить в МБУ ИМЦ",
            sources=(S.AGREED, S.RETURNED),
            target=S.SUBMITTED,
            predicate=is_methodist | (school_of_iom & is_head_or_responsible),
            denied="Представить ИОМ в МБУ ИМЦ может руководитель организации или ответственный за наставничество.",
            refused="Представить можно согласованный наставником или возвращённый ИОМ: "
            "сначала отметьте согласование наставником.",
            done="ИОМ представлен в МБУ ИМЦ.",
            service="iom.services.iom_submit",
            notify=METHODISTS,
        ),
        Transition(
            "approve",
            "Утверждение",
            label="Утвердить",
            sources=(S.SUBMITTED,),
            target=S.APPROVED,
            predicate=is_methodist,
            denied=_approve_denied,
            refused="Утвердить можно только представленный ИОМ.",
            done="ИОМ утверждён.",
            service="iom.services.iom_approve",
            notify=f"{SCHOOL},{PEOPLE}",
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
            denied="Возвращать ИОМ на доработку может только методист МБУ ИМЦ.",
            refused="Вернуть на доработку можно только представленный ИОМ.",
            done="ИОМ возвращён на доработку; организация получила замечания по почте.",
            service="iom.services.iom_return",
            notify=f"{SCHOOL},{PEOPLE}",
            form="iom.forms.ReturnForm",
            style="outline-danger",
            bulk=True,
            extra={"inline": True, "title": "Вернуть ИОМ на доработку"},
        ),
        Transition(
            "start",
            "Начало реализации",
            label="Начать реализацию",
            sources=(S.APPROVED,),
            target=S.IN_PROGRESS,
            predicate=may_work_on_iom,
            denied="Начать реализацию ИОМ может его организация или методист.",
            refused="Начать реализацию можно только утверждённого ИОМ.",
            done="Начата реализация ИОМ.",
            service="iom.services.iom_start",
        ),
        Transition(
            "complete",
            "Завершение",
            label="Завершить маршрут",
            sources=(S.IN_PROGRESS,),
            target=S.COMPLETED,
            predicate=may_work_on_iom,
            denied="Завершить ИОМ может его организация или методист.",
            refused="Завершить можно только реализуемый ИОМ.",
            done="ИОМ завершён.",
            service="iom.services.iom_complete",
            notify=METHODISTS,
            form="iom.forms.CompleteForm",
            style="outline-primary",
            extra={"title": "Завершить ИОМ: итоговый самоанализ и заключение наставника"},
        ),
    ],
)
