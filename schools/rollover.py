"""«Новый учебный год»: the district moves from academic year Y to Y+1 in one step.

Each app registers the kinds it carries over (``<app>/rollover.py``, imported by its ``AppConfig.ready``)::

    @rollover_step(order=40, kind="Пары наставничества")
    def pairs(ctx: Context, apply: bool) -> Result

One function answers both the preview (``apply=False``: count, write nothing) and the run (``apply=True``:
create what is missing), so what the preview promises is what the run does. A step never overwrites: what
the new year already has is counted as «уже есть» and left alone, so a second run creates nothing. The
orchestrator runs every step in one transaction and records the run (:class:`YearRollover`, with history);
writes carry the user and the reason «Переход на учебный год …» in the objects' history.

Steps live in the app that owns the data (schools → mentors/events → iom → monitoring), so no layer
imports a higher one; the orchestrator here only calls what was registered.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from salsk_mentoring.history import bulk_create_with_history
from salsk_mentoring.scoping import VIEW

from .models import AcademicYear, YearRollover

_STEPS = []


@dataclass
class Result:
    kind: str
    #: Rows the run creates (preview) or created (run).
    create: int = 0
    #: Rows the new year already has: kept as they are.
    exists: int = 0
    #: A few lines naming what is carried («МБОУ СОШ № 1: Иванова А.А.»).
    samples: list = field(default_factory=list)
    #: Of the rows created, how many with a value the methodist adjusted on the page (not copied as they were).
    adjusted: int = 0
    #: What the methodist should know (consents to re-confirm, what is not carried and why).
    note: str = ""


@dataclass
class Context:
    user: object
    source: AcademicYear
    target: AcademicYear
    day: datetime.date
    #: Programmes (pks) of the source year chosen to continue; None: all.
    programmes: set | None = None
    #: The new year was in the registry before this run (or preview).
    target_existed: bool = False
    #: What the methodist adjusted on the page, per adjustment key (:func:`rollover_adjustment`).
    adjusted: dict = field(default_factory=dict)

    #: Whether the target year is in the database yet (in a preview of a new year it is not).
    @property
    def target_saved(self) -> bool:
        return self.target.pk is not None

    @property
    def reason(self) -> str:
        return f"Переход на {self.target} учебный год"

    def create(self, model, rows, *, links: str = "", originals=(), reason: str = "") -> list:
        """Write the new year's ``rows`` of ``model`` with their history (this user, the rollover as the reason,
        or ``reason`` when the row is not a plain copy).

        ``links``: a many-to-many field of ``model`` whose links each new row takes over from the row of the old
        year it copies — ``originals``, in the same order as ``rows``, the field prefetched."""
        created = bulk_create_with_history(rows, model, user=self.user, reason=reason or self.reason)
        if links:
            m2m = model._meta.get_field(links)
            through = m2m.remote_field.through
            own, other = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
            through.objects.bulk_create(
                [
                    through(**{own: new.pk, other: linked.pk})
                    for new, old in zip(created, originals, strict=True)
                    for linked in getattr(old, links).all()
                ]
            )
        return created

    def rows(self, model, action: str = VIEW):
        """``model``'s rows a step reads (or changes) — through the user's scope, like every read of a scoped
        model; only a methodist runs the transfer (``_check``), so they are the whole district's."""
        return model._default_manager.for_user(self.user, action)

    def samples(self, items, limit=5):
        items = list(items)
        return items[:limit] + ([f"… и ещё {len(items) - limit}"] if len(items) > limit else [])


def rollover_step(*, order: int, kind: str):
    def register(function):
        _STEPS.append((order, kind, function))
        _STEPS.sort(key=lambda step: step[0])
        return function

    return register


_CHOICES = []


def rollover_choices(*, label: str):
    """Register ``function(source, user) -> [(pk, text)]``: what the methodist (``user``, whose scope the
    choices are read through) picks to continue (checkboxes of the page, all ticked by default), passed back to
    the steps as ``ctx.programmes``."""

    def register(function):
        _CHOICES.append((label, function))
        return function

    return register


def choices_for(source, user) -> list[tuple[str, list]]:
    _check(user)
    return [(label, function(source, user)) for label, function in _CHOICES]


_ADJUSTMENTS = []


