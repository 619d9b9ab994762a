from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from salsk_mentoring.exports import XLSX_CONTENT_TYPE, write_rows
from salsk_mentoring.pagination import rows_by_keys
from salsk_mentoring.reports import attachment
from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView
from schools.models import AcademicYear, Organisation
from schools.municipalities import municipality_context

from . import health, matching, services
from .filters import MenteeFilter, MentorBankFilter, PairFilter, ProgrammeFilter, TeacherFilter
from .forms import (
    FeedbackSurveyForm,
    MeetingForm,
    MenteeForm,
    MentorBankEntryForm,
    MentoringFormForm,
    PairForm,
    PairStatusForm,
    ProgrammeForm,
    ProgrammeTemplateForm,
    PublicationConsentForm,
    TeacherForm,
)
from .models import (
    FeedbackSurvey,
    Meeting,
    Mentee,
    MentorBankEntry,
    MentoringForm,
    Pair,
    Programme,
    ProgrammeTemplate,
    PublicationConsent,
    Teacher,
    lines,
)
from .public import PUBLIC_HEADERS, PublicQuery, public_card, public_cards, public_entries, public_rows
from .tables import (
    MenteeTable,
    MentorBankTable,
    MentoringFormTable,
    PairTable,
    ProgrammeTable,
    ProgrammeTemplateTable,
    TeacherTable,
)


class ImportLinkMixin:
    """A list with an «Импорт XLSX» button when the registry has an import URL."""

    template_name = "mentors/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["import_url"] = reverse(self.url_name("import"))
        except NoReverseMatch:
            context["import_url"] = None
        return context


# --- Teachers ----------------------------------------------------------------------------------------


class TeacherMixin:
    model = Teacher
    list_select_related = ("organisation",)


class TeacherListView(TeacherMixin, ImportLinkMixin, RegistryListView):
    table_class = TeacherTable
    filterset_class = TeacherFilter


class TeacherDetailView(TeacherMixin, RegistryDetailView):
    template_name = "mentors/teacher_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["bank_entries"] = list(
            MentorBankEntry.objects.for_user(user).filter(teacher=self.object).select_related("year")
        )
        context["mentee_pairs"] = list(
            Pair.objects.for_user(user)
            .filter(mentees__teacher=self.object)
            .select_related("mentor__teacher", "year")
        )
        context["can_match"] = self.object.is_young_specialist and self.object.is_active
        return context


class TeacherEditView(TeacherMixin, RegistryEditView):
    form_class = TeacherForm


class TeacherDeleteView(TeacherMixin, RegistryDeleteView):
    pass


# --- Mentor bank -------------------------------------------------------------------------------------


class MentorBankMixin:
    model = MentorBankEntry
    list_select_related = ("teacher", "organisation", "year")


