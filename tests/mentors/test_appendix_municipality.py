"""A municipal order's Appendix 7 lists that municipality's mentor bank, even in a region-wide database."""

from mentors.appendices import mentor_bank
from mentors.models import MentorBankEntry
from tests.factories import MunicipalityFactory, OrganisationFactory, TeacherFactory

from .factories import MentorBankEntryFactory


def test_mentor_bank_appendix_keeps_to_the_orders_municipality(world):
    salsk = world["org_a"].municipality
    azov_school = OrganisationFactory(municipality=MunicipalityFactory(name="Азовский район", is_default=False))
    ours = MentorBankEntryFactory(teacher=TeacherFactory(organisation=world["org_a"]), year=world["year"],
                                  status=MentorBankEntry.Status.INCLUDED)
    theirs = MentorBankEntryFactory(teacher=TeacherFactory(organisation=azov_school), year=world["year"],
                                    status=MentorBankEntry.Status.INCLUDED)
    params = {"year": world["year"].pk, "municipality": salsk.pk}
    names = [row[1] for row in mentor_bank(params=params, user=world["official"]).xlsx_rows]
    assert ours.teacher.full_name in names
    assert theirs.teacher.full_name not in names
    everyone = [row[1] for row in mentor_bank(params={"year": world["year"].pk}, user=world["official"]).xlsx_rows]
    assert theirs.teacher.full_name in everyone