def rollover_adjustment(*, key: str):
    """Register ``function(ctx, data) -> formset``: values the methodist may adjust on the page before the run
    (the indicator targets of the new year), prefilled with the old year's. The formset (bound when ``data``) has
    ``template`` (its part of the page) and ``adjustments()`` (its cleaned values), which reach the steps as
    ``ctx.adjusted[key]``."""

    def register(function):
        _ADJUSTMENTS.append((key, function))
        return function

    return register


def adjustment_forms(*, user, source, data=None) -> list[tuple[str, object]]:
    """The adjustment formsets of the page for the move from ``source`` (bound to ``data`` when posted)."""
    _check(user)
    ctx = _context(user, source)
    return [(key, function(ctx, data)) for key, function in _ADJUSTMENTS]


def _context(user, source, programmes=None, adjusted=None) -> Context:
    target = next_year(source)
    return Context(user=user, source=source, target=target, day=timezone.localdate(), programmes=programmes,
                   target_existed=target.pk is not None, adjusted=adjusted or {})


def next_year(source: AcademicYear) -> AcademicYear:
    """The year after ``source``: from the registry, or a new unsaved one (01.09–31.08)."""
    start = source.start_year + 1
    return AcademicYear.objects.filter(start_year=start).first() or AcademicYear(
        start_year=start, start_date=datetime.date(start, 9, 1), end_date=datetime.date(start + 1, 8, 31)
    )


def _check(user):
    if not (user and user.is_authenticated and user.is_methodist):
        raise PermissionDenied("Переход на новый учебный год выполняет только методист.")


def rollover_preview(*, user, source: AcademicYear, programmes=None, adjusted=None) -> list[Result]:
    """What the run would create per kind and what the new year already has; writes nothing."""
    _check(user)
    ctx = _context(user, source, programmes, adjusted)
    return [function(ctx, False) for _, _, function in _STEPS]


@transaction.atomic
def rollover_apply(*, user, source: AcademicYear, programmes=None, adjusted=None) -> tuple[AcademicYear, list[Result]]:
    """Carry the district from ``source`` to the next year in one transaction; idempotent."""
    _check(user)
    target = next_year(source)
    existed = target.pk is not None
    if not existed:
        target._history_user = user
        target._change_reason = f"Переход с {source} учебного года"
        target.full_clean(exclude=["is_current"])
        target.save()
    ctx = Context(user=user, source=source, target=target, day=timezone.localdate(), programmes=programmes,
                  target_existed=existed, adjusted=adjusted or {})
    results = [function(ctx, True) for _, _, function in _STEPS]
    summary = "; ".join(
        f"{r.kind}: создано {r.create}" + (f" (скорректировано {r.adjusted})" if r.adjusted else "")
        + f", уже было {r.exists}"
        for r in results
    )
    run = YearRollover.objects.filter(target=target).first()
    if run is None:
        run = YearRollover(source=source, target=target, applied_by=user, summary=summary)
    else:
        run.summary, run.applied_by = summary, user
    run._history_user = user
    run._change_reason = "Повторный запуск" if run.pk else "Переход выполнен"
    run.save()
    return target, results


# ---------------------------------------------------------------- the year itself and the current-year flag


@rollover_step(order=0, kind="Учебный год")
def year_step(ctx: Context, apply: bool) -> Result:
    # In a run the orchestrator has created the year before the steps; the preview tells whether it will.
    exists = ctx.target_existed
    return Result(
        "Учебный год",
        create=0 if exists else 1,
        exists=1 if exists else 0,
        samples=[f"{ctx.target}: {ctx.target.start_date:%d.%m.%Y}–{ctx.target.end_date:%d.%m.%Y}"],
    )


@rollover_step(order=90, kind="Текущий учебный год")
def current_flag_step(ctx: Context, apply: bool) -> Result:
    """The portal's current year (dashboard, «Мои задачи», new records) becomes the new one."""
    if ctx.target_saved and ctx.target.is_current:
        return Result("Текущий учебный год", exists=1, samples=[f"текущий — {ctx.target}"])
    if apply:
        for year in AcademicYear.objects.filter(is_current=True):
            year.is_current = False
            year._history_user, year._change_reason = ctx.user, ctx.reason
            year.save(update_fields=["is_current"])
        ctx.target.is_current = True
        ctx.target._history_user, ctx.target._change_reason = ctx.user, ctx.reason
        ctx.target.save(update_fields=["is_current"])
    return Result("Текущий учебный год", create=1, samples=[f"текущим станет {ctx.target}"])