class MentorBankListView(MentorBankMixin, ImportLinkMixin, RegistryListView):
    table_class = MentorBankTable
    filterset_class = MentorBankFilter
    title = "Банк наставников"

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
        context.update(
            forms_offered=list(entry.forms.all()),
            consents=consents,
            public_consent=public,
            public_card=public_card(entry, public) if public and entry.is_included else None,
            pairs=list(
                entry.pairs.select_related("organisation")
                .prefetch_related("mentees__teacher")
                .order_by("-start_date")
            ),
            can_decide=user.has_perm("mentors.decide_mentorbankentry", entry),
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


class ObjectActionView(LoginRequiredMixin, View):
    """A POST-only action on one object: 405 for GET, 404 outside the user's scope, 403 without permission."""

    model = None
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        obj = get_object_or_404(self.model._default_manager.for_user(self.request.user), pk=self.kwargs["pk"])
        if not self.request.user.has_perm(self.permission, obj):
            raise PermissionDenied("Это действие вам недоступно.")
        return obj

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            message = self.act(obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, message)
        return redirect(self.success_url(obj))

    def success_url(self, obj):
        return obj.get_absolute_url()


class MentorBankIncludeView(ObjectActionView):
    model = MentorBankEntry
    permission = "mentors.decide_mentorbankentry"

    def act(self, entry):
        services.bank_include(user=self.request.user, entry=entry)
        return f"{entry.teacher.full_name} включён(а) в банк наставников {entry.year}."


class MentorBankExcludeView(ObjectActionView):
    model = MentorBankEntry
    permission = "mentors.decide_mentorbankentry"

    def act(self, entry):
        services.bank_exclude(user=self.request.user, entry=entry, reason=self.request.POST.get("reason", ""))
        return f"{entry.teacher.full_name} исключён(а) из банка наставников."


class MentorBankPhotoView(LoginRequiredMixin, View):
    """The photo for signed-in users within scope (the public one goes through the consent check)."""

    def get(self, request, pk):
        entry = get_object_or_404(MentorBankEntry.objects.for_user(request.user), pk=pk)
        if not entry.photo:
            raise Http404("Фотографии нет.")
        return FileResponse(entry.photo.open("rb"))


# --- Consent -----------------------------------------------------------------------------------------


class ChildEditView(RegistryEditView):
    """Add a child record (consent, meeting, survey) to a parent looked up in the user's scope."""

    parent_model = None
    parent_field = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.parent = get_object_or_404(
                self.parent_model._default_manager.for_user(request.user), pk=self.kwargs["parent"]
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def is_add(self):
        return True

    def get_permission_object(self):
        return self.parent

    def get_permission_required(self):
        opts = self.parent_model._meta
        return (f"{opts.app_label}.change_{opts.model_name}",)

    def new_instance(self):
        return self.model(**{self.parent_field: self.parent})

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.opts.verbose_name.capitalize()}: {self.parent}"
        context["cancel_url"] = self.parent.get_absolute_url()
        return context


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


# --- Mentees ------------------------------------------------------------------------------------------


class MenteeMixin:
    model = Mentee
    list_select_related = ("teacher", "organisation")


class MenteeListView(MenteeMixin, ImportLinkMixin, RegistryListView):
    table_class = MenteeTable
    filterset_class = MenteeFilter

    def get_queryset(self):
        return super().get_queryset().with_current_mentor()


class MenteeDetailView(MenteeMixin, RegistryDetailView):
    template_name = "mentors/mentee_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pairs"] = list(
            Pair.objects.for_user(self.request.user).filter(mentees=self.object)
            .select_related("mentor__teacher", "year", "form")
        )  # fmt: skip
        return context


class MenteeEditView(MenteeMixin, RegistryEditView):
    form_class = MenteeForm


class MenteeDeleteView(MenteeMixin, RegistryDeleteView):
    pass


# --- Forms of mentoring, templates, programmes --------------------------------------------------------


class MentoringFormMixin:
    model = MentoringForm


class MentoringFormListView(MentoringFormMixin, RegistryListView):
    table_class = MentoringFormTable


class MentoringFormDetailView(MentoringFormMixin, RegistryDetailView):
    pass


class MentoringFormEditView(MentoringFormMixin, RegistryEditView):
    form_class = MentoringFormForm


class ProgrammeTemplateMixin:
    model = ProgrammeTemplate
    list_select_related = ("form",)


class ProgrammeTemplateListView(ProgrammeTemplateMixin, RegistryListView):
    table_class = ProgrammeTemplateTable
    title = "Примерные программы наставничества (приложение 3)"


class ProgrammeTemplateDetailView(ProgrammeTemplateMixin, RegistryDetailView):
    template_name = "mentors/programme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = programme_sections(self.object)
        context["can_base_programme"] = self.request.user.has_perm("mentors.add_programme")
        return context


class ProgrammeTemplateEditView(ProgrammeTemplateMixin, RegistryEditView):
    form_class = ProgrammeTemplateForm


def programme_sections(obj):
    return [
        ("Цель", [obj.goals]),
        ("Задачи", lines(obj.tasks)),
        ("Этапы реализации", lines(obj.stages)),
        ("Ожидаемые результаты", lines(obj.expected_results)),
    ]


class ProgrammeMixin:
    model = Programme
    list_select_related = ("organisation", "year", "template")


class ProgrammeListView(ProgrammeMixin, RegistryListView):
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter


class ProgrammeDetailView(ProgrammeMixin, RegistryDetailView):
    template_name = "mentors/programme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = programme_sections(self.object)
        return context


class ProgrammeEditView(ProgrammeMixin, RegistryEditView):
    form_class = ProgrammeForm

    def get_initial(self):
        initial = super().get_initial()
        template = ProgrammeTemplate.objects.filter(pk=self.request.GET.get("template")).first()
        if template and self.is_add:
            initial.update(template=template, title=template.title)
        return initial


class ProgrammeDeleteView(ProgrammeMixin, RegistryDeleteView):
    pass


# --- Pairs --------------------------------------------------------------------------------------------


