"""A school's submission: the form it fills in, sending it, the methodist's review."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from salsk_mentoring.views import ObjectActionView
from salsk_mentoring.workflow_views import transition_actions
from schools.models import Organisation

from .. import analytics, services
from ..models import MonitoringCampaign, Submission, SubmissionValue, Target
from ..workflows import SUBMISSION


class SubmissionView(LoginRequiredMixin, TemplateView):
    """The school's form: computed values pre-filled, reported ones typed; the methodist reviews it here."""

    template_name = "monitoring/submission_detail.html"

    def get_submission(self):
        if not hasattr(self, "_submission"):
            self._submission = get_object_or_404(
                Submission.objects.for_user(self.request.user).select_related(
                    "campaign__academic_year", "organisation", "submitted_by", "reviewed_by"
                ),
                pk=self.kwargs["pk"],
            )
        return self._submission

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("monitoring.view_submission"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def rows(self, submission, typed=None, errors=None):
        values = list(submission.values.select_related("indicator").order_by("indicator__position"))
        targets = analytics.targets_map(
            [submission.campaign.academic_year_id],
            organisation_ids=[submission.organisation_id],
            # The organisation's municipality as a subquery: the district target without a query more.
            municipality=Organisation.objects.unscoped(reason="subquery: the submission's own organisation")
            .filter(pk=submission.organisation_id)
            .values("municipality_id")[:1],
        )
        y = submission.campaign.academic_year_id
        rows = []
        for v in values:
            ind = v.indicator
            t = (typed or {}).get(ind.pk, {})
            rows.append(
                {
                    "v": v,
                    "ind": ind,
                    "numerator": t.get("numerator", _plain(v.numerator)),
                    "denominator": t.get("denominator", _plain(v.denominator)),
                    "value": t.get("value", _plain(v.value)),
                    "comment": t.get("comment", v.comment),
                    "target": targets.get((y, ind.pk, Target.Level.ORGANISATION, submission.organisation_id)),
                    "errors": [e for e in (errors or []) if f"{ind.code}" in e],
                }
            )
        return rows

    def get_context_data(self, typed=None, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        sub, user = self.get_submission(), self.request.user
        may_change = user.has_perm("monitoring.change_submission", sub)
        context.update(
            submission=sub,
            object=sub,
            campaign=sub.campaign,
            title=str(sub),
            rows=self.rows(sub, typed, errors),
            errors=errors or [],
            can_edit=may_change and sub.is_editable and sub.campaign.status == MonitoringCampaign.Status.OPEN,
            actions=transition_actions(SUBMISSION, user, sub),
            comment=(typed or {}).get("_comment", sub.comment),
            value_history=list(
                SubmissionValue.history.filter(submission_id=sub.pk)
                .select_related("history_user", "indicator")
                .order_by("-history_date", "-history_id")[:30]
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        sub = self.get_submission()
        if not request.user.has_perm("monitoring.change_submission", sub):
            raise PermissionDenied(
                "Изменять значения показателей может только сама организация или методист."
            )
        typed = {}
        for v in sub.values.all():
            typed[v.indicator_id] = {
                key: request.POST.get(f"{prefix}_{v.indicator_id}", "")
                for key, prefix in (
                    ("numerator", "n"),
                    ("denominator", "d"),
                    ("value", "v"),
                    ("comment", "c"),
                )
            }
        comment = request.POST.get("comment", "")
        try:
            services.submission_save(user=request.user, submission=sub, values=typed, comment=comment)
            if request.POST.get("action") == "submit":
                services.submission_submit(user=request.user, submission=sub)
                messages.success(request, "Отчёт отправлен методисту на проверку.")
            else:
                messages.success(request, "Значения сохранены. Отчёт ещё не отправлен.")
        except ValidationError as exc:
            messages.error(
                request,
                "Отчёт не сохранён: исправьте ошибки, отмеченные в форме."
                if request.POST.get("action") != "submit"
                else "Отчёт не отправлен: исправьте ошибки, отмеченные в форме.",
            )
            typed["_comment"] = comment
            return self.render_to_response(
                self.get_context_data(typed=typed, errors=exc.messages), status=200
            )
        return redirect(sub.get_absolute_url())


def _plain(value):
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class SubmissionRefreshView(ObjectActionView):
    model = Submission
    permission = "monitoring.change_submission"

    def act(self, sub):
        services.submission_refresh(user=self.request.user, submission=sub)
        return "Вычисляемые показатели обновлены по реестрам портала."
