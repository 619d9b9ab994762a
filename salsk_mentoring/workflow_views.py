"""The one way to write a POST action view: every transition and every bulk action of every workflow table.

:class:`TransitionView` — one object, one transition: POST only (405 before anything else), unless the
transition has a form (a comment, a reason), whose page is the GET. The object is looked up in the user's view
scope (another school's: 404); the table's predicate decides who (403 with the table's Russian reason); the
service does the rest and its refusal comes back as a message (or as form errors, with everything typed kept).

:class:`BulkTransitionView` — the selected objects of a list, one transition: the GET (``?pk=1&pk=2``, what the
list's checkboxes send) is a confirmation page naming each object and whether the action applies to it now
(and why not); the POST performs it object by object, each in its own transaction (its own history record,
scoping and rules per object), and answers with the result per object — a refused one with its reason, never
skipped silently.

:func:`transition_urls` makes both kinds of URL from a table.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from .scoping import VIEW

#: The most objects one bulk action takes (a list page shows 50).
BULK_MAX = 200


def error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(str(m) for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


def named_organisation(obj):
    """The organisation to show beside ``obj`` in a list of objects: None when the object has none or its own
    name already says it (a plan line is «МБОУ СОШ № 1: п. 18»), so no line names it twice."""
    organisation = getattr(obj, "organisation", None)
    if organisation is None or str(organisation) in str(obj):
        return None
    return organisation


def _form_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(None if name == "__all__" or name not in form.fields else name, errors)
    else:
        form.add_error(None, exc.messages)


class WorkflowViewMixin(LoginRequiredMixin):
    workflow = None
    code = None
    select_related: tuple = ()
    #: the list the bulk pages go back to, when the model's own ``<app>:<model>_list`` does not exist
    list_url_name = None

    @property
    def transition(self):
        return self.workflow[self.code]

    def queryset(self):
        qs = self.workflow.model._default_manager.for_user(self.request.user, VIEW)
        return qs.select_related(*self.select_related) if self.select_related else qs

    def form_class(self):
        return self.workflow.form_class(self.transition)


class TransitionView(WorkflowViewMixin, View):
    """POST /<object>/<pk>/<code>/ — perform one transition of the table on one object."""

    template_name = "workflows/transition_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST" and not (request.method == "GET" and self.transition.form):
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.queryset(), pk=self.kwargs["pk"])
        return self._object

    def check(self, obj):
        t = self.transition
        if not self.request.user.has_perm(self.workflow.permission(t), obj):
            raise PermissionDenied(t.denied_for(self.request.user))

    def get(self, request, **kwargs):
        obj = self.get_object()
        self.check(obj)
        return self.render(obj, self.form_class()(initial=self.initial(obj)))

    def initial(self, obj):
        form = self.form_class()
        return {name: getattr(obj, name) for name in form.base_fields if hasattr(obj, name)} if form else {}

    def post(self, request, **kwargs):
        obj = self.get_object()
        self.check(obj)
        t, form_class = self.transition, self.form_class()
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            messages.error(request, "Действие не выполнено: исправьте ошибки в форме.")
            return self.render(obj, form)
        try:
            self.workflow.perform(t, obj, user=request.user, data=form.cleaned_data if form else None)
        except ValidationError as exc:
            if form is None:
                messages.error(request, error_text(exc))
                return redirect(obj.get_absolute_url())
            _form_errors(form, exc)
            messages.error(request, "Действие не выполнено: исправьте ошибки в форме.")
            return self.render(obj, form)
        messages.success(request, t.done or f"Выполнено: {t.name.lower()}.")
        return redirect(obj.get_absolute_url())

    def render(self, obj, form):
        t = self.transition
        return render(
            self.request,
            self.template_name,
            {"object": obj, "form": form, "title": t.extra.get("title") or t.button_label, "transition": t},
        )


class BulkTransitionView(WorkflowViewMixin, View):
    """GET …/bulk/<code>/?pk=… — the confirmation; POST — the transition for each object, a result for each."""

    template_name = "workflows/bulk.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.workflow.permission(self.transition)):
            raise PermissionDenied(self.transition.denied_for(request.user))
        return super().dispatch(request, *args, **kwargs)

    def selected_pks(self, data) -> list[int]:
        pks = []
        for raw in data.getlist("pk"):
            if raw.isdigit() and int(raw) not in pks:
                pks.append(int(raw))
        return pks

    def objects(self, pks):
        """The selected objects the user may see, in the order selected; the others are reported as not found."""
        found = self.queryset().in_bulk(pks)
        return [found[pk] for pk in pks if pk in found], [pk for pk in pks if pk not in found]

    def get(self, request):
        return self.page(self.selected_pks(request.GET), form=self.empty_form())

    def empty_form(self):
        form_class = self.form_class()
        return form_class() if form_class else None

    def post(self, request):
        pks = self.selected_pks(request.POST)
        form_class = self.form_class()
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            messages.error(request, "Действие не выполнено: исправьте ошибки в форме.")
            return self.page(pks, form=form)
        if not pks or len(pks) > BULK_MAX:
            return self.page(pks, form=form)
        objects, missing = self.objects(pks)
        results = []
        for obj in objects:
            try:
                self.workflow.perform(
                    self.transition, obj, user=request.user, data=form.cleaned_data if form else None
                )
            except (ValidationError, PermissionDenied) as exc:
                reason = error_text(exc) if isinstance(exc, ValidationError) else str(exc)
                results.append({"object": obj, "organisation": named_organisation(obj), "ok": False, "reason": reason})
            else:
                results.append({"object": obj, "organisation": named_organisation(obj), "ok": True, "reason": ""})
        done = sum(1 for r in results if r["ok"])
        refused = len(results) - done + len(missing)
        summary = f"Выполнено: {done} из {len(pks)}." + (f" Не выполнено: {refused} — причины ниже." if refused else "")
        (messages.success if not refused else messages.warning)(request, summary)
        return render(request, self.template_name, self.context(results=results, missing=missing, summary=summary))

    def page(self, pks, *, form):
        if not pks:
            messages.error(request=self.request, message="Не выбрано ни одной записи: отметьте их в списке.")
            return redirect(self.list_url())
        if len(pks) > BULK_MAX:
            messages.error(
                self.request,
                f"Выбрано {len(pks)} записей: за один раз можно не больше {BULK_MAX}. Уточните отбор в списке.",
            )
            return redirect(self.list_url())
        objects, missing = self.objects(pks)
        user, t = self.request.user, self.transition
        items = [
            {"object": obj, "organisation": named_organisation(obj), "reason": self.workflow.check(user, obj, t.code)}
            for obj in objects
        ]
        ready = sum(1 for item in items if item["reason"] is None)
        return render(
            self.request,
            self.template_name,
            self.context(items=items, missing=missing, form=form, ready=ready, pks=[o.pk for o in objects]),
        )

    def list_url(self):
        """Where the action came from: ``next`` (a page of this site: the campaign page of the monitoring
        reports, which have no list of their own), else the model's list."""
        back = self.request.POST.get("next") or self.request.GET.get("next")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={self.request.get_host()}):
            return back
        return reverse(self.list_url_name or f"{self.workflow.app_label}:{self.workflow.model_name}_list")

    def context(self, **extra):
        t = self.transition
        noun = self.workflow.model._meta
        return {
            "transition": t,
            "title": f"{t.button_label}: {noun.verbose_name_plural}",
            "list_url": self.list_url(),
            "next": self.request.POST.get("next") or self.request.GET.get("next") or "",
            "plural": self.workflow.plural,
            **extra,
        }


