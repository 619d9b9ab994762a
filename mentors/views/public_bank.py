"""The public mentor bank (no login): info cards of mentors with a consent in force."""

from dataclasses import asdict

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import TemplateView

from salsk_mentoring.documents.listing import file_name
from salsk_mentoring.documents.responses import XLSX_CONTENT_TYPE, attachment
from salsk_mentoring.documents.xlsx import write_rows
from salsk_mentoring.jobs import PublicJobsBusy, back_to, job_when_big, let_session_open
from salsk_mentoring.pagination import rows_by_keys
from salsk_mentoring.params import text_param
from salsk_mentoring.uploads import serve_upload
from salsk_mentoring.views import RegistryListView
from schools.models import AcademicYear, Organisation

from ..models import (
    MentorBankEntry,
    PublicationConsent,
)
from ..public import PUBLIC_HEADERS, PublicQuery, public_cards, public_entries, public_rows

#: The public bank's export is named apart from the registry's «Банк наставников» list (Appendix 7, for
#: methodists): the two files downloaded the same day must not collide in a downloads folder.
EXPORT_TITLE = "Публичный банк наставников"


class PublicBankView(TemplateView):
    """/bank/: info cards of included mentors with a consent in force, only the fields they allowed."""

    template_name = "mentors/public_bank.html"
    per_page = 24

    def get(self, request, *args, **kwargs):
        if request.GET.get("_export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        """As a registry list's XLSX: a big export is a job and the request answers with its page. A signed-in
        user's job is theirs; a visitor without an account gets a public job (salsk_mentoring.jobs): the cards
        are public, so every visitor asking the same query shares one job, and each one's session is let in. The
        job is given the query as the search reads it (PublicQuery.normalised: the same cards), so «Химия» and
        «химия» are one job."""
        query = self.query().normalised()
        owner = self.request.user if self.request.user.is_authenticated else None
        function, arguments = "mentors.views.public_bank.public_bank_job", {"query": asdict(query)}
        # The same export already on its way (a repeated click, another visitor): its page, without counting.
        limit = RegistryListView.sync_export_rows["xlsx"]
        try:
            job = job_when_big(
                owner, function, arguments,
                rows=lambda: public_entries(query=query).count(), limit=limit, title=f"{EXPORT_TITLE}: выгрузка XLSX",
                **back_to(self.request, "Вернуться в банк наставников"),
            )
        except PublicJobsBusy:  # visitors' exports fill their share of the queue: a minute, or a narrower query
            context = {"title": "Выгрузка подождёт", "limit": limit}
            response = render(self.request, "jobs/busy.html", context, status=503)
            response.headers["Retry-After"] = "60"
            return response
        if job is not None:
            let_session_open(self.request, job)
            return redirect(job)
        content, filename, content_type = public_bank_xlsx(query)
        return attachment(content, filename=filename, content_type=content_type)

    def query(self):
        get = self.request.GET
        return PublicQuery(  # the one text parser: spaces collapsed, no NUL (PostgreSQL refuses it)
            subject=text_param(get, "subject")[:100],
            organisation=text_param(get, "organisation")[:100],
            competency=text_param(get, "competency")[:100],
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
            organisations=Organisation.objects.unscoped(reason="the public bank: organisations a mentor published")
            .filter(
                pk__in=public_entries(query=PublicQuery())
                .filter(organisation_public=True)
                .order_by()
                .values("organisation_id")
            )
            .order_by("short_name")
            .values_list("short_name", flat=True)[:300],
        )
        return context


def public_bank_xlsx(query: PublicQuery, progress=None):
    """The public bank's XLSX for ``query``: (content, filename, content_type)."""
    cards = public_cards(public_entries(query=query), links=False)
    content = write_rows(public_rows(cards), title=EXPORT_TITLE, headers=PUBLIC_HEADERS, progress=progress)
    return content, file_name(EXPORT_TITLE, "xlsx"), XLSX_CONTENT_TYPE


def public_bank_job(*, job, query: dict):
    """Background export of the public bank (a download of many cards; public data only: the job may be public)."""
    return public_bank_xlsx(PublicQuery(**query), progress=job.reporter("Запись строк"))


class PublicCardView(TemplateView):
    template_name = "mentors/public_card.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = (
            MentorBankEntry.objects.public()
            .select_related("teacher", "organisation", "year")
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
        consent = PublicationConsent.objects.unscoped(reason="the consent in force of a public entry").get(
            pk=entry.public_consent_id
        )
        if not (consent.publish_photo and consent.image_consent):
            raise Http404("Фотография не опубликована.")
        return serve_upload(entry.photo, as_attachment=False)  # not cached: a withdrawn consent ends it at once
