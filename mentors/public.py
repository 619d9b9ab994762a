"""The public mentor bank: what an anonymous visitor may see, and nothing else.

Every public page and the public export are built from :func:`public_cards` — plain dicts that hold only
the fields the mentor allowed in a consent in force today. Templates never get a model instance, so a
field the mentor did not allow cannot reach a public page by a template slip. Search works on allowed
fields only (searching by a hidden organisation would reveal it).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from salsk_mentoring.search import NameQuery, any_case, name_key
from schools.models import AcademicYear

from .models import MentorBankEntry, PublicationConsent

PUBLIC_HEADERS = [
    "ФИО",
    "Организация",
    "Должность",
    "Предметы",
    "Компетенции и направления сопровождения",
    "Формы наставничества",
    "Достижения",
    "О наставнике",
    "Электронная почта",
    "Телефон",
]


@dataclass
class PublicQuery:
    subject: str = ""
    organisation: str = ""
    competency: str = ""

    def normalised(self) -> "PublicQuery":
        """The query as the search reads it (:func:`public_entries` searches by this form only): the subject and
        the competency in lower case, spaces collapsed — found in any case (:func:`~salsk_mentoring.search.any_case`
        of the lower-cased text: «Химия», «химия» and «ХИМИЯ» are one search, on SQLite too); the organisation
        as its name key (:class:`~salsk_mentoring.search.NameQuery` reads nothing else: «СОШ № 5» = «сош №5»).
        Two queries with the same normalised form find the same cards in the same order — so the export's shared
        job is one per normalised query. Normalising twice changes nothing."""
        return PublicQuery(
            subject=" ".join(self.subject.lower().split()),
            organisation=name_key(self.organisation),
            competency=" ".join(self.competency.lower().split()),
        )


def public_entries(*, year=None, query: PublicQuery | None = None, day=None):
    """Included entries of ``year`` with a consent in force, searched by the fields that consent allows.

    The consent is joined (one row per entry: the newest in force — no newer one in force exists), not
    looked up by correlated subqueries per entry and per field: 7,400 public cards of a region were sorted
    through four nested subqueries each."""
    day = day or timezone.localdate()
    year = year or AcademicYear.current()
    in_force = {"withdrawn_on__isnull": True, "given_on__lte": day, "valid_until__gte": day}
    newer = (
        PublicationConsent.objects.filter(entry=OuterRef("pk"), **in_force)
        .filter(
            Q(given_on__gt=OuterRef("consent_given_on"))
            | Q(given_on=OuterRef("consent_given_on"), pk__gt=OuterRef("public_consent_id"))
        )
    )  # fmt: skip
    qs = (
        MentorBankEntry.objects.unscoped(reason="the public bank: .public() as a join, for its search and order")
        .filter(
            status=MentorBankEntry.Status.INCLUDED, year=year, **{f"consents__{k}": v for k, v in in_force.items()}
        )
        # The annotations reuse the join of the filter above: the fields of that one consent.
        .annotate(
            public_consent_id=F("consents__id"),
            consent_given_on=F("consents__given_on"),
            name_public=F("consents__publish_name"),
            subjects_public=F("consents__publish_subjects"),
            organisation_public=F("consents__publish_organisation"),
        )
        .filter(~Exists(newer))
    )
    query = (query or PublicQuery()).normalised()
    organisation = NameQuery(query.organisation)
    if query.subject:
        qs = qs.filter(any_case("teacher__subjects", query.subject), subjects_public=True)
    if organisation:
        # The one name matcher: «СОШ № 1» finds № 1's mentors only (never № 10–19), the best match first.
        qs = organisation.apply(qs.filter(organisation_public=True), "organisation__search_name", rank_as="org_rank")
    if query.competency:
        qs = qs.filter(any_case("competencies", query.competency))
    # Cards whose name is published come in alphabetical order, the others after them by number:
    # sorting by a hidden name would hint at it.
    return (
        qs.select_related("teacher", "organisation", "year")
        .order_by(
            *(["org_rank"] if organisation else []),
            "-name_public",
            Case(When(name_public=True, then=F("teacher__last_name")), default=Value("")),
            Case(When(name_public=True, then=F("teacher__first_name")), default=Value("")),
            "pk",
        )
    )


def public_cards(entries, *, links=True) -> list[dict]:
    """One dict per entry with only the allowed fields (two queries: consents, then nothing else); without
    ``links`` (the export) the card's and the photo's addresses are left out."""
    entries = list(entries)
    consents = PublicationConsent.objects.unscoped(reason="the consents in force of public entries").in_bulk(
        [e.public_consent_id for e in entries]
    )
    forms = form_names([e.pk for e in entries])
    return [
        public_card(entry, consents[entry.public_consent_id], forms.get(entry.pk, []), links=links)
        for entry in entries
    ]


def form_names(entry_ids) -> dict[int, list[str]]:
    """Each entry's forms of mentoring by name, in the forms' order: one query (per batch of the database's
    parameters) on the link table, not a prefetch — its per-entry related managers cost more than the cards'
    own query for a region's bank."""
    through = MentorBankEntry.forms.through
    names = defaultdict(list)
    batch = connection.features.max_query_params or max(len(entry_ids), 1)
    for start in range(0, len(entry_ids), batch):
        links = (
            through.objects.filter(mentorbankentry_id__in=entry_ids[start : start + batch])
            .order_by("mentoringform__position", "mentoringform__name")
            .values_list("mentorbankentry_id", "mentoringform__name")
        )
        for entry_id, name in links:
            names[entry_id].append(name)
    return names


def public_card(entry, consent, forms: list[str], *, links=True) -> dict:
    allowed = set(consent.allowed_fields)
    teacher = entry.teacher
    card = {
        "pk": entry.pk,
        "url": reverse("mentors:public_card", args=[entry.pk]) if links else "",
        "name": teacher.full_name if "name" in allowed else "",
        "organisation": entry.organisation.short_name if "organisation" in allowed else "",
        "position": teacher.position if "position" in allowed else "",
        "subjects": teacher.subjects if "subjects" in allowed else "",
        "photo_url": (
            reverse("mentors:public_photo", args=[entry.pk])
            if links and "photo" in allowed and consent.image_consent and entry.photo
            else ""
        ),
        "email": teacher.email if "contacts" in allowed else "",
        "phone": teacher.phone if "contacts" in allowed else "",
        # The info card itself: what the mentor offers (not personal data beyond what they wrote for it).
        "competencies": entry.competencies,
        "forms": forms,
        "achievements": entry.achievements,
        "card_text": entry.card_text,
        "year": str(entry.year) if entry.year_id else "",
        "consent_until": consent.valid_until,
    }
    card["title"] = card["name"] or f"Наставник № {entry.pk}"
    return card


def public_rows(cards):
    return [
        [c["name"], c["organisation"], c["position"], c["subjects"], c["competencies"], ", ".join(c["forms"]),
         c["achievements"], c["card_text"], c["email"], c["phone"]]
        for c in cards
    ]  # fmt: skip
