from tests.matrix import (
    METHODIST_ONLY,
    OBJECT_A_CHANGE,
    OBJECT_A_METHODIST_CHANGE,
    OBJECT_A_READ,
    REFERENCE_READ,
    SIGNED_IN,
    Route,
)

ROUTES = [
    Route("schools:organisation_list", profile=SIGNED_IN),
    Route("schools:organisation_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("schools:organisation_list", profile=SIGNED_IN, query="_export=pdf"),
    Route("schools:organisation_add", profile=METHODIST_ONLY),
    Route("schools:organisation_detail", {"pk": "org_a"}, OBJECT_A_READ),
    Route("schools:organisation_edit", {"pk": "org_a"}, OBJECT_A_METHODIST_CHANGE),
    Route("schools:organisation_delete", {"pk": "org_a"}, OBJECT_A_METHODIST_CHANGE),
    Route("schools:pilotparticipant_list", profile=SIGNED_IN),
    Route("schools:pilotparticipant_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("schools:pilotparticipant_add", profile=METHODIST_ONLY),
    Route("schools:pilotparticipant_detail", {"pk": "pilot_a"}, OBJECT_A_READ),
    Route("schools:pilotparticipant_edit", {"pk": "pilot_a"}, OBJECT_A_CHANGE),
    Route("schools:pilotparticipant_delete", {"pk": "pilot_a"}, OBJECT_A_METHODIST_CHANGE),
    Route("schools:pilotproject_detail", {"pk": "project"}, REFERENCE_READ),
]
