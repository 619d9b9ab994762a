"""Workflows: a model with a life cycle declares its transitions once, in a table; everything reads the table.

A table lives beside its app's services (``iom/workflows.py``)::

    IOM = Workflow(
        Iom,
        object_arg="iom",
        transitions=[
            Transition(
                "approve", "Утверждение", label="Утвердить",
                sources=(S.SUBMITTED,), target=S.APPROVED,
                predicate=is_methodist, denied="Утверждать ИОМ может только методист МБУ ИМЦ.",
                refused="Утвердить можно только представленный ИОМ.",
                service="iom.services.iom_approve", bulk=True,
            ),
            ...
        ],
    )

Each row is (from states, to state, action code, Russian action name, predicate, service). The table

* registers the predicate as the django-rules permission ``<app>.<code>_<model>`` (``iom.approve_iom``) that the
  templates, views and tests ask: *who* may act; the states say *when*;
* gives the Russian name of every action to the history panel (the service records the code as the change
  reason) — one place, never a code on screen;
* tells views what to offer: :meth:`Workflow.available` lists only the transitions allowed now for this user;
* says whom each transition's e-mail goes to (``notify``); ``finish`` hands it to the table's ``notifier``
  (``schools.contacts.notify_transition``), which queues it after the commit — a rolled-back move sends nothing;
* gives services the one way to move an object (:meth:`Workflow.begin` then :meth:`Workflow.finish`, inside
  the service's transaction):

  - ``begin`` checks who (PermissionDenied with the row's Russian ``denied``), locks the row
    (:func:`salsk_mentoring.locking.lock_row`) and checks its state *as it is in the database now*
    (ValidationError with the row's Russian ``refused`` and the current state);
  - ``finish`` is one conditional ``UPDATE … WHERE status IN (sources)``: of two people acting at once (two
    methodists approving and returning the same IOM) exactly one wins, the other is refused in Russian even
    where the database has no row locks (SQLite); then the object's history record and the workflow's own log.

One POST view serves every transition of every table (:class:`TransitionView`) and one view every bulk action
(:class:`BulkTransitionView`: a confirmation page, then a result per item); :func:`transition_urls` makes their
URL patterns from the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.text import capfirst

from .locking import lock_row


@dataclass(frozen=True)
class Transition:
    """One row of a workflow table."""

    code: str  #: the action's code: recorded as the history change reason, part of the URL and permission
    name: str  #: its Russian name, as history shows it («Утверждение»)
    sources: tuple  #: the states it starts from
    target: str  #: the state it leads to
    predicate: rules.Predicate  #: who may do it (django-rules), asked with the object
    service: str  #: dotted path of the service function that performs it
    label: str = ""  #: the button («Утвердить»); the name when empty
    #: the refusal when the predicate says no (or a function of the user giving it)
    denied: str | Callable[..., str] = "Это действие вам недоступно."
    #: the refusal when the object is in another state («Утвердить можно только …»), or a function of that state
    refused: str | Callable[..., str] = ""
    done: str = ""  #: the message after success («ИОМ утверждён.»)
    form: str = ""  #: dotted path of a form whose cleaned data go to the service (a comment, a reason)
    bulk: bool = False  #: offered as a bulk action on the list
    style: str = "primary"  #: Bootstrap button style
    #: shown on the object's page (False: performed elsewhere, e.g. a dedicated page or another service)
    button: bool = True
    #: whom the transition's e-mail goes to (the table's ``notifier`` picks them): "school", "methodists",
    #: "people" (the persons the table names for the object: an IOM's specialist and mentor), several
    #: ("school,people") or nobody ("")
    notify: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def button_label(self) -> str:
        return self.label or self.name

    def denied_for(self, user) -> str:
        return self.denied(user) if callable(self.denied) else self.denied


class Workflow:
    """The transition table of one model (see the module docstring)."""

    def __init__(
        self,
        model,
        *,
        transitions,
        object_arg,
        field="status",
        log=None,
        noun=None,
        plural=None,
        notifier=None,
        people=None,
    ):
        self.model = model
        #: ``people(obj)`` — the persons of the object a ``notify="people"`` letter goes to (an IOM's specialist
        #: and mentor); they are written to besides the organisation's contacts
        self.people = people
        #: ``notifier(workflow, obj, transition, user=, comment=)`` — queues the e-mail of a transition whose
        #: ``notify`` names recipients (schools.contacts.notify_transition: after the commit, via the task queue)
        self.notifier = notifier
        self.field = field
        self.object_arg = object_arg
        self.transitions = {t.code: t for t in transitions}
        self.log = log  #: ``log(obj, transition, from_state, user, comment)`` — the model's own journal, if any
        self.noun = noun or model._meta.verbose_name
        #: «ИОМ,ИОМ,ИОМ» — the forms after a number (salsk_mentoring.text.plural_ru), for «Утвердить: 5 ИОМ»
        self.plural = plural or f"{self.noun},{self.noun},{self.noun}"
        opts = model._meta
        self.app_label, self.model_name = opts.app_label, opts.model_name
        self._choices = dict(opts.get_field(field).flatchoices)
        for t in transitions:
            unknown = {t.target, *t.sources} - set(self._choices)
            if unknown:
                raise ImproperlyConfigured(f"{opts.label}: {t.code}: нет статусов {sorted(unknown)}")
            name = self.permission(t)
            if rules.perm_exists(name):
                rules.set_perm(name, t.predicate)
            else:
                rules.add_perm(name, t.predicate)
        REGISTRY[opts.label_lower] = self

    def __getitem__(self, code) -> Transition:
        return self.transitions[code]

    def __iter__(self):
        return iter(self.transitions.values())

    def __contains__(self, code):
        return code in self.transitions

    def permission(self, transition: Transition | str) -> str:
        code = transition.code if isinstance(transition, Transition) else transition
        return f"{self.app_label}.{code}_{self.model_name}"

    def state_label(self, state) -> str:
        return str(self._choices.get(state, state))

    # ------------------------------------------------------------------ what the UI offers

    def may(self, user, obj, code) -> bool:
        """May ``user`` perform ``code`` on ``obj`` now (its state and the predicate)?"""
        t = self.transitions[code]
        return getattr(obj, self.field) in t.sources and user.has_perm(self.permission(t), obj)

    def available(self, user, obj, *, buttons_only=False) -> list[Transition]:
        """The transitions allowed now for this user, in table order — the only ones a page offers."""
        return [
            t
            for t in self.transitions.values()
            if (t.button or not buttons_only) and self.may(user, obj, t.code)
        ]

    def bulk_actions(self, user) -> list[Transition]:
        """The bulk actions the user may be offered on the list (model-level permission)."""
        return [t for t in self.transitions.values() if t.bulk and user.has_perm(self.permission(t))]

    def refusal(self, obj, transition: Transition, state=None) -> str:
        state = getattr(obj, self.field) if state is None else state
        refused = transition.refused(state) if callable(transition.refused) else transition.refused
        first = refused or f"«{transition.button_label}» сейчас невозможно."
        return f"{first} Сейчас {self.noun} в статусе «{self.state_label(state)}»."

    def check(self, user, obj, code) -> str | None:
        """The Russian reason why ``user`` may not perform ``code`` on ``obj`` now, or None when allowed."""
        t = self.transitions[code]
        if not user.has_perm(self.permission(t), obj):
            return t.denied_for(user)
        if getattr(obj, self.field) not in t.sources:
            return self.refusal(obj, t)
        return None

    # ------------------------------------------------------------------ what services call

    def begin(self, obj, code, *, user) -> Transition:
        """Check who; lock the row and read its state as it is now; check when. Inside the service's transaction."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.begin() runs inside the service's transaction.atomic()")
        t = self.transitions[code]
        if not user.has_perm(self.permission(t), obj):
            raise PermissionDenied(t.denied_for(user))
        row = lock_row(self.model, obj.pk, self.field)
        if row is None:
            raise ValidationError(f"{capfirst(self.noun)}: запись уже удалена, действие не выполнено.")
        [state] = row
        setattr(obj, self.field, state)
        if state not in t.sources:
            raise ValidationError(self.refusal(obj, t))
        return t

    def finish(self, obj, code, *, user, comment: str = "", **fields):
        """Move ``obj`` by ``code``: one conditional UPDATE; the history record names the action by its code."""
        t = self.transitions[code]
        from_state = getattr(obj, self.field)
        # The fields the step sets go in the same UPDATE: a constraint tying the state to them (a terminated
        # pair has a reason) holds at every moment.
        claimed = (
            self.model._base_manager.filter(pk=obj.pk, **{f"{self.field}__in": t.sources})
            .update(**{self.field: t.target}, **fields)
        )
        if claimed != 1:
            state = self.model._base_manager.filter(pk=obj.pk).values_list(self.field, flat=True).first()
            raise ValidationError(
                self.refusal(obj, t, state) + " Его только что изменил другой пользователь; обновите страницу."
            )
        setattr(obj, self.field, t.target)
        for name, value in fields.items():
            setattr(obj, name, value)
        # The full row and its history record (simple-history: who, when, the action's code as the reason).
        obj._history_user = user
        obj._change_reason = t.code
        update_fields = [self.field, *fields, *self._auto_now_fields()]
        obj.save(update_fields=update_fields)
        if self.log is not None:
            self.log(obj, t, from_state, user, comment)
        if t.notify and self.notifier is not None:
            self.notifier(self, obj, t, user=user, comment=comment)
        return obj

    def _auto_now_fields(self):
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if isinstance(f, models.DateField) and getattr(f, "auto_now", False)
        ]

    # ------------------------------------------------------------------ what views call

    def service(self, transition: Transition):
        return import_string(transition.service)

    def form_class(self, transition: Transition):
        return import_string(transition.form) if transition.form else None

    def perform(self, transition: Transition, obj, *, user, data=None):
        """Run the transition's service on ``obj`` (its own transaction; refusals raise in Russian)."""
        return self.service(transition)(**{self.object_arg: obj}, user=user, **(data or {}))


#: ``"app_label.modelname"`` → its workflow (the views and tests find a table by its model).
REGISTRY: dict[str, Workflow] = {}


def workflow_for(model) -> Workflow:
    return REGISTRY[model._meta.label_lower]


def action_name(model, code) -> str | None:
    """The Russian name of the workflow action ``code`` of ``model`` (class or instance), None if not an action."""
    workflow = REGISTRY.get(model._meta.label_lower)
    if workflow is None or code not in workflow:
        return None
    return workflow[code].name
