"""The mentor bank (Appendix 7): entries, the methodist's decision, photos, consents to publication."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View

from salsk_mentoring.uploads import serve_upload
from salsk_mentoring.views import (
    ObjectActionView,
    RegistryDeleteView,
    RegistryDetailView,
    RegistryEditView,
    RegistryListView,
)
from salsk_mentoring.workflow_views import transition_actions
from schools.models import AcademicYear

from .. import services
from ..filters import MentorBankFilter
from ..forms import (
    MentorBankEntryForm,
    PublicationConsentForm,
)
from ..models import (
    MentorBankEntry,
    PublicationConsent,
)
from ..public import public_card
from ..resources import MentorBankImporter
from ..tables import (
    MentorBankTable,
)
from ..workflows import BANK
from .common import ChildEditView, ImportLinkMixin


class MentorBankMixin:
    model = MentorBankEntry
    list_select_related = ("teacher", "organisation", "year")


class MentorBankListView(MentorBankMixin, ImportLinkMixin, RegistryListView):
    empty_hint = "Предложите опытного педагога в банк наставников кнопкой «Добавить»: методист рассмотрит предложение."
    table_class = MentorBankTable
    importer_class = MentorBankImporter  # the XLSX export carries the import's columns: export → edit → import
    filterset_class = MentorBankFilter
    title = "Банк наставников"
    workflow = BANK

    def get_queryset(self):
        return super().get_queryset().with_load().with_public_consent().prefetch_related("forms")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "year" not in (kwargs.get("data") or {}):
            data = kwargs["data"].copy() if kwargs.get("data") is not None else QueryDict(mutable=True)
            year = AcademicYear.current()
            if year:
                data["year"] = str(year.pk)
            kwargs["data"] = data
        return kwargs


class MentorBankDetailView(MentorBankMixin, RegistryDetailView):
    template_name = "mentors/mentorbankentry_detail.html"

    def get_queryset(self):
        return super().get_queryset().with_load().with_public_consent()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry, user = self.object, self.request.user
        consents = list(entry.consents.all())
        public = next((c for c in consents if c.pk == entry.public_consent_id), None)
        forms = list(entry.forms.all())
        context.update(
            forms_offered=forms,
            consents=consents,
            public_consent=public,
            public_card=public_card(entry, public, [f.name for f in forms]) if public and entry.is_included else None,
            pairs=list(
                entry.pairs.select_related("organisation")
                .prefetch_related("mentees__teacher")
                .order_by("-start_date")
            ),
            actions=transition_actions(BANK, user, entry),
            can_consent=user.has_perm("mentors.change_publicationconsent", entry),
            photo_url=reverse("mentors:mentorbankentry_photo", args=[entry.pk]) if entry.photo else "",
        )
        return context


class MentorBankEditView(MentorBankMixin, RegistryEditView):
    form_class = MentorBankEntryForm

    def form_valid(self, form):
        if self.is_add:
            form.instance.proposed_by = self.request.user
            form.instance.status = MentorBankEntry.Status.PROPOSED
        return super().form_valid(form)


class MentorBankDeleteView(MentorBankMixin, RegistryDeleteView):
    pass


class MentorBankPhotoView(LoginRequiredMixin, View):
    """The photo for signed-in users within scope (the public one goes through the consent check)."""

    def get(self, request, pk):
        entry = get_object_or_404(MentorBankEntry.objects.for_user(request.user), pk=pk)
        if not entry.photo:
            raise Http404("Фотографии нет.")
        return serve_upload(entry.photo, as_attachment=False)


class ConsentAddView(ChildEditView):
    model = PublicationConsent
    parent_model = MentorBankEntry
    parent_field = "entry"
    form_class = PublicationConsentForm
    template_name = "mentors/consent_form.html"
    success_message = "Согласие внесено: {object}."

    def get_initial(self):
        today = timezone.localdate()
        return {"given_on": today, "valid_until": today.replace(year=today.year + 1)}

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        form.instance.page_url = settings.PORTAL_BASE_URL + reverse(
            "mentors:public_card", args=[self.parent.pk]
        )
        return super().form_valid(form)


class ConsentWithdrawView(ObjectActionView):
    model = PublicationConsent
    permission = "mentors.change_publicationconsent"

    def act(self, consent):
        services.consent_withdraw(
            user=self.request.user, consent=consent, note=self.request.POST.get("note", "")
        )
        return "Согласие отозвано: инфокарта снята с публичного банка наставников."
