"""Network pair requests: a school asks from a matching suggestion, a methodist accepts or declines."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from salsk_mentoring.scoping import CHANGE
from salsk_mentoring.views import ObjectActionView, RegistryDetailView, RegistryListView

from .. import services
from ..filters import NetworkPairRequestFilter
from ..models import Mentee, MentorBankEntry, NetworkPairRequest
from ..tables import NetworkPairRequestTable


class NetworkPairRequestMixin:
    model = NetworkPairRequest
    list_select_related = ("organisation", "mentee__teacher", "mentor__teacher", "mentor__organisation", "pair")


class NetworkPairRequestListView(NetworkPairRequestMixin, RegistryListView):
    empty_hint_readonly = (
        "Запрос появляется, когда школа в разделе «Подбор наставников» просит сетевую "
        "пару с наставником другой ОО."
    )
    table_class = NetworkPairRequestTable
    filterset_class = NetworkPairRequestFilter


class NetworkPairRequestDetailView(NetworkPairRequestMixin, RegistryDetailView):
    template_name = "mentors/networkpairrequest_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = self.object.is_pending and self.request.user.has_perm("mentors.allow_network_pair")
        return context


class NetworkPairRequestForm(forms.Form):
    """The request: a mentee of the school and a mentor of the bank (both passed from the suggestion)."""

    mentee = forms.ModelChoiceField(queryset=Mentee.objects.none(), widget=forms.HiddenInput)
    mentor = forms.ModelChoiceField(queryset=MentorBankEntry.objects.none(), widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Пояснение для методиста", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Например: почему нужен именно этот наставник, удобные дни встреч.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = Mentee.objects.for_user(user, CHANGE).select_related("teacher", "organisation")
        # A mentor of another school, of the bank in the school's municipality (as the suggestions offer).
        self.fields["mentor"].queryset = MentorBankEntry.objects.unscoped(
            reason="a mentor of another school, as the matching suggestions offer"
        ).filter(
            status=MentorBankEntry.Status.INCLUDED,
            organisation__municipality__organisations__in=user.organisation_ids,
        ).select_related("teacher", "organisation", "year").distinct()
        for name in ("mentee", "mentor"):
            self.fields[name].error_messages["invalid_choice"] = (
                "Запрос можно отправить только из подбора наставников: такого наставляемого или наставника "
                "нет среди доступных вам."
            )


class NetworkPairRequestAddView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """«Попросить методиста о сетевой паре»: the suggestion's mentee and mentor, a comment, «Отправить»."""

    permission_required = "mentors.add_networkpairrequest"
    template_name = "mentors/networkpairrequest_form.html"
    form_class = NetworkPairRequestForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.request.method == "GET":
            kwargs["initial"] = {n: self.request.GET.get(n, "") for n in ("mentee", "mentor")}
        return kwargs

    def chosen(self, form, name):
        value = form.data.get(name) if form.is_bound else form.initial.get(name)
        value = str(value or "")
        return form.fields[name].queryset.filter(pk=int(value)).first() if value.isdigit() else None

    def form_valid(self, form):
        try:
            self.object = services.network_request_create(
                user=self.request.user,
                mentee=form.cleaned_data["mentee"],
                mentor=form.cleaned_data["mentor"],
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            return self.form_invalid(form)
        messages.success(
            self.request, "Запрос отправлен методисту. Ответ появится на странице запроса и на рабочем столе."
        )
        return redirect(self.object)

    def form_invalid(self, form):
        messages.error(self.request, "Запрос не отправлен: причина указана ниже.")
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        mentee, mentor = self.chosen(form, "mentee"), self.chosen(form, "mentor")
        context.update(title="Запрос сетевой пары у методиста", mentee=mentee, mentor=mentor)
        return context


class NetworkPairRequestAcceptView(ObjectActionView):
    model = NetworkPairRequest
    permission = "mentors.allow_network_pair"

    def act(self, request_obj):
        pair = services.network_request_accept(user=self.request.user, request=request_obj)
        return (
            f"Запрос принят: создана сетевая пара № {pair.pk} ({pair.organisation}; наставник — "
            f"{pair.mentor.organisation})."
        )


class NetworkPairRequestDeclineView(ObjectActionView):
    model = NetworkPairRequest
    permission = "mentors.allow_network_pair"

    def act(self, request_obj):
        services.network_request_decline(
            user=self.request.user, request=request_obj, answer=self.request.POST.get("answer", "")
        )
        return "Запрос отклонён; школа увидит ваш ответ в запросе."