class PairMixin:
    model = Pair
    list_select_related = ("mentor__teacher", "organisation", "form", "year")


class PairListView(PairMixin, ImportLinkMixin, RegistryListView):
    table_class = PairTable
    filterset_class = PairFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("mentees", queryset=Mentee.objects.select_related("teacher")))
        )


class PairDetailView(PairMixin, RegistryDetailView):
    template_name = "mentors/pair_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pair, user = self.object, self.request.user
        context.update(
            mentees=list(pair.mentees.select_related("teacher", "organisation")),
            meetings=list(pair.meetings.select_related("logged_by")),
            surveys=list(pair.surveys.all()),
            status_form=PairStatusForm(),
            can_log=user.has_perm("mentors.change_pair", pair),
            total_hours=sum((m.hours for m in pair.meetings.all()), 0),
        )
        return context


class PairEditView(PairMixin, RegistryEditView):
    form_class = PairForm

    def get_initial(self):
        initial = super().get_initial()
        if self.is_add:
            mentor = (
                MentorBankEntry.objects.for_user(self.request.user)
                .filter(pk=self.request.GET.get("mentor"))
                .first()
            )
            if mentor:
                initial["mentor"] = mentor
                initial["year"] = mentor.year
            teacher = self.request.GET.get("mentee_teacher")
            mentee = (
                Mentee.objects.for_user(self.request.user).filter(teacher_id=teacher).first()
                if teacher
                else None
            )
            if mentee:
                initial["mentees"] = [mentee]
            initial.setdefault("form", MentoringForm.objects.filter(code="teacher_teacher").first())
            year = AcademicYear.current()
            if year:
                today = timezone.localdate()
                initial["start_date"] = today if year.contains(today) else year.start_date
                initial["end_date"] = year.end_date
        return initial


class PairDeleteView(PairMixin, RegistryDeleteView):
    pass


class PairStatusView(ObjectActionView):
    model = Pair
    permission = "mentors.change_pair"

    def act(self, pair):
        form = PairStatusForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError("Выберите новый статус пары.")
        data = form.cleaned_data
        services.pair_set_status(
            user=self.request.user,
            pair=pair,
            status=data["status"],
            reason=data["reason"],
            outcome=data["outcome"],
        )
        return f"Статус пары: {pair.get_status_display()}."


class MeetingAddView(ChildEditView):
    model = Meeting
    parent_model = Pair
    parent_field = "pair"
    form_class = MeetingForm
    success_message = "Встреча внесена в журнал: {object}."

    def get_initial(self):
        return {
            "date": timezone.localdate(),
            "hours": 1,
            "logged_as": Meeting.LoggedAs.COORDINATOR
            if self.request.user.is_school
            else Meeting.LoggedAs.MENTOR,
        }

    def form_valid(self, form):
        form.instance.logged_by = self.request.user
        return super().form_valid(form)


class SurveyAddView(ChildEditView):
    model = FeedbackSurvey
    parent_model = Pair
    parent_field = "pair"
    form_class = FeedbackSurveyForm
    success_message = "Анкета сохранена."


# --- Health board and matching -------------------------------------------------------------------------


class PairHealthView(LoginRequiredMixin, TemplateView):
    template_name = "mentors/health.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        pairs = Pair.objects.for_user(user)
        year = AcademicYear.current()
        if year:
            pairs = pairs.filter(year=year)
        district = not user.is_school
        day = health.as_of(pairs, year)
        totals, organisations = health.board(pairs, day, limit=100)
        context.update(
            title="Состояние наставнических пар",
            year=year,
            as_of=day,
            is_today=day == timezone.localdate(),
            summary=totals,
            stale=health.pairs_in(pairs, "stale", day, limit=20),
            ending=health.pairs_in(pairs, "ending", day, limit=20),
            survey_due=health.pairs_in(pairs, "survey_due", day, limit=20),
            by_organisation=organisations if district else None,
            district=district,
            stale_days=health.STALE_DAYS,
            ending_days=health.ENDING_DAYS,
        )
        return context


