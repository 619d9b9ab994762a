"""The workflows of the mentor bank and of pairs, declared once (salsk_mentoring.workflows): services, views,
rules, templates and the bulk actions of the lists all read these tables.

Mentor bank (Appendix 7): proposed by the school → included by a methodist ⇄ excluded (with a reason).
Pair: planned → active → completed; planned or active → terminated early (with a reason).
Every transition e-mails the organisation's head and responsible after the commit (schools.contacts).
"""

from salsk_mentoring.predicates import can_change_school_data, is_methodist
from salsk_mentoring.workflows import Transition, Workflow
from schools.contacts import SCHOOL, notify_transition

from .models import MentorBankEntry, Pair

B = MentorBankEntry.Status
P = Pair.Status


BANK = Workflow(
    MentorBankEntry,
    object_arg="entry",
    noun="наставник",
    plural="наставник,наставника,наставников",
    notifier=notify_transition,
    transitions=[
        Transition(
            "include",
            "Включение в банк наставников",
            label="Включить в банк наставников",
            sources=(B.PROPOSED, B.EXCLUDED),
            target=B.INCLUDED,
            predicate=is_methodist,
            denied="Включать в банк наставников может только методист.",
            refused="Включить можно предложенного школой или ранее исключённого наставника.",
            done="Наставник включён в банк наставников.",
            service="mentors.services.bank_include",
            notify=SCHOOL,
            style="success",
            bulk=True,
        ),
        Transition(
            "exclude",
            "Исключение из банка наставников",
            label="Исключить из банка",
            sources=(B.PROPOSED, B.INCLUDED),
            target=B.EXCLUDED,
            predicate=is_methodist,
            denied="Исключать из банка наставников может только методист.",
            refused="Наставник уже исключён из банка наставников.",
            done="Наставник исключён из банка наставников.",
            service="mentors.services.bank_exclude",
            notify=SCHOOL,
            form="mentors.forms.BankExcludeForm",
            style="outline-danger",
            bulk=True,
            extra={"inline": True, "title": "Исключить из банка наставников"},
        ),
    ],
)


PAIR = Workflow(
    Pair,
    object_arg="pair",
    noun="пара",
    plural="пара,пары,пар",
    notifier=notify_transition,
    transitions=[
        Transition(
            "start",
            "Начало работы пары",
            label="Начать работу",
            sources=(P.PLANNED,),
            target=P.ACTIVE,
            predicate=can_change_school_data,
            denied="Начать работу пары может её организация или методист.",
            refused="Начать работу можно только запланированной пары.",
            done="Пара начала работу.",
            service="mentors.services.pair_start",
            notify=SCHOOL,
        ),
        Transition(
            "complete",
            "Завершение работы пары",
            label="Завершить",
            sources=(P.ACTIVE,),
            target=P.COMPLETED,
            predicate=can_change_school_data,
            denied="Завершить пару может её организация или методист.",
            refused="Завершить можно только действующую пару: запланированную начинают или прекращают досрочно.",
            done="Работа пары завершена.",
            service="mentors.services.pair_complete",
            notify=SCHOOL,
            form="mentors.forms.PairCompleteForm",
            style="outline-primary",
            bulk=True,
            extra={"inline": True, "title": "Завершить работу пары"},
        ),
        Transition(
            "terminate",
            "Досрочное прекращение",
            label="Прекратить досрочно",
            sources=(P.PLANNED, P.ACTIVE),
            target=P.TERMINATED,
            predicate=can_change_school_data,
            denied="Прекратить пару может её организация или методист.",
            refused="Прекратить досрочно можно только запланированную или действующую пару.",
            done="Пара прекращена досрочно.",
            service="mentors.services.pair_terminate",
            notify=SCHOOL,
            form="mentors.forms.PairTerminateForm",
            style="outline-danger",
            extra={"inline": True, "title": "Прекратить пару досрочно"},
        ),
    ],
)