def transition_actions(workflow, user, obj, *, args=None) -> list[dict]:
    """What an object's page offers: the transitions allowed now for this user, each with its URL and, when it
    asks for a comment shown on the page itself (``extra["inline"]``), its empty form.

    ``args``: the URL arguments when the object's transitions are not addressed by its pk (a plan line by its
    item and organisation: see ``route`` of :func:`transition_urls`)."""
    args = [obj.pk] if args is None else list(args)
    actions = []
    for t in workflow.available(user, obj, buttons_only=True):
        form_class = workflow.form_class(t)
        actions.append(
            {
                "transition": t,
                "url": reverse(f"{workflow.app_label}:{workflow.model_name}_{t.code}", args=args),
                "form": form_class(auto_id=f"id_{t.code}_%s") if form_class and t.extra.get("inline") else None,
                "page": bool(form_class) and not t.extra.get("inline"),
            }
        )
    return actions


def transition_urls(
    workflow, prefix: str, *, route: str = "<int:pk>", view_class=None, bulk_prefix: str = "", **view_kwargs
) -> list:
    """``<prefix>/<pk>/<code>/`` for every transition, ``<prefix>/bulk/<code>/`` for the bulk ones.

    Names: ``<model>_<code>`` and ``<model>_bulk_<code>`` in the app's namespace (``iom:iom_approve``).
    An object addressed otherwise (a plan line: ``route="<int:item_pk>/org/<int:org_pk>"``) gives its own
    ``route`` and a :class:`TransitionView` subclass that finds it (``view_class``); its bulk URLs live under
    ``bulk_prefix`` (default: ``prefix``).
    """
    name = workflow.model_name
    view_class = view_class or TransitionView
    patterns = []
    for t in workflow:
        patterns.append(
            path(
                f"{prefix}/{route}/{t.code}/",
                view_class.as_view(workflow=workflow, code=t.code, **view_kwargs),
                name=f"{name}_{t.code}",
            )
        )
        if t.bulk:
            patterns.append(
                path(
                    f"{bulk_prefix or prefix}/bulk/{t.code}/",
                    BulkTransitionView.as_view(workflow=workflow, code=t.code, **view_kwargs),
                    name=f"{name}_bulk_{t.code}",
                )
            )
    return patterns