class MatchingListView(LoginRequiredMixin, TemplateView):
    """Young specialists without a mentor, each with the best three mentors of the bank."""

    template_name = "mentors/matching.html"
    per_page = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        teachers = matching.young_without_mentor(Teacher.objects.for_user(user))
        if not user.is_school:
            # A district's methodist works with the district; the whole region is one choice away.
            context.update(municipality_context(self.request))
            if context["municipality"] is not None:
                teachers = teachers.filter(organisation__municipality=context["municipality"])
        teachers = teachers.select_related("organisation").order_by(
            "organisation__municipality__name", "organisation__short_name", "last_name", "pk"
        )
        page = Paginator(teachers, self.per_page).get_page(self.request.GET.get("page"))
        page_teachers = rows_by_keys(page.object_list)  # keys first: see salsk_mentoring.pagination
        # Pages follow municipalities, so a page needs the mentors of one or two of them, not of the region.
        municipalities = {t.organisation.municipality_id for t in page_teachers}
        pool = matching.candidates(municipality_ids=municipalities)
        context.update(
            title="Подбор наставников молодым специалистам",
            page=page,
            rows=[(t, matching.rank(t, pool, limit=3)) for t in page_teachers],
            can_add_pair=user.has_perm("mentors.add_pair"),
        )
        return context


class MatchingDetailView(LoginRequiredMixin, TemplateView):
    template_name = "mentors/matching_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        teacher = get_object_or_404(
            Teacher.objects.for_user(user).select_related("organisation"), pk=self.kwargs["pk"]
        )
        if not teacher.is_young_specialist:
            raise Http404("Подбор наставника — только для молодых специалистов (стаж 0–3 года).")
        pool = matching.candidates(municipality_ids={teacher.organisation.municipality_id})
        mentee = Mentee.objects.for_user(user).filter(teacher=teacher).first()
        context.update(
            title=f"Подбор наставника: {teacher.full_name}",
            teacher=teacher,
            mentee=mentee,
            suggestions=matching.rank(teacher, pool, limit=10),
            can_add_pair=user.has_perm("mentors.add_pair"),
            can_add_mentee=user.has_perm("mentors.add_mentee"),
            can_network=user.has_perm("mentors.allow_network_pair"),
        )
        return context


# --- The public mentor bank (no login) -----------------------------------------------------------------


class PublicBankView(TemplateView):
    """/bank/: info cards of included mentors with a consent in force, only the fields they allowed."""

    template_name = "mentors/public_bank.html"
    per_page = 24

    def get(self, request, *args, **kwargs):
        if request.GET.get("_export") == "xlsx":
            cards = public_cards(self.entries())
            stamp = timezone.localdate().strftime("%d.%m.%Y")
            return attachment(
                write_rows(public_rows(cards), title="Банк наставников", headers=PUBLIC_HEADERS),
                filename=f"Банк наставников {stamp}.xlsx",
                content_type=XLSX_CONTENT_TYPE,
            )
        return super().get(request, *args, **kwargs)

    def query(self):
        get = self.request.GET
        return PublicQuery(
            subject=get.get("subject", "").strip()[:100],
            organisation=get.get("organisation", "").strip()[:100],
            competency=get.get("competency", "").strip()[:100],
        )

    def entries(self):
        return public_entries(query=self.query())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.entries(), self.per_page).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            title="Банк наставников Сальского района",
            year=AcademicYear.current(),
            page=page,
            cards=public_cards(rows_by_keys(page.object_list)),  # keys first: salsk_mentoring.pagination
            q=self.query(),
            query=query.urlencode(),
            # Only organisations that some mentor allowed to publish: the list itself reveals nothing more.
            organisations=Organisation.objects.filter(
                pk__in=public_entries(query=PublicQuery())
                .filter(organisation_public=True)
                .order_by()
                .values("organisation_id")
            )
            .order_by("short_name")
            .values_list("short_name", flat=True)[:300],
        )
        return context


class PublicCardView(TemplateView):
    template_name = "mentors/public_card.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = (
            MentorBankEntry.objects.public()
            .select_related("teacher", "organisation", "year")
            .prefetch_related("forms")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if entry is None:
            raise Http404("Инфокарта не опубликована.")
        card = public_cards([entry])[0]
        context.update(card=card, title=card["title"])
        return context


class PublicPhotoView(View):
    """A mentor's photo, served only while a consent in force allows the photo and the image."""

    def get(self, request, pk):
        entry = MentorBankEntry.objects.public().select_related("teacher").filter(pk=pk).first()
        if entry is None or not entry.photo:
            raise Http404("Фотография не опубликована.")
        consent = PublicationConsent.objects.get(pk=entry.public_consent_id)
        if not (consent.publish_photo and consent.image_consent):
            raise Http404("Фотография не опубликована.")
        response = FileResponse(entry.photo.open("rb"))
        response["Cache-Control"] = "no-store"
        return response
